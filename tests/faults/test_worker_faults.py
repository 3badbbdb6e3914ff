"""Faults under a real Celery worker (with its beat running the sweeper), a private Redis and a private PostgreSQL,
each killed by its pid: every job still ends. Short clocks come from the environment (servers.FAST_JOBS).

Run alone: pytest -m celery_worker tests/faults
"""

import time

import pytest
from django.db import DatabaseError, connection

from reports.services import document_request
from tests import factories
from tests.pdf import pdf_text

from .servers import PrivatePostgres, PrivateRedis, Worker, celery_publishing_to, reset_celery_pools

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


def _pytest_database_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _watch(document, until, timeout=60):
    """Poll the row until `until(row)`; a database that is down meanwhile is waited for. Returns statuses seen."""
    seen = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            document.refresh_from_db()
        except DatabaseError:
            connection.close()
            time.sleep(0.2)
            continue
        if not seen or seen[-1] != document.status:
            seen.append(document.status)
        if until(document):
            return seen
        time.sleep(0.05)
    pytest.fail(f"timed out; statuses seen: {seen}, error: {document.error!r}, notice: {document.notice!r}")


@pytest.fixture
def redis_broker():
    redis = PrivateRedis(appendonly=True).start()
    with celery_publishing_to(redis.url) as app:
        yield redis, app
    redis.close()


@pytest.fixture
def school(organisation):
    curator = factories.UserFactory(roles=["curator"], username="curator")
    people = [factories.StudentFactory(grade="7А") for _ in range(4)]
    return curator, people


def _request(curator):
    return document_request(kind="consent_forms", requested_by=curator, params={"grade": "7А"})


def test_sigkill_of_the_worker_main_process_mid_render_the_job_is_done_soon_after_a_restart(
    redis_broker, school, tmp_path, record_property
):
    redis, app = redis_broker
    curator, people = school
    first = Worker(tmp_path, "main-kill-1", database_url=_pytest_database_url(), redis_url=redis.url, part_delay=1.0)
    first.start(app)
    document = _request(curator)
    try:
        _watch(document, lambda d: d.status == "running" and d.progress_done >= 1)
        first.kill_main()
        time.sleep(1)
        document.refresh_from_db()
        assert document.status == "running" and document.progress_done < 4  # killed mid-render
        before = document.progress_done
        second = Worker(
            tmp_path, "main-kill-2", database_url=_pytest_database_url(), redis_url=redis.url, part_delay=0.2, beat=True
        )
        restarted = time.monotonic()
        second.start(app)
        try:
            progress = []
            _watch(document, lambda d: progress.append(d.progress_done) or d.status == "done", timeout=120)
            took = time.monotonic() - restarted
        finally:
            second.stop()
    finally:
        first.stop()
    record_property("sigkill_main_done_after_restart_s", round(took, 1))
    assert took < 120
    assert min(progress) >= before and progress == sorted(progress)  # never backwards
    assert document.progress_done == 4 and document.attempts >= 1
    text = pdf_text(document.file.read())
    assert all(p.full_name in text for p in people)


@pytest.mark.parametrize("appendonly", [True, False], ids=["aof", "no-persistence"])
def test_redis_restarted_with_queued_jobs_none_is_lost(appendonly, school, tmp_path, record_property):
    """With AOF (compose) the messages survive; without it the sweeper queues the forgotten rows again."""
    curator, _people = school
    redis = PrivateRedis(appendonly=appendonly).start()
    try:
        with celery_publishing_to(redis.url) as app:
            documents = [_request(curator), _request(curator)]
            assert redis.queued() == 2
            time.sleep(1.2)  # appendfsync everysec
            redis.kill()
            redis.start()
            reset_celery_pools(app)
            assert redis.queued() == (2 if appendonly else 0)
            worker = Worker(
                tmp_path,
                f"redis-restart-{appendonly}",
                database_url=_pytest_database_url(),
                redis_url=redis.url,
                beat=True,
                DOCUMENTS_QUEUED_LIMIT_SECONDS=8,
            )
            started = time.monotonic()
            worker.start(app)
            try:
                for document in documents:
                    _watch(document, lambda d: d.status == "done", timeout=60)
                took = time.monotonic() - started
            finally:
                worker.stop()
    finally:
        redis.close()
    record_property(f"redis_restart_{'aof' if appendonly else 'noaof'}_all_done_s", round(took, 1))
    assert [d.requeues for d in documents] == ([0, 0] if appendonly else [1, 1])


@pytest.fixture(scope="module")
def private_postgres():
    server = PrivatePostgres().start()
    yield server
    server.close()


@pytest.fixture
def private_database(transactional_db, private_postgres):
    """The pytest database copied into the private server; this process and the worker both use the copy."""
    name = "faults_pg_down"
    private_postgres.copy_database(_pytest_database_url(), name)
    saved = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict.update(NAME=name, HOST="127.0.0.1", PORT=str(private_postgres.port), USER="postgres")
    try:
        yield private_postgres, private_postgres.url(name)
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)


def test_postgres_down_longer_than_the_retries_the_job_still_ends(
    private_database, redis_broker, tmp_path, record_property
):
    server, database_url = private_database
    redis, app = redis_broker
    factories.OrganisationFactory()
    curator = factories.UserFactory(roles=["curator"], username="curator")
    for _ in range(4):
        factories.StudentFactory(grade="7А")
    worker = Worker(tmp_path, "pg-down", database_url=database_url, redis_url=redis.url, part_delay=0.5, beat=True)
    worker.start(app)
    try:
        document = _request(curator)
        _watch(document, lambda d: d.status == "running" and d.progress_done >= 1)
        connection.close()
        server.crash()
        time.sleep(6)  # longer than the task's retries (0.5 + 1 + 2 s) and the failure path's (0 + 0.5 + 1 s)
        server.start()
        back = time.monotonic()
        _watch(document, lambda d: d.status in ("done", "failed"), timeout=60)
        took = time.monotonic() - back
    finally:
        worker.stop()
    record_property("postgres_down_6s_job_ended_after_return_s", round(took, 1))
    assert document.status == "done" or document.error, (document.status, document.error)
    assert took < 30
