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
)
# …except the section's editing pages, which need a role like every other office page.
PRIVATE_UNDER_PUBLIC = ("nastavnichestvo/edit",)
OUR_APPS = ("mentoring", "programmes", "roadmap", "reports", "operations")


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
