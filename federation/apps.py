from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FederationConfig(AppConfig):
    """Schools and their municipal office: packages without personal data, the hub's pages (DESIGN «Beyond one school»).

    The rightmost app: it may read every other app; nothing imports it except the URLconf and settings.
    """

    name = "federation"
    verbose_name = _("municipal office")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from mentoring.home_panels import register_panel
        from mentoring.models import Organisation

        from . import panels, panels_exchange
        from .context_processors import on_organisation_deleted, on_organisation_saved

        register_panel("curator", "federation/panels/base.html", panels.base_panel, order=60)
        # What the office sent back (helper fedx): its letters and decision on the dashboard, the decision on the
        # roadmap page.
        register_panel("curator_top", "federation/panels/letters.html", panels_exchange.letters_panel, order=40)
        register_panel("roadmap", "federation/panels/decision.html", panels_exchange.decision_panel, order=10)

        # The kind of the installation decides the menu (remembered per process): set it when the organisation changes.
        post_save.connect(on_organisation_saved, sender=Organisation, dispatch_uid="federation-kind-save")
        post_delete.connect(on_organisation_deleted, sender=Organisation, dispatch_uid="federation-kind-delete")
