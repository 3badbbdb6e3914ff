"""Questionnaires as data: build a Django form from a Questionnaire's questions, and read answers back.

Used by the banks (needs questionnaire, mentor survey) and by programmes (feedback, satisfaction).
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import Category
from .models import Question, Questionnaire

# The mentee needs questionnaire exists twice: for adults (difficulties by the Regulation's directions) and for
# pupils, in a pupil's words with the pupils' directions (fixtures/questionnaires.json).
NEEDS_CODE = "mentee_needs"
PUPIL_NEEDS_CODE = "mentee_needs_pupil"


def questionnaire_code_for(code: str, person) -> str:
    """The variant of a bank questionnaire meant for this person: a pupil gets the pupils' needs questionnaire."""
    if code in (NEEDS_CODE, PUPIL_NEEDS_CODE):
        return PUPIL_NEEDS_CODE if person.category == Category.STUDENT else NEEDS_CODE
    return code


def bank_questionnaires_for(person, queryset):
    """The bank questionnaires this person is offered: the needs questionnaire in the variant meant for them."""
    other = NEEDS_CODE if questionnaire_code_for(NEEDS_CODE, person) == PUPIL_NEEDS_CODE else PUPIL_NEEDS_CODE
    return queryset.exclude(code=other)

SCALE = [(str(n), str(n)) for n in range(1, 11)]
YES_NO = [("yes", _("yes")), ("no", _("no"))]


def field_name(question: Question) -> str:
    return f"q{question.pk}"


def _field_for(question: Question) -> forms.Field:
    common = {"label": question.text, "required": question.required}
    choices = [(str(code), label) for code, label in (question.choices or [])]
    match question.kind:
        case Question.Kind.TEXT:
            return forms.CharField(max_length=500, **common)
        case Question.Kind.LONG_TEXT:
            return forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=5000, **common)
        case Question.Kind.SINGLE:
            return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
        case Question.Kind.MULTIPLE:
            return forms.MultipleChoiceField(choices=choices, widget=forms.CheckboxSelectMultiple, **common)
        case Question.Kind.SCALE:
            return forms.TypedChoiceField(choices=SCALE, coerce=int, widget=forms.RadioSelect, **common)
        case Question.Kind.YES_NO:
            return forms.ChoiceField(choices=YES_NO, widget=forms.RadioSelect, **common)
    raise ValueError(f"unknown question kind {question.kind}")


class QuestionnaireForm(forms.Form):
    """One field per question, named `q<pk>`; `answers()` returns {question: value} for the service."""

    def __init__(self, *args, questionnaire: Questionnaire, **kwargs):
        super().__init__(*args, **kwargs)
        self.questionnaire = questionnaire
        self.questions = list(questionnaire.questions.order_by("number"))
        for question in self.questions:
            self.fields[field_name(question)] = _field_for(question)

    def answers(self) -> dict[Question, object]:
        result = {}
        for question in self.questions:
            value = self.cleaned_data.get(field_name(question))
            if value not in (None, "", []):
                result[question] = value
        return result


def answer_label(question: Question, value) -> str:
    """A readable answer for pages and PDFs: choice codes become their labels."""
    lookup = {str(code): label for code, label in (question.choices or [])}
    if question.kind == Question.Kind.YES_NO:
        return str(dict(YES_NO).get(value, value))
    if isinstance(value, list):
        return ", ".join(lookup.get(str(v), str(v)) for v in value)
    return lookup.get(str(value), str(value))


def bank_initial(person, kind: str) -> dict:
    """The person's latest answers to the bank questionnaire of a kind, as initial values of «Add to the bank»."""
    from .services.questionnaires import mapped_values

    response = (
        person.questionnaire_responses.filter(questionnaire__kind=kind)
        .select_related("questionnaire")
        .order_by("-submitted_at", "-pk")
        .first()
    )
    if response is None:
        return {}
    answers = {a.question: a.value for a in response.answers.select_related("question")}
    return mapped_values(response.questionnaire, answers)
