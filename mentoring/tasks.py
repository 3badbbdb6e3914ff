"""Thin Celery tasks of the mentoring app."""

import datetime

from celery import shared_task
from django.conf import settings

from .services.imports import import_uploads_sweep


@shared_task(ignore_result=True)
def sweep_stale_import_uploads() -> int:
    return import_uploads_sweep(older_than=datetime.timedelta(hours=settings.IMPORT_UPLOAD_TTL_HOURS))
