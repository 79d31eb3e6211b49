"""Scope keys on the row (organizations/scope_keys.py): the column, its GIN index on PostgreSQL, existing rows filled."""

from django.db import migrations

import organizations.scope_keys
from organizations.scope_keys import backfill_operation, gin_index_operations


class Migration(migrations.Migration):

    dependencies = [
        ('documents', '0006_drafting_and_sign_off'),
        # The subjects' relations are read to fill the existing documents' keys.
        ('case_reviews', '0002_scope_keys'),
        ('clues', '0002_scope_keys'),
        ('disputes', '0003_scope_keys'),
        ('joint_actions', '0002_scope_keys'),
        ('supervision', '0006_scope_keys'),
    ]

    operations = [
        migrations.AddField(
            model_name='document',
            name='scope_keys',
            field=organizations.scope_keys.ScopeKeysField(),
        ),
            *gin_index_operations('documents_document'),
        backfill_operation('documents', 'document'),
]
