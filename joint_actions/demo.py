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
