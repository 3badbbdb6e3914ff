"""A municipal education office starts from an empty database, as a new methodist would: setup of the kind
«муниципальный орган управления образованием» → the office's menu → a school registered with its one-time code →
the roll-up before and after the school's package → a target with the school below it → the school's roadmap
returned (a comment is required) → an information letter → the base of practices searched."""

import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from federation.hub.ingest import package_ingest
from federation.hub.registry import school_connect
from federation.models import RoadmapAgreement
from mentoring.models import AcademicYear
from tests.browser.axe import serious_violations
from tests.federation.helpers import sample_package

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCHOOL = "МБОУ «Средняя школа № 7»"


@pytest.fixture
def browser_context_args(browser_context_args):
    # Our CSP forbids inline scripts; axe is injected as one, so only the test context bypasses the CSP.
    return {**browser_context_args, "bypass_csp": True, "locale": "ru-RU"}


def test_municipal_office_walkthrough(page, live_server, monkeypatch, tmp_path):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "first-run-pass-123")
    call_command("createsuperuser", interactive=False, username="admin", email="admin@uo.example")
    page.goto(f"{live_server.url}/")
    page.fill("input[name=username]", "admin")
    page.fill("input[name=password]", "first-run-pass-123")
    page.click("button[type=submit]")
    page.wait_for_url("**/mentoring/school/setup/")

    options = page.locator("select[name=kind] option").all_inner_texts()
    assert any("муниципальный орган управления образованием" in o.lower() for o in options), options
    page.fill("input[name=full_name]", "Управление образования администрации города Кирова")
    page.fill("input[name=short_name]", "Управление образования г. Кирова")
    page.select_option("select[name=kind]", "municipal")
    page.fill("input[name=address]", "610000, г. Киров, ул. Спасская, д. 1")
    page.fill("input[name=city]", "г. Киров")
    page.fill("input[name=director_name]", "О. П. Начальникова")
    page.fill("input[name=curator_last_name]", "Методистова")
    page.fill("input[name=curator_first_name]", "Ирина")
    page.click("form[data-form=setup] button[type=submit]")
    # The office has no contingent of pupils: setup leads to its own start page, not to the school's contingent.
    page.wait_for_url("**/municipal/")
    assert "Управление образования настроено" in page.locator(".alert").first.inner_text()
    year = AcademicYear.objects.get().title

    # The menu is the office's: its pages, not the school's banks and pairs.
    nav = page.locator("nav").first
    for label in ("Школы", "Дорожные карты ОО", "Свод", "База программ", "Письма"):
        assert nav.get_by_role("link", name=label, exact=True).count() == 1, label
    for school_page in ("mentoring:mentee_bank", "mentoring:mentor_bank", "mentoring:group_list", "curator_home"):
        assert nav.locator(f"a[href='{reverse(school_page)}']").count() == 0, school_page
    assert "Пары" not in nav.inner_text() and "банк" not in nav.inner_text().lower()

    # Register a school: the one-time code is shown.
    page.click("nav >> text=Школы")
    page.wait_for_url("**/municipal/schools/")
    page.click("main >> text=Зарегистрировать школу")
    page.wait_for_url("**/municipal/schools/new/")
    page.fill("input[name=name]", SCHOOL)
    page.select_option("select[name=kind]", "school")
    page.fill("[name=contact]", "8 (8332) 64-00-07, school7@kirov.example")
    page.click("form:has([name=contact]) button[type=submit]")
    page.wait_for_load_state()
    assert "Код подключения" in page.locator("h1").inner_text()
    code = page.locator("[data-role=code]").inner_text().strip()
    assert code

    # Before any package the school is «sent no data this year».
    page.click("nav >> text=Свод")
    page.wait_for_url("**/municipal/rollup/")
    row = page.locator(f"tr[data-school='{SCHOOL}']")
    assert "не присылала данные в этом году" in row.inner_text()

    # The school connects with the code and its package arrives through the hub's ingest.
    school, _token = school_connect(code=code, school_name=SCHOOL)
    body = sample_package(
        year, name=SCHOOL, items=3,
        cases=[{"external_id": "case-1", "title": "Наставник для молодого учителя физики",
                "summary": "Как молодой учитель освоил лабораторные работы", "body": "Подробный рассказ.",
                "form": "", "mentoring_type": "", "directions": [], "published_on": f"{year[:4]}-10-01"}],
    )  # fmt: skip
    result = package_ingest(school=school, raw=json.dumps(body, ensure_ascii=False).encode())
    assert result.status == "accepted", result

    page.reload()
    row = page.locator(f"tr[data-school='{SCHOOL}']")
    assert "не присылала" not in row.inner_text()
    assert "40" in row.inner_text()
    # A target above the school's share: the school is highlighted below it.
    target_form = page.locator("form:has(input[name=code][value=share_involved])")
    target_form.locator("input[name=target_percent]").fill("50")
    target_form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    row = page.locator(f"tr[data-school='{SCHOOL}']")
    assert "ниже" in row.inner_text().lower(), row.inner_text()
    page.screenshot(path=str(tmp_path / "rollup.png"), full_page=True)
    assert serious_violations(page) == []

    # The roadmap awaiting agreement: returned without a comment is refused, with a comment accepted.
    page.click("nav >> text=Дорожные карты ОО")
    page.wait_for_load_state()
    page.click(f"text={SCHOOL}")
    page.wait_for_load_state()
    assert "Мероприятие 3" in page.content()
    page.check("input[name=decision][value=returned]")
    page.click("form:has(input[name=decision]) button[type=submit]")
    page.wait_for_load_state()
    feedback = page.locator(".invalid-feedback, .errorlist").first.inner_text()
    assert feedback == "Укажите, что нужно доработать.", feedback
    assert "is-invalid" in page.locator("textarea[name=comment]").get_attribute("class")
    assert page.locator("[data-decision=awaiting]").inner_text() == "ожидает согласования"
    assert serious_violations(page) == []
    page.check("input[name=decision][value=returned]")
    page.fill("textarea[name=comment]", "Уточните сроки мероприятий второго этапа.")
    page.click("form:has(input[name=decision]) button[type=submit]")
    page.wait_for_url("**/municipal/agreements/")
    assert "Решение сохранено" in page.locator(".alert").first.inner_text()
    assert "возвращена на доработку" in page.locator("tr[data-agreement]").inner_text().lower()
    page.click(f"text={SCHOOL}")
    page.wait_for_load_state()
    assert page.locator("[data-decision=returned]").count() == 1
    assert "Уточните сроки мероприятий второго этапа." in page.locator("main p").nth(1).inner_text()
    assert RoadmapAgreement.objects.get(school=school).decision == "returned"

    # An information letter to that school.
    page.click("nav >> text=Письма")
    page.wait_for_load_state()
    page.fill("input[name=title]", "О сроках мониторинга наставничества")
    page.fill("textarea[name=text]", "Просим направить данные до 20 декабря.")
    page.uncheck("input[name=to_all]")
    page.get_by_label(SCHOOL).check()
    page.click("form button[type=submit] >> text=Опубликовать")
    page.wait_for_load_state()
    card = page.locator("[data-letter]").first.inner_text()
    assert "О сроках мониторинга наставничества" in card and SCHOOL in card, card

    # The base of practices finds the school's case by a word.
    page.click("nav >> text=База программ")
    page.wait_for_load_state()
    page.fill("input[name=q]", "физики")
    page.click("form[method=get] button[type=submit]")
    page.wait_for_load_state()
    assert "Наставник для молодого учителя физики" in page.content()
    assert serious_violations(page) == []
    page.fill("input[name=q]", "балет")
    page.click("form[method=get] button[type=submit]")
    page.wait_for_load_state()
    assert "Наставник для молодого учителя физики" not in page.content()
