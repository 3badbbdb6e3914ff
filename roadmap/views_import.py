"""Roadmap import pages: upload a file → preview (fix periods inline) → confirm or discard. Curator and director.

The file is read within the request: it is small by rule (5 MB, 2,000 rows, 30 columns), so no job is needed."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mentoring.choices import Role
from mentoring.permissions import role_required
from mentoring.selectors import current_year

from .forms_import import ImportUploadForm
from .imports.commit import import_commit
from .imports.reader import ImportRefused, read_document
from .imports.structure import build_draft, evaluate
from .models import RoadmapImport

IMPORT_ROLES = (Role.CURATOR, Role.DIRECTOR)
DRAFTS_KEPT = datetime.timedelta(days=1)
PERIOD_MAX = 200


@role_required(*IMPORT_ROLES)
def upload(request):
    year = current_year()
    form = ImportUploadForm(request.POST or None, request.FILES or None, initial={"year": year})
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        try:
            document = read_document(upload_file.read(), upload_file.name)
            draft = build_draft(document, form.cleaned_data["table_number"])
        except ImportRefused as error:
            form.add_error("file", str(error))
        else:
            RoadmapImport.objects.filter(created_at__lt=timezone.now() - DRAFTS_KEPT).delete()
            saved = RoadmapImport.objects.create(
                year=form.cleaned_data["year"], created_by=request.user, filename=upload_file.name[:255], draft=draft
            )
            return redirect("roadmap:import_preview", pk=saved.pk)
    return render(request, "roadmap/import_upload.html", {"form": form})


def _apply_periods(draft: dict, data) -> bool:
    """Periods typed in the preview («period-<stage>-<item>») replace those read from the file."""
    changed = False
    for s, stage in enumerate(draft["stages"]):
        for i, item in enumerate(stage["items"]):
            value = data.get(f"period-{s}-{i}")
            if value is None:
                continue
            value = " ".join(value.split())[:PERIOD_MAX]
            if value != " ".join(item["period_label"].split()):
                item["period_label"] = value
                item["fixed"] = True
                changed = True
    return changed


@role_required(*IMPORT_ROLES)
def preview(request, pk):
    draft = get_object_or_404(RoadmapImport.objects.select_related("year"), pk=pk, created_by=request.user)
    if request.method == "POST":
        if _apply_periods(draft.draft, request.POST):
            draft.save(update_fields=["draft"])
        if request.POST.get("action") == "confirm":
            year_id = draft.year_id
            try:
                created = import_commit(draft=draft, replace=request.POST.get("replace") == "1")
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("The roadmap is imported: %(n)s items.") % {"n": created})
                response = redirect("roadmap:timeline")
                response["Location"] += f"?year={year_id}"
                return response
        else:
            return redirect("roadmap:import_preview", pk=draft.pk)
    stages = evaluate(draft.draft, draft.year.start_date.year)
    items = [item for stage in stages for item in stage["items"]]
    context = {
        "draft": draft,
        "stages": stages,
        "items_count": len(items),
        "unclear_count": sum(item["reading"].unclear for item in items),
        "problems_count": sum(bool(item["all_problems"]) for item in items),
        "year_has_roadmap": draft.year.roadmap_stages.exists(),
    }
    return render(request, "roadmap/import_preview.html", context)


@require_POST
@role_required(*IMPORT_ROLES)
def discard(request, pk):
    get_object_or_404(RoadmapImport, pk=pk, created_by=request.user).delete()
    messages.success(request, _("The uploaded roadmap is discarded."))
    return redirect("roadmap:import")
