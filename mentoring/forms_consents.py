"""Consent forms: recording a signed consent, a withdrawal, a scan. Rules live in services."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import consent_text
from .choices import ConsentKind
from .forms_people import DateInput
from .models import Consent
from .services.consents import scan_kind

SCAN_ACCEPT = "application/pdf,image/jpeg,image/png"


def _checked_scan(scan):
    if scan:
        try:
            scan_kind(scan)
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages) from exc
    return scan


class ConsentForm(forms.ModelForm):
    class Meta:
        model = Consent
        fields = [
            "signed_by", "representative_name", "representative_relation", "representative_basis",
            "subject_address", "identity_document", "purpose", "data_list", "actions", "publication_place",
            "valid_from", "valid_until", "scan",
        ]  # fmt: skip
        widgets = {
            "valid_from": DateInput(),
            "valid_until": DateInput(),
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "data_list": forms.Textarea(attrs={"rows": 3}),
            "actions": forms.Textarea(attrs={"rows": 3}),
            "scan": forms.ClearableFileInput(attrs={"accept": SCAN_ACCEPT}),
        }

    def __init__(self, *args, person=None, kind=ConsentKind.PROCESSING, website="", **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        today = timezone.localdate()
        if not self.is_bound:
            self.initial.update(consent_text.standard_fields(kind, website))
            self.initial.update(valid_from=today, valid_until=consent_text.default_valid_until(today))
            if person is not None and person.is_minor:
                self.initial["signed_by"] = "representative"
        self.fields["scan"].help_text = _("PDF, JPEG or PNG, at most 10 MB.")
        # 152-ФЗ art. 9 part 4: the written consent states its term; a recorded consent always has an end date.
        self.fields["valid_until"].required = True
        self.fields["valid_until"].help_text = ngettext(
            "The term written on the paper: a date, or at most %(years)s year for the programme's term.",
            "The term written on the paper: a date, or at most %(years)s years for the programme's term.",
            consent_text.TERM_YEARS,
        ) % {"years": consent_text.TERM_YEARS}
        if kind == ConsentKind.PUBLICATION:
            self.fields["publication_place"].required = True
            self.fields["data_list"].label = _("personal data permitted for publication")
            for name in ("subject_address", "identity_document"):
                del self.fields[name]
        else:
            del self.fields["publication_place"]

    def clean_scan(self):
        return _checked_scan(self.cleaned_data.get("scan"))


class ScanForm(forms.Form):
    scan = forms.FileField(label=_("signed scan"), widget=forms.ClearableFileInput(attrs={"accept": SCAN_ACCEPT}))

    def clean_scan(self):
        return _checked_scan(self.cleaned_data["scan"])


class WithdrawalForm(forms.Form):
    on = forms.DateField(label=_("withdrawn on"), widget=DateInput())
    reason = forms.CharField(
        label=_("how the withdrawal was received"),
        max_length=250,
        help_text=_("For example: written statement of 12.03.2027, reg. no. 45."),
    )
    confirm = forms.BooleanField(
        label=_("I understand that the person's data will be anonymised and this cannot be undone"), required=True
    )

    def __init__(self, *args, publication=False, **kwargs):
        super().__init__(*args, **kwargs)
        if publication:
            # Stopping publication (152-ФЗ art. 10.1 part 12) anonymises nothing: no confirmation needed.
            del self.fields["confirm"]
