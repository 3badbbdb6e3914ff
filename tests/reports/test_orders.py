"""The order workflow: standard text, submit, approve (numbered, frozen, groups approved) or return."""

import datetime
import threading
import time

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.urls import reverse

from mentoring.models import MentoringGroup, MentorProfile
from reports.models import Order, OrderEvent
from reports.services import order_approve, order_create, order_return, order_submit, order_update
from reports.services.orders import _next_number
from roadmap.models import RoadmapItem, RoadmapStage
from tests import factories
from tests.factories_reports import approve_now, pairing_order
from tests.pdf import pdf_text


@pytest.fixture
def pairing(year, curator, curator_person):
    return pairing_order(year=year, curator=curator)


def test_draft_is_generated_from_current_data(year, curator, curator_person):
    groups = [factories.GroupFactory(year=year) for _ in range(3)]
    order = order_create(year=year, order_type="pairing", created_by=curator, groups=groups)
    assert order.status == Order.Status.DRAFT
    assert order.title.startswith("О закреплении наставнических пар")
    assert "пар и групп: 3" in order.body
    organisation_order = order_create(
        year=year, order_type="organisation", created_by=curator, appointee=curator_person
    )
    assert "Назначить куратором внедрения целевой модели наставничества Кураторову М. П." in organisation_order.body
    assert "Положение" in organisation_order.annex_text
    assert OrderEvent.objects.filter(order=order, action="created", actor=curator).exists()


def test_pairing_order_takes_only_proposed_groups(year, curator):
    group = factories.GroupFactory(year=year)
    MentoringGroup.objects.filter(pk=group.pk).update(status="approved", approved_on=year.start_date)
    group.refresh_from_db()
    with pytest.raises(ValidationError):
        order_create(year=year, order_type="pairing", created_by=curator, groups=[group])


def test_submit_emails_the_director(pairing, director, django_capture_on_commit_callbacks, curator):
    order = order_create(
        year=pairing.year, order_type="final_event", created_by=curator, event_date=datetime.date(2026, 5, 20)
    )
    with django_capture_on_commit_callbacks(execute=True):
        order_submit(order=order, user=curator)
    assert [m.to for m in mail.outbox] == [[director.email]]
    assert "О проведении итогового мероприятия" in mail.outbox[0].subject
    event = order.events.get(action="submitted")
    assert event.notified_at is not None


def test_director_approval_numbers_the_order_and_approves_its_groups(
    pairing, director, curator, django_capture_on_commit_callbacks
):
    stage = RoadmapStage.objects.create(year=pairing.year, number=5, title="Пары")
    item = RoadmapItem.objects.create(
        stage=stage, title="Приказ о закреплении", period_end=pairing.year.end_date, order_type="pairing"
    )
    day = datetime.date(2026, 11, 3)
    with django_capture_on_commit_callbacks(execute=True):
        order = approve_now(order=pairing, user=director, on=day)
    assert (order.status, order.number, order.number_label, order.date) == ("approved", 1, "1-од", day)
    assert order.pdf and len(order.pdf_checksum) == 64
    groups = list(order.groups.all())
    assert {g.status for g in groups} == {"approved"} and {g.approved_on for g in groups} == {day}
    mentor_ids = [g.memberships.get(role="mentor").person_id for g in groups]
    assert set(MentorProfile.objects.filter(person_id__in=mentor_ids).values_list("status", flat=True)) == {"approved"}
    item.refresh_from_db()
    assert item.status == "done" and item.done_on == day and "1-од" in item.done_note
    assert mail.outbox[-1].to == [curator.email] and "1-од" in mail.outbox[-1].subject
    text = pdf_text(order.pdf.read())
    assert "1-од" in text and "03.11.2026" in text


def test_numbers_follow_each_other_within_a_year(year, curator, director):
    first = pairing_order(year=year, curator=curator)
    second = pairing_order(year=year, curator=curator)
    assert approve_now(order=first, user=director).number_label == "1-од"
    assert approve_now(order=second, user=director).number_label == "2-од"


def test_approval_fails_whole_when_a_group_is_no_longer_proposed(pairing, director):
    group = pairing.groups.first()
    MentoringGroup.objects.filter(pk=group.pk).update(status="approved", approved_on=datetime.date(2026, 10, 1))
    with pytest.raises(ValidationError):
        approve_now(order=pairing, user=director)
    pairing.refresh_from_db()
    assert pairing.status == "submitted" and pairing.number is None
    assert pairing.groups.exclude(pk=group.pk).get().status == "proposed"


def test_approved_order_is_frozen(pairing, director, curator):
    order = approve_now(order=pairing, user=director)
    stored = order.pdf.read()
    with pytest.raises(ValidationError):
        order_update(order=order, user=curator, title="О другом")
    with pytest.raises(ValidationError):
        order_submit(order=order, user=curator)
    # Changed data never reaches the printed order: its annex and PDF stay as approved.
    mentor = order.groups.first().memberships.get(role="mentor").person
    old_name = mentor.short_name
    mentor.last_name = "Переименованный"
    mentor.save()
    order.refresh_from_db()
    assert old_name in str(order.annex_data) and "Переименованный" not in str(order.annex_data)
    assert order.pdf.read() == stored


