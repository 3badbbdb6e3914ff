"""Benchmark: the staff pages of a school of 2,000 people against a floor page, under gunicorn (issue 17 goal 1).

    .venv/bin/python benchmarks/pages.py [--people 2000] [--groups 800] [--seconds 4] [--rounds 2] [--only NAME ...]
        [--keep]   (keep the built database afterwards and reuse it on the next run with --keep)

Builds the big school (tests/factories_monitoring.bulk_school: 2,000 people, ~785 approved groups with meetings,
feedback and answers; plus a mentor bank and a mentee bank; then ANALYZE) in its own PostgreSQL database
(mentoring_bench_pages; BENCH_DATABASE_URL to change; created and dropped here), serves it with gunicorn under the
production settings (HTTPS redirects off: loopback), 2 sync workers, Redis as the cache (BENCH_REDIS_URL), and
drives it from a second process with 8 threads. The floor page is a logged-in page that renders the base template
with the navigation and nothing else (a URL of the benchmark's own URLconf). Floor and page runs are interleaved
(floor, page, floor, page…); each page's ratio is its req/s over the mean of the floor runs next to it. The public
home is measured uncached (its view without the page cache) through a benchmark-only URL.
Prints the load average (the machine is shared) and, per page: req/s, ratio to the floor, p50 and p95, KiB.
"""

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
import urllib.request
from multiprocessing import Process, Queue
from pathlib import Path

ROOT = Path(os.environ.get("BENCH_ROOT", Path(__file__).resolve().parent.parent))
DB_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/mentoring_bench_pages")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/10")
MAX_REQUESTS = 50_000

SETTINGS = """
import os
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-0123456789abcdef0123456789abcdef-xyz")
os.environ["SECURE_SSL_REDIRECT"] = "false"
from config.settings.production import *  # noqa
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
ROOT_URLCONF = "bench_urls"
AXES_ENABLED = False
LOGGING = {"version": 1, "disable_existing_loggers": True}
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
CELERY_TASK_ALWAYS_EAGER = True
"""
URLS = """
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import include, path

from reports.public import views as public_views


@login_required
def floor(request):
    return render(request, "base.html", {})


def public_uncached(request):
    view = public_views.home
    return getattr(view, "__wrapped__", view)(request)


urlpatterns = [
    path("bench/floor/", floor),
    path("bench/public-uncached/", public_uncached),
    path("", include("config.urls")),
]
"""

PAGES = [
    ("monitoring dashboard", "/monitoring/", "curator"),
    ("curator home", "/home/curator/", "curator"),
    ("pairing board", "/mentoring/pairing/", "curator"),
    ("mentee bank", "/mentoring/banks/mentees/", "curator"),
    ("mentor bank", "/mentoring/banks/mentors/", "curator"),
    ("people list", "/mentoring/people/", "curator"),
    ("groups list", "/mentoring/groups/", "curator"),
    ("mentor home", "/home/mentor/", "mentor"),
    ("public home, uncached", "/bench/public-uncached/", None),
]


def _admin(sql: str) -> None:
    import psycopg

    base = DB_URL.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(sql)


def _sessions() -> dict[str, str]:
    from django.contrib.auth import get_user_model
    from django.test import Client

    cookies = {}
    for key in ("curator", "mentor"):
        client = Client()
        client.force_login(get_user_model().objects.get(username=f"bench-{key}"))
        cookies[key] = client.cookies["sessionid"].value
    return cookies


def _built() -> bool:
    """Whether a kept database of an earlier --keep run is there, migrated and filled."""
    import psycopg

    try:
        with psycopg.connect(DB_URL, autocommit=True) as conn:
            return bool(conn.execute("SELECT 1 FROM mentoring_user WHERE username = 'bench-mentor'").fetchone())
    except psycopg.Error:
        return False


