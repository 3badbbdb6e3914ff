"""«Начать новый учебный год»: what moves, what stays, the old year untouched, twice refused."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from mentoring.choices import GroupStatus, MenteeStatus
from mentoring.models import AcademicYear, MenteeProfile, MentoringGroup, MentorProfile
from mentoring.selectors import mentor_load
from programmes.services import add_months
from reports.monitoring import indicators as ind
from reports.services.new_year import academic_year_start_next, new_year_plan
from roadmap.models import RoadmapStage
from tests import factories
from tests.factories_monitoring import group
from tests.factories_programmes import ProgrammeFactory

pytestmark = pytest.mark.django_db

NEW_YEAR = "/documents/new-year/"


@pytest.fixture
def school(year, organisation):
    """Running pairs (one by its programme, one by its planned dates), one ending in May, one completed, one
    proposed; mentees waiting, supported, paired, and one waiting without a valid consent."""
    teacher = factories.PersonFactory
    s = {"year": year}
    s["running"] = group(year, mentors=[teacher(last_name="Долгов")], mentees=[teacher(last_name="Долгая")])
    start = year.start_date + datetime.timedelta(days=30)
    ProgrammeFactory(group=s["running"], start_date=start, end_date=add_months(start, 11))
    s["planned_long"] = group(year, mentors=[teacher()], mentees=[teacher()])
    MentoringGroup.objects.filter(pk=s["planned_long"].pk).update(
        planned_end=year.end_date + datetime.timedelta(days=120)
    )
    s["ending"] = group(year, mentors=[teacher()], mentees=[teacher()])
    ProgrammeFactory(group=s["ending"], start_date=start, end_date=add_months(start, 6))
    s["completed"] = group(year, mentors=[teacher()], mentees=[teacher()], status=GroupStatus.COMPLETED)
    s["proposed"] = group(year, mentors=[teacher()], mentees=[teacher()], status=GroupStatus.PROPOSED)
    entered = year.start_date + datetime.timedelta(days=20)
    s["waiting"] = factories.MenteeProfileFactory(
        year=year, status=MenteeStatus.AWAITING, entered_on=entered, request_text="Как вести журнал"
    )
    s["supported"] = factories.MenteeProfileFactory(
        year=year, status=MenteeStatus.SUPPORTED, entered_on=entered, support_notes="Беседа с психологом"
    )
    s["paired"] = factories.MenteeProfileFactory(year=year, status=MenteeStatus.PAIRED)
    s["no_consent"] = factories.MenteeProfileFactory(
        year=year, status=MenteeStatus.AWAITING, person=factories.PersonFactory(consent=None)
    )
    return s


def _start(year):
    return academic_year_start_next(
        year=year,
        title="2099/2100",
        start_date=datetime.date(year.start_date.year + 1, 9, 1),
        end_date=datetime.date(year.start_date.year + 2, 5, 31),
    )


def _snapshot(year):
    return {
        "indicators": ind.year_indicators(ind.make_scope(year)),
        "groups": sorted(
            MentoringGroup.objects.filter(year=year).values_list("pk", "status", "year_id", "planned_end")
        ),
        "mentees": sorted(MenteeProfile.objects.filter(year=year).values_list("pk", "status", "entered_on")),
    }


def test_preview_lists_what_moves_and_what_stays(school):
    year = school["year"]
    plan = new_year_plan(year=year, start_date=datetime.date(year.start_date.year + 1, 9, 1))
    assert {g.pk for g in plan.carried_groups} == {school["running"].pk, school["planned_long"].pk}
    assert {g.pk for g in plan.staying_groups} == {school["ending"].pk, school["completed"].pk, school["proposed"].pk}
    assert {m.pk for m in plan.carried_mentees} == {school["waiting"].pk, school["supported"].pk}
    assert [m.pk for m in plan.mentees_without_consent] == [school["no_consent"].pk]
    assert plan.roadmap_stages > 0


def test_new_year_carries_running_groups_and_waiting_mentees_and_leaves_the_old_year_as_it_was(school):
    year = school["year"]
    before = _snapshot(year)
    plan = _start(year)
    new = plan.new_year
    year.refresh_from_db()
    assert new.is_current and not year.is_current and new.previous == year
    assert RoadmapStage.objects.filter(year=new).exists()
    # Running groups go on: same status, members and programme; they are listed in the new year.
    running = MentoringGroup.objects.get(pk=school["running"].pk)
    assert running.status == GroupStatus.ACTIVE and running.year == year
    assert set(MentoringGroup.objects.of_year(new)) == {running, school["planned_long"]}
    assert running.programme.end_date > datetime.date(year.start_date.year + 1, 8, 31)
    assert running.memberships.filter(left_on__isnull=True).count() == 2
    # Waiting mentees enter the new bank, marked as carried, with their request and first entry date.
    carried = MenteeProfile.objects.filter(year=new).order_by("carried_from_id")
    assert [c.carried_from_id for c in carried] == sorted([school["waiting"].pk, school["supported"].pk])
    waiting = carried.get(carried_from=school["waiting"])
    assert (waiting.status, waiting.entered_on, waiting.request_text) == (
        MenteeStatus.AWAITING,
        school["waiting"].entered_on,
        "Как вести журнал",
    )
    assert carried.get(carried_from=school["supported"]).support_notes == "Беседа с психологом"
    assert not MenteeProfile.objects.filter(year=new, person=school["no_consent"].person).exists()
    # Nothing of the old year changed: groups, bank, every indicator.
    assert _snapshot(year) == before


def test_the_new_year_counts_the_carried_groups(school):
    plan = _start(school["year"])
    new = plan.new_year
    mentor = school["running"].memberships.get(role="mentor").person
    profile = MentorProfile.objects.create(person=mentor, year=new, directions=["methodical"], capacity=2)
    assert mentor_load(new).get(pk=profile.pk).load == 1
    data = ind.year_indicators(ind.make_scope(new))
    assert data["groups"]["total"] == 2
    assert data["participants"]["totals"]["participants"] == 4
    assert data["waiting"]["count"] == 2


def test_starting_the_next_year_twice_is_refused(school):
    year = school["year"]
    _start(year)
    with pytest.raises(ValidationError) as exc:
        _start(year)
    assert "уже начат" in exc.value.messages[0]
    with pytest.raises(ValidationError):
        new_year_plan(year=year, start_date=datetime.date(2099, 9, 1))
    assert AcademicYear.objects.count() == 2


def test_new_year_must_start_after_the_current_one(school):
    year = school["year"]
    with pytest.raises(ValidationError):
        academic_year_start_next(
            year=year, title="1999/2000", start_date=datetime.date(1999, 9, 1), end_date=datetime.date(2000, 5, 31)
        )
    assert AcademicYear.objects.count() == 1


# --- the page -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["curator", "director"])
def test_curator_or_director_previews_then_starts_the_year_and_a_second_post_is_refused(
    client, school, persona, request
):
    year = school["year"]
    client.force_login(request.getfixturevalue(persona))
    page = client.get(NEW_YEAR)
    assert page.status_code == 200
    assert "Начать новый учебный год" in page.content.decode()
    form = page.context["form"]
    title = form.initial["title"]
    data = {
        "from_year": year.pk,
        "title": title,
        "start_date": form.initial["start_date"].isoformat(),
        "end_date": form.initial["end_date"].isoformat(),
    }
    assert len(page.context["plan"].carried_groups) == 2
    response = client.post(NEW_YEAR, data)
    assert response.status_code == 302
    assert AcademicYear.objects.get(is_current=True).title == title
    again = client.post(NEW_YEAR, data)
    assert again.status_code == 200
    assert "уже начат" in again.content.decode()
    assert AcademicYear.objects.count() == 2


def test_mentor_cannot_start_a_new_year(client, mentor_with_pair):
    client.force_login(mentor_with_pair)
    assert client.get(NEW_YEAR).status_code == 403
    assert client.post(NEW_YEAR, {}).status_code == 403


def test_preview_query_count_does_not_grow_with_the_school(client, school, curator, django_assert_max_num_queries):
    client.force_login(curator)
    client.get(NEW_YEAR)
    with django_assert_max_num_queries(12) as small:
        client.get(NEW_YEAR)
    for _ in range(5):
        group(school["year"], mentors=[factories.PersonFactory()], mentees=[factories.PersonFactory()])
        factories.MenteeProfileFactory(year=school["year"], status=MenteeStatus.AWAITING)
    with django_assert_max_num_queries(len(small)):
        client.get(NEW_YEAR)


def test_new_year_link_is_on_the_years_page(client, school, curator):
    client.force_login(curator)
    assert reverse("reports:new_year") in client.get("/mentoring/school/years/").content.decode()


def test_carried_entries_and_groups_are_marked_in_the_new_year(client, school, curator):
    year = school["year"]
    _start(year)
    client.force_login(curator)
    bank = client.get("/mentoring/banks/mentees/").content.decode()
    assert bank.count("data-carried") == 2 and f"перенесено из {year.title}" in bank
    groups = client.get("/mentoring/groups/").content.decode()
    assert groups.count("data-carried") == 2


def test_after_starting_the_next_year_another_one_cannot_follow_before_it_begins(school):
    new = _start(school["year"]).new_year
    with pytest.raises(ValidationError) as exc:
        new_year_plan(year=new, start_date=datetime.date(2101, 9, 1))
    assert "ещё не начался" in exc.value.messages[0]


def test_a_carried_group_brings_its_feedback_due_in_the_new_year(school):
    from django.utils import timezone

    from tests.factories_monitoring import feedback_request

    year, running = school["year"], school["running"]
    mentor = running.memberships.get(role="mentor").person
    mentee = running.memberships.get(role="mentee").person
    feedback_request(running, mentor, "mentor", kind="interim", status="done")  # due in the old year
    old_before = ind.feedback(ind.make_scope(year))
    new = _start(year).new_year
    in_new_year = (new.start_date + datetime.timedelta(days=15) - timezone.localdate()).days
    feedback_request(running, mentee, "mentee", kind="satisfaction", status="done", due_in_days=in_new_year)
    new_data = ind.feedback(ind.make_scope(new))
    assert (new_data["due"], new_data["received"]) == (1, 1)
    assert ind.feedback(ind.make_scope(year)) == old_before  # the old year keeps its figures
