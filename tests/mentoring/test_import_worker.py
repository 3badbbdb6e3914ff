"""Imports on a real Celery worker against Redis: the request only queues; a 10,000-row file is checked and
imported by the worker with a progress bar that only goes forward; a broker that is down fails the job visibly.

Needs REDIS_URL, like tests/test_celery_worker.py (whose worker fixture this reuses). Run: pytest -m celery_worker
"""

import contextlib
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import EVENT_MODELS
from config.celery import app as celery_app
from mentoring.imports.jobs import import_job_start
from mentoring.models import ImportJob, Person
from tests import factories
from tests.factories_imports import many_rows_xlsx
from tests.test_celery_worker import _worker, broker  # noqa: F401 — the fixture

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]
UNUSED_PORT = 16499  # this engineer's port range: nothing listens there


def _watch(job, until, timeout=180):
    progress = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if not progress or progress[-1] != (job.status, job.progress_done):
            progress.append((job.status, job.progress_done))
        if until(job):
            return progress
        time.sleep(0.05)
    pytest.fail(f"timed out; seen: {progress}, error: {job.error!r}")


def test_a_10000_row_file_is_checked_and_imported_by_the_worker(broker, client, tmp_path):  # noqa: F811
    curator = factories.UserFactory(roles=["curator"], username="curator")
    client.force_login(curator)
    content = many_rows_xlsx(10_000)
    url = reverse("mentoring:import_upload")  # loads the URLconf (and its imports) outside the timing
    client.get(url)
    worker = _worker(tmp_path, "imports", part_delay=0).start(celery_app)
    try:
        started = time.monotonic()
        response = client.post(url, {"target": "people", "file": SimpleUploadedFile("big.xlsx", content)})
        answered = time.monotonic() - started
        job = ImportJob.objects.get()
        assert response.status_code == 302 and answered < 2, answered  # the request only stored and queued
        seen = _watch(job, lambda j: j.is_finished)
        assert job.status == "done" and job.result["summary"]["create"] == 10_000, job.error
        client.post(reverse("mentoring:import_confirm", args=[job.pk]))
        committed = _watch(job, lambda j: j.is_finished and j.stage == "commit")
    finally:
        worker.stop()
    assert job.applied and Person.objects.count() == 10_000
    # The audit trail (issue 18): a bulk import records every row, and names the worker's job as the author.
    inserts = EVENT_MODELS[Person].objects.filter(pgh_label="insert").select_related("pgh_context")
    assert inserts.count() == 10_000
    assert {e.pgh_context.metadata.get("job") for e in inserts[:50]} == {"mentoring.tasks.run_import_job"}
    for run in (seen, committed):
        done = [d for status, d in run if status == "running"]
        assert done == sorted(done)  # progress never goes backwards within a run
        assert any(0 < d < 100 for d in done), run  # and the bar moved while the worker read the rows


@contextlib.contextmanager
def _broker_at(url: str):
    """Publish to `url` with fresh connection pools; afterwards the app's own pools are put back untouched."""
    saved = (
        celery_app.conf.task_always_eager,
        celery_app.conf.broker_url,
        celery_app._pool,
        celery_app.amqp._producer_pool,
    )
    celery_app.conf.task_always_eager, celery_app.conf.broker_url = False, url
    celery_app._pool = celery_app.amqp._producer_pool = None
    try:
        yield
    finally:
        if celery_app._pool is not None:
            celery_app._pool.force_close_all()
        eager, broker_url, pool, producers = saved
        celery_app.conf.task_always_eager, celery_app.conf.broker_url = eager, broker_url
        celery_app._pool, celery_app.amqp._producer_pool = pool, producers


def test_a_broker_that_is_down_fails_the_job_with_a_reason():
    curator = factories.UserFactory(roles=["curator"], username="curator")
    with _broker_at(f"redis://127.0.0.1:{UNUSED_PORT}/0"):
        started = time.monotonic()
        job = import_job_start(
            content=many_rows_xlsx(3), filename="a.xlsx", target="people", year=None, requested_by=curator
        )
        elapsed = time.monotonic() - started
    job.refresh_from_db()
    assert job.status == "failed" and "Очередь заданий недоступна" in job.error, job.error
    assert elapsed < 15
