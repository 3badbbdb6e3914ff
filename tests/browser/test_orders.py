"""The curator prepares the pairing order and submits it; the director previews, approves and downloads it."""

from pathlib import Path

import pytest

from mentoring.models import MentoringGroup
from reports.models import Order
from tests import factories
from tests.pdf import pdf_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_pairing_order_from_draft_to_printed(page, live_server, login_as, organisation, year, curator, director):
    groups = [factories.GroupFactory(year=year) for _ in range(2)]
    mentor = groups[0].memberships.get(role="mentor").person

    login_as("curator")
    page.goto(f"{live_server.url}/documents/orders/")
    page.click("a[href$='/orders/new/pairing/']")
    for group in groups:
        page.check(f"input[name=groups][value='{group.pk}']")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/edit/")
    page.fill("textarea[name=preamble]", "На основании решения методического совета")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url("**/orders/*/")
    page.click("[data-action=submit]")
    page.wait_for_selector("[data-order-status=submitted]")
    order = Order.objects.get()
    assert order.status == "submitted" and order.preamble.startswith("На основании")

    page.context.clear_cookies()
    login_as("director")
    assert order.title in page.content()  # the director's home lists it
    page.click(f"#panel-orders-awaiting a[href$='/orders/{order.pk}/']")
    preview = page.request.get(live_server.url + page.locator("[data-action=preview]").get_attribute("href"))
    assert preview.headers["content-type"] == "application/pdf"
    assert "ПРОЕКТ" in pdf_text(preview.body()) and mentor.full_name in pdf_text(preview.body())
    page.click("[data-action=approve]")
    page.wait_for_selector("[data-order-status=approved]")
    with page.expect_download() as info:
        page.click("[data-action=download]")
    text = pdf_text(Path(info.value.path()).read_bytes())
    assert "№ 1-од" in text and "ПРОЕКТ" not in text and "С приказом ознакомлены" in text

    assert set(MentoringGroup.objects.filter(pk__in=[g.pk for g in groups]).values_list("status", flat=True)) == {
        "approved"
    }
    page.goto(f"{live_server.url}/home/director/")
    assert page.locator("[data-count=proposed]").inner_text() == "0"
