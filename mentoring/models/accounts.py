"""Invitations to an account: an e-mail link or a printed one-time code, and bulk invitation jobs.

The person sets their own password; nobody else ever sees or types it. An e-mailed link is a Django token
(mentoring.services.tokens); a printed code is stored only as a hash.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ..constraints import ConstraintMessages, register
from .jobs import JobRecord


class Invitation(ConstraintMessages, models.Model):
    """One invitation of an account; the newest one of its channel is the only one that counts."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("e-mail")
        SHEET = "sheet", _("printed sheet")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("account"), on_delete=models.CASCADE, related_name="invitations"
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    code_hash = models.CharField(_("code hash"), max_length=128, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    failed_attempts = models.PositiveSmallIntegerField(_("failed attempts"), default=0)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "channel", "-created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(channel="email", code_hash="") | (Q(channel="sheet") & ~Q(code_hash="")),
                name="invitation_code_only_on_sheets",
            ),
        ]

    def __str__(self):
        return f"{self.user} — {self.get_channel_display()} {self.created_at:%d.%m.%Y}"


class InvitationBatch(ConstraintMessages, JobRecord):
    """«Invite everyone without an account» of a bank or a class: a job with progress, like the document engine."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", pgettext_lazy("invitation job", "running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    scope = models.JSONField(_("whom"), default=dict)
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress_done = models.PositiveIntegerField(_("people done"), default=0)
    progress_total = models.PositiveIntegerField(_("people in all"), default=0)
    invited = models.PositiveIntegerField(_("invited"), default=0)
    without_email = models.PositiveIntegerField(_("without an e-mail"), default=0)
    skipped = models.PositiveIntegerField(_("skipped"), default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("bulk invitation")
        verbose_name_plural = _("bulk invitations")
        ordering = ["-requested_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress_done__lte=F("progress_total")), name="invitation_batch_progress_le_total"
            ),
            models.CheckConstraint(condition=~Q(status="failed") | ~Q(error=""), name="failed_batch_has_error"),
        ]

    def __str__(self):
        return f"{self.title} ({self.get_status_display()})"


register(
    {
        "invitation_code_only_on_sheets": (None, _("Only a printed invitation sheet carries a one-time code.")),
        "invitation_batch_progress_le_total": (None, _("A job cannot have done more than it has in all.")),
        "failed_batch_has_error": ("error", _("A failed job needs the reason it failed.")),
    }
)
