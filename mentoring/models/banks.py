from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..choices import Direction, MenteeStatus, MentoringForm, MentoringType, MentorStatus, Mode, QualificationCategory
from ..constraints import ConstraintMessages
from .fields import ChoiceListField
from .organisation import AcademicYear
from .people import Person

MAX_CAPACITY = 10


class MentorProfile(ConstraintMessages, models.Model):
    """An entry of the mentor bank for one academic year («база наставников»)."""

    person = models.ForeignKey(
        Person, verbose_name=_("mentor"), on_delete=models.CASCADE, related_name="mentor_profiles"
    )
    year = models.ForeignKey(
        AcademicYear, verbose_name=_("academic year"), on_delete=models.PROTECT, related_name="mentor_profiles"
    )
    directions = ChoiceListField(_("directions"), choice_class=Direction)
    competencies = models.TextField(_("experience and competencies"), blank=True)
    interests = models.TextField(_("interests"), blank=True)
    qualification_category = models.CharField(
        _("qualification category"),
        max_length=20,
        choices=QualificationCategory.choices,
        default=QualificationCategory.NONE,
    )
    capacity = models.PositiveSmallIntegerField(_("how many mentees at most"), default=1)
    preferred_forms = ChoiceListField(_("preferred forms"), choice_class=MentoringForm)
    preferred_types = ChoiceListField(_("preferred types"), choice_class=MentoringType)
    preferred_mode = models.CharField(_("preferred mode"), max_length=20, choices=Mode.choices, blank=True)
    desired_mentee_age = models.CharField(_("desired age of mentees"), max_length=100, blank=True)
    available_period = models.CharField(_("period when ready to work"), max_length=200, blank=True)
    is_ready = models.BooleanField(_("ready to mentor"), default=True)
    training_completed = models.BooleanField(_("training completed"), default=False)
    status = models.CharField(_("status"), max_length=20, choices=MentorStatus.choices, default=MentorStatus.CANDIDATE)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    entered_on = models.DateField(_("entered the bank on"), auto_now_add=True)
    left_on = models.DateField(_("left the bank on"), null=True, blank=True)
    left_reason = models.CharField(_("reason for leaving"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("mentor bank entry")
        verbose_name_plural = _("mentor bank")
        ordering = ["person__last_name", "person__first_name"]
        constraints = [
            models.UniqueConstraint(fields=["person", "year"], name="mentor_once_per_year"),
            models.CheckConstraint(
                condition=Q(capacity__gte=1, capacity__lte=MAX_CAPACITY), name="mentor_capacity_range"
            ),
            models.CheckConstraint(
                condition=~Q(status=MentorStatus.APPROVED) | Q(approved_on__isnull=False),
                name="approved_mentor_has_date",
            ),
        ]

    def __str__(self):
        return f"{self.person} ({self.year})"


class MenteeProfile(ConstraintMessages, models.Model):
    """An entry of the mentee bank for one academic year («база наставляемых»)."""

    person = models.ForeignKey(
        Person, verbose_name=_("mentee"), on_delete=models.CASCADE, related_name="mentee_profiles"
    )
    year = models.ForeignKey(
        AcademicYear, verbose_name=_("academic year"), on_delete=models.PROTECT, related_name="mentee_profiles"
    )
    requests = ChoiceListField(_("difficulties by direction"), choice_class=Direction)
    request_text = models.TextField(_("main request"), blank=True)
    preferred_form = models.CharField(_("preferred form"), max_length=30, choices=MentoringForm.choices, blank=True)
    preferred_types = ChoiceListField(_("preferred types"), choice_class=MentoringType)
    preferred_mode = models.CharField(_("preferred mode"), max_length=20, choices=Mode.choices, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=MenteeStatus.choices, default=MenteeStatus.AWAITING)
    entered_on = models.DateField(_("entered the programme on"))
    support_notes = models.TextField(
        _("psychological and pedagogical support"),
        blank=True,
        help_text=_("Support given while no mentor is found (roadmap stage 5)."),
    )
    left_on = models.DateField(_("left the bank on"), null=True, blank=True)
    left_reason = models.CharField(_("reason for leaving"), max_length=300, blank=True)
    carried_from = models.ForeignKey(
        "self",
        verbose_name=_("carried over from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="carried_to",
        help_text=_("The entry of the year before, when the mentee was still waiting at the start of this year."),
    )

    class Meta:
        verbose_name = _("mentee bank entry")
        verbose_name_plural = _("mentee bank")
        ordering = ["person__last_name", "person__first_name"]
        constraints = [
            models.UniqueConstraint(fields=["person", "year"], name="mentee_once_per_year"),
            models.CheckConstraint(
                condition=~Q(status=MenteeStatus.LEFT) | Q(left_on__isnull=False), name="left_mentee_has_date"
            ),
        ]

    def __str__(self):
        return f"{self.person} ({self.year})"
