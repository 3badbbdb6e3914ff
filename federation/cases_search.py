"""Searching a base of cases by form, type, direction and words: one rule for the hub's base and the school's copy."""

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from mentoring.choices import Direction, MentoringForm, MentoringType
from mentoring.filters import query_choice, query_text

PAGE_SIZE = 30


class CaseSearchForm(forms.Form):
    q = forms.CharField(label=_("Words"), required=False)
    form = forms.ChoiceField(label=_("form of mentoring"), required=False,
                             choices=[("", _("any"))] + list(MentoringForm.choices))  # fmt: skip
    mentoring_type = forms.ChoiceField(label=_("type of mentoring"), required=False,
                                       choices=[("", _("any"))] + list(MentoringType.choices))  # fmt: skip
    direction = forms.ChoiceField(label=_("direction"), required=False,
                                  choices=[("", _("any"))] + list(Direction.choices))  # fmt: skip


def case_filters(query) -> dict:
    """The query string's filters; a malformed value is ignored."""
    return {
        "q": query_text(query, "q"),
        "form": query_choice(query, "form", MentoringForm.choices),
        "mentoring_type": query_choice(query, "mentoring_type", MentoringType.choices),
        "direction": query_choice(query, "direction", Direction.choices),
    }


def cases_search(qs: QuerySet, filters: dict) -> QuerySet:
    if filters["form"]:
        qs = qs.filter(form=filters["form"])
    if filters["mentoring_type"]:
        qs = qs.filter(mentoring_type=filters["mentoring_type"])
    if filters["direction"]:
        qs = qs.filter(directions__contains=[filters["direction"]])
    for word in filters["q"].split()[:5]:
        qs = qs.filter(Q(title__icontains=word) | Q(summary__icontains=word) | Q(body__icontains=word))
    return qs


def labels(case) -> dict:
    """Russian labels of a case's codes (an unknown code shows as itself)."""
    directions = dict(Direction.choices)
    return {
        "form": dict(MentoringForm.choices).get(case.form, case.form),
        "mentoring_type": dict(MentoringType.choices).get(case.mentoring_type, case.mentoring_type),
        "directions": [directions.get(d, d) for d in case.directions or []],
    }
