from datetime import date

from django.core.management.base import BaseCommand, CommandError

from deadlines.calendar import MAX_DAYS, compute_due_date


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--received must be a date YYYY-MM-DD, not {value!r}") from exc


class Command(BaseCommand):
    help = (
        "Print the legal due date of a period of N days received on a date (民法典 201/203): "
        "the date as YYYY-MM-DD on the first line, then one line explaining the rule applied."
    )

    def add_arguments(self, parser):
        parser.add_argument("--received", required=True, help="day of receipt (service), YYYY-MM-DD")
        parser.add_argument("--days", required=True, type=int, help="length of the period in days")

    def handle(self, *args, received, days, **options):
        if not 1 <= days <= MAX_DAYS:
            raise CommandError(f"--days must be between 1 and {MAX_DAYS}")
        result = compute_due_date(_date(received), days)
        self.stdout.write(result.due.isoformat())
        self.stdout.write(result.explanation)
