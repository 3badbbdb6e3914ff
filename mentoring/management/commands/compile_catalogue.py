"""Compile the gettext catalogues; uses msgfmt when installed, otherwise polib (pure Python)."""

import shutil
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Compiles locale/*.po to .mo, with or without GNU gettext on the machine."

    def handle(self, *args, **options):
        if shutil.which("msgfmt"):
            call_command("compilemessages", verbosity=0, ignore_patterns=[".venv/*", "var/*"])
        else:
            import polib

            for po_path in Path(settings.BASE_DIR).glob("locale/*/LC_MESSAGES/*.po"):
                polib.pofile(str(po_path)).save_as_mofile(str(po_path.with_suffix(".mo")))
        self.stdout.write("Catalogues compiled.")
