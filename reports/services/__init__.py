"""Writes of the reports app: the document engine and the orders. Import from here."""

from .documents import document_render, document_request, document_retry  # noqa: F401
from .orders import (  # noqa: F401
    order_approve,
    order_create,
    order_return,
    order_set_public,
    order_submit,
    order_update,
)
