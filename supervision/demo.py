"""Demo supervision cases in 越城区, in different states (called by seed_demo).

Idempotent: each demo case is recognised by its title; one that exists is left alone. Every step
goes through the real services, so numbers, documents, deadlines and timelines are what a bureau
would have produced.
"""

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from organizations.models import Organization

from . import services
from .models import SupervisionCase

FOOD_CASE = "越城区市场监督管理局食品安全行政处罚个案监督"
CONSTRUCTION_CASE = "塔山街道派驻执法中队占道经营处罚日常监督检查"
FILE_REVIEW_CASE = "越城区综合行政执法局2026年度行政处罚案卷评查"
ECOLOGY_CASE = "越城区综合行政执法局建筑垃圾处置执法专项监督"

# A tiny placeholder scan (a real deployment stores the scanned 送达回证).
_RECEIPT = b"%PDF-1.4\n% demo receipt\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _user(username):
    return get_user_model().objects.get(username=username)


def _org(name):
    return Organization.objects.get(name=name)


def _supervisors(*usernames):
    return [(_user(u), True) for u in usernames]


@transaction.atomic
def seed_supervision_demo() -> list[str]:
    """Create the demo cases that are missing; returns the numbers of those created."""
    created = []
    today = timezone.localdate()
    existing = set(SupervisionCase.objects.values_list("title", flat=True))

    if FOOD_CASE not in existing:
        # A food-safety penalty with a procedural defect: notice issued and served, awaiting the report.
        case = services.open_case(
            handling_org=_org("越城区司法局"), method="individual", focus_area="food_drug", source="clue",
            source_detail="群众反映处罚前未听取陈述申辩", title=FOOD_CASE,
            supervised_units=[_org("越城区市场监督管理局")], acting_user=_user("yuecheng.clerk"),
            summary="越城区市场监督管理局对某餐饮店作出罚款2万元的食品安全行政处罚，当事人反映处罚前未被告知陈述、申辩权利。",
        )
        services.start_investigation(case, acting_user=_user("yuecheng.clerk"))
        services.record_activity(
            case, acting_user=_user("yuecheng.clerk"), kind="onsite", occurred_on=today, place="越城区市场监督管理局",
            record="调阅（越）市监罚〔2026〕88号案卷，案卷中无行政处罚事先告知书送达回证。",
            supervisors=_supervisors("yuecheng.clerk", "yuecheng.reviewer"),
        )
        services.find_violation(case, acting_user=_user("yuecheng.reviewer"),
                                finding="作出处罚决定前未告知当事人陈述、申辩权利，违反行政处罚法第四十四条。")
        services.issue_notice(
            case, acting_user=_user("yuecheng.leader"), rectification_days=30,
            act_supervised="越城区市场监督管理局（越）市监罚〔2026〕88号行政处罚决定",
            facts="作出处罚决定前未向当事人送达行政处罚事先告知书。", evidence_list="行政处罚案卷\n现场监督记录",
            problems="违反《中华人民共和国行政处罚法》第四十四条规定的告知程序。",
            provisions="《中华人民共和国行政处罚法》第四十四条、第四十五条",
            corrections="依法重新履行告知程序，听取当事人陈述申辩，并开展程序规范培训。",
            contact_person="王晓燕", contact_phone="0575-85123456",
        )
        services.record_service(
            case, acting_user=_user("yuecheng.clerk"), recipient=_org("越城区市场监督管理局"), method="direct",
            served_on=today, recipient_person="吴秀英",
            receipt=SimpleUploadedFile("送达回证.pdf", _RECEIPT, content_type="application/pdf"),
        )
        created.append(case.number)

    if CONSTRUCTION_CASE not in existing:
        # A 司法所's daily inspection that found a problem and was referred to the county bureau (Art. 18).
        case = services.open_case(
            handling_org=_org("塔山街道司法所"), method="daily_inspection", focus_area="urban_rural_construction",
            source="office_finding", title=CONSTRUCTION_CASE, supervised_units=[_org("越城区综合行政执法局")],
            acting_user=_user("township.office"),
            summary="塔山街道派驻执法中队对占道经营作出的多起简易程序处罚，未载明救济途径。",
        )
        services.start_investigation(case, acting_user=_user("township.office"))
        services.find_violation(case, acting_user=_user("township.office"),
                                finding="简易程序处罚决定书未告知申请行政复议、提起行政诉讼的途径和期限。")
        services.refer(case, acting_user=_user("township.office"),
                       reason="需出具《行政执法监督通知书》，依第十八条提请区司法局处理。")
        created.append(case.number)

    if FILE_REVIEW_CASE not in existing:
        case = services.open_case(
            handling_org=_org("越城区司法局"), method="file_review", focus_area="urban_rural_construction",
            source="plan", title=FILE_REVIEW_CASE, supervised_units=[_org("越城区综合行政执法局")],
            acting_user=_user("yuecheng.reviewer"), summary="按年度监督计划抽查2026年行政处罚案卷30卷。",
        )
        services.start_investigation(case, acting_user=_user("yuecheng.reviewer"))
        services.record_activity(
            case, acting_user=_user("yuecheng.reviewer"), kind="file_access", occurred_on=today,
            record="调取2026年行政处罚案卷30卷，逐卷评查。", supervisors=_supervisors("yuecheng.reviewer"),
        )
        created.append(case.number)

    if ECOLOGY_CASE not in existing:
        case = services.open_case(
            handling_org=_org("越城区司法局"), method="special", focus_area="ecology", source="assignment",
            source_detail="市司法局交办", title=ECOLOGY_CASE, supervised_units=[_org("越城区综合行政执法局")],
            acting_user=_user("yuecheng.clerk"), summary="建筑垃圾违规处置执法情况专项监督。",
        )
        services.start_investigation(case, acting_user=_user("yuecheng.clerk"))
        services.conclude_no_issue(case, acting_user=_user("yuecheng.reviewer"),
                                   finding="抽查12件案件，执法程序规范，未发现违法或不当行为。")
        created.append(case.number)

    return created


