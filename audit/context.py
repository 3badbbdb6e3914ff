"""Who and from where, attached to every change: the request, the Celery job or the management command.

pghistory puts this context into every write statement; triggers store it beside each event. The context is
PostgreSQL-only: the SQLite demo keeps no history and runs without it.
"""

import uuid

import pghistory
from celery import signals as celery_signals
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection


def _enabled() -> bool:
    return connection.vendor == "postgresql"


def client_ip(request) -> str | None:
    # Behind a proxy REMOTE_ADDR is the proxy's: then the last X-Forwarded-For hop (added by our proxy, so it
    # cannot be forged by the client) is the visitor. Without a proxy the header is the client's word: ignored.
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "") if settings.AUDIT_BEHIND_PROXY else ""
    return forwarded.split(",")[-1].strip() if forwarded.strip() else request.META.get("REMOTE_ADDR")


class AuditContextMiddleware:
    """Every request gets an id; its writes are recorded with the user, the address and the URL."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.audit_request_id = uuid.uuid4().hex
        if not _enabled():
            return self.get_response(request)
        user = getattr(request, "user", None)
        user_id = user.pk if user is not None and user.is_authenticated else None
        with pghistory.context(
            user=user_id, ip=client_ip(request), request_id=request.audit_request_id, url=request.path[:200]
        ):
            response = self.get_response(request)
            if user_id is None and getattr(request, "user", None) is not None and request.user.is_authenticated:
                pghistory.context(user=request.user.pk)  # logged in during this request
            return response


_task_contexts: dict[str, pghistory.context] = {}


def _task_started(task_id=None, task=None, **kwargs):
    if _enabled():
        ctx = pghistory.context(job=task.name, task_id=task_id)
        ctx.__enter__()
        _task_contexts[task_id] = ctx


def _task_finished(task_id=None, **kwargs):
    ctx = _task_contexts.pop(task_id, None)
    if ctx is not None:
        ctx.__exit__(None, None, None)


_original_execute = BaseCommand.execute


def _execute_with_context(self, *args, **options):
    if not _enabled():
        return _original_execute(self, *args, **options)
    with pghistory.context(command=self.__class__.__module__.rsplit(".", 1)[-1]):
        return _original_execute(self, *args, **options)


def install() -> None:
    celery_signals.task_prerun.connect(_task_started, weak=False, dispatch_uid="audit_task_started")
    celery_signals.task_postrun.connect(_task_finished, weak=False, dispatch_uid="audit_task_finished")
    # Management commands (the shell included) have no hook of their own: wrap them once, here.
    BaseCommand.execute = _execute_with_context
