import datetime

from django.conf import settings
from django.db import models
from django.db.models import ExpressionWrapper, F, Q
from django.utils.translation import gettext_lazy as _

from mentoring.choices import Direction, Mode
from mentoring.models import MentoringGroup

# Regulation §7.2: a programme lasts 3 months to 1 year. Calendar months vary, so the database
# holds the widest day bounds (Feb→May is 89 days; a leap year 366) and the service checks months exactly.
MIN_PROGRAMME_DAYS = 89
MAX_PROGRAMME_DAYS = 366


def _start_plus(days: int) -> ExpressionWrapper:
    return ExpressionWrapper(F("start_date") + datetime.timedelta(days=days), output_field=models.DateField())


class Programme(models.Model):
    """The personalised mentoring programme of one pair or group (Regulation, programme template)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        AGREED = "agreed", _("agreed")
        COMPLETED = "completed", _("completed")
        TERMINATED = "terminated", _("terminated")

    group = models.OneToOneField(
        MentoringGroup, verbose_name=_("pair or group"), on_delete=models.CASCADE, related_name="programme"
    )
    title = models.CharField(_("title"), max_length=300)
    problem = models.TextField(_("problem"), blank=True)
    goals = models.TextField(_("goals"), blank=True)
    tasks = models.TextField(_("tasks"), blank=True)
    content = models.TextField(_("content of activity"), blank=True)
    interim_results = models.TextField(_("interim results"), blank=True)
    planned_results = models.TextField(_("planned results"), blank=True)
    schedule = models.TextField(_("meeting schedule"), blank=True)
    mode = models.CharField(_("mode"), max_length=20, choices=Mode.choices, default=Mode.IN_PERSON)
    conditions = models.TextField(_("conditions"), blank=True)
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))
    extended_until = models.DateField(_("extended until"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    agreed_on = models.DateField(_("agreed on"), null=True, blank=True)
    results_summary = models.TextField(_("results achieved"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("personalised programme")
        verbose_name_plural = _("personalised programmes")
        ordering = ["-start_date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=_start_plus(MIN_PROGRAMME_DAYS)), name="programme_at_least_three_months"
            ),
            models.CheckConstraint(
                condition=Q(end_date__lte=_start_plus(MAX_PROGRAMME_DAYS)), name="programme_at_most_one_year"
            ),
            models.CheckConstraint(
                condition=Q(extended_until__isnull=True) | Q(extended_until__gt=F("end_date")),
                name="programme_extension_after_end",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def effective_end(self) -> datetime.date:
        return self.extended_until or self.end_date


class ProgrammeActivity(models.Model):
    """A line of the plan of activities, under one of the Regulation's eight directions."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")
        CANCELLED = "cancelled", _("cancelled")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="activities")
    direction = models.CharField(_("direction"), max_length=30, choices=Direction.choices)
    title = models.CharField(_("activity"), max_length=500)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    expected_result = models.CharField(_("expected result"), max_length=500, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("position in the list"), default=0)

    class Meta:
        verbose_name = _("plan activity")
        verbose_name_plural = _("plan activities")
        ordering = ["direction", "position", "due_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="done") | Q(done_on__isnull=False), name="done_activity_has_date"
            ),
        ]

    def __str__(self):
        return self.title


class ProgrammeChange(models.Model):
    """A change by mutual consent (Regulation §7.2): who agreed, when, and what changed."""

    class Kind(models.TextChoices):
        EXTENSION = "extension", _("extension of the period")
        PLAN = "plan", _("change of the plan")
        OTHER = "other", _("other change")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("what changed"))
    agreed_by = models.CharField(_("agreed by"), max_length=500, help_text=_("Names of those who agreed."))
    agreed_on = models.DateField(_("agreed on"))
    previous_end = models.DateField(null=True, blank=True)
    new_end = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("programme change")
        verbose_name_plural = _("programme changes")
        ordering = ["-agreed_on", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.agreed_on:%d.%m.%Y}"
