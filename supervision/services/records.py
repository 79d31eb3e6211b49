"""Records on a case: other supervision bodies (Art. 19) and transfer oversight (Art. 17)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import OtherBodyReferral, TransferOversight
from .common import _check_bureau_record


@transaction.atomic
def record_other_body_referral(case, *, acting_user, body, body_name, referred_on, matter, response="") -> OtherBodyReferral:
    """Art. 19: the matter is passed to, or coordinated with, another supervision body."""
    _check_bureau_record(case, acting_user)
    errors = {}
    if body not in OtherBodyReferral.Body.values:
        errors["body"] = [_("请选择监督机关类别。")]
    if not (body_name or "").strip():
        errors["body_name"] = [_("请填写机关名称。")]
    if referred_on is None or referred_on > timezone.localdate():
        errors["referred_on"] = [_("请填写不晚于今天的移送日期。")]
    if not (matter or "").strip():
        errors["matter"] = [_("请填写移送事项。")]
    if errors:
        raise ValidationError(errors)
    referral = OtherBodyReferral.objects.create(case=case, body=body, body_name=body_name.strip(), referred_on=referred_on,
                                                matter=matter.strip(), response=response, recorded_by=acting_user)
    case.transitions.create(action="record_other_body_referral", from_state=case.state, to_state=case.state,
                            actor=acting_user, note=_("移送%(b)s：%(m)s") % {"b": referral.body_name, "m": referral.matter})
    return referral


@transaction.atomic
def record_transfer_oversight(case, *, acting_user, transferring_agency, receiving_agency, matter, cooperation_finding,
                              transferred_on=None, filed_on=None) -> TransferOversight:
    """Art. 17: oversight of how a 行政主管部门 hands a case to the 综合行政执法部门."""
    _check_bureau_record(case, acting_user)
    errors = {}
    if transferring_agency is None:
        errors["transferring_agency"] = [_("请选择移送部门。")]
    if receiving_agency is None:
        errors["receiving_agency"] = [_("请选择接收部门。")]
    elif transferring_agency is not None and receiving_agency.pk == transferring_agency.pk:
        errors["receiving_agency"] = [_("接收部门不能与移送部门相同。")]
    if not (matter or "").strip():
        errors["matter"] = [_("请填写移送事项。")]
    if not (cooperation_finding or "").strip():
        errors["cooperation_finding"] = [_("请填写衔接配合情况。")]
    if transferred_on and filed_on and filed_on < transferred_on:
        errors["filed_on"] = [_("立案日期不能早于移送日期。")]
    if errors:
        raise ValidationError(errors)
    record = TransferOversight.objects.create(case=case, transferring_agency=transferring_agency,
                                              receiving_agency=receiving_agency, matter=matter.strip(),
                                              cooperation_finding=cooperation_finding.strip(),
                                              transferred_on=transferred_on, filed_on=filed_on, recorded_by=acting_user)
    case.transitions.create(action="record_transfer_oversight", from_state=case.state, to_state=case.state,
                            actor=acting_user, note=_("案件移送：%(a)s → %(b)s") % {"a": transferring_agency.name,
                                                                                 "b": receiving_agency.name})
    return record
