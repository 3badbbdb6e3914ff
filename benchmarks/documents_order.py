"""One order end to end (request → task → file stored) beside WeasyPrint's raw render of the same HTML.

    .venv/bin/python benchmarks/documents_order.py [--runs 40] [--warmup 3] [--groups 25] [--depths 0:160:8]

Tasks run in-process (eager), so the difference is the engine's own cost: the row, the context, the safe URL
fetcher, storage and checksum. Uses its own PostgreSQL database (mentoring_bench_h4, created and dropped here;
BENCH_DATABASE_URL to change the server).

A stable measure, whatever else the machine does: a few warm-up pairs first (imports, fonts, template cache, the
database's plans), then interleaved pairs whose order alternates (engine first, then raw first), each timed with
the garbage collector collected before and disabled during — the same on both sides — and the median of the
per-pair ratios printed, so a burst of load hits one pair, not one side.

Depth neutral: on CPython 3.11 the same render costs up to a third more CPU at some call depths than at others —
a hot loop that crosses a boundary of the interpreter's frame stack allocates and frees a chunk on every crossing
(python/cpython#142183, fixed in 3.13 only). Measured here with the raw render alone: 272–387 ms CPU from 0 to 152
extra frames, a spread wider than the engine's whole cost. Which depth the engine happens to sit at is luck (the
worker calls it at another depth than this benchmark's eager task), so each pair runs both sides under the same
number of extra frames, stepping through `--depths` (start:stop:step; 160 frames span more than one chunk), and the
ratio of the sides' means over all the depths is printed beside the median of the per-pair ratios.
"""

import argparse
import gc
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


def _deeper(depth: int, run):
    """`run()` called `depth` Python frames deeper than here (see «Depth neutral» above)."""
    return run() if depth <= 0 else _deeper(depth - 1, run)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--groups", type=int, default=25)
    parser.add_argument("--depths", default="0:160:8", help="extra call depths, start:stop:step")
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

        def engine_run():
            with transaction.atomic():
                document = document_request(kind="order", requested_by=curator, params={"target_id": order.pk})
            document.refresh_from_db()
            assert document.status == "done" and document.size > 0, document.error

        html = render_html("documents/order.html", order_document_context(order))

        def raw_run():
            assert html_to_pdf(html).startswith(b"%PDF")  # the same fetcher and shipped fonts as the engine

        def timed(run, depth: int = 0) -> tuple[float, float]:
            """Wall-clock and this process's CPU time of one run, called `depth` frames deeper."""
            gc.collect()
            gc.disable()
            try:
                t0, c0 = time.perf_counter(), time.process_time()
                _deeper(depth, run)
                return time.perf_counter() - t0, time.process_time() - c0
            finally:
                gc.enable()

        start, stop, step = (int(x) for x in args.depths.split(":"))
        depths = list(range(start, stop, step)) or [0]

        for _ in range(args.warmup):
            engine_run()
            raw_run()
        engine, raw, ratios, cpu_ratios, engine_cpu, raw_cpu = [], [], [], [], [], []
        for number in range(args.runs):
            depth = depths[number % len(depths)]
            if number % 2:
                r, e = timed(raw_run, depth), timed(engine_run, depth)
            else:
                e, r = timed(engine_run, depth), timed(raw_run, depth)
            engine.append(e[0])
            raw.append(r[0])
            engine_cpu.append(e[1])
            raw_cpu.append(r[1])
            ratios.append(e[0] / r[0])
            cpu_ratios.append(e[1] / r[1])
        pages = len(html_document(html).pages)
        e, r = statistics.median(engine) * 1000, statistics.median(raw) * 1000
        ratios.sort()
        print(
            f"pairing order with {args.groups} groups ({pages} pages); {args.warmup} warm-up pairs, "
            f"{args.runs} interleaved pairs at {len(depths)} call depths ({args.depths}), GC collected before and off "
            "during each timing; "
            f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores:"
        )
        print(f"  engine end to end (request → render → file stored): median {e:.0f} ms")
        print(f"  WeasyPrint raw render of the same HTML:              median {r:.0f} ms")
        print(f"  ratio per pair: min {ratios[0]:.2f}×, max {ratios[-1]:.2f}×")
        print(f"  median ratio engine / raw: {statistics.median(ratios):.2f}×")
        print(f"  ratio of the means over the depths: {statistics.mean(engine) / statistics.mean(raw):.2f}×")
        # The CPU time of this process leaves out the database server's share, and most of the other helpers' load.
        print(
            f"  (cross-check, this process's CPU time: median ratio {statistics.median(cpu_ratios):.2f}×, "
            f"ratio of the means {statistics.mean(engine_cpu) / statistics.mean(raw_cpu):.2f}×)"
        )
    finally:
        from django.db import connections

        connections.close_all()
        _db("drop")


if __name__ == "__main__":
    main()