# --- Every existing state of a case (issue 12): one demo case per state not shown above -------------------------
# Each case goes through the same services as a bureau would; recognised by its title.

def _backdate_instrument(case, days_ago: int):
    """Demo only: let the instrument have been issued `days_ago` days ago, so that a unit served then has
    seen its time limit pass today (the real flow gets there by waiting)."""
    from datetime import timedelta

    from .models import Notice

    Notice.objects.filter(case=case).update(issued_at=timezone.now() - timedelta(days=days_ago))
    return timezone.localdate() - timedelta(days=days_ago)


def _notice(case, unit, contact_person="王晓燕", days_ago=0):
    """Investigate, find the violation, issue the notice (leader) and record its service on `unit`
    (`days_ago` days ago: the unit's 30-day limit has then passed when days_ago > 30)."""
    services.start_investigation(case, acting_user=_user("yuecheng.clerk"))
    services.find_violation(case, acting_user=_user("yuecheng.reviewer"),
                            finding="行政处罚决定书未载明申请行政复议、提起行政诉讼的途径和期限。")
    services.issue_notice(
        case, acting_user=_user("yuecheng.leader"), rectification_days=30,
        act_supervised=f"{unit.name}2026年作出的简易程序行政处罚决定",
        facts="抽查的行政处罚决定书未告知救济途径和期限。", evidence_list="行政处罚决定书复印件\n监督检查记录",
        problems="违反《中华人民共和国行政处罚法》第四十四条、第五十二条的规定。",
        provisions="《中华人民共和国行政处罚法》第四十四条、第五十二条",
        corrections="对相关决定书补正告知内容，并修订本单位文书格式。",
        contact_person=contact_person, contact_phone="0575-85123456",
    )
    served_on = _backdate_instrument(case, days_ago) if days_ago else timezone.localdate()
    return services.record_service(
        case, acting_user=_user("yuecheng.clerk"), recipient=unit, method="direct",
        served_on=served_on, recipient_person="办公室",
        receipt=SimpleUploadedFile("送达回证.pdf", _RECEIPT, content_type="application/pdf"),
    )


