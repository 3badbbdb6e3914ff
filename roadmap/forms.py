from django import forms
from django.utils.translation import gettext_lazy as _

from mentoring.choices import Category
from mentoring.models import Person

from .models import RoadmapItem, RoadmapStage


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class StageForm(forms.ModelForm):
    class Meta:
        model = RoadmapStage
        fields = ["title", "kind", "period_label", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class ItemForm(forms.ModelForm):
    """Responsible: a role, a named person, or both; a period (start–end) or only a deadline (end)."""

    class Meta:
        model = RoadmapItem
        fields = [
            "stage",
            "title",
            "period_label",
            "period_start",
            "period_end",
            "period_unclear",
            "recurrence",
            "responsible_role",
            "responsible_text",
            "responsible_person",
            "result_document",
            "document_type",
            "order_type",
        ]
        widgets = {
            "title": forms.Textarea(attrs={"rows": 2}),
            "period_start": DateInput(),
            "period_end": DateInput(),
        }
        help_texts = {
            "period_start": _("Leave empty when the item has only a deadline."),
        }

    def __init__(self, *args, year, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].queryset = RoadmapStage.objects.filter(year=year).order_by("number")
        self.fields["stage"].empty_label = None
        self.fields["responsible_person"].queryset = (
            Person.objects.active().exclude(category=Category.STUDENT).order_by("last_name", "first_name")
        )

    def clean(self):
        data = super().clean()
        if not any(data.get(name) for name in ("responsible_role", "responsible_person", "responsible_text")):
            raise forms.ValidationError(_("Name a responsible role, a responsible person, or both."))
        dates_set = {"period_start", "period_end"} & set(self.changed_data)
        if dates_set and "period_unclear" not in self.changed_data:
            data["period_unclear"] = False  # the curator has set the dates of an imported «уточнить срок»
        return data


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("status"), choices=RoadmapItem.Status.choices)
    done_on = forms.DateField(label=_("done on"), required=False, widget=DateInput())
    done_note = forms.CharField(label=_("how it was done"), required=False, max_length=500)
