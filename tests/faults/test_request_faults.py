"""Faults met by a web request: the broker (Redis) down when a document is asked for, and the cache (Redis) down
while people edit and the public visit. Both servers are a closed port here: nothing listens on DEAD_PORT."""

import time

import pytest
from django.urls import reverse

from mentoring.forms_people import PersonForm
from mentoring.models import MentoringGroup, Person
from reports.models import GeneratedDocument, Order
from tests import factories
from tests.factories_groups import BankMenteeFactory, BankMentorFactory
from tests.factories_reports import pairing_order

from .servers import DEAD_PORT, celery_publishing_to

pytestmark = pytest.mark.django_db
DEAD_REDIS = f"redis://127.0.0.1:{DEAD_PORT}/0"


@pytest.fixture
def dead_cache(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": DEAD_REDIS,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }


def test_a_print_request_while_the_broker_is_down_fails_at_once_with_a_russian_message(
    client, curator, organisation, django_capture_on_commit_callbacks
):
    people = [factories.StudentFactory(grade="5А") for _ in range(2)]
    client.force_login(curator)
    started = time.monotonic()
    with celery_publishing_to(DEAD_REDIS), django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:document_request"), {"kind": "consent_forms", "grade": "5А"})
    elapsed = time.monotonic() - started
    document = GeneratedDocument.objects.get()
    assert response.status_code == 302 and response.url == reverse("reports:document_detail", args=[document.pk])
    assert document.status == "failed" and "Очередь заданий сейчас недоступна" in document.error
    assert elapsed < 10, elapsed
    page = client.get(response.url).content.decode()
    assert "Очередь заданий сейчас недоступна" in page and "Сформировать повторно" in page
    assert len(people) == 2


def test_with_the_cache_down_people_pairs_and_orders_are_saved_and_the_public_pages_answer(
    client, curator, director, year, organisation, dead_cache, django_capture_on_commit_callbacks
):
    person = factories.PersonFactory()
    mentee, mentor = BankMenteeFactory(year=year), BankMentorFactory(year=year)
    order = pairing_order(year=year, curator=curator, submit=False)
    client.force_login(curator)
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        data = {k: v for k, v in PersonForm(instance=person).initial.items() if v not in (None, "")}
        data["last_name"] = "Переименованная"
        response = client.post(reverse("mentoring:person_edit", args=[person.pk]), data)
        assert response.status_code == 302, response.content.decode()[:2000]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("mentoring:pairing_pair"), {"mentee": mentee.person_id, "mentor": mentor.person_id}
        )
        assert response.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("reports:order_submit", args=[order.pk])).status_code == 302
    client.force_login(director)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("reports:order_approve", args=[order.pk])).status_code == 302
    client.logout()
    for name in ("home", "documents", "news", "programmes"):
        assert client.get(reverse(f"public:{name}")).status_code == 200, name
    elapsed = time.monotonic() - started
    assert Person.objects.get(pk=person.pk).last_name == "Переименованная"
    assert MentoringGroup.objects.filter(memberships__person=mentee.person_id, status="proposed").exists()
    order.refresh_from_db()
    assert order.status == Order.Status.APPROVED and order.number == 1 and order.pdf
    assert elapsed < 20, elapsed