def _open(title, unit, summary, *, method="daily_inspection", focus_area="other", by="yuecheng.clerk"):
    return services.open_case(
        handling_org=_org("越城区司法局"), method=method, focus_area=focus_area, source="plan", title=title,
        supervised_units=[_org(unit)], acting_user=_user(by), summary=summary,
    )


def _state_open():
    _open("越城区教育局校外培训执法日常监督检查", "越城区教育局", "按年度计划检查校外培训机构执法情况。",
          focus_area="education")


def _state_violation_found():
    case = _open("越城区住房和城乡建设局物业执法个案监督", "越城区住房和城乡建设局",
                 "业主反映物业服务企业违规收费投诉未依法处理。", method="individual",
                 focus_area="urban_rural_construction")
    services.start_investigation(case, acting_user=_user("yuecheng.clerk"))
    services.find_violation(case, acting_user=_user("yuecheng.reviewer"),
                            finding="投诉受理后超过法定期限未作出处理决定，未告知投诉人处理结果。")


def _state_reported():
    """A township (塔山街道办事处, exercising 综合执法 powers) reports its correction: awaiting the bureau."""
    case = _open("塔山街道综合行政执法队简易程序处罚日常监督", "塔山街道办事处",
                 "检查街道综合行政执法队作出的简易程序处罚。", focus_area="urban_rural_construction")
    _notice(case, _org("塔山街道办事处"))
    services.submit_report(case, acting_user=_user("township.tashan"),
                           content="已对抽查的8份决定书逐一补正告知内容，并修订了简易程序处罚决定书格式。")


def _state_closed_rectified():
    case = _open("越城区卫生健康委员会行政处罚决定书规范性监督", "越城区卫生健康委员会",
                 "检查医疗卫生领域行政处罚决定书。", focus_area="food_drug")
    _notice(case, _org("越城区卫生健康委员会"))
    services.submit_report(case, acting_user=_user("agency.health"), content="已补正全部决定书，并组织法制培训。")
    services.accept_report(case, acting_user=_user("yuecheng.reviewer"), note="经核查，整改到位。")


def _overdue(title, unit, summary):
    case = _open(title, unit, summary, focus_area="urban_rural_construction")
    _notice(case, _org(unit), days_ago=45)
    services.mark_overdue(case)  # the scheduler's step once the unit's time limit has passed
    return case


def _state_overdue():
    _overdue("越城区综合行政执法局渣土运输处罚程序监督", "越城区综合行政执法局", "检查渣土运输违法行为的处罚程序。")


def _request(case):
    return services.request_decision(
        _fresh(case), acting_user=_user("yuecheng.leader"), proposed_decision="confirm_illegal",
        reasons="被监督单位收到通知书后逾期未改正，依《办法》第十五条报请区政府制发决定书。")


def _state_decision_requested():
    """Waiting for 越城区人民政府 (`yuecheng.gov`) to issue the 《行政执法监督决定书》."""
    _request(_overdue("越城区住房和城乡建设局违法建设处罚程序监督", "越城区住房和城乡建设局",
                      "检查违法建设查处的处罚程序。"))


def _decided(title, unit, contact, summary):
    case = _request(_overdue(title, unit, summary))
    services.issue_decision(
        _fresh(case), acting_user=_user("yuecheng.gov"), decision_type="confirm_illegal",
        content="确认被监督单位作出的相关行政处罚决定程序违法，责令其依法补正。",
        reasons="逾期不改正行政执法监督通知书指出的问题。", basis="《绍兴市行政执法协调监督工作办法》第十五条第一款第二项",
        performance="自收到本决定书之日起三十日内书面报告落实情况。")
    services.record_service(
        _fresh(case), acting_user=_user("yuecheng.clerk"), recipient=_org(unit), method="direct",
        served_on=timezone.localdate(), recipient_person="办公室",
        receipt=SimpleUploadedFile("决定书送达回证.pdf", _RECEIPT, content_type="application/pdf"))
    return case


def _state_decision_issued():
    _decided("越城区市场监督管理局广告处罚程序监督", "越城区市场监督管理局", "agency.market", "检查广告违法行为的处罚程序。")


