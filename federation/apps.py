from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FederationConfig(AppConfig):
    """Schools and their municipal office: packages without personal data, the hub's pages (DESIGN «Beyond one school»).

    The rightmost app: it may read every other app; nothing imports it except the URLconf and settings.
    """

    name = "federation"
    verbose_name = _("municipal office")
