import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from mentoring.choices import GroupStatus
from mentoring.models import Question, Questionnaire
from programmes import services
from programmes.models import (
    FeedbackRequest,
    InactivityReminder,
    Meeting,
    Programme,
    ProgrammeChange,
)
from programmes.selectors import inactive_groups, satisfaction_aggregates
from programmes.services import add_months
from tests import factories
from tests.factories_programmes import ActivityFactory, MeetingFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


def d(y, m, day):
    return datetime.date(y, m, day)


def answers_for(questionnaire, scale=8):
    values = {}
    for q in questionnaire.questions.all():
        match q.kind:
            case Question.Kind.SCALE:
                values[q] = scale
            case Question.Kind.YES_NO:
                values[q] = "yes"
            case Question.Kind.SINGLE:
                values[q] = q.choices[0][0]
            case Question.Kind.MULTIPLE:
                values[q] = [q.choices[0][0]]
            case _:
                if q.required:
                    values[q] = "Текст"
    return values


# --- Period bounds (Regulation §1.2: 3 months to 1 year, in calendar months) -----------------------------------


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (d(2026, 1, 31), 3, d(2026, 4, 30)),
        (d(2026, 11, 30), 3, d(2027, 2, 28)),
        (d(2027, 11, 30), 3, d(2028, 2, 29)),
        (d(2026, 9, 15), 12, d(2027, 9, 15)),
    ],
)
def test_add_months_counts_calendar_months(start, months, expected):
    assert add_months(start, months) == expected


def test_period_of_exactly_three_months_is_accepted_a_day_less_is_refused():
    services.programme_period_check(d(2026, 2, 1), d(2026, 5, 1))  # 89 days: still three calendar months
    with pytest.raises(ValidationError, match="01.05.2026"):
        services.programme_period_check(d(2026, 2, 1), d(2026, 4, 30))
    # 92 days but short of three calendar months: the service counts months, not days.
    with pytest.raises(ValidationError):
        services.programme_period_check(d(2026, 5, 31), d(2026, 8, 30))


def test_period_of_one_year_is_accepted_a_day_more_is_refused():
    services.programme_period_check(d(2026, 9, 1), d(2027, 9, 1))
    with pytest.raises(ValidationError, match="01.09.2027"):
        services.programme_period_check(d(2026, 9, 1), d(2027, 9, 2))


def test_database_refuses_a_two_month_programme_even_without_the_service(pair):
    with pytest.raises(IntegrityError), transaction.atomic():
        Programme.objects.create(group=pair, title="x", start_date=d(2026, 9, 1), end_date=d(2026, 11, 1))


# --- Creating and editing ---------------------------------------------------------------------------------------


def test_programme_starts_from_the_school_template_as_a_draft(pair, mentor_with_pair):
    start = pair.planned_start
    programme = services.programme_create_from_template(group=pair, by=mentor_with_pair, start_date=start)
    assert programme.status == Programme.Status.DRAFT
    assert programme.template.code == "default"
    assert programme.end_date == add_months(start, 9)
    assert "наставляемого" in programme.goals
    activities = list(programme.activities.all())
    assert len(activities) == 9
    assert {a.direction for a in activities} >= {"regulatory", "professional", "digital", "health"}
    assert all(start <= a.due_date <= programme.end_date for a in activities)


def test_a_group_gets_one_programme_and_the_period_is_checked(pair, curator):
    with pytest.raises(ValidationError):
        services.programme_create_from_template(
            group=pair, by=curator, start_date=d(2026, 10, 1), end_date=d(2026, 12, 1)
        )
    services.programme_create_from_template(group=pair, by=curator, start_date=pair.planned_start)
    with pytest.raises(ValidationError, match="уже есть программа"):
        services.programme_create_from_template(group=pair, by=curator, start_date=pair.planned_start)


def test_another_mentor_cannot_start_or_edit_the_programme(pair, other_mentor, mentee_user):
    with pytest.raises(PermissionDenied):
        services.programme_create_from_template(group=pair, by=other_mentor, start_date=pair.planned_start)
    programme = ProgrammeFactory(group=pair, status=Programme.Status.DRAFT)
    for user in (other_mentor, mentee_user):
        with pytest.raises(PermissionDenied):
            services.programme_update(programme=programme, by=user, goals="чужая правка")


