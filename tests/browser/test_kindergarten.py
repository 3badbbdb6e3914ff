"""A kindergarten starts from an empty database, as a new user would: setup → contingent of its staff → people
without classes → a person form without pupils → monitoring without pupils' shares → its roadmap template."""

import pytest
from django.core.management import call_command

from mentoring.models import Organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_kindergarten_first_run(page, live_server, monkeypatch, tmp_path):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "first-run-pass-123")
    call_command("createsuperuser", interactive=False, username="admin", email="admin@sad.example")
    page.goto(f"{live_server.url}/")
    page.fill("input[name=username]", "admin")
    page.fill("input[name=password]", "first-run-pass-123")
    page.click("button[type=submit]")
    page.wait_for_url("**/mentoring/school/setup/")

    page.fill("input[name=full_name]", "Муниципальное бюджетное дошкольное образовательное учреждение «Д/с № 5»")
    page.fill("input[name=short_name]", "МБДОУ «Детский сад № 5»")
    page.select_option("select[name=kind]", "kindergarten")
    page.fill("input[name=address]", "610000, г. Киров, ул. Садовая, д. 5")
    page.fill("input[name=city]", "г. Киров")
    page.fill("input[name=director_name]", "Е. А. Смирнова")
    page.fill("input[name=curator_last_name]", "Кураторова")
    page.fill("input[name=curator_first_name]", "Мария")
    page.click("form[data-form=setup] button[type=submit]")

    page.wait_for_url("**/mentoring/school/contingent/**")
    assert page.locator("input[name=pupils_total]").count() == 0  # a kindergarten counts its staff
    page.fill("input[name=teachers]", "30")
    page.fill("input[name=young_teachers]", "4")
    page.click("form[data-form=contingent] button[type=submit]")
    page.wait_for_load_state()
    assert "сохранён" in page.locator(".alert").first.inner_text()

    page.goto(f"{live_server.url}/mentoring/people/new/")
    options = page.locator("select[name=category] option").all_inner_texts()
    assert "Воспитатель" in options and "Обучающийся" not in options
    assert page.locator("input[name=grade]").count() == 0
    page.fill("input[name=last_name]", "Петрова")
    page.fill("input[name=first_name]", "Анна")
    page.select_option("select[name=category]", "educator")
    page.click("form.narrow-form button[type=submit]")
    page.wait_for_load_state()

    page.goto(f"{live_server.url}/mentoring/people/")
    table = page.locator("table").first.inner_text()
    assert "Петрова Анна" in table and "Воспитатель" in table and "Класс" not in page.content()
    page.screenshot(path=str(tmp_path / "kindergarten-people.png"), full_page=True)

    page.goto(f"{live_server.url}/monitoring/")
    assert page.locator("[data-share=share_students_mentees]").count() == 0
    assert page.locator("[data-share=share_young_teachers_mentees]").count() == 1

    page.goto(f"{live_server.url}/roadmap/")
    page.click("[data-testid=create-roadmap]")
    page.wait_for_load_state()
    assert "режимных моментов" in page.content()
    assert Organisation.objects.get().head_title == "Заведующий"
