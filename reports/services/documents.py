"""The document engine: request a PDF (a row plus a queued task), render it in the worker, record the result."""

import hashlib
import logging
import time
from contextlib import nullcontext

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import InterfaceError, OperationalError, transaction
from django.db.models import F
from django.db.models.functions import Greatest, Least
from django.template import TemplateDoesNotExist
from django.utils import timezone
from django.utils.translation import gettext as _

from ..documents import get_kind
from ..docx import html_to_docx
from ..files import files_removed_on_error
from ..models import DocumentFormat, GeneratedDocument
from ..pdf import documents_to_pdf, html_document, render_html
from .jobs import document_is_stuck, document_mark_failed, enqueue_on_commit, heartbeat

logger = logging.getLogger(__name__)
Status = GeneratedDocument.Status


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
        queued_at=timezone.now(),
        format=format,
    )
    # The row is built here from cleaned parameters: the fields are checked, the constraints are left to the database
    # (their messages are registered), which saves a query a constraint on every request.
    document.full_clean(exclude=["requested_by"], validate_unique=False, validate_constraints=False)
    # One INSERT needs no transaction of its own (no savepoint round trips inside a caller's): the task is still
    # queued only after the caller's transaction, if any, commits.
    document.save()
    enqueue_on_commit(document)
    return document


@transaction.atomic
def document_retry(*, document: GeneratedDocument, user) -> GeneratedDocument:
    """A failed or stuck job (silent while running, or never started) is queued again with the same parameters."""
    from .chunks import chunks_discard

    document = GeneratedDocument.objects.select_for_update().get(pk=document.pk)
    if document.status != Status.FAILED and not document_is_stuck(document):
        raise ValidationError(_("Only a failed or stuck document can be generated again."))
    document.status = Status.QUEUED
    document.error = ""
    document.notice = ""
    document.progress_done = 0  # a new run the user asked for; within a run progress only grows
    document.attempts = 0
    document.requeues = 0
    document.queued_at = timezone.now()
    document.heartbeat_at = None
    document.finished_at = None
    chunks_discard(document.pk)  # a new run renders every chunk afresh
    document.save(
        update_fields=[
            "status",
            "error",
            "notice",
            "progress_done",
            "attempts",
            "requeues",
            "queued_at",
            "heartbeat_at",
            "finished_at",
        ]
    )
    enqueue_on_commit(document)
    return document


def attempts_exhausted_message() -> str:
    return _(
        "The document could not be generated: its rendering was interrupted too many times. Press «Generate "
        "again»; if it fails again, tell the administrator."
    )


def _claim(document_id, *, takeover: bool = False) -> GeneratedDocument | None:
    """Mark the job running; None when another delivery has it, or it is finished (a message delivered twice) or gone.

    The usual case — a queued job with attempts left — is one conditional UPDATE and a read, not a locked
    transaction (four round trips); anything else goes through the lock.
    """
    now = timezone.now()
    claimed = GeneratedDocument.objects.filter(
        pk=document_id, status=Status.QUEUED, attempts__lt=settings.DOCUMENTS_MAX_ATTEMPTS
    ).update(status=Status.RUNNING, started_at=now, heartbeat_at=now, attempts=F("attempts") + 1, error="")
    if claimed:
        return GeneratedDocument.objects.filter(pk=document_id).first()
    return _claim_locked(document_id, takeover=takeover)


def _claim_locked(document_id, *, takeover: bool) -> GeneratedDocument | None:
    """A job delivered again, running, or out of attempts: decided under the row's lock.

    A running job with a live heartbeat belongs to another worker, unless this delivery is the task's own retry
    (`takeover`). Progress is kept: a job delivered again never shows less than it did.
    """
    with transaction.atomic():
        document = GeneratedDocument.objects.select_for_update().filter(pk=document_id).first()
        if document is None or document.status in (Status.DONE, Status.FAILED):
            return None
        if document.status == Status.RUNNING and not takeover and not document_is_stuck(document):
            logger.info("document %s: already running elsewhere; this delivery is dropped", document_id)
            return None
        if document.attempts >= settings.DOCUMENTS_MAX_ATTEMPTS:
            document.status = Status.FAILED
            document.error = attempts_exhausted_message()
            document.notice = ""
            document.finished_at = timezone.now()
            document.save(update_fields=["status", "error", "notice", "finished_at"])
            return None
        now = timezone.now()
        document.status = Status.RUNNING
        document.started_at = now
        document.heartbeat_at = now
        document.attempts += 1
        document.error = ""
        document.save(update_fields=["status", "started_at", "heartbeat_at", "attempts", "error"])
        return document


