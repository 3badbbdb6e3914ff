"""Forms of the reports app: fields and messages only; the rules live in reports.services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from mentoring.choices import Category
from mentoring.models import MentoringGroup, Person, ReplacementRequest

from .models import Order, OrderType


class GroupChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, group):
        members = ", ".join(f"{m.person.short_name} ({m.get_role_display()})" for m in group.memberships.all())
        return f"{group} — {group.form_label}: {members}"


class ReplacementChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, change):
        leaving = change.leaving.short_name if change.leaving else "—"
        joining = change.joining.short_name if change.joining else "—"
        return f"{change.group}: {leaving} → {joining} ({change.get_role_display()}). {change.reason}"


def _staff_people():
    return Person.objects.active().exclude(category=Category.STUDENT).order_by("last_name", "first_name")


class OrderCreateForm(forms.Form):
    """What the standard text is generated from; which fields show depends on the type of order."""

    groups = GroupChoiceField(
        label=_("Proposed pairs and groups"),
        queryset=MentoringGroup.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    replacements = ReplacementChoiceField(
        label=_("Changes in approved pairs and groups to confirm"),
        queryset=ReplacementRequest.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    appointee = forms.ModelChoiceField(label=_("Curator appointed"), queryset=Person.objects.none(), required=False)
    event_date = forms.DateField(
        label=_("Date of the event"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    people = forms.ModelMultipleChoiceField(
        label=_("People named in the order"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 10}),
    )
    note = forms.CharField(
        label=_("Reward or duty of the people named"),
        max_length=300,
        required=False,
        help_text=_("For example: «Благодарность директора»."),
    )

    FIELDS_BY_TYPE = {
        OrderType.ORGANISATION: ("appointee",),
        OrderType.PAIRING: ("groups", "replacements"),
        OrderType.FINAL_EVENT: ("event_date", "people", "note"),
        OrderType.REWARD: ("people", "note"),
    }

    def __init__(
        self,
        *args,
        order_type: str,
        groups_queryset,
        selected_groups=(),
        replacements_queryset=None,
        selected_replacements=None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.order_type = order_type
        keep = self.FIELDS_BY_TYPE[order_type]
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        if "groups" in self.fields:
            self.fields["groups"].queryset = groups_queryset
            self.fields["groups"].initial = [g.pk for g in selected_groups]
        if "replacements" in self.fields:
            # A new order proposes every change awaiting one; an edited order shows its own choice.
            if replacements_queryset is None:
                replacements_queryset = ReplacementRequest.objects.none()
            self.fields["replacements"].queryset = replacements_queryset
            chosen = replacements_queryset if selected_replacements is None else selected_replacements
            self.fields["replacements"].initial = [r.pk for r in chosen]
        if "appointee" in self.fields:
            self.fields["appointee"].queryset = _staff_people()
        if "people" in self.fields:
            self.fields["people"].queryset = Person.objects.active().order_by("last_name", "first_name")

    def people_with_notes(self) -> list:
        note = self.cleaned_data.get("note", "")
        return [(p, note) for p in self.cleaned_data.get("people") or []]


class OrderTextForm(forms.ModelForm):
    """The text the curator edits before submitting."""

    class Meta:
        model = Order
        fields = ["title", "preamble", "body", "annex_text", "event_date"]
        widgets = {
            "preamble": forms.Textarea(attrs={"rows": 4}),
            "body": forms.Textarea(attrs={"rows": 10}),
            "annex_text": forms.Textarea(attrs={"rows": 30, "class": "font-monospace", "spellcheck": "true"}),
            "event_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.order_type != OrderType.ORGANISATION:
            del self.fields["annex_text"]
        else:
            self.fields["annex_text"].help_text = _(
                "The Regulation (annex 1), generated for this school and year. «## 1. Title» starts a section, "
                "«1.1. …» a numbered point, «- …» an item of a list, **text** is bold; an empty line separates "
                "paragraphs. Other markup is removed when printed. The text is frozen when the director approves "
                "the order."
            )
        if self.instance.order_type != OrderType.FINAL_EVENT:
            del self.fields["event_date"]


class OrderReturnForm(forms.Form):
    comment = forms.CharField(label=_("What to correct"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class OrderPeopleNotesForm(forms.Form):
    """What the order says of each person it names (a reward, a duty): one line per person, kept in order."""

    def __init__(self, *args, order_people, **kwargs):
        super().__init__(*args, **kwargs)
        self.order_people = list(order_people)
        for op in self.order_people:
            self.fields[f"note_{op.pk}"] = forms.CharField(
                label=op.person.full_name, max_length=300, required=False, initial=op.note
            )

    def people_with_notes(self) -> list:
        return [(op.person, self.cleaned_data.get(f"note_{op.pk}", "").strip()) for op in self.order_people]
