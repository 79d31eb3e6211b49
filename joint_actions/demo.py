"""Demo data: a 越城区 campaign on food safety around schools (市场监管 + 综合执法 + 教育局).

`seed_joint_actions_demo()` is idempotent: each proposal is found by its title and created
(through the services, so numbers, documents and history are real) only when missing.
"""

from datetime import date

from django.contrib.auth import get_user_model
from django.db import transaction

from organizations.models import Organization

from . import services
from .models import CoordinationMatter, JointActionProposal
from .services import ProposalContent

SCHOOL_FOOD = "越城区校园周边食品安全联合执法行动"
NIGHT_MARKET = "越城区城区夜市燃气安全联合检查"


def _user(username):
    return get_user_model().objects.get(username=username)


@transaction.atomic
def seed_joint_actions_demo() -> list[JointActionProposal]:
    bureau = Organization.objects.get(name="越城区司法局")
    market = Organization.objects.get(name="越城区市场监督管理局")
    enforcement = Organization.objects.get(name="越城区综合行政执法局")
    education = Organization.objects.get(name="越城区教育局")
    reviewer = _user("yuecheng.reviewer")
    created = []

    if not JointActionProposal.objects.filter(title=SCHOOL_FOOD).exists():
        proposal = services.create_proposal(acting_user=reviewer, proposer=bureau, content=ProposalContent(
            title=SCHOOL_FOOD,
            grounds=["hot_or_emergency", "plan_disagreement"],
            background="秋季开学以来，群众多次反映学校周边“三无”食品、流动摊贩问题；市场监管、综合执法、"
                       "教育部门就联合行动方案未能达成一致。",
            target_scope="越城区中小学、幼儿园周边200米范围内的食品经营户、小卖部和流动摊贩",
            period_start=date(2026, 12, 1), period_end=date(2026, 12, 31),
            key_matters="各部门每周五向发起部门报送进展；发现涉嫌犯罪线索当日移送公安机关；行动结束后10个工作日内报告执行情况。",
            initiating_department=market,
            initiating_duties="牵头组织；负责食品经营许可、食品安全检查和抽检，查处无证经营、销售过期食品等违法行为",
            participants=[
                (enforcement, "负责查处校园周边占道经营、流动摊贩，配合清理违规设置的摊点"),
                (education, "负责摸排学校周边经营户底数，开展学生食品安全宣传教育，及时通报线索"),
            ],
        ))
        proposal = services.propose(proposal, acting_user=reviewer)
        for username, org in (("agency.market", market), ("agency.enforcement", enforcement)):
            proposal = services.accept_proposal(proposal, acting_user=_user(username), organization=org)
        created.append(proposal)  # 教育局 has not answered yet: the proposal waits on it

    if not JointActionProposal.objects.filter(title=NIGHT_MARKET).exists():
        proposal = services.create_proposal(acting_user=_user("yuecheng.clerk"), proposer=bureau, content=ProposalContent(
            title=NIGHT_MARKET,
            grounds=["other"], grounds_other="燃气安全事故多发，需综合执法与市场监管协同排查",
            target_scope="城区夜市餐饮摊点的瓶装燃气使用",
            period_start=date(2027, 1, 5), period_end=date(2027, 1, 25),
            key_matters="检查结果每日汇总至发起部门。",
            initiating_department=enforcement, initiating_duties="牵头组织夜市燃气使用检查",
            participants=[(market, "检查餐饮食品安全和燃气具产品质量")],
        ))
        created.append(proposal)  # a draft for the reviewer to send

    if not CoordinationMatter.objects.filter(title="校外培训机构监管职责衔接问题").exists():
        services.create_coordination_matter(
            acting_user=reviewer, recorded_by=bureau, title="校外培训机构监管职责衔接问题",
            description="教育、市场监管部门对无证校外培训机构的认定和查处分工不明，研究协调。",
            matter_date=date(2026, 11, 20), organizations=[education, market],
            links=[("joint_action", p.number) for p in JointActionProposal.objects.filter(title=SCHOOL_FOOD) if p.number],
        )
    return created


# --- Every state of a proposal (issue 12) ------------------------------------------------------------------------
# `draft` (夜市燃气) and `proposed` (校园周边, waiting on 教育局: `agency.education` can agree) come from above.

STATE_TITLES = {
    "objected": "越城区建筑工地扬尘污染联合执法行动",
    "agreed": "越城区春节前烟花爆竹非法经营联合整治",
    "in_progress": "越城区农贸市场计量器具联合检查",
    "completed": "越城区校外培训机构联合检查",
    "closed": "越城区夏季游泳场所安全联合检查",
    "cancelled": "越城区共享单车乱停放联合整治",
}


