"""Editing forms of the public section. No rules here: the services check and save."""

from django import forms
from django.utils.translation import gettext_lazy as _

from mentoring.models import Person

from ..models import Memo, PublicDocument

MARKDOWN_HELP = _(
    "Markdown: **bold**, *italic*, ## heading, - list item, [link text](https://…). "
    "Scripts, embedded frames and images inside the text are removed."
)


class _ImageFields(forms.Form):
    image = forms.ImageField(
        label=_("Image"), required=False, help_text=_("JPEG, PNG or WebP; resized to 1600 px, metadata removed.")
    )
    remove_image = forms.BooleanField(label=_("Remove the current image"), required=False)
    image_alt = forms.CharField(
        label=_("Image description (alt text)"),
        max_length=300,
        required=False,
        help_text=_("Required with an image: what it shows, for readers who cannot see it."),
    )
    people_in_image = forms.ModelMultipleChoiceField(
        label=_("People in the image"),
        queryset=Person.objects.active(),
        required=False,
        help_text=_("The image is shown only while everyone in it has consented to publication."),
    )

    def __init__(self, *args, has_image: bool = False, **kwargs):
        self.has_image = has_image
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        keeps_image = data.get("image") or (self.has_image and not data.get("remove_image"))
        if keeps_image and not (data.get("image_alt") or "").strip():
            self.add_error("image_alt", _("Describe the image in a few words: readers who cannot see it need it."))
        return data


class NewsForm(_ImageFields):
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(label=_("Short description"), max_length=300)
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 12}), help_text=MARKDOWN_HELP)
    is_announcement = forms.BooleanField(label=_("Announcement of an event"), required=False)
    event_date = forms.DateField(
        label=_("Date of the event"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    field_order = ["title", "summary", "body", "is_announcement", "event_date"]


class CaseForm(_ImageFields):
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(label=_("Short description"), max_length=300)
    body = forms.CharField(
        label=_("Results and practice"),
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("Describe participants by role only; names are added from consents automatically."),
    )
    field_order = ["title", "summary", "body"]


class PageForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    slug = forms.SlugField(
        label=_("Page address"), max_length=80, required=False, help_text=_("Empty: made from the title.")
    )
    summary = forms.CharField(label=_("Short description"), max_length=300, required=False)
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 14}), help_text=MARKDOWN_HELP)
    position = forms.IntegerField(label=_("Position in the menu"), min_value=0, initial=0)


class MemoForm(forms.Form):
    audience = forms.ChoiceField(label=_("Audience"), choices=Memo.Audience.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 14}), help_text=MARKDOWN_HELP)
    position = forms.IntegerField(label=_("Position in the list"), min_value=0, initial=0)


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=PublicDocument.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(label=_("Short description"), max_length=300, required=False)
    file = forms.FileField(
        label=_("PDF file"), required=False, widget=forms.FileInput(attrs={"accept": "application/pdf"})
    )
    approved_on = forms.DateField(
        label=_("Approved on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    position = forms.IntegerField(label=_("Position in the list"), min_value=0, initial=0)
