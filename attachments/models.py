"""The abstract model of a stored file that, once saved, can be neither altered nor deleted."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from workflow.choices import ChoiceLabelsMixin

from .hashing import file_is_intact


class ImmutableFile(models.Model):
    """The rule without the columns: a model with `file`, `sha256` and `size` that, once saved,
    can be neither altered nor deleted.

    Evidence must stay what it was when it was collected (Art. 13); a wrong upload is corrected by
    uploading the right file with a note, never by replacing the first. Models whose columns predate
    `StoredFile` inherit only this (an abstract base without fields changes no migration).
    """

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None:
            stored = type(self)._default_manager.filter(pk=self.pk).values_list("file", "sha256", "size").first()
            if stored is not None and stored != (self.file.name, self.sha256, self.size):
                raise ValidationError(_("证据及附件文件一经保存不得修改。"))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("证据及附件文件不得删除。"))

    def verify(self) -> bool:
        """Does the stored file still have the hash recorded when it was uploaded?"""
        return file_is_intact(self.file, self.sha256)


class StoredFile(ChoiceLabelsMixin, ImmutableFile):
    """A stored file with its SHA-256, size and type; once saved it can be neither altered nor deleted.

    A subclass redeclares `file` with its own `upload_to`.
    """

    file = models.FileField(_("文件"), max_length=300)
    original_name = models.CharField(_("原文件名"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64, editable=False)
    size = models.PositiveBigIntegerField(_("大小（字节）"), editable=False)
    content_type = models.CharField(_("文件类型"), max_length=120)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("上传人"))
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        abstract = True

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")

    @property
    def is_pdf(self) -> bool:
        return self.content_type == "application/pdf"
