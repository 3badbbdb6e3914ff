"""Feedback forms by stage and the reminders about inactive groups."""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from mentoring.choices import GroupStatus
from mentoring.models import GroupMembership, MentoringGroup
from mentoring.selectors import valid_consent_exists
from mentoring.services.questionnaires import response_submit
from mentoring.signals import data_imported

from ..models import (
    FeedbackRequest,
    InactivityReminder,
    Programme,
)
from ..permissions import is_manager, person_of
from .common import STAGE_FEEDBACK_DAYS, _d
from .meetings import _stage_questionnaire

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
    from ..selectors import inactive_groups

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
