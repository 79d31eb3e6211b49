"""Indexed substring search (search/fields.py): the columns, pg_trgm and bigram GIN indexes, existing rows filled."""

from django.db import migrations

import search.fields
from search.fields import backfill_operation, index_operations


class Migration(migrations.Migration):

    dependencies = [
        ('joint_actions', '0002_scope_keys'),
    ]

    operations = [
        migrations.AddField(
            model_name='jointactionproposal',
            name='search_bigrams',
            field=search.fields.SearchBigramsField(),
        ),
        migrations.AddField(
            model_name='jointactionproposal',
            name='search_text',
            field=search.fields.SearchTextField(sources=('number', 'title', 'target_scope', 'key_matters')),
        ),
            backfill_operation('joint_actions', 'jointactionproposal'),
        index_operations('joint_actions_jointactionproposal'),
]
