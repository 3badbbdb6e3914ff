"""Writes with rules: programmes (Regulation §1.2, §7, programme template), meetings (seed 002 item 3.5),
feedback forms and inactivity reminders."""

import calendar
import datetime
import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from mentoring.choices import CompletionReason, GroupStatus, MemberRole
from mentoring.constraints import constraint_errors
from mentoring.models import GroupMembership, MentoringGroup, Person, Questionnaire
from mentoring.permissions import require_manager
from mentoring.selectors import valid_consent_exists
from mentoring.services.consents import ensure_valid_consent
from mentoring.services.groups import group_complete
from mentoring.services.questionnaires import response_submit
from mentoring.signals import data_imported

from .models import (
    FeedbackRequest,
    InactivityReminder,
    Meeting,
    Programme,
    ProgrammeActivity,
    ProgrammeChange,
    ProgrammeTemplate,
    PublishPart,
)
from .permissions import ensure_can_edit_group_work, is_manager, person_of

logger = logging.getLogger(__name__)

MIN_MONTHS, MAX_MONTHS = 3, 12
MEETING_FEEDBACK_DAYS = 7  # the mentor fills the short form within a week of a joint-work meeting
STAGE_FEEDBACK_DAYS = 14  # interim and satisfaction questionnaires
MAX_DAYS_AHEAD = 120  # a meeting may be planned ahead, but not a whole year (a typo in the year)
NOTE_FIELDS = (
    "title",
    "problem",
    "goals",
    "tasks",
    "content",
    "interim_results",
    "planned_results",
    "schedule",
    "mode",
    "conditions",
)
# Which questionnaire (fixtures/questionnaires_feedback.json) a member fills at each stage.
QUESTIONNAIRE_CODES = {
    (FeedbackRequest.Kind.MEETING, MemberRole.MENTOR): "meeting_feedback_mentor",
    (FeedbackRequest.Kind.MEETING, MemberRole.MENTEE): "meeting_feedback_mentee",
    (FeedbackRequest.Kind.INTERIM, MemberRole.MENTOR): "interim_feedback_mentor",
    (FeedbackRequest.Kind.INTERIM, MemberRole.MENTEE): "interim_feedback_mentee",
    (FeedbackRequest.Kind.SATISFACTION, MemberRole.MENTOR): "satisfaction_mentor",
    (FeedbackRequest.Kind.SATISFACTION, MemberRole.MENTEE): "satisfaction_mentee",
}


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` calendar months later; the 31st falls back to the month's last day."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _d(day: datetime.date) -> str:
    return date_format(day, "d.m.Y")


def programme_period_check(start: datetime.date, end: datetime.date) -> None:
    """Regulation §1.2 and the programme template: from 3 months to 1 year, counted in calendar months."""
    shortest, longest = add_months(start, MIN_MONTHS), add_months(start, MAX_MONTHS)
    if end < shortest:
        raise ValidationError(
            {
                "end_date": _("A programme lasts at least three months: end it on %(date)s or later.")
                % {"date": _d(shortest)}
            }
        )
    if end > longest:
        raise ValidationError(
            {
                "end_date": _("A programme lasts at most one year: end it on %(date)s or earlier.")
                % {"date": _d(longest)}
            }
        )


def current_members(group: MentoringGroup) -> list[GroupMembership]:
    return list(group.memberships.filter(left_on__isnull=True).select_related("person"))


def _ensure_open_programme(programme: Programme) -> None:
    if programme.status in (Programme.Status.COMPLETED, Programme.Status.TERMINATED):
        raise ValidationError(_("The programme has ended and can no longer be changed."))


def _ensure_mutual_consent(group: MentoringGroup, agreed: list[Person]) -> list[Person]:
    """Regulation §7.2: the mentor and every mentee agree to a change; returns who agreed."""
    members = current_members(group)
    missing = [m.person.full_name for m in members if m.person not in agreed]
    if missing:
        raise ValidationError(
            {
                "agreed": _("The mentor and every mentee must agree (Regulation §7.2). Not ticked: %(names)s.")
                % {"names": ", ".join(missing)}
            }
        )
    return [m.person for m in members]


def _record_change(
    *, programme, kind, description, agreed: list[Person], agreed_on, by, previous_end=None, new_end=None
) -> ProgrammeChange:
    change = ProgrammeChange(
        programme=programme,
        kind=kind,
        description=description,
        agreed_by=", ".join(p.short_name for p in agreed),
        agreed_on=agreed_on,
        previous_end=previous_end,
        new_end=new_end,
        recorded_by=by,
    )
    change.full_clean()
    change.save()
    change.consenting.set(agreed)
    return change


# --- Programmes ---------------------------------------------------------------------------------------------


@transaction.atomic
def programme_create_from_template(
    *,
    group: MentoringGroup,
    by,
    start_date: datetime.date,
    end_date: datetime.date | None = None,
    template: ProgrammeTemplate | None = None,
) -> Programme:
    """Start the group's programme from the school's template, as a draft the mentor and curator complete."""
    ensure_can_edit_group_work(by, group)
    group = MentoringGroup.objects.select_for_update().get(pk=group.pk)
    if not group.is_open:
        raise ValidationError(_("This pair or group has ended; a programme cannot be started for it."))
    if Programme.objects.filter(group=group).exists():
        raise ValidationError(_("This pair or group already has a programme."))
    for membership in current_members(group):
        ensure_valid_consent(membership.person)
    if template is None:
        from .selectors import template_for_form

        template = template_for_form(group.form)  # issue 15 §5: the template of the pair's form
    if template is None:
        raise ValidationError(_("There is no programme template yet: the curator creates one first."))
    end_date = end_date or add_months(start_date, template.months)
    programme_period_check(start_date, end_date)
    programme = Programme(
        group=group,
        template=template,
        start_date=start_date,
        end_date=end_date,
        status=Programme.Status.DRAFT,
        **{name: getattr(template, name) for name in NOTE_FIELDS},
    )
    programme.full_clean()
    programme.save()
    ProgrammeActivity.objects.bulk_create(
        [
            ProgrammeActivity(
                programme=programme,
                direction=a.direction,
                title=a.title,
                expected_result=a.expected_result,
                due_date=min(start_date + datetime.timedelta(weeks=a.week), end_date),
                position=a.position,
            )
            for a in template.activities.all()
        ]
    )
    return programme


@transaction.atomic
def programme_update(*, programme: Programme, by, **fields) -> Programme:
    """Edit the explanatory note and the period while the programme is a draft."""
    ensure_can_edit_group_work(by, programme.group)
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    if programme.status != Programme.Status.DRAFT:
        raise ValidationError(
            _("The programme is agreed: change it by mutual consent (extension or change of the plan).")
        )
    unknown = set(fields) - set(NOTE_FIELDS) - {"start_date", "end_date"}
    if unknown:
        raise ValueError(f"not editable: {unknown}")
    for name, value in fields.items():
        setattr(programme, name, value)
    programme_period_check(programme.start_date, programme.end_date)
    programme.full_clean()
    with constraint_errors():
        programme.save()
    return programme


def _validate_activity(programme: Programme, row: dict) -> None:
    due = row.get("due_date")
    if due and not programme.start_date <= due <= programme.effective_end:
        raise ValidationError(
            _("«%(title)s»: the due date must fall within the programme, %(start)s – %(end)s.")
            % {"title": row.get("title", ""), "start": _d(programme.start_date), "end": _d(programme.effective_end)}
        )


@transaction.atomic
def programme_plan_save(
    *,
    programme: Programme,
    by,
    rows: list[dict],
    agreed: list[Person] | None = None,
    agreed_on: datetime.date | None = None,
    note: str = "",
) -> list[ProgrammeActivity]:
    """Save the plan of activities. A draft changes freely; an agreed plan changes by mutual consent (§7.2).

    Each row: {"id": pk or None, "delete": bool, "direction", "title", "due_date", "expected_result", "position"}.
    """
    ensure_can_edit_group_work(by, programme.group)
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    _ensure_open_programme(programme)
    existing = {a.pk: a for a in programme.activities.all()}
    added, changed, removed = [], [], []
    for row in rows:
        activity = existing.get(row.get("id")) if row.get("id") else None
        if row.get("id") and activity is None:
            raise ValidationError(_("An activity of another programme cannot be changed here."))
        if row.get("delete"):
            if activity is not None:
                removed.append(activity)
            continue
        _validate_activity(programme, row)
        values = {k: row.get(k) for k in ("direction", "title", "due_date", "expected_result", "position")}
        values["expected_result"] = values["expected_result"] or ""
        values["position"] = values["position"] or 0
        if activity is None:
            activity = ProgrammeActivity(programme=programme, **values)
            added.append(activity)
        elif any(getattr(activity, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(activity, k, v)
            changed.append(activity)
        else:
            continue
        activity.full_clean()
    if not (added or changed or removed):
        return list(programme.activities.all())
    if programme.status == Programme.Status.AGREED:
        who = _ensure_mutual_consent(programme.group, agreed or [])
        if agreed_on is None:
            raise ValidationError({"agreed_on": _("Give the date the change was agreed.")})
        parts = [
            *[_("added: %(title)s") % {"title": a.title} for a in added],
            *[_("changed: %(title)s") % {"title": a.title} for a in changed],
            *[_("removed: %(title)s") % {"title": a.title} for a in removed],
        ]
        description = "; ".join(parts) + (f". {note.strip()}" if note.strip() else "")
        _record_change(
            programme=programme,
            kind=ProgrammeChange.Kind.PLAN,
            description=description,
            agreed=who,
            agreed_on=agreed_on,
            by=by,
        )
    for activity in added + changed:
        activity.save()
    ProgrammeActivity.objects.filter(pk__in=[a.pk for a in removed]).delete()
    return list(programme.activities.all())


@transaction.atomic
def programme_agree(*, programme: Programme, by, on: datetime.date | None = None) -> Programme:
    """The curator marks the draft agreed: from then on changes need mutual consent."""
    require_manager(by)
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    if programme.status != Programme.Status.DRAFT:
        raise ValidationError(_("Only a draft programme can be agreed."))
    if not programme.activities.exists():
        raise ValidationError(_("Add at least one activity to the plan before agreeing the programme."))
    for membership in current_members(programme.group):
        ensure_valid_consent(membership.person)
    programme_period_check(programme.start_date, programme.end_date)
    programme.status = Programme.Status.AGREED
    programme.agreed_on = on or timezone.localdate()
    programme.full_clean()
    programme.save()
    return programme


@transaction.atomic
def programme_extend(
    *,
    programme: Programme,
    by,
    new_end: datetime.date,
    agreed: list[Person],
    agreed_on: datetime.date,
    reason: str,
) -> ProgrammeChange:
    """Regulation §7.2: the period is extended by mutual consent of the mentor and the mentee(s)."""
    ensure_can_edit_group_work(by, programme.group)
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    if programme.status != Programme.Status.AGREED:
        raise ValidationError(_("Only an agreed programme is extended; in a draft, change the end date."))
    previous = programme.effective_end
    if new_end <= previous:
        raise ValidationError({"new_end": _("The new end must be after %(date)s.") % {"date": _d(previous)}})
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the programme is extended.")})
    who = _ensure_mutual_consent(programme.group, agreed)
    programme.extended_until = new_end
    programme.full_clean()
    programme.save(update_fields=["extended_until", "updated_at"])
    return _record_change(
        programme=programme,
        kind=ProgrammeChange.Kind.EXTENSION,
        description=reason.strip(),
        agreed=who,
        agreed_on=agreed_on,
        by=by,
        previous_end=previous,
        new_end=new_end,
    )


@transaction.atomic
def activity_set_status(
    *, activity: ProgrammeActivity, by, status: str, on: datetime.date | None = None
) -> ProgrammeActivity:
    """The mentor (or curator) marks the progress of an activity of an agreed programme."""
    ensure_can_edit_group_work(by, activity.programme.group)
    activity = ProgrammeActivity.objects.select_for_update().select_related("programme").get(pk=activity.pk)
    if activity.programme.status != Programme.Status.AGREED:
        raise ValidationError(_("Progress is marked once the curator has agreed the programme."))
    if status not in ProgrammeActivity.Status.values:
        raise ValidationError(_("Unknown status."))
    activity.status = status
    activity.done_on = (on or timezone.localdate()) if status == ProgrammeActivity.Status.DONE else None
    activity.full_clean()
    activity.save(update_fields=["status", "done_on"])
    return activity


@transaction.atomic
def programme_report_submit(*, programme: Programme, by, mentor_report: str, results_summary: str) -> Programme:
    """The mentor's short report and the results achieved, before the curator completes the programme."""
    ensure_can_edit_group_work(by, programme.group)
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    if programme.status != Programme.Status.AGREED:
        raise ValidationError(_("The report is written for an agreed programme that is under way."))
    programme.mentor_report = mentor_report.strip()
    programme.results_summary = results_summary.strip()
    programme.full_clean()
    programme.save(update_fields=["mentor_report", "results_summary", "updated_at"])
    return programme


def plan_unfinished(programme: Programme) -> list[ProgrammeActivity]:
    """The plan's activities neither done nor cancelled."""
    return list(
        programme.activities.exclude(
            status__in=[ProgrammeActivity.Status.DONE, ProgrammeActivity.Status.CANCELLED]
        ).order_by("due_date", "pk")
    )


@transaction.atomic
def programme_complete(
    *, programme: Programme, by, on: datetime.date | None = None, unfinished_confirmed: bool = False
) -> Programme:
    """Regulation §7.1: the plan is done; the group completes and satisfaction questionnaires become due.

    A plan not done yet may still be completed (§7.1 lets the curator end it), but only once that is confirmed.
    """
    require_manager(by)
    programme = Programme.objects.select_for_update().select_related("group").get(pk=programme.pk)
    on = on or timezone.localdate()
    if programme.status != Programme.Status.AGREED:
        raise ValidationError(_("Only an agreed programme under way can be completed."))
    if not programme.mentor_report or not programme.results_summary:
        raise ValidationError(_("The mentor's report and the results achieved are needed to complete the programme."))
    left = plan_unfinished(programme)
    if left and not unfinished_confirmed:
        counted = programme.activities.exclude(status=ProgrammeActivity.Status.CANCELLED).count()
        raise ValidationError(
            _("The plan is not done: %(done)s of %(total)s done. Confirm to complete the programme anyway.")
            % {"done": counted - len(left), "total": counted},
            code="plan_unfinished",
        )
    if programme.group.is_open:
        group_complete(group=programme.group, reason=CompletionReason.PLAN_COMPLETED, on=on)
    programme.status = Programme.Status.COMPLETED
    programme.completed_on = on
    programme.full_clean()
    programme.save()
    feedback_requests_sync(today=on, group_ids=[programme.group_id])
    return programme


@transaction.atomic
def programme_mark_best_practice(
    *, programme: Programme, by, is_best_practice: bool, case_description: str = "", publish_parts: list[str] = ()
) -> Programme:
    """The curator adds a completed programme to the best practices and chooses what may be published (§8)."""
    require_manager(by)
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    if is_best_practice:
        if programme.status != Programme.Status.COMPLETED:
            raise ValidationError(_("Only a completed programme can be a best practice (Regulation §8.2)."))
        if not case_description.strip():
            raise ValidationError({"case_description": _("Describe the case in a few sentences.")})
    programme.is_best_practice = is_best_practice
    programme.case_description = case_description.strip()
    programme.publish_parts = [p for p in PublishPart.values if p in set(publish_parts)] if is_best_practice else []
    programme.full_clean()
    programme.save()
    return programme


# --- Meetings -----------------------------------------------------------------------------------------------


def group_start(group: MentoringGroup) -> datetime.date:
    """The day the pair or group starts working: its planned start, or the order's date if that is earlier."""
    return min(d for d in (group.planned_start, group.approved_on) if d is not None)


def _check_meeting(group: MentoringGroup, date: datetime.date, attendees: list[Person]) -> None:
    if group.status not in (GroupStatus.APPROVED, GroupStatus.ACTIVE):
        raise ValidationError(_("Meetings are logged for pairs and groups approved by order and not yet ended."))
    start = group_start(group)
    if date < start:
        raise ValidationError(
            {"date": _("The pair or group starts on %(date)s; a meeting cannot be earlier.") % {"date": _d(start)}}
        )
    if date > timezone.localdate() + datetime.timedelta(days=MAX_DAYS_AHEAD):
        raise ValidationError({"date": _("The date is too far ahead; check the year.")})
    member_ids = {m.person_id for m in current_members(group)}
    if any(p.pk not in member_ids for p in attendees):
        raise ValidationError({"attendees": _("Only members of the pair or group can be marked present.")})


def _stage_questionnaire(kind: str, role: str) -> Questionnaire:
    code = QUESTIONNAIRE_CODES[(kind, role)]
    questionnaire = Questionnaire.objects.filter(code=code, is_active=True).first()
    if questionnaire is None:
        raise ValidationError(
            _("The questionnaire «%(code)s» is missing: run «manage.py load_programme_fixtures».") % {"code": code}
        )
    return questionnaire


def _meeting_feedback_create(meeting: Meeting) -> None:
    """Seed 002 item 3.5: every joint-work meeting is followed by feedback — due from the mentor, offered to mentees."""
    for membership in current_members(meeting.group):
        if membership.person.is_anonymised:
            continue
        FeedbackRequest.objects.get_or_create(
            meeting=meeting,
            person=membership.person,
            defaults={
                "group": meeting.group,
                "role": membership.role,
                "kind": FeedbackRequest.Kind.MEETING,
                "questionnaire": _stage_questionnaire(FeedbackRequest.Kind.MEETING, membership.role),
                "required": membership.role == MemberRole.MENTOR,
                "opens_on": meeting.date,
                "due_date": meeting.date + datetime.timedelta(days=MEETING_FEEDBACK_DAYS),
            },
        )


@transaction.atomic
def meeting_log(
    *,
    group: MentoringGroup,
    by,
    kind: str,
    date: datetime.date,
    format: str,
    topic: str = "",
    notes: str = "",
    attendees: list[Person] = (),
) -> Meeting:
    """The mentor logs a meeting; the usual order (introduction first, final last) is suggested, not forced."""
    ensure_can_edit_group_work(by, group)
    _check_meeting(group, date, list(attendees))
    meeting = Meeting(group=group, kind=kind, date=date, format=format, topic=topic, notes=notes, logged_by=by)
    meeting.full_clean()
    meeting.save()
    meeting.attendees.set(attendees)
    if kind == Meeting.Kind.JOINT_WORK:
        _meeting_feedback_create(meeting)
    return meeting


@transaction.atomic
def meeting_update(
    *,
    meeting: Meeting,
    by,
    kind: str,
    date: datetime.date,
    format: str,
    topic: str = "",
    notes: str = "",
    attendees: list[Person] = (),
) -> Meeting:
    ensure_can_edit_group_work(by, meeting.group)
    meeting = Meeting.objects.select_for_update().select_related("group").get(pk=meeting.pk)
    _check_meeting(meeting.group, date, list(attendees))
    meeting.kind, meeting.date, meeting.format, meeting.topic, meeting.notes = kind, date, format, topic, notes
    meeting.full_clean()
    meeting.save()
    meeting.attendees.set(attendees)
    pending = meeting.feedback_requests.filter(status=FeedbackRequest.Status.PENDING)
    if kind == Meeting.Kind.JOINT_WORK:
        pending.update(opens_on=date, due_date=date + datetime.timedelta(days=MEETING_FEEDBACK_DAYS))
        _meeting_feedback_create(meeting)
    else:
        pending.update(status=FeedbackRequest.Status.CANCELLED)
    return meeting


# --- Feedback -----------------------------------------------------------------------------------------------


@transaction.atomic
def feedback_submit(*, feedback: FeedbackRequest, by, answers: dict, today: datetime.date | None = None):
    """The respondent fills their form; the curator may enter a paper form for them."""
    feedback = (
        FeedbackRequest.objects.select_for_update()
        .select_related("group", "questionnaire", "person")
        .get(pk=feedback.pk)
    )
    person = person_of(by)
    own = person is not None and person.pk == feedback.person_id
    if not own and not is_manager(by):
        raise PermissionDenied
    if feedback.status != FeedbackRequest.Status.PENDING:
        raise ValidationError(_("This form has already been filled or is no longer needed."))
    if feedback.opens_on > (today or timezone.localdate()):
        raise ValidationError(_("This form can be filled from %(date)s.") % {"date": _d(feedback.opens_on)})
    response = response_submit(
        questionnaire=feedback.questionnaire,
        respondent=feedback.person,
        year=feedback.group.year,
        answers=answers,
        filled_by=by,
        on_paper=not own,
        group=feedback.group,
    )
    feedback.response = response
    feedback.status = FeedbackRequest.Status.DONE
    feedback.completed_at = timezone.now()
    feedback.full_clean()
    feedback.save()
    return response


def _stage_requests(group, memberships, kind, opens_on) -> list[FeedbackRequest]:
    return [
        FeedbackRequest(
            group=group,
            person=m.person,
            role=m.role,
            kind=kind,
            questionnaire=_stage_questionnaire(kind, m.role),
            required=True,
            opens_on=opens_on,
            due_date=opens_on + datetime.timedelta(days=STAGE_FEEDBACK_DAYS),
        )
        for m in memberships
        if not m.person.is_anonymised and m.has_valid_consent
    ]


@transaction.atomic
def feedback_requests_sync(*, today: datetime.date | None = None, group_ids: list[int] | None = None) -> int:
    """Make interim forms due at the programme's midpoint and satisfaction forms at completion; idempotent
    (the unique constraints drop repeats). Forms of terminated groups are no longer needed. Returns how many."""
    today = today or timezone.localdate()
    members = GroupMembership.objects.select_related("person").annotate(
        has_valid_consent=valid_consent_exists(today, person_ref="person_id")
    )
    programmes = Programme.objects.filter(status=Programme.Status.AGREED, group__status=GroupStatus.ACTIVE)
    completed = MentoringGroup.objects.filter(status=GroupStatus.COMPLETED).exclude(
        Exists(FeedbackRequest.objects.filter(group=OuterRef("pk"), kind=FeedbackRequest.Kind.SATISFACTION))
    )
    if group_ids is not None:
        programmes, completed = programmes.filter(group_id__in=group_ids), completed.filter(pk__in=group_ids)
    programmes = programmes.exclude(
        Exists(FeedbackRequest.objects.filter(group=OuterRef("group_id"), kind=FeedbackRequest.Kind.INTERIM))
    ).select_related("group")
    new = []
    for programme in programmes:
        midpoint = programme.start_date + (programme.effective_end - programme.start_date) / 2
        if midpoint <= today:
            current = [m for m in members.filter(group=programme.group, left_on__isnull=True)]
            new += _stage_requests(programme.group, current, FeedbackRequest.Kind.INTERIM, midpoint)
    for group in completed:
        at_end = list(members.filter(group=group, left_on=group.ended_on))
        new += _stage_requests(group, at_end, FeedbackRequest.Kind.SATISFACTION, group.ended_on)
    created = FeedbackRequest.objects.bulk_create(new, ignore_conflicts=True)
    closed = _close_work_of_terminated_groups()
    if created or closed:  # bulk writes send no post_save: the figures cached by data version are told after commit
        transaction.on_commit(lambda: data_imported.send(sender=FeedbackRequest, target=None))
    return len(created)


def _close_work_of_terminated_groups() -> int:
    """A group ended early (Regulation §7.1): its programme is terminated and its pending forms are not needed.
    Returns how many rows changed."""
    forms = FeedbackRequest.objects.filter(
        group__status=GroupStatus.TERMINATED, status=FeedbackRequest.Status.PENDING
    ).update(status=FeedbackRequest.Status.CANCELLED)
    programmes = Programme.objects.filter(
        group__status=GroupStatus.TERMINATED, status__in=[Programme.Status.DRAFT, Programme.Status.AGREED]
    ).update(status=Programme.Status.TERMINATED)
    return forms + programmes


# --- Inactive groups ----------------------------------------------------------------------------------------


def inactivity_reminders_send(*, today: datetime.date | None = None) -> int:
    """Remind the mentors of groups with no meeting for MENTORING_INACTIVITY_WEEKS weeks; once per silent period.

    The period is counted from the last meeting (or the programme's start): weeks 4–7 of silence are period 1,
    weeks 8–11 period 2, and so on. The unique constraint on (group, quiet_since, period) makes a second run,
    even a concurrent one, send nothing."""
    from .selectors import inactive_groups

    today = today or timezone.localdate()
    weeks = settings.MENTORING_INACTIVITY_WEEKS
    sent = 0
    for group in inactive_groups(today=today):
        period = (today - group.quiet_since).days // (7 * weeks)
        emails = sorted({m.person.email or getattr(m.person.user, "email", "") for m in group.current_mentors} - {""})
        try:
            with transaction.atomic():
                reminder = InactivityReminder.objects.create(
                    group=group, quiet_since=group.quiet_since, period=period, recipients=len(emails)
                )
                if emails:
                    _send_reminder(group, emails, reminder)
        except IntegrityError:
            continue  # already reminded in this period
        sent += 1 if emails else 0
    return sent


def _link(name: str) -> str:
    return getattr(settings, "SITE_URL", "").rstrip("/") + reverse(name)


def _send_reminder(group, emails, reminder) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("No meetings logged for %(group)s") % {"group": group}
        body = _(
            "Dear colleague,\n\nno meeting of %(group)s has been logged since %(date)s. Please log the meetings "
            "held, or plan the next one with your mentee(s): %(link)s\n\nThe mentoring curator"
        ) % {"group": group, "date": _d(reminder.quiet_since), "link": _link("programmes:my")}
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, emails)


# --- Withdrawn consent --------------------------------------------------------------------------------------


@transaction.atomic
def person_scrub(*, person: Person) -> None:
    """After a person withdrew consent and was anonymised (mentoring.signals.person_anonymised):
    their pending forms are no longer asked for; meeting notes of their groups are erased (they speak of the
    members); a programme whose only mentee they were loses its personal texts and its best-practice case;
    names written into change records are rewritten from the (now anonymised) people."""
    FeedbackRequest.objects.filter(person=person, status=FeedbackRequest.Status.PENDING).update(
        status=FeedbackRequest.Status.CANCELLED
    )
    group_ids = list(GroupMembership.objects.filter(person=person).values_list("group_id", flat=True))
    Meeting.objects.filter(group_id__in=group_ids).exclude(notes="").update(notes="")
    sole_mentee_groups = [
        pk
        for pk in group_ids
        if list(GroupMembership.objects.filter(group_id=pk, role=MemberRole.MENTEE).values_list("person_id", flat=True))
        == [person.pk]
    ]
    Programme.objects.filter(group_id__in=sole_mentee_groups).update(
        problem="",
        mentor_report="",
        results_summary="",
        case_description="",
        is_best_practice=False,
        publish_parts=[],
    )
    for change in ProgrammeChange.objects.filter(consenting=person).prefetch_related("consenting"):
        change.agreed_by = ", ".join(p.short_name for p in change.consenting.all())
        change.save(update_fields=["agreed_by"])
    _close_work_of_terminated_groups()
