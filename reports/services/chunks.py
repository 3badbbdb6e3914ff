"""Bulk jobs across workers: a large job of a chunked kind is split into chunk tasks (a Celery group), each rendering
a slice of the parts to a PDF kept in storage; when the last chunk is stored, a merge task joins them in order
(pypdf) into the job's file. No PDF bytes ever pass through the broker or the result backend. A chunk does not know
on which page of the whole it starts: a kind whose page numbers run on across parts (the end-of-year report) has
them stamped on the merged pages instead.

The engine's guarantees hold for chunks (DESIGN.md, «Every job ends»):
- a chunk is claimed like a job (a delivery given back after its worker died takes it over; a live one is left to
  its owner; too many attempts fail the job with a reason) and beats while it renders, stamping its job too;
- the job's bar is the sum of its chunks' parts done, and only grows;
- the job stays «running» while its chunks work; when they all fall silent, the sweeper queues the job again, and
  its task sends again every chunk left unfinished (or merges, when they are all done);
- a chunk that fails fails the job with the reason; «Generate again» discards the chunks and starts afresh.
In-process (no Redis), the group and the merge run inline: the same code path.
"""

import io
import logging
from contextlib import nullcontext
from datetime import timedelta

from celery import group
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce, Greatest, Least
from django.utils import timezone
from pypdf import PdfReader, PdfWriter

from ..documents import get_kind
from ..files import files_removed_on_error
from ..models import DocumentChunk, DocumentFormat, GeneratedDocument
from ..pdf import html_to_pdf, render_html
from .jobs import document_mark_failed, heartbeat, send_or_fail

logger = logging.getLogger(__name__)
Status = GeneratedDocument.Status


def chunks_wanted(document: GeneratedDocument, spec, parts: list) -> bool:
    size = settings.DOCUMENTS_CHUNK_SIZE
    return spec.chunked and document.format == DocumentFormat.PDF and size > 0 and len(parts) > size


def _chunk_is_stuck(chunk: DocumentChunk, now) -> bool:
    """Unfinished and nobody works on it: running but silent, or queued and never started."""
    if chunk.status == Status.RUNNING:
        stamp = chunk.heartbeat_at
        return stamp is None or stamp < now - timedelta(seconds=settings.DOCUMENTS_STALE_SECONDS)
    if chunk.status == Status.QUEUED:
        stamp = chunk.queued_at
        return stamp is None or stamp < now - timedelta(seconds=settings.DOCUMENTS_QUEUED_LIMIT_SECONDS)
    return False


def chunks_dispatch(document: GeneratedDocument, parts: list) -> None:
    """Split the job into chunks (once), send those nobody works on, or merge when all are done.

    Called by the job's task after its claim; a re-delivered job (the sweeper's) sends again only stranded chunks.
    """
    size = settings.DOCUMENTS_CHUNK_SIZE
    now = timezone.now()
    with transaction.atomic():
        GeneratedDocument.objects.select_for_update().get(pk=document.pk)
        chunks = list(DocumentChunk.objects.filter(document_id=document.pk).order_by("index"))
        if not chunks:
            chunks = DocumentChunk.objects.bulk_create(
                DocumentChunk(document_id=document.pk, index=i, parts=parts[start : start + size], queued_at=now)
                for i, start in enumerate(range(0, len(parts), size))
            )
            to_send = chunks
        else:
            to_send = [c for c in chunks if _chunk_is_stuck(c, now)]
            DocumentChunk.objects.filter(pk__in=[c.pk for c in to_send]).update(
                status=Status.QUEUED, queued_at=now, heartbeat_at=None
            )
        if all(c.status == Status.DONE for c in chunks):
            transaction.on_commit(lambda: _enqueue_merge(document.pk))
        elif to_send:
            ids = [c.pk for c in to_send]
            transaction.on_commit(lambda: _enqueue_chunks(document.pk, ids))


def _enqueue_chunks(document_id, chunk_ids: list[int]) -> None:
    from ..tasks import render_document_chunk

    send_or_fail(
        lambda: group(render_document_chunk.si(chunk_id) for chunk_id in chunk_ids).apply_async(),
        what=f"document {document_id} (chunks)",
        mark_failed=lambda message: document_mark_failed(document_id=document_id, message=message),
    )


def _enqueue_merge(document_id) -> None:
    from ..tasks import merge_document_chunks

    send_or_fail(
        lambda: merge_document_chunks.apply_async((str(document_id),)),
        what=f"document {document_id} (merge)",
        mark_failed=lambda message: document_mark_failed(document_id=document_id, message=message),
    )


def _chunk_claim(chunk_id: int, *, takeover: bool) -> DocumentChunk | None:
    """Mark the chunk running; None when it is done, gone, its job is finished, or another live delivery has it."""
    from .documents import attempts_exhausted_message

    with transaction.atomic():
        chunk = DocumentChunk.objects.select_for_update().select_related("document").filter(pk=chunk_id).first()
        if chunk is None or chunk.status == Status.DONE or chunk.document.is_finished:
            return None
        if chunk.status == Status.RUNNING and not takeover and not _chunk_is_stuck(chunk, timezone.now()):
            logger.info("chunk %s: already running elsewhere; this delivery is dropped", chunk_id)
            return None
        if chunk.attempts >= settings.DOCUMENTS_MAX_ATTEMPTS:
            chunk.status = Status.FAILED
            chunk.save(update_fields=["status"])
            transaction.on_commit(
                lambda: document_mark_failed(document_id=chunk.document_id, message=attempts_exhausted_message())
            )
            return None
        now = timezone.now()
        chunk.status = Status.RUNNING
        chunk.heartbeat_at = now
        chunk.attempts += 1
        chunk.save(update_fields=["status", "heartbeat_at", "attempts"])
        return chunk


