"""Forms of the office's pages: fields and messages only (the rules are in the services)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import InformationLetter, MemberSchool, RoadmapAgreement


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("decision"),
        choices=[
            (RoadmapAgreement.Decision.AGREED, _("agree")),
            (RoadmapAgreement.Decision.RETURNED, _("return for revision")),
        ],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("comment"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required when the roadmap is returned: what should be revised."),
    )  # fmt: skip
    checksum = forms.CharField(widget=forms.HiddenInput, max_length=64)


class LetterForm(forms.ModelForm):
    schools = forms.ModelMultipleChoiceField(
        label=_("schools"), queryset=MemberSchool.objects.all(), required=False,
        widget=forms.CheckboxSelectMultiple, help_text=_("When the letter is not for all schools."),
    )  # fmt: skip
    pdf = forms.FileField(label=_("PDF"), required=False)

    class Meta:
        model = InformationLetter
        fields = ["title", "text", "to_all"]
        widgets = {"text": forms.Textarea(attrs={"rows": 8})}


class TargetForm(forms.Form):
    code = forms.CharField(widget=forms.HiddenInput, max_length=80)
    target_percent = forms.DecimalField(
        label=_("target, %"), min_value=0, max_value=100, max_digits=5, decimal_places=1, required=False, localize=True
    )
