import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from ..constraints import ConstraintMessages, register
from .jobs import JobRecord
from .organisation import AcademicYear


class ImportJob(ConstraintMessages, JobRecord):
    """One uploaded file on its way in: checked (preview), then imported (commit), each step a Celery job.

    The same guarantees as the document engine's GeneratedDocument: enqueued after commit, a heartbeat while
    running, a sweeper that re-queues or fails a job whose heartbeat stopped, progress that never goes back.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    class Stage(models.TextChoices):
        PREVIEW = "preview", _("checking the file")
        COMMIT = "commit", _("importing")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    target = models.CharField(_("import into"), max_length=20)
    year = models.ForeignKey(AcademicYear, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    filename = models.CharField(_("file name"), max_length=255)
    upload = models.CharField(_("stored upload"), max_length=255, blank=True)
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices, default=Stage.PREVIEW)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress_done = models.PositiveIntegerField(_("progress"), default=0)
    progress_total = models.PositiveIntegerField(_("progress in all"), default=100)
    choices = models.JSONField(_("the curator's choices"), default=dict, blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    applied = models.BooleanField(_("imported"), default=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="import_jobs"
    )

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-requested_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress_done__lte=F("progress_total")), name="import_progress_le_total"
            ),
            models.CheckConstraint(condition=~Q(status="failed") | ~Q(error=""), name="failed_import_has_error"),
        ]

    def __str__(self):
        return f"{self.filename} ({self.get_stage_display()}, {self.get_status_display()})"


register(
    {
        "import_progress_le_total": (None, _("A job cannot have done more than it has in all.")),
        "failed_import_has_error": ("error", _("A failed job needs the reason it failed.")),
    }
)
