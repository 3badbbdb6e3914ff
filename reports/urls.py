from django.urls import path

from .views import documents, new_year, orders

app_name = "reports"

urlpatterns = [
    path("", documents.document_list, name="document_list"),
    path("request/", documents.document_request, name="document_request"),
    path("<uuid:pk>/", documents.document_detail, name="document_detail"),
    path("<uuid:pk>/status/", documents.document_status, name="document_status"),
    path("<uuid:pk>/download/", documents.document_download, name="document_download"),
    path("<uuid:pk>/retry/", documents.document_retry, name="document_retry"),
    path("new-year/", new_year.new_year, name="new_year"),
    path("orders/", orders.order_list, name="order_list"),
    path("orders/new/<slug:order_type>/", orders.order_new, name="order_new"),
    path("orders/<int:pk>/", orders.order_detail, name="order_detail"),
    path("orders/<int:pk>/edit/", orders.order_edit, name="order_edit"),
    path("orders/<int:pk>/submit/", orders.order_submit_view, name="order_submit"),
    path("orders/<int:pk>/approve/", orders.order_approve_view, name="order_approve"),
    path("orders/<int:pk>/pdf/retry/", orders.order_pdf_retry_view, name="order_pdf_retry"),
    path("orders/<int:pk>/return/", orders.order_return_view, name="order_return"),
    path("orders/<int:pk>/publish/", orders.order_publish_view, name="order_publish"),
    path("orders/<int:pk>/preview.pdf", orders.order_preview, name="order_preview"),
    path("orders/<int:pk>/download/", orders.order_download, name="order_download"),
    path("orders/<int:pk>/document.docx", orders.order_docx, name="order_docx"),
]
