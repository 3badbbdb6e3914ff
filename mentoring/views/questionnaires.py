"""Online questionnaires: a person fills their own; the curator enters a paper one on someone's behalf."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from ..choices import Role
from ..forms import add_service_errors
from ..forms_banks import RespondentForm
from ..models import MenteeProfile, Person, Questionnaire, Response
from ..permissions import STAFF_ROLES, role_required, user_has_role
from ..questionnaires import QuestionnaireForm, answer_label, bank_questionnaires_for
from ..selectors import current_year
from ..services.questionnaires import BANK_KINDS, bank_questionnaire_submit


def _bank_questionnaire(code) -> Questionnaire:
    return get_object_or_404(Questionnaire, code=code, kind__in=BANK_KINDS, is_active=True)


@login_required
def my_questionnaires(request):
    person = getattr(request.user, "person", None)
    if person is None:
        raise Http404
    return render(
        request,
        "mentoring/questionnaires/mine.html",
        {
            "questionnaires": bank_questionnaires_for(
                person, Questionnaire.objects.filter(kind__in=BANK_KINDS, is_active=True)
            ),
            "responses": person.questionnaire_responses.select_related("questionnaire", "year"),
        },
    )


def _fill(request, questionnaire, person, *, on_paper):
    year = current_year()
    if year is None:  # answers belong to a year: without one set up there is nowhere to file them
        return render(request, "mentoring/banks/no_year.html")
    form = QuestionnaireForm(request.POST or None, questionnaire=questionnaire)
    if request.method == "POST" and form.is_valid():
        try:
            result = bank_questionnaire_submit(
                questionnaire=questionnaire,
                respondent=person,
                year=year,
                answers=form.answers(),
                filled_by=request.user,
                on_paper=on_paper,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            _report(request, result, person)
            return redirect("mentoring:response_detail", pk=result.response.pk)
    return render(
        request,
        "mentoring/questionnaires/fill.html",
        {"questionnaire": questionnaire, "form": form, "person": person, "on_paper": on_paper},
    )


def _report(request, result, person) -> None:
    if result.refused:
        messages.warning(request, result.refused)
    elif result.created:
        if isinstance(result.entry, MenteeProfile):
            text = _("The questionnaire is saved; %(name)s is added to the mentee bank of %(year)s from the answers.")
        else:
            text = _("The questionnaire is saved; %(name)s is added to the mentor bank of %(year)s from the answers.")
        messages.success(request, text % {"name": person, "year": result.entry.year})
    elif result.entry is not None:
        messages.success(request, _("The questionnaire is saved; the bank entry is updated from the answers."))
    else:
        messages.success(request, _("The questionnaire is saved. Thank you!"))


@login_required
def questionnaire_fill(request, code):
    person = getattr(request.user, "person", None)
    if person is None or person.is_anonymised:
        raise Http404
    return _fill(request, _bank_questionnaire(code), person, on_paper=False)


@role_required(Role.CURATOR)
def questionnaire_on_behalf(request, code, person_pk=None):
    questionnaire = _bank_questionnaire(code)
    if person_pk is None:
        form = RespondentForm(request.GET or None)
        if form.is_valid():
            return redirect("mentoring:questionnaire_on_behalf", code=code, person_pk=form.cleaned_data["person"].pk)
        return render(request, "mentoring/questionnaires/choose.html", {"form": form, "questionnaire": questionnaire})
    person = get_object_or_404(Person.objects.active(), pk=person_pk)
    return _fill(request, questionnaire, person, on_paper=True)


@login_required
def response_detail(request, pk):
    response = get_object_or_404(
        Response.objects.select_related("questionnaire", "respondent", "year", "filled_by"), pk=pk
    )
    own = getattr(request.user, "person", None) == response.respondent
    if not own and not user_has_role(request.user, *STAFF_ROLES):
        raise Http404
    answers = [
        (a.question, answer_label(a.question, a.value) if a.value is not None else "")
        for a in response.answers.select_related("question").order_by("question__number")
    ]
    return render(request, "mentoring/questionnaires/response.html", {"response": response, "answers": answers})


@role_required(*STAFF_ROLES)
def questionnaire_index(request):
    return render(
        request,
        "mentoring/questionnaires/index.html",
        {
            "questionnaires": Questionnaire.objects.filter(kind__in=BANK_KINDS, is_active=True),
            "responses": Response.objects.filter(questionnaire__kind__in=BANK_KINDS)
            .select_related("questionnaire", "respondent")
            .order_by("-submitted_at")[:100],
        },
    )
