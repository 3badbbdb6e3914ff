"""Issue 14 §4 for programmes: completing an unfinished plan is confirmed, a completed programme has no next
meeting, a meeting cannot be dated before the group starts."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from programmes import services
from programmes.models import Programme
from tests.factories_programmes import ActivityFactory, MeetingFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reported(pair, mentor_with_pair):
    """An agreed programme with a plan of 9, 3 of them done, and the mentor's report: ready to complete."""
    programme = ProgrammeFactory(group=pair)
    activities = [ActivityFactory(programme=programme) for _ in range(9)]
    for activity in activities[:3]:
        services.activity_set_status(activity=activity, by=mentor_with_pair, status="done")
    services.programme_report_submit(
        programme=programme, by=mentor_with_pair, mentor_report="Отчёт", results_summary="Итоги"
    )
    return programme


def test_completing_an_unfinished_plan_asks_for_confirmation_and_shows_what_is_left(client, curator, reported):
    client.force_login(curator)
    response = client.post(reverse("programmes:complete", args=[reported.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "выполнено 3 из 9" in page
    assert page.count('class="list-group-item"') == 6
    assert Programme.objects.get(pk=reported.pk).status == Programme.Status.AGREED
    response = client.post(reverse("programmes:complete", args=[reported.pk]), {"confirm": "1"})
    assert response.status_code == 302
    assert Programme.objects.get(pk=reported.pk).status == Programme.Status.COMPLETED


def test_the_service_refuses_an_unfinished_plan_without_confirmation(curator, reported):
    with pytest.raises(ValidationError) as info:
        services.programme_complete(programme=reported, by=curator)
    assert info.value.code == "plan_unfinished"


def test_a_finished_plan_completes_at_once(client, curator, pair, mentor_with_pair):
    programme = ProgrammeFactory(group=pair)
    activity = ActivityFactory(programme=programme)
    services.activity_set_status(activity=activity, by=mentor_with_pair, status="done")
    services.programme_report_submit(programme=programme, by=mentor_with_pair, mentor_report="О", results_summary="И")
    client.force_login(curator)
    assert client.post(reverse("programmes:complete", args=[programme.pk])).status_code == 302
    assert Programme.objects.get(pk=programme.pk).status == Programme.Status.COMPLETED


def test_a_completed_programme_shows_no_next_meeting(client, curator, reported):
    MeetingFactory(group=reported.group, date=timezone.localdate() + datetime.timedelta(days=5))
    client.force_login(curator)
    url = reverse("programmes:detail", args=[reported.pk])
    assert client.get(url).context["next_meeting"] is not None
    services.programme_complete(programme=reported, by=curator, unfinished_confirmed=True)
    page = client.get(url)
    assert page.context["next_meeting"] is None


def test_a_meeting_before_the_group_starts_is_an_error_on_the_date(client, pair, mentor_with_pair):
    client.force_login(mentor_with_pair)
    start = services.group_start(pair)
    response = client.post(
        reverse("programmes:meeting_create", args=[pair.pk]),
        {
            "kind": "introduction",
            "date": (start - datetime.timedelta(days=1)).isoformat(),
            "format": "in_person",
            "attendees": [m.person_id for m in pair.memberships.all()],
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["date"]
    assert f"{start:%d.%m.%Y}" in errors["date"][0] and "раньше" in errors["date"][0]
    assert not pair.meetings.exists()
