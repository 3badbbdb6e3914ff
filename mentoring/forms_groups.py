"""Forms of the pairing board and the group card. Choices come from the views (ranked candidates); the rules
live in `mentoring.services.groups`."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import CompletionReason, MentoringForm, MentoringType
from .kinds import current_kind_profile
from .models import ReplacementKind

MIN_PROGRAMME_DAYS = 92  # Regulation §7.2: a programme lasts three months at least


def default_period(year, today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """A new group's planned period: from today (or the year's start) to the year's end, three months at least."""
    today = today or timezone.localdate()
    start = max(today, year.start_date)
    return start, max(year.end_date, start + datetime.timedelta(days=MIN_PROGRAMME_DAYS))


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def kind_form_choices(form: forms.Form) -> None:
    """The forms of mentoring the kind of organisation offers (mentoring.kinds); a group's own form stays."""
    form.fields["form"].choices = current_kind_profile().form_choices(keep=[form.initial.get("form", "")])


class GroupForm(forms.Form):
    """Form a pair (one mentee) or a group (two or more; a second mentor allowed)."""

    mentor = forms.TypedChoiceField(label=_("Mentor"), coerce=int)
    second_mentor = forms.TypedChoiceField(label=_("Second mentor"), coerce=int, required=False, empty_value=None)
    mentees = forms.TypedMultipleChoiceField(
        label=_("Mentees"), coerce=int, widget=forms.CheckboxSelectMultiple, help_text=_("Best suited first.")
    )
    form = forms.ChoiceField(label=_("Form of mentoring"), choices=MentoringForm.choices)
    types = forms.MultipleChoiceField(
        label=_("Types of mentoring"), choices=MentoringType.choices, widget=forms.CheckboxSelectMultiple
    )
    planned_start = forms.DateField(label=_("Planned start"), widget=DateInput())
    planned_end = forms.DateField(label=_("Planned end"), widget=DateInput())

    def __init__(self, *args, mentor_choices=(), mentee_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mentor"].choices = [("", "—"), *mentor_choices]
        self.fields["second_mentor"].choices = [("", "—"), *mentor_choices]
        self.fields["mentees"].choices = list(mentee_choices)
        kind_form_choices(self)

    def clean(self):
        data = super().clean()
        if data.get("second_mentor") and data.get("second_mentor") == data.get("mentor"):
            self.add_error("second_mentor", _("Choose a different person as the second mentor."))
        start, end = data.get("planned_start"), data.get("planned_end")
        if start and end and end <= start:
            self.add_error("planned_end", _("The end must come after the start."))
        return data


class CompleteForm(forms.Form):
    """End a group (Regulation §7.1)."""

    reason = forms.ChoiceField(
        label=_("Reason"),
        choices=[c for c in CompletionReason.choices if c[0] != CompletionReason.CONSENT_WITHDRAWN],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required unless the plan is completed."),
    )
    on = forms.DateField(label=_("Date"), widget=DateInput(), initial=timezone.localdate)


class PetitionForm(forms.Form):
    """A petition for another mentor, or a mentor's request to be relieved (Regulation §5.1, §4.1)."""

    applicant = forms.TypedChoiceField(label=_("Who asks"), coerce=int)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)

    def __init__(self, *args, applicant_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applicant"].choices = list(applicant_choices)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("grant", _("Grant")), ("refuse", _("Refuse"))], widget=forms.RadioSelect
    )
    new_mentor = forms.TypedChoiceField(
        label=_("New mentor"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("For a mentee's petition without a new mentor the mentee leaves the group and waits again."),
    )
    note = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )

    def __init__(self, *args, mentor_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_mentor"].choices = [("", "—"), *mentor_choices]


class MemberChangeForm(forms.Form):
    """Who leaves and/or who joins: both — a replacement; only one — a removal or an addition."""

    leaving = forms.TypedChoiceField(label=_("Leaves the group"), coerce=int, required=False, empty_value=None)
    joining = forms.ChoiceField(label=_("Joins the group"), required=False)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=300)

    def __init__(self, *args, leaving_choices=(), joining_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leaving"].choices = [("", "—"), *leaving_choices]
        self.fields["joining"].choices = [("", "—"), *joining_choices]

    def clean(self):
        data = super().clean()
        if not data.get("leaving") and not data.get("joining"):
            raise forms.ValidationError(_("Choose who leaves, who joins, or both."))
        return data


class SupportForm(forms.Form):
    note = forms.CharField(
        label=_("Support given"),
        max_length=1000,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. consultation with the school psychologist")}),
    )


PETITION_KINDS = {
    "mentee": ReplacementKind.MENTEE_PETITION,
    "mentor": ReplacementKind.MENTOR_RELIEF,
}


class GroupTermsForm(forms.Form):
    """What may still change while a group is only proposed: its form, types and planned period."""

    form = forms.ChoiceField(label=_("Form of mentoring"), choices=MentoringForm.choices)
    types = forms.MultipleChoiceField(
        label=_("Types of mentoring"), choices=MentoringType.choices, widget=forms.CheckboxSelectMultiple
    )
    planned_start = forms.DateField(label=_("Planned start"), widget=DateInput())
    planned_end = forms.DateField(label=_("Planned end"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        kind_form_choices(self)

    def clean(self):
        data = super().clean()
        start, end = data.get("planned_start"), data.get("planned_end")
        if start and end and end <= start:
            self.add_error("planned_end", _("The end must come after the start."))
        return data
