from django import forms
from django.utils.translation import gettext_lazy as _

from mentoring.models import Person

from .models import AccessAction
from .selectors import JournalFilters, journal_users, tracked_model_choices

CHANGE_ACTIONS = [("insert", _("created")), ("update", _("changed")), ("delete", _("deleted"))]


class JournalFilterForm(forms.Form):
    """GET filters; anything malformed is ignored (the page shows everything rather than an error)."""

    tab = forms.ChoiceField(
        choices=[("changes", _("Changes")), ("reads", _("Access to personal data"))], required=False
    )
    person = forms.ModelChoiceField(
        Person.objects.none(), required=False, widget=forms.NumberInput, label=_("person (number)")
    )
    model = forms.ChoiceField(required=False, label=_("object"))
    user = forms.ModelChoiceField(None, required=False, label=_("user"))
    action = forms.ChoiceField(required=False, label=_("action"))
    date_from = forms.DateField(required=False, label=_("from"), widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(required=False, label=_("to"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.all()
        self.fields["user"].queryset = journal_users()
        self.fields["model"].choices = [("", _("any"))] + tracked_model_choices()
        self.fields["action"].choices = [("", _("any")), *CHANGE_ACTIONS, *AccessAction.choices]
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
