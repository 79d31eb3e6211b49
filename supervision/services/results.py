"""Results of supervision (条例 Art. 31–33, 42), kept on the case by the handling body."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from workflow.errors import InvalidState

from ..models import SupervisionCase
from ..models.results import ANSWERED_KINDS, OfficerMeasure, ResultKind, SupervisionResult
from .common import _check_bureau_record, _fresh, refuse_office


@transaction.atomic
def record_result(case, *, acting_user, kind, addressee, content, issued_on=None, officer_name="",
                  officer_measure="") -> SupervisionResult:
    """通报 / 向社会公布 (Art. 31), a proposal on an officer (Art. 32), a lead to the 监察机关 (Art. 33 ¶1), the
    notice to a vertically managed agency's upper authority (Art. 42 ¶2). A 司法所 records none (Art. 6 ¶2)."""
    case = _fresh(case)
    _check_bureau_record(case, acting_user)
    refuse_office(case, _("监督处理结果"))
    issued_on = issued_on or timezone.localdate()
    errors = {}
    if kind not in ResultKind.values:
        errors["kind"] = [_("请选择处理结果的种类。")]
    if not (addressee or "").strip():
        errors["addressee"] = [_("请填写对象（机关或范围）。")]
    if not (content or "").strip():
        errors["content"] = [_("请填写内容。")]
    if issued_on > timezone.localdate():
        errors["issued_on"] = [_("日期不能晚于今天。")]
    if kind == ResultKind.OFFICER_PROPOSAL:
        if not (officer_name or "").strip():
            errors["officer_name"] = [_("请填写行政执法人员姓名。")]
        if officer_measure not in OfficerMeasure.values:
            errors["officer_measure"] = [_("请选择建议的处理：批评教育、离岗教育、调离执法岗位或取消执法资格（《条例》第三十二条）。")]
    elif officer_measure:
        errors["officer_measure"] = [_("只有对行政执法人员的处理建议才选择处理方式。")]
    if errors:
        raise ValidationError(errors)
    result = SupervisionResult.objects.create(
        case=case, kind=kind, addressee=addressee.strip(), content=content.strip(), issued_on=issued_on,
        officer_name=(officer_name or "").strip(), officer_measure=officer_measure or "", recorded_by=acting_user)
    SupervisionCase.objects.get(pk=case.pk).transitions.create(
        action="record_result", from_state=case.state, to_state=case.state, actor=acting_user,
        note=_("%(k)s：%(a)s") % {"k": result.get_kind_display(), "a": result.addressee})
    return result


@transaction.atomic
def record_result_answer(result, *, acting_user, answer, answered_on=None) -> SupervisionResult:
    """The competent authority's (or 监察机关's, upper authority's) answer, on the record."""
    result = SupervisionResult.objects.select_for_update().select_related("case").get(pk=result.pk)
    _check_bureau_record(result.case, acting_user)
    if result.kind not in ANSWERED_KINDS:
        raise InvalidState(_("通报或向社会公布没有反馈。"))
    if result.answer:
        raise InvalidState(_("已登记反馈。"))
    answered_on = answered_on or timezone.localdate()
    if not (answer or "").strip():
        raise ValidationError({"answer": [_("请填写处理结果。")]})
    if answered_on < result.issued_on or answered_on > timezone.localdate():
        raise ValidationError({"answered_on": [_("反馈日期应在提出日期与今天之间。")]})
    result.answer, result.answered_on = answer.strip(), answered_on
    result.save(update_fields=["answer", "answered_on"])
    result.case.transitions.create(action="record_result_answer", from_state=result.case.state,
                                   to_state=result.case.state, actor=acting_user,
                                   note=_("%(k)s的反馈：%(a)s") % {"k": result.get_kind_display(), "a": result.answer})
    return result
