"""Official documents (公文) and their numbers. See domain.md §6."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class NumberSequence(models.Model):
    """The last number used for one issuer, series and year (越司执监通〔2026〕3号 → 3).

    One row per (issuer, series, year); `allocate_number` locks it, so numbers are gapless
    and never reused, even when many are issued at once or a document is later voided.
    """

    issuer = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+")
    series = models.CharField(_("文书代字"), max_length=20)
    year = models.PositiveSmallIntegerField(_("年度"))
    last_value = models.PositiveIntegerField(_("已用至"), default=0)

    class Meta:
        verbose_name = _("发文编号序列")
        verbose_name_plural = _("发文编号序列")
        constraints = [models.UniqueConstraint(fields=["issuer", "series", "year"], name="number_sequence_unique")]

    def __str__(self) -> str:
        return f"{self.issuer.doc_prefix}{self.series}〔{self.year}〕{self.last_value}号"
