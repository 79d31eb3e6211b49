"""研判 of leads at intake (条例 Art. 20 ¶2, 21, 33 ¶3): 重点监督, 日常监督 or not opened, with a reason."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from organizations.models import OrganizationKind, Role
from organizations.scoping import has_role
from workflow.errors import ActionNotPermitted

from ..models import (
    IntakeAssessment,
    IntakeChannel,
    IntakeOutcome,
    PendingRemedy,
    Source,
    SupervisionMode,
)
from ..transitions import STAFF, SUPERVISING_KINDS
from .cases import open_case

# The case's source for each channel (the 办法's `source` keeps its values; these were added beside them).
SOURCE_OF_CHANNEL = {
    IntakeChannel.HOTLINE_12345: Source.HOTLINE,
    IntakeChannel.ENTERPRISE: Source.HOTLINE,
    IntakeChannel.CITIZEN_CLUE: Source.CLUE,
    IntakeChannel.LETTERS_VISITS: Source.PETITION,
    IntakeChannel.NPC_SUGGESTION: Source.SUGGESTION,
    IntakeChannel.CPPCC_PROPOSAL: Source.SUGGESTION,
    IntakeChannel.SUPERVISORY_SUGGESTION: Source.SUGGESTION,
    IntakeChannel.JUDICIAL_SUGGESTION: Source.SUGGESTION,
    IntakeChannel.PROCURATORIAL_SUGGESTION: Source.SUGGESTION,
    IntakeChannel.REVIEW_SUGGESTION: Source.SUGGESTION,
    IntakeChannel.SYSTEM_WARNING: Source.WARNING_LEAD,
}
MODE_OF_OUTCOME = {IntakeOutcome.KEY: SupervisionMode.KEY, IntakeOutcome.DAILY: SupervisionMode.DAILY}

REMEDY_NAMES = {PendingRemedy.REVIEW: gettext_lazy("行政复议"), PendingRemedy.LITIGATION: gettext_lazy("行政诉讼")}
NO_DOUBLE_SUPERVISION = gettext_lazy("该行政争议已经进入%(remedy)s程序，行政执法监督机构不重复监督（《行政执法监督条例》第三十三条第三款）。")
GUIDANCE = gettext_lazy("您反映的事项符合行政复议、行政诉讼受理条件，可以依法申请行政复议或者提起行政诉讼"
             "（《行政执法监督条例》第三十三条第三款）。")


def can_assess(user, handling_org) -> bool:
    return has_role(user, STAFF, organizations=[handling_org.pk], kinds=SUPERVISING_KINDS)


def assess_intake(*, acting_user, handling_org, channel, matter, received_on, outcome, reason, reference="",
                  submitter="", agency=None, lead=None, clue=None, pending_remedy="", qualifies_for_remedy=False,
                  reply="", focus_area="other", method="individual") -> IntakeAssessment:
    """Record the 研判 of one lead and, for 重点监督 or 日常监督, open the case.

    Refused (400, nothing written): a 12345 lead without its 工单号; a matter in 行政复议 or 行政诉讼 assessed
    as anything but not opened; no reason. A person whose matter qualifies for 复议/诉讼 gets the reply
    guiding them there (added to the reply when it does not say so already).
    """
    if handling_org is None or handling_org.kind not in SUPERVISING_KINDS:
        raise ValidationError({"handling_org": [_("线索由司法行政部门或司法所研判。")]})
    if not can_assess(acting_user, handling_org):
        raise ActionNotPermitted(_("只有研判机关的经办人或审核人可以研判线索。"))
    reference, reply = (reference or "").strip(), (reply or "").strip()
    pending_remedy = pending_remedy or ""
    errors = {}
    if channel not in IntakeChannel.values:
        errors["channel"] = [_("请选择线索渠道。")]
    elif channel == IntakeChannel.HOTLINE_12345 and not reference:
        errors["reference"] = [_("12345热线线索请填写工单号。")]
    if outcome not in IntakeOutcome.values:
        errors["outcome"] = [_("请选择研判结果。")]
    if pending_remedy not in PendingRemedy.values:
        errors["pending_remedy"] = [_("请选择行政复议、行政诉讼情况。")]
    elif pending_remedy and outcome != IntakeOutcome.NOT_OPENED:
        errors["outcome"] = [str(NO_DOUBLE_SUPERVISION) % {"remedy": str(REMEDY_NAMES[pending_remedy])}]
    if received_on is None or received_on > timezone.localdate():
        errors["received_on"] = [_("收到日期不能晚于今天。")]
    if lead is not None and not lead.division_code.startswith(handling_org.division.code):
        errors["lead"] = [_("该线索不在本机关的地区内。")]
    if clue is not None and not handling_org.division.covers(clue.division):
        errors["clue"] = [_("该群众线索不在本机关的地区内。")]
    if agency is not None and not handling_org.division.covers(agency.division):
        errors["agency"] = [_("该行政执法机关不在本机关的监督范围内。")]
    matter = (matter or "").strip() or (lead.summary if lead else "") or (clue.description if clue else "")
    if not matter:
        errors["matter"] = [_("请写明反映的行政执法问题。")]
    reason = (reason or "").strip()
    if not reason and pending_remedy and not errors.get("outcome"):
        reason = str(NO_DOUBLE_SUPERVISION) % {"remedy": str(REMEDY_NAMES[pending_remedy])}
    if not reason:
        errors["reason"] = [_("请写明研判理由。")]
    agency = agency or (lead.agency if lead else None) or (clue.agency if clue else None)
    if outcome in MODE_OF_OUTCOME and agency is None:
        errors["agency"] = [_("立案监督须写明涉及的行政执法机关。")]
    if errors:
        raise ValidationError(errors)
    if qualifies_for_remedy and str(GUIDANCE) not in reply:
        reply = f"{reply}\n{str(GUIDANCE)}".strip()
    if pending_remedy and not reply:
        reply = str(NO_DOUBLE_SUPERVISION) % {"remedy": str(REMEDY_NAMES[pending_remedy])}
    with transaction.atomic():
        case = None
        if outcome in MODE_OF_OUTCOME:
            case = open_case(
                handling_org=handling_org, method=method, focus_area=focus_area,
                source=SOURCE_OF_CHANNEL[channel], source_detail=f"{IntakeChannel(channel).label} {reference}".strip()[:200],
                supervised_units=[agency], summary=matter, acting_user=acting_user,
                clue=clue if channel == IntakeChannel.CITIZEN_CLUE else None, mode=MODE_OF_OUTCOME[outcome],
                opened_on=timezone.localdate())
            case.transitions.filter(action="open").update(note=_("立案：%(number)s（线索研判：%(o)s）") % {
                "number": case.number, "o": IntakeOutcome(outcome).label})
        assessment = IntakeAssessment.objects.create(
            handling_org=handling_org, channel=channel, reference=reference, received_on=received_on,
            submitter=(submitter or "").strip()[:100], agency=agency, matter=matter, lead=lead, clue=clue,
            pending_remedy=pending_remedy, qualifies_for_remedy=bool(qualifies_for_remedy), outcome=outcome,
            reason=reason, reply=reply, case=case, assessed_by=acting_user)
    if outcome == IntakeOutcome.KEY and handling_org.kind == OrganizationKind.JUSTICE_BUREAU:
        from .common import _on_commit_notify

        _on_commit_notify(organizations=[handling_org], roles=[Role.LEADER],
                          title=_("线索研判列为重点监督：%(n)s") % {"n": case.number}, body=reason, target=case,
                          url=case.get_absolute_url())
    return assessment
