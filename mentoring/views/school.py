"""School settings: the first-run setup, requisites and logo, the contingent of a year, the academic years."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ..choices import Role
from ..filters import query_id
from ..forms import add_service_errors
from ..forms_school import ContingentForm, SettingsForm, SetupForm, YearForm
from ..models import AcademicYear, Contingent, Organisation, OrganisationKind, Person
from ..permissions import role_required, user_has_role
from ..selectors import current_year, organisation
from ..services.school import contingent_save, organisation_save, school_setup
from ..services.years import academic_year_create, academic_year_set_current, proposed_next_year, proposed_year

SETTINGS_ROLES = (Role.DIRECTOR, Role.CURATOR)


@login_required
@require_http_methods(["GET", "POST"])
def setup(request):
    """First run: an administrator (or the director or curator) gives the requisites, the year and the curator."""
    if not user_has_role(request.user, *SETTINGS_ROLES):
        raise PermissionDenied
    if Organisation.objects.exists():
        messages.info(request, _("The school is already set up; its requisites are in the school settings."))
        return redirect("mentoring:school_settings")
    start, end, title = proposed_year(timezone.localdate())
    form = SetupForm(
        request.POST or None,
        initial={
            "year_title": title,
            "year_start": start,
            "year_end": end,
            "curator_last_name": request.user.last_name,
            "curator_first_name": request.user.first_name,
            "curator_email": request.user.email,
        },
    )
    if not Person.objects.exists():
        del form.fields["curator_person"]
        form.fields["curator_mode"].choices = form.fields["curator_mode"].choices[:2]
    if request.method == "POST" and form.is_valid():
        try:
            school_setup(
                user=request.user,
                organisation=form.organisation(),
                year_title=form.cleaned_data["year_title"],
                year_start=form.cleaned_data["year_start"],
                year_end=form.cleaned_data["year_end"],
                curator=form.curator(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if form.cleaned_data["kind"] == OrganisationKind.MUNICIPAL:  # an office has no contingent of its own
                messages.success(request, _("The education department is set up. Now register its schools."))
                return redirect("home")
            messages.success(request, _("The school is set up. Now enter the contingent of the year."))
            return redirect("mentoring:school_contingent")
    return render(request, "mentoring/school/setup.html", {"form": form})


@role_required(*SETTINGS_ROLES)
@require_http_methods(["GET", "POST"])
def school_settings(request):
    org = organisation()
    form = SettingsForm(request.POST or None, request.FILES or None, instance=org)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            organisation_save(logo=form.cleaned_data.get("logo"), clear_logo=form.cleaned_data["clear_logo"], **fields)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The school's requisites are saved."))
            return redirect("mentoring:school_settings")
    return render(request, "mentoring/school/settings.html", {"form": form, "organisation": org, "tab": "requisites"})


@role_required(*SETTINGS_ROLES)
def school_logo(request):
    org = organisation()
    if org is None or not org.logo:
        raise Http404
    return FileResponse(org.logo.open("rb"))


@role_required(*SETTINGS_ROLES)
@require_http_methods(["GET", "POST"])
def school_contingent(request):
    year_id = query_id(request.GET, "year")  # a malformed or impossible id is ignored, an unknown one is 404
    year = get_object_or_404(AcademicYear, pk=year_id) if year_id else current_year()
    if year is None:
        messages.info(request, _("First create the academic year, then enter its contingent."))
        return redirect("mentoring:school_years")
    instance = Contingent.objects.filter(year=year).first()
    form = ContingentForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            contingent_save(year=year, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The contingent of %(year)s is saved.") % {"year": year})
            return redirect(f"{request.path}?year={year.pk}")
    years = AcademicYear.objects.all()
    return render(
        request, "mentoring/school/contingent.html", {"form": form, "year": year, "years": years, "tab": "contingent"}
    )


@role_required(*SETTINGS_ROLES)
@require_http_methods(["GET", "POST"])
def school_years(request):
    latest = AcademicYear.objects.order_by("-start_date").first()
    start, end, title = proposed_next_year(latest) if latest else proposed_year(timezone.localdate())
    form = YearForm(request.POST or None, initial={"title": title, "start_date": start, "end_date": end})
    if request.method == "POST" and form.is_valid():
        try:
            year = academic_year_create(**form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The academic year %(year)s is created.") % {"year": year})
            return redirect("mentoring:school_years")
    years = AcademicYear.objects.select_related("contingent").order_by("-start_date")
    return render(request, "mentoring/school/years.html", {"form": form, "years": years, "tab": "years"})


@role_required(*SETTINGS_ROLES)
@require_POST
def school_year_make_current(request, pk):
    year = get_object_or_404(AcademicYear, pk=pk)
    academic_year_set_current(year=year)
    messages.success(request, _("%(year)s is now the current academic year.") % {"year": year})
    return redirect("mentoring:school_years")