def test_mentor_edits_the_draft_and_only_the_curator_agrees_it(pair, mentor_with_pair, curator):
    programme = ProgrammeFactory(group=pair, status=Programme.Status.DRAFT)
    ActivityFactory(programme=programme)
    services.programme_update(programme=programme, by=mentor_with_pair, goals="Новая цель")
    with pytest.raises(PermissionDenied):
        services.programme_agree(programme=programme, by=mentor_with_pair)
    services.programme_agree(programme=programme, by=curator, on=programme.start_date)
    programme.refresh_from_db()
    assert programme.status == Programme.Status.AGREED and programme.goals == "Новая цель"
    with pytest.raises(ValidationError, match="обоюдному согласию"):
        services.programme_update(programme=programme, by=mentor_with_pair, goals="после согласования")


def test_programme_without_activities_cannot_be_agreed(pair, curator):
    programme = ProgrammeFactory(group=pair, status=Programme.Status.DRAFT)
    with pytest.raises(ValidationError):
        services.programme_agree(programme=programme, by=curator)


# --- Changes by mutual consent (§7.2) --------------------------------------------------------------------------


def _members(group):
    return [m.person for m in group.memberships.filter(left_on__isnull=True)]


def test_extension_records_who_agreed_and_when(pair, mentor_with_pair):
    programme = ProgrammeFactory(group=pair)
    old_end = programme.end_date
    new_end = old_end + datetime.timedelta(days=45)
    change = services.programme_extend(
        programme=programme,
        by=mentor_with_pair,
        new_end=new_end,
        agreed=_members(pair),
        agreed_on=old_end - datetime.timedelta(days=10),
        reason="Болезнь наставляемого",
    )
    programme.refresh_from_db()
    assert programme.extended_until == new_end and programme.effective_end == new_end
    assert change.kind == ProgrammeChange.Kind.EXTENSION
    assert (change.previous_end, change.new_end) == (old_end, new_end)
    assert set(change.consenting.all()) == set(_members(pair))
    mentee = pair.memberships.get(role="mentee").person
    assert mentee.short_name in change.agreed_by
    assert change.recorded_by == mentor_with_pair
    assert list(programme.changes.all()) == [change]


def test_extension_without_the_mentees_agreement_is_refused(pair, mentor_with_pair):
    programme = ProgrammeFactory(group=pair)
    mentor = pair.memberships.get(role="mentor").person
    with pytest.raises(ValidationError, match="7.2"):
        services.programme_extend(
            programme=programme,
            by=mentor_with_pair,
            new_end=programme.end_date + datetime.timedelta(days=30),
            agreed=[mentor],
            agreed_on=programme.end_date,
            reason="Нужно больше времени",
        )
    assert not ProgrammeChange.objects.exists()


def test_plan_change_of_an_agreed_programme_is_recorded_a_draft_change_is_not(pair, mentor_with_pair):
    draft = ProgrammeFactory(group=pair, status=Programme.Status.DRAFT)
    row = {
        "id": None,
        "direction": "digital",
        "title": "Электронный журнал",
        "due_date": draft.start_date,
        "expected_result": "",
        "position": 0,
    }
    services.programme_plan_save(programme=draft, by=mentor_with_pair, rows=[row])
    assert draft.activities.count() == 1 and not draft.changes.exists()

    draft.status, draft.agreed_on = Programme.Status.AGREED, draft.start_date
    draft.save()
    activity = draft.activities.get()
    edit = {**row, "id": activity.pk, "title": "Электронный журнал и ЦОР"}
    with pytest.raises(ValidationError):
        services.programme_plan_save(programme=draft, by=mentor_with_pair, rows=[edit], agreed=[])
    services.programme_plan_save(
        programme=draft,
        by=mentor_with_pair,
        rows=[edit],
        agreed=_members(pair),
        agreed_on=draft.start_date,
        note="по итогам промежуточной анкеты",
    )
    change = draft.changes.get()
    assert change.kind == ProgrammeChange.Kind.PLAN
    assert "Электронный журнал и ЦОР" in change.description and "промежуточной" in change.description
    assert draft.activities.get().title == "Электронный журнал и ЦОР"


