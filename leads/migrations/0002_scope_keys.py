"""Scope keys on leads (organizations/scope_keys.py), and `sent_to`: the agency a track sent the lead to,
which from then on sees it (before, a per-row condition on the track)."""

import django.db.models.deletion
from django.db import migrations, models

import organizations.scope_keys
from organizations.scope_keys import backfill_operation, gin_index_operations

SENT_TRACKS = ("simple", "warning", "general")


def fill_sent_to(apps, schema_editor):
    Lead = apps.get_model("leads", "Lead")
    Lead.objects.filter(track__in=SENT_TRACKS).update(sent_to=models.F("agency"))


class Migration(migrations.Migration):

    dependencies = [
        ('leads', '0001_initial'),
        ('organizations', '0003_configuration_history'),
    ]

    operations = [
        migrations.AddField(
            model_name='lead',
            name='scope_keys',
            field=organizations.scope_keys.ScopeKeysField(),
        ),
        migrations.AddField(
            model_name='lead',
            name='sent_to',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='organizations.organization', verbose_name='已送交机关'),
        ),
        migrations.RunPython(fill_sent_to, migrations.RunPython.noop, elidable=False),
        *gin_index_operations('leads_lead'),
        backfill_operation('leads', 'lead'),
    ]