def _state_decision_reported():
    case = _decided("越城区教育局民办学校处罚程序监督", "越城区教育局", "agency.education", "检查民办学校违规办学的处罚程序。")
    services.submit_decision_report(_fresh(case), acting_user=_user("agency.education"),
                                    content="已按决定书要求补正全部处罚决定，并追究相关人员责任。")


def _state_closed():
    case = _decided("越城区卫生健康委员会医疗废物处罚程序监督", "越城区卫生健康委员会", "agency.health",
                    "检查医疗废物处置违法行为的处罚程序。")
    services.submit_decision_report(_fresh(case), acting_user=_user("agency.health"), content="已全部落实决定书要求。")
    services.accept_decision_report(_fresh(case), acting_user=_user("yuecheng.reviewer"), note="落实到位，结案。")


def _fresh(case):
    return SupervisionCase.objects.get(pk=case.pk)


# --- The 条例's states (issue 11): 意见书 served, 当场纠正, 不予纠正, 文书撤回 after an objection --------------------

INSTRUMENT_FIELDS = {
    "act_supervised": "对某餐饮店作出的罚款决定", "facts": "罚款数额超出本单位裁量基准规定的幅度，且未说明理由。",
    "evidence_list": "行政处罚案卷\n裁量基准文件", "problems": "行政处罚明显不当。",
    "provisions": "《中华人民共和国行政处罚法》第五条、第三十四条", "corrections": "依法重新作出处罚决定，并修订裁量基准的适用说明。",
    "contact_person": "王晓燕", "contact_phone": "0575-85123456", "findings_art11": ["a11_3"], "findings_art12": ["a12_3"],
}


def _opinion(title, unit, *, days_ago=0):
    case = _open(title, unit, "检查行政处罚裁量基准的适用。", method="individual", focus_area="food_drug")
    services.start_investigation(case, acting_user=_user("yuecheng.clerk"))
    services.find_violation(case, acting_user=_user("yuecheng.reviewer"), finding="罚款明显不当，未适用裁量基准。")
    services.issue_opinion(_fresh(case), acting_user=_user("yuecheng.leader"), **INSTRUMENT_FIELDS)
    served_on = _backdate_instrument(case, days_ago) if days_ago else timezone.localdate()
    services.record_service(
        _fresh(case), acting_user=_user("yuecheng.clerk"), recipient=_org(unit), method="direct", served_on=served_on,
        recipient_person="办公室", receipt=SimpleUploadedFile("送达回证.pdf", _RECEIPT, content_type="application/pdf"))
    return _fresh(case)


def _state_instrument_issued():
    """An 意见书 (条例 Art. 28) served on 越城区市场监督管理局: `agency.market` can report or object."""
    _opinion("越城区市场监督管理局餐饮罚款裁量个案监督（意见书）", "越城区市场监督管理局")


def _state_corrected_on_spot():
    case = _open("越城区综合行政执法局执法证件使用现场检查", "越城区综合行政执法局", "现场检查执法人员证件使用情况。")
    services.start_investigation(case, acting_user=_user("yuecheng.clerk"))
    services.record_on_spot_correction(case, acting_user=_user("yuecheng.clerk"),
                                       problem="一名执法人员检查时未出示执法证件。", correction="当场出示证件并向当事人说明。")


def _state_correction_declined():
    """A 意见书 not followed; the bureau's 处理建议 (条例 Art. 29); the government declines to correct."""
    case = _opinion("越城区教育局培训机构罚款裁量监督（意见书）", "越城区教育局", days_ago=45)
    services.mark_overdue(case)
    services.propose_decision(_fresh(case), acting_user=_user("yuecheng.leader"), grounds="not_followed",
                              reasons="被监督单位收到意见书后逾期未纠正。", proposed_decision="modify")
    services.decline_correction(_fresh(case), acting_user=_user("yuecheng.gov"),
                                reasons="原处罚决定已被行政复议机关变更，无需再行纠正。")