def test_activity_due_date_outside_the_programme_is_refused(pair, mentor_with_pair):
    programme = ProgrammeFactory(group=pair, status=Programme.Status.DRAFT)
    row = {
        "id": None,
        "direction": "digital",
        "title": "Поздно",
        "due_date": programme.end_date + datetime.timedelta(days=1),
        "expected_result": "",
        "position": 0,
    }
    with pytest.raises(ValidationError, match="Поздно"):
        services.programme_plan_save(programme=programme, by=mentor_with_pair, rows=[row])


def test_marking_an_activity_done_needs_an_agreed_programme(pair, mentor_with_pair):
    activity = ActivityFactory(programme=ProgrammeFactory(group=pair, status=Programme.Status.DRAFT))
    with pytest.raises(ValidationError):
        services.activity_set_status(activity=activity, by=mentor_with_pair, status="done")
    Programme.objects.filter(pk=activity.programme_id).update(status="agreed", agreed_on=activity.due_date)
    activity = services.activity_set_status(activity=activity, by=mentor_with_pair, status="done", on=d(2026, 12, 1))
    assert activity.done_on == d(2026, 12, 1)
    activity = services.activity_set_status(activity=activity, by=mentor_with_pair, status="in_progress")
    assert activity.done_on is None


# --- Meetings and feedback ---------------------------------------------------------------------------------------


def test_joint_work_meeting_makes_feedback_due_from_the_mentor_and_offered_to_the_mentee(pair, mentor_with_pair):
    mentee = pair.memberships.get(role="mentee").person
    meeting = services.meeting_log(
        group=pair,
        by=mentor_with_pair,
        kind=Meeting.Kind.JOINT_WORK,
        date=d(2026, 11, 10),
        format="in_person",
        notes="Разобрали урок",
        attendees=_members(pair),
    )
    requests = {r.role: r for r in meeting.feedback_requests.all()}
    assert set(requests) == {"mentor", "mentee"}
    assert requests["mentor"].required and requests["mentor"].due_date == d(2026, 11, 17)
    assert requests["mentor"].questionnaire.code == "meeting_feedback_mentor"
    assert not requests["mentee"].required and requests["mentee"].person == mentee
    assert not requests["mentee"].is_overdue(d(2027, 1, 1))
    assert requests["mentor"].is_overdue(d(2026, 11, 18))
    assert set(meeting.attendees.all()) == set(_members(pair))


def test_other_meetings_ask_for_no_feedback_and_a_kind_change_cancels_it(pair, mentor_with_pair):
    meeting = services.meeting_log(
        group=pair, by=mentor_with_pair, kind=Meeting.Kind.INTRODUCTION, date=d(2026, 11, 2), format="online"
    )
    assert not meeting.feedback_requests.exists()
    services.meeting_update(
        meeting=meeting, by=mentor_with_pair, kind=Meeting.Kind.JOINT_WORK, date=d(2026, 11, 3), format="online"
    )
    assert meeting.feedback_requests.filter(status="pending").count() == 2
    services.meeting_update(
        meeting=meeting, by=mentor_with_pair, kind=Meeting.Kind.PLANNING, date=d(2026, 11, 3), format="online"
    )
    assert meeting.feedback_requests.filter(status="pending").count() == 0


def test_meeting_attendance_only_of_members_and_not_by_another_mentor(pair, mentor_with_pair, other_mentor):
    stranger = factories.PersonFactory()
    with pytest.raises(ValidationError):
        services.meeting_log(
            group=pair, by=mentor_with_pair, kind="trial", date=d(2026, 11, 2), format="online", attendees=[stranger]
        )
    with pytest.raises(PermissionDenied):
        services.meeting_log(group=pair, by=other_mentor, kind="trial", date=d(2026, 11, 2), format="online")


def test_mentor_fills_the_feedback_form_once(pair, mentor_with_pair, other_mentor):
    meeting = MeetingFactory(group=pair, date=d(2026, 11, 10))
    services._meeting_feedback_create(meeting)
    request = meeting.feedback_requests.get(role="mentor")
    with pytest.raises(PermissionDenied):
        services.feedback_submit(feedback=request, by=other_mentor, answers={})
    response = services.feedback_submit(
        feedback=request, by=mentor_with_pair, answers=answers_for(request.questionnaire), today=d(2026, 11, 11)
    )
    request.refresh_from_db()
    assert request.status == "done" and request.response == response and response.group == pair
    assert not response.on_paper
    with pytest.raises(ValidationError):
        services.feedback_submit(feedback=request, by=mentor_with_pair, answers=answers_for(request.questionnaire))


