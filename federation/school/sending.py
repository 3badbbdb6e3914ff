"""Sending the school's package to its office: a job that always ends (DESIGN «Every job ends»).

A sending is queued (nightly, or «Отправить сейчас»), enqueued after commit, claimed by a worker (running, with the
document engine's heartbeat), and ends accepted, refused with the office's reason, or — while the office does not
answer — visibly waiting to retry (`next_attempt_at`, back-off FEDERATION_RETRY_DELAYS), then failed with a reason
after the last try. The sweeper re-enqueues rows nobody is working on: running with a silent heartbeat, queued too
long, or past their next attempt. A package downloaded as a file is a sending too (trigger «file»).
"""

import json
import logging
from contextlib import nullcontext
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from kombu.exceptions import OperationalError as BrokerError

from reports.services.jobs import heartbeat, on_fresh_connection

from ..models import PackageSending
from ..package import package_checksum
from ..package.build import PackageError, package_build
from .client import HubRefused, HubUnreachable, call
from .connection import active_connection, feedback_store

logger = logging.getLogger(__name__)
Status = PackageSending.Status
ACTIVE = (Status.QUEUED, Status.RUNNING, Status.RETRYING)
STEPS = 3  # build, send, store the answer


def max_attempts() -> int:
    return len(settings.FEDERATION_RETRY_DELAYS) + 1


def _enqueue(sending_id: int, countdown: float = 0, *, fail_if_down: bool = False) -> None:
    from ..tasks import send_package

    try:
        send_package.apply_async((sending_id,), countdown=countdown)
    except (BrokerError, OSError) as exc:
        logger.error("package sending %s: the broker refused the job: %s", sending_id, exc)
        if fail_if_down:  # the user pressed the button: say so now (the document engine's rule)
            _finish(sending_id, Status.FAILED, _("The job queue is unavailable right now, so the package was not "
                    "sent. Try again in a few minutes; if it fails again, tell the administrator."))  # fmt: skip
        # Otherwise the row stays queued/retrying: the sweeper enqueues it again, or fails it after the queue limit.


def sending_request(*, trigger: str = PackageSending.Trigger.MANUAL, user=None) -> PackageSending:
    """Queue a sending (or return the one already under way); `ValidationError` when the school is not connected."""
    if active_connection() is None:
        raise ValidationError(_("The school is not connected to a municipal office."))
    with transaction.atomic():
        current = PackageSending.objects.select_for_update().filter(status__in=ACTIVE).first()
        if current is not None:
            return current
        sending = PackageSending.objects.create(
            trigger=trigger, requested_by=user if user and user.is_authenticated else None, progress_total=STEPS
        )
        sending_id = sending.pk
        transaction.on_commit(lambda: _enqueue(sending_id, fail_if_down=True))
    return sending


def package_file(*, user=None) -> PackageSending:
    """The package as a .json file to carry to the office (no network): a finished sending with the file."""
    try:
        package = package_build()
    except PackageError as exc:
        raise ValidationError(str(exc)) from exc
    content = json.dumps(package, ensure_ascii=False, indent=2).encode("utf-8")
    sending = PackageSending(
        trigger=PackageSending.Trigger.FILE, status=Status.DONE, academic_year=package["academic_year"]["title"],
        checksum=package_checksum(package), progress_done=1, progress_total=1, attempts=1,
        requested_by=user if user and user.is_authenticated else None, finished_at=timezone.now(),
        message=_("Downloaded as a file for the office to upload."),
    )  # fmt: skip
    sending.package.save(f"package-{sending.checksum[:12]}.json", ContentFile(content), save=False)
    sending.save()
    return sending


def _claim(sending_id: int, takeover: bool) -> PackageSending | None:
    now = timezone.now()
    with transaction.atomic():
        sending = PackageSending.objects.select_for_update().filter(pk=sending_id).first()
        if sending is None or sending.status in (Status.DONE, Status.REFUSED, Status.FAILED):
            return None
        if sending.status == Status.RUNNING and not takeover:
            alive = now - timedelta(seconds=settings.FEDERATION_STALE_SECONDS)
            if sending.heartbeat_at and sending.heartbeat_at > alive:
                return None  # another worker holds it
        sending.status, sending.heartbeat_at, sending.next_attempt_at = Status.RUNNING, now, None
        sending.attempts = F("attempts") + 1
        sending.save(update_fields=["status", "heartbeat_at", "next_attempt_at", "attempts"])
    sending.refresh_from_db()
    return sending


def _progress(sending: PackageSending, done: int, **fields) -> None:
    PackageSending.objects.filter(pk=sending.pk).update(
        progress_done=max(done, sending.progress_done), heartbeat_at=timezone.now(), **fields
    )
    sending.progress_done = max(done, sending.progress_done)


def _finish(sending_id: int, status: str, message: str, **fields) -> None:
    def write():
        return (
            PackageSending.objects.filter(pk=sending_id)
            .exclude(status__in=(Status.DONE, Status.REFUSED))
            .update(status=status, message=message[:2000], finished_at=timezone.now(), next_attempt_at=None, **fields)
        )

    on_fresh_connection(write)


