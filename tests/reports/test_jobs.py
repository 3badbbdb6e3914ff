"""Every job ends: the sweeper, retry of stuck jobs, progress that never goes backwards, the failure path's retries,
and no orphan files when an approval rolls back. In-process (eager); the real worker's faults are in tests/faults."""

import datetime
from pathlib import Path

import pytest
from django.db import IntegrityError, OperationalError
from django.urls import reverse
from django.utils import timezone

from reports import documents as registry
from reports.models import GeneratedDocument, Order
from reports.services import document_render, document_request, document_retry
from reports.services.documents import document_store
from reports.services.jobs import document_is_stuck, documents_sweep, on_fresh_connection
from tests import factories
from tests.factories_reports import approve_now, pairing_order

pytestmark = pytest.mark.django_db
LATER = datetime.timedelta(minutes=30)


@pytest.fixture
def queued(curator, django_capture_on_commit_callbacks):
    """A job whose message never reached a worker (a broker that lost it): the row alone, queued."""
    factories.StudentFactory(grade="8А")
    factories.StudentFactory(grade="8А")
    return document_request(kind="consent_forms", requested_by=curator, params={"grade": "8А"})


def _running(document, *, progress=1, attempts=1):
    GeneratedDocument.objects.filter(pk=document.pk).update(
        status="running",
        progress_done=progress,
        attempts=attempts,
        started_at=timezone.now(),
        heartbeat_at=timezone.now(),
    )
    document.refresh_from_db()
    return document


def test_a_job_whose_message_was_lost_is_queued_again_and_done(queued, django_capture_on_commit_callbacks):
    assert documents_sweep() == {"requeued": 0, "failed": 0}  # not yet past the limit
    with django_capture_on_commit_callbacks(execute=True):
        counts = documents_sweep(now=timezone.now() + LATER)
    queued.refresh_from_db()
    assert counts == {"requeued": 1, "failed": 0}
    assert queued.status == "done" and queued.requeues == 1 and queued.progress_done == 2


def test_a_running_job_whose_heartbeat_stopped_is_queued_again_with_a_notice(queued, settings):
    document = _running(queued)
    assert not document_is_stuck(document)
    assert documents_sweep(now=timezone.now() + datetime.timedelta(seconds=settings.DOCUMENTS_STALE_SECONDS - 5)) == {
        "requeued": 0,
        "failed": 0,
    }
    documents_sweep(now=timezone.now() + LATER)  # the enqueue waits for a commit that never comes in this test
    document.refresh_from_db()
    assert document.status == "queued" and document.requeues == 1
    assert document.notice.startswith("Служба формирования документов остановилась во время работы")


def test_after_the_last_requeue_the_sweeper_fails_the_job_with_a_reason(queued, settings, client, curator):
    settings.DOCUMENTS_MAX_REQUEUES = 1
    later = timezone.now() + LATER
    documents_sweep(now=later)
    _running(queued)
    documents_sweep(now=later + LATER)
    queued.refresh_from_db()
    assert queued.status == "failed" and queued.error.startswith("Документ не удалось сформировать: служба")
    client.force_login(curator)
    status = client.get(reverse("reports:document_status", args=[queued.pk])).json()
    assert status["status"] == "failed" and status["error"] == queued.error and not status["stuck"]


def test_a_stuck_job_can_be_generated_again_but_a_live_one_cannot(queued, curator, client):
    document = _running(queued)
    with pytest.raises(Exception, match="Повторно сформировать можно только"):
        document_retry(document=document, user=curator)
    GeneratedDocument.objects.filter(pk=document.pk).update(heartbeat_at=timezone.now() - LATER)
    client.force_login(curator)
    status = client.get(reverse("reports:document_status", args=[document.pk])).json()
    assert status["stuck"] and status["status"] == "running"
    page = client.get(reverse("reports:document_detail", args=[document.pk])).content.decode()
    assert "Документ сейчас никто не формирует" in page and "Сформировать повторно" in page
    document_retry(document=document, user=curator)
    document.refresh_from_db()
    assert (document.status, document.attempts, document.progress_done) == ("queued", 0, 0)


