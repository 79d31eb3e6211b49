"""Who may do what to a dispute, and which bureau coordinates it (Art. 3, 7, 18).

The transition table follows domain.md §2. Guards take (user, dispute) and only look at roles;
the state check is the workflow's (403 for the wrong person, 409 for the wrong moment).
"""

from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _

from organizations.models import Division, Organization, OrganizationKind, Role
from organizations.scoping import active_memberships, has_role
from workflow.machine import Transition, Workflow

from .models import DisputeState as S

# Kinds of organisation that can be a party to a jurisdiction dispute: enforcement agencies, and
# township governments / 街道办事处, which hold enforcement powers delegated to them under
# Zhejiang's 乡镇（街道）综合行政执法 reform and so can disagree with a county department.
PARTY_KINDS = (OrganizationKind.ENFORCEMENT_AGENCY, OrganizationKind.GOVERNMENT)

FILER_ROLES = (Role.CLERK, Role.AGENCY_CONTACT)


def _org_id(org) -> int | None:
    return getattr(org, "pk", org)


# --- Filing -------------------------------------------------------------------------------

def filing_organizations(user) -> list[Organization]:
    """Organisations on whose behalf `user` may file: a 司法所 (its clerk, Art. 18) or an agency."""
    orgs = []
    for m in active_memberships(user):
        org = m.organization
        office_clerk = org.kind == OrganizationKind.JUSTICE_OFFICE and m.role == Role.CLERK
        agency_staff = org.kind == OrganizationKind.ENFORCEMENT_AGENCY and m.role in FILER_ROLES
        if office_clerk or agency_staff:
            orgs.append(org)
    seen = set()
    return [o for o in orgs if not (o.pk in seen or seen.add(o.pk))]


def can_file(user) -> bool:
    return bool(filing_organizations(user))


def is_filer_staff(user, dispute) -> bool:
    return has_role(user, FILER_ROLES, organizations=[dispute.filed_by_id])


# --- The coordinating bureau ----------------------------------------------------------------

def coordinating_division(organizations: Iterable[Organization]) -> Division | None:
    """The lowest division with a 司法行政部门 that covers every party.

    Art. 3 gives dispute coordination to the 市 and 县（市、区） justice bureaus, so a township
    is never the answer: all parties in one county → that county; parties across counties, or any
    city-level party → the city.
    """
    organizations = list(organizations)
    if not organizations:
        return None
    counties = set()
    city = None
    for org in organizations:
        division = org.division
        county = division.county()
        if county is None:  # a city-level party: only the city bureau covers it
            city = division
            counties.add(None)
        else:
            counties.add(county)
            city = city or county.parent
    if len(counties) == 1 and None not in counties:
        return next(iter(counties))
    return city


def coordinating_bureau(organizations: Iterable[Organization]) -> Organization | None:
    division = coordinating_division(organizations)
    if division is None:
        return None
    return Organization.objects.filter(
        division=division, kind=OrganizationKind.JUSTICE_BUREAU, is_active=True
    ).first()


# --- Guards ----------------------------------------------------------------------------------

def is_coordinator_reviewer(user, dispute) -> bool:
    return dispute.coordinator_id is not None and has_role(user, [Role.REVIEWER], organizations=[dispute.coordinator_id])


def is_coordinator_leader(user, dispute) -> bool:
    # The leader signs the 协调意见书 on the bureau's behalf.
    return dispute.coordinator_id is not None and has_role(user, [Role.LEADER], organizations=[dispute.coordinator_id])


def is_coordinator_staff(user, dispute) -> bool:
    return dispute.coordinator_id is not None and has_role(
        user, [Role.CLERK, Role.REVIEWER, Role.LEADER], organizations=[dispute.coordinator_id]
    )


def deciding_government(dispute) -> Organization | None:
    """本级人民政府: the government of the coordinating bureau's division (Art. 7)."""
    return dispute.coordinator.government() if dispute.coordinator_id else None


def is_government_leader(user, dispute) -> bool:
    government = deciding_government(dispute)
    return government is not None and has_role(user, [Role.LEADER], organizations=[government])


def party_ids(dispute) -> set[int]:
    return {p.organization_id for p in dispute.parties.all()}