def test_a_form_for_a_planned_meeting_opens_on_the_meeting_day(pair, mentor_with_pair):
    meeting = MeetingFactory(group=pair, date=d(2026, 12, 10))
    services._meeting_feedback_create(meeting)
    request = meeting.feedback_requests.get(role="mentor")
    with pytest.raises(ValidationError, match="10.12.2026"):
        services.feedback_submit(feedback=request, by=mentor_with_pair, answers={}, today=d(2026, 12, 9))


def test_interim_forms_fall_due_at_the_midpoint_once(pair):
    programme = ProgrammeFactory(group=pair, start_date=d(2026, 11, 1), end_date=d(2027, 5, 1))
    # 181 days: the midpoint is day 90, 30 January.
    assert services.feedback_requests_sync(today=d(2027, 1, 29)) == 0
    assert services.feedback_requests_sync(today=d(2027, 1, 30)) == 2
    assert services.feedback_requests_sync(today=d(2027, 2, 5)) == 0
    interim = FeedbackRequest.objects.filter(group=programme.group, kind="interim")
    assert {r.questionnaire.code for r in interim} == {"interim_feedback_mentor", "interim_feedback_mentee"}
    assert all(r.required and r.opens_on == d(2027, 1, 30) for r in interim)


def test_completion_needs_the_report_and_makes_satisfaction_forms_due(pair, mentor_with_pair, curator):
    programme = ProgrammeFactory(group=pair)
    with pytest.raises(ValidationError):
        services.programme_complete(programme=programme, by=curator, on=d(2027, 4, 1))
    services.programme_report_submit(
        programme=programme, by=mentor_with_pair, mentor_report="Программа выполнена", results_summary="Урок"
    )
    with pytest.raises(PermissionDenied):
        services.programme_complete(programme=programme, by=mentor_with_pair)
    services.programme_complete(programme=programme, by=curator, on=d(2027, 4, 1))
    programme.refresh_from_db()
    pair.refresh_from_db()
    assert programme.status == "completed" and programme.completed_on == d(2027, 4, 1)
    assert pair.status == GroupStatus.COMPLETED
    satisfaction = FeedbackRequest.objects.filter(group=pair, kind="satisfaction")
    assert {r.questionnaire.code for r in satisfaction} == {"satisfaction_mentor", "satisfaction_mentee"}
    assert services.feedback_requests_sync(today=d(2027, 4, 5)) == 0


def test_best_practice_only_for_a_completed_programme(pair, curator):
    programme = ProgrammeFactory(group=pair)
    with pytest.raises(ValidationError, match="8.2"):
        services.programme_mark_best_practice(
            programme=programme, by=curator, is_best_practice=True, case_description="Кейс"
        )
    Programme.objects.filter(pk=programme.pk).update(status="completed", completed_on=d(2027, 4, 1))
    programme = services.programme_mark_best_practice(
        programme=programme,
        by=curator,
        is_best_practice=True,
        case_description="Кейс: адаптация",
        publish_parts=["results", "note", "bogus"],
    )
    assert programme.is_best_practice and programme.publish_parts == ["note", "results"]


# --- Inactive groups ---------------------------------------------------------------------------------------------


def test_group_without_meetings_for_four_weeks_is_flagged(pair, other_pair):
    today = d(2027, 1, 20)
    MeetingFactory(group=pair, date=today - datetime.timedelta(weeks=5))
    MeetingFactory(group=other_pair, date=today - datetime.timedelta(weeks=2))
    MeetingFactory(group=other_pair, date=today + datetime.timedelta(days=3))  # planned: not a meeting held
    flagged = list(inactive_groups(today=today))
    assert [g.pk for g in flagged] == [pair.pk]
    assert flagged[0].quiet_since == today - datetime.timedelta(weeks=5)