def test_progress_never_goes_backwards_when_a_job_is_delivered_again(curator, monkeypatch):
    """The second delivery re-renders from part 1; the bar stays where the first one had got to (3 of 4)."""
    seen = []

    def context(params, part):
        seen.append(GeneratedDocument.objects.values_list("progress_done", flat=True).get())
        return {}

    kind = registry.DocumentKind(
        code="four_parts_test",
        template="documents/memo.html",
        title=lambda p: "Четыре части",
        clean=lambda p: {},
        parts=lambda p: [1, 2, 3, 4],
        context=context,
        may_request=lambda u, p: True,
    )
    monkeypatch.setitem(registry.REGISTRY, "four_parts_test", kind)
    document = _running(document_request(kind="four_parts_test", requested_by=curator), progress=3)
    document_render(document_id=document.pk)  # a live heartbeat: another worker has it; this delivery is dropped
    assert seen == []
    document_render(document_id=document.pk, takeover=True)
    document.refresh_from_db()
    assert seen == [3, 3, 3, 3] and document.status == "done" and document.attempts == 2


def test_a_job_started_too_many_times_fails_with_a_reason(queued, settings):
    settings.DOCUMENTS_MAX_ATTEMPTS = 2
    GeneratedDocument.objects.filter(pk=queued.pk).update(attempts=2)
    assert document_render(document_id=queued.pk) is None
    queued.refresh_from_db()
    assert queued.status == "failed" and "слишком много раз прерывалось" in queued.error


def test_a_twin_delivery_that_finishes_second_keeps_the_first_file_and_leaves_no_orphan(
    queued, django_capture_on_commit_callbacks
):
    """Two deliveries of one job rendered it; the one that stores second finds it done and deletes its own file."""
    twin = GeneratedDocument.objects.get(pk=queued.pk)  # the second delivery's copy, read before the first finished
    twin.status = "running"
    document_render(document_id=queued.pk)
    queued.refresh_from_db()
    assert queued.status == "done" and queued.attempts == 1
    first = Path(queued.file.path)
    folder_before = sorted(first.parent.iterdir())

    result = document_store(twin, b"%PDF-1.7 the twin's bytes")

    assert result.file.name == queued.file.name and result.checksum == queued.checksum
    assert first.read_bytes()[:5] == b"%PDF-" and b"twin" not in first.read_bytes()
    assert sorted(first.parent.iterdir()) == folder_before  # the twin's file did not stay behind


def test_the_failure_path_retries_while_the_database_is_unreachable(settings):
    settings.DOCUMENTS_FAIL_RETRY_DELAYS = [0, 0, 0]
    calls = []

    def write():
        calls.append(1)
        if len(calls) < 3:
            raise OperationalError("connection refused")
        return "written"

    assert on_fresh_connection(write) == "written" and len(calls) == 3
    calls.clear()
    settings.DOCUMENTS_FAIL_RETRY_DELAYS = [0, 0]
    with pytest.raises(OperationalError):
        on_fresh_connection(write)


def test_a_failed_approval_leaves_no_numbered_pdf_on_disk(year, curator, director, settings, monkeypatch):
    """The PDF printed «№ 1» is written during the approval; the approval then fails: the file goes too."""
    order = pairing_order(year=year, curator=curator)

    def broken(**kwargs):
        raise IntegrityError("the roadmap could not be updated")

    monkeypatch.setattr("roadmap.services.roadmap_items_complete_for_order", broken)
    with pytest.raises(IntegrityError):
        approve_now(order=order, user=director)
    order.refresh_from_db()
    assert order.status == Order.Status.SUBMITTED and order.number is None and not order.pdf
    orders_dir = Path(settings.MEDIA_ROOT) / "orders"
    assert not orders_dir.exists() or not any(p.is_file() for p in orders_dir.rglob("*"))
    monkeypatch.undo()
    approve_now(order=order, user=director)
    order.refresh_from_db()
    assert order.number == 1 and Path(order.pdf.path).is_file()


def test_the_administrator_generates_failed_and_stuck_jobs_again_from_the_admin(queued, client, curator):
    admin = factories.UserFactory(username="root", is_staff=True, is_superuser=True)
    failed = document_request(kind="consent_forms", requested_by=curator, params={"grade": "8А"})
    GeneratedDocument.objects.filter(pk=failed.pk).update(status="failed", error="Сбой")
    live = _running(document_request(kind="consent_forms", requested_by=curator, params={"grade": "8А"}))
    client.force_login(admin)
    response = client.post(
        reverse("admin:reports_generateddocument_changelist"),
        {"action": "generate_again", "_selected_action": [failed.pk, live.pk]},
        follow=True,
    )
    text = response.content.decode()
    assert response.status_code == 200 and "1 документ снова поставлен в очередь." in text
    assert "оставлены как есть" in text
    failed.refresh_from_db()
    live.refresh_from_db()
    assert (failed.status, failed.error, live.status) == ("queued", "", "running")
