"""Benchmark: one municipal office with 200 schools — packages posted to the hub under gunicorn, then the roll-up.

    .venv/bin/python benchmarks/federation_hub.py [--schools 200] [--threads 4] [--workers 2]

Builds a hub in its own PostgreSQL database (mentoring_bench_fedo, BENCH_DATABASE_URL to change; created and dropped
here): the municipal organisation, its current year, N registered and connected schools (one token each). Generates
one package per school of realistic size (a 45-item roadmap with the seeds' long activity texts, the 13 indicators as
numerators and denominators, 3–6 published cases of 1–3 KB, 6 orders: about 40 KB of JSON), starts gunicorn on
127.0.0.1 (loopback only; the settings and URLconf of benchmarks/public_rps.py) and posts them from a thread pool
to POST /api/federation/v1/packages. Then posts them all again three times (unchanged: idempotent). The office's
answer carries the shared cases from its answer before the last (federation.office.feedback): the second answer still
the whole base, the third what arrived after the first, the fourth only what is new (the steady state). Reports:
  packages per second and the answer's mean size per pass · the roll-up page's time (cold: charts drawn; warm: charts
  cached by the latest package) and its XLSX export · the roll-up's query count at N/10 and at N schools (constant:
  aggregated in SQL) · the hub's peak memory (VmHWM of the gunicorn master and each worker) · the machine's load.
"""

import argparse
import json
import os
import random
import signal
import statistics
import sys
import tempfile
import textwrap
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/mentoring_bench_fedo")
sys.path[:0] = [str(ROOT / "benchmarks"), str(ROOT)]
import public_rps as server  # noqa: E402 — the gunicorn runner, settings and URLconf shared with that benchmark

DB_URL = server.DB_URL
ACTIVITIES = [
    "Разработка и утверждение распорядительных актов образовательной организации о внедрении целевой модели "
    "наставничества, включающих сроки внедрения и назначение ответственных",
    "Формирование базы наставляемых с перечнем запросов, необходимых для подбора кандидатов в наставники",
    "Формирование базы наставников для реализации программ наставничества в текущем учебном году",
    "Организация работы наставнических пар или групп: встреча-знакомство, пробная встреча, встреча-планирование, "
    "совместная работа наставника и наставляемого, итоговая встреча",
    "Проведение внутреннего мониторинга реализации и эффективности программ наставничества",
]
CODES = [("share_students_mentees", 300), ("share_young_teachers_mentees", 12), ("share_students_mentors", 180),
         ("share_involved", 360)]  # fmt: skip
COUNTS = ["participants", "mentors", "mentees", "groups", "groups_completed", "groups_terminated", "meetings",
          "waiting_mentees"]  # fmt: skip


