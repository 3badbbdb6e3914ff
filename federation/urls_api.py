"""The hub's token-authenticated API for schools (JSON in, JSON out; Russian error messages)."""

from django.urls import path

from . import views_api

app_name = "federation_api"
urlpatterns = [
    path("schema", views_api.schema, name="schema"),
    path("connect", views_api.connect, name="connect"),
    path("packages", views_api.packages, name="packages"),
    path("letters/<int:pk>/pdf", views_api.letter_pdf, name="letter_pdf"),
]
