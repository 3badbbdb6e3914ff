"""Approval gives the number and commits; the frozen PDF is rendered after, from the data frozen at approval.

Until the PDF is attached the order says «документ готовится» (never a 404 or a 500); a failed rendering is shown with
its reason and can be prepared again; the sweeper queues again a rendering that was lost.
"""

import datetime

import psycopg
import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from mentoring.models import Organisation
from reports.models import Order
from reports.services import order_approve
from reports.services import order_pdf as order_pdf_service
from reports.services.order_pdf import orders_pdf_sweep
from tests import factories
from tests.factories_reports import approve_now, pairing_order
from tests.pdf import pdf_text


def _other_connection():
    db = connection.settings_dict
    return psycopg.connect(
        host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432, user=db["USER"], dbname=db["NAME"], autocommit=True
    )


@pytest.mark.django_db(transaction=True)
def test_approval_commits_the_number_before_the_pdf_is_rendered(organisation, year, monkeypatch):
    curator = factories.UserFactory(roles=["curator"], username="curator")
    director = factories.UserFactory(roles=["director"], username="director")
    order = pairing_order(year=year, curator=curator)
    seen = {}
    render = order_pdf_service.html_to_pdf

    def spy(html):
        # While WeasyPrint works, another connection sees the order numbered, and the year's counter is free.
        with _other_connection() as other:
            seen["row"] = other.execute(
                "SELECT status, number, pdf FROM reports_order WHERE id = %s", [order.pk]
            ).fetchone()
            other.execute("BEGIN")
            seen["counter"] = other.execute(
                "SELECT last_number FROM reports_ordercounter WHERE year_id = %s FOR UPDATE NOWAIT", [year.pk]
            ).fetchone()
            other.execute("ROLLBACK")
        return render(html)

    monkeypatch.setattr(order_pdf_service, "html_to_pdf", spy)
    order_approve(order=order, user=director)
    assert seen == {"row": ("approved", 1, ""), "counter": (1,)}
    order.refresh_from_db()
    assert order.pdf and order.docx and order.pdf_error == ""


def test_the_order_is_not_downloadable_until_its_pdf_is_attached_then_prints_the_frozen_text(
    client, year, curator, director, django_capture_on_commit_callbacks
):
    order = pairing_order(year=year, curator=curator)
    with django_capture_on_commit_callbacks(execute=False) as waiting:
        order_approve(order=order, user=director, on=datetime.date(2026, 12, 1))
    order.refresh_from_db()
    assert order.status == "approved" and order.number == 1 and order.pdf_pending
    for user in (director, curator):
        client.force_login(user)
        for name in ("order_download", "order_preview", "order_docx"):
            response = client.get(reverse(f"reports:{name}", args=[order.pk]))
            assert response.status_code == 202 and "Документ готовится" in response.content.decode(), name
        page = client.get(reverse("reports:order_detail", args=[order.pk])).content.decode()
        assert "Документ готовится" in page and 'http-equiv="refresh"' in page and 'data-action="download"' not in page
        register = client.get(reverse("reports:order_list")).content.decode()
        assert "PDF готовится" in register
    # The school's requisites change before the rendering runs: the PDF still prints what was approved.
    Organisation.objects.update(director_name="П. П. Новиков")
    for callback in waiting:
        callback()
    order.refresh_from_db()
    assert order.pdf and not order.pdf_pending
    client.force_login(director)
    response = client.get(reverse("reports:order_download", args=[order.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(b"".join(response.streaming_content) if response.streaming else response.content)
    assert "Новиков" not in text and "№ 1" in text.replace("№1", "№ 1")
    page = client.get(reverse("reports:order_detail", args=[order.pk])).content.decode()
    assert "Документ готовится" not in page and 'data-action="download"' in page


def test_a_failed_rendering_is_shown_with_its_reason_and_can_be_prepared_again(
    client, year, curator, director, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(html):
        raise RuntimeError("no fonts")

    render = order_pdf_service.html_to_pdf
    monkeypatch.setattr(order_pdf_service, "html_to_pdf", broken)
    order = approve_now(order=pairing_order(year=year, curator=curator), user=director)
    assert order.pdf_failed and "RuntimeError" in order.pdf_error
    client.force_login(curator)
    page = client.get(reverse("reports:order_detail", args=[order.pk])).content.decode()
    assert "PDF приказа не удалось подготовить" in page and 'data-action="pdf-retry"' in page
    assert client.get(reverse("reports:order_download", args=[order.pk])).status_code == 200  # the reason, no file
    monkeypatch.setattr(order_pdf_service, "html_to_pdf", render)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:order_pdf_retry", args=[order.pk]), follow=True)
    assert "готовится заново" in response.content.decode()
    order.refresh_from_db()
    assert order.pdf and order.pdf_error == ""
    # Attached once, it stays: a second retry is refused with a reason.
    response = client.post(reverse("reports:order_pdf_retry", args=[order.pk]), follow=True)
    assert "Заново подготовить PDF можно только" in response.content.decode()


def test_mentor_cannot_retry_an_orders_pdf(client, year, curator, director, mentor_with_pair):
    order = approve_now(order=pairing_order(year=year, curator=curator), user=director)
    client.force_login(mentor_with_pair)
    assert client.post(reverse("reports:order_pdf_retry", args=[order.pk])).status_code == 403


def test_the_sweeper_queues_a_lost_rendering_again_then_gives_up_with_a_reason(
    year, curator, director, settings, django_capture_on_commit_callbacks, monkeypatch
):
    with django_capture_on_commit_callbacks(execute=False):
        order = order_approve(order=pairing_order(year=year, curator=curator), user=director)
    sent = []
    monkeypatch.setattr(order_pdf_service, "order_pdf_enqueue", sent.append)
    later = timezone.now() + datetime.timedelta(seconds=settings.DOCUMENTS_QUEUED_LIMIT_SECONDS + 1)
    settings.DOCUMENTS_MAX_REQUEUES = 1
    with django_capture_on_commit_callbacks(execute=True):
        assert orders_pdf_sweep(now=later) == {"orders_requeued": 1, "orders_failed": 0}
    assert sent == [order.pk]
    much_later = later + datetime.timedelta(seconds=settings.DOCUMENTS_QUEUED_LIMIT_SECONDS + 1)
    assert orders_pdf_sweep(now=much_later) == {"orders_requeued": 0, "orders_failed": 1}
    order = Order.objects.get(pk=order.pk)
    assert order.pdf_failed and "Подготовить PDF заново" in order.pdf_error
