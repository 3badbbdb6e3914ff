import pytest

from mentoring.models import Question, Questionnaire
from programmes.loading import load_questionnaires, load_templates
from programmes.models import ProgrammeTemplate, ProgrammeTemplateActivity
from tests.factories_programmes import make_active


@pytest.fixture(autouse=True)
def programme_fixtures(db):
    """The data migration loads them; transactional tests flush the database, so load again (idempotent)."""
    load_questionnaires(Questionnaire, Question)
    load_templates(ProgrammeTemplate, ProgrammeTemplateActivity)


@pytest.fixture
def pair(mentor_with_pair):
    """The mentor persona's pair, approved and active."""
    return make_active(mentor_with_pair.pair)


@pytest.fixture
def other_pair(other_mentor):
    return make_active(other_mentor.pair)
