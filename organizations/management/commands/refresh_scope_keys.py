"""Recompute every scoped row's scope keys (after moving an organisation to another division)."""

from django.core.management.base import BaseCommand

from organizations.scope_keys import backfill, scoped_models


class Command(BaseCommand):
    help = "重新计算所有受管辖范围限制的记录的可见范围键（scope_keys）"

    def handle(self, *args, **options):
        # Organisations first, then the registers, documents (which copy their subject's keys) last.
        models = sorted(scoped_models(), key=lambda m: (m._meta.label != "organizations.Organization",
                                                         getattr(m.jurisdiction, "subject", "") != ""))
        for model in models:
            changed = backfill(model)
            self.stdout.write(f"{model._meta.label}: {changed}")
