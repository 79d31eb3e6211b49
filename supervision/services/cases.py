"""Opening a case and the investigation's outcome (Art. 11, 12, 18): open, investigate, conclude, refer."""

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.numbering import allocate_number
from organizations.models import Organization, OrganizationKind, Role
from organizations.scoping import has_role
from workflow.errors import ActionNotPermitted
from workflow.machine import transition

from ..models import CaseState, FocusArea, Method, Source, SupervisionCase
from ..transitions import STAFF, SUPERVISING_KINDS
from .common import W, _on_commit_notify
from .methods import method_fields


def _validate_units(handling_org: Organization, units: Iterable[Organization]) -> list[Organization]:
    units = list(units)
    errors = []
    if not units:
        errors.append(_("请至少选择一个被监督单位。"))
    area = handling_org.division
    if handling_org.kind == OrganizationKind.JUSTICE_OFFICE and area.parent_id:
        # Art. 18 para. 2: a 司法所 oversees the township's own enforcement bodies and the teams county
        # agencies station there, so the county's agencies are within its reach too.
        area = area.parent
    for unit in units:
        if unit.kind not in (OrganizationKind.ENFORCEMENT_AGENCY, OrganizationKind.GOVERNMENT):
            errors.append(_("%(unit)s 不是行政执法单位。") % {"unit": unit.name})
        elif not area.covers(unit.division):
            errors.append(_("%(unit)s 不在%(org)s的监督范围内。") % {"unit": unit.name, "org": handling_org.name})
        elif unit.kind == OrganizationKind.GOVERNMENT and not _lower_government(handling_org, unit):
            # 条例 Art. 2, 6: the bureau acts for its own government over *lower* governments; it never
            # supervises the government it belongs to. A 司法所 assists with the township's own bodies.
            errors.append(_("%(unit)s 不是下级人民政府，不能作为%(org)s的被监督单位（《行政执法监督条例》第二条、第六条）。")
                          % {"unit": unit.name, "org": handling_org.name})
    if errors:
        raise ValidationError({"supervised_units": errors})
    return units


def _lower_government(handling_org: Organization, government: Organization) -> bool:
    if handling_org.kind == OrganizationKind.JUSTICE_OFFICE:
        # A 司法所's case: the township (街道) body of its own township.
        return government.division_id == handling_org.division_id
    return government.division_id != handling_org.division_id and handling_org.division.covers(government.division)


@transaction.atomic
def open_case(*, handling_org, method, focus_area, source, supervised_units, summary, acting_user, clue=None,
              title=None, source_detail="", opened_on=None, mode="", daily_means="", assessment_means=(),
              campaign=None) -> SupervisionCase:
    """立案: open a supervision case and give it its number.

    Numbers: a 司法局's cases are 越司执监案〔2026〕1号 (its own 机关代字). A 司法所 has no 机关代字,
    so its cases are numbered in a separate series of its county bureau, 越司所监〔2026〕1号, which
    keeps the bureau's own series gapless and shows at a glance that the case began at a 司法所.
    `clue` (a citizen's clue, Art. 4) is recorded as the case's origin. `mode`, `daily_means`,
    `assessment_means` and `campaign` are the 条例's method (Art. 14–21, services/methods.py); a blank mode
    takes the one the 办法's method maps to.
    """
    if handling_org.kind not in SUPERVISING_KINDS:
        raise ValidationError({"handling_org": [_("只有司法行政部门或司法所可以立案监督（第三条、第十八条）。")]})
    if not acting_user.is_superuser and not has_role(acting_user, STAFF, organizations=[handling_org]):
        raise ActionNotPermitted(_("只有承办机关的经办人或审核人可以立案。"))
    errors = {}
    if method not in Method.values:
        errors["method"] = [_("请选择第十一条规定的监督方式。")]
    if focus_area not in FocusArea.values:
        errors["focus_area"] = [_("请选择重点领域。")]
    if source not in Source.values:
        errors["source"] = [_("请选择案件来源。")]
    if not (summary or "").strip():
        errors["summary"] = [_("请填写案情摘要。")]
    if clue is not None and source != Source.CLUE:
        errors["source"] = [_("由群众线索转立的案件，来源应为“群众线索”。")]
    try:
        method_values = method_fields(method=method, mode=mode, daily_means=daily_means,
                                      assessment_means=assessment_means, campaign=campaign, handling_org=handling_org)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    units = _validate_units(handling_org, supervised_units)

    if handling_org.kind == OrganizationKind.JUSTICE_OFFICE:
        issuer, series = handling_org.justice_bureau(), "所监"
    else:
        issuer, series = handling_org, "执监案"
    number = allocate_number(issuer=issuer, series=series)
    if not title:
        title = _("对%(units)s的%(method)s") % {"units": "、".join(u.name for u in units), "method": Method(method).label}
    case = SupervisionCase.objects.create(
        number=number.text, title=title[:200], method=method, focus_area=focus_area, source=source,
        source_detail=source_detail, summary=summary.strip(), handling_org=handling_org, opened_by=acting_user,
        opened_on=opened_on or timezone.localdate(),
        origin_type=ContentType.objects.get_for_model(clue) if clue is not None else None,
        origin_id=clue.pk if clue is not None else None, **method_values,
    )
    case.supervised_units.set(units)
    case.transitions.create(action="open", from_state="", to_state=CaseState.OPEN, actor=acting_user,
                            note=_("立案：%(number)s") % {"number": case.number})
    return case


def start_investigation(case, *, acting_user, note="") -> SupervisionCase:
    return transition(case, workflow=W, action="start_investigation", actor=acting_user, note=note)


def conclude_no_issue(case, *, acting_user, finding) -> SupervisionCase:
    if not (finding or "").strip():
        raise ValidationError({"finding": [_("请填写调查结论。")]})
    return transition(case, workflow=W, action="conclude_no_issue", actor=acting_user, note=finding,
                      changes={"finding": finding.strip(), "closed_at": timezone.now()})


def find_violation(case, *, acting_user, finding) -> SupervisionCase:
    if not (finding or "").strip():
        raise ValidationError({"finding": [_("请写明违法或不当之处。")]})
    return transition(case, workflow=W, action="find_violation", actor=acting_user, note=finding,
                      changes={"finding": finding.strip()})


def refer(case, *, acting_user, reason) -> SupervisionCase:
    """Art. 18 para. 3: the 司法所 asks its county bureau to issue the notice or decision."""
    if not (reason or "").strip():
        raise ValidationError({"reason": [_("请填写提请理由。")]})
    bureau = case.handling_org.justice_bureau()
    with transaction.atomic():
        case = transition(case, workflow=W, action="refer", actor=acting_user, note=reason,
                          changes={"referral_reason": reason.strip()})
    _on_commit_notify(organizations=[bureau], roles=[Role.REVIEWER], title=_("司法所提请处理：%(n)s") % {"n": case.number},
                      body=reason, target=case, url=case.get_absolute_url())
    return case


def accept_referral(case, *, acting_user, note="") -> SupervisionCase:
    """The county bureau takes the case over; the 司法所 stays on it as `referred_by` and still sees it."""
    office = case.handling_org
    bureau = office.justice_bureau()
    return transition(case, workflow=W, action="accept_referral", actor=acting_user, note=note,
                      changes={"handling_org": bureau, "referred_by": office})