def _build(people: int, groups: int) -> dict[str, str]:
    """The school, its banks and two logged-in users; returns {user: session cookie}."""
    import datetime

    from django.core.management import call_command

    name = DB_URL.rsplit("/", 1)[-1]
    _admin(f'DROP DATABASE IF EXISTS "{name}"')
    _admin(f'CREATE DATABASE "{name}"')
    call_command("migrate", verbosity=0)
    from mentoring.choices import Category, Direction, MentorStatus
    from mentoring.models import GroupMembership, MentorProfile, Person
    from tests import factories
    from tests.factories_monitoring import bulk_school

    factories.OrganisationFactory()
    year = factories.AcademicYearFactory()
    made = bulk_school(year, people=people, groups=groups)
    teachers = Person.objects.filter(category=Category.TEACHER)
    MentorProfile.objects.bulk_create(
        [
            MentorProfile(
                person=p,
                year=year,
                directions=[Direction.values[i % len(Direction.values)]],
                capacity=2,
                status=MentorStatus.APPROVED,
                approved_on=year.start_date + datetime.timedelta(days=3),
            )
            for i, p in enumerate(teachers)
        ]
    )
    factories.UserFactory(username="bench-curator", roles=["curator"])
    mentor_person = GroupMembership.objects.filter(role="mentor").order_by("pk").first().person
    factories.UserFactory(username="bench-mentor", roles=["mentor"], person=mentor_person)
    print(f"school: {made}; mentor bank {teachers.count()}")
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # planner statistics, as a school's database has them (bulk inserts leave none)
    return _sessions()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start_gunicorn(tmp: str, workers: int) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench_settings", "DATABASE_URL": DB_URL, "REDIS_URL": REDIS_URL,
           "PYTHONPATH": f"{tmp}:{ROOT}"}  # fmt: skip
    proc = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi:application", "-b", f"127.0.0.1:{port}", "-w", str(workers),
         "--timeout", "120", "--log-level", "warning", "--chdir", str(ROOT)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            urllib.request.urlopen(f"{base}/bench/public-uncached/", timeout=5).read()  # noqa: S310
            return proc, base
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError(f"gunicorn did not start: {proc.stderr.read().decode()[-2000:]}")


# What a browser sends after its first page: the session and the CSRF cookie (a valid 32-character secret).
CSRF_COOKIE = "benchcsrfsecret0123456789abcdefg"


def _get(url: str, cookie: str | None) -> bytes:
    headers = {"Cookie": f"sessionid={cookie}; csrftoken={CSRF_COOKIE}"} if cookie else {}
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request, timeout=60) as r:  # noqa: S310 — loopback only
        if r.status != 200 or r.url != url:
            raise OSError(f"{url}: {r.status} {r.url}")
        return r.read()


def _cache_state(url: str, cookie: str | None) -> str:
    """The page cache's answer for a second request of the page (hit, miss, off; "-" for pages without it)."""
    headers = {"Cookie": f"sessionid={cookie}; csrftoken={CSRF_COOKIE}"} if cookie else {}
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=60) as r:  # noqa: S310
        return r.headers.get("X-Page-Cache", "-")


def _load(url: str, cookie, seconds: float, threads: int, out: Queue) -> None:
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def worker():
        while time.perf_counter() < deadline:
            start = time.perf_counter()
            try:
                _get(url, cookie)
                ok = True
            except OSError:
                ok = False
            with lock:
                if ok:
                    latencies.append(time.perf_counter() - start)
                else:
                    errors[0] += 1
                if len(latencies) + errors[0] >= MAX_REQUESTS:
                    return

    started = time.perf_counter()
    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    out.put((latencies, errors[0], time.perf_counter() - started))


