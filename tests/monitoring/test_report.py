"""The end-of-year report through the document engine: every section, the charts as text, progress per section."""

import pytest

from programmes.models import Programme
from reports.models import AnnualReport, GeneratedDocument
from reports.monitoring import charts, report
from reports.monitoring import indicators as ind
from reports.pdf import render_html
from reports.services.documents import document_request
from tests import factories
from tests.factories_monitoring import bulk_school, known_school
from tests.pdf import assert_only_shipped_fonts, pdf_text, top_margin_number

pytestmark = pytest.mark.django_db


def document_pdf(document: GeneratedDocument) -> bytes:
    with document.file.open("rb") as handle:
        return handle.read()


def document_text(document: GeneratedDocument) -> str:
    return pdf_text(document_pdf(document))


@pytest.fixture
def school(year, organisation):
    s = known_school(year)
    g2 = s.groups["G2"]
    Programme.objects.create(
        group=g2,
        title="Проектная деятельность в 7 классе",
        goals="Научить ученика вести исследовательский проект",
        planned_results="Проект на школьной конференции",
        results_summary="Проект занял второе место",
        mentor_report="Отчёт наставника: цели достигнуты, ученик самостоятельно ведёт проект.",
        start_date=year.start_date,
        end_date=year.start_date.replace(year=year.start_date.year + 1) - __import__("datetime").timedelta(days=1),
        status=Programme.Status.COMPLETED,
        agreed_on=year.start_date,
        completed_on=year.start_date,
        is_best_practice=True,
    )
    return s


def test_parts_are_the_sections_with_groups_in_chunks(year):
    bulk_school(year, people=120, groups=25, with_programmes=False)
    parts = report.report_parts(year)
    assert parts[:3] == ["title", "roadmap", "indicators"]
    assert parts[3:6] == ["groups:0", "groups:10", "groups:20"]
    assert parts[6:] == ["satisfaction", "conclusions", "best_practices"]


def test_charts_keep_titles_and_labels_as_text(school, year):
    data = ind.year_indicators(ind.make_scope(year))
    svgs = charts.all_charts(data)
    assert "Участники по категориям и ролям" in charts.chart_text(svgs["participants"])
    assert "наставники" in charts.chart_text(svgs["participants"])
    assert any("40\u00a0%" in t for t in charts.chart_text(svgs["shares"]))  # the Russian formatter
    for svg in svgs.values():
        assert svg.startswith("<svg")
    assert "<pattern" in svgs["participants"]  # hatches: readable without colour


def request_report(user, year, capture):
    with capture(execute=True):
        document = document_request(kind="annual_report", requested_by=user, params={"year_id": year.pk})
    document.refresh_from_db()
    return document


def test_the_whole_report_renders_in_one_job_with_every_section(
    school, year, curator, django_capture_on_commit_callbacks
):
    AnnualReport.objects.create(
        year=year, conclusions="Вывод куратора: программа выполнена, расширить банк наставников."
    )
    document = request_report(curator, year, django_capture_on_commit_callbacks)
    assert document.status == GeneratedDocument.Status.DONE, document.error
    assert document.progress_total == len(report.report_parts(year)) == 7
    assert document.progress_done == document.progress_total
    text = document_text(document)
    for heading in (
        "Отчёт о реализации программы наставничества",
        "Муниципальное бюджетное общеобразовательное учреждение",
        "1. Дорожная карта года и её выполнение",
        "2. Показатели года",
        "3. Пары и группы",
        "4. Удовлетворённость наставников и наставляемых",
        "5. Аналитические выводы куратора",
        "6. Лучшие практики",
    ):
        assert heading in text, heading
    # Charts: their titles and value labels are text in the PDF.
    assert "Участники по категориям и ролям" in text
    assert "Доли вовлечённости, %" in text
    assert "40 %" in text and "40%" not in text
    # The group section, the mentor's report, the best practice, the curator's text.
    assert "Отчёт наставника: цели достигнуты" in text
    assert "Проект занял второе место" in text
    assert "Вывод куратора: программа выполнена" in text
    best = text.split("6. Лучшие практики", 1)[1]
    assert "Проектная деятельность в 7 классе" in best  # G2's programme is marked as a best practice
    # A person who withdrew consent is not named.
    assert "Отозвавшая" not in text
    assert "Наставникова" in text
    # Text and charts alike in the shipped fonts only.
    assert_only_shipped_fonts(document_pdf(document))


def test_without_conclusions_the_report_prints_the_draft_from_the_numbers(school, year):
    context = report.report_context(year, "conclusions")
    assert context["is_draft"] is True
    assert "8" in context["conclusions"]  # eight participants
    html = render_html("documents/annual_report.html", context)
    assert "черновик" in html.lower() or "Черновик" in html


def test_forty_group_school_renders_in_one_job(year, organisation, director, django_capture_on_commit_callbacks):
    bulk_school(year, people=200, groups=40)
    document = request_report(director, year, django_capture_on_commit_callbacks)
    assert document.status == GeneratedDocument.Status.DONE, document.error
    assert document.progress_total == 10  # 6 sections + 4 chunks of 10 groups
    text = document_text(document)
    assert text.count("Пара или группа №") >= 40


def test_only_staff_may_request_the_report(year, mentor_with_pair):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        document_request(kind="annual_report", requested_by=mentor_with_pair, params={"year_id": year.pk})
    methodist = factories.UserFactory(roles=["methodical_council"], username="methodist")
    assert document_request(kind="annual_report", requested_by=methodist, params={"year_id": year.pk}).pk


def test_group_sections_cost_the_same_queries_for_ten_or_forty_groups(year, django_assert_max_num_queries):
    bulk_school(year, people=200, groups=40)
    scope = ind.make_scope(year)
    with django_assert_max_num_queries(6):
        assert len(report.group_sections(scope, 0, 40)) == 40
    with django_assert_max_num_queries(6):
        assert len(report.group_sections(scope, 0, 10)) == 10


def test_page_numbers_run_on_across_the_parts_of_the_report(school, year, curator, django_capture_on_commit_callbacks):
    import io

    from pypdf import PdfReader

    document = request_report(curator, year, django_capture_on_commit_callbacks)
    with document.file.open("rb") as fh:
        pages = PdfReader(io.BytesIO(fh.read())).pages
    assert len(pages) > 2
    # The title page carries no number; every later page has its own at the top (GOST R 7.0.97-2016): 2, 3, …
    assert top_margin_number(pages[0]) == ""
    assert [top_margin_number(page) for page in pages[1:]] == [str(n) for n in range(2, len(pages) + 1)]