def _retry_or_fail(sending: PackageSending, reason: str) -> None:
    """The office did not answer: wait and try again (visibly), or fail with the reason after the last try."""
    if sending.attempts >= max_attempts():
        _finish(sending.pk, Status.FAILED, _("The municipal office did not answer after %(n)s tries (%(reason)s). "
                "Press «Send now» later or download the package as a file.") % {"n": sending.attempts,
                                                                                 "reason": reason})  # fmt: skip
        return
    delay = settings.FEDERATION_RETRY_DELAYS[sending.attempts - 1]
    at = timezone.now() + timedelta(seconds=delay)
    message = _("The municipal office does not answer (%(reason)s); next try at %(time)s.") % {
        "reason": reason, "time": timezone.localtime(at).strftime("%d.%m.%Y %H:%M:%S")}  # fmt: skip
    updated = PackageSending.objects.filter(pk=sending.pk, status=Status.RUNNING).update(
        status=Status.RETRYING, next_attempt_at=at, message=message, heartbeat_at=None
    )
    # A countdown longer than the broker's visibility timeout would come back early as a second message: such a try
    # is left to the sweeper, which enqueues a row overdue by FEDERATION_STALE_SECONDS.
    visibility = settings.CELERY_BROKER_TRANSPORT_OPTIONS.get("visibility_timeout", 3600)
    if updated and delay + settings.FEDERATION_TIMEOUT_SECONDS < visibility:
        sending_id = sending.pk
        transaction.on_commit(lambda: _enqueue(sending_id, countdown=delay))


def sending_run(*, sending_id: int, takeover: bool = False, beat: bool = False) -> PackageSending | None:
    """Build, send, store the answer. Errors of the office's network are retried; a refusal ends the sending."""
    sending = _claim(sending_id, takeover)
    if sending is None:
        return None
    connection = active_connection()
    if connection is None:
        _finish(sending.pk, Status.FAILED, _("The school is not connected to a municipal office."))
        return sending
    rows = PackageSending.objects.filter(pk=sending.pk, status=Status.RUNNING)
    with heartbeat(sending.pk, rows=rows) if beat else nullcontext():
        try:
            package = package_build()
        except PackageError as exc:
            _finish(sending.pk, Status.FAILED, str(exc))
            return sending
        checksum = package_checksum(package)
        _progress(sending, 1, academic_year=package["academic_year"]["title"], checksum=checksum)
        raw = json.dumps(package, ensure_ascii=False).encode("utf-8")
        try:
            answer = call(connection.hub_url, "packages", payload=raw, token=connection.token)
        except HubUnreachable as exc:
            _retry_or_fail(sending, str(exc))
            return sending
        except HubRefused as exc:
            _finish(sending.pk, Status.REFUSED, str(exc))
            return sending
        if not isinstance(answer, dict):
            _retry_or_fail(sending, _("the office's answer is not readable"))
            return sending
        _progress(sending, 2)
        feedback_store(answer.get("feedback") or {}, connection=connection)
        said = pgettext("sending", "accepted") if answer.get("status") == "accepted" else _(
            "accepted earlier, nothing changed"
        )
        _finish(sending.pk, Status.DONE, str(said), progress_done=STEPS)
    return sending


def sending_fail(*, sending_id: int, exc: BaseException) -> None:
    """An unexpected error: the sending fails with a readable reason (the log has the details)."""
    _finish(sending_id, Status.FAILED, _("The package could not be sent because of an internal error (%(error)s). "
            "Tell the administrator.") % {"error": exc.__class__.__name__})  # fmt: skip


def sendings_sweep(*, now=None) -> dict:
    """Re-enqueue sendings nobody works on: running with a silent heartbeat, queued too long, past their next try.
    A running one that went silent counts as a try; after the last, it fails with a reason."""
    now = now or timezone.now()
    stale = now - timedelta(seconds=settings.FEDERATION_STALE_SECONDS)
    stuck = (
        Q(status=Status.RUNNING, heartbeat_at__lt=stale)
        | Q(status=Status.QUEUED, heartbeat_at__lt=stale)
        | Q(status=Status.QUEUED, heartbeat_at__isnull=True, created_at__lt=stale)
        | Q(status=Status.RETRYING, next_attempt_at__lt=stale)
    )
    counts = {"requeued": 0, "failed": 0}
    too_old = now - timedelta(seconds=settings.FEDERATION_QUEUED_LIMIT_SECONDS)
    for pk in PackageSending.objects.filter(stuck).values_list("pk", flat=True)[:100]:
        with transaction.atomic():
            sending = PackageSending.objects.select_for_update(skip_locked=True).filter(stuck, pk=pk).first()
            if sending is None:
                continue
            if sending.status == Status.QUEUED and sending.created_at < too_old:
                sending.status, sending.finished_at = Status.FAILED, now
                sending.message = _("The sending waited in the queue and was never started (the job service does "
                                    "not answer). Press «Send now» later; if it fails again, tell the "
                                    "administrator.")  # fmt: skip
                counts["failed"] += 1
            elif sending.status == Status.RUNNING and sending.attempts >= max_attempts():
                sending.status, sending.finished_at = Status.FAILED, now
                sending.message = _("The sending stopped while running, several times. Press «Send now»; if it "
                                    "fails again, tell the administrator.")  # fmt: skip
                counts["failed"] += 1
            else:
                # The heartbeat of a queued row is its time of queueing: the wait is measured afresh.
                sending.status, sending.heartbeat_at, sending.next_attempt_at = Status.QUEUED, now, None
                transaction.on_commit(lambda pk=pk: _enqueue(pk))
                counts["requeued"] += 1
            sending.save(update_fields=["status", "finished_at", "message", "heartbeat_at", "next_attempt_at"])
    if counts["requeued"] or counts["failed"]:
        logger.warning("package sending sweeper: %s", counts)
    return counts
