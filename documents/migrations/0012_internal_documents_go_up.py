"""Internal documents (the 请示 to the government) are read by the bodies over their issuer only:
the existing internal rows' scope keys recomputed (the filing 司法所 no longer finds a dispute's 请示)."""

from django.db import migrations


def forwards(apps, schema_editor):
    from django.apps import apps as global_apps

    from documents.kinds import INTERNAL_KINDS
    from organizations.scope_keys import _historical_subject_keys, compute_scope_keys

    Document = apps.get_model("documents", "Document")
    spec = global_apps.get_model("documents", "Document").jurisdiction
    for row in Document.objects.filter(kind__in=INTERNAL_KINDS).order_by("pk").iterator(chunk_size=500):
        keys = compute_scope_keys(row, spec, subject_keys=_historical_subject_keys(apps, row, spec))
        Document.objects.filter(pk=row.pk).update(scope_keys=keys)


class Migration(migrations.Migration):

    dependencies = [
        ('documents', '0011_list_order_index'),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop, elidable=False),
    ]
