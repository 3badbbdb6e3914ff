"""A large end-of-year report rendered in chunk tasks and merged: the same pages as one job, its page numbers stamped
after the merge (reports.services.chunks). The guarantees of chunks themselves: tests/reports/test_chunks.py."""

import io

import pytest
from pypdf import PdfReader

from reports.models import DocumentChunk, GeneratedDocument
from reports.monitoring import report
from reports.services import document_render, document_request
from reports.services.chunks import chunk_render
from tests.factories_monitoring import bulk_school
from tests.pdf import MM, text_fragments, top_margin_number

pytestmark = pytest.mark.django_db


def _pages(data: bytes):
    return PdfReader(io.BytesIO(data)).pages


def _number(page) -> tuple:
    """The page number's text, place, size and font: the fragment in the top margin that is a number."""
    top = float(page.mediabox.height) - 20 * MM
    found = [(t, round(x, 1), round(y, 1), round(size, 1), font) for t, x, y, size, font in text_fragments(page)]
    return next((f for f in found if f[2] > top and f[0].isdigit()), ())


def _body(page) -> list[str]:
    """The page's text in drawing order, without its number."""
    number = _number(page)
    return [t for t, x, y, size, font in text_fragments(page) if (t, round(x, 1), round(y, 1)) != number[:3]]


def _report_pdf(curator, year, capture) -> bytes:
    with capture(execute=True):
        document = document_request(kind="annual_report", requested_by=curator, params={"year_id": year.pk})
    document.refresh_from_db()
    assert document.status == GeneratedDocument.Status.DONE, document.error
    return document.file.read()


def test_a_large_report_is_rendered_in_chunks_and_numbered_like_one_job(
    year, organisation, curator, settings, django_capture_on_commit_callbacks
):
    bulk_school(year, people=150, groups=30)
    parts = report.report_parts(year)
    assert len(parts) == 9  # 6 sections + 3 parts of 10 groups
    settings.DOCUMENTS_CHUNK_SIZE = 0  # never split: the reference
    whole_pdf = _report_pdf(curator, year, django_capture_on_commit_callbacks)
    whole = _pages(whole_pdf)

    settings.DOCUMENTS_CHUNK_SIZE = 4
    with django_capture_on_commit_callbacks(execute=False):
        document = document_request(kind="annual_report", requested_by=curator, params={"year_id": year.pk})
        document_render(document_id=document.pk)
    chunks = list(DocumentChunk.objects.order_by("index"))
    # The group sections fall into two chunks: nothing keeps them in one.
    assert [c.parts for c in chunks] == [parts[0:4], parts[4:8], parts[8:9]]
    with django_capture_on_commit_callbacks(execute=False) as merge:
        for chunk in chunks:
            chunk_render(chunk_id=chunk.pk)
    # A chunk cannot know where its pages fall: it prints no number.
    chunk_pages = [_pages(chunk.file.read()) for chunk in DocumentChunk.objects.order_by("index")]
    assert [top_margin_number(page) for pages in chunk_pages for page in pages] == [""] * len(whole)
    with django_capture_on_commit_callbacks(execute=True):
        for callback in merge:  # the last chunk stored queued the merge
            callback()
    document.refresh_from_db()
    assert document.status == GeneratedDocument.Status.DONE, document.error
    assert (document.progress_done, document.progress_total) == (9, 9)
    assert not DocumentChunk.objects.exists()
    merged = _pages(document.file.read())
    # Stamped pages keep their content compressed (each chunk embeds its own font subsets: some growth is inherent).
    assert document.size < 2 * len(whole_pdf), (document.size, len(whole_pdf))

    assert len(merged) == len(whole) and len(whole) > 6
    # The title page has no number; pages 2…N carry 2…N, where one job prints them and in the same size and font.
    assert _number(merged[0]) == _number(whole[0]) == ()
    assert [_number(page)[0] for page in merged[1:]] == [str(n) for n in range(2, len(merged) + 1)]
    assert [_number(page) for page in merged] == [_number(page) for page in whole]
    # Every page has the same text, in the same order, as the report rendered in one job.
    for number, (ours, reference) in enumerate(zip(merged, whole, strict=True), start=1):
        assert _body(ours) == _body(reference), number
    text = " ".join(" ".join(_body(page)) for page in merged)
    sections = ["1. Дорожная карта", "2. Показатели года", "3. Пары и группы", "4. Удовлетворённость", "6. Лучшие"]
    positions = [text.find(heading) for heading in sections]
    assert -1 not in positions and positions == sorted(positions), positions
    assert text.count("Пара или группа №") == 30
