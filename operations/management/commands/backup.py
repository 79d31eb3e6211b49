from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from operations.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database and MEDIA_ROOT into a new directory, with a SHA-256 manifest (docs/operations.md)."

    def add_arguments(self, parser):
        parser.add_argument("target", nargs="?", help="directory to create (default: var/backups/<timestamp>)")

    def handle(self, *args, target=None, **options):
        from django.conf import settings

        target = Path(target or Path(settings.VAR_DIR) / "backups" / timezone.now().strftime("%Y%m%dT%H%M%S"))
        try:
            manifest = backup(target)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"backup written to {target}: {manifest['engine']} database, "
                          f"{len(manifest['media'])} file(s), {manifest['counts']}")
