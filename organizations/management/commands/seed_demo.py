from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from organizations.demo import seed_demo


class Command(BaseCommand):
    help = "Load Shaoxing's divisions, organisations and the demo accounts (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="run even when DEBUG is off (creates demo passwords!)")

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo creates accounts with a known password; DEBUG is off, so this looks like production. "
                "Re-run with --force if you really mean it."
            )
        report = seed_demo()
        self.stdout.write(self.style.SUCCESS(f"seed_demo: {report}"))
