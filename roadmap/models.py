from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from mentoring.choices import Role
from mentoring.constraints import ConstraintMessages
from mentoring.constraints import register as register_constraint_messages
from mentoring.models import AcademicYear, Person


class StageKind(models.TextChoices):
    """What a stage is about, so progress from data finds its stage whatever the curator renames it to."""

    PREPARATION = "preparation", _("preparation")
    MENTEE_BANK = "mentee_bank", _("mentee bank")
    MENTOR_BANK = "mentor_bank", _("mentor bank")
    SELECTION = "selection", _("selection and training of mentors")
    PAIRING = "pairing", _("pairs and groups")
    WORK = "work", _("work of pairs and groups")
    CONTROL = "control", _("control of results")
    COMPLETION = "completion", _("completion")
    INFORMATION = "information", _("information support")
    OTHER = "other", _("other")


class DocumentType(models.TextChoices):
    """The kind of result an item produces (the seeds' column «Результат. Вид документа»)."""

    ORDER = "order", _("order")
    REGULATION = "regulation", _("regulation")
    PLAN = "plan", _("plan")
    QUESTIONNAIRE = "questionnaire", _("questionnaire")
    CONSENT = "consent", _("consent forms")
    REGISTER = "register", _("register or list")
    MEMO = "memo", _("memo")
    PROGRAMME = "programme", _("programme")
    PROTOCOL = "protocol", _("protocol")
    REPORT = "report", _("report")
    WEB_PAGE = "web_page", _("web page")
    OTHER = "other", _("other")


class OrderType(models.TextChoices):
    """Orders whose approval completes an item (the orders app passes these codes on approval)."""

    ORGANISATION = "organisation", _("On the organisation of mentoring")
    PAIRING = "pairing", _("On assigning mentoring pairs and groups")
    FINAL_EVENT = "final_event", _("On holding the final event")
    REWARD = "reward", _("On rewarding the participants")


class Recurrence(models.TextChoices):
    """How often an activity repeats inside its period (an imported «ежемесячно», «в течение года»)."""

    MONTHLY = "monthly", _("monthly")
    QUARTERLY = "quarterly", _("quarterly")
    WEEKLY = "weekly", _("weekly")
    THROUGHOUT = "throughout", _("throughout the year")
    ON_DEMAND = "on_demand", _("as the need arises")


