"""«Начать новый учебный год»: the preview with the proposed dates, then one POST that does it all."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from mentoring.choices import Role
from mentoring.forms import add_service_errors
from mentoring.forms_school import YearForm
from mentoring.models import AcademicYear
from mentoring.permissions import role_required
from mentoring.selectors import current_year
from mentoring.services.years import proposed_next_year

from ..services.new_year import academic_year_start_next, new_year_plan


class NewYearForm(YearForm):
    """The new year's title and dates; it is always made current."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["make_current"]


@role_required(Role.CURATOR, Role.DIRECTOR)
@require_http_methods(["GET", "POST"])
def new_year(request):
    """GET: the preview for the proposed (or typed) dates. POST: start it, from the year the preview was about."""
    if request.method == "POST":
        from_year = request.POST.get("from_year", "")
        year = get_object_or_404(AcademicYear, pk=int(from_year)) if from_year.isdigit() else current_year()
        form = NewYearForm(request.POST)
    else:
        year = current_year()
        form = NewYearForm(request.GET if "title" in request.GET else None)
    start, end, title = proposed_next_year(year) if year else (None, None, "")
    form.initial = {"title": title, "start_date": start, "end_date": end}
    valid = form.is_bound and form.is_valid()
    plan, error = None, None
    try:
        plan = new_year_plan(year=year, start_date=form.cleaned_data["start_date"] if valid else start)
    except ValidationError as exc:
        error = exc.messages[0]
    if request.method == "POST" and valid and error is None:
        try:
            done = academic_year_start_next(year=year, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _(
                    "The academic year %(year)s has started: the roadmap is copied, %(groups)s pairs and groups "
                    "and %(mentees)s waiting mentees are carried over."
                )
                % {"year": done.new_year, "groups": len(done.carried_groups), "mentees": len(done.carried_mentees)},
            )
            return redirect("home")
    return render(request, "reports/new_year.html", {"form": form, "plan": plan, "year": year, "error": error})
