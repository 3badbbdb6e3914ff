from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from operations.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Save the database and the media into one dated archive; keep the newest --keep archives."

    def add_arguments(self, parser):
        parser.add_argument("--dir", default=settings.BACKUP_DIR, help="Where archives go (BACKUP_DIR).")
        parser.add_argument("--keep", type=int, default=settings.BACKUP_KEEP, help="How many archives to keep.")

    def handle(self, *args, dir, keep, **options):
        try:
            result = backup_create(directory=Path(dir), keep=keep)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Backup written: {result.path} ({result.media_files} media files)")
        for path in result.removed:
            self.stdout.write(f"Removed old backup: {path}")
