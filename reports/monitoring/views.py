"""The monitoring dashboard, the curator's conclusions, and the statistical exports."""

from django.contrib import messages
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.functional import SimpleLazyObject
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from mentoring.choices import Role
from mentoring.downloads import bytes_download, safe_filename
from mentoring.filters import query_id
from mentoring.kinds import current_kind_profile
from mentoring.models import AcademicYear
from mentoring.page_cache import cached_page
from mentoring.permissions import STAFF_ROLES, role_required, user_has_role
from mentoring.selectors import organisation

from ..models import AnnualReport, GeneratedDocument
from . import applicable, cache, charts, exports
from . import indicators as ind
from .forms import ConclusionsForm, IndicatorFilterForm
from .report import conclusions_draft
from .services import annual_report_save_conclusions

CHART_MAX_AGE = 24 * 3600  # a chart's URL changes with the data and the day


class NoYear(Http404):
    """No academic year exists at all (an empty installation): the dashboard guides, the exports answer 404."""


def _scope_from(request) -> tuple[IndicatorFilterForm, ind.Scope, list[AcademicYear]]:
    """The filters of the query string; an unknown year is a 404, a malformed one and unknown codes are ignored.
    The years are read once per data version (newest first): the filter's choices, the default year, the table of
    years."""
    years = cache.years(request)
    current = next((y for y in years if y.is_current), None)
    form = IndicatorFilterForm(request.GET or None, initial={"year": current.pk if current else None}, years=years)
    year_id = query_id(request.GET, "year")
    if year_id:
        year = next((y for y in years if y.pk == year_id), None)
        if year is None:
            raise Http404
    else:
        year = current or (years[0] if years else None)
    if year is None:
        raise NoYear(_("No academic year is set up yet."))
    scope = ind.make_scope(year, category=request.GET.get("category", ""), form=request.GET.get("form", ""))
    return form, scope, years


def _figures(request, scope: ind.Scope, years: list[AcademicYear]) -> tuple[dict, str]:
    """The figures, the charts' URLs and the table of years: one fragment of HTML drawn once per data version (and
    scope, language, and whether the user may enter the contingent); the indicators are read only to draw it."""
    may_enter_contingent = user_has_role(request.user, Role.CURATOR, Role.DIRECTOR)
    kind = current_kind_profile()  # the fragment is drawn without the request's context processors
    figures_context = {
        "kind": kind,
        "scope": scope,
        "year": scope.year,
        "data": SimpleLazyObject(lambda: cache.year_indicators(scope, request)),
        "charts": SimpleLazyObject(lambda: _chart_urls(scope, request)),
        "definitions": applicable.definitions(),
        "compared": SimpleLazyObject(
            lambda: cache.years_compared(category=scope.category, form=scope.form, years=years, request=request)
        ),
        "may_enter_contingent": may_enter_contingent,
        "annual_report": SimpleLazyObject(lambda: AnnualReport.objects.filter(year=scope.year).first()),
    }
    html = cache.fragment(
        f"dashboard-{kind.kind}-{int(may_enter_contingent)}",
        scope,
        lambda: render_to_string("reports/monitoring/partials/figures.html", figures_context),
        request,
    )
    return figures_context, html


@require_GET
@role_required(*STAFF_ROLES)
@cached_page("monitoring")
def dashboard(request):
    try:
        form, scope, years = _scope_from(request)
    except NoYear:
        # An empty installation: a way forward instead of a 404.
        return render(request, "reports/monitoring/no_year.html", {"organisation": organisation()})
    figures_context, figures = _figures(request, scope, years)
    last_report = (
        GeneratedDocument.objects.filter(kind="annual_report", target_id=scope.year.pk, requested_by=request.user)
        .order_by("-requested_at")
        .first()
    )
    return render(
        request,
        "reports/monitoring/dashboard.html",
        {
            **figures_context,
            "figures": mark_safe(figures),  # noqa: S308 — our own template's output, autoescaped when drawn
            "filter_form": form,
            "last_report": last_report,
            "can_write": user_has_role(request.user, Role.CURATOR),
            "query": request.GET.urlencode(),
        },
    )


def _chart_urls(scope: ind.Scope, request) -> dict[str, str]:
    tag = urlencode({**_scope_query(scope), "v": cache.chart_tag(scope, request)})
    return {code: f"{reverse('monitoring:chart', args=[code])}?{tag}" for code in charts.CODES}


def _scope_query(scope: ind.Scope) -> dict:
    return {"year": scope.year.pk, "category": scope.category, "form": scope.form}


@require_GET
@role_required(*STAFF_ROLES)
def chart(request, code):
    """One chart of the dashboard as an SVG image, from the cache of its data version. Its URL carries the version
    (`v`): when it is the current one, the browser may keep the image, since new data gets a new URL."""
    if code not in charts.CODES:
        raise Http404
    _form, scope, _years = _scope_from(request)
    response = HttpResponse(cache.chart(scope, code, request), content_type="image/svg+xml; charset=utf-8")
    tag = cache.chart_tag(scope, request)
    if tag and request.GET.get("v") == tag:
        patch_cache_control(response, private=True, max_age=CHART_MAX_AGE)
    else:
        add_never_cache_headers(response)
    return response


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
    _form, scope, _years = _scope_from(request)
    return bytes_download(
        exports.indicators_xlsx(scope),
        _filename(scope, "xlsx"),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@require_GET
@role_required(*STAFF_ROLES)
def export_json(request):
    _form, scope, _years = _scope_from(request)
    return bytes_download(exports.dumps(exports.indicators_json(scope)), _filename(scope, "json"), "application/json")


@require_GET
@role_required(*STAFF_ROLES)
def schema_json(request):
    return JsonResponse(exports.JSON_SCHEMA, json_dumps_params={"ensure_ascii": False, "indent": 2})
