from django.core.management.base import BaseCommand, CommandError

from operations.backup import verify


class Command(BaseCommand):
    help = "Re-hash every stored file (documents, evidence, attachments) against the SHA-256 the database records."

    def handle(self, *args, **options):
        result = verify()
        if result.problems:
            raise CommandError("; ".join(result.problems[:50]))
        self.stdout.write(f"{result.files_checked} file(s) verified; {result.counts}")
