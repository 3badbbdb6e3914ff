"""Forms of the exchange: the office registers a school and uploads a package file; the school connects."""

from django import forms
from django.utils.translation import gettext_lazy as _

from mentoring.models import OrganisationKind

from .models import MemberSchool


class SchoolRegisterForm(forms.ModelForm):
    class Meta:
        model = MemberSchool
        fields = ["name", "kind", "contact"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [c for c in OrganisationKind.choices if c[0] != OrganisationKind.MUNICIPAL]


class PackageUploadForm(forms.Form):
    file = forms.FileField(label=_("Package file (.json)"))

    def clean_file(self):
        from django.conf import settings

        file = self.cleaned_data["file"]
        if file.size > settings.FEDERATION_MAX_PACKAGE_BYTES:
            raise forms.ValidationError(_("The file is too big for a package."))
        return file


class HubConnectForm(forms.Form):
    hub_url = forms.CharField(
        label=_("Address of the municipal office"), max_length=300, help_text=_("For example: https://uo.example.ru")
    )
    code = forms.CharField(label=_("Connection code"), max_length=40, help_text=_("The one-time code the office gave."))

    def clean_hub_url(self):
        from .school.client import hub_base_url

        return hub_base_url(self.cleaned_data["hub_url"])