def render_parts(document: GeneratedDocument, spec, parts: list, *, on_part, numbered: bool = True) -> bytes:
    """Render each part to HTML, then lay it out as PDF pages, or collect it for one Word file.

    `on_part(done)` records progress after each part (the job's bar, or a chunk's and its job's). `numbered=False`
    (a chunk, which cannot know the pages before it) gives the parts `page_offset=None`.
    """
    delay = float(getattr(settings, "DOCUMENTS_PART_DELAY", 0) or 0)
    as_docx = document.format == DocumentFormat.DOCX
    rendered, pages_before = [], 0
    for done, part in enumerate(parts, start=1):
        # Each part is laid out on its own; `page_offset` lets a template continue the page numbers.
        context = {"page_offset": pages_before if numbered else None, **spec.context(document.params, part)}
        html = render_html(spec.template, context)
        if as_docx:
            rendered.append(html)
        else:
            rendered.append(html_document(html))
            pages_before += len(rendered[-1].pages)
        on_part(done)
        if delay:
            time.sleep(delay)  # only for the worker-loss tests: makes "mid-render" last long enough to kill
    if as_docx:
        return html_to_docx(rendered, base_size=spec.docx_base_size, title=document.title)
    return documents_to_pdf(rendered)


def document_parts(document: GeneratedDocument, spec, target=None) -> list:
    """The job's parts, its total set to their number (progress done kept, never above the total).

    A kind printing one loaded object (`spec.load`) has that object as its only part."""
    parts = [target] if spec.load is not None else spec.parts(document.params)
    if not parts:
        raise ValidationError(_("There is nothing to print: the selection is empty."))
    total = len(parts)
    if document.progress_total != total:
        GeneratedDocument.objects.filter(pk=document.pk).update(
            progress_total=total, progress_done=Least(F("progress_done"), total)
        )
        document.progress_total = total
    return parts


def _render_parts(document: GeneratedDocument, spec, parts: list) -> bytes:
    rows = GeneratedDocument.objects.filter(pk=document.pk)
    total = len(parts)

    def on_part(done):
        # Never backwards: a job delivered again re-renders from part 1 under the bar it had reached.
        if total > 1:
            rows.update(progress_done=Least(Greatest(F("progress_done"), done), total), heartbeat_at=timezone.now())

    return render_parts(document, spec, parts, on_part=on_part)


def document_render(*, document_id, takeover: bool = False, beat: bool = False) -> GeneratedDocument | None:
    """The task's body: render, store, mark done. Idempotent: a done job is left as it is.

    A large job of a chunked kind is handed to chunk tasks instead (services.chunks), which finish it.
    `beat`: stamp a heartbeat from a thread while rendering (in a worker; not when run in-process).
    """
    from .chunks import chunks_dispatch, chunks_wanted

    document = _claim(document_id, takeover=takeover)
    if document is None:
        return None
    spec = get_kind(document.kind)
    target = spec.load(document.params) if spec.load is not None else None  # loaded once for the whole job
    stored = spec.stored(document.params, document.format, target)
    if stored is None:
        parts = document_parts(document, spec, target)
        if chunks_wanted(document, spec, parts):
            chunks_dispatch(document, parts)
            return document
        with heartbeat(document.pk) if beat else nullcontext():
            stored = _render_parts(document, spec, parts)
    return document_store(document, stored)


def document_store(document: GeneratedDocument, data: bytes) -> GeneratedDocument:
    """Save the finished file and mark the job done; a twin delivery that finished first wins.

    One conditional UPDATE (not done yet) instead of a locked read and a save: the loser deletes the file it wrote
    (stored names never collide: the storage never overwrites).
    """
    with files_removed_on_error() as written:
        document.file.save(f"{document.pk}.{document.format}", ContentFile(data), save=False)
        written.append(document.file)
        fields = {
            "file": document.file.name,
            "checksum": hashlib.sha256(data).hexdigest(),
            "size": len(data),
            "status": Status.DONE,
            "finished_at": timezone.now(),
            "error": "",
            "notice": "",
        }
        stored = (
            GeneratedDocument.objects.filter(pk=document.pk)
            .exclude(status=Status.DONE)
            .update(progress_done=F("progress_total"), **fields)
        )
    if not stored:  # a twin delivery finished first: its file stays, ours goes
        document.file.storage.delete(document.file.name)
        return GeneratedDocument.objects.get(pk=document.pk)
    for name, value in fields.items():
        setattr(document, name, value)
    document.progress_done = document.progress_total
    return document


def readable_error(exc: BaseException) -> str:
    """What the user reads on the job page: what went wrong and what to do."""
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    if isinstance(exc, ImportError | TemplateDoesNotExist):
        return _("This kind of document cannot be printed yet: its template or its data is missing.")
    if isinstance(exc, SoftTimeLimitExceeded):
        return _(
            "The document took too long to generate and was stopped. Print a smaller selection, "
            "or tell the administrator."
        )
    if isinstance(exc, OperationalError | InterfaceError):
        return _("The database was unavailable while the document was being generated. Try again in a few minutes.")
    if isinstance(exc, ObjectDoesNotExist):
        return _("The data of this document no longer exists (it was deleted). Request the document again.")
    return _(
        "The document could not be generated because of an internal error (%(kind)s). "
        "Try again; if it fails again, tell the administrator."
    ) % {"kind": type(exc).__name__}


def document_fail(*, document_id, exc: BaseException) -> None:
    """Record the failure for the user, from a fresh database connection (the old one may be what failed)."""
    document_mark_failed(document_id=document_id, message=readable_error(exc))