def _content(title, *, initiating, initiating_duties, participants, start, end):
    return ProposalContent(
        title=title, grounds=["plan_disagreement"], target_scope="越城区城区范围",
        period_start=start, period_end=end, key_matters="各部门每周报送进展，发现问题当日通报。",
        initiating_department=initiating, initiating_duties=initiating_duties, participants=participants,
        background="相关部门就联合行动方案未能达成一致，由协调机关提出联合执法建议（第八条第一项）。",
    )


def _proposed(title, *, by, proposer, initiating, initiating_duties, participants, start, end):
    proposal = services.create_proposal(acting_user=by, proposer=proposer, content=_content(
        title, initiating=initiating, initiating_duties=initiating_duties, participants=participants,
        start=start, end=end))
    return services.propose(proposal, acting_user=by)


def _agreed(title, **kwargs):
    proposal = _proposed(title, **kwargs)
    contacts = {"越城区市场监督管理局": "agency.market", "越城区综合行政执法局": "agency.enforcement",
                "越城区教育局": "agency.education", "越城区住房和城乡建设局": "agency.housing",
                "越城区卫生健康委员会": "agency.health"}
    for org in [kwargs["initiating"], *(o for o, _duties in kwargs["participants"])]:
        proposal = services.accept_proposal(proposal, acting_user=_user(contacts[org.name]), organization=org)
    return proposal


@transaction.atomic
def seed_joint_action_states_demo() -> int:
    """A proposal in every state not shown by `seed_joint_actions_demo` (idempotent, by title)."""
    bureau = Organization.objects.get(name="越城区司法局")
    guidance = Organization.objects.get(name="越城区综合行政执法指导办公室")
    market = Organization.objects.get(name="越城区市场监督管理局")
    enforcement = Organization.objects.get(name="越城区综合行政执法局")
    education = Organization.objects.get(name="越城区教育局")
    housing = Organization.objects.get(name="越城区住房和城乡建设局")
    health = Organization.objects.get(name="越城区卫生健康委员会")
    reviewer = _user("yuecheng.reviewer")
    existing = set(JointActionProposal.objects.filter(title__in=STATE_TITLES.values()).values_list("title", flat=True))
    created = 0

    def missing(state):
        return STATE_TITLES[state] not in existing

    if missing("objected"):  # the 综合执法指导办 proposes (Art. 8); 住建局 objects, the office is to revise
        proposal = _proposed(STATE_TITLES["objected"], by=_user("guidance.yuecheng"), proposer=guidance,
                             initiating=enforcement, initiating_duties="牵头查处工地扬尘和渣土撒漏",
                             participants=[(housing, "督促施工单位落实扬尘防治措施")],
                             start=date(2027, 3, 1), end=date(2027, 3, 31))
        services.object_to_proposal(proposal, acting_user=_user("agency.housing"), organization=housing,
                                    reason="住建部门不具备现场处罚职权，建议改为由住建局移送线索、综合执法局查处。")
        created += 1
    if missing("agreed"):
        _agreed(STATE_TITLES["agreed"], by=reviewer, proposer=bureau, initiating=market,
                initiating_duties="牵头查处无证经营烟花爆竹", participants=[(enforcement, "清理占道销售摊点")],
                start=date(2027, 1, 10), end=date(2027, 2, 10))
        created += 1
    if missing("in_progress"):
        proposal = _agreed(STATE_TITLES["in_progress"], by=reviewer, proposer=bureau, initiating=market,
                           initiating_duties="牵头检定计量器具", participants=[(enforcement, "清理市场周边占道")],
                           start=date(2026, 11, 1), end=date(2026, 12, 31))
        services.start_action(proposal, acting_user=_user("agency.market"))
        created += 1
    for state in ("completed", "closed"):
        if not missing(state):
            continue
        initiating, partner = (education, market) if state == "completed" else (health, housing)
        proposal = _agreed(STATE_TITLES[state], by=reviewer, proposer=bureau, initiating=initiating,
                           initiating_duties="牵头组织检查", participants=[(partner, "配合检查并查处违法行为")],
                           start=date(2026, 7, 1), end=date(2026, 8, 31))
        proposal = services.start_action(proposal, acting_user=reviewer)
        proposal = services.complete_action(
            proposal, acting_user=reviewer, inspections_count=42, cases_filed_count=5, problems_count=11,
            problems_found="部分场所资质不全、安全设施不到位。", follow_ups="问题清单已移交主管部门跟踪整改。",
            summary="按期完成联合检查。")
        if state == "closed":
            services.close_proposal(proposal, acting_user=reviewer, note="结果报告已审核，办结。")
        created += 1
    if missing("cancelled"):
        proposal = services.create_proposal(acting_user=reviewer, proposer=bureau, content=_content(
            STATE_TITLES["cancelled"], initiating=enforcement, initiating_duties="牵头清理乱停放车辆",
            participants=[(market, "约谈共享单车运营企业")], start=date(2027, 4, 1), end=date(2027, 4, 30)))
        services.cancel_proposal(proposal, acting_user=reviewer, reason="运营企业已自行整改，无需联合行动。")
        created += 1
    return created
