"""The monitoring dashboard, the curator's conclusions, and the statistical exports."""

from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from mentoring.choices import Role
from mentoring.downloads import bytes_download, safe_filename
from mentoring.filters import query_id
from mentoring.models import AcademicYear
from mentoring.permissions import STAFF_ROLES, role_required, user_has_role
from mentoring.selectors import current_year, organisation

from ..models import AnnualReport, GeneratedDocument
from . import applicable, cache, charts, exports
from . import indicators as ind
from .forms import ConclusionsForm, IndicatorFilterForm
from .report import conclusions_draft
from .services import annual_report_save_conclusions


class NoYear(Http404):
    """No academic year exists at all (an empty installation): the dashboard guides, the exports answer 404."""


def _scope_from(request) -> tuple[IndicatorFilterForm, ind.Scope]:
    """The filters of the query string; an unknown year is a 404, a malformed one and unknown codes are ignored."""
    form = IndicatorFilterForm(request.GET or None, initial={"year": current_year()})
    year_id = query_id(request.GET, "year")
    if year_id:
        year = get_object_or_404(AcademicYear, pk=year_id)
    else:
        year = current_year() or AcademicYear.objects.order_by("-start_date").first()
    if year is None:
        raise NoYear(_("No academic year is set up yet."))
    scope = ind.make_scope(year, category=request.GET.get("category", ""), form=request.GET.get("form", ""))
    return form, scope


@require_GET
@role_required(*STAFF_ROLES)
def dashboard(request):
    try:
        form, scope = _scope_from(request)
    except NoYear:
        # An empty installation: a way forward instead of a 404.
        return render(request, "reports/monitoring/no_year.html", {"organisation": organisation()})
    data = cache.year_indicators(scope, request)
    # Drawn once per data version; an image cannot load the page's fonts, so its text is drawn as paths.
    charts_svg = cache.all_charts(scope, data, text_as_paths=True, request=request)
    chart_images = {code: charts.data_uri(svg) for code, svg in charts_svg.items()}
    last_report = (
        GeneratedDocument.objects.filter(kind="annual_report", target_id=scope.year.pk, requested_by=request.user)
        .order_by("-requested_at")
        .first()
    )
    return render(
        request,
        "reports/monitoring/dashboard.html",
        {
            "filter_form": form,
            "scope": scope,
            "year": scope.year,
            "data": data,
            "charts": chart_images,
            "definitions": applicable.definitions(),
            "compared": cache.years_compared(category=scope.category, form=scope.form, request=request),
            "last_report": last_report,
            "annual_report": AnnualReport.objects.filter(year=scope.year).first(),
            "can_write": user_has_role(request.user, Role.CURATOR),
            "query": request.GET.urlencode(),
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.CURATOR)
def conclusions(request, year_id):
    """The curator writes the analytic conclusions, starting from a draft written from the figures."""
    year = get_object_or_404(AcademicYear, pk=year_id)
    report = AnnualReport.objects.filter(year=year).first()
    draft = conclusions_draft(cache.year_indicators(ind.make_scope(year), request))
    if request.method == "POST" and "save" in request.POST:
        form = ConclusionsForm(request.POST)
        if form.is_valid():
            annual_report_save_conclusions(year=year, text=form.cleaned_data["conclusions"], user=request.user)
            messages.success(request, _("The conclusions are saved; they will be printed in the end-of-year report."))
            return redirect(f"{reverse('monitoring:dashboard')}?year={year.pk}")
    elif request.method == "POST":  # "start again from the draft"
        form = ConclusionsForm(initial={"conclusions": draft})
    else:
        form = ConclusionsForm(initial={"conclusions": report.conclusions if report and report.conclusions else draft})
    return render(
        request,
        "reports/monitoring/conclusions.html",
        {"form": form, "year": year, "report": report, "is_draft": not (report and report.conclusions)},
    )


def _filename(scope: ind.Scope, ext: str) -> str:
    return safe_filename(_("Monitoring"), scope.year.title.replace("/", "-"), ext=ext)


@require_GET
@role_required(*STAFF_ROLES)
def export_xlsx(request):
    _form, scope = _scope_from(request)
    return bytes_download(
        exports.indicators_xlsx(scope),
        _filename(scope, "xlsx"),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@require_GET
@role_required(*STAFF_ROLES)
def export_json(request):
    _form, scope = _scope_from(request)
    return bytes_download(exports.dumps(exports.indicators_json(scope)), _filename(scope, "json"), "application/json")


@require_GET
@role_required(*STAFF_ROLES)
def schema_json(request):
    return JsonResponse(exports.JSON_SCHEMA, json_dumps_params={"ensure_ascii": False, "indent": 2})
