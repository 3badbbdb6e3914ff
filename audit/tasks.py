from celery import shared_task

from .services import trail_purge


@shared_task(acks_late=True)
def purge_old_trail() -> dict[str, int]:
    """Nightly: the retention periods of the change history and the access log (settings AUDIT_*_DAYS)."""
    return trail_purge()
