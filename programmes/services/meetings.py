"""Meetings of a pair or group (seed 002 item 3.5) and the feedback form each joint-work meeting opens."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mentoring.choices import GroupStatus, MemberRole
from mentoring.models import MentoringGroup, Person, Questionnaire

from ..models import (
    FeedbackRequest,
    Meeting,
)
from ..permissions import ensure_can_edit_group_work
from .common import MAX_DAYS_AHEAD, MEETING_FEEDBACK_DAYS, QUESTIONNAIRE_CODES, _d, current_members

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
