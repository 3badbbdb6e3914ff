"""Preview and commit as jobs: a row in ImportJob, a Celery task, progress, and the engine's guarantees.

upload → `import_job_start` (file stored, preview queued) → the preview job plans every row →
the curator resolves ambiguous rows and confirms → `import_job_confirm` (commit queued) → the commit job
plans again with the choices and writes all rows or none → the upload is deleted. Cancel deletes the upload
and the job; the nightly sweep deletes what was abandoned and fails or re-queues jobs whose heartbeat stopped.
"""

import datetime
import logging
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import ImportJob
from .limits import MAX_FILE_BYTES, ImportFileError, too_big
from .run import UPLOADS_DIR, import_run
from .validate import RowPlan

logger = logging.getLogger(__name__)
Status, Stage = ImportJob.Status, ImportJob.Stage
TARGETS = ("people", "mentees", "mentors")
MAX_ATTEMPTS = 3


def _enqueue(job: ImportJob) -> None:
    from ..tasks import run_import_job

    job_id = str(job.pk)

    def send():
        try:
            run_import_job.delay(job_id)
        except Exception as exc:  # the broker is down: the job must not wait for ever
            if getattr(run_import_job.app.conf, "task_always_eager", False):
                raise
            logger.exception("import job %s could not be queued", job_id)
            ImportJob.objects.filter(pk=job_id).exclude(status=Status.DONE).update(
                status=Status.FAILED,
                error=_("The job queue is unreachable (%(kind)s); try again in a few minutes.")
                % {"kind": type(exc).__name__},
                finished_at=timezone.now(),
            )

    transaction.on_commit(send)


@transaction.atomic
def import_job_start(*, content: bytes, filename: str, target: str, year, requested_by) -> ImportJob:
    """Store the upload and queue its preview. Raises ImportFileError for what can be told at once."""
    if target not in TARGETS:
        raise ValueError(target)
    if target != "people" and year is None:
        raise ImportFileError(_("Set the current academic year before importing into a bank."))
    if len(content) > MAX_FILE_BYTES:
        raise too_big(len(content))
    # The file waits in storage under a random name until it is imported, cancelled or swept.
    path = default_storage.save(f"{UPLOADS_DIR}/{uuid.uuid4().hex}", ContentFile(content))
    job = ImportJob.objects.create(
        target=target, year=year, filename=filename[:255], upload=path, requested_by=requested_by
    )
    _enqueue(job)
    return job


@transaction.atomic
def import_job_confirm(*, job: ImportJob, choices: dict) -> ImportJob:
    """Queue the import of a checked file with the curator's choices for its ambiguous rows."""
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.status != Status.DONE or job.applied:
        raise ValidationError(_("This file is not checked yet, or is already being imported."))
    if not job.upload or not default_storage.exists(job.upload):
        raise ValidationError(_("The checked file is no longer available. Upload it again."))
    job.stage, job.status, job.choices = Stage.COMMIT, Status.QUEUED, choices
    # The heartbeat doubles as «queued at»: the sweeper measures a queued job's wait from it.
    job.progress_done, job.error, job.attempts, job.heartbeat_at = 0, "", 0, timezone.now()
    job.save()
    _enqueue(job)
    return job


def import_job_cancel(*, job: ImportJob) -> None:
    """Forget the file and what was read from it (it holds personal data)."""
    if job.upload and default_storage.exists(job.upload):
        default_storage.delete(job.upload)
    ImportJob.objects.filter(pk=job.pk).exclude(stage=Stage.COMMIT, status=Status.RUNNING).delete()


def _progress(job_id, done: int, total: int = 100) -> None:
    """Advance the bar (never backwards) and beat the heart."""
    ImportJob.objects.filter(pk=job_id, progress_done__lte=done).update(
        progress_done=min(done, total), heartbeat_at=timezone.now()
    )


