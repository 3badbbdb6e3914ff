"""The school's pages of the exchange: connection to the office, sendings, the package as a file."""

from django.urls import path  # noqa: F401

app_name = "federation_school"
urlpatterns: list = []
