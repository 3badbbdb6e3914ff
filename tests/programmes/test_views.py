import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.models import Question
from mentoring.questionnaires import field_name
from programmes import services
from programmes.models import FeedbackRequest, Meeting, Programme, ProgrammeActivity, ProgrammeTemplate
from tests import factories
from tests.factories_programmes import ActivityFactory, MeetingFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(pair):
    programme = ProgrammeFactory(group=pair)
    for n in range(3):
        ActivityFactory(programme=programme, direction=["methodical", "digital", "health"][n])
    return programme


@pytest.fixture
def other_programme(other_pair):
    programme = ProgrammeFactory(group=other_pair)
    ActivityFactory(programme=programme)
    return programme


@pytest.fixture
def other_feedback(other_pair):
    meeting = MeetingFactory(group=other_pair, date=timezone.localdate())
    services._meeting_feedback_create(meeting)
    return meeting, meeting.feedback_requests.get(role="mentor")


def form_data(feedback, scale="8"):
    data = {}
    for q in feedback.questionnaire.questions.all():
        match q.kind:
            case Question.Kind.SCALE:
                data[field_name(q)] = scale
            case Question.Kind.YES_NO:
                data[field_name(q)] = "yes"
            case Question.Kind.SINGLE:
                data[field_name(q)] = q.choices[0][0]
            case Question.Kind.MULTIPLE:
                data[field_name(q)] = [q.choices[0][0]]
            case _:
                data[field_name(q)] = "Всё получилось"
    return data


# --- Object scope: others' ids are 404 ---------------------------------------------------------------------------


