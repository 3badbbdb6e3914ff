"""Bulk jobs split into chunk tasks and merged in order (in-process; a real worker: tests/test_celery_worker.py)."""

import dataclasses
import os

import pytest
from django.conf import settings as django_settings

from reports import documents as registry
from reports.models import DocumentChunk, GeneratedDocument
from reports.services import chunks as chunks_service
from reports.services import document_render, document_request, document_retry
from reports.services.chunks import chunk_render
from reports.services.jobs import documents_sweep
from tests import factories
from tests.pdf import pdf_text


@pytest.fixture
def small_chunks(settings):
    settings.DOCUMENTS_CHUNK_SIZE = 2


@pytest.fixture
def pupils():
    names = ["Андреев", "Борисова", "Васильев", "Григорьева", "Дмитриев"]
    return [factories.StudentFactory(grade="8В", last_name=name) for name in names]


def _with_context(monkeypatch, wrap):
    spec = registry.REGISTRY["consent_forms"]
    monkeypatch.setitem(registry.REGISTRY, "consent_forms", dataclasses.replace(spec, context=wrap(spec.context)))


def test_a_large_job_is_rendered_in_chunks_and_merged_in_order(
    small_chunks, curator, pupils, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        document = document_request(kind="consent_forms", requested_by=curator, params={"grade": "8В"})
    document.refresh_from_db()
    assert document.status == "done", document.error
    assert (document.progress_done, document.progress_total) == (5, 5)
    text = pdf_text(document.file.read())
    positions = [text.find(p.full_name) for p in pupils]
    assert -1 not in positions and positions == sorted(positions), positions
    assert text.count("СОГЛАСИЕ") == 10
    # The chunks and their files are gone once merged.
    assert not DocumentChunk.objects.exists()
    chunk_dir = os.path.join(django_settings.MEDIA_ROOT, "documents", "chunks", str(document.pk))
    assert not os.path.exists(chunk_dir) or not os.listdir(chunk_dir)


def test_a_small_job_is_not_split(small_chunks, curator, pupils, django_capture_on_commit_callbacks, monkeypatch):
    sent = []
    monkeypatch.setattr(chunks_service, "_enqueue_chunks", lambda document_id, ids: sent.append(ids))
    with django_capture_on_commit_callbacks(execute=True):
        document = document_request(
            kind="consent_forms", requested_by=curator, params={"person_ids": [pupils[0].pk, pupils[1].pk]}
        )
    document.refresh_from_db()
    assert document.status == "done" and not sent


def test_the_bar_is_the_chunks_summed_and_never_goes_back(
    small_chunks, curator, pupils, django_capture_on_commit_callbacks, monkeypatch
):
    seen = []

    def wrap(context):
        def spy(params, part):
            seen.append(GeneratedDocument.objects.values_list("progress_done", flat=True).get())
            return context(params, part)

        return spy

    _with_context(monkeypatch, wrap)
    with django_capture_on_commit_callbacks(execute=False):
        document = document_request(kind="consent_forms", requested_by=curator, params={"grade": "8В"})
        document_render(document_id=document.pk)
    first, second, third = DocumentChunk.objects.order_by("index")
    assert [first.parts, second.parts, third.parts] == [[p.pk for p in pupils[i : i + 2]] for i in (0, 2, 4)]
    chunk_render(chunk_id=first.pk)
    chunk_render(chunk_id=second.pk)
    # The second chunk's worker died after storing nothing: a new delivery renders it again from its first part.
    DocumentChunk.objects.filter(pk=second.pk).update(status="running", file="", progress_done=1)
    chunk_render(chunk_id=second.pk, takeover=True)
    with django_capture_on_commit_callbacks(execute=True):
        chunk_render(chunk_id=third.pk)
    document.refresh_from_db()
    assert document.status == "done"
    assert seen == sorted(seen) and seen[0] == 0 and seen[-1] == 4, seen
    assert document.progress_done == 5


def test_a_job_delivered_again_sends_only_its_stranded_chunks(
    small_chunks, curator, pupils, django_capture_on_commit_callbacks, monkeypatch
):
    sent = []
    monkeypatch.setattr(chunks_service, "_enqueue_chunks", lambda document_id, ids: sent.append(ids))
    with django_capture_on_commit_callbacks(execute=True):
        document = document_request(kind="consent_forms", requested_by=curator, params={"grade": "8В"})
    first, second, third = DocumentChunk.objects.order_by("index")
    assert sent == [[first.pk, second.pk, third.pk]]
    chunk_render(chunk_id=first.pk)
    # The second chunk's worker fell silent long ago; the third is queued and waits its turn.
    DocumentChunk.objects.filter(pk=second.pk).update(status="running", heartbeat_at="2000-01-01T00:00Z")
    GeneratedDocument.objects.filter(pk=document.pk).update(heartbeat_at="2000-01-01T00:00Z")
    with django_capture_on_commit_callbacks(execute=True):
        assert documents_sweep() == {"requeued": 1, "failed": 0}
    assert sent[-1] == [second.pk]
    document.refresh_from_db()
    assert document.status == "running" and document.progress_done == 2


def test_a_failing_chunk_fails_the_job_with_a_reason_and_it_can_be_generated_again(
    small_chunks, curator, pupils, django_capture_on_commit_callbacks, monkeypatch
):
    broken = {pupils[3].pk}

    def wrap(context):
        def maybe_fail(params, part):
            if part in broken:
                raise RuntimeError("boom")
            return context(params, part)

        return maybe_fail

    _with_context(monkeypatch, wrap)
    with django_capture_on_commit_callbacks(execute=True):
        document = document_request(kind="consent_forms", requested_by=curator, params={"grade": "8В"})
    document.refresh_from_db()
    assert document.status == "failed" and "RuntimeError" in document.error and "Попробуйте" in document.error
    broken.clear()
    with django_capture_on_commit_callbacks(execute=True):
        document_retry(document=document, user=curator)
    document.refresh_from_db()
    assert document.status == "done" and document.progress_done == 5
    text = pdf_text(document.file.read())
    assert all(p.full_name in text for p in pupils)
