"""Each indicator on a constructed school with known answers (tests/factories_monitoring.known_school)."""

import datetime

import pytest
from django.utils import timezone

from mentoring.choices import Category, MentoringForm
from mentoring.models import AcademicYear, Consent
from reports.monitoring import indicators as ind
from tests import factories
from tests.factories_monitoring import group, known_school, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def school(year):
    return known_school(year)


@pytest.fixture
def scope(school):
    return ind.make_scope(school.year)


def row(rows, key, value):
    return next(r for r in rows if r[key] == value)


def test_reference_day_is_today_in_the_current_year_and_the_last_day_of_a_past_one(year):
    today = timezone.localdate()
    assert ind.reference_day(year, today) == today
    past = AcademicYear.objects.create(
        title="2020/2021", start_date=datetime.date(2020, 9, 1), end_date=datetime.date(2021, 5, 31)
    )
    assert ind.reference_day(past, today) == datetime.date(2021, 5, 31)


def test_counted_people_leave_out_withdrawn_unconsented_and_anonymised(school, scope):
    counted = set(ind.counted_people(scope).values_list("last_name", flat=True))
    assert {"Отозвавшая", "Безсогласия", "Обезличенный"}.isdisjoint(counted)
    assert len(counted) == 11


def test_participants_by_category_and_role(scope):
    data = ind.participants(scope)
    assert data["totals"] == {"people": 11, "mentors": 4, "mentees": 5, "both": 1, "participants": 8}
    teachers = row(data["rows"], "category", Category.TEACHER)
    assert (teachers["people"], teachers["mentors"], teachers["mentees"], teachers["both"]) == (4, 3, 1, 1)
    students = row(data["rows"], "category", Category.STUDENT)
    assert (students["people"], students["mentors"], students["mentees"], students["participants"]) == (5, 1, 2, 3)
    young = row(data["rows"], "category", Category.YOUNG_SPECIALIST)
    assert (young["people"], young["mentees"]) == (2, 2)
    assert row(data["rows"], "category", Category.EXTERNAL)["people"] == 0


def test_mentor_in_one_group_and_mentee_in_another_counts_once_in_each_role(school, scope):
    data = ind.participants(scope)
    # T2 leads G2 and is mentored in G3: one mentor, one mentee, one participant.
    assert data["totals"]["both"] == 1
    assert data["totals"]["participants"] == data["totals"]["mentors"] + data["totals"]["mentees"] - 1


def test_proposed_groups_do_not_make_participants(school, scope):
    # Y2's only group (G4) is a proposal: not a participant.
    assert ind.participants(scope)["totals"]["participants"] == 8
    assert ind.shares(scope)["share_young_teachers_mentees"]["part"] == 2


def test_rosstat_shares(scope):
    s = ind.shares(scope)
    assert (s["share_students_mentees"]["part"], s["share_students_mentees"]["whole"]) == (2, 5)
    assert s["share_students_mentees"]["percent"] == 40.0
    assert (s["share_young_teachers_mentees"]["part"], s["share_young_teachers_mentees"]["whole"]) == (2, 3)
    assert s["share_young_teachers_mentees"]["percent"] == 66.7
    assert (s["share_students_mentors"]["part"], s["share_students_mentors"]["whole"]) == (1, 2)
    assert s["share_students_mentors"]["percent"] == 50.0
    assert (s["share_involved"]["part"], s["share_involved"]["whole"]) == (8, 11)
    assert s["share_involved"]["percent"] == 72.7


def test_young_teacher_rule_matches_service_years_on(school, year):
    for key in ("T1", "T2", "Y1", "Y2", "Y3", "S1"):
        p = school.people[key]
        in_db = type(p).objects.filter(ind.young_teacher_q(year), pk=p.pk).exists()
        assert in_db == ind.is_young_teacher(p, year), key
    assert ind.is_young_teacher(school.people["Y2"], year)  # a teacher with two years of service
    assert not ind.is_young_teacher(school.people["T1"], year)


def test_age_bands_are_inclusive(year):
    today = timezone.localdate()
    p10, p18, p19, p9 = (person(Category.STUDENT, age=a) for a in (10, 18, 19, 9))
    ids = set(
        type(p10)
        .objects.filter(ind.age_between_q(today, 10, 18), pk__in=[p10.pk, p18.pk, p19.pk, p9.pk])
        .values_list("pk", flat=True)
    )
    assert ids == {p10.pk, p18.pk}


def test_groups_by_status_form_and_type(scope):
    g = ind.groups(scope)
    assert g["total"] == 6
    status = {r["code"]: r["count"] for r in g["by_status"]}
    assert status == {"proposed": 1, "approved": 0, "active": 3, "completed": 1, "terminated": 1}
    forms = {r["code"]: r["count"] for r in g["by_form"]}
    assert forms == {"teacher_teacher": 4, "teacher_student": 1, "student_student": 1}
    types = {r["code"]: r["count"] for r in g["by_type"]}
    assert (types["traditional"], types["group"], types["reverse"], types["short_term"], types["virtual"]) == (
        4,
        1,
        1,
        1,
        0,
    )


def test_endings_with_reasons(scope):
    e = ind.endings(scope)
    assert (e["completed"], e["terminated"]) == (1, 1)
    assert row(e["terminated_by_reason"], "code", "mentee_initiative")["count"] == 1
    assert row(e["terminated_by_reason"], "code", "mentor_initiative")["count"] == 0


