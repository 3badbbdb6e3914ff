"""Benchmark: the roadmap timeline, reminder digests, XLSX export and the roadmap PDF at 30, 200 and 1000 items.

    .venv/bin/python benchmarks/roadmap_timeline.py

Uses its own PostgreSQL database (mentoring_bench_h7 by default, BENCH_DATABASE_URL to change), created and
dropped by the script. Prints milliseconds (median of several runs) and query counts.
"""

import datetime
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
DB_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/mentoring_bench_h7")
os.environ["DATABASE_URL"] = DB_URL
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
os.environ.pop("REDIS_URL", None)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, connections  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


def timed(fn, runs=5):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _admin(sql: str) -> None:
    """Run CREATE/DROP DATABASE from the maintenance database."""
    import psycopg

    settings_db = connections["default"].settings_dict
    with psycopg.connect(
        dbname="postgres",
        user=settings_db["USER"],
        host=settings_db["HOST"],
        port=settings_db["PORT"] or 5432,
        password=settings_db["PASSWORD"] or None,
        autocommit=True,
    ) as conn:
        conn.execute(sql)


def main():
    name = connections["default"].settings_dict["NAME"]
    _admin(f'DROP DATABASE IF EXISTS "{name}"')
    _admin(f'CREATE DATABASE "{name}"')
    try:
        call_command("migrate", verbosity=0)
        run()
    finally:
        connections.close_all()
        _admin(f'DROP DATABASE IF EXISTS "{name}"')


def run():
    from django.contrib.auth.models import Group
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections
    from django.template.loader import render_to_string
    from django.test import Client
    from django.utils import translation

    from mentoring.choices import Role
    from mentoring.models import AcademicYear, Organisation, User
    from roadmap.export import roadmap_xlsx
    from roadmap.models import RoadmapItem, RoadmapStage
    from roadmap.selectors import reminder_digests, roadmap_document_context, roadmap_timeline
    from roadmap.services import roadmap_create_from_template

    # As in Django's TestCase: keep one connection across requests, so the query log covers the page.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    for role in Role.values:
        Group.objects.get_or_create(name=role)
    Organisation.objects.create(
        full_name="МБОУ «Средняя школа № 1»",
        short_name="МБОУ СШ № 1",
        address="г. Киров",
        city="г. Киров",
        director_name="А. А. Директорова",
    )
    curator = User.objects.create_user("curator", "curator@example.org", "secret-pass-123")
    curator.groups.add(Group.objects.get(name="curator"))
    today = datetime.date.today()
    start = today.year if today.month >= 8 else today.year - 1
    print(
        f"{'items':>6} {'timeline ms':>12} {'page ms':>8} {'page q':>7} {'digest ms':>10} {'xlsx ms':>8} {'pdf ms':>8}"
    )
    for n in (31, 200, 1000):
        AcademicYear.objects.update(is_current=False)
        year = AcademicYear.objects.create(
            title=f"{start}/{start + 1}-{n}",
            start_date=datetime.date(start, 9, 1),
            end_date=datetime.date(start + 1, 5, 31),
            is_current=True,
        )
        roadmap_create_from_template(year=year)
        stages = list(RoadmapStage.objects.filter(year=year))
        extra = n - RoadmapItem.objects.filter(stage__year=year).count()
        RoadmapItem.objects.bulk_create(
            RoadmapItem(
                stage=stages[i % len(stages)],
                position=100 + i,
                title=f"Мероприятие {i}",
                period_end=year.start_date + datetime.timedelta(days=(i * 7) % 270),
                responsible_role="curator",
            )
            for i in range(max(0, extra))
        )
        client = Client()
        client.force_login(curator)
        t_timeline = timed(lambda y=year: roadmap_timeline(y))
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/roadmap/?year={year.pk}")
        assert response.status_code == 200, response.status_code
        page_queries = len(queries)  # now: the next request resets the connection's query log
        t_page = timed(lambda y=year, c=client: c.get(f"/roadmap/?year={y.pk}"))
        t_digest = timed(reminder_digests)
        t_xlsx = timed(lambda y=year: roadmap_xlsx(y), runs=3)

        def pdf(y=year):
            from reports.pdf import html_to_pdf

            with translation.override("ru"):
                html = render_to_string("documents/roadmap.html", roadmap_document_context(y))
            return html_to_pdf(html)

        t_pdf = timed(pdf, runs=1 if n >= 1000 else 3)
        figures = f"{t_timeline:>12.1f} {t_page:>8.1f} {page_queries:>7} {t_digest:>10.1f} {t_xlsx:>8.1f} {t_pdf:>8.1f}"
        print(f"{n:>6} {figures}")


if __name__ == "__main__":
    main()
