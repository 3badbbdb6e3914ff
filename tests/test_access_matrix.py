"""Every view checks the role: walk the whole URL configuration and try each page as an outsider."""

import uuid

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver

from tests import factories

# Pages strangers may see: the login flow and the public «Наставничество» section.
PUBLIC_PREFIXES = (
    "accounts/login",
    "accounts/password_reset",
    "accounts/reset",
    "accounts/invitation",  # the invitation link and the printed-code page (issue 13)
    "nastavnichestvo",
    "media",
    "static",
    "health",  # status of the services only (tests/operations/test_health.py)
    "api/federation/v1/schema",  # the package's published JSON schema (tests/federation/test_hub_api.py)
)
# …except the section's editing pages, which need a role like every other office page.
PRIVATE_UNDER_PUBLIC = ("nastavnichestvo/edit",)
OUR_APPS = ("mentoring", "programmes", "roadmap", "reports", "operations", "federation")


def _walk(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _walk(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), p


def _concrete(route: str) -> str:
    """Fill converters with plausible values so the URL resolves."""
    import re

    route = re.sub(r"<uuid:[^>]+>", str(uuid.uuid4()), route)
    route = re.sub(r"<int:[^>]+>", "1", route)
    route = re.sub(r"<slug:[^>]+>", "x", route)
    route = re.sub(r"<(str:)?[^>]+>", "x", route)
    return "/" + route.lstrip("^").rstrip("$").replace("\\Z", "")


def _our_routes():
    for route, pattern in _walk(get_resolver().url_patterns):
        module = getattr(pattern.callback, "__module__", "")
        if route.startswith("admin/") or module.split(".")[0] not in OUR_APPS:
            continue
        if route.startswith(PUBLIC_PREFIXES) and not route.startswith(PRIVATE_UNDER_PUBLIC):
            continue
        yield _concrete(route)


ROUTES = sorted(set(_our_routes()))


def test_the_matrix_covers_the_application():
    assert len(ROUTES) >= 4


@pytest.mark.django_db
@pytest.mark.parametrize("url", ROUTES)
def test_anonymous_visitor_is_sent_to_login(client, url):
    response = client.get(url)
    assert response.status_code in (302, 404, 405), f"{url} answered {response.status_code} to a stranger"
    if response.status_code == 302:
        assert "/accounts/login/" in response.url, f"{url} redirected to {response.url}"


@pytest.mark.django_db
@pytest.mark.parametrize("url", ROUTES)
def test_user_without_role_gets_nothing(client, url):
    """A logged-in account with no role must not see any of the office's pages (403/404), only its own home."""
    client.force_login(factories.UserFactory(username="norole"))
    response = client.get(url)
    if url == "/":
        assert response.status_code == 200
        return
    assert response.status_code in (403, 404, 405), f"{url} answered {response.status_code} to a user without role"


def test_every_model_has_an_admin():
    missing = [
        f"{m._meta.app_label}.{m.__name__}"
        for m in apps.get_models()
        if m._meta.app_label in OUR_APPS and not m._meta.auto_created and not admin.site.is_registered(m)
    ]
    assert missing == []


# The roadmap import (issue 19): the curator and the director only; a draft is its uploader's.
ROADMAP_IMPORT_URLS = ("/roadmap/import/", "/roadmap/import/1/", "/roadmap/import/1/discard/")


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["mentor", "mentee", "methodical_council", "site_editor", "curator", "director"])
def test_roadmap_import_is_for_the_curator_and_the_director(client, role):
    assert set(ROADMAP_IMPORT_URLS) <= set(ROUTES)
    client.force_login(factories.UserFactory(username=f"import-{role}", roles=[role]))
    allowed = role in ("curator", "director")
    assert client.get(ROADMAP_IMPORT_URLS[0]).status_code == (200 if allowed else 403)
    for url in ROADMAP_IMPORT_URLS[1:]:  # no draft 1 of theirs: not found for those allowed
        assert client.post(url).status_code == (404 if allowed else 403)


# The municipal office's pages (issue 20): on a hub, its head (director) and methodists (curator) only; on a school
# they do not exist. The school's federation pages do not exist on a hub.
OFFICE_URLS = [url for url in ROUTES if url.startswith("/municipal/")]


def _hub():
    factories.OrganisationFactory(kind="municipal", short_name="Управление образования")


def _ask(client, url):
    """GET, or POST for the pages that only take a POST."""
    response = client.get(url)
    return client.post(url) if response.status_code == 405 else response


@pytest.mark.django_db
@pytest.mark.parametrize("url", OFFICE_URLS)
def test_office_pages_on_a_hub_are_for_the_head_and_the_methodists(client, url):
    _hub()
    response = _ask(client, url)
    assert response.status_code == 302 and "/accounts/login/" in response.url, url
    for role in ("mentor", "mentee", "methodical_council", "site_editor"):
        client.force_login(factories.UserFactory(username=f"hub-{role}", roles=[role]))
        assert _ask(client, url).status_code == 403, (url, role)
    for role in ("curator", "director"):
        client.force_login(factories.UserFactory(username=f"hub-{role}", roles=[role]))
        assert _ask(client, url).status_code in (200, 302, 404), (url, role)


