"""Benchmark: «Подобрать всем» from the click to the draft page, 500 waiting mentees × 150 mentors (issue 17 goal 5).

    .venv/bin/python benchmarks/pairing_pool.py [--mentees 500] [--mentors 150] [--runs 5]

Builds the banks in its own PostgreSQL database (mentoring_bench_pool; BENCH_DATABASE_URL to change; created and
dropped here) and, through Django's test client in this process, times the POST of «Подобрать всем» followed by the
GET of the draft page it redirects to (what the curator waits for), then the draft page with the on-demand
baseline comparison. Prints the medians, the draft page's size and the load average (the machine is shared).
"""

import argparse
import datetime
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/mentoring_bench_pool")
os.environ["DATABASE_URL"] = DB_URL
os.environ.pop("REDIS_URL", None)
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"


def _admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(DB_URL.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute(sql)


def _build(n_mentees: int, n_mentors: int):
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from mentoring.choices import Category, Direction, MentorStatus
    from mentoring.models import Consent, MenteeProfile, MentorProfile, Person
    from tests import factories

    rng = random.Random(17)
    year = factories.AcademicYearFactory()
    subjects = ["математика", "физика", "история", "химия", "биология", "русский язык"]
    people = Person.objects.bulk_create(
        [
            Person(
                last_name=f"Фамилия{i:04d}",
                first_name="Анна",
                category=Category.TEACHER if i < n_mentors else Category.YOUNG_SPECIALIST,
                subject=rng.choice(subjects),
                career_start_year=2000 if i < n_mentors else 2025,
            )
            for i in range(n_mentors + n_mentees)
        ]
    )
    template = factories.ConsentFactory.build(person=people[0])
    Consent.objects.bulk_create(
        [Consent(person=p, purpose=template.purpose, data_list=template.data_list, valid_from=template.valid_from)
         for p in people]
    )  # fmt: skip
    directions = list(Direction.values)
    MentorProfile.objects.bulk_create(
        [
            MentorProfile(person=p, year=year, directions=rng.sample(directions, 2), capacity=rng.randint(1, 4),
                          status=MentorStatus.APPROVED, approved_on=year.start_date)
            for p in people[:n_mentors]
        ]
    )  # fmt: skip
    MenteeProfile.objects.bulk_create(
        [
            MenteeProfile(person=p, year=year, requests=rng.sample(directions, 2),
                          entered_on=year.start_date + datetime.timedelta(days=rng.randint(0, 30)))
            for p in people[n_mentors:]
        ]
    )  # fmt: skip
    return factories.UserFactory(username="bench-curator", roles=["curator"])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mentees", type=int, default=500)
    parser.add_argument("--mentors", type=int, default=150)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    name = DB_URL.rsplit("/", 1)[-1]
    _admin(f'DROP DATABASE IF EXISTS "{name}"')
    _admin(f'CREATE DATABASE "{name}"')
    try:
        import django

        django.setup()
        from django.conf import settings
        from django.test import Client
        from django.test.utils import setup_test_environment

        setup_test_environment()
        settings.ALLOWED_HOSTS = ["testserver"]
        curator = _build(args.mentees, args.mentors)
        client = Client()
        client.force_login(curator)
        print(f"{args.mentees} mentees × {args.mentors} mentors; load average {os.getloadavg()}, "
              f"cores {os.cpu_count()}")  # fmt: skip
        clicks, baselines, size = [], [], 0
        client.post("/mentoring/pairing/pool/propose/", follow=True)  # warm-up
        if os.environ.get("BENCH_PROFILE"):
            import cProfile

            cProfile.runctx('client.post("/mentoring/pairing/pool/propose/", follow=True)', globals(), locals(),
                            sort="cumulative")  # fmt: skip
        for _ in range(args.runs):
            start = time.perf_counter()
            response = client.post("/mentoring/pairing/pool/propose/", follow=True)
            clicks.append(time.perf_counter() - start)
            size = len(response.content)
            assert response.status_code == 200 and 'id="pool-lines"' in response.content.decode()
            start = time.perf_counter()
            client.get("/mentoring/pairing/pool/", {"baseline": "1"})
            baselines.append(time.perf_counter() - start)
        print(
            f"click → draft page (POST + redirect + GET), median {statistics.median(clicks) * 1000:.0f} ms "
            f"(min {min(clicks) * 1000:.0f}, max {max(clicks) * 1000:.0f}); draft page {size / 1024:.0f} KiB"
        )
        print(f"draft page with the baseline comparison (on demand), "
              f"median {statistics.median(baselines) * 1000:.0f} ms")  # fmt: skip
        print(f"load average after {os.getloadavg()}")
    finally:
        from django.db import connections

        connections.close_all()
        _admin(f'DROP DATABASE IF EXISTS "{name}"')


if __name__ == "__main__":
    main()
