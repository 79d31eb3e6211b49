from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from operations.backup import BackupError, restore, verify


class Command(BaseCommand):
    help = ("Restore a backup directory into the (fresh, empty) database of DATABASE_URL and MEDIA_ROOT, "
            "after checking every SHA-256 of its manifest; then verify every stored file.")

    def add_arguments(self, parser):
        parser.add_argument("source", help="a directory written by `manage.py backup`")

    def handle(self, *args, source, **options):
        try:
            manifest = restore(Path(source))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        result = verify(manifest)
        if result.problems:
            raise CommandError("restored, but: " + "; ".join(result.problems[:20]))
        self.stdout.write(f"restored {source}: {result.counts}; {result.files_checked} file(s) verified")
