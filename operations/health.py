"""The health endpoint for load balancers and compose: database, cache, job broker and media storage."""

import dataclasses

from django.conf import settings
from health_check import checks
from health_check.base import HealthCheck
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView


@dataclasses.dataclass
class Broker(HealthCheck):
    """The Celery broker answers (jobs can be queued); nothing to check when jobs run in-process."""

    def run(self):
        if settings.CELERY_TASK_ALWAYS_EAGER:
            return
        from config.celery import app

        try:
            with app.connection_for_write() as connection:
                connection.ensure_connection(max_retries=1, timeout=2)
        except Exception as exc:  # kombu raises transport-specific errors
            raise ServiceUnavailable("broker unreachable") from exc


class HealthView(HealthCheckView):
    checks = (checks.Database, checks.Cache, checks.Storage, Broker)
