"""What the audit trail costs: a 5,000-row import with and without the history triggers, and the person card
(which writes an access-log row) and the people list with and without the audit middleware and access log.

    .venv/bin/python benchmarks/audit_trail.py [--rows 5000] [--requests 200]

Ratios from interleaved runs in one process (medians). Uses its own PostgreSQL database
(mentoring_bench_audit, created and dropped here; BENCH_DATABASE_URL to change the server).
"""

import argparse
import datetime
import importlib.util
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["BENCH_DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/mentoring_bench_audit"
)
spec = importlib.util.spec_from_file_location("import_bench", ROOT / "benchmarks" / "import_xlsx.py")
bench = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench)  # sets DATABASE_URL and the settings module, and gives the files and helpers

REPEAT = 3


def import_with_and_without(content: bytes, target: str, year, label: str) -> None:
    import pgtrigger
    from django.db import transaction

    timings = {"with the trail": [], "without": []}
    for _ in range(REPEAT):
        for mode in timings:
            if mode == "without":
                pgtrigger.uninstall()
            try:
                with transaction.atomic():
                    _summary, elapsed, _queries = bench.timed(lambda: bench.api_import(content, target, year))
                    transaction.set_rollback(True)
            finally:
                if mode == "without":
                    pgtrigger.install()
            timings[mode].append(elapsed)
    with_trail, without = (statistics.median(timings[m]) for m in timings)
    print(f"{label}: {without:.2f} s without the trail, {with_trail:.2f} s with it = {with_trail / without:.2f}×")


def pages_with_and_without(requests: int) -> None:
    from django.test import Client
    from django.test.utils import override_settings

    from audit.receivers import on_personal_data_accessed
    from mentoring.models import Person, User
    from mentoring.signals import personal_data_accessed

    curator = User.objects.get(username="bench-curator")
    person = Person.objects.order_by("pk").first()
    pages = {"people list": "/mentoring/people/", "person card": f"/mentoring/people/{person.pk}/"}
    from django.conf import settings

    plain_middleware = [m for m in settings.MIDDLEWARE if m != "audit.context.AuditContextMiddleware"]
    for label, url in pages.items():
        rates = {"with": [], "without": []}
        for _ in range(REPEAT):
            for mode in rates:
                client = Client()
                client.force_login(curator)
                if mode == "without":
                    personal_data_accessed.disconnect(dispatch_uid="audit_access_log")
                    ctx = override_settings(MIDDLEWARE=plain_middleware)
                else:
                    ctx = override_settings()
                try:
                    with ctx:
                        assert client.get(url).status_code == 200
                        t0 = time.perf_counter()
                        for _ in range(requests):
                            client.get(url)
                        rates[mode].append(requests / (time.perf_counter() - t0))
                finally:
                    personal_data_accessed.connect(on_personal_data_accessed, dispatch_uid="audit_access_log")
        with_log, without = statistics.median(rates["with"]), statistics.median(rates["without"])
        print(
            f"{label}: {without:.0f} req/s without the audit, {with_log:.0f} req/s with it = {with_log / without:.2f}"
        )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()

    import django
    import psycopg

    url = os.environ["DATABASE_URL"]
    admin_url, db_name = url.rsplit("/", 1)[0] + "/postgres", url.rsplit("/", 1)[1]
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{db_name}"')
        conn.execute(f'CREATE DATABASE "{db_name}"')
    try:
        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)  # installs the history triggers at the end
        from django.utils import translation

        translation.activate("ru")
        from mentoring.models import AcademicYear

        today = datetime.date.today()
        start = today.year if today.month >= 9 else today.year - 1
        year = AcademicYear.objects.create(
            title=f"{start}/{start + 1}",
            start_date=datetime.date(start, 9, 1),
            end_date=datetime.date(start + 1, 8, 31),
            is_current=True,
        )
        n = args.rows
        print(f"{n} rows; medians of {REPEAT} interleaved runs; {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}")
        import_with_and_without(bench.people_xlsx(n), "people", year, "people import")
        # the bank import needs the people and their consents first (kept: they are the school the pages show)
        bench.api_import(bench.people_xlsx(n), "people", year)
        bench.record_consents()
        import_with_and_without(bench.mentee_bank_xlsx(n), "mentees", year, "mentee-bank import")

        from tests import factories

        factories.UserFactory(roles=["curator"], username="bench-curator")
        pages_with_and_without(args.requests)
    finally:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
