"""End-of-year report for a generated school of 2,000 people and 300 groups: time and peak memory.

    .venv/bin/python benchmarks/annual_report.py [--people 2000] [--groups 300] [--keep]

Creates its own PostgreSQL database (mentoring_bench_h8 by default; BENCH_DATABASE_URL to change), migrates it,
generates the school with tests.factories_monitoring.bulk_school, then measures: the indicators, the charts, the
XLSX and JSON exports, each part of the report (context + HTML + layout) and the whole job through the document
engine (`document_request` → `document_render`, the Celery task's body, run in-process). Drops the database
afterwards unless --keep.
"""

import argparse
import os
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/mentoring_bench_h8"


def _db_admin(url: str, sql: str) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(sql.format(name=name))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--groups", type=int, default=300)
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    parser.add_argument(
        "--tracemalloc", action="store_true", help="also render the job again under tracemalloc (2–4× slower)"
    )
    args = parser.parse_args()

    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    os.environ["DATABASE_URL"] = url
    os.environ.pop("REDIS_URL", None)  # in-process jobs: the same code path as the worker
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    _db_admin(url, 'DROP DATABASE IF EXISTS "{name}"')
    _db_admin(url, 'CREATE DATABASE "{name}"')
    try:
        run(args)
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            _db_admin(url, 'DROP DATABASE IF EXISTS "{name}"')


def timed(label: str, func, *a, **kw):
    start = time.perf_counter()
    result = func(*a, **kw)
    print(f"  {label:<44} {time.perf_counter() - start:8.2f} s")
    return result


def run(args) -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, reset_queries

    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="bench-h8-")
    call_command("migrate", verbosity=0)

    from reports.monitoring import charts, exports, report
    from reports.monitoring import indicators as ind
    from reports.pdf import html_document, render_html
    from reports.services.documents import document_request
    from tests import factories
    from tests.factories_monitoring import bulk_school

    factories.OrganisationFactory()
    year = factories.AcademicYearFactory()
    director = factories.UserFactory(roles=["director"], username="bench-director")
    print(f"School: {args.people} people, {args.groups} groups requested")
    made = timed("generate the school (bulk inserts)", bulk_school, year, people=args.people, groups=args.groups)
    print(f"  made: {made}")

    scope = ind.make_scope(year)
    settings.DEBUG = True  # count queries
    reset_queries()
    data = timed("indicators of the year", ind.year_indicators, scope)
    print(f"  queries for all indicators: {len(connection.queries)}")
    settings.DEBUG = False
    timed("seven SVG charts", charts.all_charts, data)
    xlsx = timed("XLSX export (indicators + both banks)", exports.indicators_xlsx, scope, data)
    payload = timed("JSON export", lambda: exports.dumps(exports.indicators_json(scope, data)))
    print(f"  XLSX {len(xlsx) / 1024:.0f} KiB, JSON {len(payload) / 1024:.0f} KiB")

    print("Report parts (context + HTML + layout):")
    parts = report.report_parts(year)
    for part in parts:
        if part.startswith("groups:") and part not in ("groups:0", "groups:10"):
            continue  # two group chunks are representative
        start = time.perf_counter()
        html_document(render_html("documents/annual_report.html", report.report_context(year, part)))
        print(f"  {part:<44} {time.perf_counter() - start:8.2f} s")

    print(f"Whole job through the document engine ({len(parts)} parts):")
    document = timed_job(document_request, director, year)
    from pypdf import PdfReader

    with document.file.open("rb") as handle:
        pages = len(PdfReader(handle).pages)
    print(
        f"  PDF: {pages} pages, {document.size / 1024:.0f} KiB, "
        f"progress {document.progress_done}/{document.progress_total}"
    )
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  peak resident set of the process (getrusage maxrss) {maxrss:8.1f} MiB")
    if args.tracemalloc:
        tracemalloc.start()
        timed_job(document_request, director, year)
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(f"  peak Python allocations of one job (tracemalloc)   {peak / 1024 / 1024:8.1f} MiB")


def timed_job(document_request, user, year):
    from reports.models import GeneratedDocument

    start = time.perf_counter()
    document = document_request(kind="annual_report", requested_by=user, params={"year_id": year.pk})
    print(f"  {'time of the job':<44} {time.perf_counter() - start:8.2f} s")
    document = GeneratedDocument.objects.get(pk=document.pk)
    assert document.status == GeneratedDocument.Status.DONE, document.error
    return document


if __name__ == "__main__":
    main()
