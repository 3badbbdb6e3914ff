"""Thin Celery tasks for the beat schedule (config/settings/base.py); the rules live in services."""

from smtplib import SMTPException

from celery import shared_task

from . import services


@shared_task(acks_late=True, autoretry_for=(SMTPException, ConnectionError), retry_backoff=True, max_retries=5)
def remind_inactive_groups() -> int:
    """Retrying is safe: a reminder already recorded for a silent period is never sent again."""
    return services.inactivity_reminders_send()


@shared_task(acks_late=True)
def sync_feedback_requests() -> int:
    return services.feedback_requests_sync()
