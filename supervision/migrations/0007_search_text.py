"""Indexed substring search (search/fields.py): the columns, pg_trgm and bigram GIN indexes, existing rows filled."""

from django.db import migrations

import search.fields
from search.fields import backfill_operation, index_operations


class Migration(migrations.Migration):

    dependencies = [
        ('supervision', '0006_scope_keys'),
    ]

    operations = [
        migrations.AddField(
            model_name='supervisioncase',
            name='search_bigrams',
            field=search.fields.SearchBigramsField(),
        ),
        migrations.AddField(
            model_name='supervisioncase',
            name='search_text',
            field=search.fields.SearchTextField(sources=('number', 'title', 'summary')),
        ),
            backfill_operation('supervision', 'supervisioncase'),
        index_operations('supervision_supervisioncase'),
]
