"""The municipal office's pages (only on an installation whose kind is the municipal office)."""

from django.urls import path

from . import views_registry
from .office import views, views_work

app_name = "federation_office"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("rollup/", views.rollup_page, name="rollup"),
    path("rollup/xlsx/", views.rollup_export, name="rollup_xlsx"),
    path("rollup/targets/", views.target_save, name="target_save"),
    path("agreements/", views_work.agreement_list, name="agreements"),
    path("agreements/<int:pk>/", views_work.agreement_detail, name="agreement"),
    path("letters/", views_work.letters, name="letters"),
    path("letters/<int:pk>/pdf/", views_work.letter_pdf, name="letter_pdf"),
    path("base/", views_work.base, name="base"),
    path("roadmap/", views_work.roadmap, name="roadmap"),
    # The registry of member schools and the exchange (helper fedx).
    path("schools/", views_registry.school_list, name="schools"),
    path("schools/new/", views_registry.school_new, name="school_new"),
    path("schools/<int:pk>/", views_registry.school_detail, name="school"),
    path("schools/<int:pk>/code/", views_registry.school_code, name="school_code"),
    path("schools/<int:pk>/disconnect/", views_registry.school_disconnect_view, name="school_disconnect"),
    path("schools/<int:pk>/upload/", views_registry.school_upload, name="school_upload"),
]
