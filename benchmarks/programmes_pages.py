"""The mentor's and curator's programme reads and the daily jobs, at growing sizes.

    .venv/bin/python benchmarks/programmes_pages.py [--groups 300] [--activities 40] [--meetings 40] [--runs 5]

Prints, per size: queries and milliseconds of the mentor's overview, the programme page context, the curator's
inactive-groups and overdue-forms panels, and the beat jobs (feedback sync, inactivity reminders: first and
repeated run). Uses its own PostgreSQL database (mentoring_bench_h6, created and dropped here; BENCH_DATABASE_URL
to change the server).
"""

import argparse
import datetime
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/mentoring_bench_h6")
os.environ["DATABASE_URL"] = BASE_URL
os.environ.pop("REDIS_URL", None)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")


def _db(action: str):
    import psycopg

    admin_url = BASE_URL.rsplit("/", 1)[0] + "/postgres"
    db_name = BASE_URL.rsplit("/", 1)[1]
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')
        if action == "create":
            conn.execute(f'CREATE DATABASE "{db_name}"')


def measure(label, fn, runs):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            fn()
            times.append((time.perf_counter() - start) * 1000)
    print(f"  {label:<38} {len(ctx.captured_queries):>5} queries  {statistics.median(times):8.1f} ms")


def build(groups, activities, meetings):
    from mentoring.models import GroupMembership
    from programmes.models import FeedbackRequest, Meeting, ProgrammeActivity
    from programmes.services import _meeting_feedback_create
    from tests import factories
    from tests.factories_programmes import ActiveGroupFactory, ProgrammeFactory

    year = factories.AcademicYearFactory()
    first = ActiveGroupFactory(year=year)
    mentor = first.memberships.get(role="mentor").person
    built = [first]
    for n in range(groups - 1):
        group = ActiveGroupFactory(year=year)
        if n < 9:  # the benchmark mentor leads ten groups
            GroupMembership.objects.filter(group=group, role="mentor").update(person=mentor)
        built.append(group)
    today = datetime.date.today()
    for i, group in enumerate(built):
        programme = ProgrammeFactory(group=group)
        ProgrammeActivity.objects.bulk_create(
            [
                ProgrammeActivity(
                    programme=programme,
                    direction="methodical",
                    title=f"Мероприятие {k}",
                    due_date=programme.start_date,
                    status="done" if k % 3 == 0 else "planned",
                    done_on=programme.start_date if k % 3 == 0 else None,
                )
                for k in range(activities)
            ]
        )
        silent = i % 7 == 0
        rows = Meeting.objects.bulk_create(
            [
                Meeting(
                    group=group,
                    kind="joint_work",
                    format="in_person",
                    date=today - datetime.timedelta(days=(60 if silent else 0) + 3 * k),
                )
                for k in range(meetings)
            ]
        )
        for meeting in rows[:3]:
            _meeting_feedback_create(meeting)
    return year, mentor, built[0].programme, FeedbackRequest.objects.count()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--groups", type=int, default=300)
    parser.add_argument("--activities", type=int, default=40)
    parser.add_argument("--meetings", type=int, default=40)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    _db("create")
    try:
        import django

        django.setup()
        from django.core import mail
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        from programmes import selectors, services

        mail.outbox = []
        started = time.perf_counter()
        year, mentor, programme, forms = build(args.groups, args.activities, args.meetings)
        print(
            f"built {args.groups} groups × {args.activities} activities × {args.meetings} meetings, "
            f"{forms} forms in {time.perf_counter() - started:.1f} s"
        )
        measure("mentor overview (10 groups)", lambda: selectors.member_overview(mentor), args.runs)
        measure("programme page context", lambda: selectors.programme_page(programme), args.runs)
        measure("inactive groups panel", lambda: list(selectors.inactive_groups(year=year)[:11]), args.runs)
        measure("overdue forms panel", lambda: list(selectors.overdue_feedback(year=year)[:11]), args.runs)
        measure("feedback counts", lambda: selectors.feedback_counts(year=year), args.runs)
        measure("satisfaction aggregates", lambda: selectors.satisfaction_aggregates(year), args.runs)
        measure("feedback sync (daily job)", services.feedback_requests_sync, 1)
        measure("inactivity reminders, first run", services.inactivity_reminders_send, 1)
        sent = len(mail.outbox)
        measure("inactivity reminders, repeated run", services.inactivity_reminders_send, 1)
        print(f"  reminder emails: first run {sent}, after the repeated run {len(mail.outbox)}")
    finally:
        from django.db import connections

        connections.close_all()
        _db("drop")


if __name__ == "__main__":
    main()
