"""Demo disputes for `seed_demo`: `seed_demo_disputes()`, one or more in every state.

Every path can be walked from the demo accounts (README, "Demo accounts"): disputes between
ordinary agencies go to the justice bureau (办法 Art. 7), disputes with a 综合行政执法 party to
the guidance office of the right level (办法 Art. 3 ¶2), across counties to the city's body.

Idempotent: each dispute is found by its title and created (through the real services, so it has
its number, timeline, notifications and documents) only when missing. The coordinating body's
reviewer and leader are whoever holds that role there in the demo world. Needs the demo
organisations and accounts of organizations.demo first.
"""

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from organizations.models import Membership, Organization, Role

from . import services
from .models import Dispute

MARKET = "越城区市场监督管理局"
ENFORCEMENT = "越城区综合行政执法局"
HOUSING = "越城区住房和城乡建设局"
EDUCATION = "越城区教育局"
HEALTH = "越城区卫生健康委员会"
TASHAN = "塔山街道办事处"
ZHUJI_MARKET = "诸暨市市场监督管理局"
ZHUJI_ENFORCEMENT = "诸暨市综合行政执法局"


def _user(username):
    return get_user_model().objects.get(username=username)


def _org(name):
    return Organization.objects.get(name=name)


def _staff(dispute: Dispute, role: str):
    """The demo account holding `role` in the dispute's coordinating body."""
    membership = (Membership.objects.filter(organization=dispute.coordinator, role=role, is_active=True)
                  .select_related("user").order_by("id").first())
    return membership.user


def _ago(days: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=days)


def _draft(*, filer, applicant, others, title, matter, duty, positions, negotiation, days_ago,
           other_proceedings="none", other_proceedings_detail="") -> Dispute:
    user = _user(filer)
    dispute = services.create_dispute(acting_user=user, applicant=_org(applicant), others=[_org(o) for o in others])
    services.update_matter(
        dispute, acting_user=user, title=title, matter=matter, duty=duty,
        positions={_org(name).pk: {"position": position, "legal_basis": basis}
                   for name, (position, basis) in positions.items()},
        other_proceedings=other_proceedings, other_proceedings_detail=other_proceedings_detail)
    place, participants, outcome = negotiation
    services.add_negotiation(dispute, acting_user=user, held_on=_ago(days_ago), place=place,
                             participants=participants, outcome=outcome)
    return dispute


def _file(**kwargs) -> Dispute:
    dispute = _draft(**kwargs)
    return services.submit_dispute(dispute, acting_user=_user(kwargs["filer"]))


def _coordinate(dispute: Dispute, *, meeting_days_ago=None, attendees="", minutes="") -> Dispute:
    reviewer = _staff(dispute, Role.REVIEWER)
    dispute = services.accept_dispute(dispute, acting_user=reviewer)
    dispute = services.start_coordination(dispute, acting_user=reviewer, note="拟召开协调会。")
    if meeting_days_ago is not None:
        services.record_meeting(dispute, acting_user=reviewer, held_on=_ago(meeting_days_ago),
                                place=f"{dispute.coordinator.short_name or dispute.coordinator.name}协调室",
                                attendees=attendees, minutes=minutes)
    return Dispute.objects.get(pk=dispute.pk)


# --- 综合行政执法: the guidance office coordinates (办法 Art. 3 ¶2) -------------------------------------

