"""Demo disputes in 越城区 for `seed_demo`: `seed_demo_disputes()`.

Idempotent: each dispute is found by its title and created (through the real services, so it
has its number, timeline, notifications and documents) only when missing. Needs the demo
organisations and accounts of organizations.demo first.
"""

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from organizations.models import Organization

from . import services
from .models import Dispute

MARKET = "越城区市场监督管理局"
ENFORCEMENT = "越城区综合行政执法局"
HOUSING = "越城区住房和城乡建设局"


def _user(username):
    return get_user_model().objects.get(username=username)


def _org(name):
    return Organization.objects.get(name=name)


def _file(*, filer, applicant, other, title, matter, duty, positions, negotiation, days_ago) -> Dispute:
    user = _user(filer)
    dispute = services.create_dispute(acting_user=user, applicant=_org(applicant), others=[_org(other)])
    services.update_matter(dispute, acting_user=user, title=title, matter=matter, duty=duty, positions={
        _org(name).pk: {"position": position, "legal_basis": basis} for name, (position, basis) in positions.items()})
    place, participants, outcome = negotiation
    services.add_negotiation(dispute, acting_user=user, held_on=timezone.localdate() - dt.timedelta(days=days_ago),
                             place=place, participants=participants, outcome=outcome)
    return services.submit_dispute(dispute, acting_user=user)


def _street_food_stalls():
    """占道经营的无证食品摊贩: filed by 塔山街道司法所, now being coordinated (a meeting held)."""
    dispute = _file(
        filer="township.office", applicant=MARKET, other=ENFORCEMENT,
        title="解放路夜市无证食品摊贩占道经营的查处职责",
        matter="解放路（塔山街道段）沿线每晚有十余处无证食品摊贩占用人行道经营，油烟、噪声扰民，"
               "群众通过12345热线多次投诉。两局均认为不属于本单位职责，投诉件多次退回。",
        duty="对无证食品摊贩占道经营行为的查处（责令改正、没收、罚款）。",
        positions={
            MARKET: ("摊贩的主要违法行为是占用道路经营，属于已划转综合行政执法部门的市容管理事项。",
                     "《浙江省综合行政执法条例》第十条；《城市市容和环境卫生管理条例》第十四条"),
            ENFORCEMENT: ("摊贩未取得食品经营许可或登记，食品安全风险是问题核心，应由市场监管部门查处。",
                          "《中华人民共和国食品安全法》第三十六条；《浙江省食品小作坊小餐饮店小食杂店和食品摊贩管理规定》"),
        },
        negotiation=("区市场监督管理局三楼会议室", "区市场监管局执法稽查科、区综合执法局塔山中队",
                     "双方均坚持不属于本单位职责，未能达成一致。"),
        days_ago=20,
    )
    reviewer = _user("yuecheng.reviewer")
    dispute = services.accept_dispute(dispute, acting_user=reviewer)
    dispute = services.start_coordination(dispute, acting_user=reviewer, note="拟召开协调会。")
    services.record_meeting(
        dispute, acting_user=reviewer, held_on=timezone.localdate() - dt.timedelta(days=3),
        place="越城区司法局协调室", attendees="区司法局陈立明；区市场监管局吴秀英；区综合执法局郑伟；塔山街道司法所赵丽娟",
        minutes="各方陈述意见。区司法局建议以是否占道为界：占道经营由综合执法查处，摊贩食品安全由市场监管监督抽检。"
                "两局表示回去研究，下周书面回复。")


def _shopfront_trading():
    """超出门窗外墙经营: filed by the comprehensive-enforcement bureau itself, awaiting acceptance."""
    _file(
        filer="agency.enforcement", applicant=ENFORCEMENT, other=HOUSING,
        title="既有住宅小区内违规搭建商铺雨棚的查处职责",
        matter="鉴湖景园小区沿街商铺擅自搭建雨棚并占用小区公共部位，业主投诉。对小区内的违法搭建由谁查处存在分歧。",
        duty="对住宅小区内违法搭建（雨棚、阳光房）的认定与查处。",
        positions={
            ENFORCEMENT: ("小区内违法搭建涉及物业管理区域，应由住建部门依物业管理规定处理。",
                          "《浙江省物业管理条例》第八十二条"),
            HOUSING: ("违法建设的查处已划转综合行政执法部门。", "《浙江省综合行政执法条例》第十条；越城区综合行政执法事项目录"),
        },
        negotiation=("电话协商", "区综合执法局法制科、区住建局物业科", "双方对“三定”规定理解不同，未能协商一致。"),
        days_ago=4,
    )


def _live_poultry():
    """流动摊贩销售活禽: agreement reached, the 协调意见书 issued, awaiting the agency's confirmation."""
    dispute = _file(
        filer="township.office", applicant=ENFORCEMENT, other=MARKET,
        title="农贸市场周边流动摊贩销售活禽的查处职责",
        matter="塔山农贸市场周边有流动摊贩在限制区域内宰杀、销售活禽，存在禽流感防控风险。",
        duty="对限制区域内流动摊贩销售、宰杀活禽行为的查处。",
        positions={
            ENFORCEMENT: ("活禽交易的禁限管理属市场监管职责。", "《浙江省活禽交易管理办法》第五条"),
            MARKET: ("流动摊贩占道经营属综合执法。", "《浙江省综合行政执法条例》第十条"),
        },
        negotiation=("塔山街道办事处会议室", "两局及塔山街道", "未达成一致。"),
        days_ago=45,
    )
    reviewer = _user("yuecheng.reviewer")
    dispute = services.accept_dispute(dispute, acting_user=reviewer)
    dispute = services.start_coordination(dispute, acting_user=reviewer)
    services.record_meeting(dispute, acting_user=reviewer, held_on=timezone.localdate() - dt.timedelta(days=10),
                            place="越城区司法局协调室", attendees="区市场监管局、区综合执法局、塔山街道",
                            minutes="各方同意：限制区域内活禽交易由市场监管部门查处，综合执法部门配合清理占道。")
    services.issue_opinion(
        dispute, acting_user=_user("yuecheng.leader"), responsible_agency=_org(MARKET),
        cooperating_agencies=[_org(ENFORCEMENT)],
        view="限制区域内销售、宰杀活禽的行为由区市场监督管理局查处，区综合行政执法局配合清理占道经营。",
        basis="《浙江省活禽交易管理办法》第五条、第二十条；《浙江省综合行政执法条例》第十条",
        requirements="自本意见送达之日起五个工作日内承接，区综合执法局移交已掌握的摊贩线索。")


DEMO = [
    ("解放路夜市无证食品摊贩占道经营的查处职责", _street_food_stalls),
    ("既有住宅小区内违规搭建商铺雨棚的查处职责", _shopfront_trading),
    ("农贸市场周边流动摊贩销售活禽的查处职责", _live_poultry),
]


def seed_demo_disputes() -> int:
    """Create the demo disputes that are missing; returns how many were created."""
    created = 0
    for title, build in DEMO:
        if Dispute.objects.filter(title=title).exists():
            continue
        with transaction.atomic():
            build()
        created += 1
    return created