def test_meetings_per_group(scope, school):
    m = ind.meetings(scope)
    # Approved groups G1 G2 G3 G5 G6; meetings 3 + 1 + 0 + 2 + 0 (one before the year and one tomorrow excluded).
    assert (m["groups"], m["total"], m["most"], m["without_meetings"]) == (5, 6, 3, 2)
    assert m["average"] == 1.2
    assert [b["count"] for b in m["bands"]] == [2, 2, 1, 0, 0]
    assert row(m["by_kind"], "code", "introduction")["count"] == 3
    per_group = ind.meetings_per_group(scope)
    assert per_group[school.groups["G1"].pk] == 3
    assert per_group[school.groups["G5"].pk] == 2


def test_feedback_received_against_due(scope):
    f = ind.feedback(scope)
    meeting = row(f["rows"], "kind", "meeting")
    # T1 filled, Y1 overdue; S5 (withdrawn) excluded; cancelled and not-yet-due forms are not due.
    assert (meeting["due"], meeting["received"], meeting["overdue"], meeting["percent"]) == (2, 1, 1, 50.0)
    sat = row(f["rows"], "kind", "satisfaction")
    assert (sat["due"], sat["received"]) == (2, 1)
    assert (f["due"], f["received"], f["percent"]) == (4, 2, 50.0)


def test_satisfaction_per_question_for_mentors_and_mentees(scope):
    s = ind.satisfaction(scope)
    mentors = {q["number"]: q["average"] for q in s["mentor"]["questions"]}
    assert mentors == {1: 9.0, 2: 7.0}
    assert s["mentor"]["average"] == 8.0
    assert s["mentor"]["respondents"] == 2
    # S5 withdrew consent: her scores of 1 are not counted.
    assert {q["number"]: q["average"] for q in s["mentee"]["questions"]} == {1: 7.0}
    assert s["mentee"]["average"] == 7.0


def test_waiting_mentees_and_how_long(scope):
    w = ind.waiting(scope)
    assert (w["count"], w["supported"]) == (2, 1)
    assert (w["average_days"], w["longest_days"]) == (70.0, 100.0)
    assert [b["count"] for b in w["bands"]] == [0, 1, 1]


def test_filter_by_form_narrows_memberships_and_groups(school, year):
    scope = ind.make_scope(year, form=MentoringForm.STUDENT_STUDENT)
    assert ind.participants(scope)["totals"] == {"people": 11, "mentors": 1, "mentees": 1, "both": 0, "participants": 2}
    assert ind.groups(scope)["total"] == 1
    assert ind.meetings(scope)["total"] == 2
    assert ind.shares(scope)["share_students_mentors"]["part"] == 1


def test_filter_by_category(school, year):
    scope = ind.make_scope(year, category=Category.STUDENT)
    data = ind.participants(scope)
    assert [r["category"] for r in data["rows"]] == [Category.STUDENT]
    assert data["totals"]["participants"] == 3
    assert ind.groups(scope)["total"] == 2  # G2 and G5 have a student member
    assert ind.waiting(scope)["count"] == 2


def test_unknown_filter_values_are_ignored(year):
    scope = ind.make_scope(year, category="nonsense", form="x")
    assert (scope.category, scope.form) == ("", "")


def test_empty_year_gives_zeros_and_no_percentages(year):
    data = ind.year_indicators(ind.make_scope(year))
    assert data["participants"]["totals"]["participants"] == 0
    assert data["shares"]["share_students_mentees"]["percent"] is None
    assert data["groups"]["total"] == 0
    assert data["meetings"]["average"] is None
    assert data["feedback"]["percent"] is None
    assert data["satisfaction"]["mentor"]["average"] is None
    assert data["waiting"]["average_days"] is None


def test_withdrawal_after_a_past_year_removes_the_person_from_it_but_expiry_does_not():
    today = timezone.localdate()
    past = AcademicYear.objects.create(
        title="2023/2024", start_date=datetime.date(2023, 9, 1), end_date=datetime.date(2024, 5, 31), is_current=False
    )
    withdrawn = factories.PersonFactory(consent=None)
    Consent.objects.create(
        person=withdrawn, purpose="п", data_list="д", valid_from=datetime.date(2023, 8, 1), withdrawn_on=today
    )
    expired = factories.PersonFactory(consent=None)
    Consent.objects.create(
        person=expired,
        purpose="п",
        data_list="д",
        valid_from=datetime.date(2023, 8, 1),
        valid_until=datetime.date(2024, 8, 31),
    )
    mentee = factories.PersonFactory(consent=None)
    Consent.objects.create(person=mentee, purpose="п", data_list="д", valid_from=datetime.date(2023, 8, 1))
    group(past, mentors=[withdrawn], mentees=[mentee])
    group(past, mentors=[expired], mentees=[mentee])
    scope = ind.make_scope(past)
    assert scope.day == datetime.date(2024, 5, 31)
    totals = ind.participants(scope)["totals"]
    assert (totals["mentors"], totals["mentees"]) == (1, 1)  # the expired-later mentor counts, the withdrawn not


def test_years_are_comparable(school, year):
    past = AcademicYear.objects.create(
        title="2025/2026", start_date=datetime.date(2025, 9, 1), end_date=datetime.date(2026, 5, 31), is_current=False
    )
    rows = ind.years_compared()
    assert [r["year"] for r in rows] == [year.title, past.title]
    assert rows[0]["participants"] == 8 and rows[1]["participants"] == 0
    assert set(rows[0]) == set(rows[1])
