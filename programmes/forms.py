"""Forms for programmes, plans, meetings and changes: fields and messages only; the rules live in services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from mentoring.choices import MentoringForm
from mentoring.models import Person

from .models import Meeting, Programme, ProgrammeActivity, ProgrammeTemplate, ProgrammeTemplateActivity, PublishPart
from .services import NOTE_FIELDS


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _members_field(group, label):
    people = Person.objects.filter(memberships__group=group, memberships__left_on__isnull=True).order_by(
        "memberships__role", "last_name"
    )
    return forms.ModelMultipleChoiceField(
        queryset=people, label=label, required=False, widget=forms.CheckboxSelectMultiple
    )


class ProgrammeStartForm(forms.Form):
    template = forms.ModelChoiceField(
        queryset=ProgrammeTemplate.objects.filter(is_active=True), label=_("template"), empty_label=None
    )
    start_date = forms.DateField(label=_("start"), widget=DateInput)
    end_date = forms.DateField(
        label=_("end"), widget=DateInput, required=False, help_text=_("Empty: the template's length.")
    )


class ProgrammeNoteForm(forms.ModelForm):
    class Meta:
        model = Programme
        fields = [*NOTE_FIELDS, "start_date", "end_date"]
        widgets = {
            "start_date": DateInput,
            "end_date": DateInput,
            **{name: forms.Textarea(attrs={"rows": 3}) for name in NOTE_FIELDS if name not in ("title", "mode")},
        }


class BootstrapRowMixin:
    """Rows of a formset are laid out by hand (cards that stack on a phone), so widgets get Bootstrap classes."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            elif name != "id":
                widget.attrs.setdefault("class", "form-control")


class ActivityForm(BootstrapRowMixin, forms.ModelForm):
    class Meta:
        model = ProgrammeActivity
        fields = ["direction", "title", "due_date", "expected_result", "position"]
        widgets = {"due_date": DateInput}


ActivityFormSet = forms.modelformset_factory(ProgrammeActivity, form=ActivityForm, extra=0, can_delete=True)


class MutualConsentForm(forms.Form):
    """Regulation §7.2: who agreed to the change and when."""

    agreed_on = forms.DateField(label=_("agreed on"), widget=DateInput, required=False)
    note = forms.CharField(label=_("comment"), required=False, max_length=1000)

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agreed"] = _members_field(group, _("who agreed"))
        self.order_fields(["agreed", "agreed_on", "note"])


class ExtendForm(MutualConsentForm):
    new_end = forms.DateField(label=_("new end"), widget=DateInput)
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
    agreed_on = forms.DateField(label=_("agreed on"), widget=DateInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["note"]
        self.order_fields(["new_end", "reason", "agreed", "agreed_on"])


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["kind", "date", "format", "topic", "notes", "attendees"]
        widgets = {"date": DateInput, "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"] = _members_field(group, _("present"))


class ReportForm(forms.ModelForm):
    class Meta:
        model = Programme
        fields = ["results_summary", "mentor_report"]
        widgets = {"results_summary": forms.Textarea(attrs={"rows": 3}), "mentor_report": forms.Textarea}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = True


class BestPracticeForm(forms.Form):
    is_best_practice = forms.BooleanField(label=_("a best practice"), required=False)
    case_description = forms.CharField(
        label=_("case description"), widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=5000
    )
    publish_parts = forms.MultipleChoiceField(
        label=_("may be published on the school site"),
        choices=PublishPart.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class TemplateForm(forms.ModelForm):
    forms = forms.MultipleChoiceField(
        label=_("forms of mentoring"),
        choices=MentoringForm.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("New programmes of these forms start from this template."),
    )

    class Meta:
        model = ProgrammeTemplate
        fields = ["name", "forms", *NOTE_FIELDS, "months", "is_active"]
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in NOTE_FIELDS if name not in ("title", "mode")}


class TemplateActivityForm(BootstrapRowMixin, forms.ModelForm):
    class Meta:
        model = ProgrammeTemplateActivity
        fields = ["direction", "title", "week", "expected_result", "position"]


TemplateActivityFormSet = forms.inlineformset_factory(
    ProgrammeTemplate,
    ProgrammeTemplateActivity,
    form=TemplateActivityForm,
    extra=0,
    can_delete=True,
)
