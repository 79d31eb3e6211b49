"""Building proposals the way users do: through the services, so every row a test sees is real."""

from datetime import date

from joint_actions import services
from joint_actions.services import ProposalContent

MARKET = "越城区市场监督管理局"
ENFORCEMENT = "越城区综合行政执法局"
EDUCATION = "越城区教育局"


def content(world, **overrides) -> ProposalContent:
    fields = {
        "title": "越城区校园周边食品安全联合执法行动",
        "grounds": ["hot_or_emergency"],
        "target_scope": "越城区中小学、幼儿园周边200米范围内的食品经营户、流动摊贩",
        "period_start": date(2026, 12, 1),
        "period_end": date(2026, 12, 31),
        "key_matters": "每周五报送进展；发现违法线索当日移交主管部门。",
        "initiating_department": world.org(MARKET),
        "initiating_duties": "牵头组织，负责食品经营许可和食品安全检查",
        "participants": [(world.org(ENFORCEMENT), "负责占道经营、流动摊贩的查处")],
    }
    fields.update(overrides)
    return ProposalContent(**fields)


def draft(world, username="yuecheng.reviewer", proposer="越城区司法局", **overrides):
    return services.create_proposal(acting_user=world.user(username), proposer=world.org(proposer),
                                    content=content(world, **overrides))


def proposed(world, **overrides):
    proposal = draft(world, **overrides)
    return services.propose(proposal, acting_user=world.user("yuecheng.reviewer"))


def agreed(world, **overrides):
    proposal = proposed(world, **overrides)
    services.accept_proposal(proposal, acting_user=world.user("agency.market"))
    return services.accept_proposal(proposal, acting_user=world.user("agency.enforcement"))


RESULTS = {
    "inspections_count": 126, "cases_filed_count": 7, "problems_count": 19,
    "problems_found": "无证经营3户，过期食品销售5户，占道经营11处。",
    "follow_ups": "7件案件依法查处；每月回头看一次。",
}


def run_own_callbacks(callbacks) -> int:
    """Run the notifications an action sends once it commits (through the one helper,
    `notifications.services.notify_after_commit`), not the documents app's PDF rendering, which its
    own tests cover; returns how many ran."""
    own = [cb for cb in callbacks if getattr(cb, "__module__", "").startswith("notifications.")]
    for cb in own:
        cb()
    return len(own)
