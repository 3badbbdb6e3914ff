"""Overdue by date, progress from the banks, groups and questionnaires, "my items", the month grid."""

import datetime

from django.utils import timezone

from mentoring.models import Questionnaire, Response
from roadmap.models import RoadmapItem
from roadmap.selectors import (
    attention_items,
    items_for_user,
    roadmap_timeline,
    user_is_responsible,
    with_overdue,
    year_data_progress,
)
from tests.factories import GroupFactory, MenteeProfileFactory, MentorProfileFactory, PersonFactory, UserFactory
from tests.factories_roadmap import RoadmapItemFactory, RoadmapStageFactory

TODAY = datetime.date(2026, 11, 20)


def _overdue(item, today=TODAY):
    return with_overdue(RoadmapItem.objects.filter(pk=item.pk), today).get().is_overdue


def test_overdue_is_not_done_and_past_the_deadline(year):
    late = RoadmapItemFactory(stage__year=year, period_end=TODAY - datetime.timedelta(days=1))
    due_today = RoadmapItemFactory(stage=late.stage, period_end=TODAY)
    done_late = RoadmapItemFactory(
        stage=late.stage, period_end=TODAY - datetime.timedelta(days=5), status="done", done_on=TODAY
    )
    in_progress_late = RoadmapItemFactory(
        stage=late.stage, period_end=TODAY - datetime.timedelta(days=5), status="in_progress"
    )
    assert _overdue(late) is True
    assert _overdue(due_today) is False
    assert _overdue(done_late) is False
    assert _overdue(in_progress_late) is True
    assert _overdue(due_today, today=TODAY + datetime.timedelta(days=1)) is True


def test_attention_items_are_overdue_or_due_within_seven_days(year):
    stage = RoadmapStageFactory(year=year)
    late = RoadmapItemFactory(stage=stage, period_end=TODAY - datetime.timedelta(days=3))
    in_7 = RoadmapItemFactory(stage=stage, period_end=TODAY + datetime.timedelta(days=7))
    RoadmapItemFactory(stage=stage, period_end=TODAY + datetime.timedelta(days=8))
    RoadmapItemFactory(stage=stage, period_end=TODAY + datetime.timedelta(days=2), status="done", done_on=TODAY)
    assert list(attention_items(year, TODAY)) == [late, in_7]


def test_bank_counts_show_entries_with_valid_consent(year):
    today = timezone.localdate()
    MenteeProfileFactory.create_batch(3, year=year)
    MenteeProfileFactory(year=year, person=PersonFactory(consent=None))
    MenteeProfileFactory(year=year, status="left", left_on=today)  # left the bank: not counted
    MentorProfileFactory.create_batch(2, year=year)
    MentorProfileFactory(year=year, person=PersonFactory(consent__withdrawn_on=today))

    data = year_data_progress(year, today)

    assert (data["mentee_bank"]["total"], data["mentee_bank"]["with_consent"]) == (4, 3)
    assert (data["mentor_bank"]["total"], data["mentor_bank"]["with_consent"]) == (3, 2)


def test_pairing_stage_shows_proposed_and_approved_groups(year):
    GroupFactory.create_batch(2, year=year)
    approved = GroupFactory(year=year)
    approved.status, approved.approved_on = "approved", timezone.localdate()
    approved.save()
    data = year_data_progress(year)
    assert data["pairing"] == {"proposed": 2, "approved": 1}


def test_completion_stage_counts_satisfaction_forms(year):
    mentor_form = Questionnaire.objects.create(code="t-sat-mentor", kind="satisfaction", audience="mentor", title="У")
    mentee_form = Questionnaire.objects.create(code="t-sat-mentee", kind="satisfaction", audience="mentee", title="У")
    other_form = Questionnaire.objects.create(code="t-needs", kind="mentee_needs", audience="mentee", title="А")
    for form in (mentor_form, mentee_form, mentee_form, other_form):
        Response.objects.create(questionnaire=form, respondent=PersonFactory(), year=year)
    assert year_data_progress(year)["completion"] == {"total": 3, "mentors": 1, "mentees": 2}


def test_my_items_by_person_or_by_role_when_nobody_is_named(year, curator):
    person = PersonFactory()
    named_user = UserFactory(roles=["methodical_council"], person=person)
    stage = RoadmapStageFactory(year=year)
    by_role = RoadmapItemFactory(stage=stage, responsible_role="curator")
    by_person = RoadmapItemFactory(stage=stage, responsible_role="curator", responsible_person=person)
    council = RoadmapItemFactory(stage=stage, responsible_role="methodical_council")

    assert set(items_for_user(curator, year)) == {by_role}
    assert set(items_for_user(named_user, year)) == {by_person, council}
    assert user_is_responsible(named_user, by_person) and not user_is_responsible(curator, by_person)


def test_timeline_months_run_september_to_may_and_widen_for_late_items(year_2026):
    stage = RoadmapStageFactory(year=year_2026)
    item = RoadmapItemFactory(
        stage=stage, period_start=datetime.date(2026, 10, 15), period_end=datetime.date(2026, 11, 10)
    )
    grid = roadmap_timeline(year_2026, TODAY)
    assert [m.month for m in grid["months"]] == [9, 10, 11, 12, 1, 2, 3, 4, 5]
    row_item = grid["stages"][0].items[0]
    assert [c["active"] for c in row_item.cells][:4] == [False, True, True, False]
    assert [c["deadline"] for c in row_item.cells][:4] == [False, False, True, False]
    assert row_item.pk == item.pk

    RoadmapItemFactory(stage=stage, period_end=datetime.date(2027, 6, 30))
    assert roadmap_timeline(year_2026, TODAY)["months"][-1] == datetime.date(2027, 6, 1)


def test_timeline_progress_per_stage(roadmap):
    roadmap_items = RoadmapItem.objects.filter(stage__year=roadmap, stage__number=1)
    first = roadmap_items.first()
    first.status, first.done_on = "done", timezone.localdate()
    first.save()
    grid = roadmap_timeline(roadmap)
    stage1 = grid["stages"][0]
    assert (stage1.done, stage1.total) == (1, roadmap_items.count())
    assert stage1.percent == round(100 / roadmap_items.count())
    assert grid["done"] == 1
