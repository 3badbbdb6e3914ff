"""One order end to end (request → task → file stored) beside WeasyPrint's raw render of the same HTML.

    .venv/bin/python benchmarks/documents_order.py [--runs 10] [--groups 25]

Tasks run in-process (eager), so the difference is the engine's own cost: the row, the context, the safe URL
fetcher, storage and checksum. Uses its own PostgreSQL database (mentoring_bench_h4, created and dropped here;
BENCH_DATABASE_URL to change the server).
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/mentoring_bench_h4")
os.environ["DATABASE_URL"] = BASE_URL
os.environ.pop("REDIS_URL", None)
os.environ["MEDIA_ROOT"] = tempfile.mkdtemp(prefix="bench-docs-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")


def _db(action: str):
    import psycopg

    admin_url = BASE_URL.rsplit("/", 1)[0] + "/postgres"
    db_name = BASE_URL.rsplit("/", 1)[1]
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')
        if action == "create":
            conn.execute(f'CREATE DATABASE "{db_name}"')


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--groups", type=int, default=25)
    args = parser.parse_args()
    _db("create")
    try:
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import transaction

        call_command("migrate", verbosity=0)
        from reports.pdf import html_document, html_to_pdf, render_html
        from reports.selectors import order_document_context
        from reports.services import document_request, order_create
        from tests import factories

        factories.OrganisationFactory()
        year = factories.AcademicYearFactory()
        curator = factories.UserFactory(roles=["curator"], username="curator")
        groups = [factories.GroupFactory(year=year) for _ in range(args.groups)]
        order = order_create(year=year, order_type="pairing", created_by=curator, groups=groups)

        engine, raw = [], []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            with transaction.atomic():
                document = document_request(kind="order", requested_by=curator, params={"target_id": order.pk})
            document.refresh_from_db()
            engine.append(time.perf_counter() - t0)
            assert document.status == "done" and document.size > 0, document.error

            html = render_html("documents/order.html", order_document_context(order))
            t0 = time.perf_counter()
            pdf = html_to_pdf(html)  # the same fetcher and shipped fonts as the engine
            raw.append(time.perf_counter() - t0)
            assert pdf.startswith(b"%PDF")
        pages = len(html_document(html).pages)
        e, r = statistics.median(engine) * 1000, statistics.median(raw) * 1000
        print(f"pairing order with {args.groups} groups ({pages} pages), median of {args.runs} runs:")
        print(f"  engine end to end (request → render → file stored): {e:.0f} ms")
        print(f"  WeasyPrint raw render of the same HTML:              {r:.0f} ms")
        print(f"  engine overhead: {e - r:.0f} ms ({e / r:.2f}×)")
    finally:
        from django.db import connections

        connections.close_all()
        _db("drop")


if __name__ == "__main__":
    main()
