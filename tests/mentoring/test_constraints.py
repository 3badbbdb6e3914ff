"""The database itself holds the invariants: these inserts bypass forms and services on purpose."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from mentoring.choices import GroupStatus, Signatory
from mentoring.models import AcademicYear, Consent, MentoringGroup, MentorProfile, Organisation
from programmes.models import Programme
from roadmap.models import RoadmapItem, RoadmapStage
from tests import factories

pytestmark = pytest.mark.django_db


def assert_refused_by_database(callable_):
    with pytest.raises(IntegrityError), transaction.atomic():
        callable_()


def test_only_one_current_academic_year(year):
    assert_refused_by_database(
        lambda: AcademicYear.objects.create(
            title="2099/2100",
            start_date=datetime.date(2099, 9, 1),
            end_date=datetime.date(2100, 5, 31),
            is_current=True,
        )
    )
    AcademicYear.objects.create(
        title="2099/2100", start_date=datetime.date(2099, 9, 1), end_date=datetime.date(2100, 5, 31), is_current=False
    )
    assert AcademicYear.objects.filter(is_current=True).count() == 1


def test_year_must_end_after_it_starts(db):
    assert_refused_by_database(
        lambda: AcademicYear.objects.create(
            title="x", start_date=datetime.date(2030, 9, 1), end_date=datetime.date(2030, 8, 1)
        )
    )


def test_only_one_organisation(organisation):
    assert_refused_by_database(
        lambda: Organisation.objects.create(full_name="b", short_name="b", address="b", city="b", director_name="b")
    )


@pytest.mark.parametrize("days, ok", [(60, False), (88, False), (89, True), (200, True), (366, True), (367, False)])
def test_programme_length_between_three_and_twelve_months(year, days, ok):
    group = factories.GroupFactory(year=year)
    start = datetime.date(2026, 9, 1)
    create = lambda: Programme.objects.create(  # noqa: E731
        group=group, title="p", start_date=start, end_date=start + datetime.timedelta(days=days)
    )
    if ok:
        assert create().pk
    else:
        assert_refused_by_database(create)


def test_representative_consent_must_name_the_representative(db):
    person = factories.StudentFactory(consent=None)
    assert_refused_by_database(
        lambda: Consent.objects.create(
            person=person,
            signed_by=Signatory.REPRESENTATIVE,
            purpose="p",
            data_list="d",
            valid_from=datetime.date(2026, 9, 1),
        )
    )


def test_consent_cannot_expire_before_it_starts(db):
    person = factories.PersonFactory(consent=None)
    assert_refused_by_database(
        lambda: Consent.objects.create(
            person=person,
            purpose="p",
            data_list="d",
            valid_from=datetime.date(2026, 9, 1),
            valid_until=datetime.date(2026, 1, 1),
        )
    )


def test_mentor_capacity_range_and_once_per_year(year):
    profile = factories.MentorProfileFactory(year=year)
    assert_refused_by_database(lambda: MentorProfile.objects.filter(pk=profile.pk).update(capacity=0))
    assert_refused_by_database(lambda: MentorProfile.objects.create(person=profile.person, year=year, capacity=1))


def test_closed_group_needs_reason_and_date(year):
    group = factories.GroupFactory(year=year)
    assert_refused_by_database(lambda: MentoringGroup.objects.filter(pk=group.pk).update(status=GroupStatus.COMPLETED))


def test_student_needs_a_class(db):
    assert_refused_by_database(lambda: factories.StudentFactory(grade="", consent=None))


def test_one_current_membership_per_person_and_group(year):
    group = factories.GroupFactory(year=year)
    m = group.memberships.first()
    assert_refused_by_database(lambda: group.memberships.create(person=m.person, role=m.role, joined_on=m.joined_on))


def test_roadmap_period_must_be_ordered(year):
    stage = RoadmapStage.objects.create(year=year, number=1, title="s")
    assert_refused_by_database(
        lambda: RoadmapItem.objects.create(
            stage=stage, title="i", period_start=datetime.date(2026, 10, 1), period_end=datetime.date(2026, 9, 1)
        )
    )