def _measure(url: str, cookie, seconds: float, threads: int) -> dict:
    out: Queue = Queue()
    proc = Process(target=_load, args=(url, cookie, seconds, threads, out))
    proc.start()
    latencies, errors, elapsed = out.get(timeout=seconds + 120)
    proc.join()
    latencies.sort()
    p95 = latencies[min(len(latencies) - 1, int(0.95 * len(latencies)))] * 1000 if latencies else 0
    p50 = statistics.median(latencies) * 1000 if latencies else 0
    return {"rps": len(latencies) / elapsed, "p50": p50, "p95": p95, "errors": errors}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--groups", type=int, default=800)
    parser.add_argument("--seconds", type=float, default=4.0)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--only", nargs="*", help="substrings of the page names to measure")
    parser.add_argument("--keep", action="store_true", help="keep the database; reuse a kept one")
    parser.add_argument("--cold", action="store_true", help="staff pages without the page cache (PAGE_CACHE_SECONDS=0)")
    args = parser.parse_args()
    pages = [p for p in PAGES if not args.only or any(s in p[0] for s in args.only)]

    with tempfile.TemporaryDirectory(prefix="bench_pages_") as tmp:
        Path(tmp, "bench_settings.py").write_text(textwrap.dedent(SETTINGS))
        Path(tmp, "bench_urls.py").write_text(textwrap.dedent(URLS))
        sys.path[:0] = [tmp, str(ROOT)]
        os.environ.update(DATABASE_URL=DB_URL, REDIS_URL=REDIS_URL, DJANGO_SETTINGS_MODULE="bench_settings")
        os.environ["PAGE_CACHE_SECONDS"] = "0" if args.cold else "300"
        os.environ.setdefault("MEDIA_ROOT", tmp)
        import django

        django.setup()
        import redis

        redis.Redis.from_url(REDIS_URL).flushdb()  # this benchmark's own Redis database
        t0 = time.perf_counter()
        cookies = _sessions() if args.keep and _built() else _build(args.people, args.groups)
        print(f"built in {time.perf_counter() - t0:.0f} s; load average before: {os.getloadavg()}; cores: "
              f"{os.cpu_count()}")  # fmt: skip
        from django.db import connections

        connections.close_all()
        server, base = _start_gunicorn(tmp, args.workers)
        floor_url = base + "/bench/floor/"
        try:
            sizes = {}
            states = {}
            for label, path, who in pages:  # warm-up: every page once (fills per-version caches, as in use)
                sizes[label] = len(_get(base + path, cookies.get(who)))
                states[label] = _cache_state(base + path, cookies.get(who))
            _get(floor_url, cookies["curator"])
            print(f"gunicorn sync workers: {args.workers}; {args.threads} client threads; {args.seconds:.0f} s a run, "
                  f"{args.rounds} rounds, floor and page interleaved")  # fmt: skip
            heads = ("req/s", "floor", "ratio", "p50 ms", "p95 ms", "KiB", "err", "cache")
            print(f"{'page':<24} " + " ".join(f"{h:>7}" for h in heads))
            for label, path, who in pages:
                floors, runs = [], []
                for _round in range(args.rounds):
                    floors.append(_measure(floor_url, cookies["curator"], args.seconds, args.threads))
                    runs.append(_measure(base + path, cookies.get(who), args.seconds, args.threads))
                floors.append(_measure(floor_url, cookies["curator"], args.seconds, args.threads))
                floor = statistics.mean(f["rps"] for f in floors)
                rps = statistics.mean(r["rps"] for r in runs)
                p50 = statistics.median(r["p50"] for r in runs)
                p95 = max(r["p95"] for r in runs)
                errors = sum(r["errors"] for r in runs)
                print(f"{label:<24} {rps:>7.1f} {floor:>7.1f} {100 * rps / floor:>6.0f}% {p50:>8.0f} {p95:>8.0f} "
                      f"{sizes[label] / 1024:>6.0f} {errors:>4} {states[label]:>7}", flush=True)  # fmt: skip
            print(f"load average after: {os.getloadavg()}")
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
            connections.close_all()
            if not args.keep:
                _admin(f'DROP DATABASE IF EXISTS "{DB_URL.rsplit("/", 1)[-1]}"')


if __name__ == "__main__":
    main()
