"""Thin Celery tasks of the exchange: the school's sending of its package (nightly and on demand), the sweeper."""

import logging

from celery import shared_task
from django.db import InterfaceError, OperationalError

from .installation import is_hub
from .models import PackageSending
from .school.connection import active_connection
from .school.sending import sending_fail, sending_request, sending_run, sendings_sweep

logger = logging.getLogger(__name__)
TRANSIENT = (OperationalError, InterfaceError)


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=3, ignore_result=True,
             soft_time_limit=600, time_limit=660)  # fmt: skip
def send_package(self, sending_id: int) -> None:
    """Send one PackageSending. The office being away is handled inside (the row waits visibly and is enqueued again
    with a countdown); the database blinking retries the task; anything else fails the row with a reason."""
    redelivered = bool((self.request.delivery_info or {}).get("redelivered"))
    try:
        sending_run(sending_id=sending_id, takeover=self.request.retries > 0 or redelivered,
                    beat=not self.request.is_eager)  # fmt: skip
    except TRANSIENT as exc:
        if self.request.retries < self.max_retries:
            raise self.retry(exc=exc, countdown=5 * 2**self.request.retries) from exc
        _fail(sending_id, exc)
    except Exception as exc:
        logger.exception("package sending %s failed", sending_id)
        _fail(sending_id, exc)


def _fail(sending_id, exc):
    try:
        sending_fail(sending_id=sending_id, exc=exc)
    except TRANSIENT as db_error:  # left running without a heartbeat: the sweeper settles it
        logger.error("package sending %s: failure not recorded: %s", sending_id, db_error)


@shared_task(ignore_result=True)
def send_nightly_package() -> int | None:
    """Celery beat, nightly: a connected school sends its package (nothing on a hub or an unconnected school)."""
    if is_hub() or active_connection() is None:
        return None
    return sending_request(trigger=PackageSending.Trigger.NIGHTLY).pk


@shared_task(ignore_result=True)
def sweep_sendings() -> dict:
    try:
        return sendings_sweep()
    except TRANSIENT as exc:
        logger.warning("package sending sweeper: database unavailable: %s", exc)
        return {}
