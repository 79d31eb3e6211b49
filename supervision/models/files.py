"""Where supervision keeps its evidence and report files; the rules themselves are `attachments.models.StoredFile`."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from attachments.models import StoredFile
from attachments.names import stored_name


def _upload_path(instance, filename):
    # Below the content hash, under a made-up name: the uploaded name is kept in `original_name`.
    return stored_name(f"supervision/{instance.case_id_for_path}/{instance.folder}/{instance.sha256}", filename)


class ImmutableFileMixin(StoredFile):
    """A `StoredFile` under `supervision/<case>/<folder>/<sha256>/` (evidence, report attachments)."""

    file = models.FileField(_("文件"), upload_to=_upload_path, max_length=300)

    class Meta:
        abstract = True