def _street_food_stalls():
    """占道经营的无证食品摊贩: filed by 塔山街道司法所, coordinated by 越城区综合行政执法指导办公室 (a meeting held)."""
    dispute = _file(
        filer="township.office", applicant=MARKET, others=[ENFORCEMENT],
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
    _coordinate(dispute, meeting_days_ago=3,
                attendees="区执法指导办俞佳；区市场监管局吴秀英；区综合执法局郑伟；塔山街道司法所赵丽娟",
                minutes="各方陈述意见。区执法指导办建议以是否占道为界：占道经营由综合执法查处，摊贩食品安全由市场监管"
                        "监督抽检。两局表示回去研究，下周书面回复。")


def _shopfront_trading():
    """小区内违规搭建: filed by the comprehensive-enforcement bureau itself, awaiting acceptance."""
    _file(
        filer="agency.enforcement", applicant=ENFORCEMENT, others=[HOUSING],
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
    """流动摊贩销售活禽: agreement reached, the guidance office's 协调意见书 issued, awaiting the agency's confirmation."""
    dispute = _file(
        filer="township.office", applicant=ENFORCEMENT, others=[MARKET],
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
    dispute = _coordinate(dispute, meeting_days_ago=10, attendees="区市场监管局、区综合执法局、塔山街道",
                          minutes="各方同意：限制区域内活禽交易由市场监管部门查处，综合执法部门配合清理占道。")
    services.issue_opinion(
        dispute, acting_user=_staff(dispute, Role.LEADER), responsible_agency=_org(MARKET),
        cooperating_agencies=[_org(ENFORCEMENT)],
        view="限制区域内销售、宰杀活禽的行为由区市场监督管理局查处，区综合行政执法局配合清理占道经营。",
        basis="《浙江省活禽交易管理办法》第五条、第二十条；《浙江省综合行政执法条例》第十条",
        requirements="自本意见送达之日起五个工作日内承接，区综合执法局移交已掌握的摊贩线索。")


def _township_outdoor_ads():
    """A township exercising 综合执法 powers and a county agency: 越城区综合行政执法指导办公室, accepted."""
    dispute = _file(
        filer="township.office", applicant=TASHAN, others=[HOUSING],
        title="老旧小区外墙违规户外广告牌的拆除职责",
        matter="塔山街道辖区三个老旧小区外墙有未经许可设置的户外广告牌，存在坠落隐患。",
        duty="对违规设置户外广告设施的责令拆除和处罚。",
        positions={
            TASHAN: ("户外广告设置许可由住建部门审批，未经许可设置的应由审批部门处理。", "《浙江省城市市容和环境卫生管理条例》"),
            HOUSING: ("该事项已赋权街道综合行政执法队伍实施。", "越城区乡镇（街道）综合行政执法事项赋权目录"),
        },
        negotiation=("塔山街道办事处会议室", "塔山街道综合行政执法队、区住建局", "对赋权目录的理解不一致。"),
        days_ago=12,
    )
    services.accept_dispute(dispute, acting_user=_staff(dispute, Role.REVIEWER))


def _cross_county_enforcement():
    """Two 综合执法 bureaus in two counties: the city's guidance office (绍兴市综合行政执法指导办公室), submitted."""
    _file(
        filer="agency.enforcement", applicant=ENFORCEMENT, others=[ZHUJI_ENFORCEMENT],
        title="跨区县运输建筑垃圾车辆沿途撒漏的查处职责",
        matter="诸暨市某工地的渣土运输车辆经G235国道进入越城区，沿途撒漏。两地综合执法局对由起运地还是发现地查处存在分歧。",
        duty="对建筑垃圾运输车辆沿途撒漏行为的查处。",
        positions={
            ENFORCEMENT: ("违法行为始于起运工地，应由起运地诸暨市综合执法局查处。", "《城市建筑垃圾管理规定》第二十三条"),
            ZHUJI_ENFORCEMENT: ("撒漏行为发生在越城区境内，应由行为发生地查处。", "《中华人民共和国行政处罚法》第二十二条"),
        },
        negotiation=("视频会议", "越城区综合执法局、诸暨市综合执法局", "对管辖地的认定未能达成一致。"),
        days_ago=6,
    )


# --- the justice bureau coordinates (办法 Art. 7) ---------------------------------------------------------

def _training_institutions():
    """Escalated: 越城区司法局 held a meeting, its leader reported with a 处理意见; waiting for 越城区人民政府."""
    dispute = _file(
        filer="agency.education", applicant=EDUCATION, others=[MARKET],
        title="无证校外培训机构的查处职责",
        matter="越城区城南片区有多家未取得办学许可的校外培训机构以“托管”名义开展学科类培训，家长投诉。",
        duty="对未经许可擅自举办校外培训机构行为的查处。",
        positions={
            EDUCATION: ("无证机构以营利为目的经营，属无照经营，应由市场监管部门查处。", "《无证无照经营查处办法》第五条"),
            MARKET: ("未经许可开展学科类培训属教育行政部门的许可事项，应由教育部门查处。", "《中华人民共和国民办教育促进法》第六十四条"),
        },
        negotiation=("区教育局会议室", "区教育局、区市场监管局", "双方对无证与无照的认定存在分歧。"),
        days_ago=60,
    )
    dispute = _coordinate(dispute, meeting_days_ago=20, attendees="区司法局陈立明；区教育局徐美华；区市场监管局吴秀英",
                          minutes="两次协调，双方仍坚持各自意见。")
    services.escalate_dispute(
        dispute, acting_user=_staff(dispute, Role.LEADER),
        reason="经两次协调会，区教育局与区市场监管局仍坚持各自意见，未能取得一致。",
        handling_opinion="建议由区教育局牵头查处未经许可开展学科类培训的行为，区市场监管局对其中的无照经营行为依法配合查处。")


def _secondary_water_supply():
    """Decided: the government's decision recorded, waiting for the responsible agency to confirm."""
    dispute = _file(
        filer="agency.housing", applicant=HOUSING, others=[HEALTH],
        title="住宅小区二次供水设施卫生监督的职责",
        matter="部分住宅小区二次供水水箱长期未清洗消毒，居民反映水质浑浊。",
        duty="对二次供水设施卫生状况的监督检查和处罚。",
        positions={
            HOUSING: ("二次供水卫生属于卫生健康部门的公共卫生监督职责。", "《生活饮用水卫生监督管理办法》第三条"),
            HEALTH: ("二次供水设施的运行维护管理属住建部门监管。", "《浙江省城市供水管理办法》"),
        },
        negotiation=("电话协商", "区住建局、区卫健委", "未能达成一致。"),
        days_ago=90,
    )
    dispute = _coordinate(dispute, meeting_days_ago=60, attendees="区司法局、区住建局、区卫健委",
                          minutes="双方各执一词。")
    dispute = services.escalate_dispute(
        dispute, acting_user=_staff(dispute, Role.LEADER), reason="经协调，双方未能取得一致。",
        handling_opinion="建议由区卫生健康委员会负责二次供水卫生监督，区住建局负责设施运行维护的日常管理。")
    services.record_decision(
        dispute, acting_user=_user("yuecheng.gov"), responsible_agency=_org(HEALTH),
        decision_text="二次供水设施的卫生监督由区卫生健康委员会负责，区住房和城乡建设局配合督促物业企业清洗消毒。",
        document_number="越政办函〔2026〕12号", document_date=timezone.localdate())


def _presale_ads():
    """Closed: the justice bureau's opinion carried out, the responsible agency confirmed."""
    dispute = _file(
        filer="agency.market", applicant=MARKET, others=[HOUSING],
        title="商品房预售虚假宣传的查处职责",
        matter="某楼盘售楼处宣传“地铁口”“名校学区”等不实信息，购房人投诉。",
        duty="对商品房销售中虚假宣传行为的查处。",
        positions={
            MARKET: ("商品房预售管理属住建部门职责。", "《城市商品房预售管理办法》"),
            HOUSING: ("虚假广告和虚假宣传属市场监管部门查处。", "《中华人民共和国广告法》第五十五条"),
        },
        negotiation=("区住建局会议室", "区市场监管局、区住建局", "未能达成一致。"),
        days_ago=120,
    )
    dispute = _coordinate(dispute, meeting_days_ago=80, attendees="区司法局、区市场监管局、区住建局",
                          minutes="各方同意按广告法分工。")
    dispute = services.issue_opinion(
        dispute, acting_user=_staff(dispute, Role.LEADER), responsible_agency=_org(MARKET),
        cooperating_agencies=[_org(HOUSING)],
        view="商品房销售中的虚假宣传由区市场监督管理局查处，区住建局配合提供预售许可信息。",
        basis="《中华人民共和国广告法》第五十五条；《中华人民共和国反不正当竞争法》第二十条",
        requirements="自本意见送达之日起五个工作日内承接。")
    services.close_dispute(dispute, acting_user=_user("agency.market"))


def _nursery_hygiene():
    """Rejected: the matter is already before the court (条例 Art. 33 ¶3)."""
    dispute = _file(
        filer="agency.health", applicant=HEALTH, others=[EDUCATION],
        title="托育机构卫生保健监督的职责",
        matter="某托育机构卫生保健不达标被处罚后提起行政诉讼，两部门对后续监督由谁负责存在分歧。",
        duty="对托育机构卫生保健工作的监督检查。",
        positions={
            HEALTH: ("托育机构日常管理属教育部门。", "《托育机构管理规范（试行）》"),
            EDUCATION: ("三岁以下托育机构由卫生健康部门监管。", "《托育机构设置标准（试行）》"),
        },
        negotiation=("电话协商", "区卫健委、区教育局", "未能达成一致。"),
        days_ago=15,
        other_proceedings="litigation", other_proceedings_detail="越城区人民法院（2026）浙0602行初88号",
    )
    services.reject_dispute(dispute, acting_user=_staff(dispute, Role.REVIEWER))


def _elevator_maintenance():
    """Withdrawn after the agencies settled it themselves."""
    dispute = _file(
        filer="agency.housing", applicant=HOUSING, others=[MARKET],
        title="住宅电梯维保质量的监督职责",
        matter="部分老旧小区电梯维保记录造假。",
        duty="对电梯维护保养单位维保质量的监督检查。",
        positions={
            HOUSING: ("电梯属特种设备，由市场监管部门监督。", "《中华人民共和国特种设备安全法》"),
            MARKET: ("住宅电梯的物业管理由住建部门监督。", "《浙江省物业管理条例》"),
        },
        negotiation=("电话协商", "区住建局、区市场监管局", "未能达成一致。"),
        days_ago=30,
    )
    services.withdraw_dispute(dispute, acting_user=_user("agency.housing"),
                              reason="受理前两局已自行协商一致：维保质量由区市场监管局监督，住建局督促物业企业。")


def _medical_beauty_ads():
    """A draft the market bureau has not submitted yet."""
    _draft(
        filer="agency.market", applicant=MARKET, others=[HEALTH],
        title="生活美容机构违规开展医疗美容的查处职责",
        matter="部分生活美容店违规开展注射类医疗美容项目。",
        duty="对生活美容机构非法开展医疗美容行为的查处。",
        positions={MARKET: ("非法行医由卫生健康部门查处。", "《医疗机构管理条例》第四十三条"),
                   HEALTH: ("", "")},
        negotiation=("区市场监管局", "区市场监管局、区卫健委", "尚在沟通。"),
        days_ago=2,
    )


def _cross_county_market():
    """Across counties: 绍兴市司法局 coordinates (a meeting held); its leader may issue the opinion or escalate."""
    dispute = _file(
        filer="agency.market", applicant=MARKET, others=[ZHUJI_MARKET],
        title="网络订餐平台入驻商户跨区县经营的监管职责",
        matter="注册在诸暨市的餐饮企业在越城区设中央厨房并通过网络平台销售，两地市场监管局对属地监管存在分歧。",
        duty="对网络订餐入驻商户食品安全的日常监督检查。",
        positions={
            MARKET: ("企业登记注册地在诸暨市，应由诸暨市市场监管局监管。", "《网络餐饮服务食品安全监督管理办法》第三十条"),
            ZHUJI_MARKET: ("实际经营地在越城区，应由经营地监管。", "《市场监督管理行政处罚程序规定》第九条"),
        },
        negotiation=("视频会议", "越城区市场监管局、诸暨市市场监管局", "未能达成一致。"),
        days_ago=25,
    )
    _coordinate(dispute, meeting_days_ago=5, attendees="市司法局沈建国；越城区市场监管局吴秀英；诸暨市市场监管局冯建平",
                minutes="市司法局听取双方意见，拟按实际经营地确定监管职责。")


DEMO = [
    ("解放路夜市无证食品摊贩占道经营的查处职责", _street_food_stalls),
    ("既有住宅小区内违规搭建商铺雨棚的查处职责", _shopfront_trading),
    ("农贸市场周边流动摊贩销售活禽的查处职责", _live_poultry),
    ("老旧小区外墙违规户外广告牌的拆除职责", _township_outdoor_ads),
    ("跨区县运输建筑垃圾车辆沿途撒漏的查处职责", _cross_county_enforcement),
    ("无证校外培训机构的查处职责", _training_institutions),
    ("住宅小区二次供水设施卫生监督的职责", _secondary_water_supply),
    ("商品房预售虚假宣传的查处职责", _presale_ads),
    ("托育机构卫生保健监督的职责", _nursery_hygiene),
    ("住宅电梯维保质量的监督职责", _elevator_maintenance),
    ("生活美容机构违规开展医疗美容的查处职责", _medical_beauty_ads),
    ("网络订餐平台入驻商户跨区县经营的监管职责", _cross_county_market),
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
