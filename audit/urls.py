from django.urls import path

from . import views

app_name = "audit"
urlpatterns = [
    path("", views.journal, name="journal"),
    path("export.xlsx", views.journal_export, name="journal_export"),
]
