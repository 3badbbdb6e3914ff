from django.urls import path

from . import views

app_name = "monitoring"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("year/<int:year_id>/conclusions/", views.conclusions, name="conclusions"),
    path("charts/<slug:code>.svg", views.chart, name="chart"),
    path("export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("export.json", views.export_json, name="export_json"),
    path("schema.json", views.schema_json, name="schema_json"),
]
