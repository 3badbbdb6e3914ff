"""The page cache in a real browser: a list served again is the same list, and a change made through the forms
shows at once on the next visit (mentoring.page_cache)."""

import pytest
from django.contrib.auth.models import Group

from mentoring.models import Person
from mentoring.page_cache import HEADER, data_snapshot
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_cached_list_shows_a_change_made_through_the_form_at_once(page, live_server, login_as):
    Group.objects.get_or_create(name="curator")
    factories.OrganisationFactory()
    factories.AcademicYearFactory()
    factories.UserFactory(roles=["curator"], username="curator")
    factories.PersonFactory(last_name="Громова", first_name="Вера")
    login_as("curator")
    people = f"{live_server.url}/mentoring/people/"

    assert page.goto(people).headers[HEADER.lower()] == "miss"
    for _ in range(20):  # until no transaction ended on the server between the two visits (another process's)
        before = data_snapshot()
        page.goto(people)
        again = page.goto(people)
        if data_snapshot() == before:
            break
    assert again.headers[HEADER.lower()] == "hit"
    assert "Громова Вера" in page.locator("main table").inner_text()

    page.click("text=Громова Вера")
    page.click("main a[href$='/edit/']")
    page.fill("input[name=last_name]", "Громова-Светлова")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert Person.objects.filter(last_name="Громова-Светлова").exists()

    after = page.goto(people)
    assert after.headers[HEADER.lower()] == "miss"
    table = page.locator("main table").inner_text()
    assert "Громова-Светлова Вера" in table
    assert "Громова Вера" not in table
