"""Build the demo school: people, consents, banks, groups, programmes, the roadmap, and a login per role.

The reports app is the one that may import every other app, so the command that composes them lives here.
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from mentoring import demo as mentoring_demo
from mentoring.models import Organisation
from programmes import demo as programmes_demo
from roadmap import demo as roadmap_demo


class Command(BaseCommand):
    help = "Builds a realistic demo school (deterministic) with one login per role."

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="Delete all data first, then build the demo anew.")
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, reset=False, seed=2026, **options):
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
            call_command("migrate", verbosity=0)  # the roles data migration runs again after a flush
        with transaction.atomic():
            demo = mentoring_demo.build_school(seed=seed)
            programmes_demo.build(demo)
            roadmap_demo.build(demo)
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
