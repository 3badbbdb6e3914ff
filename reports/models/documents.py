"""The document engine's record of every generated file (after pretix's CachedFile, InvenTree's DataOutput)."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from mentoring.constraints import ConstraintMessages


def document_path(instance, filename):
    # The stored name carries no personal data: the UUID of the job only.
    return f"documents/{instance.requested_at:%Y/%m}/{instance.pk}.{instance.format or 'pdf'}"


class DocumentFormat(models.TextChoices):
    """The same document through the same engine: a PDF to print, or an editable Word file to register."""

    PDF = "pdf", "PDF"
    DOCX = "docx", "Word (DOCX)"


CONTENT_TYPES = {
    DocumentFormat.PDF: "application/pdf",
    DocumentFormat.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


class GeneratedDocument(ConstraintMessages, models.Model):
    """One request for a PDF: what, for whom, how far along, and the stored file once done."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("ready")
        FAILED = "failed", _("failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=40)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    target_id = models.BigIntegerField(_("target"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=300)
    format = models.CharField(_("format"), max_length=4, choices=DocumentFormat.choices, default=DocumentFormat.PDF)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress_done = models.PositiveIntegerField(_("parts done"), default=0)
    progress_total = models.PositiveIntegerField(_("parts in all"), default=1)
    error = models.TextField(_("error"), blank=True)
    file = models.FileField(_("file"), upload_to=document_path, blank=True, max_length=200)
    checksum = models.CharField(_("SHA-256 checksum"), max_length=64, blank=True)
    size = models.PositiveIntegerField(_("size in bytes"), default=0)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # Every job ends: a running job beats while it works; the sweeper re-queues or fails a silent or forgotten one.
    queued_at = models.DateTimeField(_("queued at"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    requeues = models.PositiveSmallIntegerField(_("times queued again"), default=0)
    notice = models.CharField(_("what happened"), max_length=300, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="generated_documents",
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("generated document")
        verbose_name_plural = _("generated documents")
        ordering = ["-requested_at"]
        indexes = [
            models.Index(fields=["kind", "target_id"]),
            models.Index(fields=["requested_by", "-requested_at"]),
            models.Index(
                fields=["status", "heartbeat_at"],
                name="document_unfinished_idx",
                condition=Q(status__in=["queued", "running"]),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress_done__lte=F("progress_total")), name="document_progress_le_total"
            ),
            models.CheckConstraint(
                condition=~Q(status="done") | (~Q(file="") & ~Q(checksum="")), name="done_document_has_file"
            ),
            models.CheckConstraint(condition=~Q(status="failed") | ~Q(error=""), name="failed_document_has_error"),
            models.CheckConstraint(
                condition=Q(format__in=DocumentFormat.values),
                name="document_format_known",
                violation_error_message=_("Unknown document format."),
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES.get(self.format, "application/octet-stream")

    @property
    def percent(self) -> int:
        return int(100 * self.progress_done / self.progress_total) if self.progress_total else 0


def chunk_path(instance, filename):
    return f"documents/chunks/{instance.document_id}/{instance.index:04d}.pdf"


class DocumentChunk(ConstraintMessages, models.Model):
    """One slice of a bulk job's parts, rendered by its own task; the job's file is the chunks' PDFs merged in order.

    A chunk has the job's guarantees: it beats while running, a delivery given back after a worker died takes it
    over, and the job's own re-delivery (by the sweeper) sends again every chunk left unfinished.
    """

    Status = GeneratedDocument.Status

    document = models.ForeignKey(GeneratedDocument, on_delete=models.CASCADE, related_name="chunks")
    index = models.PositiveIntegerField(_("number of the chunk"))
    parts = models.JSONField(_("parts"), default=list)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress_done = models.PositiveIntegerField(_("parts done"), default=0)
    file = models.FileField(_("file"), upload_to=chunk_path, blank=True, max_length=200)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    queued_at = models.DateTimeField(_("queued at"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)

    class Meta:
        verbose_name = _("chunk of a document")
        verbose_name_plural = _("chunks of documents")
        ordering = ["document", "index"]
        constraints = [
            models.UniqueConstraint(fields=["document", "index"], name="document_chunk_index_unique"),
            models.CheckConstraint(condition=~Q(status="done") | ~Q(file=""), name="done_chunk_has_file"),
        ]

    def __str__(self):
        return f"{self.document_id} #{self.index}"
