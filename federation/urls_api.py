"""The hub's token-authenticated API for schools (JSON in, JSON out; Russian error messages)."""

from django.urls import path  # noqa: F401

app_name = "federation_api"
urlpatterns: list = []
