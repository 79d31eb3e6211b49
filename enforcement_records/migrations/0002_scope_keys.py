"""Scope keys on the row (organizations/scope_keys.py): the column, its GIN index on PostgreSQL, existing rows filled."""

from django.db import migrations

import organizations.scope_keys
from organizations.scope_keys import backfill_operation, gin_index_operations

MODELS = ("enforcementrecord", "importbatch", "officercertificate", "reviewsample")


class Migration(migrations.Migration):

    dependencies = [
        ('enforcement_records', '0001_initial'),
    ]

    operations = [
        *[migrations.AddField(model_name=name, name='scope_keys', field=organizations.scope_keys.ScopeKeysField())
          for name in MODELS],
        *[op for name in MODELS for op in gin_index_operations(f'enforcement_records_{name}')],
        *[backfill_operation('enforcement_records', name) for name in MODELS],
    ]
