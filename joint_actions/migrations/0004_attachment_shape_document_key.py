"""One attachment shape (attachments.models.StoredFile) and a real foreign key to the 建议书.

Existing rows keep their data: an attachment's original name is taken from its title (the only
name kept until now) and its type guessed from the extension of its name on disk; the letter's
`document_id` column keeps its values and gains the foreign key constraint.
"""

import mimetypes

import django.db.models.deletion
from django.db import migrations, models


def fill_file_facts(apps, schema_editor):
    ProposalAttachment = apps.get_model("joint_actions", "ProposalAttachment")
    for attachment in ProposalAttachment.objects.all().iterator():
        # A queryset update: the model's save() refuses to change a stored file's row, and these
        # columns are new, not a change to the file.
        ProposalAttachment.objects.filter(pk=attachment.pk).update(
            original_name=attachment.name[:255],
            content_type=mimetypes.guess_type(attachment.file.name or "")[0] or "application/octet-stream",
        )


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0008_search_text"),
        ("joint_actions", "0003_search_text"),
    ]

    operations = [
        migrations.AddField(
            model_name="proposalattachment",
            name="original_name",
            field=models.CharField(default="", max_length=255, verbose_name="原文件名"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="proposalattachment",
            name="content_type",
            field=models.CharField(default="application/octet-stream", max_length=120, verbose_name="文件类型"),
            preserve_default=False,
        ),
        migrations.RunPython(fill_file_facts, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="proposalattachment",
            name="sha256",
            field=models.CharField(editable=False, max_length=64, verbose_name="SHA-256"),
        ),
        migrations.AlterField(
            model_name="proposalattachment",
            name="size",
            field=models.PositiveBigIntegerField(editable=False, verbose_name="大小（字节）"),
        ),
        migrations.RenameField(model_name="proposalletter", old_name="document_id", new_name="document"),
        migrations.AlterField(
            model_name="proposalletter",
            name="document",
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+",
                                    to="documents.document", verbose_name="文书"),
        ),
    ]
