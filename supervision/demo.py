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
