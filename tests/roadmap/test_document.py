"""The roadmap PDF: annex 2 to the order on organising mentoring, in the seeds' columns, with Cyrillic text."""

import datetime
import io

import pytest
from django.template.loader import render_to_string
from django.utils import translation
from pypdf import PdfReader

from reports.pdf import html_to_pdf, render_html
from roadmap.models import RoadmapItem
from roadmap.selectors import roadmap_document_context
from roadmap.services import roadmap_items_complete_for_order
from tests.pdf import pdf_text


def _pdf_text(context) -> tuple[str, int]:
    """The text (breaks joined) and the page count of the roadmap rendered by the document engine."""
    with translation.override("ru"):
        pdf = html_to_pdf(render_html("documents/roadmap.html", context))
    return pdf_text(pdf), len(PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def roadmap_with_school(roadmap, organisation):
    return roadmap


def test_roadmap_pdf_is_an_annex_with_the_seed_columns(roadmap_with_school):
    year = roadmap_with_school
    flat, pages = _pdf_text(roadmap_document_context(year))
    assert "Приложение 2" in flat
    assert "к приказу МБОУ СШ № 1" in flat
    assert "от «___»" in flat  # the order is not approved yet: a blank to fill by hand
    assert "ДОРОЖНАЯ КАРТА (ПЛАН МЕРОПРИЯТИЙ)" in flat
    for column in (
        "№ п/п",
        "Наименование мероприятия",
        "Срок реализации",
        "Ответственный исполнитель",
        "Результат. Вид документа",
    ):
        assert column in flat
    assert "Этап 1. Подготовка условий для запуска программы наставничества" in flat
    assert "Реестр наставников по утверждённой форме" in flat
    assert "Куратор" in flat and "Директор" in flat
    assert "первая декада сентября" in flat
    assert f"на {year.title} учебный год" in flat
    assert pages >= 2


def test_annex_names_the_approved_organisation_order(roadmap_with_school):
    year = roadmap_with_school
    roadmap_items_complete_for_order(
        year=year, order_type="organisation", on=datetime.date(2026, 9, 2), order_number="112-од"
    )
    flat, _ = _pdf_text(roadmap_document_context(year))
    assert "от 02.09.2026 № 112-од" in flat


def test_order_being_printed_passes_its_own_date_and_number(roadmap_with_school):
    context = roadmap_document_context(roadmap_with_school, order_date=datetime.date(2026, 9, 5), order_number="7-од")
    text, _ = _pdf_text(context)
    assert "от 05.09.2026 № 7-од" in text


def test_edits_show_in_the_document(roadmap_with_school):
    item = RoadmapItem.objects.filter(stage__year=roadmap_with_school, order_type="pairing").get()
    item.period_end = datetime.date(2026, 12, 4)
    item.period_start = None
    item.save()
    text, _ = _pdf_text(roadmap_document_context(roadmap_with_school))
    assert "до 04.12.2026" in text


def test_partial_holds_just_the_table(roadmap_with_school):
    context = roadmap_document_context(roadmap_with_school)
    with translation.override("ru"):
        html = render_to_string("documents/partials/roadmap_table.html", {"stages": context["stages"]})
    assert html.count("<table") == 1
    assert "к приказу" not in html and "<html" not in html
    assert html.count('class="stage-row"') == 9
