"""Scope keys on the row (organizations/scope_keys.py): the column, its GIN index on PostgreSQL, existing rows filled."""

from django.db import migrations

import organizations.scope_keys
from organizations.scope_keys import backfill_operation, gin_index_operations


class Migration(migrations.Migration):

    dependencies = [
        ('joint_actions', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='coordinationmatter',
            name='scope_keys',
            field=organizations.scope_keys.ScopeKeysField(),
        ),
        migrations.AddField(
            model_name='jointactionproposal',
            name='scope_keys',
            field=organizations.scope_keys.ScopeKeysField(),
        ),
        migrations.AddField(
            model_name='liaisonrecord',
            name='scope_keys',
            field=organizations.scope_keys.ScopeKeysField(),
        ),
            *gin_index_operations('joint_actions_coordinationmatter'),
        backfill_operation('joint_actions', 'coordinationmatter'),
        *gin_index_operations('joint_actions_jointactionproposal'),
        backfill_operation('joint_actions', 'jointactionproposal'),
        *gin_index_operations('joint_actions_liaisonrecord'),
        backfill_operation('joint_actions', 'liaisonrecord'),
]
