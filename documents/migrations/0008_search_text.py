"""Indexed substring search (search/fields.py): the columns, pg_trgm and bigram GIN indexes, existing rows filled."""

from django.db import migrations

import search.fields
from search.fields import backfill_operation, index_operations


class Migration(migrations.Migration):

    dependencies = [
        ('documents', '0007_scope_keys'),
    ]

    operations = [
        migrations.AddField(
            model_name='document',
            name='search_bigrams',
            field=search.fields.SearchBigramsField(),
        ),
        migrations.AddField(
            model_name='document',
            name='search_text',
            field=search.fields.SearchTextField(sources=('number', 'title')),
        ),
            backfill_operation('documents', 'document'),
        index_operations('documents_document'),
]