def _state_instrument_withdrawn():
    """The unit's objection (条例 Art. 30) is upheld: the bureau withdraws the 意见书."""
    case = _opinion("越城区卫生健康委员会诊所处罚裁量监督（意见书）", "越城区卫生健康委员会")
    services.object_to_instrument(case, acting_user=_user("agency.health"),
                                  reasons="该罚款适用的是新修订的裁量基准，意见书引用的是已废止的版本。")
    services.answer_objection(_fresh(case), acting_user=_user("yuecheng.leader"), outcome="withdraw",
                              answer="经核实，异议成立，撤回意见书。")


STATE_DEMO = [
    ("越城区教育局校外培训执法日常监督检查", _state_open),
    ("越城区住房和城乡建设局物业执法个案监督", _state_violation_found),
    ("塔山街道综合行政执法队简易程序处罚日常监督", _state_reported),
    ("越城区卫生健康委员会行政处罚决定书规范性监督", _state_closed_rectified),
    ("越城区综合行政执法局渣土运输处罚程序监督", _state_overdue),
    ("越城区住房和城乡建设局违法建设处罚程序监督", _state_decision_requested),
    ("越城区市场监督管理局广告处罚程序监督", _state_decision_issued),
    ("越城区教育局民办学校处罚程序监督", _state_decision_reported),
    ("越城区卫生健康委员会医疗废物处罚程序监督", _state_closed),
    ("越城区市场监督管理局餐饮罚款裁量个案监督（意见书）", _state_instrument_issued),
    ("越城区综合行政执法局执法证件使用现场检查", _state_corrected_on_spot),
    ("越城区教育局培训机构罚款裁量监督（意见书）", _state_correction_declined),
    ("越城区卫生健康委员会诊所处罚裁量监督（意见书）", _state_instrument_withdrawn),
]


def seed_supervision_states_demo() -> int:
    """A demo case in every existing state (idempotent, by title); returns how many were created."""
    created = 0
    for title, build in STATE_DEMO:
        if SupervisionCase.objects.filter(title=title).exists():
            continue
        with transaction.atomic():
            build()
        created += 1
    return created


# --- The 条例's methods (Art. 14–23): a 专项 on an approved 工作方案, 研判, 挂牌督办, 提级监督, 约谈 --------------

CAMPAIGN = "涉企行政检查专项监督（越城区）"
CAMPAIGN_CASE = "越城区市场监督管理局涉企检查频次专项监督"
TAKEN_OVER_CASE = "越城区综合行政执法局跨区域执法个案监督（提级）"


