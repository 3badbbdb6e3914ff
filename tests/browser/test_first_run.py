"""A school starts from an empty database without the admin: createsuperuser → log in → setup → contingent →
the curator's dashboard with the start checklist. No /admin/ URL is ever requested."""

import pytest
from django.core.management import call_command

from mentoring.models import AcademicYear, Contingent, Organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_first_run_from_an_empty_database(page, live_server, monkeypatch, tmp_path):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "first-run-pass-123")
    call_command("createsuperuser", interactive=False, username="admin", email="admin@school.example")
    requested = []
    page.on("request", lambda request: requested.append(request.url))

    page.goto(f"{live_server.url}/")
    page.fill("input[name=username]", "admin")
    page.fill("input[name=password]", "first-run-pass-123")
    page.click("button[type=submit]")
    page.wait_for_url("**/mentoring/school/setup/")
    assert page.locator("h1").inner_text() == "Настройка школы"

    page.fill("input[name=full_name]", "Муниципальное бюджетное общеобразовательное учреждение «Школа № 7»")
    page.fill("input[name=short_name]", "МБОУ Школа № 7")
    page.select_option("select[name=kind]", "school")
    page.fill("input[name=address]", "610000, г. Киров, ул. Новая, д. 7")
    page.fill("input[name=city]", "г. Киров")
    page.fill("input[name=director_name]", "Н. В. Директорова")
    assert page.input_value("input[name=year_title]")  # proposed from today
    page.fill("input[name=curator_last_name]", "Кураторова")
    page.fill("input[name=curator_first_name]", "Мария")
    page.click("form[data-form=setup] button[type=submit]")

    page.wait_for_url("**/mentoring/school/contingent/**")
    assert "Школа настроена" in page.locator(".alert").first.inner_text()
    for name, value in (
        ("pupils_total", "640"),
        ("pupils_10_18", "420"),
        ("pupils_15_19", "160"),
        ("teachers", "52"),
        ("young_teachers", "7"),
    ):
        page.fill(f"input[name={name}]", value)
    page.click("form[data-form=contingent] button[type=submit]")
    page.wait_for_load_state()
    assert "сохранён" in page.locator(".alert").first.inner_text()

    page.goto(f"{live_server.url}/")
    page.wait_for_url("**/home/curator/")
    checklist = page.locator("[data-panel=start-checklist]")
    assert checklist.is_visible()
    for code in ("requisites", "year", "contingent"):
        assert checklist.locator(f"[data-step={code}]").get_attribute("data-done") == "1"
    assert checklist.locator("[data-step=roadmap]").get_attribute("data-done") == "0"

    # Each line leads to where the step is done: the roadmap, created from the template.
    checklist.locator("[data-step=roadmap] a").click()
    page.wait_for_url("**/roadmap/")
    page.click("[data-testid=create-roadmap]")
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/home/curator/")
    assert page.locator("[data-step=roadmap]").get_attribute("data-done") == "1"
    page.screenshot(path=str(tmp_path / "first-run-dashboard.png"), full_page=True)

    # A year later: «Начать новый учебный год» from the settings, a preview, one click; a second time is refused.
    page.click("nav [data-bs-toggle=dropdown] >> nth=-1")  # the user menu holds the settings
    page.click("nav >> text=Настройки школы")
    page.click("a.nav-link >> text=Учебные годы")
    page.click("text=Начать новый учебный год")
    page.wait_for_url("**/documents/new-year/")
    assert page.locator("[data-preview]").is_visible()
    page.screenshot(path=str(tmp_path / "new-year-preview.png"), full_page=True)
    page.click("form[data-form=new-year] button[type=submit]")
    page.wait_for_url("**/home/curator/")
    assert "начат" in page.locator(".alert").first.inner_text()
    page.go_back()
    page.reload()
    assert page.locator("[data-new-year-refused]").is_visible()
    assert AcademicYear.objects.count() == 2

    org = Organisation.objects.get()
    assert org.director_position == "Директор"
    assert Contingent.objects.get(year=AcademicYear.objects.get(previous__isnull=True)).pupils_total == 640
    assert not [url for url in requested if "/admin/" in url]
