"""The organisation order with its full Regulation annex (приложение 1) and the roadmap (приложение 2): the PDF
and the Word copy through the engine, beside WeasyPrint's raw render of the same HTML.

    .venv/bin/python benchmarks/documents_order_regulation.py [--runs 7]

Tasks run in-process (eager): «engine PDF/DOCX» is request → context → render → file stored; «raw WeasyPrint» is
`weasyprint.HTML(string=html).write_pdf()` of the very HTML the engine renders; «HTML → DOCX» is the conversion
alone. Uses its own PostgreSQL database (mentoring_bench_h15b, created and dropped here; BENCH_DATABASE_URL to
change the server).
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/mentoring_bench_h15b")
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


def _median_ms(samples):
    return statistics.median(samples) * 1000


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    _db("create")
    try:
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import transaction

        call_command("migrate", verbosity=0)
        import weasyprint

        from reports.docx import docx_text, html_to_docx
        from reports.pdf import render_html
        from reports.selectors import order_document_context
        from reports.services import document_request, order_create
        from roadmap.services import roadmap_create_from_template
        from tests import factories

        factories.OrganisationFactory()
        year = factories.AcademicYearFactory()
        curator = factories.UserFactory(roles=["curator"], username="curator")
        appointee = factories.PersonFactory(last_name="Смирнова", first_name="Ольга", patronymic="Владимировна",
                                            position="заместитель директора по УВР")  # fmt: skip
        for form in ("teacher_teacher", "teacher_student", "student_student"):
            factories.GroupFactory(year=year, form=form)
        roadmap_create_from_template(year=year)
        order = order_create(year=year, order_type="organisation", created_by=curator, appointee=appointee)

        timings = {"engine_pdf": [], "engine_docx": [], "raw_pdf": [], "html": [], "html_to_docx": []}
        for _ in range(args.runs):
            for fmt in ("pdf", "docx"):
                t0 = time.perf_counter()
                with transaction.atomic():
                    document = document_request(
                        kind="order", requested_by=curator, params={"target_id": order.pk}, format=fmt
                    )
                document.refresh_from_db()
                timings[f"engine_{fmt}"].append(time.perf_counter() - t0)
                assert document.status == "done" and document.size > 0, document.error
            t0 = time.perf_counter()
            html = render_html("documents/order.html", order_document_context(order))
            timings["html"].append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            pdf = weasyprint.HTML(string=html).write_pdf()
            timings["raw_pdf"].append(time.perf_counter() - t0)
            assert pdf.startswith(b"%PDF")
            t0 = time.perf_counter()
            docx = html_to_docx([html])
            timings["html_to_docx"].append(time.perf_counter() - t0)
        pages = len(weasyprint.HTML(string=html).render().pages)
        words = len(docx_text(docx).split())
        m = {k: _median_ms(v) for k, v in timings.items()}
        print(f"organisation order with the full Regulation and the roadmap ({pages} PDF pages, {words} words), "
              f"median of {args.runs} runs:")  # fmt: skip
        print(f"  engine PDF  (request → render → file stored): {m['engine_pdf']:.0f} ms")
        print(f"  raw WeasyPrint write_pdf of the same HTML:    {m['raw_pdf']:.0f} ms")
        print(f"  engine DOCX (request → render → file stored): {m['engine_docx']:.0f} ms")
        print(f"  of which: HTML from the template {m['html']:.0f} ms, HTML → DOCX {m['html_to_docx']:.0f} ms")
        overhead, ratio = m["engine_pdf"] - m["raw_pdf"], m["engine_pdf"] / m["raw_pdf"]
        print(f"  PDF engine overhead over raw: {overhead:.0f} ms ({ratio:.2f}×)")
        print(f"  DOCX engine / PDF engine: {m['engine_docx'] / m['engine_pdf']:.2f}×")
    finally:
        from django.db import connections

        connections.close_all()
        _db("drop")


if __name__ == "__main__":
    main()