def is_party_contact(user, dispute) -> bool:
    return has_role(user, FILER_ROLES, organizations=party_ids(dispute))


def can_close(user, dispute) -> bool:
    # The responsible agency confirms it has taken up the duty; the bureau's reviewer may record a
    # confirmation the agency sent in writing (a note is then required, see services.close_dispute).
    if dispute.responsible_agency_id and has_role(user, [Role.AGENCY_CONTACT], organizations=[dispute.responsible_agency_id]):
        return True
    return is_coordinator_reviewer(user, dispute)


def can_record_accountability(user, dispute) -> bool:
    return dispute.coordinator_id is not None and has_role(
        user, [Role.REVIEWER, Role.LEADER], organizations=[dispute.coordinator_id]
    )


def can_add_attachment(user, dispute) -> bool:
    if dispute.state == S.DRAFT:
        return is_filer_staff(user, dispute)
    return is_filer_staff(user, dispute) or is_coordinator_staff(user, dispute) or is_party_contact(user, dispute)


def can_record_party_view(user, dispute) -> bool:
    return is_coordinator_reviewer(user, dispute) or is_party_contact(user, dispute)


# --- The tables -----------------------------------------------------------------------------------

OPEN_BEFORE_OUTCOME = {S.SUBMITTED, S.ACCEPTED, S.COORDINATING}

DISPUTE_WORKFLOW = Workflow([
    Transition("submit", _("提交申请"), sources={S.DRAFT}, target=S.SUBMITTED, permitted=is_filer_staff),
    Transition("accept", _("受理"), sources={S.SUBMITTED}, target=S.ACCEPTED, permitted=is_coordinator_reviewer),
    Transition("reject", _("不予受理"), sources={S.SUBMITTED}, target=S.REJECTED, permitted=is_coordinator_reviewer,
               style="danger"),
    Transition("start_coordination", _("开始协调"), sources={S.ACCEPTED}, target=S.COORDINATING,
               permitted=is_coordinator_reviewer),
    Transition("issue_opinion", _("出具协调意见书"), sources={S.COORDINATING}, target=S.OPINION_ISSUED,
               permitted=is_coordinator_leader),
    Transition("escalate", _("报请政府决定"), sources={S.COORDINATING}, target=S.ESCALATED,
               permitted=is_coordinator_reviewer, style="warning"),
    Transition("record_decision", _("录入政府决定"), sources={S.ESCALATED}, target=S.DECIDED,
               permitted=is_government_leader),
    Transition("close", _("确认承接职责并办结"), sources={S.OPINION_ISSUED, S.DECIDED}, target=S.CLOSED,
               permitted=can_close),
    # Before acceptance the filer simply withdraws; afterwards the parties may still settle it
    # themselves (domain.md §2), which the filer reports by withdrawing.
    Transition("withdraw", _("撤回申请"), sources={S.DRAFT} | OPEN_BEFORE_OUTCOME, target=S.WITHDRAWN,
               permitted=is_filer_staff, style="secondary"),
])

# Recordings that change no state but are written to the timeline (a transition row from = to).
RECORDS = Workflow([
    Transition("record_meeting", _("记录协调会议"), sources={S.COORDINATING}, permitted=is_coordinator_reviewer,
               style="secondary"),
    Transition("record_party_view", _("记录当事单位意见"), sources={S.ACCEPTED, S.COORDINATING},
               permitted=can_record_party_view, style="secondary"),
    Transition("add_attachment", _("上传附件"), sources={S.DRAFT} | OPEN_BEFORE_OUTCOME
               | {S.OPINION_ISSUED, S.ESCALATED, S.DECIDED}, permitted=can_add_attachment, style="secondary"),
    Transition("record_accountability", _("记录问责情况"), sources={
        S.SUBMITTED, S.ACCEPTED, S.COORDINATING, S.OPINION_ISSUED, S.ESCALATED, S.DECIDED, S.CLOSED, S.REJECTED},
        permitted=can_record_accountability, style="secondary"),
])

ACTION_LABELS = {t.action: t.label for t in DISPUTE_WORKFLOW.transitions + RECORDS.transitions}
ACTION_LABELS.update({"create": _("创建草稿"), "edit": _("修改草稿"), "add_negotiation": _("记录协商情况")})
