"""A real Celery worker against Redis renders documents from the pytest database, and survives being killed.

Needs REDIS_URL (a missing Redis is a failure, not a skip). Run alone: pytest -m celery_worker
"""

import os
import signal
import time

import pytest
from django.db import connection

from config.celery import app as celery_app
from reports.services import document_request
from tests import factories
from tests.faults.servers import Worker
from tests.pdf import pdf_text

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


def _worker(tmp_path, name, part_delay):
    """A worker on REDIS_URL and the pytest database; a killed worker's message comes back after 6 s."""
    db = connection.settings_dict
    return Worker(
        tmp_path,
        name,
        database_url=f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        redis_url=os.environ["REDIS_URL"],
        part_delay=part_delay,
        CELERY_VISIBILITY_TIMEOUT=6,
    )


@pytest.fixture
def broker():
    if not os.environ.get("REDIS_URL"):
        pytest.fail("REDIS_URL is not set: the Celery integration tests need Redis (e.g. redis://127.0.0.1:6379/0)")
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    celery_app.conf.broker_url = os.environ["REDIS_URL"]
    with celery_app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=3)
        celery_app.control.purge(connection=conn)
    yield
    celery_app.conf.task_always_eager = eager


@pytest.fixture
def people(organisation):
    return [factories.StudentFactory(grade="7А") for _ in range(4)]


def _watch(document, until, timeout=60):
    seen = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        document.refresh_from_db()
        if not seen or seen[-1] != document.status:
            seen.append(document.status)
        if until(document):
            return seen
        time.sleep(0.05)
    pytest.fail(f"timed out; statuses seen: {seen}, error: {document.error!r}")


def test_a_job_goes_queued_running_done(broker, people, tmp_path):
    curator = factories.UserFactory(roles=["curator"], username="curator")
    worker = _worker(tmp_path, "w1", part_delay=0.3).start(celery_app)
    try:
        document = document_request(kind="consent_forms", requested_by=curator, params={"grade": "7А"})
        seen = _watch(document, lambda d: d.is_finished)
    finally:
        worker.stop()
    assert seen[0] == "queued" and "running" in seen and seen[-1] == "done", seen
    assert (document.progress_done, document.progress_total, document.attempts) == (4, 4, 1)
    text = pdf_text(document.file.read())
    assert all(p.full_name in text for p in people)


def test_a_job_whose_worker_child_is_killed_finishes(broker, people, tmp_path):
    """SIGKILL of the pool process mid-render: acks_late + reject_on_worker_lost give the message back."""
    curator = factories.UserFactory(roles=["curator"], username="curator")
    worker = _worker(tmp_path, "w2", part_delay=1.0).start(celery_app)
    try:
        document = document_request(kind="consent_forms", requested_by=curator, params={"grade": "7А"})
        _watch(document, lambda d: d.status == "running" and d.progress_done >= 1)
        (child,) = worker.children()
        os.kill(child, signal.SIGKILL)
        _watch(document, lambda d: d.status == "done", timeout=90)
    finally:
        worker.stop()
    assert document.attempts >= 2 and document.progress_done == 4
    text = pdf_text(document.file.read())
    assert all(p.full_name in text for p in people)


def test_a_job_whose_whole_worker_is_killed_finishes_after_a_restart(broker, people, tmp_path):
    """SIGKILL of the worker and its child: the unacknowledged message returns to a new worker (visibility)."""
    curator = factories.UserFactory(roles=["curator"], username="curator")
    first = _worker(tmp_path, "w3", part_delay=1.0).start(celery_app)
    document = document_request(kind="consent_forms", requested_by=curator, params={"grade": "7А"})
    try:
        _watch(document, lambda d: d.status == "running" and d.progress_done >= 1)
    finally:
        first.kill_all()
    document.refresh_from_db()
    assert document.status == "running" and document.progress_done < 4  # killed mid-render
    second = _worker(tmp_path, "w4", part_delay=0.2).start(celery_app)
    try:
        _watch(document, lambda d: d.status == "done", timeout=90)
    finally:
        second.stop()
    assert document.attempts == 2 and document.progress_done == 4


def test_a_bulk_job_in_chunks_whose_worker_child_is_killed_ends_done_in_order(broker, organisation, tmp_path):
    """Goal: the engine's guarantees hold for chunks. The pool process is killed (by its pid) mid-chunk; the chunk's
    message comes back, is taken over, and the merged PDF has every form, in order; the bar never went back."""
    curator = factories.UserFactory(roles=["curator"], username="curator")
    names = ["Абрамов", "Белова", "Волков", "Голубева", "Данилов", "Егорова"]
    pupils = [factories.StudentFactory(grade="9Б", last_name=name) for name in names]
    worker = _worker(tmp_path, "w5", part_delay=0.4)
    worker.env["DOCUMENTS_CHUNK_SIZE"] = "2"
    worker.start(celery_app)
    bar = []
    try:
        document = document_request(kind="consent_forms", requested_by=curator, params={"grade": "9Б"})
        _watch(document, lambda d: d.status == "running" and d.progress_done >= 1)
        (child,) = worker.children()
        os.kill(child, signal.SIGKILL)
        _watch(document, lambda d: bar.append(d.progress_done) or d.is_finished, timeout=60)
        assert "WorkerLostError" in worker.log.read_text()  # the chunk's process really died mid-way
    finally:
        worker.stop()
    assert document.status == "done", document.error
    assert bar == sorted(bar) and document.progress_done == 6
    text = pdf_text(document.file.read())
    positions = [text.find(p.full_name) for p in pupils]
    assert -1 not in positions and positions == sorted(positions)
