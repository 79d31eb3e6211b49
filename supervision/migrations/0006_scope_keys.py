"""Scope keys on the row (organizations/scope_keys.py): the column, its GIN index on PostgreSQL, existing rows filled."""

from django.db import migrations

import organizations.scope_keys
from organizations.scope_keys import backfill_operation, gin_index_operations


class Migration(migrations.Migration):

    dependencies = [
        ('supervision', '0005_source_warning_lead'),
    ]

    operations = [
        migrations.AddField(
            model_name='supervisioncase',
            name='scope_keys',
            field=organizations.scope_keys.ScopeKeysField(),
        ),
            *gin_index_operations('supervision_supervisioncase'),
        backfill_operation('supervision', 'supervisioncase'),
]
