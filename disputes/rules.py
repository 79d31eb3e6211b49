"""Who may do what to a dispute, and which bureau coordinates it (Art. 3, 7, 18).

The transition table follows domain.md §2. Guards take (user, dispute) and only look at roles;
the state check is the workflow's (403 for the wrong person, 409 for the wrong moment).
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from organizations.models import Division, Organization, OrganizationKind, Role
from organizations.scoping import active_memberships, has_role
from workflow.machine import Transition, Workflow

from .models import DisputeState as S
from .models import RoutingRule

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


# --- The coordinating body (办法 Art. 3, 7; 条例 Art. 13) ----------------------------------------------

def coordinating_division(organizations: Iterable[Organization]) -> Division | None:
    """The lowest division whose bodies cover every party.

    Art. 3 gives dispute coordination to the 市 and 县（市、区） level, so a township is never the
    answer: all parties in one county → that county; parties across counties, or any city-level
    party → the city.
    """
    organizations = list(organizations)
    if not organizations:
        return None
    counties = set()
    city = None
    for org in organizations:
        division = org.division
        county = division.county()
        if county is None:  # a city-level party: only the city covers it
            city = division
            counties.add(None)
        else:
            counties.add(county)
            city = city or county.parent
    if len(counties) == 1 and None not in counties:
        return next(iter(counties))
    return city


COMPREHENSIVE_ENFORCEMENT_AGENCY_TYPE = "cale"  # 综合行政执法局 (enforcement_agencies.csv)


def exercises_comprehensive_enforcement(org: Organization) -> bool:
    """A 综合行政执法 department, or a township government / 街道办事处 (under Zhejiang's 乡镇（街道）
    综合行政执法 reform a township is a party to a dispute only through the 综合执法 powers given to it)."""
    if org.kind == OrganizationKind.ENFORCEMENT_AGENCY:
        return org.agency_type == COMPREHENSIVE_ENFORCEMENT_AGENCY_TYPE
    return org.kind == OrganizationKind.GOVERNMENT and org.division.level == Division.Level.TOWNSHIP


@dataclass(frozen=True)
class Routing:
    coordinator: Organization | None
    rule: str
    division: Division | None
    cale_parties: tuple[str, ...] = ()

    @property
    def rule_display(self) -> str:
        return str(RoutingRule(self.rule).label)

    @property
    def explanation(self) -> str:
        """One sentence for the page and the API: who coordinates, at which level, and why."""
        if self.division is None:
            return str(_("尚未选定争议单位。"))
        if self.division.level == Division.Level.COUNTY:
            level = _("全部争议单位在%(county)s，由县（市、区）一级协调") % {"county": self.division.name}
        else:
            level = _("争议单位跨县（市、区）或有市级单位，由市一级协调")
        if self.cale_parties:
            level += _("；%(names)s行使综合行政执法职权") % {"names": "、".join(self.cale_parties)}
        return f"{level}。{self.rule_display}"


def _cale_assigned_to_justice(division: Division) -> bool:
    """A city may assign 综合执法 disputes to the justice bureau (settings.DISPUTE_CALE_TO_JUSTICE_CITIES)."""
    city = division if division.level == Division.Level.CITY else division.parent
    codes = set(getattr(settings, "DISPUTE_CALE_TO_JUSTICE_CITIES", ()) or ())
    return city is not None and city.code in codes


def route_dispute(organizations: Iterable[Organization], *, bodies: dict | None = None) -> Routing:
    """Which body coordinates a dispute between `organizations`, and the rule that chose it.

    办法 Art. 3 ¶2: 涉及综合行政执法的行政执法协调工作由市和县（市、区）综合行政执法指导机构负责 — a dispute
    with a 综合执法 department (or a township exercising 综合执法 powers) as a party goes to the guidance
    office of the level covering every party, unless the city assigned these to the justice bureau
    (条例 Art. 13 lets the 行政执法监督机构 coordinate; the setting records the city's choice).
    Every other dispute goes to the justice bureau of that level (办法 Art. 7).

    `bodies` (from `coordinating_bodies`) answers the last step without a query, for a page of disputes.
    """
    organizations = list(organizations)
    division, rule, kind, cale = routing_target(organizations)
    if division is None:
        return Routing(None, RoutingRule.JUSTICE, None)
    if bodies is None:
        body = Organization.objects.filter(division=division, kind=kind, is_active=True).order_by("pk").first()
    else:
        body = bodies.get((division.pk, kind))
    return Routing(body, rule, division, cale)


def routing_target(organizations: list[Organization]) -> tuple[Division | None, str, str, tuple[str, ...]]:
    """The division and the kind of body that coordinate a dispute between `organizations` (see `route_dispute`)."""
    division = coordinating_division(organizations)
    if division is None:
        return None, RoutingRule.JUSTICE, OrganizationKind.JUSTICE_BUREAU, ()
    cale = tuple(o.name for o in organizations if exercises_comprehensive_enforcement(o))
    if cale and not _cale_assigned_to_justice(division):
        return division, RoutingRule.GUIDANCE, OrganizationKind.ENFORCEMENT_GUIDANCE, cale
    rule = RoutingRule.GUIDANCE_ASSIGNED_TO_JUSTICE if cale else RoutingRule.JUSTICE
    return division, rule, OrganizationKind.JUSTICE_BUREAU, cale


def coordinating_bodies(targets) -> dict[tuple[int, str], Organization]:
    """The active body of each (division, kind) in `targets`, in one query: a page of drafts previews its
    routings with it (`bodies=` of `route_dispute`) instead of a query per draft."""
    pairs = {(division.pk, kind) for division, kind in targets if division is not None}
    if not pairs:
        return {}
    found = {}
    candidates = Organization.objects.filter(division_id__in={d for d, _ in pairs}, kind__in={k for _, k in pairs},
                                             is_active=True).select_related("division").order_by("pk")
    for org in candidates:
        found.setdefault((org.division_id, org.kind), org)
    return {pair: org for pair, org in found.items() if pair in pairs}


def coordinating_bureau(organizations: Iterable[Organization]) -> Organization | None:
    """The coordinating body (a justice bureau or a 综合行政执法指导机构), see `route_dispute`."""
    return route_dispute(organizations).coordinator


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


# Kinds of organisation above the parties: their staff read the coordinating body's internal
# reasoning (a 司法所 files as the agencies' helper and reads what a party reads).
OVERSIGHT_KINDS = (OrganizationKind.GOVERNMENT, OrganizationKind.JUSTICE_BUREAU, OrganizationKind.ENFORCEMENT_GUIDANCE)


def can_read_internal(user, dispute) -> bool:
    """May `user` read the coordinating body's internal reasons (协调不成的情况, 处理意见 to the government)?

    Those go up to 本级人民政府 (条例 Art. 13) and are not addressed to the parties: the coordinating
    body, the deciding government and the supervisory bodies whose area covers the coordinating body
    read them; parties and the filer read the outcome (opinion or decision) only.
    """
    if getattr(user, "is_superuser", False):
        return True
    if dispute.coordinator_id is None:
        return False
    coordinator_division = dispute.coordinator.division
    for m in active_memberships(user):
        org = m.organization
        if org.pk == dispute.coordinator_id:
            return True
        if org.kind in OVERSIGHT_KINDS and org.division.covers(coordinator_division):
            return True
    return False


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
    # 条例 Art. 13: the coordinating body itself puts forward its 处理意见 and reports to the
    # government; a report in the body's name is decided and signed by its leader.
    Transition("escalate", _("报请政府决定"), sources={S.COORDINATING}, target=S.ESCALATED,
               permitted=is_coordinator_leader, style="warning"),
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
