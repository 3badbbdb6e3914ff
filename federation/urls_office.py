"""The municipal office's pages (only on an installation whose kind is the municipal office)."""

from django.urls import path  # noqa: F401

app_name = "federation_office"
urlpatterns: list = []
