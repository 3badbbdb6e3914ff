"""Issue 14 in the browser: people file → the bank file before consents (the preview names who lacks one and
prints their forms) → consents recorded → the federal mentee-bank file with a totals row and a repeated row →
every pupil in the bank once → the same file again creates nobody."""

import pytest
from django.contrib.auth.models import Group

from mentoring.models import MenteeProfile, Person
from reports.models import GeneratedDocument
from tests import factories
from tests.factories_imports import raw_xlsx

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PUPILS = [
    ("Соколова Алиса Андреевна", "6А", "14.05.2014"),
    ("Орлов Матвей Ильич", "6А", "28.02.2014"),
    ("Иванова Мария Петровна", "7Б", "12.03.2013"),
]
PEOPLE_HEADER = ["ФИО", "Категория", "Класс", "Дата рождения"]
BANK_HEADER = [
    "№", "ФИО наставляемого", "Год рождения", "Класс", "Основной запрос наставляемого", "Форма наставничества",
    "Телефон родителя", "Примечание",
]  # fmt: skip


def bank_rows():
    rows = [
        [str(i + 1), name, born[-4:], grade, "Подготовка к олимпиаде", "ученик — ученик", f"+7 900 000-00-0{i}", ""]
        for i, (name, grade, born) in enumerate(PUPILS)
    ]
    rows.append(rows[1])  # the same pupil twice, cell for cell (row 5 repeats row 3)
    rows.append(["", "Итого", "", "", "", "", "", "3 человека"])
    return rows


def _upload(page, live_server, content, target, name):
    page.goto(f"{live_server.url}/mentoring/import/")
    page.set_input_files("input[name=file]", files=[{"name": name, "mimeType": XLSX, "buffer": content}])
    page.check(f"input[name=target][value={target}]")
    page.click("main form button[type=submit]")
    page.wait_for_selector("#import-rows, #import-failed, #import-done")


def _row(page, number):
    return page.locator(f"#import-rows tr[data-row='{number}']")


def _record_parent_consent(page, live_server, pupil):
    page.goto(f"{live_server.url}/mentoring/people/{pupil.pk}/consent/")
    assert page.locator("select[name=signed_by]").input_value() == "representative"
    page.fill("input[name=representative_name]", f"{pupil.last_name} Елена Петровна")
    page.fill("input[name=representative_relation]", "мать")
    page.fill("input[name=representative_basis]", "свидетельство о рождении")
    page.click("main form button[type=submit]")
    page.wait_for_url(f"**/mentoring/people/{pupil.pk}/")


def test_curator_fills_the_mentee_bank_from_the_federal_form(page, live_server, login_as, tmp_path):
    Group.objects.get_or_create(name="curator")
    year = factories.AcademicYearFactory()
    factories.UserFactory(roles=["curator"], username="curator")
    login_as("curator")

    # 1. The class list.
    people = raw_xlsx(PEOPLE_HEADER, [[n, "обучающийся", g, b] for n, g, b in PUPILS])
    _upload(page, live_server, people, "people", "классы.xlsx")
    assert page.locator("[data-summary=create]").inner_text().endswith("3")
    page.click("#confirm-import")
    page.wait_for_selector("#import-done")
    assert Person.objects.count() == 3

    # 2. The bank before any consent: the found pupils are named, with their consent forms to print.
    bank = raw_xlsx(BANK_HEADER, bank_rows())
    _upload(page, live_server, bank, "mentees", "база наставляемых.xlsx")
    assert _row(page, 2).get_attribute("data-status") == "no_consent"
    assert "нет действующего согласия на обработку персональных данных: Соколова Алиса Андреевна" in (
        _row(page, 2).inner_text()
    )
    assert "по ФИО и году рождения" in _row(page, 2).inner_text()
    assert page.locator("#confirm-import").count() == 0
    page.screenshot(path=str(tmp_path / "no-consent.png"), full_page=True)
    page.click("#import-no-consent button[type=submit]")
    page.wait_for_url("**/documents/*-*/")
    page.wait_for_selector("[data-role=download]:visible", timeout=60_000)
    document = GeneratedDocument.objects.get()
    assert document.status == "done" and document.params == {
        "person_ids": sorted(Person.objects.values_list("pk", flat=True))
    }

    # 3. The parents sign; the curator records each consent.
    for pupil in Person.objects.order_by("pk"):
        _record_parent_consent(page, live_server, pupil)

    # 4. The same bank file: the totals row is skipped, the repeated row merged, every pupil found.
    _upload(page, live_server, bank, "mentees", "база наставляемых.xlsx")
    page.screenshot(path=str(tmp_path / "bank-preview.png"), full_page=True)
    assert "строка 5 повторяет строку 3" in _row(page, 5).inner_text()
    assert "строка итогов («Итого»)" in _row(page, 6).inner_text()
    assert "Примечание" in page.locator("#ignored-columns").inner_text()
    assert "№" in page.locator("#ignored-columns").inner_text()
    assert page.locator("[data-summary=create]").inner_text().endswith("0")
    page.click("#confirm-import")
    page.wait_for_selector("#import-done")
    assert Person.objects.count() == 3
    assert MenteeProfile.objects.filter(year=year).count() == 3
    sokolova = Person.objects.get(last_name="Соколова")
    assert sokolova.representative_contacts == "+7 900 000-00-00" and sokolova.phone == ""
    page.goto(f"{live_server.url}/mentoring/banks/mentees/")
    table = page.locator("table.bank-table").inner_text()
    assert all(table.count(name) == 1 for name, _g, _b in PUPILS)

    # 5. Once more: nobody new, nothing changed.
    _upload(page, live_server, bank, "mentees", "база наставляемых.xlsx")
    assert page.locator("[data-summary=create]").inner_text().endswith("0")
    assert page.locator("[data-summary=unchanged]").inner_text().endswith("3")
    page.click("#confirm-import")
    page.wait_for_selector("#import-done")
    assert Person.objects.count() == 3 and MenteeProfile.objects.count() == 3
