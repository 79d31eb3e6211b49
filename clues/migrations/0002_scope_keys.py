"""Scope keys on the row (organizations/scope_keys.py): the column, its GIN index on PostgreSQL, existing rows filled."""

from django.db import migrations

import organizations.scope_keys
from organizations.scope_keys import backfill_operation, gin_index_operations


class Migration(migrations.Migration):

    dependencies = [
        ('clues', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='clue',
            name='scope_keys',
            field=organizations.scope_keys.ScopeKeysField(),
        ),
            *gin_index_operations('clues_clue'),
        backfill_operation('clues', 'clue'),
]
