from django import forms
from django.utils.translation import gettext_lazy as _

from mentoring.models import AcademicYear

from .imports.reader import MAX_UPLOAD_BYTES


class ImportUploadForm(forms.Form):
    year = forms.ModelChoiceField(label=_("academic year"), queryset=AcademicYear.objects.all(), empty_label=None)
    file = forms.FileField(
        label=_("roadmap file"),
        help_text=_("A Word table (.docx), an Excel sheet (.xlsx) or a .csv file, up to 5 MB and 2,000 rows."),
        widget=forms.ClearableFileInput(attrs={"accept": ".docx,.xlsx,.csv"}),
    )
    table_number = forms.IntegerField(
        label=_("table number in the document"),
        required=False,
        min_value=1,
        max_value=100,
        help_text=_("Leave empty: the first table that looks like a roadmap is taken."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than %(n)s MB.") % {"n": MAX_UPLOAD_BYTES // 2**20})
        return upload
