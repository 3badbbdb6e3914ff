"""Thin Celery tasks: they take ids, call a service, retry on transient errors. No PDF bytes in results."""

import logging
import smtplib

from celery import shared_task
from django.conf import settings
from django.db import InterfaceError, OperationalError

from .services.documents import document_fail, document_render
from .services.jobs import documents_sweep
from .services.orders import order_event_notify

logger = logging.getLogger(__name__)

# Errors worth another try: the database or the network blinked.
TRANSIENT = (OperationalError, InterfaceError, ConnectionError, TimeoutError)


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=3,
    ignore_result=True,
    soft_time_limit=settings.DOCUMENTS_TIME_LIMIT,
    time_limit=settings.DOCUMENTS_TIME_LIMIT + 30,
)
def render_document(self, document_id: str) -> None:
    """Render one GeneratedDocument. A worker killed mid-render gives the message back (acks_late); a worker that
    dies for good stops the job's heartbeat, and the sweeper queues it again."""
    # Its own retry, or a message given back by a worker that died, takes over a job left "running".
    redelivered = bool((self.request.delivery_info or {}).get("redelivered"))
    takeover = self.request.retries > 0 or redelivered
    try:
        document_render(document_id=document_id, takeover=takeover, beat=not self.request.is_eager)
    except TRANSIENT as exc:
        if self.request.retries < self.max_retries:
            logger.warning("document %s: transient error, retrying: %s", document_id, exc)
            countdown = settings.DOCUMENTS_RETRY_COUNTDOWN * 2**self.request.retries
            raise self.retry(exc=exc, countdown=countdown) from exc
        _fail(document_id, exc)
    except Exception as exc:
        logger.exception("document %s failed", document_id)
        _fail(document_id, exc)


def _fail(document_id: str, exc: BaseException) -> None:
    try:
        document_fail(document_id=document_id, exc=exc)
    except TRANSIENT as db_error:
        # The database is still away: the job stays "running" without a heartbeat, and the sweeper settles it
        # (queued again, or failed with a reason) once the database is back.
        logger.error("document %s: failure not recorded, left to the sweeper: %s", document_id, db_error)


@shared_task(ignore_result=True)
def sweep_stuck_documents() -> dict:
    """Celery beat, every DOCUMENTS_SWEEP_SECONDS: jobs whose worker died or whose message was lost are queued again
    or failed with a reason."""
    try:
        return documents_sweep()
    except TRANSIENT as exc:
        logger.warning("document sweeper: database unavailable, next run will try again: %s", exc)
        return {}


@shared_task(
    acks_late=True,
    autoretry_for=(smtplib.SMTPException, *TRANSIENT),
    retry_backoff=True,
    max_retries=5,
    ignore_result=True,
)
def notify_order_event(event_id: int) -> None:
    """Email the director (submitted) or the curator (approved, returned); an event is mailed once."""
    order_event_notify(event_id=event_id)
