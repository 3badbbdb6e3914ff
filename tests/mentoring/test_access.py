"""Who may open the shell pages, and who may not."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_anonymous_is_sent_to_login(client):
    for name in ("home", "curator_home", "director_home", "member_home"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize(
    "persona, home",
    [
        ("curator", "curator_home"),
        ("director", "director_home"),
        ("mentor_with_pair", "member_home"),
    ],
)
def test_each_persona_lands_on_its_home(client, request, persona, home, year):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url == reverse(home)
    page = client.get(reverse(home))
    assert page.status_code == 200
    assert page.headers["Content-Language"] == "ru"


def test_mentor_cannot_open_the_curators_pages(client, mentor_with_pair):
    client.force_login(mentor_with_pair)
    assert client.get(reverse("curator_home")).status_code == 403
    assert client.get(reverse("director_home")).status_code == 403


def test_director_cannot_open_the_curators_dashboard(client, director):
    client.force_login(director)
    assert client.get(reverse("curator_home")).status_code == 403


def test_mentor_home_lists_only_own_groups(client, mentor_with_pair, other_mentor):
    client.force_login(mentor_with_pair)
    html = client.get(reverse("member_home")).content.decode()
    own_mentee = mentor_with_pair.pair.memberships.get(role="mentee").person
    foreign_mentee = other_mentor.pair.memberships.get(role="mentee").person
    assert own_mentee.full_name in html
    assert foreign_mentee.full_name not in html


def test_curator_dashboard_is_russian_and_has_counts(client, curator, year):
    client.force_login(curator)
    html = client.get(reverse("curator_home")).content.decode()
    assert "Панель куратора" in html
    assert 'lang="ru"' in html


def test_pages_send_a_content_security_policy(client, curator):
    client.force_login(curator)
    response = client.get(reverse("curator_home"))
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]


def test_login_by_email_or_username(client, curator):
    for login in ("curator", "CURATOR@school.example"):
        response = client.post(reverse("login"), {"username": login, "password": "secret-pass-123"})
        assert response.status_code == 302, login
        client.logout()


def test_repeated_failed_logins_are_locked_out(client, curator, settings):
    settings.AXES_ENABLED = True
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "curator", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "curator", "password": "secret-pass-123"})
    assert response.status_code == 429
