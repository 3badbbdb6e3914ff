"""Celery beat jobs of the roadmap."""

from celery import shared_task

from .services import roadmap_reminders_send


@shared_task(acks_late=True, autoretry_for=(ConnectionError, TimeoutError), retry_backoff=60, max_retries=3)
def send_roadmap_reminders() -> int:
    """Daily: one digest per responsible user of items due within 7 days and overdue (idempotent per day)."""
    return roadmap_reminders_send()