def _job_progress(document_id):
    """The job's bar: its chunks' parts done summed; never lower than it was, never above the total."""
    done = (
        DocumentChunk.objects.filter(document_id=OuterRef("pk"))
        .values("document_id")
        .annotate(total=Sum("progress_done"))
        .values("total")
    )
    return Least(Greatest(F("progress_done"), Coalesce(Subquery(done), 0)), F("progress_total"))


def chunk_render(*, chunk_id: int, takeover: bool = False, beat: bool = False) -> DocumentChunk | None:
    """A chunk task's body: render the chunk's parts, store its PDF, and queue the merge after the last chunk."""
    from .documents import render_parts

    chunk = _chunk_claim(chunk_id, takeover=takeover)
    if chunk is None:
        return None
    document = chunk.document
    spec = get_kind(document.kind)
    own = DocumentChunk.objects.filter(pk=chunk.pk)
    job = GeneratedDocument.objects.filter(pk=document.pk)

    def on_part(done):
        now = timezone.now()
        own.update(progress_done=Greatest(F("progress_done"), done), heartbeat_at=now)
        job.update(progress_done=_job_progress(document.pk), heartbeat_at=now)

    with heartbeat(document.pk, chunk.pk) if beat else nullcontext():
        data = render_parts(document, spec, chunk.parts, on_part=on_part, numbered=False)
    with files_removed_on_error() as written, transaction.atomic():
        current = DocumentChunk.objects.select_for_update().get(pk=chunk.pk)
        if current.status == Status.DONE:
            return current  # a twin delivery stored it first
        current.file.save(f"{current.index:04d}.pdf", ContentFile(data), save=False)
        written.append(current.file)
        current.status = Status.DONE
        current.progress_done = len(current.parts)
        current.save(update_fields=["file", "status", "progress_done"])
        # Chunks finishing together queue one merge: the job's row lock orders them, and the last one sees the rest.
        owner = GeneratedDocument.objects.select_for_update().get(pk=document.pk)
        job.update(progress_done=_job_progress(document.pk))
        if (
            not owner.is_finished
            and not DocumentChunk.objects.filter(document_id=document.pk).exclude(status=Status.DONE).exists()
        ):
            transaction.on_commit(lambda: _enqueue_merge(document.pk))
    return current


def chunks_merge(*, document_id, beat: bool = False) -> GeneratedDocument | None:
    """Join the chunks' PDFs in order into the job's file (pypdf) and mark the job done; the chunks go."""
    from .documents import document_store

    document = GeneratedDocument.objects.filter(pk=document_id).first()
    if document is None or document.is_finished:
        return document
    chunks = list(DocumentChunk.objects.filter(document_id=document_id).order_by("index"))
    if not chunks or any(c.status != Status.DONE for c in chunks):
        logger.warning("document %s: merge asked before all its chunks were done; left to the sweeper", document_id)
        return document
    with heartbeat(document_id) if beat else nullcontext():
        writer = PdfWriter()
        for chunk in chunks:
            with chunk.file.open("rb") as handle:
                writer.append(io.BytesIO(handle.read()))
        spec = get_kind(document.kind)
        if spec.page_numbers_template:
            _stamp_page_numbers(writer, spec.page_numbers_template)
        # Each chunk carries its own copy of what the chunks share (identical objects: descriptors, profiles, images);
        # kept once. Each chunk's font subsets differ: the file stays ~1.6–1.9× a one-job render (test: 189 → 174 KB).
        writer.compress_identical_objects(remove_duplicates=True, remove_unreferenced=True)
        buffer = io.BytesIO()
        writer.write(buffer)
    document = document_store(document, buffer.getvalue())
    chunks_discard(document_id)
    return document


def _stamp_page_numbers(writer: PdfWriter, template: str) -> None:
    """Lay the running page numbers over the merged pages: one WeasyPrint document of as many blank pages, each
    carrying only its number where the kind's own pages carry it (same page size, margin box and font)."""
    count = len(writer.pages)
    stamps = PdfReader(io.BytesIO(html_to_pdf(render_html(template, {"pages": range(count)})))).pages
    for page, stamp in zip(writer.pages, stamps, strict=True):  # a count that differs fails the job
        page.merge_page(stamp)
        page.compress_content_streams()  # pypdf leaves a merged page's content uncompressed: several times the size


def chunks_discard(document_id) -> None:
    """Delete a job's chunks and, after commit, their files (after the merge, or before a new run)."""
    chunks = DocumentChunk.objects.filter(document_id=document_id)
    names = [name for name in chunks.exclude(Q(file="") | Q(file__isnull=True)).values_list("file", flat=True)]
    chunks.delete()
    if names:
        storage = DocumentChunk._meta.get_field("file").storage
        transaction.on_commit(lambda: _delete_files(storage, names))


def _delete_files(storage, names: list[str]) -> None:
    for name in names:
        try:
            storage.delete(name)
        except OSError:
            logger.exception("could not delete the chunk file %s", name)
