"""The curator's October in the browser: import with a bad row, fix, import, consent for a minor, mentee bank."""

import pytest
from django.contrib.auth.models import Group

from mentoring.models import MenteeProfile, Person
from tests import factories
from tests.factories_banks import PEOPLE_HEADER, xlsx_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

ROWS = [
    ["Соколова Алиса Андреевна", "обучающийся", "", "", "6А", "14.05.2014", "+7 912 111-22-33"],
    ["Орлов Матвей Ильич", "обучающийся", "", "", "6А", "31.02.2014", ""],  # row 3: no 31 February
    ["Лебедева Ирина Викторовна", "учитель", "учитель", "математика", "", "02.03.1979", "lebedeva@school.example"],
]


def _upload(page, live_server, rows):
    page.goto(f"{live_server.url}/mentoring/import/")
    page.set_input_files(
        "input[name=file]",
        files=[{"name": "6А.xlsx", "mimeType": XLSX, "buffer": xlsx_bytes(rows, header=PEOPLE_HEADER)}],
    )
    page.check("input[name=target][value=people]")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()


def test_curator_imports_fixes_records_a_parents_consent_and_fills_the_mentee_bank(page, live_server, login_as):
    Group.objects.get_or_create(name="curator")
    factories.AcademicYearFactory()
    factories.UserFactory(roles=["curator"], username="curator")
    login_as("curator")

    # 1. A file with one bad row: the preview names the row and the column, and offers no import.
    _upload(page, live_server, ROWS)
    errors = page.locator("#import-errors")
    assert "Строка 3, столбец F «Дата рождения»" in errors.inner_text()
    assert "31.02.2014" in errors.inner_text()
    assert page.locator("#confirm-import").count() == 0
    assert Person.objects.count() == 0

    # 2. The fixed file: preview, then import.
    fixed = [list(r) for r in ROWS]
    fixed[1][5] = "28.02.2014"
    _upload(page, live_server, fixed)
    assert page.locator("[data-summary=create]").inner_text().endswith("3")
    page.click("#confirm-import")
    page.wait_for_selector("#import-done")
    assert Person.objects.count() == 3
    page.click("#import-done + p a.btn-primary")
    page.wait_for_url("**/mentoring/people/")

    # 3. The pupil's card: record the consent signed by her mother.
    page.fill("input[name=q]", "Соколова")
    page.click("form.filter-form button[type=submit]")
    page.click("text=Соколова Алиса Андреевна")
    pupil = Person.objects.get(last_name="Соколова")
    page.click(f"a[href='/mentoring/people/{pupil.pk}/consent/']")
    assert page.locator("select[name=signed_by]").input_value() == "representative"
    assert "наставничества" in page.locator("textarea[name=purpose]").input_value()
    page.fill("input[name=representative_name]", "Соколова Елена Петровна")
    page.fill("input[name=representative_relation]", "мать")
    page.fill("input[name=representative_basis]", "свидетельство о рождении II-ИР № 654321")
    page.click("main form button[type=submit]")
    page.wait_for_url(f"**/mentoring/people/{pupil.pk}/")
    assert page.locator("[data-consent=valid]").count() == 1
    assert "Соколова Елена Петровна" in page.content()

    # 4. Into the mentee bank of the year.
    page.click(f"a[href='/mentoring/people/{pupil.pk}/mentee-bank/']")
    page.check("input[name=requests][value=social]")  # a pupil chooses from the pupils' directions
    page.fill("textarea[name=request_text]", "Трудности в учёбе, адаптация в новом классе")
    page.click("main form button[type=submit]")
    page.wait_for_url(f"**/mentoring/people/{pupil.pk}/")
    entry = MenteeProfile.objects.get(person=pupil)
    assert entry.requests == ["social"] and entry.status == "awaiting"
    page.goto(f"{live_server.url}/mentoring/banks/mentees/")
    assert "Соколова Алиса Андреевна" in page.locator("table.bank-table").inner_text()
    assert "Соколова Алиса Андреевна" in page.locator("#without-mentor").inner_text()
