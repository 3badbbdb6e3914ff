"""Thin Celery tasks: they take ids, call a service, retry on transient errors. No PDF bytes in results."""

import logging
import smtplib

from celery import shared_task
from django.db import InterfaceError, OperationalError

from .services.documents import document_fail, document_render
from .services.orders import order_event_notify

logger = logging.getLogger(__name__)

# Errors worth another try: the database or the network blinked.
TRANSIENT = (OperationalError, InterfaceError, ConnectionError, TimeoutError)


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=3, ignore_result=True)
def render_document(self, document_id: str) -> None:
    """Render one GeneratedDocument. A worker killed mid-render gives the message back (acks_late)."""
    try:
        document_render(document_id=document_id)
    except TRANSIENT as exc:
        if self.request.retries < self.max_retries:
            logger.warning("document %s: transient error, retrying: %s", document_id, exc)
            raise self.retry(exc=exc, countdown=5 * 2**self.request.retries) from exc
        document_fail(document_id=document_id, exc=exc)
    except Exception as exc:
        logger.exception("document %s failed", document_id)
        document_fail(document_id=document_id, exc=exc)


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
