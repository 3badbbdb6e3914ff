from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    """Who did what: the change history (PostgreSQL triggers through django-pghistory) and the access log."""

    name = "audit"
    verbose_name = _("Audit trail")

    def ready(self):
        from mentoring.signals import person_anonymised, personal_data_accessed

        from . import context, receivers

        context.install()
        personal_data_accessed.connect(receivers.on_personal_data_accessed, dispatch_uid="audit_access_log")
        person_anonymised.connect(receivers.on_person_anonymised, dispatch_uid="audit_history_scrub")
