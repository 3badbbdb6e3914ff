from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..constraints import ConstraintMessages
from .groups import MentoringGroup
from .organisation import AcademicYear
from .people import Person


class Questionnaire(models.Model):
    """A questionnaire defined as data (fixtures, editable in admin): needs, survey, feedback, satisfaction."""

    class Kind(models.TextChoices):
        MENTEE_NEEDS = "mentee_needs", _("mentee needs questionnaire")
        MENTOR_SURVEY = "mentor_survey", _("survey of a potential mentor")
        MEETING_FEEDBACK = "meeting_feedback", _("feedback after a meeting")
        INTERIM_FEEDBACK = "interim_feedback", _("interim feedback")
        SATISFACTION = "satisfaction", _("satisfaction questionnaire")

    class Audience(models.TextChoices):
        MENTOR = "mentor", _("mentors")
        MENTEE = "mentee", _("mentees")
        ANY = "any", _("anyone")

    code = models.SlugField(_("code"), max_length=60, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    audience = models.CharField(_("audience"), max_length=10, choices=Audience.choices, default=Audience.ANY)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("introduction"), blank=True)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        ordering = ["kind", "title"]

    def __str__(self):
        return self.title


class Question(ConstraintMessages, models.Model):
    class Kind(models.TextChoices):
        TEXT = "text", _("short text")
        LONG_TEXT = "long_text", _("long text")
        SINGLE = "single", _("one choice")
        MULTIPLE = "multiple", _("several choices")
        SCALE = "scale", _("scale from 1 to 10")
        YES_NO = "yes_no", _("yes or no")

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="questions")
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("question"))
    kind = models.CharField(_("answer type"), max_length=20, choices=Kind.choices)
    choices = models.JSONField(
        _("choices"),
        default=list,
        blank=True,
        help_text=_('A list of [code, label] pairs, e.g. [["methodical", "Методическое"]].'),
    )
    required = models.BooleanField(_("required"), default=True)
    maps_to = models.CharField(
        _("bank field it fills"),
        max_length=50,
        blank=True,
        help_text=_("Answers to this question update this field of the bank entry."),
    )

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["questionnaire", "number"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "number"], name="question_number_unique"),
        ]

    def __str__(self):
        return f"{self.number}. {self.text[:60]}"


class Response(models.Model):
    """One filled questionnaire: by the respondent themself or by the curator from a paper form."""

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.PROTECT, related_name="responses")
    respondent = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="questionnaire_responses")
    year = models.ForeignKey(AcademicYear, on_delete=models.PROTECT, related_name="questionnaire_responses")
    group = models.ForeignKey(MentoringGroup, null=True, blank=True, on_delete=models.CASCADE, related_name="responses")
    filled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    on_paper = models.BooleanField(_("entered from a paper form"), default=False)
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("questionnaire response")
        verbose_name_plural = _("questionnaire responses")
        ordering = ["-submitted_at"]

    def __str__(self):
        return f"{self.questionnaire} — {self.respondent}"


class Answer(ConstraintMessages, models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    value = models.JSONField(_("answer"), null=True, blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="one_answer_per_question"),
        ]

    def __str__(self):
        return f"{self.question_id}: {self.value}"