def _claim(job_id) -> ImportJob | None:
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status in (Status.DONE, Status.FAILED):
            return None  # delivered twice, cancelled, or already ended
        alive = timezone.now() - datetime.timedelta(minutes=settings.IMPORT_JOB_STALE_MINUTES)
        if job.status == Status.RUNNING and job.heartbeat_at and job.heartbeat_at > alive:
            return None  # a twin delivery while another worker is on it: never import a file twice at once
        job.status, job.attempts, job.heartbeat_at, job.progress_done = (
            Status.RUNNING,
            job.attempts + 1,
            timezone.now(),
            0,
        )
        job.save(update_fields=["status", "attempts", "heartbeat_at", "progress_done"])
        return job


def plan_as_dict(plan: RowPlan) -> dict:
    return {
        "row": plan.row, "status": plan.status, "name": plan.name, "rule": plan.rule_label,
        "person_id": plan.person_id, "person": plan.person_label, "candidates": plan.candidates,
        "note": str(plan.note), "changes": plan.changes, "bank": plan.bank,
        "errors": [{"row": e.row, "column": e.column, "message": str(e.message), "text": str(e)} for e in plan.errors],
    }  # fmt: skip


def import_job_run(*, job_id) -> ImportJob | None:
    """The task's body: read, match, validate (and on confirm write) the file. Idempotent when done."""
    job = _claim(job_id)
    if job is None:
        return None
    try:
        with default_storage.open(job.upload, "rb") as fh:
            content = fh.read()
    except (OSError, ValueError) as exc:
        raise ImportFileError(_("The uploaded file is no longer available. Upload it again.")) from exc
    commit = job.stage == Stage.COMMIT
    outcome = import_run(
        content=content,
        filename=job.filename,
        target=job.target,
        year=job.year,
        dry_run=not commit,
        choices=job.choices if commit else None,
        progress=lambda done: _progress(job.pk, done),
    )
    result = {
        "sheet": outcome.sheet,
        "ignored_columns": outcome.ignored_columns,
        "summary": outcome.summary,
        "rows": [plan_as_dict(p) for p in outcome.rows],
    }
    with transaction.atomic():
        current = ImportJob.objects.select_for_update().get(pk=job.pk)
        current.result, current.applied, current.status = result, outcome.applied, Status.DONE
        current.progress_done, current.finished_at = current.progress_total, timezone.now()
        current.heartbeat_at = timezone.now()
        current.save()
    if outcome.applied and job.upload and default_storage.exists(job.upload):
        default_storage.delete(job.upload)
    return current


def readable_error(exc: BaseException) -> str:
    if isinstance(exc, ImportFileError):
        return str(exc)
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return _(
        "The file could not be imported because of an internal error (%(kind)s); nothing was saved. "
        "Try again; if it fails again, tell the administrator."
    ) % {"kind": type(exc).__name__}


def import_job_fail(*, job_id, exc: BaseException) -> None:
    ImportJob.objects.filter(pk=job_id).exclude(status=Status.DONE).update(
        status=Status.FAILED, error=readable_error(exc), finished_at=timezone.now()
    )


def import_jobs_sweep(*, stale_after: datetime.timedelta, keep_for: datetime.timedelta) -> int:
    """Every job ends: re-queue or fail the ones whose heartbeat stopped; forget finished ones after `keep_for`."""
    now = timezone.now()
    stale = ImportJob.objects.filter(
        Q(status=Status.RUNNING, heartbeat_at__lt=now - stale_after)
        | Q(status=Status.QUEUED, requested_at__lt=now - stale_after, heartbeat_at__isnull=True)
        | Q(status=Status.QUEUED, heartbeat_at__lt=now - stale_after)
    )
    touched = 0
    for job in stale:
        touched += 1
        if job.attempts >= MAX_ATTEMPTS:
            import_job_fail(
                job_id=job.pk,
                exc=ImportFileError(
                    _("The import stopped several times (the worker was lost); nothing was saved. Upload it again.")
                ),
            )
            continue
        with transaction.atomic():
            ImportJob.objects.filter(pk=job.pk, status=job.status).update(status=Status.QUEUED, heartbeat_at=now)
            _enqueue(job)
    old = ImportJob.objects.filter(requested_at__lt=now - keep_for).exclude(status=Status.RUNNING)
    for job in old:
        import_job_cancel(job=job)
    return touched
