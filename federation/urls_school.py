"""The school's pages of the exchange: connection to the office, sendings, the package as a file."""

from django.urls import path

from . import views_base, views_exchange

app_name = "federation_school"
urlpatterns = [
    path("base/", views_base.base, name="base"),
    path("base/<int:pk>/start/", views_base.case_start, name="case_start"),
    path("", views_exchange.exchange, name="exchange"),
    path("send/", views_exchange.send_now, name="send"),
    path("disconnect/", views_exchange.disconnect, name="disconnect"),
    path("file/", views_exchange.package_as_file, name="file"),
    path("sendings/<int:pk>/download/", views_exchange.download, name="download"),
    path("sendings/<int:pk>/status/", views_exchange.sending_status, name="sending_status"),
    path("letters/<int:pk>/pdf/", views_exchange.letter_pdf, name="letter_pdf"),
]
