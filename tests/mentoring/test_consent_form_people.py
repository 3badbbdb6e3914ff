"""Whom a batch of printed consent forms (and invitation sheets) is for: mentoring.selectors_consent_forms."""

import datetime

import pytest

from mentoring.choices import MentorStatus
from mentoring.selectors_consent_forms import people_for_consent_forms
from reports.documents_consent import consent_people
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_class_is_found_as_the_curator_types_it():
    pupil = factories.StudentFactory(grade="5А")
    factories.StudentFactory(grade="5Б")
    assert list(people_for_consent_forms(grade="5 а")) == [pupil]
    assert list(consent_people({"grade": "5а"})) == [pupil]


def test_a_bank_means_those_in_it_this_year_who_have_not_left_it():
    last_year = factories.AcademicYearFactory(
        title="2025/2026", start_date=datetime.date(2025, 9, 1), end_date=datetime.date(2026, 5, 31), is_current=False
    )
    year = factories.AcademicYearFactory(
        title="2026/2027", start_date=datetime.date(2026, 9, 1), end_date=datetime.date(2027, 5, 31)
    )
    staying = factories.MentorProfileFactory(year=year, person__last_name="Остаётся").person
    returned = factories.MentorProfileFactory(year=year, person__last_name="Вернулась").person
    factories.MentorProfileFactory(year=last_year, person=returned, status=MentorStatus.LEFT)  # left a year ago
    factories.MentorProfileFactory(year=year, person__last_name="Ушёл", status=MentorStatus.LEFT)
    factories.MentorProfileFactory(year=last_year, person__last_name="Прошлогодний")

    found = list(consent_people({"bank": "mentors", "year_id": year.pk}))
    assert found == [returned, staying]  # in the printed order, by name
    assert list(consent_people({"bank": "mentees", "year_id": year.pk})) == []
