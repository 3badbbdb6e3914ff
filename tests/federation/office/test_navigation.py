"""A hub's menu and home lead to the office's pages; a school's stay as they were."""

import pytest

from tests import factories

from .hubdata import hub

pytestmark = pytest.mark.django_db


def test_on_a_hub_the_home_leads_to_the_office_and_the_menu_hides_the_school_pages(client):
    hub()
    client.force_login(factories.UserFactory(username="methodist", roles=["curator"]))
    response = client.get("/")
    assert response.status_code == 302 and response.url == "/municipal/"
    page = client.get("/municipal/").content.decode()
    assert 'href="/municipal/rollup/"' in page and 'href="/municipal/agreements/"' in page
    assert "/mentoring/pairing/" not in page and "/mentoring/banks/" not in page and 'href="/home/curator/"' not in page


def test_on_a_school_the_menu_and_home_are_unchanged(client):
    factories.OrganisationFactory()
    factories.AcademicYearFactory()
    client.force_login(factories.UserFactory(username="curator", roles=["curator"]))
    response = client.get("/")
    assert response.status_code == 302 and response.url == "/home/curator/"
    page = client.get("/home/curator/").content.decode()
    assert 'href="/home/curator/"' in page and "/municipal/" not in page


def test_changing_the_kind_changes_the_menu_at_once(client):
    organisation = factories.OrganisationFactory()
    factories.AcademicYearFactory()
    client.force_login(factories.UserFactory(username="head", roles=["director"]))
    assert "/municipal/" not in client.get("/home/director/").content.decode()
    organisation.kind = "municipal"
    organisation.save()
    assert 'href="/municipal/"' in client.get("/home/director/").content.decode()
