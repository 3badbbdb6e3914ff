"""The staff pages' cache (mentoring.page_cache): served again only while PostgreSQL's snapshot is the same.

These tests commit (transaction=True): inside a test's own open transaction the page cache stays off by design.
The snapshot is the server's: another process committing anything between two requests makes the second a miss,
rightly, so a "served again" check is repeated until the server stood still between the two (`_served_again`).
"""

import pytest
from django.contrib.messages import constants, get_messages
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mentoring.models import Person
from mentoring.page_cache import HEADER, data_snapshot
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)
CSRF = "pagecachecsrfsecret0123456789abc"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    client.cookies["csrftoken"] = CSRF
    return client


def _served_again(client: Client, url: str, *, attempts: int = 20):
    """The page asked twice while no transaction ended anywhere on the server: (first, second, queries of second)."""
    for _ in range(attempts):
        before = data_snapshot()
        first = client.get(url)
        with CaptureQueriesContext(connection) as queries:
            second = client.get(url)
        if data_snapshot() == before:
            return first, second, len(queries)
    pytest.fail("the database server never stood still for two requests")


@pytest.fixture
def school():
    factories.OrganisationFactory()
    year = factories.AcademicYearFactory()
    curator = factories.UserFactory(roles=["curator"], username="cache-curator")
    factories.PersonFactory(last_name="Первая")
    return year, curator


def test_the_same_page_is_served_again_until_a_write_then_shows_the_new_data(school):
    _year, curator = school
    client = _client(curator)
    url = reverse("mentoring:people")
    assert client.get(url)[HEADER] == "miss"
    first, second, queries = _served_again(client, url)
    assert second[HEADER] == "hit"
    assert queries == 4  # the session, the user, the roles, the snapshot: nothing of the page
    assert second.content == first.content
    assert "Первая" in second.content.decode()

    factories.PersonFactory(last_name="Вторая")  # an ordinary save
    third = client.get(url)
    assert third[HEADER] == "miss"
    assert "Вторая" in third.content.decode()


def test_writes_that_send_no_signal_are_seen_too(school):
    """A queryset update and raw SQL change the snapshot like any write: nothing to remember to bump."""
    _year, curator = school
    client = _client(curator)
    url = reverse("mentoring:people")
    assert _served_again(client, url)[1][HEADER] == "hit"

    Person.objects.filter(last_name="Первая").update(last_name="Переименованная")
    page = client.get(url)
    assert page[HEADER] == "miss"
    assert "Переименованная" in page.content.decode()

    with connection.cursor() as cursor:
        cursor.execute("UPDATE mentoring_person SET last_name = 'Изменённая' WHERE last_name = 'Переименованная'")
    page = client.get(url)
    assert page[HEADER] == "miss"
    assert "Изменённая" in page.content.decode()


def test_a_page_is_never_served_to_another_visitor(school):
    _year, curator = school
    other = factories.UserFactory(roles=["curator"], username="cache-other")
    url = reverse("curator_home")
    client = _client(curator)
    assert client.get(url)[HEADER] == "miss"
    assert _served_again(client, url)[1][HEADER] == "hit"
    page = _client(other).get(url)
    assert page[HEADER] == "miss"
    assert b"cache-curator" not in page.content or b"cache-other" in page.content


def test_the_role_is_checked_before_the_cache(school):
    _year, curator = school
    _client(curator).get(reverse("mentoring:people"))
    mentee = factories.UserFactory(roles=["mentee"], username="cache-mentee")
    client = _client(mentee)
    response = client.get(reverse("mentoring:people"))
    assert response.status_code == 403
    assert HEADER not in response


def test_no_cache_without_a_csrf_cookie_or_with_messages_to_show(school, settings):
    _year, curator = school
    client = Client()
    client.force_login(curator)
    url = reverse("mentoring:people")
    assert client.get(url)[HEADER] == "off"  # the page sets the CSRF cookie: it cannot be served to the next one
    assert client.get(url)[HEADER] == "miss"  # the cookie came back
    assert _served_again(client, url)[1][HEADER] == "hit"

    # A message waiting (a redirect after a form): the page that shows it is rendered, shown once, never stored.
    from django.contrib.messages.storage.base import Message
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.http import HttpResponse
    from django.test import RequestFactory

    carrier = HttpResponse()
    CookieStorage(RequestFactory().get("/"))._store([Message(constants.SUCCESS, "Сохранено")], carrier)
    client.cookies["messages"] = carrier.cookies["messages"].value
    page = client.get(url)
    assert page[HEADER] == "off"
    assert "Сохранено" in page.content.decode()
    assert "Сохранено" not in client.get(url).content.decode()


def test_a_transaction_that_has_written_reads_no_cached_page(school):
    _year, curator = school
    client = _client(curator)
    url = reverse("mentoring:people")
    assert _served_again(client, url)[1][HEADER] == "hit"
    with transaction.atomic():
        assert data_snapshot() is not None  # nothing written yet in this transaction
        factories.PersonFactory(last_name="Несохранённая")
        assert data_snapshot() is None
        page = client.get(url)
        assert page[HEADER] == "off"
        assert "Несохранённая" in page.content.decode()
        transaction.set_rollback(True)
    assert client.get(url)[HEADER] in ("miss", "hit")  # the rollback left the data as it was
    assert "Несохранённая" not in client.get(url).content.decode()


def test_an_unreachable_cache_serves_the_page(school, settings):
    _year, curator = school
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    page = _client(curator).get(reverse("mentoring:people"))
    assert page.status_code == 200
    assert page[HEADER] == "miss"
    assert "Первая" in page.content.decode()


def test_the_messages_helper_reads_without_consuming(rf):
    """`len(get_messages(request))` (the cache's check) leaves the messages to be shown."""
    from django.contrib.messages.storage.fallback import FallbackStorage

    request = rf.get("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    request._messages.add(constants.INFO, "Привет")
    assert len(get_messages(request)) == 1
    assert [m.message for m in get_messages(request)] == ["Привет"]


def test_no_page_cache_with_the_database_as_the_cache(school, settings):
    """Storing a page in the database cache is a write: the next request would always see a new snapshot."""
    _year, curator = school
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "no_table"}}
    client = _client(curator)
    url = reverse("mentoring:people")
    assert [client.get(url)[HEADER] for _ in range(2)] == ["off", "off"]
