from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from mentoring.models import Person

from .models import AccessAction
from .selectors import JournalFilters, journal_users, tracked_model_choices

CHANGE_ACTIONS = [
    ("insert", pgettext_lazy("audit action", "created")),
    ("update", pgettext_lazy("audit action", "changed")),
    ("delete", pgettext_lazy("audit action", "deleted")),
]


class JournalFilterForm(forms.Form):
    """GET filters; anything malformed is ignored (the page shows everything rather than an error)."""

    tab = forms.ChoiceField(
        choices=[
            ("changes", pgettext_lazy("audit", "Changes")),
            ("reads", pgettext_lazy("audit", "Access to personal data")),
        ],
        required=False,
    )
    person = forms.ModelChoiceField(
        Person.objects.none(), required=False, widget=forms.NumberInput, label=_("person (number)")
    )
    model = forms.ChoiceField(required=False, label=pgettext_lazy("audit filter", "object"))
    user = forms.ModelChoiceField(None, required=False, label=pgettext_lazy("audit filter", "user"))
    action = forms.ChoiceField(required=False, label=pgettext_lazy("audit filter", "action"))
    date_from = forms.DateField(
        required=False, label=pgettext_lazy("audit filter", "from"), widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        required=False, label=pgettext_lazy("audit filter", "to"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.all()
        self.fields["user"].queryset = journal_users()
        self.fields["model"].choices = [("", pgettext_lazy("audit filter", "any"))] + tracked_model_choices()
        self.fields["action"].choices = [
            ("", pgettext_lazy("audit filter", "any")),
            *CHANGE_ACTIONS,
            *AccessAction.choices,
        ]
        for field in self.fields.values():
            field.widget.attrs.setdefault(
                "class",
                "form-select form-select-sm"
                if isinstance(field.widget, forms.Select)
                else "form-control form-control-sm",
            )

    def filters(self) -> JournalFilters:
        self.is_valid()  # an invalid field is left out of cleaned_data, the valid ones still filter
        data = getattr(self, "cleaned_data", {})
        return JournalFilters(
            person=data.get("person"),
            model=data.get("model") or "",
            user=data.get("user"),
            action=data.get("action") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )

    @property
    def current_tab(self) -> str:
        return (getattr(self, "cleaned_data", None) or {}).get("tab") or "changes"
