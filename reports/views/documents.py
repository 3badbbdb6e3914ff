"""The document engine in the browser: request a PDF, watch its progress, download it, retry a failure."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from mentoring.downloads import file_download, safe_filename
from mentoring.signals import record_access

from ..documents import get_kind
from ..models import GeneratedDocument
from ..selectors import document_for_user, documents_of_user
from ..services import document_request as request_service
from ..services import document_retry as retry_service
from ..services.jobs import document_is_stuck

PARAM_NAMES = ("target_id", "person_ids", "grade", "bank", "year_id", "forms")
# Documents that carry people's names, and the access-log action for generating them.
WITH_NAMES = {"consent_forms": "consent_forms", "annual_report": "annual_report", "programme": "download_document"}


def _back(request):
    url = request.POST.get("next") or request.META.get("HTTP_REFERER") or reverse("home")
    return url if url_has_allowed_host_and_scheme(url, {request.get_host()}) else reverse("home")


@require_POST
@login_required
def document_request(request):
    kind = request.POST.get("kind", "")
    try:
        get_kind(kind)
    except LookupError as exc:
        raise Http404 from exc
    params = {name: request.POST[name] for name in PARAM_NAMES if request.POST.get(name)}
    fmt = request.POST.get("format") or "pdf"
    try:
        document = request_service(kind=kind, requested_by=request.user, params=params, format=fmt)
    except PermissionDenied:
        raise
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(_back(request))
    document.refresh_from_db(fields=["status", "error"])
    if document.status == GeneratedDocument.Status.FAILED:
        messages.error(request, document.error)  # e.g. the job queue is down: said at once, nothing left queued
    if kind in WITH_NAMES:
        people = [int(v) for v in str(params.get("person_ids", "")).split(",") if v.strip().isdigit()]
        record_access(request, WITH_NAMES[kind], people=people, target=document.title[:300])
    return redirect("reports:document_detail", pk=document.pk)


@require_GET
@login_required
def document_detail(request, pk):
    document = document_for_user(request.user, pk)
    stuck = not document.is_finished and document_is_stuck(document)
    return render(request, "reports/document_detail.html", {"document": document, "stuck": stuck})


@require_GET
@login_required
def document_status(request, pk):
    document = document_for_user(request.user, pk)
    data = {
        "status": document.status,
        "status_label": str(document.get_status_display()),
        "done": document.progress_done,
        "total": document.progress_total,
        "percent": document.percent,
        "error": document.error,
        "notice": document.notice,
        # Nobody is working on it (the sweeper will act); the page stops polling and offers «Generate again».
        "stuck": not document.is_finished and document_is_stuck(document),
        "download_url": reverse("reports:document_download", args=[document.pk])
        if document.status == GeneratedDocument.Status.DONE
        else None,
    }
    return JsonResponse(data, headers={"Cache-Control": "no-store"})


@require_GET
@login_required
def document_download(request, pk):
    document = document_for_user(request.user, pk)
    if document.status != GeneratedDocument.Status.DONE or not document.file:
        raise Http404
    if document.kind in WITH_NAMES:
        record_access(request, "download_document", count=document.progress_total, target=document.title[:300])
    return file_download(document.file, safe_filename(document.title[:100], ext=document.format), document.content_type)


@require_POST
@login_required
def document_retry(request, pk):
    document = document_for_user(request.user, pk)
    try:
        retry_service(document=document, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("reports:document_detail", pk=document.pk)


@require_GET
@login_required
def document_list(request):
    documents = documents_of_user(request.user)
    if not documents and not request.user.groups.exists() and not request.user.is_superuser:
        raise PermissionDenied
    return render(request, "reports/document_list.html", {"documents": documents})
