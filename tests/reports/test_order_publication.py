"""The director publishes an approved order on the school site; its frozen text and PDF do not change."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from reports.models import Order
from reports.public.selectors import published_orders
from reports.services import order_create, order_set_public, order_submit
from tests import factories
from tests.factories_reports import approve_now

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved_order(year, organisation, director, curator):
    """A final-event order: it names no one, so nothing stops its publication."""
    order = order_create(year=year, order_type="final_event", created_by=curator)
    order = order_submit(order=order, user=curator)
    return approve_now(order=order, user=director)


def test_director_publishes_and_withdraws_an_approved_order(client, director, approved_order):
    checksum = approved_order.pdf_checksum
    client.force_login(director)
    client.post(reverse("reports:order_publish", args=[approved_order.pk]), {"is_public": "1"})
    approved_order.refresh_from_db()
    assert approved_order.is_public and approved_order.pdf_checksum == checksum
    assert approved_order.events.filter(action="published").exists()
    client.post(reverse("reports:order_publish", args=[approved_order.pk]), {"is_public": "0"})
    approved_order.refresh_from_db()
    assert not approved_order.is_public


def test_curator_cannot_publish(client, curator, approved_order):
    client.force_login(curator)
    assert (
        client.post(reverse("reports:order_publish", args=[approved_order.pk]), {"is_public": "1"}).status_code == 403
    )
    approved_order.refresh_from_db()
    assert not approved_order.is_public


def test_a_draft_cannot_be_published(year, organisation, curator, director):
    draft = order_create(year=year, order_type="final_event", created_by=curator)
    with pytest.raises(ValidationError):
        order_set_public(order=draft, user=director, is_public=True)
    assert not Order.objects.get(pk=draft.pk).is_public


def test_published_order_appears_in_the_public_selector(director, approved_order):
    assert approved_order not in published_orders()
    order_set_public(order=approved_order, user=director, is_public=True)
    assert approved_order in published_orders()


def test_a_published_order_naming_someone_without_publication_consent_stays_off_the_site(
    year, organisation, director, curator
):
    group = factories.GroupFactory(year=year)  # its members' consents do not allow publication
    order = order_submit(
        order=order_create(year=year, order_type="pairing", created_by=curator, groups=[group]), user=curator
    )
    order = approve_now(order=order, user=director)
    with pytest.raises(ValidationError):  # refused with the names (tests/reports/test_order_dead_ends.py)
        order_set_public(order=order, user=director, is_public=True)
    Order.objects.filter(pk=order.pk).update(is_public=True)  # marked before a consent changed: still fail closed
    assert order not in published_orders()