def test_return_needs_a_comment_and_the_order_can_be_edited_again(pairing, director, curator):
    with pytest.raises(ValidationError):
        order_return(order=pairing, user=director, comment="  ")
    order = order_return(order=pairing, user=director, comment="Уточните сроки")
    assert order.status == "returned" and order.return_comment == "Уточните сроки"
    order = order_update(order=order, user=curator, body="Закрепить пары.\nКонтроль оставляю за собой.")
    assert order.status == "draft" and order.items() == ["Закрепить пары.", "Контроль оставляю за собой."]
    order = order_submit(order=order, user=curator)
    assert order.status == "submitted" and order.return_comment == ""
    actions = list(order.events.values_list("action", flat=True))
    assert actions == ["created", "submitted", "returned", "edited", "submitted"]


def test_title_must_start_with_o(pairing, director, curator):
    order = order_return(order=pairing, user=director, comment="Заголовок")
    with pytest.raises(ValidationError):
        order_update(order=order, user=curator, title="Закрепление пар")


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_approvals_never_share_a_number(organisation, year):
    curator = factories.UserFactory(roles=["curator"], username="curator")
    director = factories.UserFactory(roles=["director"], username="director")
    orders = [pairing_order(year=year, curator=curator) for _ in range(2)]
    barrier = threading.Barrier(2)
    results, errors = {}, []

    def approve(order):
        try:
            barrier.wait()
            results[order.pk] = order_approve(order=order, user=director).number
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(o,)) for o in orders]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert errors == []
    assert sorted(results.values()) == [1, 2]


@pytest.mark.django_db(transaction=True)
def test_an_approval_waits_for_the_counter_lock_of_another(organisation, year):
    """Transaction A holds the year's counter row; B's approval blocks until A commits, then takes the next number."""
    curator = factories.UserFactory(roles=["curator"], username="curator")
    director = factories.UserFactory(roles=["director"], username="director")
    order = pairing_order(year=year, curator=curator)
    locked, finished = threading.Event(), {}

    def holder():
        with transaction.atomic():
            finished["a_number"] = _next_number(year)
            locked.set()
            time.sleep(1.0)
            finished["a_commit"] = time.monotonic()
        connection.close()

    a = threading.Thread(target=holder)
    a.start()
    assert locked.wait(10)
    approved = approve_now(order=order, user=director)
    finished["b_done"] = time.monotonic()
    a.join(10)
    assert finished["a_number"] == 1 and approved.number == 2
    assert finished["b_done"] >= finished["a_commit"]


# --- views and access -------------------------------------------------------------------------------------------


def test_curator_prepares_and_submits_through_the_pages(client, curator, year, curator_person):
    group = factories.GroupFactory(year=year)
    client.force_login(curator)
    response = client.post(reverse("reports:order_new", args=["pairing"]), {"groups": [group.pk]})
    order = Order.objects.get()
    assert response.status_code == 302 and response.url == reverse("reports:order_edit", args=[order.pk])
    response = client.post(
        reverse("reports:order_edit", args=[order.pk]),
        {"title": order.title, "preamble": order.preamble, "body": "Закрепить пару.", "groups": [group.pk]},
    )
    assert response.status_code == 302
    client.post(reverse("reports:order_submit", args=[order.pk]))
    order.refresh_from_db()
    assert order.status == "submitted" and order.body == "Закрепить пару."


def test_director_approves_and_downloads_but_cannot_edit(client, director, pairing, django_capture_on_commit_callbacks):
    client.force_login(director)
    assert client.get(reverse("reports:order_edit", args=[pairing.pk])).status_code == 403
    preview = client.get(reverse("reports:order_preview", args=[pairing.pk]))
    assert preview["Content-Type"] == "application/pdf" and "ПРОЕКТ" in pdf_text(preview.content)
    with django_capture_on_commit_callbacks(execute=True):  # the frozen PDF is rendered after the commit
        client.post(reverse("reports:order_approve", args=[pairing.pk]))
    pairing.refresh_from_db()
    assert pairing.status == "approved"
    download = client.get(reverse("reports:order_download", args=[pairing.pk]))
    body = b"".join(download.streaming_content)
    assert body == pairing.pdf.read() and "ПРОЕКТ" not in pdf_text(body)


def test_frozen_order_edit_page_is_forbidden_to_the_curator(client, curator, director, pairing):
    approve_now(order=pairing, user=director)
    client.force_login(curator)
    assert client.get(reverse("reports:order_edit", args=[pairing.pk])).status_code == 403
    assert client.post(reverse("reports:order_edit", args=[pairing.pk]), {"title": "О"}).status_code == 403


def test_curator_cannot_approve(client, curator, pairing):
    client.force_login(curator)
    assert client.post(reverse("reports:order_approve", args=[pairing.pk])).status_code == 403
    pairing.refresh_from_db()
    assert pairing.status == "submitted"


def test_mentor_sees_no_order(client, mentor_with_pair, pairing):
    client.force_login(mentor_with_pair)
    for name in ("order_list", "order_detail", "order_preview", "order_download"):
        args = [] if name == "order_list" else [pairing.pk]
        assert client.get(reverse(f"reports:{name}", args=args)).status_code in (403, 404), name


def test_director_home_lists_orders_awaiting_approval(client, director, pairing):
    client.force_login(director)
    response = client.get(reverse("director_home"))
    assert pairing.title in response.content.decode()


def test_curator_home_lists_returned_orders(client, curator, director, pairing):
    order_return(order=pairing, user=director, comment="Исправить")
    client.force_login(curator)
    assert "panel-orders-curator" in client.get(reverse("curator_home")).content.decode()


@pytest.mark.parametrize("size", [2, 20])
def test_order_register_query_count_does_not_grow(client, director, curator, year, size, django_assert_max_num_queries):
    for _ in range(size):
        order_create(year=year, order_type="final_event", created_by=curator)
    client.force_login(director)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("reports:order_list")).status_code == 200
