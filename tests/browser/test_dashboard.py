"""The curator logs in through the real login form and sees the Russian dashboard with the demo counts."""

import pytest
from django.core.management import call_command

from mentoring.models import Person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_curator_sees_russian_dashboard_with_demo_counts(page, live_server):
    call_command("demo_school")
    page.goto(f"{live_server.url}/")
    assert "/accounts/login/" in page.url
    page.fill("input[name=username]", "curator")
    page.fill("input[name=password]", "demo-2026")
    page.click("button[type=submit]")
    page.wait_for_url("**/home/curator/")
    assert page.locator("h1").inner_text() == "Панель куратора"
    assert page.locator("[data-count=people]").inner_text() == str(Person.objects.active().count())
    assert page.locator("html").get_attribute("lang") == "ru"
