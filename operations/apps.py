from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    """Running the product: system checks for a deployment, the health endpoint, backups."""

    name = "operations"
    verbose_name = _("Operations")

    def ready(self):
        from . import checks  # noqa: F401 — registers the system checks
