"""The order's document job in a fixed number of queries, whatever the order's size (benchmarks/documents_order.py
measures the engine against raw WeasyPrint; every query here is a database round trip there)."""

import pytest
from django.core.exceptions import ValidationError

from reports.models import GeneratedDocument
from reports.services import document_request
from tests import factories
from tests.factories_reports import approve_now, pairing_order
from tests.pdf import pdf_text

# The request: the role, the order (title), the row (no savepoint around one INSERT).
REQUEST_QUERIES = 3
# The job: claim (a conditional update, then the row), the order once, the annex data (people, groups, members,
# changes), the year's curator, the school (which gives the kind of organisation that names the groups' form), store
# (one conditional update).
JOB_QUERIES = 10


@pytest.mark.parametrize("size", [1, 12])
def test_a_draft_orders_job_has_a_fixed_number_of_queries(
    year, curator, size, django_assert_num_queries, django_capture_on_commit_callbacks
):
    groups = [factories.GroupFactory(year=year) for _ in range(size)]
    order = pairing_order(year=year, curator=curator, groups=groups, submit=False)
    with django_capture_on_commit_callbacks() as callbacks, django_assert_num_queries(REQUEST_QUERIES):
        document = document_request(kind="order", requested_by=curator, params={"target_id": order.pk})
    with django_assert_num_queries(JOB_QUERIES):
        for callback in callbacks:
            callback()
    document.refresh_from_db()
    assert document.status == GeneratedDocument.Status.DONE, document.error
    assert "ПРОЕКТ" in pdf_text(document.file.read())


def test_an_approved_orders_job_serves_the_frozen_pdf_in_fewer_queries(
    year, curator, director, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    order = approve_now(order=pairing_order(year=year, curator=curator), user=director)
    with django_capture_on_commit_callbacks() as callbacks:
        document = document_request(kind="order", requested_by=director, params={"target_id": order.pk})
    with django_assert_max_num_queries(JOB_QUERIES):
        for callback in callbacks:
            callback()
    document.refresh_from_db()
    assert document.checksum == order.pdf_checksum


def test_a_missing_order_is_refused_with_a_reason_and_nothing_written(curator):
    with pytest.raises(ValidationError, match="No such order|Нет такого приказа|приказ"):
        document_request(kind="order", requested_by=curator, params={"target_id": 999999})
    assert not GeneratedDocument.objects.exists()
