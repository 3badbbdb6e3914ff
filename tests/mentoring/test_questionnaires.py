import pytest
from django.core.exceptions import ValidationError

from mentoring.models import Question, Questionnaire
from mentoring.questionnaires import QuestionnaireForm, field_name
from mentoring.services.questionnaires import response_submit
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def needs(db):
    q = Questionnaire.objects.create(code="needs", kind="mentee_needs", audience="mentee", title="Анкета")
    q.questions.create(
        number=1,
        text="Затруднения",
        kind=Question.Kind.MULTIPLE,
        maps_to="requests",
        choices=[["methodical", "Методическое"], ["digital", "ИКТ"]],
    )
    q.questions.create(number=2, text="Оценка", kind=Question.Kind.SCALE, required=False)
    return q


def test_form_is_built_from_questions_and_answers_update_the_bank(needs, year):
    profile = factories.MenteeProfileFactory(year=year, requests=[])
    q1, q2 = needs.questions.order_by("number")
    form = QuestionnaireForm({field_name(q1): ["digital"], field_name(q2): "7"}, questionnaire=needs)
    assert form.is_valid(), form.errors
    response = response_submit(questionnaire=needs, respondent=profile.person, year=year, answers=form.answers())
    assert response.answers.count() == 2
    profile.refresh_from_db()
    assert profile.requests == ["digital"]


def test_required_question_left_empty_is_refused(needs, year):
    profile = factories.MenteeProfileFactory(year=year)
    with pytest.raises(ValidationError, match="Затруднения"):
        response_submit(questionnaire=needs, respondent=profile.person, year=year, answers={})


def test_no_response_without_consent(needs, year):
    person = factories.PersonFactory(consent=None)
    q1 = needs.questions.get(number=1)
    with pytest.raises(ValidationError):
        response_submit(questionnaire=needs, respondent=person, year=year, answers={q1: ["digital"]})
