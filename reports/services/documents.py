"""The document engine: request a PDF (a row plus a queued task), render it in the worker, record the result."""

import hashlib
import logging
import time

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.template import TemplateDoesNotExist
from django.utils import timezone
from django.utils.translation import gettext as _

from ..documents import get_kind
from ..docx import html_to_docx
from ..models import DocumentFormat, GeneratedDocument
from ..pdf import documents_to_pdf, html_document, render_html

logger = logging.getLogger(__name__)
Status = GeneratedDocument.Status


def _enqueue(document: GeneratedDocument) -> None:
    from ..tasks import render_document

    document_id = str(document.pk)
    # The worker must see the committed row: enqueue only after the transaction commits.
    transaction.on_commit(lambda: render_document.delay(document_id))


@transaction.atomic
def document_request(
    *, kind: str, requested_by, params: dict | None = None, format: str = DocumentFormat.PDF
) -> GeneratedDocument:
    """Create the job row and queue its rendering. Raises ValidationError (bad params) or PermissionDenied."""
    spec = get_kind(kind)
    if format not in DocumentFormat.values:
        raise ValidationError(_("Choose the format: PDF or Word (DOCX)."))
    clean = spec.clean(dict(params or {}))
    if requested_by is not None and not spec.may_request(requested_by, clean):
        raise PermissionDenied
    document = GeneratedDocument(
        kind=spec.code,
        params=clean,
        target_id=clean.get("target_id") or clean.get("year_id"),
        title=spec.title(clean)[:300],
        requested_by=requested_by,
        progress_total=max(1, len(spec.parts(clean))),
        format=format,
    )
    document.full_clean()
    document.save()
    _enqueue(document)
    return document


@transaction.atomic
def document_retry(*, document: GeneratedDocument, user) -> GeneratedDocument:
    """A failed job is queued again with the same parameters."""
    document = GeneratedDocument.objects.select_for_update().get(pk=document.pk)
    if document.status != Status.FAILED:
        raise ValidationError(_("Only a failed document can be generated again."))
    document.status = Status.QUEUED
    document.error = ""
    document.progress_done = 0
    document.save(update_fields=["status", "error", "progress_done"])
    _enqueue(document)
    return document


def _claim(document_id) -> GeneratedDocument | None:
    """Mark the job running; None when it is already done (a message delivered twice) or gone."""
    with transaction.atomic():
        document = GeneratedDocument.objects.select_for_update().filter(pk=document_id).first()
        if document is None or document.status == Status.DONE:
            return None
        document.status = Status.RUNNING
        document.started_at = timezone.now()
        document.attempts += 1
        document.progress_done = 0
        document.error = ""
        document.save(update_fields=["status", "started_at", "attempts", "progress_done", "error"])
        return document


def _render_parts(document: GeneratedDocument, spec) -> bytes:
    """Render each part to HTML, then lay it out as PDF pages, or collect it for one Word file."""
    parts = spec.parts(document.params)
    if not parts:
        raise ValidationError(_("There is nothing to print: the selection is empty."))
    total = len(parts)
    GeneratedDocument.objects.filter(pk=document.pk).update(progress_total=total, progress_done=0)
    delay = float(getattr(settings, "DOCUMENTS_PART_DELAY", 0) or 0)
    as_docx = document.format == DocumentFormat.DOCX
    rendered, pages_before = [], 0
    for done, part in enumerate(parts, start=1):
        # Each part is laid out on its own; `page_offset` lets a template continue the page numbers.
        context = {"page_offset": pages_before, **spec.context(document.params, part)}
        html = render_html(spec.template, context)
        if as_docx:
            rendered.append(html)
        else:
            rendered.append(html_document(html))
            pages_before += len(rendered[-1].pages)
        GeneratedDocument.objects.filter(pk=document.pk).update(progress_done=done)
        if delay:
            time.sleep(delay)  # only for the worker-loss test: makes "mid-render" last long enough to kill
    if as_docx:
        return html_to_docx(rendered, base_size=spec.docx_base_size, title=document.title)
    return documents_to_pdf(rendered)


def document_render(*, document_id) -> GeneratedDocument | None:
    """The task's body: render, store, mark done. Idempotent: a done job is left as it is."""
    document = _claim(document_id)
    if document is None:
        return None
    spec = get_kind(document.kind)
    stored = spec.stored(document.params, document.format)
    data = stored if stored is not None else _render_parts(document, spec)
    with transaction.atomic():
        current = GeneratedDocument.objects.select_for_update().get(pk=document.pk)
        if current.status == Status.DONE:
            return current  # a twin delivery of the same message finished first
        current.file.save(f"{current.pk}.{current.format}", ContentFile(data), save=False)
        current.checksum = hashlib.sha256(data).hexdigest()
        current.size = len(data)
        current.status = Status.DONE
        current.progress_done = current.progress_total
        current.finished_at = timezone.now()
        current.error = ""
        current.save()
    return current


def readable_error(exc: BaseException) -> str:
    """What the user reads on the job page: what went wrong and what to do."""
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    if isinstance(exc, ImportError | TemplateDoesNotExist):
        return _("This kind of document cannot be printed yet: its template or its data is missing.")
    if isinstance(exc, ObjectDoesNotExist):
        return _("The data of this document no longer exists (it was deleted). Request the document again.")
    return _(
        "The document could not be generated because of an internal error (%(kind)s). "
        "Try again; if it fails again, tell the administrator."
    ) % {"kind": type(exc).__name__}


def document_fail(*, document_id, exc: BaseException) -> None:
    message = readable_error(exc)
    updated = GeneratedDocument.objects.filter(pk=document_id).exclude(status=Status.DONE)
    updated.update(status=Status.FAILED, error=message, finished_at=timezone.now())
