"""Import: upload → preview (nothing saved) → confirm (all rows or none) or cancel."""

import uuid

from django.contrib import messages
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..choices import Role
from ..forms_banks import ImportForm
from ..permissions import role_required
from ..russian import ru_number
from ..selectors import current_year
from ..services.imports import MAX_FILE_BYTES, ImportFileError, import_run

SESSION_KEY = "mentoring_import"
PREVIEW_ROWS = 300


def _pending(request) -> dict | None:
    pending = request.session.get(SESSION_KEY)
    if pending and default_storage.exists(pending["path"]):
        return pending
    return None


def _discard(request) -> None:
    pending = request.session.pop(SESSION_KEY, None)
    if pending and default_storage.exists(pending["path"]):
        default_storage.delete(pending["path"])


def _preview(request, pending, result, form=None):
    shown = [r for r in result.rows if r.action != "skip"][:PREVIEW_ROWS]
    return render(
        request,
        "mentoring/imports/preview.html",
        {"pending": pending, "result": result, "shown": shown, "limit": PREVIEW_ROWS, "form": form},
    )


@role_required(Role.CURATOR)
def import_upload(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            form.add_error(
                "file",
                _("The file is %(size)s MB; at most %(limit)s MB can be imported. Split it into several files.")
                % {"size": ru_number(upload.size / 1024 / 1024), "limit": MAX_FILE_BYTES // 1024 // 1024},
            )
        else:
            content = upload.read()
            target = form.cleaned_data["target"]
            try:
                result = import_run(content=content, filename=upload.name, target=target, year=current_year())
            except ImportFileError as exc:
                form.add_error("file", str(exc))
            else:
                _discard(request)
                # The file waits in storage under a random name until it is imported or cancelled.
                path = default_storage.save(f"imports/{uuid.uuid4().hex}", ContentFile(content))
                pending = {"path": path, "filename": upload.name, "target": target}
                request.session[SESSION_KEY] = pending
                return _preview(request, pending, result)
    return render(request, "mentoring/imports/upload.html", {"form": form})


@role_required(Role.CURATOR)
@require_POST
def import_confirm(request):
    pending = _pending(request)
    if pending is None:
        messages.error(request, _("The checked file is no longer available. Upload it again."))
        return redirect("mentoring:import_upload")
    with default_storage.open(pending["path"], "rb") as fh:
        content = fh.read()
    try:
        result = import_run(
            content=content,
            filename=pending["filename"],
            target=pending["target"],
            year=current_year(),
            dry_run=False,
        )
    except ImportFileError as exc:
        messages.error(request, str(exc))
        return redirect("mentoring:import_upload")
    if not result.applied:
        # The data changed since the preview and a row became invalid: nothing was saved.
        return _preview(request, pending, result)
    _discard(request)
    summary = result.summary
    messages.success(
        request,
        _("Import finished: %(create)s added, %(update)s updated, %(unchanged)s unchanged, %(bank)s bank entries.")
        % summary,
    )
    return redirect("mentoring:people")


@role_required(Role.CURATOR)
@require_POST
def import_cancel(request):
    _discard(request)
    messages.info(request, _("The import is cancelled; nothing was saved."))
    return redirect("mentoring:import_upload")
