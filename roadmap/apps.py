from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoadmapConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "roadmap"
    verbose_name = _("Roadmap")

    def ready(self):
        from mentoring.home_panels import register_panel

        from .panels import due_items_context, my_items_context

        register_panel("curator", "roadmap/panels/due_items.html", due_items_context, order=20)
        register_panel("director", "roadmap/panels/my_items.html", my_items_context, order=20)
        register_panel("member", "roadmap/panels/my_items.html", my_items_context, order=20)
