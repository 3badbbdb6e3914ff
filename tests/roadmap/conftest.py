import datetime

import pytest

from roadmap.services import roadmap_create_from_template
from tests import factories


@pytest.fixture
def year_2026(db):
    """A fixed, current year so template dates can be checked exactly."""
    return factories.AcademicYearFactory(
        title="2026/2027", start_date=datetime.date(2026, 9, 1), end_date=datetime.date(2027, 5, 31), is_current=True
    )


@pytest.fixture
def roadmap(year):
    roadmap_create_from_template(year=year)
    return year


@pytest.fixture
def methodist(db):
    return factories.UserFactory(roles=["methodical_council"], username="methodist")


@pytest.fixture
def site_editor(db):
    return factories.UserFactory(roles=["site_editor"], username="editor")
