"""The curator edits the Regulation (приложение 1) of the organisation order; the director approves it and files
the Word copy; a parent's publication consent is recorded on the pupil's card."""

import io
from pathlib import Path

import pytest
from docx import Document

from reports.models import Order
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path("/tmp/h15b-shots")


def _docx_text(path) -> str:
    document = Document(io.BytesIO(Path(path).read_bytes()))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return " ".join(" ".join([p.text for p in document.paragraphs] + cells).split())


def test_regulation_edited_then_approved_and_filed_as_word(
    page, live_server, login_as, organisation, year, curator, director
):
    SHOTS.mkdir(exist_ok=True)
    appointee = factories.PersonFactory(last_name="Смирнова", first_name="Ольга", patronymic="Владимировна",
                                        position="заместитель директора по УВР")  # fmt: skip
    login_as("curator")
    page.goto(f"{live_server.url}/documents/orders/new/organisation/")
    page.select_option("select[name=appointee]", str(appointee.pk))
    page.click("main form button[type=submit]")
    page.wait_for_url("**/edit/")
    editor = page.locator("textarea[name=annex_text]")
    text = editor.input_value()
    assert "## 1. Общие положения" in text and organisation.full_name in text
    heading = "## 9. Заключительные положения"
    editor.fill(text.replace(heading, f"{heading}\n\n9.0. Правка куратора."))
    page.screenshot(path=str(SHOTS / "order-edit.png"), full_page=False)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url("**/orders/*/")
    page.click("[data-action=submit]")
    page.wait_for_selector("[data-order-status=submitted]")

    page.context.clear_cookies()
    login_as("director")
    order = Order.objects.get()
    page.goto(f"{live_server.url}/documents/orders/{order.pk}/")
    page.click("[data-action=approve]")
    page.wait_for_selector("[data-order-status=approved]")
    page.screenshot(path=str(SHOTS / "order-approved.png"), full_page=False)
    with page.expect_download() as info:
        page.click("[data-action=docx]")
    name = info.value.suggested_filename
    assert name.startswith("Приказ_1-од_от_") and name.endswith(".docx")
    words = _docx_text(info.value.path())
    assert "9.0. Правка куратора." in words and "ПОЛОЖЕНИЕ" in words and "ПРОЕКТ" not in words
    assert "Смирнова Ольга Владимировна" in words  # «С приказом ознакомлены»


def test_parent_publication_consent_on_the_pupil_card(page, live_server, login_as, organisation, curator):
    SHOTS.mkdir(exist_ok=True)
    pupil = factories.StudentFactory(last_name="Шевчук", first_name="Дарья", patronymic="Ильинична", grade="7Б")
    login_as("curator")
    page.goto(f"{live_server.url}/mentoring/people/{pupil.pk}/")
    page.click(f"a[href$='/people/{pupil.pk}/consent/?kind=publication']")
    page.fill("input[name=representative_name]", "Шевчук Анна Сергеевна")
    page.fill("input[name=representative_basis]", "свидетельство о рождении II-АБ 123456")
    page.screenshot(path=str(SHOTS / "publication-consent-form.png"), full_page=True)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(f"**/people/{pupil.pk}/")
    assert pupil.consents.filter(kind="publication").exists()
    page.screenshot(path=str(SHOTS / "person-card.png"), full_page=True)
    assert "Прекратить публикацию" in page.content()
