"""Accountability entries the bureau records itself (办法 Art. 25; 条例 Art. 41).

Ground (3) is created by the system when a unit's clock settles as failed (services.clocks); the bureau
records (3) too for what no clock catches (a 决定书 not executed as decided), (4) 法律、法规规定的其他情形
with its legal basis, and refusal or obstruction of supervision (条例 Art. 25, 41) met in any measure, not
only in an Art. 22 (1) request. Grounds (1) and (2) concern 执法争议 and are recorded on disputes.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import AccountabilityEntry
from .common import _check_bureau_record, _fresh

Ground = AccountabilityEntry.Ground
ART41_REFERRAL = "有权机关（依《行政执法监督条例》第四十一条给予处分）"


@transaction.atomic
def record_accountability(case, *, acting_user, agency, ground, facts, legal_basis="",
                          responsible_persons="") -> AccountabilityEntry:
    case = _fresh(case)
    _check_bureau_record(case, acting_user)
    errors = {}
    if agency is None or agency.pk not in {u.pk for u in case.supervised_units.all()}:
        errors["agency"] = [_("请选择本案的被监督单位。")]
    if ground not in Ground.values:
        errors["ground"] = [_("请选择《办法》第二十五条规定的问责情形。")]
    if not (facts or "").strip():
        errors["facts"] = [_("请写明事实。")]
    if ground == Ground.OTHER and not (legal_basis or "").strip():
        errors["legal_basis"] = [_("“法律、法规规定的其他情形”须写明所依据的法律、法规条款（《办法》第二十五条第四项）。")]
    if errors:
        raise ValidationError(errors)
    entry = AccountabilityEntry.objects.create(
        case=case, agency=agency, ground=ground, facts=facts.strip(), legal_basis=(legal_basis or "").strip()[:200],
        responsible_persons=(responsible_persons or "").strip()[:300],
        discipline_referred_to=_(ART41_REFERRAL) if ground == Ground.OBSTRUCTION else "")
    action = "record_obstruction" if ground == Ground.OBSTRUCTION else "record_accountability"
    case.transitions.create(action=action, from_state=case.state, to_state=case.state, actor=acting_user,
                            note=_("%(unit)s：%(g)s") % {"unit": agency.name, "g": entry.get_ground_display()})
    return entry
