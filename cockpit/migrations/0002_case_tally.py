"""The case tally and the triggers that keep it (cockpit/tallies.py); filled from the cases already there."""

from django.db import migrations, models


def install(apps, schema_editor):
    from cockpit import tallies

    tallies.install(schema_editor.connection)
    tallies.rebuild(schema_editor.connection)


def uninstall(apps, schema_editor):
    from cockpit import tallies

    tallies.uninstall(schema_editor.connection)


class Migration(migrations.Migration):

    dependencies = [
        ('cockpit', '0001_initial'),
        ('supervision', '0009_list_order_index'),
    ]

    operations = [
        migrations.CreateModel(
            name='CaseTally',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('scope_key', models.CharField(max_length=40)),
                ('event', models.CharField(choices=[('o', '立案'), ('c', '办结'), ('u', '监督案件'), ('v', '发现违法或不当')], max_length=1)),
                ('grain', models.CharField(choices=[('m', '月'), ('d', '日')], max_length=1)),
                ('day', models.DateField()),
                ('method', models.CharField(max_length=30)),
                ('focus_area', models.CharField(max_length=40)),
                ('state', models.CharField(max_length=30)),
                ('unit', models.CharField(blank=True, default='', max_length=20)),
                ('n', models.IntegerField(default=0)),
            ],
            options={
                'verbose_name': '监督案件计数',
                'verbose_name_plural': '监督案件计数',
                'constraints': [models.UniqueConstraint(fields=('scope_key', 'event', 'grain', 'day', 'method', 'focus_area', 'state', 'unit'), name='case_tally_group')],
            },
        ),
        migrations.RunPython(install, uninstall),
    ]
