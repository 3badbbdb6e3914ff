"""Benchmark: requests per second of the public section's home page beside a bare Django view, same server.

    .venv/bin/python benchmarks/public_rps.py [--seconds 5] [--threads 8] [--workers 2]

Builds the demo school in its own PostgreSQL database (mentoring_bench_h9, BENCH_DATABASE_URL to change; created
and dropped here), starts gunicorn on 127.0.0.1 (loopback only) with a small URLconf that adds a bare view, and
drives it from a second process: a thread pool, bounded by time AND by a request cap. Three runs:
  bare view · public home with the page cache (Redis when BENCH_REDIS_URL answers, else per-worker memory) ·
  public home with the cache switched off (DummyCache: every request renders and queries).
Prints requests per second and latency percentiles.
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

ROOT = Path(__file__).resolve().parent.parent
DB_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/mentoring_bench_h9")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9")
MAX_REQUESTS = 50_000  # hard cap per run, whatever the duration

SETTINGS = """
from config.settings.base import *  # noqa
import os
DEBUG = False
SECRET_KEY = "bench-only-secret-key-0123456789abcdef0123456789abcdef"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "bench_urls"
AXES_ENABLED = False
LOGGING = {"version": 1, "disable_existing_loggers": True}
_mode = os.environ.get("BENCH_CACHE", "locmem")
if _mode == "redis":
    _redis = os.environ["BENCH_REDIS"]
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _redis}}
elif _mode == "off":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
"""
URLS = """
from django.http import HttpResponse
from django.urls import include, path


def bare(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare), path("", include("config.urls"))]
"""


def _admin(sql: str) -> None:
    import psycopg
    from django.db import connections

    db = connections["default"].settings_dict
    with psycopg.connect(
        dbname="postgres", user=db["USER"], host=db["HOST"], port=db["PORT"] or 5432, password=db["PASSWORD"] or None,
        autocommit=True,
    ) as conn:  # fmt: skip
        conn.execute(sql)


def _build_data() -> None:
    from django.core.management import call_command
    from django.db import connections, transaction

    name = connections["default"].settings_dict["NAME"]
    connections["default"].close()
    _admin(f'DROP DATABASE IF EXISTS "{name}"')
    _admin(f'CREATE DATABASE "{name}"')
    call_command("migrate", verbosity=0)
    try:
        call_command("demo_school", stdout=open(os.devnull, "w"))  # noqa: SIM115
    except Exception as exc:  # noqa: BLE001 — another builder may be mid-change; the public section needs less
        print(f"demo_school failed ({exc!s:.80}); building people, groups and the public section only")
        from mentoring import demo as mentoring_demo
        from reports.public import demo as public_demo

        with transaction.atomic():
            demo = mentoring_demo.build_school(seed=2026)
            public_demo.build(demo)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start_gunicorn(tmp: str, cache_mode: str, workers: int) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench_settings",
        "DATABASE_URL": DB_URL,
        "BENCH_CACHE": cache_mode,
        "BENCH_REDIS": REDIS_URL,
        "PYTHONPATH": f"{tmp}:{ROOT}",
    }
    env.pop("REDIS_URL", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi:application", "-b", f"127.0.0.1:{port}", "-w", str(workers),
         "--log-level", "warning", "--chdir", str(ROOT)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{base}/bench/bare/", timeout=1).read()  # noqa: S310 — loopback only
            return proc, base
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError(f"gunicorn did not start: {proc.stderr.read().decode()[-2000:]}")


def _load(url: str, seconds: float, threads: int, out: Queue) -> None:
    """The load generator (a separate process): fixed threads, each request on a fresh loopback connection."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def worker():
        while time.perf_counter() < deadline:
            with lock:
                if len(latencies) + errors[0] >= MAX_REQUESTS:
                    return
            start = time.perf_counter()
            try:
                with urllib.request.urlopen(url, timeout=10) as r:  # noqa: S310 — loopback only
                    r.read()
                    ok = r.status == 200
            except OSError:
                ok = False
            with lock:
                if ok:
                    latencies.append(time.perf_counter() - start)
                else:
                    errors[0] += 1

    started = time.perf_counter()
    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    out.put((latencies, errors[0], time.perf_counter() - started))


def _measure(url: str, seconds: float, threads: int) -> dict:
    urllib.request.urlopen(url, timeout=10).read()  # noqa: S310 — warm up (fills the page cache)
    out: Queue = Queue()
    proc = Process(target=_load, args=(url, seconds, threads, out))
    proc.start()
    latencies, errors, elapsed = out.get(timeout=seconds + 60)
    proc.join()
    latencies.sort()
    pct = lambda p: latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000 if latencies else 0  # noqa: E731
    return {
        "requests": len(latencies),
        "errors": errors,
        "rps": len(latencies) / elapsed,
        "p50": pct(0.50),
        "p95": pct(0.95),
        "mean": statistics.mean(latencies) * 1000 if latencies else 0,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench_public_") as tmp:
        Path(tmp, "bench_settings.py").write_text(textwrap.dedent(SETTINGS))
        Path(tmp, "bench_urls.py").write_text(textwrap.dedent(URLS))
        sys.path[:0] = [tmp, str(ROOT)]
        os.environ["DATABASE_URL"] = DB_URL
        os.environ["DJANGO_SETTINGS_MODULE"] = "bench_settings"
        os.environ["BENCH_CACHE"] = "locmem"
        import django

        django.setup()
        t0 = time.perf_counter()
        _build_data()
        print(f"demo data built in {time.perf_counter() - t0:.1f} s")

        cache_mode = "locmem"
        try:
            import redis

            redis.Redis.from_url(REDIS_URL).ping()
            cache_mode = "redis"
        except Exception:  # noqa: BLE001
            pass
        runs = [
            ("bare Django view", "/bench/bare/", cache_mode),
            (f"public home, page cache ({cache_mode})", "/nastavnichestvo/", cache_mode),
            ("public home, no cache (renders)", "/nastavnichestvo/", "off"),
        ]
        print(f"gunicorn sync workers: {args.workers}; client: {args.threads} threads in a second process; "
              f"{args.seconds:.0f} s or {MAX_REQUESTS} requests per run; loopback only")  # fmt: skip
        print(f"{'endpoint':<40} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'requests':>9} {'errors':>7}")
        try:
            for label, path, mode in runs:
                if mode == "redis":
                    import redis

                    redis.Redis.from_url(REDIS_URL).flushdb()
                server, base = _start_gunicorn(tmp, mode, args.workers)
                try:
                    r = _measure(base + path, args.seconds, args.threads)
                finally:
                    server.send_signal(signal.SIGTERM)
                    server.wait(timeout=30)
                figures = f"{r['rps']:>8.0f} {r['p50']:>8.1f} {r['p95']:>8.1f} {r['requests']:>9} {r['errors']:>7}"
                print(f"{label:<40} {figures}")
        finally:
            from django.db import connections

            connections.close_all()
            _admin(f'DROP DATABASE IF EXISTS "{DB_URL.rsplit("/", 1)[-1]}"')


if __name__ == "__main__":
    main()
