"""The frozen PDF of an approved order, rendered after the approval commits.

The approval gives the number under the year's counter lock and commits; only then is the PDF (and its Word copy)
rendered, by a task, from the data frozen at approval (`annex_data`, its «printed» snapshot of the school's
requisites and the roadmap table), and attached. Until then the order is «being prepared» and not downloadable; a
failure is recorded with a reason and can be retried; the sweeper queues again an order whose rendering was lost.
Nothing is ever re-rendered once attached.
"""

import hashlib
import logging
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ..docx import html_to_docx
from ..files import files_removed_on_error
from ..models import Order
from ..pdf import html_to_pdf, render_html
from .jobs import on_fresh_connection, send_or_fail

logger = logging.getLogger(__name__)


def order_pdf_enqueue(order_id: int) -> bool:
    """Hand the rendering to the worker (after commit); a broker that is down records the reason on the order."""
    from ..tasks import render_order_pdf

    return send_or_fail(
        lambda: render_order_pdf.apply_async((order_id,)),
        what=f"order {order_id} (PDF)",
        mark_failed=lambda message: order_pdf_mark_failed(order_id=order_id, message=message),
    )


def order_pdf_enqueue_on_commit(order: Order) -> None:
    order_id = order.pk
    transaction.on_commit(lambda: order_pdf_enqueue(order_id))


def order_pdf_render(*, order_id: int) -> Order | None:
    """Render the approved order from its frozen data and attach the PDF and the Word copy; idempotent."""
    from ..selectors import order_document_context

    order = Order.objects.select_related("year", "appointee").filter(pk=order_id).first()
    if order is None or not order.is_frozen or order.pdf:
        return order
    html = render_html("documents/order.html", order_document_context(order))
    pdf = html_to_pdf(html)
    docx = html_to_docx([html], title=order.title)
    with files_removed_on_error() as written, transaction.atomic():
        locked = Order.objects.select_for_update().get(pk=order_id)
        if locked.pdf:
            return locked  # a twin delivery attached it first
        locked.pdf.save(f"{locked.pk}.pdf", ContentFile(pdf), save=False)
        written.append(locked.pdf)
        locked.pdf_checksum = hashlib.sha256(pdf).hexdigest()
        fields = ["pdf", "pdf_checksum", "pdf_error"]
        if not locked.docx:
            locked.docx.save(f"{locked.pk}.docx", ContentFile(docx), save=False)
            written.append(locked.docx)
            locked.docx_checksum = hashlib.sha256(docx).hexdigest()
            fields += ["docx", "docx_checksum"]
        locked.pdf_error = ""
        locked.save(update_fields=fields)
    return locked


def order_pdf_mark_failed(*, order_id: int, message: str) -> int:
    """Record why the PDF is missing (a fresh connection, retried); an order whose PDF is attached is left alone."""

    def write():
        return Order.objects.filter(pk=order_id, status=Order.Status.APPROVED, pdf="").update(pdf_error=message[:2000])

    return on_fresh_connection(write)


@transaction.atomic
def order_pdf_retry(*, order: Order, user) -> Order:
    """Queue the rendering again: after a failure, or when it has waited too long."""
    order = Order.objects.select_for_update().get(pk=order.pk)
    waited = order.pdf_queued_at is None or order.pdf_queued_at < timezone.now() - timedelta(
        seconds=settings.DOCUMENTS_QUEUED_LIMIT_SECONDS
    )
    if not order.is_frozen or order.pdf or not (order.pdf_error or waited):
        raise ValidationError(_("Only an approved order whose PDF could not be prepared can be prepared again."))
    order.pdf_error = ""
    order.pdf_queued_at = timezone.now()
    order.pdf_requeues = 0
    order.save(update_fields=["pdf_error", "pdf_queued_at", "pdf_requeues"])
    order_pdf_enqueue_on_commit(order)
    return order


def _gave_up_message() -> str:
    return _(
        "The PDF of the order could not be prepared: the document service did not finish it, several times. "
        "Press «Prepare the PDF again»; if it fails again, tell the administrator."
    )


def orders_pdf_sweep(*, now=None) -> dict:
    """Approved orders still without a PDF long after queueing: queued again a few times, then failed with a reason."""
    now = now or timezone.now()
    limit = now - timedelta(seconds=settings.DOCUMENTS_QUEUED_LIMIT_SECONDS)
    waiting = Q(status=Order.Status.APPROVED, pdf="", pdf_error="") & (
        Q(pdf_queued_at__lt=limit) | Q(pdf_queued_at__isnull=True)
    )
    counts = {"orders_requeued": 0, "orders_failed": 0}
    for pk in Order.objects.filter(waiting).values_list("pk", flat=True)[:50]:
        with transaction.atomic():
            order = Order.objects.select_for_update(skip_locked=True).filter(waiting, pk=pk).first()
            if order is None:
                continue
            if order.pdf_requeues >= settings.DOCUMENTS_MAX_REQUEUES:
                order.pdf_error = _gave_up_message()
                counts["orders_failed"] += 1
            else:
                order.pdf_requeues += 1
                order.pdf_queued_at = now
                order_pdf_enqueue_on_commit(order)
                counts["orders_requeued"] += 1
            order.save(update_fields=["pdf_error", "pdf_requeues", "pdf_queued_at"])
    return counts
