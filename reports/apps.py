from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reports"
    verbose_name = _("Documents and reports")

    def ready(self):
        from mentoring.home_panels import register_panel

        from .panels import curator_orders_panel, director_orders_panel

        register_panel("director", "reports/partials/panel_director_orders.html", director_orders_panel, order=10)

        # A proposal in a pairing order that is with the director cannot change under the director's eyes.
        from mentoring.services.groups import register_group_change_guard

        from .services.orders import group_held_by_submitted_order

        register_group_change_guard(group_held_by_submitted_order)
        register_panel("curator", "reports/partials/panel_curator_orders.html", curator_orders_panel, order=30)

        # The start checklist on top of the curator's home until every first step is done (issue 13).
        from .checklist import start_checklist_panel

        register_panel("curator_top", "reports/partials/panel_start_checklist.html", start_checklist_panel)

        # Monitoring (reports.monitoring): the key indicators on the director's and the curator's home; its admin.
        from .monitoring import admin as _monitoring_admin  # noqa: F401
        from .monitoring.panels import key_indicators_panel

        register_panel("director", "reports/monitoring/panel.html", key_indicators_panel, order=40)
        register_panel("curator", "reports/monitoring/panel.html", key_indicators_panel, order=60)

        # The public section (§8): cache invalidation and cleanup after anonymisation.
        from .public import admin as public_admin  # noqa: F401 — registers the public models' admin
        from .public import receivers as public_receivers

        public_receivers.connect()

        # Monitoring figures and charts are cached by data version: writes bump it after commit.
        from .monitoring import cache as monitoring_cache

        monitoring_cache.connect()
