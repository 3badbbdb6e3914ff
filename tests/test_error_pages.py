"""The pages a person meets when something is wrong: in Russian, in the site's layout, saying what happened and
where to go — with DEBUG=False as in production, and the 500 page with the database down."""

import pytest
from django.db import connections
from django.test import Client, override_settings

from tests import factories

NAV = 'id="main-nav"'


@pytest.fixture(autouse=True)
def _production_like(settings):
    assert settings.DEBUG is False


@pytest.mark.django_db
def test_404_in_russian_without_navigation_for_a_stranger(client):
    response = client.get("/no-such-page/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "Страница не найдена" in page and "Войти в кабинет наставничества" in page
    assert NAV not in page and "favicon.svg" in page


@pytest.mark.django_db
def test_404_keeps_the_navigation_for_a_logged_in_user(client, curator):
    client.force_login(curator)
    page = client.get("/mentoring/people/999999/").content.decode()
    assert "Страница не найдена" in page and NAV in page and "На вашу главную страницу" in page


@pytest.mark.django_db
def test_the_public_section_has_its_own_404(client):
    response = client.get("/nastavnichestvo/no-such-page/")
    page = response.content.decode()
    assert response.status_code == 404
    assert 'class="public"' in page and "В разделе о наставничестве нет такой страницы" in page


@pytest.mark.django_db
def test_403_says_insufficient_rights_and_names_the_curator(client, curator):
    factories.PersonFactory(last_name="Кураторова", first_name="Мария", patronymic="Петровна", user=curator)
    client.force_login(factories.UserFactory(username="plain", roles=["mentor"]))
    response = client.get("/mentoring/people/")
    page = response.content.decode()
    assert response.status_code == 403
    assert "Недостаточно прав" in page and "обратитесь к куратору: Кураторова Мария Петровна" in page


@pytest.mark.django_db
def test_403_names_the_director_when_there_is_no_curator(client, director):
    factories.PersonFactory(last_name="Директорова", first_name="Анна", patronymic="", user=director)
    client.force_login(factories.UserFactory(username="plain", roles=["mentee"]))
    page = client.get("/mentoring/people/").content.decode()
    assert "Директорова Анна" in page


@pytest.mark.django_db
@override_settings(ALLOWED_HOSTS=["testserver"])
def test_400_in_russian(client):
    response = client.get("/accounts/login/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert "Запрос не удалось разобрать" in response.content.decode()


@pytest.mark.django_db
def test_csrf_failure_in_russian():
    response = Client(enforce_csrf_checks=True).post("/accounts/login/", {"username": "x", "password": "y"})
    page = response.content.decode()
    assert response.status_code == 403
    assert "Форма устарела" in page and "Разрешите их для этого сайта" in page


@pytest.mark.django_db(transaction=True)
def test_500_renders_with_the_database_down():
    """The database is unreachable (a closed port in our private range): the page still answers in Russian."""
    connection = connections["default"]
    saved = dict(connection.settings_dict)
    client = Client(raise_request_exception=False)
    connection.close()
    connection.settings_dict.update(HOST="127.0.0.1", PORT="16399")
    try:
        response = client.get("/nastavnichestvo/")
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)
    page = response.content.decode()
    assert response.status_code == 500
    assert "На сервере произошёл сбой" in page and "Ошибка 500" in page and "/static/favicon.svg" in page


@pytest.mark.django_db
def test_favicon_answers(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response.url == "/static/favicon.ico"
    assert 'rel="icon"' in client.get("/accounts/login/").content.decode()


@pytest.mark.django_db
def test_an_account_without_a_role_is_told_whom_to_ask(client, curator):
    factories.PersonFactory(last_name="Кураторова", first_name="Мария", patronymic="Петровна", user=curator)
    client.force_login(factories.UserFactory(username="norole"))
    page = client.get("/").content.decode()
    assert "Куратор: Кураторова Мария Петровна." in page
