"""Roadmap pages: the timeline (staff), editing (curator), "my items" (every responsible user), XLSX export."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mentoring.choices import Role
from mentoring.downloads import bytes_download, safe_filename
from mentoring.filters import query_id
from mentoring.forms import add_service_errors
from mentoring.home_panels import panels_for
from mentoring.models import AcademicYear
from mentoring.permissions import MANAGER_ROLES, STAFF_ROLES, role_required, user_has_role
from mentoring.selectors import current_year

from . import services
from .export import roadmap_xlsx
from .forms import ItemForm, StageForm, StatusForm
from .models import RoadmapItem, RoadmapStage
from .selectors import items_for_user, roadmap_timeline, user_is_responsible, with_overdue


def _year(request) -> AcademicYear | None:
    pk = query_id(request.GET, "year") or query_id(request.POST, "year")
    return get_object_or_404(AcademicYear, pk=pk) if pk else current_year()


def _to_timeline(year_id: int, anchor: str = ""):
    response = redirect("roadmap:timeline")
    response["Location"] += f"?year={year_id}{anchor}"
    return response


@role_required(*STAFF_ROLES)
def timeline(request):
    year = _year(request)
    context = {
        "year": year,
        "years": AcademicYear.objects.all(),
        "can_edit": user_has_role(request.user, *MANAGER_ROLES),
        "can_import": user_has_role(request.user, Role.CURATOR, Role.DIRECTOR),
        "statuses": RoadmapItem.Status.choices,
    }
    if year is not None:
        context.update(roadmap_timeline(year))
        context["panels"] = panels_for("roadmap", request, year)  # e.g. the municipal office's decision
    return render(request, "roadmap/timeline.html", context)


@require_POST
@role_required(*MANAGER_ROLES)
def create_from_template(request):
    year = _year(request)
    if year is None:
        raise PermissionDenied
    try:
        created = services.roadmap_create_from_template(year=year)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The roadmap is created from the template: %(n)s items.") % {"n": created})
    return _to_timeline(year.pk)


@role_required(*MANAGER_ROLES)
def stage_edit(request, pk=None):
    stage = get_object_or_404(RoadmapStage.objects.select_related("year"), pk=pk) if pk else None
    year = stage.year if stage else _year(request)
    if year is None:
        raise PermissionDenied
    form = StageForm(request.POST or None, instance=stage)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in services.STAGE_FIELDS}
        try:
            if stage is None:
                stage = services.stage_create(year=year, **fields)
            else:
                services.stage_update(stage=stage, **fields)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The stage is saved."))
            return _to_timeline(year.pk, f"#stage-{stage.pk}")
    return render(request, "roadmap/stage_form.html", {"form": form, "stage": stage, "year": year})


@require_POST
@role_required(*MANAGER_ROLES)
def stage_delete(request, pk):
    stage = get_object_or_404(RoadmapStage, pk=pk)
    year_id = stage.year_id
    services.stage_delete(stage=stage)
    messages.success(request, _("The stage is deleted with its items."))
    return _to_timeline(year_id)


@require_POST
@role_required(*MANAGER_ROLES)
def stage_move(request, pk, direction):
    stage = get_object_or_404(RoadmapStage, pk=pk)
    services.stage_move(stage=stage, direction=direction)
    return _to_timeline(stage.year_id, f"#stage-{stage.pk}")


@role_required(*MANAGER_ROLES)
def item_edit(request, pk=None, stage_pk=None):
    if pk:
        item = get_object_or_404(RoadmapItem.objects.select_related("stage__year"), pk=pk)
        stage, initial = item.stage, {}
    else:
        item, stage = None, get_object_or_404(RoadmapStage.objects.select_related("year"), pk=stage_pk)
        initial = {"stage": stage}
    year = stage.year
    form = ItemForm(request.POST or None, instance=item, initial=initial, year=year)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        target = data.pop("stage")
        try:
            if item is None:
                item = services.item_create(stage=target, updated_by=request.user, **data)
            else:
                services.item_update(item=item, stage=target, updated_by=request.user, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The item is saved."))
            return _to_timeline(year.pk, f"#item-{item.pk}")
    return render(request, "roadmap/item_form.html", {"form": form, "item": item, "stage": stage, "year": year})


@require_POST
@role_required(*MANAGER_ROLES)
def item_delete(request, pk):
    item = get_object_or_404(RoadmapItem.objects.select_related("stage"), pk=pk)
    year_id = item.stage.year_id
    services.item_delete(item=item)
    messages.success(request, _("The item is deleted."))
    return _to_timeline(year_id)


@require_POST
@role_required(*MANAGER_ROLES)
def item_move(request, pk, direction):
    item = get_object_or_404(RoadmapItem.objects.select_related("stage"), pk=pk)
    services.item_move(item=item, direction=direction)
    return _to_timeline(item.stage.year_id, f"#item-{item.pk}")


@require_POST
@login_required
def item_status(request, pk):
    """The curator, or the item's responsible user, sets the manual status."""
    item = get_object_or_404(RoadmapItem.objects.select_related("stage", "responsible_person"), pk=pk)
    is_manager = user_has_role(request.user, *MANAGER_ROLES)
    if not is_manager and not user_is_responsible(request.user, item):
        if user_has_role(request.user, *STAFF_ROLES):
            raise PermissionDenied
        raise Http404  # to a mentor or mentee, others' items do not exist
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            services.item_set_status(
                item=item,
                status=form.cleaned_data["status"],
                on=form.cleaned_data["done_on"],
                note=form.cleaned_data["done_note"] or None,
                updated_by=request.user,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The status is saved."))
    else:
        messages.error(request, _("Choose a status."))
    if request.POST.get("next") == "mine" or not is_manager:
        return redirect("roadmap:mine")
    return _to_timeline(item.stage.year_id, f"#item-{item.pk}")


@role_required(*Role.values)  # anyone with a role in the programme; an account without one has no items
def mine(request):
    year = current_year()
    today = timezone.localdate()
    items = list(with_overdue(items_for_user(request.user, year), today)) if year else []
    return render(
        request,
        "roadmap/mine.html",
        {"year": year, "items": items, "today": today, "statuses": RoadmapItem.Status.choices},
    )


@role_required(*STAFF_ROLES)
def export_xlsx(request):
    year = _year(request)
    if year is None:
        raise PermissionDenied
    filename = safe_filename(_("Roadmap"), year.title.replace("/", "-"), ext="xlsx")
    return bytes_download(
        roadmap_xlsx(year), filename, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
