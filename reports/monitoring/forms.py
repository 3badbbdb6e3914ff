from django import forms
from django.utils.translation import gettext_lazy as _

from mentoring.choices import Category, MentoringForm
from mentoring.kinds import current_kind_profile
from mentoring.models import AcademicYear


class IndicatorFilterForm(forms.Form):
    """The dashboard's filters (GET): year, category of people, form of mentoring."""

    year = forms.ModelChoiceField(
        label=_("Academic year"), queryset=AcademicYear.objects.order_by("-start_date"), required=False,
        empty_label=None, widget=forms.Select(attrs={"class": "form-select"}),
    )  # fmt: skip
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The categories and forms of the kind of organisation (mentoring.kinds).
        profile = current_kind_profile()
        self.fields["category"].choices = [("", _("all categories")), *profile.category_choices()]
        self.fields["form"].choices = [("", _("all forms")), *profile.form_choices()]


class ConclusionsForm(forms.Form):
    conclusions = forms.CharField(
        label=_("Analytic conclusions"),
        widget=forms.Textarea(attrs={"rows": 18}),
        max_length=20000,
        required=False,
        help_text=_("Printed in the end-of-year report. Start from the draft written from the figures."),
    )
