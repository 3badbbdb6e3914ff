"""Issue 14 §4 for orders: publication that cannot show is refused with names and reasons, confirmations after
each step, «edited» only on a change, readable download names."""

import datetime
from urllib.parse import quote

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from mentoring.downloads import safe_filename
from mentoring.models import Organisation
from reports.models import Order, OrderEvent
from reports.public.selectors import order_publication_blockers, published_orders
from reports.services import order_create, order_set_public, order_submit, order_update
from tests import factories
from tests.factories_public import set_publication
from tests.factories_reports import approve_now

pytestmark = pytest.mark.django_db


@pytest.fixture
def pairing_approved(year, organisation, director, curator):
    group = factories.GroupFactory(year=year)  # the factory's consents do not allow publication
    order = order_create(year=year, order_type="pairing", created_by=curator, groups=[group])
    order = approve_now(order=order_submit(order=order, user=curator), user=director)
    order.group = group
    return order


def _members(order):
    return [m.person for m in order.group.memberships.select_related("person")]


def test_blockers_name_every_member_without_publication_consent(pairing_approved):
    blockers = order_publication_blockers(pairing_approved)
    assert sorted(b.person_id for b in blockers) == sorted(p.pk for p in _members(pairing_approved))
    assert all("не разрешает публикацию" in str(b.reason) for b in blockers)


def test_publishing_is_refused_and_not_recorded_while_someone_blocks_it(pairing_approved, director):
    with pytest.raises(ValidationError) as info:
        order_set_public(order=pairing_approved, user=director, is_public=True)
    mentor = next(p for p in _members(pairing_approved) if p.memberships.filter(role="mentor").exists())
    assert mentor.full_name in " ".join(info.value.messages)
    assert not Order.objects.get(pk=pairing_approved.pk).is_public
    assert not pairing_approved.events.filter(action=OrderEvent.Action.PUBLISHED).exists()


def test_the_director_sees_who_blocks_before_and_after(client, pairing_approved, director):
    client.force_login(director)
    url = reverse("reports:order_detail", args=[pairing_approved.pk])
    publish = reverse("reports:order_publish", args=[pairing_approved.pk])
    page = client.get(url).content.decode()
    assert "data-publication-blockers" in page
    for person in _members(pairing_approved):
        assert person.full_name in page
    response = client.post(publish, {"is_public": "1"}, follow=True)
    assert "нельзя показать на сайте" in response.content.decode()
    # consents now allow publication: it publishes and shows
    for person in _members(pairing_approved):
        set_publication(person, True)
    assert order_publication_blockers(pairing_approved) == []
    response = client.post(publish, {"is_public": "1"}, follow=True)
    assert "опубликован" in response.content.decode()
    assert pairing_approved in published_orders()
    # a member's consent changes afterwards: off the site, and the director is told why
    set_publication(_members(pairing_approved)[0], False)
    assert pairing_approved not in published_orders()
    page = client.get(url).content.decode()
    assert "сайт его не показывает" in page and _members(pairing_approved)[0].full_name in page


def test_the_public_documents_page_never_says_nothing_is_published_above_an_order(client, pairing_approved, director):
    for person in _members(pairing_approved):
        set_publication(person, True)
    order_set_public(order=pairing_approved, user=director, is_public=True)
    page = client.get(reverse("public:documents")).content.decode()
    assert reverse("public:order_download", args=[pairing_approved.pk]) in page
    assert "пока не опубликованы" not in page


def test_the_empty_documents_page_says_so(client, organisation):
    assert "пока не опубликованы" in client.get(reverse("public:documents")).content.decode()


def test_each_step_of_the_workflow_is_confirmed(client, year, organisation, curator, director):
    order = order_create(year=year, order_type="final_event", created_by=curator, event_date=datetime.date(2027, 5, 20))
    client.force_login(curator)
    page = client.post(reverse("reports:order_submit", args=[order.pk]), follow=True).content.decode()
    assert "направлен директору" in page
    client.force_login(director)
    page = client.post(reverse("reports:order_return", args=[order.pk]), {"comment": "Уточнить дату"}, follow=True)
    assert "возвращён куратору" in page.content.decode()
    client.force_login(curator)
    client.post(reverse("reports:order_submit", args=[order.pk]))
    client.force_login(director)
    page = client.post(reverse("reports:order_approve", args=[order.pk]), follow=True).content.decode()
    order.refresh_from_db()
    assert "утверждён и зарегистрирован" in page and order.number_label in page
    page = client.post(reverse("reports:order_publish", args=[order.pk]), {"is_public": "1"}, follow=True)
    assert "опубликован" in page.content.decode()


def test_history_records_edited_only_when_something_changed(year, organisation, curator):
    order = order_create(year=year, order_type="final_event", created_by=curator, event_date=datetime.date(2027, 5, 20))
    same = {name: getattr(order, name) for name in ("title", "preamble", "body", "annex_text", "event_date")}
    order_update(order=order, user=curator, appointee=None, **same)
    assert not order.events.filter(action=OrderEvent.Action.EDITED).exists()
    order_update(order=order, user=curator, appointee=None, **{**same, "body": same["body"] + "\nНовый пункт."})
    assert order.events.filter(action=OrderEvent.Action.EDITED).count() == 1


def test_saving_an_unchanged_order_through_the_page_says_nothing_changed(client, year, organisation, curator):
    order = order_create(year=year, order_type="final_event", created_by=curator, event_date=datetime.date(2027, 5, 20))
    client.force_login(curator)
    form = client.get(reverse("reports:order_edit", args=[order.pk])).context["form"]
    data = {name: form.initial.get(name) or "" for name in form.fields}
    data["event_date"] = "2027-05-20"
    response = client.post(reverse("reports:order_edit", args=[order.pk]), data, follow=True)
    assert "Ничего не изменено" in response.content.decode()
    assert not order.events.filter(action=OrderEvent.Action.EDITED).exists()


def test_the_approved_order_downloads_under_a_readable_safe_name(client, year, organisation, curator, director):
    Organisation.objects.update(order_number_suffix="-од")
    order = order_create(year=year, order_type="final_event", created_by=curator, event_date=datetime.date(2027, 5, 20))
    order = approve_now(order=order_submit(order=order, user=curator), user=director, on=datetime.date(2026, 12, 1))
    client.force_login(director)
    response = client.get(reverse("reports:order_download", args=[order.pk]))
    header = response["Content-Disposition"]
    assert header.startswith("attachment;")
    expected = f"Приказ_{order.number_label}_от_01.12.2026.pdf"
    assert "filename*=utf-8''" + quote(expected) in header
    assert ".." not in expected and "__" not in expected


@pytest.mark.parametrize(
    "parts, expected",
    [
        (("Приказ", "1-од", "от", "01.12.2026"), "Приказ_1-од_от_01.12.2026.pdf"),
        (("Приказ  1-од ", " от 01.12.2026."), "Приказ_1-од_от_01.12.2026.pdf"),
        (('О "закреплении"/пар: 2026/2027', ""), "О_-закреплении-пар-_2026-2027.pdf"),
        (("..", "__", "\x00"), "file.pdf"),
        (("Отчёт..итог", "__2026__"), "Отчёт.итог_2026.pdf"),
    ],
)
def test_safe_filename(parts, expected):
    assert safe_filename(*parts, ext="pdf") == expected
