from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from mentoring.choices import Role
from mentoring.models import AcademicYear, Person


class RoadmapStage(models.Model):
    """A stage of the year's roadmap (DOMAIN.md, "The year, stage by stage")."""

    year = models.ForeignKey(
        AcademicYear, verbose_name=_("academic year"), on_delete=models.CASCADE, related_name="roadmap_stages"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("stage"), max_length=300)
    description = models.TextField(_("what matters"), blank=True)

    class Meta:
        verbose_name = _("roadmap stage")
        verbose_name_plural = _("roadmap stages")
        ordering = ["year", "number"]
        constraints = [models.UniqueConstraint(fields=["year", "number"], name="stage_number_unique_per_year")]

    def __str__(self):
        return f"{self.number}. {self.title}"


class RoadmapItem(models.Model):
    """An activity of the roadmap: period or deadline, responsible, result document, status."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")

    stage = models.ForeignKey(RoadmapStage, verbose_name=_("stage"), on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(_("position in the list"), default=0)
    title = models.TextField(_("activity"))
    period_label = models.CharField(
        _("period as written"), max_length=200, blank=True, help_text=_("e.g. «октябрь», «в течение года»")
    )
    period_start = models.DateField(_("period start"), null=True, blank=True)
    period_end = models.DateField(_("period end or deadline"))
    responsible_role = models.CharField(_("responsible role"), max_length=30, choices=Role.choices, blank=True)
    responsible_person = models.ForeignKey(
        Person,
        verbose_name=_("responsible person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="roadmap_items",
    )
    result_document = models.CharField(_("result or document"), max_length=500, blank=True)
    document_type = models.CharField(_("document type"), max_length=30, blank=True)
    order_type = models.CharField(
        _("order that completes it"),
        max_length=40,
        blank=True,
        help_text=_("When an order of this type is approved, the item is done."),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_note = models.CharField(_("how it was done"), max_length=500, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("roadmap item")
        verbose_name_plural = _("roadmap items")
        ordering = ["stage__number", "position", "period_end", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_start__isnull=True) | Q(period_end__gte=F("period_start")),
                name="roadmap_period_ordered",
            ),
            models.CheckConstraint(
                condition=~Q(status="done") | Q(done_on__isnull=False), name="roadmap_done_item_has_date"
            ),
        ]

    def __str__(self):
        return self.title[:80]