def test_mentor_cannot_open_another_mentors_programme_meeting_or_feedback(
    client, mentor_with_pair, programme, other_programme, other_feedback
):
    meeting, feedback = other_feedback
    client.force_login(mentor_with_pair)
    assert client.get(reverse("programmes:detail", args=[programme.pk])).status_code == 200
    urls = [
        reverse("programmes:detail", args=[other_programme.pk]),
        reverse("programmes:edit", args=[other_programme.pk]),
        reverse("programmes:plan", args=[other_programme.pk]),
        reverse("programmes:extend", args=[other_programme.pk]),
        reverse("programmes:document", args=[other_programme.pk]),
        reverse("programmes:meeting_edit", args=[meeting.pk]),
        reverse("programmes:meeting_create", args=[other_programme.group_id]),
        reverse("programmes:start", args=[other_programme.group_id]),
        reverse("programmes:feedback", args=[feedback.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    activity = other_programme.activities.first()
    response = client.post(
        reverse("programmes:activity_status", args=[other_programme.pk, activity.pk]), {"status": "done"}
    )
    assert response.status_code == 404
    activity.refresh_from_db()
    assert activity.status == "planned"


def test_mentee_sees_own_programme_read_only_and_not_others(
    client, mentee_user, programme, other_programme, other_feedback
):
    client.force_login(mentee_user)
    page = client.get(reverse("programmes:detail", args=[programme.pk]))
    assert page.status_code == 200
    assert b"data-mark-done" not in page.content
    assert client.get(reverse("programmes:edit", args=[programme.pk])).status_code == 403
    activity = programme.activities.first()
    assert (
        client.post(
            reverse("programmes:activity_status", args=[programme.pk, activity.pk]), {"status": "done"}
        ).status_code
        == 403
    )
    assert client.get(reverse("programmes:detail", args=[other_programme.pk])).status_code == 404
    assert client.get(reverse("programmes:feedback", args=[other_feedback[1].pk])).status_code == 404


def test_mentee_cannot_open_the_mentors_own_feedback_form(client, pair, mentee_user):
    meeting = MeetingFactory(group=pair, date=timezone.localdate())
    services._meeting_feedback_create(meeting)
    mentor_form = meeting.feedback_requests.get(role="mentor")
    mentee_form = meeting.feedback_requests.get(role="mentee")
    client.force_login(mentee_user)
    assert client.get(reverse("programmes:feedback", args=[mentor_form.pk])).status_code == 404
    assert client.get(reverse("programmes:feedback", args=[mentee_form.pk])).status_code == 200


def test_curator_sees_every_programme_and_the_watch_list(client, curator, programme, other_programme):
    client.force_login(curator)
    for pk in (programme.pk, other_programme.pk):
        assert client.get(reverse("programmes:detail", args=[pk])).status_code == 200
    listing = client.get(reverse("programmes:list"))
    assert listing.status_code == 200 and f'data-group="{programme.group_id}"'.encode() in listing.content
    assert client.get(reverse("programmes:watch")).status_code == 200
    assert client.get(reverse("programmes:template")).status_code == 200


def test_anonymous_goes_to_login_and_a_mentor_cannot_reach_staff_pages(client, mentor_with_pair, programme):
    response = client.get(reverse("programmes:detail", args=[programme.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response.url
    client.force_login(mentor_with_pair)
    assert client.get(reverse("programmes:list")).status_code == 403
    assert client.get(reverse("programmes:template")).status_code == 403
    assert client.post(reverse("programmes:agree", args=[programme.pk])).status_code == 403


# --- Flows through the pages -------------------------------------------------------------------------------------


def test_mentor_starts_a_programme_and_the_curator_agrees_it(client, pair, mentor_with_pair, curator):
    client.force_login(mentor_with_pair)
    response = client.post(
        reverse("programmes:start", args=[pair.pk]),
        {
            "template": ProgrammeTemplate.objects.get(code="default").pk,
            "start_date": pair.planned_start.isoformat(),
            "end_date": "",
        },
        follow=True,
    )
    programme = Programme.objects.get(group=pair)
    assert response.redirect_chain[-1][0] == reverse("programmes:detail", args=[programme.pk])
    assert programme.status == "draft" and programme.activities.count() == 9
    client.force_login(curator)
    client.post(reverse("programmes:agree", args=[programme.pk]))
    programme.refresh_from_db()
    assert programme.status == "agreed"


def test_too_short_period_is_shown_on_the_form(client, pair, mentor_with_pair):
    client.force_login(mentor_with_pair)
    start = pair.planned_start
    response = client.post(
        reverse("programmes:start", args=[pair.pk]),
        {
            "template": ProgrammeTemplate.objects.get(code="default").pk,
            "start_date": start.isoformat(),
            "end_date": (start + datetime.timedelta(days=60)).isoformat(),
        },
    )
    assert response.status_code == 200
    assert "end_date" in response.context["form"].errors
    assert not Programme.objects.filter(group=pair).exists()


def test_plan_change_of_agreed_programme_through_the_page_records_consent(client, pair, mentor_with_pair, programme):
    client.force_login(mentor_with_pair)
    activities = list(programme.activities.order_by("pk"))
    data = {
        "activities-TOTAL_FORMS": "4",
        "activities-INITIAL_FORMS": "3",
        "activities-MIN_NUM_FORMS": "0",
        "activities-MAX_NUM_FORMS": "1000",
    }
    for i, a in enumerate(activities):
        data |= {
            f"activities-{i}-id": a.pk,
            f"activities-{i}-direction": a.direction,
            f"activities-{i}-title": a.title,
            f"activities-{i}-due_date": a.due_date.isoformat(),
            f"activities-{i}-expected_result": "",
            f"activities-{i}-position": 0,
        }
    data |= {
        "activities-3-direction": "scientific",
        "activities-3-title": "Изучить статью о ФОП",
        "activities-3-due_date": programme.start_date.isoformat(),
        "activities-3-position": "0",
        "activities-3-expected_result": "",
    }
    url = reverse("programmes:plan", args=[programme.pk])
    refused = client.post(url, data)
    assert refused.status_code == 200 and programme.activities.count() == 3
    members = [str(m.person_id) for m in pair.memberships.all()]
    client.post(url, data | {"agreed": members, "agreed_on": programme.start_date.isoformat()})
    assert programme.activities.count() == 4
    assert programme.changes.get().kind == "plan"
    page = client.get(reverse("programmes:detail", args=[programme.pk]))
    assert "Изучить статью о ФОП" in page.content.decode()


def test_logging_a_joint_work_meeting_leads_to_the_feedback_form(client, pair, mentor_with_pair, programme):
    client.force_login(mentor_with_pair)
    today = timezone.localdate()
    response = client.post(
        reverse("programmes:meeting_create", args=[pair.pk]),
        {
            "kind": "joint_work",
            "date": today.isoformat(),
            "format": "in_person",
            "topic": "Анализ урока",
            "notes": "",
            "attendees": [m.person_id for m in pair.memberships.all()],
        },
    )
    feedback = FeedbackRequest.objects.get(role="mentor", meeting__group=pair)
    assert response.status_code == 302 and response.url == reverse("programmes:feedback", args=[feedback.pk])
    client.post(response.url, form_data(feedback))
    feedback.refresh_from_db()
    assert feedback.status == "done"
    assert client.get(reverse("programmes:feedback", args=[feedback.pk])).status_code == 200


def test_marking_an_activity_done_changes_the_progress(client, mentor_with_pair, programme):
    client.force_login(mentor_with_pair)
    url = reverse("programmes:detail", args=[programme.pk])
    assert 'data-progress="0/3"' in client.get(url).content.decode()
    activity = programme.activities.first()
    client.post(reverse("programmes:activity_status", args=[programme.pk, activity.pk]), {"status": "done"})
    assert 'data-progress="1/3"' in client.get(url).content.decode()
    assert 'data-progress="1/3"' in client.get(reverse("programmes:my")).content.decode()


def test_home_pages_show_forms_to_fill_and_the_curators_flags(client, pair, mentor_with_pair, curator, programme):
    MeetingFactory(group=pair, date=timezone.localdate() - datetime.timedelta(weeks=6))
    meeting = Meeting.objects.get(group=pair)
    services._meeting_feedback_create(meeting)
    client.force_login(mentor_with_pair)
    home = client.get(reverse("member_home")).content.decode()
    assert "data-forms-to-fill" in home and 'data-progress="0/3"' in home
    client.force_login(curator)
    dashboard = client.get(reverse("curator_home")).content.decode()
    assert 'data-panel="inactive-groups"' in dashboard
    assert '<span class="badge text-bg-warning" data-count="inactive">1</span>' in dashboard
    assert 'data-count="feedback-overdue">1<' in dashboard


# --- Constant query counts ---------------------------------------------------------------------------------------


def _grow(pair, programme, size):
    for n in range(size):
        ActivityFactory(
            programme=programme, status="done" if n % 2 else "planned", done_on=programme.start_date if n % 2 else None
        )
        meeting = MeetingFactory(group=pair, date=programme.start_date + datetime.timedelta(days=n))
        meeting.attendees.set([m.person for m in pair.memberships.all()])
        services._meeting_feedback_create(meeting)


@pytest.mark.parametrize("size", [2, 40])
def test_programme_page_query_count_is_constant(
    client, django_assert_max_num_queries, mentor_with_pair, pair, programme, size
):
    _grow(pair, programme, size)
    client.force_login(mentor_with_pair)
    url = reverse("programmes:detail", args=[programme.pk])
    client.get(url)
    with django_assert_max_num_queries(13):  # 13: the kind of organisation names the group's form (once a request)
        response = client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("size", [1, 12])
def test_mentor_pages_query_count_is_constant(
    client, django_assert_max_num_queries, mentor_with_pair, pair, programme, year, size
):
    _grow(pair, programme, size * 3)
    person = pair.memberships.get(role="mentor").person
    for _ in range(size):  # more groups for the same mentor
        group = factories.GroupFactory(year=year)
        group.memberships.filter(role="mentor").update(person=person)
        group.status, group.approved_on = "active", year.start_date
        group.save()
        extra = ProgrammeFactory(group=group)
        ActivityFactory(programme=extra)
        MeetingFactory(group=group, date=timezone.localdate() + datetime.timedelta(days=3))
    client.force_login(mentor_with_pair)
    # The home page also carries other apps' panels, hence its looser bound; 12 more groups with an N+1 would
    # still add at least 12 queries and break it.
    # programmes:my 10: the kind of organisation names the groups' form (read once a request).
    for url, bound in ((reverse("programmes:my"), 10), (reverse("member_home"), 20)):
        client.get(url)
        with django_assert_max_num_queries(bound):
            response = client.get(url)
        assert response.status_code == 200
    assert ProgrammeActivity.objects.count() >= size
