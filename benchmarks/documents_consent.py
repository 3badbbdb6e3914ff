"""300 consent forms as one bulk job through a real Celery worker on Redis, with 1 and with 2 worker processes.

    REDIS_URL=redis://127.0.0.1:6379/4 .venv/bin/python benchmarks/documents_consent.py [--people 300] [--rounds 2]
    REDIS_URL=… .venv/bin/python benchmarks/documents_consent.py --kind annual_report [--people 2000] [--groups 300]

`--kind annual_report`: the end-of-year report of a generated school (tests.factories_monitoring.bulk_school) instead,
its chunks merged and their page numbers stamped; `--chunk-size` sets DOCUMENTS_CHUNK_SIZE for the workers.

The bulk job is split into chunk tasks (DOCUMENTS_CHUNK_SIZE forms each) that the pool's processes render side by
side, then merged (reports.services.chunks). Prints the cores this process may use and the load average (the 2×
needs two free cores), each round's times (1 and 2 processes alternating which goes first), and the median ratio.
Uses its own PostgreSQL database (mentoring_bench_h4_consent, created and dropped here; BENCH_DATABASE_URL to change
the server).
"""

import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/mentoring_bench_h4_consent")
os.environ["DATABASE_URL"] = BASE_URL
os.environ["MEDIA_ROOT"] = tempfile.mkdtemp(prefix="bench-consent-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
CELERY = [sys.executable, "-m", "celery"]  # a copied venv's bin/celery may point at another venv's Python


def _db(action: str):
    import psycopg

    admin_url = BASE_URL.rsplit("/", 1)[0] + "/postgres"
    db_name = BASE_URL.rsplit("/", 1)[1]
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')
        if action == "create":
            conn.execute(f'CREATE DATABASE "{db_name}"')


def start_worker(concurrency: int):
    from config.celery import app

    name = f"bench{concurrency}@bench"
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    # The test settings run tasks eagerly unless told otherwise: inside the worker, a task sent by a task (the
    # chunks) must go through the broker to the pool, not run inline in its sender.
    env["CELERY_TASK_ALWAYS_EAGER"] = "false"
    process = subprocess.Popen(
        [
            *CELERY,
            "-A",
            "config",
            "worker",
            "--pool=prefork",
            f"--concurrency={concurrency}",
            "--loglevel=WARNING",
            "--without-gossip",
            "--without-mingle",
            "-n",
            name,
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if app.control.ping(destination=[name], timeout=0.5):
            return process
    process.kill()
    raise SystemExit("the worker did not start")


def stop_worker(process):
    process.send_signal(signal.SIGTERM)
    process.wait(60)


def wait_done(ids, timeout=1800) -> float:
    from reports.models import GeneratedDocument

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        left = GeneratedDocument.objects.filter(pk__in=ids).exclude(status__in=["done", "failed"]).count()
        if not left:
            failed = GeneratedDocument.objects.filter(pk__in=ids, status="failed").count()
            assert not failed, f"{failed} jobs failed"
            return time.monotonic()
        time.sleep(0.1)
    raise SystemExit("timed out")


def _prepare(args) -> tuple[dict, str]:
    """The data and the job's request: a class of pupils' consent forms, or a generated school's annual report."""
    from mentoring.models import AcademicYear
    from tests import factories

    if args.kind == "annual_report":
        from reports.monitoring.report import report_parts
        from tests.factories_monitoring import bulk_school

        year = AcademicYear.objects.get()
        bulk_school(year, people=args.people, groups=args.groups)
        what = f"the end-of-year report of {args.people} people, {args.groups} groups ({len(report_parts(year))} parts)"
        return {"kind": "annual_report", "params": {"year_id": year.pk}}, what
    for _ in range(args.people):
        factories.StudentFactory(grade="7А")
    return {"kind": "consent_forms", "params": {"grade": "7А"}}, f"{args.people} consent forms"


def _time_stamping(document) -> None:
    """The merge's extra work for the report, in-process: lay the page numbers over the finished PDF's pages."""
    import io

    from pypdf import PdfWriter

    from reports.documents import get_kind
    from reports.services.chunks import _stamp_page_numbers

    writer = PdfWriter()
    writer.append(io.BytesIO(document.file.read()))
    t0 = time.perf_counter()
    _stamp_page_numbers(writer, get_kind(document.kind).page_numbers_template)
    writer.write(io.BytesIO())
    took = time.perf_counter() - t0
    print(f"  stamping the numbers on {len(writer.pages)} pages (render, merge, write): {took:.2f} s")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--kind", choices=["consent_forms", "annual_report"], default="consent_forms")
    parser.add_argument("--groups", type=int, default=300, help="--kind annual_report: groups in the school")
    parser.add_argument("--chunk-size", type=int, help="DOCUMENTS_CHUNK_SIZE (parts per chunk) for the workers")
    args = parser.parse_args()
    if args.chunk_size:
        os.environ["DOCUMENTS_CHUNK_SIZE"] = str(args.chunk_size)  # read by the settings, here and in the workers
    if not os.environ.get("REDIS_URL"):
        raise SystemExit("Set REDIS_URL (e.g. redis://127.0.0.1:6379/4): this benchmark runs real workers.")
    _db("create")
    try:
        import django

        django.setup()
        from django.conf import settings
        from django.core.management import call_command
        from django.db import transaction

        from config.celery import app
        from reports.services import document_request
        from tests import factories

        app.conf.task_always_eager = False
        call_command("migrate", verbosity=0)
        app.control.purge()
        factories.OrganisationFactory()
        factories.AcademicYearFactory()
        curator = factories.UserFactory(roles=["curator"], username="curator")
        request, what = _prepare(args)
        cores = len(os.sched_getaffinity(0))
        print(
            f"{what} (one bulk job, chunks of {settings.DOCUMENTS_CHUNK_SIZE} parts), worker: prefork, "
            f"Redis broker; {cores} cores usable (os.cpu_count() {os.cpu_count()}), "
            f"load average before: {os.getloadavg()[0]:.2f}"
        )
        ratios = []
        for number in range(args.rounds):
            times = {}
            for concurrency in (1, 2) if number % 2 == 0 else (2, 1):
                worker = start_worker(concurrency)
                try:
                    t0 = time.monotonic()
                    with transaction.atomic():
                        bulk = document_request(requested_by=curator, **request)
                    times[concurrency] = wait_done([bulk.pk]) - t0
                finally:
                    stop_worker(worker)
                bulk.refresh_from_db()
                assert bulk.progress_done == bulk.progress_total and bulk.size > 0
            ratios.append(times[1] / times[2])
            print(
                f"  round {number + 1}: 1 process {times[1]:.1f} s, 2 processes {times[2]:.1f} s "
                f"({bulk.size / 1024:.0f} KB): {ratios[-1]:.2f}× (load average now {os.getloadavg()[0]:.2f})"
            )
        print(f"  2 worker processes against 1, median of {args.rounds} rounds: {statistics.median(ratios):.2f}×")
        if args.kind == "annual_report":
            _time_stamping(bulk)
    finally:
        from django.db import connections

        connections.close_all()
        _db("drop")


if __name__ == "__main__":
    main()
