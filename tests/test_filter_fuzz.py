"""Malformed query strings on every list view give the page (filter ignored) or a 400 — never a 500.

The views are found by walking the URL configuration (as tests/test_access_matrix.py does): every GET page of
our apps without a path parameter, opened by the curator and by the director with each filter the views read
set to a hostile value. The test client re-raises a view's exception, so a 500 fails the test with its cause.
"""

import pytest
from django.urls import get_resolver

from tests import factories
from tests.test_access_matrix import OUR_APPS, _walk

# Every name a list view of ours reads from the query string, and a few it might one day.
PARAMS = ("q", "status", "year", "page", "kind", "category", "form", "group", "mentee", "mentor", "stage", "role")
HOSTILE = ("%00", "abc", "-1.5e400", "99999999999999999999999999", "%FF%FE%E2%80%AE'--", "x" * 3000)
# Pages that answer GET with a file or a redirect are still walked; POST-only actions answer 405.
SKIP = ("nastavnichestvo/news/feed/", "nastavnichestvo/news/rss/")


def _list_routes():
    for route, pattern in _walk(get_resolver().url_patterns):
        module = getattr(pattern.callback, "__module__", "")
        if route.startswith("admin/") or module.split(".")[0] not in OUR_APPS or "<" in route or route in SKIP:
            continue
        yield "/" + route


ROUTES = sorted(set(_list_routes()))


@pytest.fixture
def school(year, organisation):
    """A little of everything, so the filtered lists have rows to filter."""
    group = factories.GroupFactory(year=year)
    factories.MentorProfileFactory(year=year)
    factories.MenteeProfileFactory(year=year)
    return group


def test_the_walk_finds_the_list_views():
    for expected in ("/mentoring/banks/mentees/", "/mentoring/people/", "/documents/orders/", "/monitoring/"):
        assert expected in ROUTES
    assert len(ROUTES) > 25


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["curator", "director"])
@pytest.mark.parametrize("url", ROUTES)
def test_hostile_filters_never_break_a_list_view(client, school, role, url):
    client.force_login(factories.UserFactory(roles=[role], username=f"fuzz-{role}"))
    baseline = client.get(url).status_code
    for value in HOSTILE:
        query = "&".join(f"{name}={value}" for name in PARAMS)
        response = client.get(f"{url}?{query}")
        assert response.status_code < 500, (url, value, response.status_code)
        if baseline == 200:
            assert response.status_code in (200, 400), (url, value, response.status_code)
