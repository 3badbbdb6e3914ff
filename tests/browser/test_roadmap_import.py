"""The curator uploads the ДДТ's roadmap as a Word file, fixes one period in the preview, confirms and sees the
timeline."""

import datetime

import pytest
from django.contrib.auth.models import Group

from mentoring.choices import Role
from roadmap.models import RoadmapItem
from tests import factories
from tests.roadmap.seed_tables import EXPECTED, build_docx

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_curator_imports_a_word_roadmap(page, live_server, login_as, tmp_path):
    for role in Role.values:  # a transactional test may run after a flush that emptied the roles table
        Group.objects.get_or_create(name=role)
    factories.OrganisationFactory()
    year = factories.AcademicYearFactory()
    factories.UserFactory(roles=["curator"], username="curator")
    source = tmp_path / "Дорожная карта ДДТ.docx"
    source.write_bytes(build_docx("ddt"))

    login_as("curator")
    page.goto(f"{live_server.url}/roadmap/")
    page.get_by_test_id("import-roadmap").click()
    page.set_input_files("input[name=file]", str(source))
    page.get_by_test_id("import-upload").click()
    page.wait_for_load_state()
    assert page.locator("tr[data-item]").count() == EXPECTED["ddt"][1]
    page.screenshot(path=str(tmp_path / "preview.png"), full_page=True)

    # «Разработка модели сетевого взаимодействия» (stage 1, item 3): «июль-сентябрь» becomes «октябрь».
    row = page.locator("tr[data-item='0-2']")
    assert "с месяца по месяц" in row.locator("[data-reading]").inner_text()
    row.locator("input").fill("октябрь")
    page.get_by_test_id("import-reread").click()
    page.wait_for_load_state()
    reading = page.locator("tr[data-item='0-2'] [data-reading]").inner_text()
    start = year.start_date.year
    assert f"01.10.{start} – 31.10.{start}" in reading and "исправлено" in reading

    page.get_by_test_id("import-confirm").click()
    page.wait_for_load_state()
    assert "Дорожная карта импортирована" in page.content()
    assert page.locator("tr.roadmap-stage").count() == EXPECTED["ddt"][0]
    assert page.locator("tr.roadmap-item").count() == EXPECTED["ddt"][1]
    page.screenshot(path=str(tmp_path / "timeline.png"), full_page=True)
    item = RoadmapItem.objects.get(stage__year=year, title__startswith="Разработка модели сетевого")
    assert (item.period_start, item.period_end) == (datetime.date(start, 10, 1), datetime.date(start, 10, 31))
    assert page.locator(f"#item-{item.pk} [data-item-dates]").inner_text() == f"01.10.{start} – 31.10.{start}"
