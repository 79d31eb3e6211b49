"""Scope keys on the row (organizations/scope_keys.py): the column, its GIN index on PostgreSQL, existing rows filled."""

from django.db import migrations

import organizations.scope_keys
from organizations.scope_keys import backfill_operation, gin_index_operations


class Migration(migrations.Migration):

    dependencies = [
        ('case_reviews', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='reviewsheet',
            name='scope_keys',
            field=organizations.scope_keys.ScopeKeysField(),
        ),
            *gin_index_operations('case_reviews_reviewsheet'),
        backfill_operation('case_reviews', 'reviewsheet'),
]
