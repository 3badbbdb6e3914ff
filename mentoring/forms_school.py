"""Forms of the school settings and the first-run setup: fields and messages; the rules live in services/school.py."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .forms_people import DateInput
from .kinds import current_kind_profile
from .models import AcademicYear, Contingent, Organisation, Person
from .services.school import CONTINGENT_FIELDS, ORGANISATION_FIELDS

MAX_LOGO_BYTES = 2 * 1024 * 1024
LOGO_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}


class OrganisationForm(forms.ModelForm):
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")

    class Meta:
        model = Organisation
        fields = ORGANISATION_FIELDS
        help_texts = {"director_position": _("«Директор»; «Заведующий» in a kindergarten. Empty: chosen by the kind.")}


class SettingsForm(OrganisationForm):
    """The requisites plus the logo (validated by Pillow; a file that is not an image is a form error, not a 500)."""

    logo = forms.ImageField(
        label=_("Logo"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg,image/webp,image/gif"}),
        help_text=_("PNG, JPEG, WebP or GIF, up to 2 MB."),
    )
    clear_logo = forms.BooleanField(label=_("Remove the current logo"), required=False)

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if logo:
            if logo.size > MAX_LOGO_BYTES:
                raise forms.ValidationError(_("The logo is larger than 2 MB. Choose a smaller file."))
            image = getattr(logo, "image", None)
            if image is not None and image.format not in LOGO_FORMATS:
                raise forms.ValidationError(_("Upload a PNG, JPEG, WebP or GIF image."))
            return logo
        return None


class YearForm(forms.ModelForm):
    make_current = forms.BooleanField(label=_("Make it the current year"), required=False)

    class Meta:
        model = AcademicYear
        fields = ("title", "start_date", "end_date")
        widgets = {"start_date": DateInput(), "end_date": DateInput()}

    def validate_unique(self):
        """The service checks the title (with a Russian message)."""

    def _post_clean(self):
        """Constraints are checked by the service; the form only parses the fields."""


class ContingentForm(forms.ModelForm):
    class Meta:
        model = Contingent
        fields = CONTINGENT_FIELDS

    PUPIL_FIELDS = ("pupils_total", "pupils_10_18", "pupils_15_19")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Where no pupils take part in the programme (a kindergarten: mentoring.kinds) only the staff is counted.
        self.without_pupils = not current_kind_profile().has_pupils
        if self.without_pupils:
            for name in self.PUPIL_FIELDS:
                del self.fields[name]

    def clean(self):
        data = super().clean()
        if self.without_pupils:
            data.update(dict.fromkeys(self.PUPIL_FIELDS, 0))
        return data

    def _post_clean(self):
        """The service checks the bands against the totals, each with its own message."""


CURATOR_MODES = [
    ("self", _("I am the curator")),
    ("new", _("Another person: create their record and account")),
    ("existing", _("A person already on record")),
]


class SetupForm(OrganisationForm):
    """First run: requisites, the current academic year and who the curator is."""

    year_title = forms.CharField(label=_("Academic year"), max_length=20, help_text=_("For example: 2026/2027"))
    year_start = forms.DateField(label=_("Start of the year"), widget=DateInput())
    year_end = forms.DateField(label=_("End of the year"), widget=DateInput())
    curator_mode = forms.ChoiceField(
        label=_("Who is the curator"), choices=CURATOR_MODES, initial="self", widget=forms.RadioSelect
    )
    curator_person = forms.ModelChoiceField(
        label=_("Person on record"), queryset=Person.objects.active(), required=False
    )
    curator_last_name = forms.CharField(label=_("Curator's surname"), max_length=100, required=False)
    curator_first_name = forms.CharField(label=_("Curator's name"), max_length=100, required=False)
    curator_patronymic = forms.CharField(label=_("Curator's patronymic"), max_length=100, required=False)
    curator_email = forms.EmailField(label=_("Curator's e-mail"), required=False)

    def clean(self):
        data = super().clean()
        start, end = data.get("year_start"), data.get("year_end")
        if start and end and end <= start:
            self.add_error("year_end", _("The year must end after it starts."))
        mode = data.get("curator_mode")
        if mode == "existing" and not data.get("curator_person"):
            self.add_error("curator_person", _("Choose the person who is the curator."))
        if mode in ("self", "new"):
            for name in ("curator_last_name", "curator_first_name"):
                if not data.get(name):
                    self.add_error(name, _("Give the curator's surname and name."))
        return data

    def curator(self) -> dict:
        data = self.cleaned_data
        return {
            "mode": data["curator_mode"],
            "person": data.get("curator_person"),
            "last_name": data.get("curator_last_name", ""),
            "first_name": data.get("curator_first_name", ""),
            "patronymic": data.get("curator_patronymic", ""),
            "email": data.get("curator_email", ""),
        }

    def organisation(self) -> dict:
        return {name: self.cleaned_data[name] for name in ORGANISATION_FIELDS}
