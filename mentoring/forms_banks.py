"""Bank entry forms, the import upload and the 'on behalf' questionnaire choice. No rules here."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .choices import (
    PUPIL_DIRECTIONS,
    TEACHER_DIRECTIONS,
    Category,
    Direction,
    MenteeStatus,
    MentoringForm,
    MentoringType,
    direction_choices,
)
from .forms_people import DateInput
from .imports import MAX_FILE_BYTES, MAX_ROWS, Target
from .kinds import current_kind_profile
from .models import MenteeProfile, MentorProfile, Person
from .russian import ru_number


def _multi(label, choices):
    return forms.MultipleChoiceField(label=label, choices=choices, required=False, widget=forms.CheckboxSelectMultiple)


class MenteeProfileForm(forms.ModelForm):
    requests = _multi(_("difficulties by direction"), Direction.choices)
    preferred_types = _multi(_("preferred types"), MentoringType.choices)

    class Meta:
        model = MenteeProfile
        fields = [
            "requests", "request_text", "preferred_form", "preferred_types", "preferred_mode", "status",
            "entered_on", "support_notes",
        ]  # fmt: skip
        widgets = {"entered_on": DateInput(), "request_text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, person=None, **kwargs):
        super().__init__(*args, **kwargs)
        person = person or (self.instance.person if self.instance.pk else None)
        # A pupil's requests come from the pupils' list; a teacher's from the Regulation's eight directions.
        is_pupil = person is not None and person.category == Category.STUDENT
        self.fields["requests"].choices = direction_choices(PUPIL_DIRECTIONS if is_pupil else TEACHER_DIRECTIONS)
        self.fields["preferred_form"].choices = [
            ("", "---------"),
            *current_kind_profile().form_choices(keep=[self.instance.preferred_form]),
        ]
        if not self.instance.pk:
            self.initial.setdefault("entered_on", timezone.localdate())
        # «In a pair» and «left» are set by pairing and withdrawal, never here.
        allowed = [MenteeStatus.AWAITING, MenteeStatus.SUPPORTED, MenteeStatus.COMPLETED]
        if self.instance.pk and self.instance.status not in allowed:
            self.fields["status"].disabled = True
        else:
            self.fields["status"].choices = [c for c in MenteeStatus.choices if c[0] in allowed]


class MentorProfileForm(forms.ModelForm):
    directions = _multi(_("directions"), Direction.choices)
    preferred_forms = _multi(_("preferred forms"), MentoringForm.choices)
    preferred_types = _multi(_("preferred types"), MentoringType.choices)

    class Meta:
        model = MentorProfile
        fields = [
            "directions", "competencies", "interests", "qualification_category", "capacity", "preferred_forms",
            "preferred_types", "preferred_mode", "desired_mentee_age", "available_period", "is_ready",
            "training_completed",
        ]  # fmt: skip
        widgets = {"competencies": forms.Textarea(attrs={"rows": 3}), "interests": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The forms of mentoring the kind of organisation offers (mentoring.kinds), and any the entry already has.
        self.fields["preferred_forms"].choices = current_kind_profile().form_choices(
            keep=self.instance.preferred_forms or ()
        )


class ImportForm(forms.Form):
    TARGETS = [
        (Target.PEOPLE, _("the list of people only")),
        (Target.MENTEES, _("people and the mentee bank of the current year")),
        (Target.MENTORS, _("people and the mentor bank of the current year")),
    ]
    file = forms.FileField(
        label=_("file"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
    target = forms.ChoiceField(label=_("import into"), choices=TARGETS, initial=Target.PEOPLE, widget=forms.RadioSelect)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = ngettext(
            "XLSX or CSV, at most %(size)s MB and %(rows)s row.",
            "XLSX or CSV, at most %(size)s MB and %(rows)s rows.",
            MAX_ROWS,
        ) % {"size": ru_number(MAX_FILE_BYTES // 1024 // 1024), "rows": ru_number(MAX_ROWS)}


class RespondentForm(forms.Form):
    """Whose paper questionnaire the curator is entering."""

    person = forms.ModelChoiceField(label=_("whose questionnaire"), queryset=Person.objects.none())

    def __init__(self, *args, queryset=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = queryset if queryset is not None else Person.objects.active()
