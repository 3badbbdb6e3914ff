"""Import speed: generated 5,000-row XLSX files imported for real, each beside the time to merely parse it.

    .venv/bin/python benchmarks/import_xlsx.py [--rows 5000]

Prints, for the same number of rows: the parse alone; the people import; the mentee-bank import (everyone has a
consent); a re-import of a people file whose rows all match existing people by name and year of birth only (the
federal form); and the SQL query count of each. Uses its own PostgreSQL database (mentoring_bench_import, created
and dropped here; BENCH_DATABASE_URL to change the server).
"""

import argparse
import contextlib
import datetime
import io
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/mentoring_bench_import")
os.environ["DATABASE_URL"] = BASE_URL
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
os.environ.pop("REDIS_URL", None)  # the jobs run in-process: the figure is the import's, not the broker's


def _xlsx(header: list, rows) -> bytes:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("База")
    ws.append(header)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _person(i: int) -> tuple[str, str, str]:
    if i % 4:
        return f"Ученик{i} Иван Петрович", f"{1 + i % 28:02d}.0{1 + i % 9}.2012", f"{5 + i % 7}А"
    return f"Учитель{i} Анна Сергеевна", "05.05.1980", ""


def people_xlsx(rows: int, *, year_only: bool = False) -> bytes:
    header = ["ФИО", "Категория", "Должность", "Предмет", "Класс", "Год рождения" if year_only else "Дата рождения"]
    header.append("Контактные данные")
    data = []
    for i in range(rows):
        name, born, grade = _person(i)
        born = born[-4:] if year_only else born
        if i % 4:
            data.append([name, "обучающийся", "", "", grade, born, ""])
        else:
            data.append([name, "учитель", "учитель", "физика", "", born, f"+7 912 {i:07d}, t{i}@school.example"])
    return _xlsx(header, data)


def mentee_bank_xlsx(rows: int) -> bytes:
    header = ["ФИО наставляемого", "Дата рождения", "Класс", "Основной запрос", "Направления"]
    data = []
    for i in range(rows):
        name, born, grade = _person(i)
        data.append([name, born, grade, "Подготовка к олимпиаде", "Предметно-профессиональное"])
    return _xlsx(header, data)


class Queries:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def timed(func):
    from django.db import connection

    counter = Queries()
    with connection.execute_wrapper(counter):
        t0 = time.perf_counter()
        value = func()
        elapsed = time.perf_counter() - t0
    return value, elapsed, counter.count


# --- The importer's API (the only part that depends on the code under test) -------------------------------


# The same script measured the importer before the rewrite (mentoring/services/imports.py): same files, same method.
def api_parse(content: bytes):
    try:
        from mentoring.imports.parse import table_read
    except ImportError:  # before
        from mentoring.services.imports import table_read

    return len(table_read(content=content, filename="bench.xlsx").rows)


def api_import(content: bytes, target: str, year) -> dict:
    try:
        from mentoring.imports import import_run
    except ImportError:  # before
        from mentoring.services.imports import import_run

    result = import_run(content=content, filename="bench.xlsx", target=target, year=year, dry_run=False)
    if not result.applied:  # before: the re-import by year of birth fails on new people (no consent, duplicates)
        return {"refused": [str(e) for e in result.errors[:2]]}
    return result.summary


# ---------------------------------------------------------------------------------------------------------


def jobs_path(n: int, year) -> None:
    """The curator's path: the preview job, then the commit job (Celery eager here: in-process, same code)."""
    from mentoring.imports.jobs import import_job_confirm, import_job_start
    from mentoring.models import MenteeProfile, Person

    content = mentee_bank_xlsx(n)
    job, preview, queries_preview = timed(
        lambda: import_job_start(content=content, filename="b.xlsx", target="mentees", year=year, requested_by=None)
    )
    job.refresh_from_db()
    assert job.status == "done", job.error
    _job, commit, queries_commit = timed(lambda: import_job_confirm(job=job, choices={}))
    job.refresh_from_db()
    assert job.applied and MenteeProfile.objects.count() == n and Person.objects.count() == n, job.error
    print(
        f"mentee bank through the jobs: preview {preview:.2f} s ({queries_preview} queries), "
        f"commit {commit:.2f} s ({queries_commit} queries)"
    )


def record_consents() -> None:
    from mentoring.models import Consent, Person

    day = datetime.date.today() - datetime.timedelta(days=1)
    Consent.objects.bulk_create(
        Consent(
            person=p,
            signed_by="representative" if p.category == "student" else "self",
            representative_name="Родитель" if p.category == "student" else "",
            representative_basis="свидетельство" if p.category == "student" else "",
            purpose="наставничество",
            data_list="ФИО",
            valid_from=day,
        )
        for p in Person.objects.all()
    )


REPEAT = 3


def measure(label: str, content: bytes, target: str, year) -> None:
    """Parse and import interleaved REPEAT times, medians printed; each import is rolled back afterwards (its
    own transaction becomes a savepoint of the outer one: everything but the final COMMIT is measured)."""
    from django.db import transaction

    from mentoring.models import Person

    parses, imports = [], []
    for _ in range(REPEAT):
        _rows, parse, _q = timed(lambda: api_parse(content))
        parses.append(parse)
        with transaction.atomic():
            before = Person.objects.count()
            summary, elapsed, queries = timed(lambda: api_import(content, target, year))
            created = Person.objects.count() - before
            transaction.set_rollback(True)
        imports.append(elapsed)
    parse, elapsed = statistics.median(parses), statistics.median(imports)
    print(
        f"{label}: parse {parse:.2f} s; import {elapsed:.2f} s = {elapsed / parse:.1f}× the parse; "
        f"{queries} SQL queries; people created: {created}"
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=5000)
    args = parser.parse_args()

    import django
    import psycopg

    admin_url = BASE_URL.rsplit("/", 1)[0] + "/postgres"
    db_name = BASE_URL.rsplit("/", 1)[1]
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{db_name}"')
        conn.execute(f'CREATE DATABASE "{db_name}"')
    try:
        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        from django.utils import translation

        translation.activate("ru")
        from mentoring.models import AcademicYear, MenteeProfile, Person

        today = datetime.date.today()
        start = today.year if today.month >= 9 else today.year - 1
        year = AcademicYear.objects.create(
            title=f"{start}/{start + 1}",
            start_date=datetime.date(start, 9, 1),
            end_date=datetime.date(start + 1, 8, 31),
            is_current=True,
        )
        n = args.rows
        people, bank, again = people_xlsx(n), mentee_bank_xlsx(n), people_xlsx(n, year_only=True)
        print(
            f"files: {n} rows each; people {len(people) / 1024:.0f} KB, mentee bank {len(bank) / 1024:.0f} KB; "
            f"medians of {REPEAT} interleaved runs; {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}"
        )
        measure(f"people import of {n} new people", people, "people", None)
        api_import(people, "people", None)  # now for real: the people the bank and the re-import find
        assert Person.objects.count() == n
        record_consents()
        measure(f"mentee bank of {n} (everyone has a consent)", bank, "mentees", year)
        measure(f"re-import of {n} people matching by name + year of birth", again, "people", None)
        assert Person.objects.count() == n and not MenteeProfile.objects.exists()
        with contextlib.suppress(ImportError):  # before: there were no jobs
            jobs_path(n, year)
    finally:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{db_name}"')


if __name__ == "__main__":
    main()