def test_reminder_job_run_twice_sends_one_email_per_period(pair):
    today = d(2027, 1, 20)
    MeetingFactory(group=pair, date=today - datetime.timedelta(weeks=5))
    mentor = pair.memberships.get(role="mentor").person
    assert services.inactivity_reminders_send(today=today) == 1
    assert services.inactivity_reminders_send(today=today) == 0
    assert services.inactivity_reminders_send(today=today + datetime.timedelta(days=6)) == 0
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [mentor.email]
    assert mail.outbox[0].subject.startswith("Нет встреч") and "/programmes/my/" in mail.outbox[0].body
    # Four more silent weeks: a new period, one more reminder.
    assert services.inactivity_reminders_send(today=today + datetime.timedelta(weeks=4)) == 1
    assert len(mail.outbox) == 2
    # The database is the guarantee: the same period cannot be recorded twice.
    reminder = InactivityReminder.objects.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        InactivityReminder.objects.create(group=pair, quiet_since=reminder.quiet_since, period=reminder.period)


def test_reminder_task_runs_through_celery(pair):
    from programmes.tasks import remind_inactive_groups

    MeetingFactory(group=pair, date=datetime.date.today() - datetime.timedelta(weeks=6))
    assert remind_inactive_groups.delay().get() == 1
    assert remind_inactive_groups.delay().get() == 0
    assert len(mail.outbox) == 1


# --- Satisfaction aggregates -------------------------------------------------------------------------------------


def test_satisfaction_aggregates_average_per_question_for_mentors_and_mentees(year):
    from mentoring.services.questionnaires import response_submit

    mentor_q = Questionnaire.objects.get(code="satisfaction_mentor")
    mentee_q = Questionnaire.objects.get(code="satisfaction_mentee")
    for score in (6, 9):
        response_submit(
            questionnaire=mentor_q,
            respondent=factories.PersonFactory(),
            year=year,
            answers=answers_for(mentor_q, score),
        )
    response_submit(
        questionnaire=mentee_q, respondent=factories.PersonFactory(), year=year, answers=answers_for(mentee_q, 10)
    )
    other_year = factories.AcademicYearFactory(
        title="2020/2021", start_date=d(2020, 9, 1), end_date=d(2021, 5, 31), is_current=False
    )
    response_submit(
        questionnaire=mentor_q, respondent=factories.PersonFactory(), year=other_year, answers=answers_for(mentor_q, 1)
    )
    result = satisfaction_aggregates(year)
    assert result["mentor"]["respondents"] == 2 and result["mentor"]["average"] == 7.5
    first = result["mentor"]["questions"][0]
    assert first["number"] == 1 and first["average"] == 7.5 and first["answers"] == 2
    assert len(result["mentor"]["questions"]) == 5  # the scale questions only
    assert result["mentee"]["average"] == 10.0 and result["mentee"]["respondents"] == 1


def test_satisfaction_aggregates_of_an_empty_year(year):
    result = satisfaction_aggregates(year)
    assert result["mentor"] == {"respondents": 0, "average": None, "questions": []}


# --- Withdrawn consent -------------------------------------------------------------------------------------------


def test_withdrawn_consent_scrubs_programme_data_through_the_signal(pair, mentor_with_pair):
    from mentoring.services.withdrawal import consent_withdraw

    programme = ProgrammeFactory(group=pair, problem="Затруднения Петровой с дисциплиной")
    services.programme_extend(
        programme=programme,
        by=mentor_with_pair,
        new_end=programme.end_date + datetime.timedelta(days=20),
        agreed=_members(pair),
        agreed_on=programme.end_date,
        reason="Продление",
    )
    meeting = MeetingFactory(group=pair, notes="Обсудили семью наставляемой")
    services._meeting_feedback_create(meeting)
    mentee = pair.memberships.get(role="mentee").person
    old_name = mentee.short_name
    consent_withdraw(consent=mentee.consents.first(), on=datetime.date.today(), reason="заявление")
    mentee.refresh_from_db()
    assert mentee.is_anonymised
    assert meeting.feedback_requests.get(person=mentee).status == "cancelled"
    meeting.refresh_from_db()
    assert meeting.notes == ""
    programme.refresh_from_db()
    assert programme.problem == "" and programme.status == "terminated"
    change = programme.changes.get()
    assert old_name not in change.agreed_by and mentee.short_name in change.agreed_by
    assert meeting.feedback_requests.get(role="mentor").status == "cancelled"  # the pair ended early
