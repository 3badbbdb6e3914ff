"""The director's orders (приказы): the register per academic year, their approval log and numbering."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from mentoring.constraints import ConstraintMessages
from mentoring.downloads import safe_filename
from mentoring.models import AcademicYear, MentoringGroup, Person


class OrderType(models.TextChoices):
    """The orders of the mentoring year (DOMAIN.md; seed 001 roadmap). Codes match roadmap items' order_type."""

    ORGANISATION = "organisation", _("On the organisation of mentoring")
    PAIRING = "pairing", _("On assigning mentoring pairs and groups")
    FINAL_EVENT = "final_event", _("On holding the final event")
    REWARD = "reward", _("On rewarding the participants")


def order_pdf_path(instance, filename):
    return f"orders/{instance.year_id}/{instance.pk}-{instance.number or 'draft'}.pdf"


def order_docx_path(instance, filename):
    return f"orders/{instance.year_id}/{instance.pk}-{instance.number or 'draft'}.docx"


class Order(ConstraintMessages, models.Model):
    """A director's order: prepared by the curator, approved (numbered, dated, frozen) or returned by the director."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted for approval")
        APPROVED = "approved", _("approved")
        RETURNED = "returned", _("returned for revision")

    year = models.ForeignKey(
        AcademicYear, verbose_name=_("academic year"), on_delete=models.PROTECT, related_name="orders"
    )
    order_type = models.CharField(_("type of order"), max_length=20, choices=OrderType.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    number = models.PositiveIntegerField(_("number"), null=True, blank=True, editable=False)
    number_label = models.CharField(_("registration number"), max_length=30, blank=True, editable=False)
    date = models.DateField(_("date"), null=True, blank=True, editable=False)
    title = models.CharField(_("title"), max_length=500, help_text=_("Starts with «О…», e.g. «О закреплении…»."))
    preamble = models.TextField(_("preamble"), help_text=_("The reasons; it ends with «ПРИКАЗЫВАЮ:»."))
    body = models.TextField(_("items"), help_text=_("One item per paragraph; they are numbered when printed."))
    annex_text = models.TextField(
        _("text of annex 1"), blank=True, help_text=_("For the organisation order: the Regulation on mentoring.")
    )
    event_date = models.DateField(_("date of the event"), null=True, blank=True)
    appointee = models.ForeignKey(
        Person,
        verbose_name=_("curator appointed"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    groups = models.ManyToManyField(
        MentoringGroup, verbose_name=_("pairs and groups"), blank=True, related_name="orders"
    )
    # Changes of approved groups (a mentor replaced, a mentee added or relieved) need an order line too (§6.2).
    replacements = models.ManyToManyField(
        "mentoring.ReplacementRequest", verbose_name=_("changes in pairs and groups"), blank=True, related_name="orders"
    )
    # Frozen on approval: what the PDF was rendered from (groups, people, roadmap rows).
    annex_data = models.JSONField(_("annex data"), default=dict, blank=True, editable=False)
    pdf = models.FileField(_("approved PDF"), upload_to=order_pdf_path, blank=True, editable=False, max_length=200)
    pdf_checksum = models.CharField(max_length=64, blank=True, editable=False)
    # The editable Word copy schools file in their registers; frozen with the PDF, from the same data.
    docx = models.FileField(_("approved DOCX"), upload_to=order_docx_path, blank=True, editable=False, max_length=200)
    docx_checksum = models.CharField(max_length=64, blank=True, editable=False)
    # The frozen PDF is rendered after the approval commits (the number is given first, under the year's counter
    # lock, which rendering must not hold): while `pdf` is empty the order is «being prepared», or failed with
    # `pdf_error` until someone presses «Prepare the PDF again».
    pdf_error = models.TextField(_("why the PDF could not be prepared"), blank=True, editable=False)
    pdf_queued_at = models.DateTimeField(_("PDF queued at"), null=True, blank=True, editable=False)
    pdf_requeues = models.PositiveSmallIntegerField(_("PDF queued again"), default=0, editable=False)
    # Publication on the school site is the director's decision about an approved order, not part of its text,
    # so it may change after approval; the frozen text, annex and PDF do not.
    is_public = models.BooleanField(_("published on the school site"), default=False)
    return_comment = models.TextField(_("director's comment"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        ordering = ["-year__start_date", "-number", "-created_at"]
        indexes = [models.Index(fields=["year", "status"])]
        constraints = [
            models.UniqueConstraint(fields=["year", "number"], name="order_number_unique_per_year"),
            models.CheckConstraint(
                condition=~Q(status="approved")
                | (Q(number__isnull=False) & Q(date__isnull=False) & ~Q(number_label="")),
                name="approved_order_is_numbered",
            ),
            # Only an approved order has a frozen PDF; without it, it is being prepared or failed with a reason.
            models.CheckConstraint(condition=Q(pdf="") | Q(status="approved"), name="only_approved_order_has_pdf"),
            models.CheckConstraint(condition=Q(pdf_error="") | Q(pdf=""), name="order_pdf_error_only_without_pdf"),
            models.CheckConstraint(
                condition=Q(status="approved") | (Q(number__isnull=True) & Q(date__isnull=True)),
                name="only_approved_order_has_number",
            ),
            models.CheckConstraint(
                condition=~Q(status="returned") | ~Q(return_comment=""), name="returned_order_has_comment"
            ),
        ]

    def __str__(self):
        if self.number_label:
            return _("Order no. %(number)s of %(date)s «%(title)s»") % {
                "number": self.number_label,
                "date": f"{self.date:%d.%m.%Y}",
                "title": self.title,
            }
        return self.title

    @property
    def is_frozen(self) -> bool:
        return self.status == self.Status.APPROVED

    @property
    def pdf_pending(self) -> bool:
        """Approved, its frozen PDF still being rendered: not downloadable yet."""
        return self.is_frozen and not self.pdf and not self.pdf_error

    @property
    def pdf_failed(self) -> bool:
        return self.is_frozen and not self.pdf and bool(self.pdf_error)

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)

    def items(self) -> list[str]:
        return [line.strip() for line in self.body.splitlines() if line.strip()]

    def download_name(self) -> str:
        """`Приказ_1-од_от_01.12.2026.pdf`; a draft: `Проект_приказа_О_закреплении….pdf`."""
        if self.number_label and self.date:
            text = pgettext("file name", "Order %(number)s of %(date)s") % {
                "number": self.number_label,
                "date": f"{self.date:%d.%m.%Y}",
            }
        else:
            text = pgettext("file name", "Draft order %(title)s") % {"title": self.title[:80]}
        return safe_filename(text, ext="pdf")


class OrderPerson(ConstraintMessages, models.Model):
    """A person the order names (the rewarded, the responsible) with what the order says of them."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="people")
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="+")
    note = models.CharField(_("reward or duty"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("person named in an order")
        verbose_name_plural = _("people named in orders")
        ordering = ["person__last_name", "person__first_name"]
        constraints = [models.UniqueConstraint(fields=["order", "person"], name="order_person_once")]

    def __str__(self):
        return f"{self.person} — {self.note}"


class OrderCounter(models.Model):
    """The last number given in a year; approvals lock this row, so two can never take the same number."""

    year = models.OneToOneField(AcademicYear, on_delete=models.PROTECT, related_name="order_counter")
    last_number = models.PositiveIntegerField(
        _("last number given"), default=0, help_text=_("Set it to continue the school's own register of orders.")
    )

    class Meta:
        verbose_name = _("order number counter")
        verbose_name_plural = _("order number counters")

    def __str__(self):
        return f"{self.year}: {self.last_number}"


class OrderEvent(models.Model):
    """Who did what to an order, and when."""

    class Action(models.TextChoices):
        CREATED = "created", _("created")
        EDITED = "edited", _("edited")
        SUBMITTED = "submitted", _("submitted for approval")
        APPROVED = "approved", _("approved")
        RETURNED = "returned", _("returned for revision")
        PUBLISHED = "published", _("published on the site")
        UNPUBLISHED = "unpublished", _("removed from the site")

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    comment = models.TextField(_("comment"), blank=True)
    notified_at = models.DateTimeField(_("email sent at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("order event")
        verbose_name_plural = _("order events")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.get_action_display()} — {self.at:%d.%m.%Y %H:%M}"
