"""The curator creates the year's roadmap from the template, moves a deadline, marks an item done and downloads
the roadmap PDF through the document engine."""

import datetime

import pytest
from django.contrib.auth.models import Group

from mentoring.choices import Role
from roadmap.models import RoadmapItem
from tests import factories
from tests.pdf import pdf_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_curator_builds_edits_and_prints_the_roadmap(page, live_server, login_as):
    for role in Role.values:  # a transactional test may run after a flush that emptied the roles table
        Group.objects.get_or_create(name=role)
    factories.OrganisationFactory()
    year = factories.AcademicYearFactory()
    factories.UserFactory(roles=["curator"], username="curator")

    login_as("curator")
    page.goto(f"{live_server.url}/roadmap/")
    page.get_by_test_id("create-roadmap").click()
    page.wait_for_load_state()
    assert page.locator("tr.roadmap-stage").count() == 9
    assert page.locator("tr.roadmap-item").count() == RoadmapItem.objects.filter(stage__year=year).count() > 20

    # Move the deadline of the pairing order to 4 December.
    pairing = RoadmapItem.objects.get(stage__year=year, order_type="pairing")
    new_deadline = datetime.date(year.start_date.year, 12, 4)
    page.locator(f"#item-{pairing.pk}").get_by_role("link", name="Изменить").click()
    page.fill("input[name=period_start]", "")
    page.fill("input[name=period_end]", new_deadline.isoformat())
    page.get_by_role("button", name="Сохранить").click()
    page.wait_for_load_state()
    assert page.locator(f"#item-{pairing.pk} [data-item-dates]").inner_text() == f"до {new_deadline:%d.%m.%Y}"
    pairing.refresh_from_db()
    assert pairing.period_end == new_deadline and pairing.period_start is None

    # Mark the first item of the mentee bank stage done.
    item = RoadmapItem.objects.filter(stage__year=year, stage__kind="mentee_bank").order_by("position").first()
    row = page.locator(f"#item-{item.pk}")
    row.locator("select[name=status]").select_option("done")
    row.get_by_role("button", name="Сохранить").click()
    page.wait_for_load_state()
    assert page.locator(f"#item-{item.pk} [data-item-status]").get_attribute("data-item-status") == "done"
    item.refresh_from_db()
    assert item.status == "done" and item.done_on is not None

    # The roadmap PDF through the document engine.
    page.get_by_role("button", name="Дорожная карта (PDF)").click()
    page.wait_for_url("**/documents/*/")
    link = page.locator("[data-role=download]")
    link.wait_for(state="visible")
    with page.expect_download() as download_info:
        link.click()
    pdf = download_info.value.path().read_bytes()
    text = pdf_text(pdf)
    assert "Приложение 2" in text
    assert "ДОРОЖНАЯ КАРТА (ПЛАН МЕРОПРИЯТИЙ)" in text
    assert f"до {new_deadline:%d.%m.%Y}" in text