def make_package(rng: random.Random, name: str, year, *, letters=()) -> dict:
    from federation.package import SCHEMA_ID, SCHEMA_VERSION, roadmap_checksum

    start = year.start_date
    roadmap = [
        {"position": i, "stage": f"{i // 6 + 1}. Этап {i // 6 + 1}", "number": f"{i // 6 + 1}.{i % 6 + 1}",
         "title": f"{rng.choice(ACTIVITIES)} ({i})", "period_text": "в течение учебного года", "period_start": None,
         "period_end": str(year.end_date), "responsible": rng.choice(["Куратор", "Директор", "Руководители МО"]),
         "responsible_role": "curator", "status": rng.choice(["planned", "in_progress", "done"]),
         "result_document": "Приказ, протокол, информационная справка", "document_kind": ""}
        for i in range(1, 46)
    ]  # fmt: skip
    indicators = []
    for code, whole in CODES:
        denominator = rng.randint(whole // 2, whole * 2)
        indicators.append({"code": code, "numerator": rng.randint(0, denominator), "denominator": denominator})
    indicators += [{"code": code, "numerator": rng.randint(0, 200), "denominator": None} for code in COUNTS]
    due = rng.randint(10, 200)
    indicators.append({"code": "feedback_received", "numerator": rng.randint(0, due), "denominator": due})
    cases = [
        {"external_id": f"case-{k}", "title": f"Практика наставничества № {k} ({name})",
         "summary": "Молодой педагог и опытный наставник: первый год работы",
         "body": " ".join(rng.choice(ACTIVITIES) for _ in range(rng.randint(8, 20))), "form": "teacher_teacher",
         "mentoring_type": "traditional", "directions": rng.sample(["methodical", "digital", "professional"], 2),
         "published_on": str(start)}
        for k in range(rng.randint(3, 6))
    ]  # fmt: skip
    return {
        "schema": SCHEMA_ID, "schema_version": SCHEMA_VERSION, "generated_at": f"{start}T03:00:00+03:00",
        "academic_year": {"title": year.title, "start_date": str(start), "end_date": str(year.end_date)},
        "organisation": {"short_name": name, "full_name": f"Муниципальное бюджетное общеобразовательное учреждение "
                         f"«{name}»", "kind": "school"},
        "roadmap": {"checksum": roadmap_checksum(roadmap), "items": roadmap},
        "indicators": {"definitions_version": "mentoring-office/monitoring/v2", "items": indicators},
        "cases": cases,
        "orders": [{"number": f"{k}-од", "date": str(start), "title": "Об организации наставничества"}
                   for k in range(1, 7)],
        "received_letters": list(letters),
    }  # fmt: skip


def build_hub(schools: int) -> tuple[list[tuple[str, str]], object]:
    from django.core.management import call_command
    from django.db import connections

    from federation.hub.registry import school_connect, school_register
    from mentoring.models import AcademicYear, Organisation

    name = connections["default"].settings_dict["NAME"]
    connections["default"].close()
    server._admin(f'DROP DATABASE IF EXISTS "{name}"')
    server._admin(f'CREATE DATABASE "{name}"')
    call_command("migrate", verbosity=0)
    Organisation.objects.create(
        kind="municipal", short_name="Управление образования г. Азова", full_name="Управление образования г. Азова",
        address="г. Азов", city="г. Азов", director_name="И. И. Начальникова",
    )  # fmt: skip
    from django.utils import timezone

    today = timezone.localdate()
    first = today.year if today.month >= 9 else today.year - 1
    import datetime

    year = AcademicYear.objects.create(title=f"{first}/{first + 1}", start_date=datetime.date(first, 9, 1),
                                       end_date=datetime.date(first + 1, 5, 31), is_current=True)  # fmt: skip
    tokens = []
    for n in range(1, schools + 1):
        school_name = f"МБОУ СОШ № {n}"
        _school, code = school_register(name=school_name, kind="school")
        _school, token = school_connect(code=code, school_name=school_name)
        tokens.append((school_name, token))
    return tokens, year


def post(base: str, token: str, body: bytes) -> tuple[int, str]:
    request = urllib.request.Request(
        base + "/api/federation/v1/packages", data=body, method="POST",
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )  # fmt: skip
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 — loopback only
            content = response.read()
            return response.status, json.loads(content)["status"], len(content)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()[:200], 0


def post_all(base: str, items: list[tuple[str, bytes]], threads: int) -> tuple[float, dict, float]:
    started = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        results = list(pool.map(lambda item: post(base, *item), items))
    elapsed = time.perf_counter() - started
    outcome: dict = {}
    for status, text, _size in results:
        outcome[f"{status} {text}"] = outcome.get(f"{status} {text}", 0) + 1
    return len(items) / elapsed, outcome, statistics.mean(size for *_rest, size in results) / 1024


def rollup_queries() -> int:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from mentoring.models import User

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(username="methodist"))
    client.get("/municipal/rollup/")  # warm (session, the installation's kind)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/municipal/rollup/").status_code == 200
    return len(ctx)


def timed_get(base: str, path: str, cookie: str) -> float:
    request = urllib.request.Request(base + path, headers={"Cookie": cookie})
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310 — loopback only
        response.read()
        assert response.status == 200, response.status
    return (time.perf_counter() - started) * 1000


