"""«Invite everyone without an account» of a bank or a class: a job row, a Celery task, progress, and a sweeper.

Every job ends (DESIGN, the document engine): the task is idempotent (people who got an account are skipped on a
re-run), it beats a heartbeat after each person, and the sweeper re-queues a silent job or fails it with a reason.
"""

import datetime
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError as KombuOperationalError

from ..kinds import unit_normalise
from ..models import AcademicYear, InvitationBatch, Person
from .accounts import account_invite

logger = logging.getLogger(__name__)
Status = InvitationBatch.Status
# Starts plus re-queues by the sweeper: a job whose broker stays down also ends, failed with a reason.
MAX_ATTEMPTS = 5
BANKS = {"mentors": "mentor_profiles", "mentees": "mentee_profiles"}


def scope_clean(*, bank: str = "", year: AcademicYear | None = None, grade: str = "") -> dict:
    grade = unit_normalise(grade)[:100]
    if grade:
        return {"grade": grade}
    if bank in BANKS and year is not None:
        return {"bank": bank, "year_id": year.pk}
    raise ValidationError(_("Choose a bank or a class to invite."))


def scope_title(scope: dict) -> str:
    if "grade" in scope:
        return _("Invitations: class %(grade)s") % {"grade": scope["grade"]}
    if scope.get("bank") == "mentors":
        return _("Invitations: mentor bank")
    return _("Invitations: mentee bank")


def people_in_scope(scope: dict):
    people = Person.objects.active()
    if "grade" in scope:
        people = people.filter(grade=scope["grade"])
    else:
        relation = BANKS[scope["bank"]]
        people = people.filter(Q(**{f"{relation}__year_id": scope["year_id"]}) & ~Q(**{f"{relation}__status": "left"}))
    return people.distinct()


def people_without_account(scope: dict):
    return people_in_scope(scope).filter(user__isnull=True).order_by("last_name", "first_name", "pk")


@transaction.atomic
def invitation_batch_request(*, scope: dict, by) -> InvitationBatch:
    batch = InvitationBatch.objects.create(scope=scope, title=scope_title(scope)[:200], requested_by=by)
    _enqueue(batch)
    return batch


def _enqueue(batch: InvitationBatch) -> None:
    from ..tasks import run_invitation_batch

    batch_id = str(batch.pk)

    def send():
        try:
            run_invitation_batch.delay(batch_id)
        except KombuOperationalError:
            # The row stays queued without a heartbeat: the sweeper queues it again when the broker is back.
            logger.exception("invitation batch %s: the broker refused the task", batch_id)

    transaction.on_commit(send)


def _claim(batch_id) -> tuple[InvitationBatch, list[int]] | None:
    with transaction.atomic():
        batch = InvitationBatch.objects.select_for_update().filter(pk=batch_id).first()
        if batch is None or batch.is_finished:
            return None
        remaining = people_without_account(batch.scope)
        with_email = list(remaining.exclude(email="").values_list("pk", flat=True))
        batch.without_email = remaining.filter(email="").count()
        batch.status = Status.RUNNING
        batch.attempts += 1
        batch.heartbeat_at = timezone.now()
        batch.progress_total = batch.progress_done + len(with_email)
        batch.save()
        return batch, with_email


def invitation_batch_run(*, batch_id) -> InvitationBatch | None:
    """The task's body: invite each person still without an account; progress after each one."""
    claimed = _claim(batch_id)
    if claimed is None:
        return None
    batch, person_ids = claimed
    by = batch.requested_by
    for person in Person.objects.filter(pk__in=person_ids).order_by("last_name", "first_name", "pk"):
        outcome = "invited"
        try:
            if person.user_id is None:
                account_invite(person=person, by=by)
            else:
                outcome = "skipped"
        except ValidationError as exc:
            logger.info("batch %s: %s not invited: %s", batch_id, person.pk, exc.messages)
            outcome = "skipped"
        InvitationBatch.objects.filter(pk=batch.pk).update(
            progress_done=F("progress_done") + 1, heartbeat_at=timezone.now(), **{outcome: F(outcome) + 1}
        )
    InvitationBatch.objects.filter(pk=batch.pk).update(status=Status.DONE, finished_at=timezone.now())
    batch.refresh_from_db()
    return batch


def invitation_batch_fail(*, batch_id, message: str = "") -> None:
    message = message or _("The invitations could not be sent because of an internal error. Try again.")
    InvitationBatch.objects.filter(pk=batch_id).exclude(status=Status.DONE).update(
        status=Status.FAILED, error=message, finished_at=timezone.now()
    )


def invitation_batches_sweep(*, now: datetime.datetime | None = None) -> int:
    """Re-queue jobs that stopped beating (or never started); fail them after MAX_ATTEMPTS starts and re-queues,
    so a job ends even when its broker stays down. Returns how many jobs it touched."""
    now = now or timezone.now()
    limit = now - datetime.timedelta(minutes=settings.ACCOUNT_BATCH_STALE_MINUTES)
    stale = InvitationBatch.objects.filter(status__in=[Status.QUEUED, Status.RUNNING]).filter(
        Q(heartbeat_at__lt=limit) | Q(heartbeat_at__isnull=True, requested_at__lt=limit)
    )
    count = 0
    for batch in stale:
        count += 1
        if batch.attempts >= MAX_ATTEMPTS:
            invitation_batch_fail(
                batch_id=batch.pk,
                message=_(
                    "The job stopped %(n)s times without finishing. Start it again; people already invited are skipped."
                )
                % {"n": batch.attempts},
            )
            continue
        with transaction.atomic():
            InvitationBatch.objects.filter(pk=batch.pk).update(
                status=Status.QUEUED, heartbeat_at=now, attempts=F("attempts") + 1
            )
            _enqueue(batch)
    return count
