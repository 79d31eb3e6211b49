"""The default scoring template (seeded by `seed_demo`).

A starting point modelled on the structure of Zhejiang's 行政执法案卷评查标准 (主体、事实证据、
法律适用、程序、裁量、文书、归档; 100 points). The bureau should replace it with its official
standard of the year: edit it in 案卷评查 → 评查模板 (sheets already scored keep this version).
"""

from decimal import Decimal

from django.db import transaction

from organizations.models import Division, Organization, OrganizationKind

from .models import Category, ReviewTemplate, ReviewTemplateItem

DEFAULT_TEMPLATE_NAME = "行政执法案卷评查标准（通用）"

# (category, description, points). Legal references: 行政处罚法 (2021), 行政许可法, 行政强制法.
DEFAULT_ITEMS = [
    (Category.SUBJECT, "执法主体合法，具有法定职权，未超越职权、滥用职权", 4),
    (Category.SUBJECT, "执法人员具备行政执法资格，执法时不少于两人并出示执法证件", 3),
    (Category.SUBJECT, "委托执法的有合法委托手续，以委托机关名义实施", 1),
    (Category.SUBJECT, "依法应当回避的执法人员已回避", 2),
    (Category.FACTS, "违法事实或申请事项认定清楚，时间、地点、情节等要素完整", 10),
    (Category.FACTS, "当事人认定准确，身份证明、主体资格材料齐全", 4),
    (Category.EVIDENCE, "证据确凿充分，能够相互印证，形成完整证据链", 10),
    (Category.EVIDENCE, "证据收集程序合法，现场笔录、询问笔录等要素齐全并经当事人签名确认", 5),
    (Category.EVIDENCE, "抽样取证、证据先行登记保存等措施依法审批、依法实施", 3),
    (Category.LAW, "适用法律、法规、规章正确，引用条款具体到条、款、项、目", 10),
    (Category.LAW, "处理决定的种类和幅度符合法律规定", 4),
    (Category.PROCEDURE, "立案、调查、审查、决定等环节符合法定程序和时限", 6),
    (Category.PROCEDURE, "作出决定前依法告知当事人事实、理由、依据及陈述、申辩、听证等权利，并听取意见", 8),
    (Category.PROCEDURE, "依法应当进行法制审核或集体讨论的已经审核、讨论", 4),
    (Category.PROCEDURE, "文书依法送达，送达方式和送达回证符合规定", 3),
    (Category.PROCEDURE, "行政强制措施依法审批、制作现场笔录并在法定期限内作出处理决定", 3),
    (Category.DISCRETION, "行使行政裁量权符合裁量基准，裁量理由在文书中说明", 7),
    (Category.DISCRETION, "从轻、减轻、从重或不予处罚的情形认定准确", 3),
    (Category.DOCUMENTS, "执法文书使用规范格式，要素齐全，文字表述准确，无涂改", 5),
    (Category.DOCUMENTS, "决定书载明救济途径和期限，加盖印章，日期准确", 3),
    (Category.FILING, "案卷材料齐全，按规定顺序排列，及时立卷归档", 2),
]


@transaction.atomic
def seed_default_template() -> ReviewTemplate:
    """Idempotent: the city bureau's default template, created once (found again by its name)."""
    owner = Organization.objects.get(kind=OrganizationKind.JUSTICE_BUREAU, division__level=Division.Level.CITY)
    existing = ReviewTemplate.objects.filter(owner=owner, name=DEFAULT_TEMPLATE_NAME).order_by("-version").first()
    if existing is not None:
        return existing
    template = ReviewTemplate.objects.create(
        owner=owner,
        name=DEFAULT_TEMPLATE_NAME,
        description="参照浙江省行政执法案卷评查标准的结构拟定的起始模板，共100分；"
                    "请以本年度正式评查标准替换。等次：优秀≥90分，良好≥80分，合格≥60分，不合格<60分。",
    )
    ReviewTemplateItem.objects.bulk_create(
        ReviewTemplateItem(template=template, order=n, category=category, description=text, max_points=Decimal(points))
        for n, (category, text, points) in enumerate(DEFAULT_ITEMS, start=1)
    )
    return template


# --- Review sheets in every state (issue 12), on the demo file-review case of supervision.demo ------------------

SHEET_FILES = {
    "draft": ("越综执罚〔2026〕101号", "某餐饮店占道经营案"),
    "finalised": ("越综执罚〔2026〕57号", "某建筑工地渣土撒漏案"),
    "superseded": ("越综执罚〔2026〕63号", "某商户擅自设置户外广告案"),
    "discarded": ("越综执罚〔2026〕70号", "某小区违法搭建案（误录）"),
}


def _deductions(template, *pairs):
    items = list(template.items.order_by("order"))
    return [{"item": items[i].pk, "deduction": Decimal(d), "reason": reason} for i, d, reason in pairs]


@transaction.atomic
def seed_review_sheets_demo() -> int:
    """Sheets for the demo 案卷评查 case: a draft, a finalised one, a corrected one and a discarded draft."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from supervision.demo import FILE_REVIEW_CASE
    from supervision.models import SupervisionCase

    from . import services
    from .models import ReviewSheet

    case = SupervisionCase.objects.filter(title=FILE_REVIEW_CASE).first()
    if case is None or case.is_closed:
        return 0
    agency = case.supervised_units.first()
    reviewer = get_user_model().objects.get(username="yuecheng.reviewer")
    template = services.default_template_for(case.handling_org)
    existing = set(ReviewSheet.objects.filter(case=case).values_list("file_number", flat=True))
    created = 0

    def sheet(state, *pairs):
        number, title = SHEET_FILES[state]
        return services.create_sheet(
            case=case, agency=agency, file_number=number, file_title=title, file_type="penalty",
            reviewed_on=timezone.localdate(), acting_user=reviewer, template=template,
            scores=_deductions(template, *pairs))

    if SHEET_FILES["draft"][0] not in existing:
        sheet("draft", (4, "2", "现场笔录缺少当事人签名"))
        created += 1
    if SHEET_FILES["finalised"][0] not in existing:
        services.finalise_sheet(sheet("finalised", (12, "3", "未告知听证权利")), acting_user=reviewer)
        created += 1
    if SHEET_FILES["superseded"][0] not in existing:
        original = services.finalise_sheet(sheet("superseded", (16, "5", "裁量理由未说明")), acting_user=reviewer)
        correction = services.correct_sheet(original, acting_user=reviewer)
        services.update_sheet(correction, acting_user=reviewer,
                              scores=_deductions(template, (16, "2", "裁量理由说明不充分（复核后更正）")))
        services.finalise_sheet(correction, acting_user=reviewer, note="复核后更正扣分")
        created += 1
    if SHEET_FILES["discarded"][0] not in existing:
        services.discard_sheet(sheet("discarded"), acting_user=reviewer, reason="案卷编号录入错误，重新填写。")
        created += 1
    return created
