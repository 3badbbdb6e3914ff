"""Shared fixtures: PostgreSQL only, media in a temp dir, the personas every access test names."""

import os

import pytest
from django.db import connection

from tests import factories

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # live_server + Playwright share the thread


def pytest_configure(config):
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://", "pgsql://")):
        pytest.exit(
            "The tests run on PostgreSQL only: set DATABASE_URL=postgres://postgres@127.0.0.1:5432/mentoring "
            "(the README's `make test` does).",
            returncode=2,
        )


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Cache versions are bumped after commit, which a test's transaction never reaches: start each test clean."""
    from django.core.cache import cache

    from federation.context_processors import remember_kind
    from mentoring.kinds import current_kind_forget

    cache.clear()
    current_kind_forget()  # the kind of organisation read by an earlier test went with its rolled-back data
    remember_kind("")  # the installation's kind (the menu): no organisation yet; saving one sets it (federation.apps)


@pytest.fixture(autouse=True, scope="session")
def _assert_postgres(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        assert connection.vendor == "postgresql", "tests must run on PostgreSQL"


@pytest.fixture
def year(db):
    return factories.AcademicYearFactory()


@pytest.fixture
def organisation(db):
    return factories.OrganisationFactory()


@pytest.fixture
def director(db):
    return factories.UserFactory(roles=["director"], username="director")


@pytest.fixture
def curator(db):
    return factories.UserFactory(roles=["curator"], username="curator")


@pytest.fixture
def mentor_with_pair(db, year):
    """A mentor user whose person leads one pair (returned as user; the pair is `user.pair`)."""
    group = factories.GroupFactory(year=year)
    mentor = group.memberships.get(role="mentor").person
    user = factories.UserFactory(roles=["mentor"], username="mentor", person=mentor)
    user.pair = group
    return user


@pytest.fixture
def other_mentor(db, year):
    group = factories.GroupFactory(year=year)
    mentor = group.memberships.get(role="mentor").person
    user = factories.UserFactory(roles=["mentor"], username="other_mentor", person=mentor)
    user.pair = group
    return user


@pytest.fixture
def mentee_user(db, mentor_with_pair):
    person = mentor_with_pair.pair.memberships.get(role="mentee").person
    return factories.UserFactory(roles=["mentee"], username="mentee", person=person)


# --- Browser tests: Debian's Chromium, never a downloaded browser ---------------------------------


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args, tmp_path_factory):
    home = tmp_path_factory.mktemp("chromium-home")
    os.environ["XDG_CONFIG_HOME"] = str(home / "config")
    os.environ["XDG_CACHE_HOME"] = str(home / "cache")
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture
def login_as(page, live_server):
    """Log a persona in through the real login form; returns the page."""

    def _login(username: str, password: str = "secret-pass-123"):
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password)
        page.click("button[type=submit]")
        page.wait_for_load_state()
        return page

    return _login