def peak_memory_mb(pid: int) -> tuple[float, list[float]]:
    def hwm(p: int) -> float:
        for line in Path(f"/proc/{p}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return 0.0

    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return hwm(pid), [hwm(int(c)) for c in children]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--schools", type=int, default=200)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench_hub_") as tmp:
        Path(tmp, "bench_settings.py").write_text(textwrap.dedent(server.SETTINGS))
        Path(tmp, "bench_urls.py").write_text(textwrap.dedent(server.URLS))
        sys.path[:0] = [tmp]
        os.environ["DATABASE_URL"] = DB_URL
        os.environ["DJANGO_SETTINGS_MODULE"] = "bench_settings"
        os.environ["BENCH_CACHE"] = "locmem"
        import django

        django.setup()
        from django.test import Client

        from tests import factories

        try:
            t0 = time.perf_counter()
            tokens, year = build_hub(args.schools)
            factories.UserFactory(username="methodist", roles=["curator"])
            rng = random.Random(2026)
            bodies = [(token, json.dumps(make_package(rng, name, year), ensure_ascii=False).encode())
                      for name, token in tokens]  # fmt: skip
            sizes = [len(b) for _t, b in bodies]
            print(f"hub built, {args.schools} schools connected, packages generated in "
                  f"{time.perf_counter() - t0:.1f} s; package size median {statistics.median(sizes) / 1024:.0f} KB, "
                  f"max {max(sizes) / 1024:.0f} KB")  # fmt: skip

            from mentoring.models import User

            client = Client(HTTP_HOST="127.0.0.1")
            client.force_login(User.objects.get(username="methodist"))
            cookie = f"sessionid={client.cookies['sessionid'].value}"
            proc, base = server._start_gunicorn(tmp, "locmem", args.workers)
            for _warm in range(2 * args.workers):  # every worker has loaded the project
                timed_get(base, "/bench/bare/", "")
            baseline = peak_memory_mb(proc.pid)[1]
            try:
                tenth = max(1, args.schools // 10)
                passes = [post_all(base, bodies[:tenth], args.threads)]
                queries_small = rollup_queries()
                passes.append(post_all(base, bodies[tenth:], args.threads))
                queries_big = rollup_queries()
                passes += [post_all(base, bodies, args.threads) for _again in range(3)]
                cold = timed_get(base, "/municipal/rollup/", cookie)
                warm = [timed_get(base, "/municipal/rollup/", cookie) for _ in range(5)]
                xlsx = [timed_get(base, "/municipal/rollup/xlsx/", cookie) for _ in range(3)]
                agreements = timed_get(base, "/municipal/agreements/", cookie)
                master, workers = peak_memory_mb(proc.pid)
            finally:
                proc.send_signal(signal.SIGTERM)
                proc.wait(timeout=30)
            print(f"gunicorn sync workers: {args.workers}; client: {args.threads} threads; loopback only")
            labels = [
                f"new packages, first {tenth}",
                f"new packages, other {args.schools - tenth}",
                "unchanged, 2nd answer (whole base)",
                "unchanged, 3rd answer",
                "unchanged, 4th (steady)",
            ]
            for label, (rate, outcome, answer_kb) in zip(labels, passes, strict=True):
                print(f"{label:<36} {rate:6.1f} pkg/s  answer {answer_kb:7.0f} KB  {outcome}")
            print(
                f"roll-up page, {args.schools} schools: cold (charts drawn) {cold:.0f} ms; warm median "
                f"{statistics.median(warm):.0f} ms"
            )
            print(f"roll-up XLSX export: median {statistics.median(xlsx):.0f} ms; agreements list {agreements:.0f} ms")
            print(f"roll-up queries: {queries_small} with {tenth} schools, {queries_big} with {args.schools}")
            print(f"machine load average (1, 5, 15 min): {os.getloadavg()} on {os.cpu_count()} cores")
            print(f"peak memory (VmHWM): master {master:.0f} MB, workers " + ", ".join(f"{w:.0f} MB" for w in workers)
                  + " (after start: " + ", ".join(f"{w:.0f} MB" for w in baseline) + ")")  # fmt: skip
        finally:
            from django.db import connections

            connections.close_all()
            server._admin(f'DROP DATABASE IF EXISTS "{DB_URL.rsplit("/", 1)[-1]}"')


if __name__ == "__main__":
    main()
