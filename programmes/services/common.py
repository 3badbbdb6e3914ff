"""What the programme services share: periods, members, consent checks and the change log."""

import calendar
import datetime
import logging

from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from mentoring.choices import MemberRole
from mentoring.models import GroupMembership, MentoringGroup, Person

from ..models import (
    FeedbackRequest,
    Programme,
    ProgrammeChange,
)

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
