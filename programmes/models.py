import datetime

from django.conf import settings
from django.db import models
from django.db.models import ExpressionWrapper, F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mentoring.choices import Direction, MemberRole, MentoringForm, Mode
from mentoring.constraints import ConstraintMessages
from mentoring.constraints import register as register_constraint_messages
from mentoring.models import MentoringGroup
from mentoring.models.fields import ChoiceListField

# Regulation §7.2: a programme lasts 3 months to 1 year. Calendar months vary, so the database
# holds the widest day bounds (Feb→May is 89 days; a leap year 366) and the service checks months exactly.
MIN_PROGRAMME_DAYS = 89
MAX_PROGRAMME_DAYS = 366


def _start_plus(days: int) -> ExpressionWrapper:
    return ExpressionWrapper(F("start_date") + datetime.timedelta(days=days), output_field=models.DateField())


class PublishPart(models.TextChoices):
    """What of a best practice the public section may show (Regulation §8: only after completion)."""

    NOTE = "note", _("explanatory note")
    PLAN = "plan", _("plan of activities")
    RESULTS = "results", _("results achieved")
    MENTOR_REPORT = "mentor_report", _("mentor's report")
    NAMES = "names", _("names of participants who agreed to publication")


class Programme(ConstraintMessages, models.Model):
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
    template = models.ForeignKey(
        "ProgrammeTemplate",
        verbose_name=_("template"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="programmes",
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    mentor_report = models.TextField(_("mentor's report"), blank=True)
    is_best_practice = models.BooleanField(_("best practice"), default=False)
    case_description = models.TextField(_("case description"), blank=True)
    publish_parts = ChoiceListField(_("may be published"), choice_class=PublishPart)
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
            # Regulation §8.2: results are shown as a best practice only after the programme is completed.
            models.CheckConstraint(
                condition=Q(is_best_practice=False) | Q(status="completed"), name="best_practice_only_when_completed"
            ),
            models.CheckConstraint(
                condition=~Q(status="completed") | Q(completed_on__isnull=False), name="completed_programme_has_date"
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["agreed", "completed"]) | Q(agreed_on__isnull=False),
                name="agreed_programme_has_date",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("programmes:detail", kwargs={"pk": self.pk})

    @property
    def effective_end(self) -> datetime.date:
        return self.extended_until or self.end_date


class ProgrammeActivity(ConstraintMessages, models.Model):
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
    consenting = models.ManyToManyField(
        "mentoring.Person", verbose_name=_("who agreed"), blank=True, related_name="programme_changes_agreed"
    )
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


class ProgrammeTemplate(ConstraintMessages, models.Model):
    """The school's programme template (Regulation, «Шаблон персонализированной программы»); the curator edits it."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("programme title"), max_length=300)
    problem = models.TextField(_("problem"), blank=True)
    goals = models.TextField(_("goals"), blank=True)
    tasks = models.TextField(_("tasks"), blank=True)
    content = models.TextField(_("content of activity"), blank=True)
    interim_results = models.TextField(_("interim results"), blank=True)
    planned_results = models.TextField(_("planned results"), blank=True)
    schedule = models.TextField(_("meeting schedule"), blank=True)
    mode = models.CharField(_("mode"), max_length=20, choices=Mode.choices, default=Mode.IN_PERSON)
    conditions = models.TextField(_("conditions"), blank=True)
    months = models.PositiveSmallIntegerField(_("length in months"), default=9)
    # A new programme starts from the template of its group's form of mentoring (issue 15 §5).
    forms = ChoiceListField(
        _("forms of mentoring"), choice_class=MentoringForm, help_text=_("New programmes of these forms start here.")
    )
    is_active = models.BooleanField(_("in use"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("programme template")
        verbose_name_plural = _("programme templates")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(months__gte=3, months__lte=12), name="template_three_to_twelve_months"),
        ]

    def __str__(self):
        return self.name


class ProgrammeTemplateActivity(models.Model):
    template = models.ForeignKey(ProgrammeTemplate, on_delete=models.CASCADE, related_name="activities")
    direction = models.CharField(_("direction"), max_length=30, choices=Direction.choices)
    title = models.CharField(_("activity"), max_length=500)
    expected_result = models.CharField(_("expected result"), max_length=500, blank=True)
    week = models.PositiveSmallIntegerField(_("due in week no."), default=4, help_text=_("Counted from the start."))
    position = models.PositiveSmallIntegerField(_("position in the list"), default=0)

    class Meta:
        verbose_name = _("template activity")
        verbose_name_plural = _("template activities")
        ordering = ["direction", "position", "week", "pk"]

    def __str__(self):
        return self.title


class Meeting(models.Model):
    """A meeting of a pair or group; the usual sequence is seed 002 item 3.5 (suggested, not forced)."""

    class Kind(models.TextChoices):
        INTRODUCTION = "introduction", _("introductory meeting")
        TRIAL = "trial", _("trial meeting")
        PLANNING = "planning", _("planning meeting")
        JOINT_WORK = "joint_work", _("joint work")
        FINAL = "final", _("final meeting")

    group = models.ForeignKey(
        MentoringGroup, verbose_name=_("pair or group"), on_delete=models.CASCADE, related_name="meetings"
    )
    kind = models.CharField(_("type of meeting"), max_length=20, choices=Kind.choices)
    date = models.DateField(_("date"))
    format = models.CharField(_("format"), max_length=20, choices=Mode.choices, default=Mode.IN_PERSON)
    topic = models.CharField(_("topic"), max_length=300, blank=True)
    notes = models.TextField(_("short notes"), blank=True)
    attendees = models.ManyToManyField(
        "mentoring.Person", verbose_name=_("present"), blank=True, related_name="attended_meetings"
    )
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["group", "date"])]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.date:%d.%m.%Y}"


# The order in which seed 002 item 3.5 lists the meetings; used to suggest the next one.
MEETING_SEQUENCE = [
    Meeting.Kind.INTRODUCTION,
    Meeting.Kind.TRIAL,
    Meeting.Kind.PLANNING,
    Meeting.Kind.JOINT_WORK,
    Meeting.Kind.FINAL,
]


class FeedbackRequest(ConstraintMessages, models.Model):
    """A questionnaire due from one member of a group: after a joint-work meeting, mid-programme, at the end."""

    class Kind(models.TextChoices):
        MEETING = "meeting", _("feedback after a meeting")
        INTERIM = "interim", _("interim feedback")
        SATISFACTION = "satisfaction", _("satisfaction questionnaire")

    class Status(models.TextChoices):
        PENDING = "pending", _("to fill")
        DONE = "done", _("filled")
        CANCELLED = "cancelled", _("cancelled")

    group = models.ForeignKey(MentoringGroup, on_delete=models.CASCADE, related_name="feedback_requests")
    person = models.ForeignKey(
        "mentoring.Person", verbose_name=_("respondent"), on_delete=models.CASCADE, related_name="feedback_requests"
    )
    role = models.CharField(_("role"), max_length=10, choices=MemberRole.choices)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    questionnaire = models.ForeignKey("mentoring.Questionnaire", on_delete=models.PROTECT, related_name="+")
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.CASCADE, related_name="feedback_requests"
    )
    required = models.BooleanField(
        _("required"), default=True, help_text=_("Optional forms are offered and never become overdue.")
    )
    opens_on = models.DateField(_("can be filled from"))
    due_date = models.DateField(_("due date"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    response = models.OneToOneField(
        "mentoring.Response", null=True, blank=True, on_delete=models.SET_NULL, related_name="feedback_request"
    )
    completed_at = models.DateTimeField(_("filled at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("feedback form due")
        verbose_name_plural = _("feedback forms due")
        ordering = ["due_date", "pk"]
        indexes = [models.Index(fields=["status", "due_date"])]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"], condition=Q(meeting__isnull=False), name="one_feedback_per_meeting"
            ),
            models.UniqueConstraint(
                fields=["group", "person", "kind"], condition=Q(meeting__isnull=True), name="one_feedback_per_stage"
            ),
            models.CheckConstraint(
                condition=(Q(kind="meeting") & Q(meeting__isnull=False))
                | (~Q(kind="meeting") & Q(meeting__isnull=True)),
                name="meeting_feedback_names_its_meeting",
            ),
            models.CheckConstraint(
                condition=Q(status="done", completed_at__isnull=False)
                | (~Q(status="done") & Q(completed_at__isnull=True)),
                name="done_feedback_has_time",
            ),
            models.CheckConstraint(condition=Q(due_date__gte=F("opens_on")), name="feedback_due_after_opening"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.person}"

    def is_overdue(self, today: datetime.date) -> bool:
        return self.required and self.status == self.Status.PENDING and self.due_date < today


class InactivityReminder(ConstraintMessages, models.Model):
    """One reminder per group per silent period: the unique constraint is the guarantee against duplicates."""

    group = models.ForeignKey(MentoringGroup, on_delete=models.CASCADE, related_name="inactivity_reminders")
    quiet_since = models.DateField(_("no meetings since"))
    period = models.PositiveSmallIntegerField(_("silent period no."))
    recipients = models.PositiveSmallIntegerField(_("emails sent"), default=0)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("inactivity reminder")
        verbose_name_plural = _("inactivity reminders")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["group", "quiet_since", "period"], name="one_reminder_per_silent_period"),
            models.CheckConstraint(condition=Q(period__gte=1), name="reminder_period_positive"),
        ]

    def __str__(self):
        return f"{self.group} — {self.quiet_since:%d.%m.%Y} #{self.period}"


register_constraint_messages(
    {
        "programme_at_least_three_months": ("end_date", _("A programme lasts from 3 months to 1 year.")),
        "programme_at_most_one_year": ("end_date", _("A programme lasts from 3 months to 1 year.")),
        "programme_extension_after_end": ("extended_until", _("An extension ends after the programme's end date.")),
        "best_practice_only_when_completed": (
            "is_best_practice",
            _("Only a completed programme can be a best practice (Regulation §8.2)."),
        ),
        "completed_programme_has_date": ("completed_on", _("A completed programme needs the date it was completed.")),
        "agreed_programme_has_date": ("agreed_on", _("An agreed programme needs the date it was agreed.")),
        "done_activity_has_date": ("done_on", _("A done activity needs the date it was done.")),
        "template_three_to_twelve_months": ("months", _("A programme template lasts from 3 to 12 months.")),
        "one_feedback_per_meeting": (None, _("This person already has a feedback form for this meeting.")),
        "one_feedback_per_stage": (None, _("This person already has this feedback form for the pair or group.")),
        "meeting_feedback_names_its_meeting": ("meeting", _("Feedback after a meeting names its meeting.")),
        "done_feedback_has_time": (None, _("A filled feedback form needs the time it was filled.")),
        "feedback_due_after_opening": ("due_date", _("The form cannot be due before it opens.")),
        "one_reminder_per_silent_period": (None, _("This reminder was already sent.")),
        "reminder_period_positive": ("period", _("The reminder period is a positive number.")),
    }
)
