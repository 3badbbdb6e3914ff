"""Build the demo school: people, consents, banks, groups, programmes, the roadmap, and a login per role.

The reports app is the one that may import every other app, so the command that composes them lives here.
"""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings
from django.utils import translation
from django.utils.translation import gettext as _

from mentoring import demo as mentoring_demo
from mentoring.demo_groups import build_pairing
from mentoring.models import Organisation, OrganisationKind
from programmes import demo as programmes_demo
from reports import demo as reports_demo
from reports.public import demo as public_demo
from roadmap import demo as roadmap_demo


class Command(BaseCommand):
    help = "Builds a realistic demo school (deterministic) with one login per role."

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="Delete all data first, then build the demo anew.")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--kind",
            choices=sorted(mentoring_demo.DEMO_KINDS),
            default=OrganisationKind.SCHOOL,
            help="The kind of organisation: a school (default) or a kindergarten.",
        )

    def handle(self, *args, reset=False, seed=2026, kind=OrganisationKind.SCHOOL, **options):
        # A real school's database must never be flushed or seeded with demo logins (production settings).
        if not settings.DEMO_DATA_ALLOWED:
            raise CommandError("The demo is not built under production settings (set ALLOW_DEMO_DATA=true to try it).")
        if reset and not settings.DEMO_RESET_ALLOWED:
            raise CommandError("--reset deletes all data: it is refused under production settings.")
        if Organisation.objects.exists():
            if not reset:
                self.stdout.write(
                    self.style.WARNING(
                        "The demo school already exists; nothing was changed. Use --reset to build it anew."
                    )
                )
                self._print_logins()
                return
            call_command("flush", interactive=False, verbosity=0)
            # A flush also empties what data migrations loaded: the standard questionnaires and programme template.
            call_command("load_questionnaires", verbosity=0)
            call_command("load_programme_fixtures", verbosity=0)
        # Texts the demo stores (notes, order texts) are in the school's language, and its notification
        # emails to made-up addresses are dropped rather than printed.
        with (
            translation.override(settings.LANGUAGE_CODE),
            override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"),
            transaction.atomic(),
        ):
            demo = mentoring_demo.build_school(seed=seed, kind=kind)
            programmes_demo.build(demo)
            roadmap_demo.build(demo)
            public_demo.build(demo)
            build_pairing(demo)
            reports_demo.build(demo)  # orders last: they print the groups and the roadmap
        if not demo.groups:
            raise CommandError(_("The demo school has no groups."))
        self.stdout.write(self.style.SUCCESS(f"Demo school built: {Organisation.objects.get()}, {demo.year}."))
        self._print_logins()

    def _print_logins(self):
        self.stdout.write(f"Logins (password «{mentoring_demo.DEMO_PASSWORD}»):")
        for username, role in LOGINS:
            self.stdout.write(f"  {username:<10} {role}")


LOGINS = [
    ("curator", "куратор"),
    ("director", "директор"),
    ("methodist", "методический совет"),
    ("mentor", "наставник"),
    ("mentee", "наставляемый"),
    ("editor", "редактор сайта"),
    ("admin", "суперпользователь (админка)"),
]
