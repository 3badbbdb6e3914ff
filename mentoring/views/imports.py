"""Import: upload → the preview job → the curator's choices and confirm → the commit job → done, or cancel."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ..choices import Role
from ..forms_banks import ImportForm
from ..imports import ImportFileError
from ..imports.jobs import import_job_cancel, import_job_confirm, import_job_start
from ..permissions import get_import_job_for_user, role_required
from ..selectors import current_year, import_preview_rows

PREVIEW_ROWS = 300


@role_required(Role.CURATOR)
def import_upload(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = import_job_start(
                content=upload.read(),
                filename=upload.name,
                target=form.cleaned_data["target"],
                year=current_year(),
                requested_by=request.user,
            )
        except ImportFileError as exc:
            form.add_error("file", str(exc))
        else:
            return redirect("mentoring:import_job", pk=job.pk)
    return render(request, "mentoring/imports/upload.html", {"form": form})


@role_required(Role.CURATOR)
@require_GET
def import_job(request, pk):
    job = get_import_job_for_user(request.user, pk)
    context = {"job": job, "result": job.result, "limit": PREVIEW_ROWS}
    if job.status == job.Status.DONE and not job.applied:
        context["shown"], context["hidden"] = import_preview_rows(job.result, PREVIEW_ROWS)
        context["no_consent_ids"] = ",".join(
            str(r["person_id"]) for r in job.result.get("rows", []) if r["status"] == "no_consent"
        )
    return render(request, "mentoring/imports/job.html", context)


@role_required(Role.CURATOR)
@require_GET
def import_job_status(request, pk):
    job = get_import_job_for_user(request.user, pk)
    data = {
        "status": job.status,
        "status_label": str(job.get_status_display()),
        "done": job.progress_done,
        "total": job.progress_total,
        "percent": job.percent,
        "error": job.error,
    }
    return JsonResponse(data, headers={"Cache-Control": "no-store"})


@role_required(Role.CURATOR)
@require_POST
def import_job_confirm_view(request, pk):
    job = get_import_job_for_user(request.user, pk)
    choices = {
        key[len("choice_") :]: value for key, value in request.POST.items() if key.startswith("choice_") and value
    }
    try:
        import_job_confirm(job=job, choices=choices)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("mentoring:import_job", pk=job.pk)


@role_required(Role.CURATOR)
@require_POST
def import_job_cancel_view(request, pk):
    job = get_import_job_for_user(request.user, pk)
    import_job_cancel(job=job)
    messages.info(request, _("The import is cancelled; nothing was saved."))
    return redirect("mentoring:import_upload")