@pytest.mark.django_db
@pytest.mark.parametrize("url", OFFICE_URLS)
def test_office_pages_do_not_exist_on_a_school(client, url):
    factories.OrganisationFactory()
    client.force_login(factories.UserFactory(username="school-curator", roles=["curator"]))
    assert _ask(client, url).status_code == 404


SCHOOL_FEDERATION_URLS = ["/federation/base/", "/federation/base/1/start/"]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["mentor", "mentee", "site_editor", "methodical_council", "curator", "director"])
def test_the_base_of_practices_at_a_school(client, role):
    assert set(SCHOOL_FEDERATION_URLS) <= set(ROUTES)
    factories.OrganisationFactory()
    client.force_login(factories.UserFactory(username=f"base-{role}", roles=[role]))
    assert client.get(SCHOOL_FEDERATION_URLS[0]).status_code == (
        403 if role in ("mentor", "mentee", "site_editor") else 200
    )
    assert client.post(SCHOOL_FEDERATION_URLS[1]).status_code == (404 if role == "curator" else 403)


@pytest.mark.django_db
def test_the_base_of_practices_does_not_exist_on_a_hub(client):
    _hub()
    client.force_login(factories.UserFactory(username="hub-curator", roles=["curator"]))
    assert client.get(SCHOOL_FEDERATION_URLS[0]).status_code == 404


# The municipal office (issue 20): on a hub installation its pages are for its head and methodists only; the exchange
# API answers only with a valid school token; a school's exchange pages do not exist there.
HUB_ROUTES = [url for url in ROUTES if url.startswith("/municipal/")]
API_ROUTES = [url for url in ROUTES if url.startswith("/api/federation/")]
SCHOOL_EXCHANGE_ROUTES = [url for url in ROUTES if url.startswith("/federation/")]


@pytest.fixture
def hub_installation(db):
    factories.AcademicYearFactory()
    return factories.OrganisationFactory(kind="municipal", short_name="Управление образования")


def test_the_hub_matrix_covers_the_registry():
    assert {"/municipal/schools/", "/municipal/schools/new/", "/municipal/schools/1/upload/"} <= set(HUB_ROUTES)
    assert "/api/federation/v1/packages" in API_ROUTES and "/federation/send/" in SCHOOL_EXCHANGE_ROUTES


@pytest.mark.django_db
@pytest.mark.parametrize("role", [None, "mentor", "mentee", "methodical_council", "site_editor"])
def test_only_the_offices_staff_open_the_hub_pages(client, hub_installation, role):
    for url in HUB_ROUTES:
        client.logout()
        response = client.get(url)
        assert response.status_code in (302, 405), f"{url} answered {response.status_code} to a stranger"
        if response.status_code == 302:
            assert "/accounts/login/" in response.url
    client.force_login(factories.UserFactory(username=f"hub-{role}", roles=[role] if role else []))
    for url in HUB_ROUTES:
        for method in (client.get, client.post):
            status = method(url).status_code
            assert status in (403, 405), f"{url} answered {status} to {role}"


@pytest.mark.django_db
def test_the_offices_methodist_opens_the_registry(client, hub_installation):
    client.force_login(factories.UserFactory(username="methodist", roles=["curator"]))
    assert client.get("/municipal/schools/").status_code == 200
    assert client.get("/municipal/schools/1/").status_code == 404  # no school 1


@pytest.mark.django_db
def test_the_hub_api_answers_only_with_a_valid_token(client, hub_installation):
    for url in API_ROUTES:
        if url.endswith("/schema"):
            continue
        for headers in ({}, {"HTTP_AUTHORIZATION": "Bearer forged"}, {"HTTP_AUTHORIZATION": "Basic eDp5"}):
            if url.endswith("/pdf"):
                response = client.get(url, **headers)
            else:
                response = client.post(url, b"{}", content_type="application/json", **headers)
            expected = (400,) if url.endswith("/connect") else (401,)
            assert response.status_code in expected, f"{url} answered {response.status_code} with {headers}"


@pytest.mark.django_db
def test_a_schools_exchange_pages_do_not_exist_on_a_hub(client, hub_installation):
    client.force_login(factories.UserFactory(username="head", roles=["director", "curator"]))
    for url in SCHOOL_EXCHANGE_ROUTES:
        assert client.get(url).status_code in (404, 405), url


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["mentor", "mentee", "methodical_council", "site_editor"])
def test_a_schools_exchange_is_for_its_curator_and_director(client, organisation, role):
    client.force_login(factories.UserFactory(username=f"x-{role}", roles=[role]))
    for url in SCHOOL_EXCHANGE_ROUTES:
        if "/base/" in url or (role == "methodical_council" and "/letters/" in url):
            continue  # the base of practices and the office's letters are open to the methodical council too
        assert client.get(url).status_code in (403, 405), url
        assert client.post(url).status_code in (403, 405), url
