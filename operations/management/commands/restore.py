from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from operations.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = "Restore the database and the media from an archive made by `backup` (into an empty installation)."

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument("--force", action="store_true", help="Overwrite a database that already holds a school.")

    def handle(self, *args, archive, force, **options):
        try:
            info = backup_restore(archive=Path(archive), force=force)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Restored the backup of {info['created']} ({info['media_files']} media files).")
