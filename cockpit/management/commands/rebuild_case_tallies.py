"""`manage.py rebuild_case_tallies`: recount the statistics page's case tally from the cases (cockpit/tallies.py).

The triggers keep it exact on every write; run this after a load that switched triggers off
(`session_replication_role = replica`) or to repair it. It also (re)installs the triggers.
"""

import time

from django.core.management.base import BaseCommand

from cockpit import tallies


class Command(BaseCommand):
    help = "Recount the case tally of the statistics page from the supervision cases (set-based)."

    def handle(self, *args, **options):
        started = time.perf_counter()
        tallies.install()
        rows = tallies.rebuild()
        self.stdout.write(f"case tally: {rows} rows in {time.perf_counter() - started:.1f} s")
