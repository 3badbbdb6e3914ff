"""Thin Celery tasks of the mentoring app."""

import datetime
import logging
import smtplib

from celery import shared_task
from django.conf import settings
from django.db import InterfaceError, OperationalError

from .imports import ImportFileError, import_uploads_sweep
from .imports.jobs import import_job_fail, import_job_run, import_jobs_sweep

logger = logging.getLogger(__name__)
TRANSIENT = (OperationalError, InterfaceError, ConnectionError, TimeoutError)

logger = logging.getLogger(__name__)
# Errors worth another try: the database, the network or the mail server blinked.
TRANSIENT = (OperationalError, InterfaceError, ConnectionError, TimeoutError)


@shared_task(ignore_result=True)
def sweep_stale_import_uploads() -> int:
    ttl = datetime.timedelta(hours=settings.IMPORT_UPLOAD_TTL_HOURS)
    import_jobs_sweep(stale_after=datetime.timedelta(minutes=settings.IMPORT_JOB_STALE_MINUTES), keep_for=ttl)
    return import_uploads_sweep(older_than=ttl)


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=3, ignore_result=True)
def run_import_job(self, job_id: str) -> None:
    """Preview or commit one ImportJob. A worker killed mid-way gives the message back (acks_late)."""
    try:
        import_job_run(job_id=job_id)
    except TRANSIENT as exc:
        if self.request.retries < self.max_retries:
            logger.warning("import %s: transient error, retrying: %s", job_id, exc)
            raise self.retry(exc=exc, countdown=5 * 2**self.request.retries) from exc
        import_job_fail(job_id=job_id, exc=exc)
    except Exception as exc:
        if not isinstance(exc, ImportFileError):
            logger.exception("import %s failed", job_id)
        import_job_fail(job_id=job_id, exc=exc)


@shared_task(ignore_result=True)
def sweep_import_jobs() -> int:
    """Every few minutes: a job whose heartbeat stopped is queued again or failed with a reason."""
    return import_jobs_sweep(
        stale_after=datetime.timedelta(minutes=settings.IMPORT_JOB_STALE_MINUTES),
        keep_for=datetime.timedelta(hours=settings.IMPORT_UPLOAD_TTL_HOURS),
    )



@shared_task(
    acks_late=True,
    autoretry_for=(smtplib.SMTPException, *TRANSIENT),
    retry_backoff=True,
    max_retries=5,
    ignore_result=True,
)
def send_invitation_email(invitation_id: int) -> None:
    """Mail one invitation link (the token is made here, never stored); a superseded invitation is not mailed."""
    from .services.invitation_mail import invitation_email_send

    invitation_email_send(invitation_id=invitation_id)


@shared_task(
    acks_late=True,
    autoretry_for=(smtplib.SMTPException, *TRANSIENT),
    retry_backoff=True,
    max_retries=5,
    ignore_result=True,
)
def send_mail_message(subject: str, body: str, to: list[str], html: str | None = None) -> None:
    """Mail a message rendered by the web process (the password-reset mail of Django's views)."""
    from django.core.mail import EmailMultiAlternatives

    message = EmailMultiAlternatives(subject, body, settings.DEFAULT_FROM_EMAIL, to)
    if html:
        message.attach_alternative(html, "text/html")
    message.send()


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=3, ignore_result=True)
def run_invitation_batch(self, batch_id: str) -> None:
    from .services.invitation_batches import invitation_batch_fail, invitation_batch_run

    try:
        invitation_batch_run(batch_id=batch_id)
    except TRANSIENT as exc:
        if self.request.retries < self.max_retries:
            raise self.retry(exc=exc, countdown=5 * 2**self.request.retries) from exc
        invitation_batch_fail(batch_id=batch_id)
    except Exception:
        logger.exception("invitation batch %s failed", batch_id)
        invitation_batch_fail(batch_id=batch_id)


@shared_task(ignore_result=True)
def sweep_invitation_batches() -> int:
    from .services.invitation_batches import invitation_batches_sweep

    return invitation_batches_sweep()
