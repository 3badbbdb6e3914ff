"""Import speed: a generated 5,000-row XLSX, imported for real, beside the time to merely parse the file.

    .venv/bin/python benchmarks/import_xlsx.py [--rows 5000]

Uses its own PostgreSQL database (mentoring_bench_import, created and dropped here; BENCH_DATABASE_URL to
change the server).
"""

import argparse
import io
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/mentoring_bench_import")
os.environ["DATABASE_URL"] = BASE_URL
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")


def make_xlsx(rows: int) -> bytes:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("База")
    ws.append(["ФИО", "Категория", "Должность", "Предмет", "Класс", "Дата рождения", "Контактные данные"])
    for i in range(rows):
        if i % 4:
            ws.append(
                [
                    f"Ученик{i} Иван Петрович",
                    "обучающийся",
                    "",
                    "",
                    f"{5 + i % 7}А",
                    f"{1 + i % 28:02d}.0{1 + i % 9}.2012",
                    "",
                ]
            )
        else:
            ws.append(
                [
                    f"Учитель{i} Анна Сергеевна",
                    "учитель",
                    "учитель",
                    "физика",
                    "",
                    "05.05.1980",
                    f"+7 912 {i:07d}, t{i}@school.example",
                ]
            )
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


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
        from django.db import connection

        call_command("migrate", verbosity=0)
        from mentoring.models import Person
        from mentoring.services.imports import Target, import_run, table_read

        content = make_xlsx(args.rows)
        print(f"file: {args.rows} rows, {len(content) / 1024:.0f} KB")

        t0 = time.perf_counter()
        table = table_read(content=content, filename="bench.xlsx")
        parse = time.perf_counter() - t0
        print(f"parse only (openpyxl read-only, header detection): {parse:.2f} s for {len(table.rows)} rows")

        t0 = time.perf_counter()
        preview = import_run(content=content, filename="bench.xlsx", target=Target.PEOPLE, dry_run=True)
        dry = time.perf_counter() - t0
        assert not preview.errors, preview.errors[:3]
        print(f"preview (everything validated and written, then rolled back): {dry:.2f} s")

        t0 = time.perf_counter()
        result = import_run(content=content, filename="bench.xlsx", target=Target.PEOPLE, dry_run=False)
        full = time.perf_counter() - t0
        assert result.applied and Person.objects.count() == args.rows
        print(
            f"import (all rows created through the services): {full:.2f} s "
            f"= {full / args.rows * 1000:.2f} ms per row, {full / parse:.1f}× the parse time"
        )

        t0 = time.perf_counter()
        again = import_run(content=content, filename="bench.xlsx", target=Target.PEOPLE, dry_run=False)
        second = time.perf_counter() - t0
        assert again.summary["unchanged"] == args.rows
        print(f"re-import of the same file (all rows matched, nothing to change): {second:.2f} s")
        connection.close()
    finally:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{db_name}"')


if __name__ == "__main__":
    main()
