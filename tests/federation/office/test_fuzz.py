"""Hostile query strings on the office's pages and the school's base give the page — never a 500."""

import pytest

from tests import factories
from tests.test_filter_fuzz import HOSTILE

from .hubdata import hub, package, school

pytestmark = pytest.mark.django_db
PARAMS = ("year", "decision", "form", "mentoring_type", "direction", "q", "page")
OFFICE = ("/municipal/", "/municipal/rollup/", "/municipal/rollup/xlsx/", "/municipal/agreements/",
          "/municipal/letters/", "/municipal/base/", "/municipal/roadmap/")  # fmt: skip


def test_office_pages_ignore_hostile_filters(client):
    hub()
    package(school("А"), indicators={"share_involved": (1, 10)})
    client.force_login(factories.UserFactory(username="methodist", roles=["curator"]))
    for url in OFFICE:
        for name in PARAMS:
            for value in HOSTILE:
                assert client.get(f"{url}?{name}={value}").status_code == 200, (url, name, value)


def test_the_schools_base_ignores_hostile_filters(client):
    factories.OrganisationFactory()
    client.force_login(factories.UserFactory(username="curator", roles=["curator"]))
    for name in PARAMS:
        for value in HOSTILE:
            assert client.get(f"/federation/base/?{name}={value}").status_code == 200, (name, value)
