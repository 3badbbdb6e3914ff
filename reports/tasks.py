"""Thin Celery tasks: they take ids, call a service, retry on transient errors. No PDF bytes in results."""

import logging
import smtplib

from celery import shared_task
from django.conf import settings
from django.db import InterfaceError, OperationalError

from .models import DocumentChunk
from .services.chunks import chunk_render, chunks_merge
from .services.documents import document_fail, document_render, readable_error
from .services.jobs import documents_sweep
from .services.order_pdf import order_pdf_mark_failed, order_pdf_render, orders_pdf_sweep
from .services.orders import order_event_notify

logger = logging.getLogger(__name__)

# Errors worth another try: the database or the network blinked.
TRANSIENT = (OperationalError, InterfaceError, ConnectionError, TimeoutError)


JOB_TASK = {
    "bind": True,
    "acks_late": True,
    "reject_on_worker_lost": True,
    "max_retries": 3,
    "ignore_result": True,
    "soft_time_limit": settings.DOCUMENTS_TIME_LIMIT,
    "time_limit": settings.DOCUMENTS_TIME_LIMIT + 30,
}


def _takeover(task) -> bool:
    """Its own retry, or a message given back by a worker that died, takes over work left "running"."""
    return task.request.retries > 0 or bool((task.request.delivery_info or {}).get("redelivered"))


def _run(task, document_id: str, work) -> None:
    """Run `work()`; a transient error is retried with backoff, any other error fails the job with a reason."""
    try:
        work()
    except TRANSIENT as exc:
        if task.request.retries < task.max_retries:
            logger.warning("document %s: transient error, retrying: %s", document_id, exc)
            countdown = settings.DOCUMENTS_RETRY_COUNTDOWN * 2**task.request.retries
            raise task.retry(exc=exc, countdown=countdown) from exc
        _fail(document_id, exc)
    except Exception as exc:
        logger.exception("document %s failed", document_id)
        _fail(document_id, exc)


@shared_task(**JOB_TASK)
def render_document(self, document_id: str) -> None:
    """Render one GeneratedDocument (or split it into chunk tasks). A worker killed mid-render gives the message
    back (acks_late); a worker that dies for good stops the job's heartbeat, and the sweeper queues it again."""
    beat = not self.request.is_eager
    _run(self, document_id, lambda: document_render(document_id=document_id, takeover=_takeover(self), beat=beat))


@shared_task(**JOB_TASK)
def render_document_chunk(self, chunk_id: int) -> None:
    """Render one chunk of a bulk job; the last chunk stored queues the merge. A failure fails the whole job."""
    document_id = DocumentChunk.objects.filter(pk=chunk_id).values_list("document_id", flat=True).first()
    if document_id is None:
        return  # discarded (the job was generated again)
    beat = not self.request.is_eager
    _run(self, str(document_id), lambda: chunk_render(chunk_id=chunk_id, takeover=_takeover(self), beat=beat))


@shared_task(**JOB_TASK)
def merge_document_chunks(self, document_id: str) -> None:
    """Join a bulk job's chunk PDFs, in order, into its file (pypdf)."""
    _run(self, document_id, lambda: chunks_merge(document_id=document_id, beat=not self.request.is_eager))


@shared_task(**JOB_TASK)
def render_order_pdf(self, order_id: int) -> None:
    """Render an approved order's frozen PDF after its approval committed; a failure is recorded on the order."""
    try:
        order_pdf_render(order_id=order_id)
    except TRANSIENT as exc:
        if self.request.retries < self.max_retries:
            raise self.retry(exc=exc, countdown=settings.DOCUMENTS_RETRY_COUNTDOWN * 2**self.request.retries) from exc
        _order_fail(order_id, exc)
    except Exception as exc:
        logger.exception("order %s: its PDF failed", order_id)
        _order_fail(order_id, exc)


def _order_fail(order_id: int, exc: BaseException) -> None:
    try:
        order_pdf_mark_failed(order_id=order_id, message=readable_error(exc))
    except TRANSIENT as db_error:
        logger.error("order %s: PDF failure not recorded, left to the sweeper: %s", order_id, db_error)


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
        return {**documents_sweep(), **orders_pdf_sweep()}
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