class RoadmapStage(ConstraintMessages, models.Model):
    """A stage of the year's roadmap (DOMAIN.md, "The year, stage by stage")."""

    year = models.ForeignKey(
        AcademicYear, verbose_name=_("academic year"), on_delete=models.CASCADE, related_name="roadmap_stages"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("stage"), max_length=300)
    kind = models.CharField(_("kind of stage"), max_length=20, choices=StageKind.choices, default=StageKind.OTHER)
    period_label = models.CharField(
        _("duration of the stage"), max_length=200, blank=True, help_text=_("e.g. «октябрь», «в течение года»")
    )
    description = models.TextField(_("what matters"), blank=True)

    class Meta:
        verbose_name = _("roadmap stage")
        verbose_name_plural = _("roadmap stages")
        ordering = ["year", "number"]
        constraints = [
            models.UniqueConstraint(fields=["year", "number"], name="stage_number_unique_per_year"),
            models.CheckConstraint(condition=Q(number__gte=1), name="stage_number_positive"),
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"


class RoadmapItem(ConstraintMessages, models.Model):
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
    period_unclear = models.BooleanField(
        _("period to be set"),
        default=False,
        help_text=_("The period as written could not be read into dates («уточнить срок»)."),
    )
    recurrence = models.CharField(_("recurrence"), max_length=20, choices=Recurrence.choices, blank=True)
    responsible_role = models.CharField(_("responsible role"), max_length=30, choices=Role.choices, blank=True)
    responsible_person = models.ForeignKey(
        Person,
        verbose_name=_("responsible person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="roadmap_items",
    )
    responsible_text = models.CharField(
        _("responsible as written"),
        max_length=300,
        blank=True,
        help_text=_("e.g. «Управление образования», «руководители ОО», «классные руководители»"),
    )
    responsible_external = models.BooleanField(_("responsible is an external party"), default=False)
    result_document = models.CharField(_("result or document"), max_length=500, blank=True)
    document_type = models.CharField(_("document type"), max_length=30, choices=DocumentType.choices, blank=True)
    order_type = models.CharField(
        _("order that completes it"),
        max_length=40,
        choices=OrderType.choices,
        blank=True,
        help_text=_("When an order of this type is approved, the item is done."),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_note = models.CharField(_("how it was done"), max_length=500, blank=True)
    done_order_number = models.CharField(
        _("number of the order that completed it"), max_length=40, blank=True, editable=False
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("roadmap item")
        verbose_name_plural = _("roadmap items")
        ordering = ["stage__number", "position", "period_end", "pk"]
        indexes = [models.Index(fields=["status", "period_end"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_start__isnull=True) | Q(period_end__gte=F("period_start")),
                name="roadmap_period_ordered",
                violation_error_message=_("The end of the period is earlier than its start."),
            ),
            models.CheckConstraint(
                condition=~Q(status="done") | Q(done_on__isnull=False),
                name="roadmap_done_item_has_date",
                violation_error_message=_("A done item needs the date it was done."),
            ),
        ]

    def __str__(self):
        return self.title[:80]

    @property
    def responsible_label(self) -> str:
        """«Куратор (Иванова И. И.)», «Директор» or just the person, as the seeds' column prints it."""
        from mentoring.kinds import current_kind_profile

        role = self.responsible_text or (
            current_kind_profile().role_label(self.responsible_role) if self.responsible_role else ""
        )
        person = self.responsible_person.short_name if self.responsible_person_id else ""
        if role and person:
            return f"{role} ({person})"
        return role or person

    @property
    def dates_label(self) -> str:
        """«01.09.2026 – 10.09.2026» for a period, «до 10.09.2026» for a deadline."""
        if self.period_start and self.period_start != self.period_end:
            return f"{self.period_start:%d.%m.%Y} – {self.period_end:%d.%m.%Y}"
        return _("by %(date)s") % {"date": f"{self.period_end:%d.%m.%Y}"}


class ReminderLog(ConstraintMessages, models.Model):
    """One reminder digest sent to a user on a day; the unique pair is what stops a second email."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="roadmap_reminders")
    day = models.DateField(_("day"))
    items_count = models.PositiveSmallIntegerField(_("items in the digest"), default=0)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("roadmap reminder")
        verbose_name_plural = _("roadmap reminders")
        ordering = ["-day", "user"]
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="one_roadmap_digest_per_user_per_day")]

    def __str__(self):
        return f"{self.user} — {self.day:%d.%m.%Y}"


class RoadmapImport(models.Model):
    """An uploaded roadmap read into stages and items, waiting in the preview until the curator confirms it.

    `draft` holds what the parse step produced (roadmap/imports/structure.py); confirming creates the roadmap and
    deletes this row; drafts left unconfirmed are swept after a day."""

    year = models.ForeignKey(AcademicYear, verbose_name=_("academic year"), on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    filename = models.CharField(_("file"), max_length=255)
    draft = models.JSONField(_("stages and items read"), default=dict)

    class Meta:
        verbose_name = _("roadmap import")
        verbose_name_plural = _("roadmap imports")
        ordering = ["-created_at"]

    def __str__(self):
        return self.filename


register_constraint_messages(
    {
        "stage_number_unique_per_year": ("number", _("The roadmap of this year already has a stage with this number.")),
        "stage_number_positive": ("number", _("The stage number is a positive number.")),
        "roadmap_period_ordered": ("period_end", _("The end of the period is earlier than its start.")),
        "roadmap_done_item_has_date": ("done_on", _("A done item needs the date it was done.")),
        "one_roadmap_digest_per_user_per_day": (None, _("Today's roadmap reminder was already sent.")),
    }
)