def seed_supervision_methods_demo() -> int:
    """An approved 工作方案 with a case and a 约谈 (an invited deputy), two 研判 records (a 12345 lead opened
    for 重点监督, a matter in 复议 not opened), a case listed by the city bureau and one it took over.
    Idempotent (by the plan's title); returns how many records were created. Only from 2026-02-01."""
    from datetime import timedelta

    from .models import SpecialCampaign
    from .transitions import regulation_in_force

    if not regulation_in_force() or SpecialCampaign.objects.filter(title=CAMPAIGN).exists():
        return 0
    today = timezone.localdate()
    bureau, market = _org("越城区司法局"), _org("越城区市场监督管理局")
    campaign = services.draft_campaign(
        acting_user=_user("yuecheng.clerk"), organiser=bureau, title=CAMPAIGN,
        provincial_programme="浙江省涉企行政检查专项监督工作方案",
        responsible_departments=[market, _org("越城区综合行政执法局")],
        focus="多头检查、重复检查、随意检查，检查前未报备、检查后未反馈。",
        schedule="第一阶段动员部署；第二阶段自查自纠；第三阶段重点检查；第四阶段总结通报。",
        requirements="各责任部门每月5日前报送上月涉企检查台账和整改情况。",
        basis="区人大代表建议：减少对小微企业的重复检查。", starts_on=today, ends_on=today + timedelta(days=120))
    campaign = services.submit_campaign(campaign, acting_user=_user("yuecheng.leader"))
    campaign = services.approve_campaign(campaign, acting_user=_user("yuecheng.gov"), approval_reference="越政办复〔2026〕12号")
    case = services.open_case(
        handling_org=bureau, method="special", focus_area="other", source="plan", supervised_units=[market],
        summary="按专项监督工作方案，检查涉企行政检查的频次和报备情况。", title=CAMPAIGN_CASE,
        acting_user=_user("yuecheng.clerk"), campaign=campaign)
    services.start_investigation(case, acting_user=_user("yuecheng.clerk"))
    services.record_activity(
        case, acting_user=_user("yuecheng.clerk"), kind="talk", occurred_on=today, place="越城区司法局会议室",
        record="约谈记录：通报重复检查问题，被约谈人表示一周内完成检查计划统筹。", supervisors=_supervisors(
            "yuecheng.clerk", "yuecheng.reviewer"), talk_unit=market, talk_target="head", talk_person="局长",
        outside_participants=[{"category": "npc_deputy", "name": "钱红", "affiliation": "越城区人大代表"}])
    services.assess_intake(
        acting_user=_user("yuecheng.clerk"), handling_org=bureau, channel="hotline_12345", reference="GD2026000123",
        received_on=today, agency=_org("越城区综合行政执法局"), matter="多家沿街商户反映综合执法队员跨区域执法、当场罚款不开票据。",
        outcome="key", reason="反映集中、涉及多家企业，属于典型性问题，列为重点监督事项。")
    services.assess_intake(
        acting_user=_user("yuecheng.clerk"), handling_org=bureau, channel="letters_visits", received_on=today,
        agency=market, matter="对罚款决定不服，要求撤销。", pending_remedy="review", outcome="not_opened", reason="")
    listed = services.open_case(
        handling_org=bureau, method="individual", focus_area="food_drug", source="hotline", supervised_units=[market],
        summary="媒体报道的校园周边食品抽检不合格未处理问题。", title="越城区市场监督管理局校园周边食品抽检处置监督（挂牌）",
        acting_user=_user("yuecheng.clerk"))
    services.list_for_supervision(listed, acting_user=_user("city.leader"), reason="媒体关注、社会影响较大，市局挂牌督办。",
                                  due_on=today + timedelta(days=30))
    taken = services.open_case(
        handling_org=bureau, method="individual", focus_area="other", source="other_body",
        supervised_units=[_org("越城区综合行政执法局")], summary="涉及跨区县执法协作的罚没问题。", title=TAKEN_OVER_CASE,
        acting_user=_user("yuecheng.clerk"))
    services.take_over(taken, acting_user=_user("city.leader"), reason="涉及跨区县执法，由市局提级监督。")
    return 7


# --- 工作方案 before approval: one being drafted, one waiting for the government --------------------------

CAMPAIGN_STATES = [
    ("执法证件管理专项监督（越城区，拟稿）", False),
    ("行政许可办理时限专项监督（越城区，待审批）", True),
]


def seed_campaign_states_demo() -> int:
    """A 工作方案 in 拟稿 and one submitted to the government (the approved one is the methods demo's)."""
    from datetime import timedelta

    from .models import SpecialCampaign
    from .transitions import regulation_in_force

    if not regulation_in_force():
        return 0
    today = timezone.localdate()
    made = 0
    for title, submit in CAMPAIGN_STATES:
        if SpecialCampaign.objects.filter(title=title).exists():
            continue
        campaign = services.draft_campaign(
            acting_user=_user("yuecheng.clerk"), organiser=_org("越城区司法局"), title=title,
            provincial_programme="浙江省行政执法质量提升专项监督工作方案",
            responsible_departments=[_org("越城区市场监督管理局"), _org("越城区卫生健康委员会")],
            focus="执法人员持证上岗、亮证执法；许可事项是否在法定期限内办结。",
            schedule="第一阶段自查；第二阶段抽查案卷；第三阶段通报整改。",
            requirements="各责任部门于每季度末报送自查情况。", basis="年度行政执法监督工作计划。",
            starts_on=today + timedelta(days=15), ends_on=today + timedelta(days=105))
        if submit:
            services.submit_campaign(campaign, acting_user=_user("yuecheng.leader"))
        made += 1
    return made
