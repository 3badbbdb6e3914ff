from django import forms
from django.utils.translation import gettext_lazy as _

from mentoring.choices import Category, MentoringForm
from mentoring.kinds import current_kind_profile


class IndicatorFilterForm(forms.Form):
    """The dashboard's filters (GET): year, category of people, form of mentoring. The years are given (the view
    has read them once, newest first)."""

    year = forms.ChoiceField(
        label=_("Academic year"), required=False, widget=forms.Select(attrs={"class": "form-select"})
    )
    category = forms.ChoiceField(
        label=_("Category"),
        choices=[("", _("all categories")), *Category.choices],
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    form = forms.ChoiceField(
        label=_("Form of mentoring"),
        choices=[("", _("all forms")), *MentoringForm.choices],
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y.pk, str(y)) for y in years]
        # The categories and forms of the kind of organisation (mentoring.kinds).
        profile = current_kind_profile()
        self.fields["category"].choices = [("", _("all categories")), *profile.category_choices()]
        self.fields["form"].choices = [("", _("all forms")), *profile.form_choices()]

    def selects(self) -> list[dict]:
        """The filters as plain <select> data for the dashboard's template, which draws them in one loop (Django's
        widget templates, one per option, cost more than the rest of the page)."""
        result = []
        for field in self:
            value = "" if field.value() is None else str(field.value())
            options = [(str(code), label, str(code) == value) for code, label in field.field.choices]
            result.append({"name": field.html_name, "id": field.id_for_label, "label": field.label, "options": options})
        return result


class ConclusionsForm(forms.Form):
    conclusions = forms.CharField(
        label=_("Analytic conclusions"),
        widget=forms.Textarea(attrs={"rows": 18}),
        max_length=20000,
        required=False,
        help_text=_("Printed in the end-of-year report. Start from the draft written from the figures."),
    )
