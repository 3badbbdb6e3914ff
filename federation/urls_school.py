"""The school's pages of the exchange: connection to the office, sendings, the package as a file."""

from django.urls import path

from . import views_base

app_name = "federation_school"
urlpatterns = [
    path("base/", views_base.base, name="base"),
    path("base/<int:pk>/start/", views_base.case_start, name="case_start"),
]
