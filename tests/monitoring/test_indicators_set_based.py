"""The set-based participants and shares (issue 17) give the same numbers as the former formulation, which ran two
EXISTS subqueries for every person, on a varied school: every category, form and year, withdrawals, people in both
roles, proposals and a group carried over from the year before."""

import datetime
import re

import pytest
from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q
from django.test.utils import CaptureQueriesContext

from mentoring.choices import Category, GroupStatus, MemberRole, MentoringForm
from mentoring.models import AcademicYear, GroupMembership
from reports.monitoring import indicators as ind
from tests.factories_monitoring import bulk_school, group, known_school, person

pytestmark = pytest.mark.django_db


def _membership_exists(scope, role):
    """The former definition: a correlated EXISTS per person."""
    qs = GroupMembership.objects.filter(person_id=OuterRef("pk"), role=role, group__in=ind.approved_groups(scope))
    return Exists(qs)


def former_participants(scope) -> dict:
    people = ind.counted_people(scope).annotate(
        is_mentor=_membership_exists(scope, MemberRole.MENTOR), is_mentee=_membership_exists(scope, MemberRole.MENTEE)
    )
    if scope.category:
        people = people.filter(category=scope.category)
    return {
        row["category"]: row
        for row in people.values("category")
        .annotate(
            people=Count("pk"),
            mentors=Count("pk", filter=Q(is_mentor=True)),
            mentees=Count("pk", filter=Q(is_mentee=True)),
            both=Count("pk", filter=Q(is_mentor=True, is_mentee=True)),
            participants=Count("pk", filter=Q(is_mentor=True) | Q(is_mentee=True)),
        )
        .order_by()
    }


def former_shares(scope) -> dict:
    people = ind.counted_people(scope).annotate(
        is_mentor=_membership_exists(scope, MemberRole.MENTOR), is_mentee=_membership_exists(scope, MemberRole.MENTEE)
    )
    students_10_18 = Q(category=Category.STUDENT) & ind.age_between_q(scope.day, *ind.MENTEE_STUDENT_AGES)
    students_15_19 = Q(category=Category.STUDENT) & ind.age_between_q(scope.day, *ind.MENTOR_STUDENT_AGES)
    return people.aggregate(
        students_10_18_mentees=Count("pk", filter=students_10_18 & Q(is_mentee=True)),
        young_teachers_mentees=Count("pk", filter=ind.young_teacher_q(scope.year) & Q(is_mentee=True)),
        students_15_19_mentors=Count("pk", filter=students_15_19 & Q(is_mentor=True)),
        school_people_involved=Count(
            "pk", filter=~Q(category=Category.EXTERNAL) & (Q(is_mentor=True) | Q(is_mentee=True))
        ),
    )


@pytest.fixture
def varied_school(year, organisation):
    known_school(year)
    bulk_school(year, people=160, groups=60, seed=3, with_programmes=False)
    previous = AcademicYear.objects.create(
        title="2025/2026",
        start_date=year.start_date - datetime.timedelta(days=365),
        end_date=year.start_date - datetime.timedelta(days=1),
    )
    carried = group(previous, mentors=[person()], mentees=[person(Category.STUDENT, age=12)])
    carried.carried_into.add(year)
    both = person(Category.EXTERNAL)
    group(year, mentors=[both], mentees=[person(Category.STUDENT, age=16)], form=MentoringForm.EMPLOYER_STUDENT)
    group(year, mentors=[person()], mentees=[both], form=MentoringForm.TEACHER_TEACHER)
    group(year, mentors=[person(Category.STUDENT, age=17)], mentees=[person(Category.STUDENT, age=10)])
    group(year, mentors=[person()], mentees=[person(consent="withdrawn")], status=GroupStatus.PROPOSED)
    group(previous, mentors=[person()], mentees=[person(Category.YOUNG_SPECIALIST)])
    return year, previous


def _scopes(years):
    for y in years:
        yield ind.make_scope(y)
        for category in Category.values:
            yield ind.make_scope(y, category=category)
        for form in MentoringForm.values:
            yield ind.make_scope(y, form=form)


def test_participants_and_shares_equal_the_former_per_person_subqueries(varied_school):
    compared = 0
    for scope in _scopes(varied_school):
        found = ind.participants(scope)
        former = former_participants(scope)
        for row in found["rows"]:
            expected = former.get(row["category"], {})
            for key in ("people", "mentors", "mentees", "both", "participants"):
                assert row[key] == expected.get(key, 0), (scope, row["category"], key)
        shares = ind.shares(scope)
        for code, part in former_shares(scope).items():
            got = next(s["part"] for s in shares.values() if isinstance(s, dict) and s.get("code") == _CODES[code])
            assert got == part, (scope, code)
        compared += 1
    assert compared > 20
    totals = ind.participants(ind.make_scope(varied_school[0]))["totals"]
    assert totals["both"] >= 2 and totals["participants"] > 100  # the data really varies


_CODES = {
    "students_10_18_mentees": "share_students_mentees",
    "young_teachers_mentees": "share_young_teachers_mentees",
    "students_15_19_mentors": "share_students_mentors",
    "school_people_involved": "share_involved",
}


@pytest.mark.parametrize("indicator", ["participants", "shares"])
def test_no_subquery_is_run_per_person(varied_school, indicator):
    """Every subquery of the plan is read once into a hash (no correlated SubPlan run for each person)."""
    scope = ind.make_scope(varied_school[0])
    with CaptureQueriesContext(connection) as queries:
        getattr(ind, indicator)(scope)
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (VERBOSE) " + queries.captured_queries[0]["sql"])
        plan = "\n".join(row[0] for row in cursor.fetchall())
    references = re.findall(r"\((hashed )?SubPlan \d+\)", plan)
    assert len(references) >= 4
    assert all(hashed for hashed in references), plan
