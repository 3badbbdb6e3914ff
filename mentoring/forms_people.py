"""Forms of the people pages: fields and messages only, the rules live in services/people.py."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import MenteeStatus
from .kinds import current_kind_profile
from .models import Person
from .russian import decline_full
from .selectors import ConsentState
from .services.people import EDITABLE_FIELDS


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


NAME_CASE_LABELS = {
    "gen": _("Full name in the genitive (кого?)"),
    "dat": _("Full name in the dative (кому?)"),
    "acc": _("Full name in the accusative (кого?)"),
    "ins": _("Full name in the instrumental (кем?)"),
    "loc": _("Full name in the prepositional (о ком?)"),
}


def kind_fields(form: forms.Form, profile, *, keep: str = "", keep_grade: str = "") -> None:
    """Offer the kind's categories and call the unit field as the kind does (класс, объединение, группа); where
    the kind has no unit (a kindergarten) the field goes, unless the person already has a value in it."""
    form.fields["category"].choices = [c for c in form.fields["category"].choices if c[0] == ""] + list(
        profile.category_choices(keep=keep)
    )
    if "grade" not in form.fields:
        return
    if profile.unit_label is None and not keep_grade:
        del form.fields["grade"]
    elif profile.unit_label is not None:
        form.fields["grade"].label = profile.unit_label
        form.fields["grade"].help_text = profile.unit_help


class PersonForm(forms.ModelForm):
    """The card; the forms of the name in the cases are optional overrides of the automatic declension."""

    class Meta:
        model = Person
        fields = [f for f in EDITABLE_FIELDS if f != "name_cases"]
        widgets = {"birth_date": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        kind_fields(self, current_kind_profile(), keep=self.instance.category, keep_grade=self.instance.grade)
        cases = self.instance.name_cases or {}
        for code, label in NAME_CASE_LABELS.items():
            # What the documents print now, so the curator fills a form only where it is wrong.
            automatic = decline_full(self.instance, code) if self.instance.pk else ""
            self.fields[f"name_{code}"] = forms.CharField(
                label=label,
                required=False,
                max_length=300,
                initial=cases.get(code, ""),
                help_text=_("Documents print: %(form)s") % {"form": automatic} if automatic else "",
            )

    def clean(self):
        data = super().clean()
        data.setdefault("grade", self.instance.grade or "")  # a kind without a unit has no such field
        data["name_cases"] = {
            code: " ".join(data.get(f"name_{code}", "").split())
            for code in NAME_CASE_LABELS
            if data.get(f"name_{code}", "").strip()
        }
        return data


CONSENT_FILTER = [
    ("", _("any consent")),
    (ConsentState.VALID, _("consent valid")),
    (ConsentState.EXPIRING, _("expires within 30 days")),
    (ConsentState.MISSING, _("no consent")),
    (ConsentState.WITHDRAWN, _("consent withdrawn")),
]
BANK_FILTER = [
    ("", _("any bank")),
    ("mentor", _("in the mentor bank")),
    ("mentee", _("in the mentee bank")),
    ("none", _("in no bank")),
]
STATUS_FILTER = [
    ("", _("any status")),
    *[(value, label) for value, label in MenteeStatus.choices if value != MenteeStatus.LEFT],
    ("mentor_candidate", _("mentor candidate")),
    ("mentor_approved", _("mentor approved by order")),
    ("anonymised", _("anonymised after withdrawal")),
]


class PeopleFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    category = forms.ChoiceField(label=_("category"), required=False, choices=[("", _("any category"))])
    grade = forms.CharField(label=_("class"), required=False, max_length=100)
    subject = forms.CharField(label=_("subject"), required=False, max_length=100)
    consent = forms.ChoiceField(label=_("consent"), required=False, choices=CONSENT_FILTER)
    bank = forms.ChoiceField(label=_("bank"), required=False, choices=BANK_FILTER)
    status = forms.ChoiceField(label=_("status"), required=False, choices=STATUS_FILTER)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        profile = current_kind_profile()
        kind_fields(self, profile, keep=self.data.get("category", "") if self.is_bound else "")
        self.fields["category"].choices = [("", _("any category")), *self.fields["category"].choices]
        for name, f in self.fields.items():
            f.widget.attrs["class"] = (
                "form-select form-select-sm" if isinstance(f, forms.ChoiceField) else ("form-control form-control-sm")
            )
            f.widget.attrs["id"] = f"id_{name}"

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = dict(self.cleaned_data)
        data["search"] = data.pop("q")
        return data
