from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.module_loading import import_string

from organizations.demo import seed_demo

# After the organisations and accounts: each workflow app's own idempotent demo records.
# The order matters: the review template before file-review cases; cases before the registers
# that link to them.
APP_DEMO_STEPS = (
    "case_reviews.demo.seed_default_template",
    "disputes.demo.seed_demo_disputes",
    "supervision.demo.seed_supervision_demo",
    "supervision.demo.seed_supervision_states_demo",
    "supervision.demo.seed_supervision_methods_demo",
    "supervision.demo.seed_campaign_states_demo",
    "documents.demo.seed_drafts_demo",
    "deadlines.demo.seed_extensions_demo",
    "case_reviews.demo.seed_review_sheets_demo",
    "clues.demo.seed_clues_demo",
    "joint_actions.demo.seed_joint_actions_demo",
    "joint_actions.demo.seed_joint_action_states_demo",
    "enforcement_records.demo.seed_records_demo",
    "leads.demo.seed_lead_states_demo",
    "cockpit.demo.seed_cockpit_demo",
)


class Command(BaseCommand):
    help = "Load Shaoxing's divisions, organisations, the demo accounts and demo cases (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="run even when DEBUG is off (creates demo passwords!)")
        parser.add_argument("--organizations-only", action="store_true", help="skip the demo disputes, cases and proposals")

    def handle(self, *args, force=False, organizations_only=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo creates accounts with a known password; DEBUG is off, so this looks like production. "
                "Re-run with --force if you really mean it."
            )
        report = seed_demo()
        self.stdout.write(self.style.SUCCESS(f"seed_demo: {report}"))
        if organizations_only:
            return
        for dotted in APP_DEMO_STEPS:
            with transaction.atomic():
                result = import_string(dotted)()
            self.stdout.write(f"  {dotted}: {_describe(result)}")


def _describe(result) -> str:
    if isinstance(result, int):
        return f"{result} created"
    if isinstance(result, list | tuple):
        return f"{len(result)} ready"
    return str(result)
