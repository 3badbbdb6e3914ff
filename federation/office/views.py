"""The office's dashboard, the roll-up with its charts, targets and XLSX export."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from mentoring.downloads import bytes_download, safe_filename
from mentoring.selectors import organisation

from ..models import InformationLetter, MemberSchool, RoadmapAgreement
from .access import office_view
from .charts import rollup_charts
from .exports import rollup_xlsx
from .forms import TargetForm
from .rollup import rollup
from .targets import target_set
from .years import accepted, chosen_year

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_GET
@office_view
def dashboard(request):
    year, years = chosen_year(request.GET)
    sent = accepted().filter(academic_year=year).values("school").distinct().count()
    return render(
        request,
        "federation/office/dashboard.html",
        {
            "year": year,
            "schools": MemberSchool.objects.count(),
            "sent": sent,
            "awaiting": RoadmapAgreement.objects.filter(
                academic_year=year, decision=RoadmapAgreement.Decision.AWAITING
            ).count(),
            "letters": InformationLetter.objects.filter(published_at__isnull=False).count(),
            "organisation": organisation(),
        },
    )


@require_GET
@office_view
def rollup_page(request):
    year, years = chosen_year(request.GET)
    data = rollup(year)
    return render(
        request,
        "federation/office/rollup.html",
        {
            "year": year,
            "years": years,
            "data": data,
            "charts": rollup_charts(year, data),
            "share_indicators": [i for i in data["indicators"] if i.is_share],
            "query": urlencode({"year": year}),
        },
    )


@require_GET
@office_view
def rollup_export(request):
    year, _years = chosen_year(request.GET)
    org = organisation()
    name = org.short_name if org else _("Municipal office")
    content = rollup_xlsx(year, rollup(year), name)
    return bytes_download(content, safe_filename(_("roll-up"), year.replace("/", "-"), ext="xlsx"), XLSX)


@require_POST
@office_view
def target_save(request):
    year, _years = chosen_year(request.POST)
    form = TargetForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The target is a percentage from 0 to 100."))
    else:
        try:
            target_set(academic_year=year, code=form.cleaned_data["code"],
                       target_percent=form.cleaned_data["target_percent"])  # fmt: skip
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The target was saved."))
    return redirect(f"{reverse('federation_office:rollup')}?{urlencode({'year': year})}")
