"""The hub's side: the schools of a municipality, the packages they send and what the office keeps from them.

A package is kept whole (`ReceivedPackage.body`, every version with its time); the tables below hold the latest
accepted package's content per school and year, flattened so that the roll-up aggregates in SQL. None of them holds
personal data: packages carry none (the school's package builder guarantees it, a test plants markers).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from mentoring.constraints import ConstraintMessages, register
from mentoring.models import OrganisationKind


class MemberSchool(ConstraintMessages, models.Model):
    """A school registered by the municipal office; it connects once with a one-time code, then sends by token."""

    class Status(models.TextChoices):
        AWAITING = "awaiting", _("awaiting connection")
        CONNECTED = "connected", _("connected")
        DISCONNECTED = "disconnected", _("disconnected")

    name = models.CharField(_("name"), max_length=300)
    kind = models.CharField(
        _("kind of organisation"), max_length=20, choices=OrganisationKind.choices, default=OrganisationKind.SCHOOL
    )
    contact = models.CharField(_("contact"), max_length=300, blank=True, help_text=_("Who to call about the exchange."))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.AWAITING)
    # Secrets are kept only as SHA-256 hex digests: the code is shown once, the token lives at the school.
    connection_code_hash = models.CharField(max_length=64, blank=True, editable=False)
    code_expires_at = models.DateTimeField(null=True, blank=True, editable=False)
    token_hash = models.CharField(max_length=64, blank=True, editable=False)
    connected_at = models.DateTimeField(_("connected at"), null=True, blank=True, editable=False)
    disconnected_at = models.DateTimeField(_("disconnected at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    # The name the school's installation gives itself (at connection and in each package): an uploaded file must match.
    reported_name = models.CharField(_("name at the school"), max_length=300, blank=True, editable=False)
    # When the office last answered the school and the time before (federation.office.feedback): shared cases go
    # from the earlier mark, so an answer lost on the way is covered by the next one.
    feedback_at = models.DateTimeField(null=True, blank=True, editable=False)
    feedback_before = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("member school")
        verbose_name_plural = _("member schools")
        ordering = [Lower("name")]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="member_school_name_unique"),
            models.UniqueConstraint(
                fields=["token_hash"], condition=~Q(token_hash=""), name="member_school_token_unique"
            ),
            models.CheckConstraint(
                condition=~Q(status="connected") | (~Q(token_hash="") & Q(connected_at__isnull=False)),
                name="member_school_connected_has_token",
            ),
        ]

    def __str__(self):
        return self.name


class ReceivedPackage(ConstraintMessages, models.Model):
    """Every package a school sent, accepted or refused, with its time; an accepted one is kept once per checksum."""

    class Status(models.TextChoices):
        ACCEPTED = "accepted", _("accepted")
        REFUSED = "refused", _("refused")

    school = models.ForeignKey(MemberSchool, on_delete=models.PROTECT, related_name="packages")
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)
    schema_version = models.PositiveIntegerField(_("schema version"))
    academic_year = models.CharField(_("academic year"), max_length=20, help_text=_("For example: 2026/2027"))
    checksum = models.CharField(_("checksum"), max_length=64, help_text=_("SHA-256 of the package's canonical JSON."))
    body = models.JSONField(_("package"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    reason = models.TextField(_("reason of refusal"), blank=True)
    via_file = models.BooleanField(_("uploaded as a file"), default=False)
    # When the school built the package: an older package than the latest accepted one is a replay (refused).
    generated_at = models.DateTimeField(_("built at"), null=True, blank=True)

    class Meta:
        verbose_name = _("received package")
        verbose_name_plural = _("received packages")
        ordering = ["-received_at", "-pk"]
        indexes = [models.Index(fields=["school", "academic_year", "-received_at"])]
        constraints = [
            # Idempotence: the same package twice is one version.
            models.UniqueConstraint(
                fields=["school", "checksum"], condition=Q(status="accepted"), name="received_package_once"
            ),
            models.CheckConstraint(
                condition=Q(status="accepted") | ~Q(reason=""), name="received_package_refusal_has_reason"
            ),
        ]

    def __str__(self):
        return f"{self.school} {self.academic_year} {self.received_at:%d.%m.%Y %H:%M}"


class _FromPackage(models.Model):
    """Content of the latest accepted package of a school for a year (replaced when a newer one arrives)."""

    school = models.ForeignKey(MemberSchool, on_delete=models.CASCADE, related_name="+")
    package = models.ForeignKey(ReceivedPackage, on_delete=models.CASCADE, related_name="+")
    academic_year = models.CharField(_("academic year"), max_length=20)

    class Meta:
        abstract = True


class SchoolIndicator(_FromPackage):
    """One indicator of a school's year as a numerator over a denominator (never a percentage to average)."""

    code = models.CharField(_("indicator"), max_length=80)
    numerator = models.PositiveIntegerField(_("numerator"))
    denominator = models.PositiveIntegerField(_("denominator"), null=True, blank=True)
    definitions_version = models.CharField(_("version of the definitions"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("school indicator")
        verbose_name_plural = _("school indicators")
        constraints = [
            models.UniqueConstraint(fields=["school", "academic_year", "code"], name="school_indicator_once"),
        ]
        indexes = [models.Index(fields=["academic_year", "code"])]

    def __str__(self):
        return f"{self.code}: {self.numerator}/{self.denominator}"


class SchoolRoadmapItem(_FromPackage):
    """An item of a school's roadmap as sent: its stage, period, responsible party, status and result document."""

    position = models.PositiveIntegerField(_("position"))
    stage = models.CharField(_("stage"), max_length=500, blank=True)
    number = models.CharField(_("number"), max_length=20, blank=True)
    title = models.TextField(_("activity"))
    period_text = models.CharField(_("period as written"), max_length=200, blank=True)
    period_start = models.DateField(_("start"), null=True, blank=True)
    period_end = models.DateField(_("end"), null=True, blank=True)
    responsible = models.CharField(_("responsible"), max_length=300, blank=True)
    responsible_role = models.CharField(_("responsible role"), max_length=30, blank=True)
    status = models.CharField(_("status"), max_length=20)
    result_document = models.CharField(_("result or document"), max_length=500, blank=True)
    document_kind = models.CharField(_("kind of document"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("school roadmap item")
        verbose_name_plural = _("school roadmap items")
        ordering = ["school", "academic_year", "position"]
        constraints = [
            models.UniqueConstraint(fields=["school", "academic_year", "position"], name="school_roadmap_item_once"),
        ]

    def __str__(self):
        return f"{self.number} {self.title[:60]}"


class SchoolCase(_FromPackage):
    """A best-practice case a school published (already cleared for publication), for the base of programmes."""

    external_id = models.CharField(_("case at the school"), max_length=120, help_text=_("The school's own key."))
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("short description"), max_length=300, blank=True)
    body = models.TextField(_("results and practice"), blank=True)
    form = models.CharField(_("form of mentoring"), max_length=40, blank=True)
    mentoring_type = models.CharField(_("type of mentoring"), max_length=40, blank=True)
    directions = models.JSONField(_("directions"), default=list, blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)

    class Meta:
        verbose_name = _("school case")
        verbose_name_plural = _("school cases")
        ordering = ["-published_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["school", "external_id"], name="school_case_once")]

    def __str__(self):
        return self.title


class SchoolOrder(_FromPackage):
    """An approved order of a school: number, date and title only (no annexes, no names)."""

    number = models.CharField(_("number"), max_length=30)
    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=500)

    class Meta:
        verbose_name = _("school order")
        verbose_name_plural = _("school orders")
        ordering = ["school", "-date", "number"]

    def __str__(self):
        return f"№ {self.number} {self.date:%d.%m.%Y}"


class RoadmapAgreement(ConstraintMessages, models.Model):
    """The office's decision on a school's roadmap for a year: awaiting, agreed, or returned with a comment."""

    class Decision(models.TextChoices):
        # «дорожная карта» is feminine: the labels agree with it.
        AWAITING = "awaiting", pgettext_lazy("roadmap", "awaiting agreement")
        AGREED = "agreed", pgettext_lazy("roadmap", "agreed")
        RETURNED = "returned", pgettext_lazy("roadmap", "returned for revision")

    school = models.ForeignKey(MemberSchool, on_delete=models.CASCADE, related_name="agreements")
    academic_year = models.CharField(_("academic year"), max_length=20)
    # The roadmap's content hash the decision was taken on: a changed roadmap awaits a new decision.
    roadmap_checksum = models.CharField(max_length=64, blank=True)
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices, default=Decision.AWAITING)
    comment = models.TextField(_("comment"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("roadmap agreement")
        verbose_name_plural = _("roadmap agreements")
        constraints = [
            models.UniqueConstraint(fields=["school", "academic_year"], name="roadmap_agreement_once"),
            models.CheckConstraint(
                condition=~Q(decision="returned") | ~Q(comment=""), name="roadmap_agreement_return_has_comment"
            ),
        ]

    def __str__(self):
        return f"{self.school} {self.academic_year}: {self.decision}"


def letter_pdf_path(instance, filename):
    return f"federation/letters/{instance.pk or 'new'}.pdf"


class InformationLetter(ConstraintMessages, models.Model):
    """An information letter of the office to all or chosen schools; schools receive it at their next exchange."""

    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text"))
    pdf = models.FileField(_("PDF"), upload_to=letter_pdf_path, blank=True)
    to_all = models.BooleanField(_("to all schools"), default=True)
    schools = models.ManyToManyField(MemberSchool, verbose_name=_("schools"), blank=True, related_name="letters")
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("information letter")
        verbose_name_plural = _("information letters")
        ordering = ["-published_at", "-pk"]

    def __str__(self):
        return self.title


class IndicatorTarget(ConstraintMessages, models.Model):
    """A target value the municipality sets for a share indicator in a year (the federal 70 % or its own)."""

    academic_year = models.CharField(_("academic year"), max_length=20)
    code = models.CharField(_("indicator"), max_length=80)
    target_percent = models.DecimalField(_("target, %"), max_digits=5, decimal_places=1)

    class Meta:
        verbose_name = _("target value")
        verbose_name_plural = _("target values")
        constraints = [
            models.UniqueConstraint(fields=["academic_year", "code"], name="indicator_target_once"),
            models.CheckConstraint(
                condition=Q(target_percent__gte=0) & Q(target_percent__lte=100), name="indicator_target_range"
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.academic_year}: {self.target_percent}"


register(
    {
        "member_school_name_unique": ("name", _("A school with this name is already registered.")),
        "member_school_token_unique": (None, _("This token is already in use.")),
        "member_school_connected_has_token": (None, _("A connected school must have a token.")),
        "received_package_once": (None, _("This package has already been received.")),
        "received_package_refusal_has_reason": ("reason", _("Say why the package is refused.")),
        "school_indicator_once": (None, _("The indicator is already recorded for this school and year.")),
        "school_roadmap_item_once": (None, _("The roadmap item is already recorded for this school and year.")),
        "school_case_once": (None, _("The case is already recorded for this school.")),
        "roadmap_agreement_once": (None, _("There is already a decision on this roadmap.")),
        "roadmap_agreement_return_has_comment": ("comment", _("Say what should be revised.")),
        "indicator_target_once": ("code", _("A target for this indicator and year is already set.")),
        "indicator_target_range": ("target_percent", _("The target is a percentage from 0 to 100.")),
    }
)
