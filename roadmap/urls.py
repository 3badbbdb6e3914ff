from django.urls import path, register_converter

from . import views, views_import

app_name = "roadmap"


class DirectionConverter:
    regex = "up|down"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(DirectionConverter, "direction")

urlpatterns = [
    path("", views.timeline, name="timeline"),
    path("mine/", views.mine, name="mine"),
    path("create/", views.create_from_template, name="create"),
    path("export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("stages/new/", views.stage_edit, name="stage_add"),
    path("stages/<int:pk>/", views.stage_edit, name="stage_edit"),
    path("stages/<int:pk>/delete/", views.stage_delete, name="stage_delete"),
    path("stages/<int:pk>/move/<direction:direction>/", views.stage_move, name="stage_move"),
    path("stages/<int:stage_pk>/items/new/", views.item_edit, name="item_add"),
    path("items/<int:pk>/", views.item_edit, name="item_edit"),
    path("items/<int:pk>/delete/", views.item_delete, name="item_delete"),
    path("items/<int:pk>/move/<direction:direction>/", views.item_move, name="item_move"),
    path("items/<int:pk>/status/", views.item_status, name="item_status"),
    path("import/", views_import.upload, name="import"),
    path("import/<int:pk>/", views_import.preview, name="import_preview"),
    path("import/<int:pk>/discard/", views_import.discard, name="import_discard"),
]
