from django.core.management.base import BaseCommand

from leads.engine import run_rules


class Command(BaseCommand):
    help = "Run the warning rules (incremental by default; --full as the nightly run does)."

    def add_arguments(self, parser):
        parser.add_argument("--full", action="store_true")

    def handle(self, *args, full=False, **options):
        result = run_rules(full=full)
        self.stdout.write(self.style.SUCCESS(f"{result.created} new leads {result.per_rule}"))
