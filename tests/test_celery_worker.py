"""A real Celery worker against Redis renders documents from the pytest database, and survives being killed.

Needs REDIS_URL (a missing Redis is a failure, not a skip). Run alone: pytest -m celery_worker
"""

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from config.celery import app as celery_app
from reports.services import document_request
from tests import factories
from tests.pdf import pdf_text

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]
ROOT = Path(__file__).resolve().parent.parent
CELERY = str(Path(sys.executable).with_name("celery"))


class Worker:
    """One `celery worker` process (prefork, one child) started and stopped by its pid only."""

    def __init__(self, tmp_path, name, part_delay):
        self.name = f"{name}@pytest"
        db = connection.settings_dict
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "DOCUMENTS_PART_DELAY": str(part_delay),
            # A killed worker's message comes back after 6 s; the new worker looks for it every second.
            "CELERY_VISIBILITY_TIMEOUT": "6",
            "CELERY_UNACKED_RESTORE_INTERVAL": "1",
            "CELERY_UNACKED_RESTORE_THROTTLE": "1",
        }
        self.env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        self.log = tmp_path / f"{name}.log"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [
                CELERY,
                "-A",
                "config",
                "worker",
                "--pool=prefork",
                "--concurrency=1",
                "--loglevel=INFO",
                "--without-gossip",
                "--without-mingle",
                "-n",
                self.name,
                f"--logfile={self.log}",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if celery_app.control.ping(destination=[self.name], timeout=0.5):
                return self
            assert self.process.poll() is None, f"the worker exited: {self.log.read_text()[-2000:]}"
        pytest.fail(f"the worker did not answer a ping in 30 s: {self.log.read_text()[-2000:]}")

    def children(self) -> list[int]:
        out = subprocess.run(["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True).stdout
        return [int(pid) for pid in out.split()]

    def kill_all(self):
        for pid in [*self.children(), self.process.pid]:
            os.kill(pid, signal.SIGKILL)
        self.process.wait(10)

    def stop(self):
        if self.process and self.process.poll() is None:
            children = self.children()
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.kill_all()
            for pid in children:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)


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
    worker = Worker(tmp_path, "w1", part_delay=0.3).start()
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
    worker = Worker(tmp_path, "w2", part_delay=1.0).start()
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
    first = Worker(tmp_path, "w3", part_delay=1.0).start()
    document = document_request(kind="consent_forms", requested_by=curator, params={"grade": "7А"})
    try:
        _watch(document, lambda d: d.status == "running" and d.progress_done >= 1)
    finally:
        first.kill_all()
    document.refresh_from_db()
    assert document.status == "running" and document.progress_done < 4  # killed mid-render
    second = Worker(tmp_path, "w4", part_delay=0.2).start()
    try:
        _watch(document, lambda d: d.status == "done", timeout=90)
    finally:
        second.stop()
    assert document.attempts == 2 and document.progress_done == 4
