"""Orders after GOST R 7.0.97-2016: page numbers, preamble, the pairing annex, «ознакомлены», the Regulation annex."""

import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from pypdf import PdfReader

from reports.pdf import html_to_pdf, render_html
from reports.regulation import regulation_html
from reports.selectors import order_document_context, year_curator
from reports.services import order_create, order_submit, order_update
from tests import factories
from tests.factories_reports import approve_now, pairing_order
from tests.pdf import pdf_text

MM = 72 / 25.4


def _pdf(order) -> bytes:
    return html_to_pdf(render_html("documents/order.html", order_document_context(order)))


def _text(data: bytes) -> str:
    return " ".join(pdf_text(data).split())


def _fragments(page) -> list[tuple[str, float, float]]:
    """(text, x, y) of each piece of text on a page, y from the bottom, as pypdf reports them."""
    found = []

    def visit(text, cm, tm, font_dict, font_size):
        if text.strip():
            found.append((text.strip(), tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5]))

    page.extract_text(visitor_text=visit)
    return found


def _organisation_order(year, curator, person, director=None):
    from roadmap.services import roadmap_create_from_template

    roadmap_create_from_template(year=year)
    order = order_create(year=year, order_type="organisation", created_by=curator, appointee=person)
    if director is not None:
        order = approve_now(order=order_submit(order=order, user=curator), user=director)
    return order


def test_page_numbers_are_at_the_top_centre_from_the_second_page(year, curator, director, curator_person):
    order = _organisation_order(year, curator, curator_person, director)
    reader = PdfReader(io.BytesIO(order.pdf.read()))
    assert len(reader.pages) >= 5  # order, the full Regulation, the roadmap, «ознакомлены»
    height = float(reader.pages[0].mediabox.height)
    width = float(reader.pages[0].mediabox.width)
    first_top = [t for t, _x, y in _fragments(reader.pages[0]) if y > height - 20 * MM]
    assert first_top == []  # the first page carries no number
    for number, page in enumerate(reader.pages[1:], start=2):
        top = [(t, x, y) for t, x, y in _fragments(page) if y > height - 20 * MM]
        assert [t for t, _x, _y in top] == [str(number)], (number, top)
        _t, x, y = top[0]
        assert abs(x - width * (20 + (210 - 30) / 2) / 210) < 10 * MM  # centred over the text block
        bottom = [t for t, _x, y in _fragments(page) if y < 20 * MM]
        assert str(number) not in bottom


def test_preamble_ends_with_punctuation_before_the_order_verb(year, curator):
    order = pairing_order(year=year, curator=curator, submit=False)
    text = _text(_pdf(order))
    assert re.search(r"взаимного согласия участников, ПРИКАЗЫВАЮ:", text), text[:600]
    # A curator who typed the verb into the preamble, without punctuation: printed once, with the comma.
    order = order_update(order=order, user=curator, preamble="На основании решения методического совета ПРИКАЗЫВАЮ:")
    text = _text(_pdf(order))
    assert "На основании решения методического совета, ПРИКАЗЫВАЮ:" in text
    assert text.count("ПРИКАЗЫВАЮ") == 1


def test_pairing_annex_has_the_gost_columns_with_positions_and_classes(year, curator, director):
    teacher = factories.PersonFactory(
        last_name="Смирнова", first_name="Ольга", patronymic="Владимировна", position="учитель математики"
    )
    pupil = factories.StudentFactory(last_name="Шевчук", first_name="Дарья", patronymic="Ильинична", grade="7Б")
    group = factories.GroupFactory(year=year, form="teacher_student")
    group.memberships.filter(role="mentor").update(person=teacher)
    group.memberships.filter(role="mentee").update(person=pupil)
    factories.MentorProfileFactory(year=year, person=teacher)
    order = pairing_order(year=year, curator=curator, groups=[group])
    order = approve_now(order=order, user=director)
    data = order.pdf.read()
    text = _text(data)
    assert "Наставляемый(-ые)" not in text
    reader = PdfReader(io.BytesIO(data))
    annex = [f for page in reader.pages[1:] for f in _fragments(page)]
    lines = [t.replace("\xa0", " ") for t, _x, _y in annex]
    joined = " ".join(lines)
    # The headers of the five columns; cells may wrap between words, never inside one.
    for words in ("№", "Наставник (ФИО,", "должность)", "Наставляемый (ФИО,", "класс или должность)", "Форма", "Срок"):
        assert any(words in line for line in lines), (words, lines[:20])
    # Each name, with its position or class, and each date stays whole on a line.
    assert "Смирнова Ольга Владимировна, учитель математики" in joined
    assert "Шевчук Дарья Ильинична," in lines and "7Б класс" in lines
    assert not [line for line in lines if line.endswith(("-", "\u2010", "\xad"))]  # no word hyphenated
    start, end = f"{group.planned_start:%d.%m.%Y}", f"{group.planned_end:%d.%m.%Y}"
    assert f"с {start}" in lines and f"по {end}" in lines
    assert f"с {start} по {end}" in text
    # The columns in their order, left to right: mentor, mentee, form, term.
    x = {t.replace("\xa0", " "): x for t, x, _y in annex}
    assert x["учитель математики"] < x["Шевчук Дарья Ильинична,"] < x["учитель –"] < x[f"с {start}"]
    assert x["Наставляемый (ФИО,"] < x["Форма"] < x["Срок"]


