"""Every document job ends: done, failed with a reason, or visibly queued again — never left queued or running.

The pieces (DESIGN.md, «Every job ends»): a heartbeat while a job runs; enqueueing only after commit, a broker error
failing the row with a message; a failure path that opens a fresh database connection and retries; a periodic
sweeper that re-queues a job whose heartbeat stopped or that never started, a few times, then fails it.
"""

import logging
import threading
import time
from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError as BrokerError

from ..models import GeneratedDocument

logger = logging.getLogger(__name__)
Status = GeneratedDocument.Status

# Errors of a database that blinked; worth another try.
DATABASE_DOWN = (OperationalError, InterfaceError)


def on_fresh_connection(write):
    """Run `write()` on a new database connection, retrying while the database is unreachable.

    The failure path must not depend on the connection that has just failed; each try closes it first (outside a
    transaction only: inside one, as in the tests, the connection is the transaction's).
    """
    delays = settings.DOCUMENTS_FAIL_RETRY_DELAYS
    for number, delay in enumerate(delays, start=1):
        time.sleep(delay)
        if not connection.in_atomic_block:
            connection.close()
        try:
            return write()
        except DATABASE_DOWN as exc:
            if number == len(delays):
                raise
            logger.warning("database unavailable (try %s of %s): %s", number, len(delays), exc)
    return None


def document_mark_failed(*, document_id, message: str) -> int:
    """Fail an unfinished job with a message for the user; a done job stays done. Retries on a fresh connection."""

    def write():
        return (
            GeneratedDocument.objects.filter(pk=document_id)
            .exclude(status=Status.DONE)
            .update(status=Status.FAILED, error=message[:2000], notice="", finished_at=timezone.now())
        )

    return on_fresh_connection(write)


def broker_down_message() -> str:
    return _(
        "The job queue is unavailable right now, so the document was not started. Try again in a few minutes; "
        "if it fails again, tell the administrator."
    )


def send_or_fail(send, *, what: str, mark_failed) -> bool:
    """Publish a task (called after commit); a broker that is down records the reason with `mark_failed(message)`."""
    try:
        send()
    except (BrokerError, OSError) as exc:
        logger.error("%s: the broker refused the job: %s", what, exc)
        mark_failed(broker_down_message())
        return False
    return True


def document_enqueue(document_id: str) -> bool:
    """Hand the job to the worker (called after commit). A broker that is down fails the row, with a reason."""
    from ..tasks import render_document

    return send_or_fail(
        lambda: render_document.apply_async((document_id,)),
        what=f"document {document_id}",
        mark_failed=lambda message: document_mark_failed(document_id=document_id, message=message),
    )


def enqueue_on_commit(document: GeneratedDocument) -> None:
    # The worker must see the committed row: enqueue only after the transaction commits.
    document_id = str(document.pk)
    transaction.on_commit(lambda: document_enqueue(document_id))


@contextmanager
def heartbeat(document_id, chunk_id=None, *, rows=None):
    """While the block runs, a thread stamps the job's `heartbeat_at` every DOCUMENTS_HEARTBEAT_SECONDS.

    A worker that dies takes the thread with it, so the stamps stop and the sweeper notices. The thread uses its own
    database connection and closes it when done. A chunk's task stamps its chunk and the job (the job lives while
    any of its chunks does). `rows`: another kind of job's running row(s) to stamp instead (a queryset of a model
    with `heartbeat_at`).
    """
    from django.db import connections

    from ..models import DocumentChunk

    stop = threading.Event()
    if rows is None:
        rows = GeneratedDocument.objects.filter(pk=document_id, status=Status.RUNNING)

    def beat():
        try:
            while not stop.wait(settings.DOCUMENTS_HEARTBEAT_SECONDS):
                try:
                    now = timezone.now()
                    if chunk_id is not None:
                        DocumentChunk.objects.filter(pk=chunk_id, status=Status.RUNNING).update(heartbeat_at=now)
                    rows.update(heartbeat_at=now)
                except DatabaseError as exc:
                    logger.warning("document %s: heartbeat not recorded: %s", document_id, exc)
                    connections.close_all()
        finally:
            connections.close_all()

    thread = threading.Thread(target=beat, name=f"heartbeat-{document_id}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=10)


def stuck_filter(now=None) -> Q:
    """Unfinished jobs nobody is working on: running but silent, or queued and never started."""
    now = now or timezone.now()
    silent = now - timedelta(seconds=settings.DOCUMENTS_STALE_SECONDS)
    forgotten = now - timedelta(seconds=settings.DOCUMENTS_QUEUED_LIMIT_SECONDS)
    running = Q(status=Status.RUNNING) & (
        Q(heartbeat_at__lt=silent) | Q(heartbeat_at__isnull=True, started_at__lt=silent)
    )
    queued = Q(status=Status.QUEUED) & (
        Q(queued_at__lt=forgotten) | Q(queued_at__isnull=True, requested_at__lt=forgotten)
    )
    return running | queued


def document_is_stuck(document: GeneratedDocument, now=None) -> bool:
    return GeneratedDocument.objects.filter(stuck_filter(now), pk=document.pk).exists()


def _give_up_message(was_running: bool) -> str:
    if was_running:
        return _(
            "The document could not be generated: the document service stopped while working on it, several times. "
            "Press «Generate again»; if it fails again, tell the administrator."
        )
    return _(
        "The document could not be generated: it waited in the queue and was never started (the document service "
        "does not answer). Press «Generate again» later; if it fails again, tell the administrator."
    )


def _requeue_notice(was_running: bool) -> str:
    if was_running:
        return _("The document service stopped while working on this document; it has been queued again.")
    return _("The document waited in the queue too long; it has been queued again.")


def documents_sweep(*, now=None, batch: int = 200) -> dict:
    """Re-queue each stuck job (at most DOCUMENTS_MAX_REQUEUES times), then fail it with a reason."""
    now = now or timezone.now()
    counts = {"requeued": 0, "failed": 0}
    for pk in GeneratedDocument.objects.filter(stuck_filter(now)).values_list("pk", flat=True)[:batch]:
        with transaction.atomic():
            document = (
                GeneratedDocument.objects.select_for_update(skip_locked=True).filter(stuck_filter(now), pk=pk).first()
            )
            if document is None:
                continue  # it moved on meanwhile, or another sweeper holds it
            was_running = document.status == Status.RUNNING
            if document.requeues >= settings.DOCUMENTS_MAX_REQUEUES:
                document.status = Status.FAILED
                document.error = _give_up_message(was_running)
                document.notice = ""
                document.finished_at = now
                counts["failed"] += 1
            else:
                document.status = Status.QUEUED
                document.queued_at = now
                document.heartbeat_at = None
                document.requeues += 1
                document.notice = _requeue_notice(was_running)
                enqueue_on_commit(document)
                counts["requeued"] += 1
            document.save(
                update_fields=["status", "error", "notice", "finished_at", "queued_at", "heartbeat_at", "requeues"]
            )
    if counts["requeued"] or counts["failed"]:
        logger.warning("document sweeper: %s", counts)
    return counts
