"""The school's side: its connection to the municipal office, the sendings of packages, and what comes back."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mentoring.constraints import ConstraintMessages, register

from .hub import RoadmapAgreement


class HubConnection(ConstraintMessages, models.Model):
    """The school's link to its municipal office (one row per installation); the token is issued by the hub."""

    singleton = models.BooleanField(default=True, editable=False)
    hub_url = models.URLField(_("address of the municipal office"))
    token = models.CharField(max_length=128, editable=False)
    connected_at = models.DateTimeField(_("connected at"))
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("connection to the municipal office")
        verbose_name_plural = _("connection to the municipal office")
        constraints = [models.UniqueConstraint(fields=["singleton"], name="hub_connection_single_row")]

    def __str__(self):
        return self.hub_url


class PackageSending(ConstraintMessages, models.Model):
    """One sending of the school's package (a job): nightly, on demand, or downloaded as a file; every job ends."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("sending")
        RETRYING = "retrying", _("waiting to retry")
        DONE = "done", _("accepted")
        REFUSED = "refused", _("refused by the office")
        FAILED = "failed", _("failed")

    class Trigger(models.TextChoices):
        NIGHTLY = "nightly", _("nightly")
        MANUAL = "manual", _("on demand")
        FILE = "file", _("as a file")

    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.QUEUED)
    trigger = models.CharField(_("how"), max_length=20, choices=Trigger.choices, default=Trigger.MANUAL)
    academic_year = models.CharField(_("academic year"), max_length=20, blank=True)
    checksum = models.CharField(max_length=64, blank=True)
    package = models.FileField(_("package file"), upload_to="federation/packages/", blank=True)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    message = models.TextField(_("result"), blank=True, help_text=_("The office's answer or the reason of failure."))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("sending of a package")
        verbose_name_plural = _("sendings of packages")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "heartbeat_at"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status__in=["failed", "refused"]) | ~Q(message=""),
                name="package_sending_failure_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(progress_done__lte=models.F("progress_total")), name="package_sending_progress_range"
            ),
        ]

    def __str__(self):
        return f"{self.academic_year} {self.status}"


class HubDecision(ConstraintMessages, models.Model):
    """The office's decision on this school's roadmap for a year, as it came back with the last exchange."""

    Decision = RoadmapAgreement.Decision  # the same three decisions as the office records them

    academic_year = models.CharField(_("academic year"), max_length=20, unique=True)
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices)
    comment = models.TextField(_("comment"), blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    received_at = models.DateTimeField(_("received at"), auto_now=True)

    class Meta:
        verbose_name = _("decision of the municipal office")
        verbose_name_plural = _("decisions of the municipal office")

    def __str__(self):
        return f"{self.academic_year}: {self.decision}"


class HubLetter(ConstraintMessages, models.Model):
    """An information letter of the office received by this school."""

    hub_letter_id = models.PositiveIntegerField(unique=True, editable=False)
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text"))
    pdf = models.FileField(_("PDF"), upload_to="federation/letters/", blank=True)
    published_at = models.DateTimeField(_("published at"))
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)

    class Meta:
        verbose_name = _("letter of the municipal office")
        verbose_name_plural = _("letters of the municipal office")
        ordering = ["-published_at"]

    def __str__(self):
        return self.title


register(
    {
        "hub_connection_single_row": (None, _("The school is already connected to a municipal office.")),
        "package_sending_failure_has_reason": ("message", _("A failed sending must say why.")),
        "package_sending_progress_range": (None, _("Progress cannot exceed the total.")),
    }
)


class HubCase(ConstraintMessages, models.Model):
    """A case of another school of the municipality, shared by the office (its base of effective programmes)."""

    hub_case_id = models.PositiveIntegerField(_("case at the office"), editable=False)
    school_name = models.CharField(_("school"), max_length=300)
    external_id = models.CharField(_("case at its school"), max_length=120, blank=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("short description"), max_length=300, blank=True)
    body = models.TextField(_("results and practice"), blank=True)
    form = models.CharField(_("form of mentoring"), max_length=40, blank=True)
    mentoring_type = models.CharField(_("type of mentoring"), max_length=40, blank=True)
    directions = models.JSONField(_("directions"), default=list, blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    received_at = models.DateTimeField(_("received at"), auto_now=True)

    class Meta:
        verbose_name = _("case of the municipality")
        verbose_name_plural = _("base of practices of the municipality")
        ordering = ["-published_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["school_name", "external_id"], name="hub_case_once"),
        ]

    def __str__(self):
        return self.title


register({"hub_case_once": (None, _("This case of the municipality is already stored."))})
