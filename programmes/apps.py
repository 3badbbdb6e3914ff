from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "programmes"
    verbose_name = _("Personalised programmes")

    def ready(self):
        from mentoring.home_panels import register_panel
        from mentoring.signals import person_anonymised

        from . import panels

        register_panel("member", "programmes/panels/member.html", panels.member_panel, order=10)
        register_panel("curator", "programmes/panels/inactive.html", panels.inactive_panel, order=30)
        register_panel("curator", "programmes/panels/overdue.html", panels.overdue_panel, order=31)
        person_anonymised.connect(panels.on_person_anonymised, dispatch_uid="programmes_person_scrub")
