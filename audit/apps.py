from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    """Who did what: the change history (PostgreSQL triggers through django-pghistory) and the access log."""

    name = "audit"
    verbose_name = _("Audit trail")

    def ready(self):
        from mentoring.home_panels import register_panel
        from mentoring.signals import person_anonymised, personal_data_accessed

        from . import context, panels, receivers

        context.install()
        register_panel("person_card", "audit/_card_history.html", panels.person_card_history, order=90)
        register_panel("group_card", "audit/_card_history.html", panels.group_card_history, order=90)
        personal_data_accessed.connect(receivers.on_personal_data_accessed, dispatch_uid="audit_access_log")
        person_anonymised.connect(receivers.on_person_anonymised, dispatch_uid="audit_history_scrub")