def test_acquainted_lists_the_curator_the_order_tasks_and_every_member(year, curator, director, curator_person):
    _organisation_order(year, curator, curator_person, director)  # appoints Кураторова as the year's curator
    order = pairing_order(year=year, curator=curator)
    members = [m.person for g in order.groups.all() for m in g.memberships.all()]
    order = approve_now(order=order, user=director)
    text = _text(order.pdf.read())
    sheet = text[text.index("С приказом ознакомлены") :]
    assert "Кураторова Мария Петровна" in sheet  # «Куратору обеспечить…»: the curator signs too
    for person in members:
        assert person.full_name in sheet
    assert "Подпись" in sheet and "Дата" in sheet
    assert sheet.count("Кураторова Мария Петровна") == 1


def test_the_years_curator_is_the_latest_appointee_else_the_curators_account(year, curator, curator_person):
    assert year_curator(year) == curator_person  # no organisation order yet: the person of the curator's account
    appointee = factories.PersonFactory(last_name="Назначенная", position="учитель")  # a later pk than the account's
    _organisation_order(year, curator, appointee)
    assert year_curator(year) == appointee
    type(appointee).objects.filter(pk=appointee.pk).update(anonymised_at=timezone.now())
    assert year_curator(year) == curator_person  # an anonymised appointee is never printed


def test_organisation_order_appoints_and_acquaints_the_curator_once(year, curator, director, curator_person):
    order = _organisation_order(year, curator, curator_person, director)
    text = _text(order.pdf.read())
    assert "Назначить куратором внедрения целевой модели наставничества Кураторову М. П., заместителя директора" in text
    sheet = text[text.index("С приказом ознакомлены") :]
    assert sheet.count("Кураторова Мария Петровна") == 1


def test_regulation_annex_is_the_full_regulation_of_this_school(year, curator, curator_person, organisation):
    factories.GroupFactory(year=year, form="student_student", types=["speed"])
    factories.GroupFactory(year=year, form="teacher_teacher")
    order = _organisation_order(year, curator, curator_person)
    html = render_html("documents/order.html", order_document_context(order))
    for heading in (
        "1. Общие положения",
        "2. Цель и задачи системы (целевой модели) наставничества. Формы и виды наставничества",
        "3. Организация системы (целевой модели) наставничества",
        "4. Права и обязанности наставника",
        "5. Права и обязанности наставляемого",
        "6. Формирование наставнических пар и групп",
        "7. Завершение персонализированной программы наставничества",
        "8. Условия публикации результатов персонализированной программы наставничества на сайте",
        "9. Заключительные положения",
    ):
        assert f"<h2>{heading}</h2>" in html, heading  # a heading, not body text
    assert '<p class="point"><span class="num">6.2.</span>' in html
    text = _text(html_to_pdf(html))
    assert organisation.full_name in text and f"с {year.title} учебного года" in text
    assert "«педагог – педагог»" in text and "«ученик – ученик»" in text  # the forms in use
    assert "Скоростное —" in text or "Скоростное" in text
    assert "ученик – работодатель" not in text and "«работодатель – ученик»" not in text  # a form not in use


def test_curator_edits_the_regulation_and_it_freezes_with_the_order(year, curator, director, curator_person):
    order = _organisation_order(year, curator, curator_person)
    edited = order.annex_text.replace(
        "## 9. Заключительные положения",
        "## 9. Заключительные положения\n\n9.0. Пункт, добавленный куратором. <script>alert(1)</script>",
    )
    order = order_update(order=order, user=curator, annex_text=edited)
    order = approve_now(order=order_submit(order=order, user=curator), user=director)
    text = _text(order.pdf.read())
    assert "9.0. Пункт, добавленный куратором." in text and "<script>" not in text and "alert(1)" not in text
    assert order.annex_data["regulation"] == edited
    with pytest.raises(ValidationError, match="(?i)утверждённый приказ"):
        order_update(order=order, user=curator, annex_text="## 1. Другое")


def test_regulation_markdown_is_cleaned_to_headings_points_and_lists():
    html = str(regulation_html("# 1. Раздел\n\n1.1. Пункт <b onclick='x'>жирно</b>\n\n- элемент\n\n<img src=x>"))
    assert "<h2>1. Раздел</h2>" in html
    assert '<p class="point"><span class="num">1.1.</span> Пункт <b>жирно</b></p>' not in html  # b not allowed
    assert "onclick" not in html and "<img" not in html
    assert "<li>элемент</li>" in html


def test_kindergarten_head_signs_as_zaveduyushchiy(year, curator, organisation):
    organisation.director_position = "Заведующий"
    organisation.save()
    order = pairing_order(year=year, curator=curator, submit=False)
    text = _text(_pdf(order))
    assert "Заведующий" in text and "Директор" not in text.replace("Директорова", "")
