"""Results of supervision (条例 Art. 31–33, 42): 通报 / 向社会公布, proposals on individual officers to the
competent authority (with its answer), leads transferred to the 监察机关, and the notice to the upper
authority of a vertically managed agency."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from workflow.choices import ChoiceLabelsMixin

from .cases import SupervisionCase


class ResultKind(models.TextChoices):
    CIRCULAR = "circular", _("在一定范围内通报（《条例》第三十一条）")
    PUBLICATION = "publication", _("向社会公布（《条例》第三十一条）")
    OFFICER_PROPOSAL = "officer_proposal", _("对行政执法人员的处理建议（《条例》第三十二条）")
    SUPERVISORY_TRANSFER = "supervisory_transfer", _("向监察机关移送问题线索（《条例》第三十三条第一款）")
    UPPER_AUTHORITY_NOTICE = "upper_authority_notice", _("告知垂直管理机关的上一级主管部门（《条例》第四十二条第二款）")


class OfficerMeasure(models.TextChoices):
    """条例 Art. 32."""

    CRITICISM = "criticism", _("批评教育")
    OFF_POST_EDUCATION = "off_post_education", _("离岗教育")
    TRANSFER_OUT = "transfer_out", _("调离执法岗位")
    REVOKE_QUALIFICATION = "revoke_qualification", _("取消执法资格")


# Results that go to another authority and come back with its answer.
ANSWERED_KINDS = frozenset({ResultKind.OFFICER_PROPOSAL, ResultKind.SUPERVISORY_TRANSFER,
                            ResultKind.UPPER_AUTHORITY_NOTICE})


class SupervisionResult(ChoiceLabelsMixin, models.Model):
    Kind = ResultKind
    Measure = OfficerMeasure

    case = models.ForeignKey(SupervisionCase, on_delete=models.PROTECT, related_name="results")
    kind = models.CharField(_("处理结果"), max_length=30, choices=ResultKind.choices)
    # The body addressed: the competent authority (有权机关), the 监察机关, the upper authority; or the scope
    # of the circular / where it was published.
    addressee = models.CharField(_("对象（机关或范围）"), max_length=200)
    officer_name = models.CharField(_("行政执法人员"), max_length=50, blank=True)
    officer_measure = models.CharField(_("建议的处理"), max_length=30, choices=OfficerMeasure.choices, blank=True)
    content = models.TextField(_("内容"))
    issued_on = models.DateField(_("日期"))
    answer = models.TextField(_("有权机关的处理结果"), blank=True)
    answered_on = models.DateField(_("反馈日期"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["issued_on", "id"]
        verbose_name = _("监督处理结果")
        verbose_name_plural = _("监督处理结果")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=ResultKind.values), name="supervision_result_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.case.number} {self.get_kind_display()}"
