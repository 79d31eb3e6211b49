"""The case's earliest running time limit on its row (仅看逾期 without a join, issue 18), filled from the deadlines."""

from django.conf import settings
from django.db import migrations, models
from django.db.models import Min, OuterRef, Subquery


def fill_next_due(apps, schema_editor):
    # As supervision.services.refresh_next_due, with the historical models.
    ContentType = apps.get_model("contenttypes", "ContentType")
    Deadline = apps.get_model("deadlines", "Deadline")
    SupervisionCase = apps.get_model("supervision", "SupervisionCase")
    case_type = ContentType.objects.filter(app_label="supervision", model="supervisioncase").first()
    if case_type is None:
        return  # a fresh database: no case, no deadline
    earliest = (Deadline.objects.filter(subject_type=case_type, subject_id=OuterRef("pk"), state__in=["open", "overdue"],
                                        closed_at__isnull=True)
                .order_by().values("subject_id").annotate(first=Min("due_on")).values("first"))
    SupervisionCase.objects.update(next_due_on=Subquery(earliest))


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('deadlines', '0008_overdue_due_index'),
        ('organizations', '0003_configuration_history'),
        ('supervision', '0011_list_filter_indexes'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='supervisioncase',
            name='next_due_on',
            field=models.DateField(blank=True, editable=False, null=True, verbose_name='最近截止日（未了期限）'),
        ),
        migrations.RunPython(fill_next_due, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name='supervisioncase',
            index=models.Index(condition=models.Q(('next_due_on__isnull', False)), fields=['next_due_on'], name='case_next_due_idx'),
        ),
    ]
