"""Building supervision cases step by step through the real services, as the bureau would."""

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from supervision import services

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde\x00"
       b"\x00\x00\x0cIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe\x92\xef\x00\x00\x00\x00IEND\xaeB`\x82")


def upload(name="现场照片.png", content=PNG, content_type="image/png"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def pdf_upload(name="送达回证.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", content_type="application/pdf")


def open_market_case(world, *, by="yuecheng.clerk", org="越城区司法局", unit="越城区市场监督管理局", **extra):
    fields = {"method": "individual", "focus_area": "food_drug", "source": "plan",
              "summary": "越城区市场监督管理局对某餐饮店作出的食品安全行政处罚，未告知陈述申辩权利。", **extra}
    return services.open_case(handling_org=world.org(org), supervised_units=[world.org(unit)],
                              acting_user=world.user(by), **fields)


def record_onsite(world, case, *, on: date, by="yuecheng.clerk", supervisors=("yuecheng.clerk", "yuecheng.reviewer"),
                  shown=None, files=()):
    shown = supervisors if shown is None else shown
    return services.record_activity(
        case, acting_user=world.user(by), kind="onsite", occurred_on=on, place="越城区市场监督管理局执法大队",
        record="调取（越）市监罚〔2026〕88号案卷，查明处罚告知书未载明陈述申辩权利。",
        supervisors=[(world.user(u), u in shown) for u in supervisors], files=list(files),
    )


NOTICE_FIELDS = {
    "act_supervised": "越城区市场监督管理局（越）市监罚〔2026〕88号行政处罚决定",
    "facts": "作出处罚决定前未告知当事人陈述、申辩的权利。",
    "evidence_list": "行政处罚案卷\n现场监督记录\n询问笔录",
    "problems": "违反《中华人民共和国行政处罚法》第四十四条规定的告知程序。",
    "provisions": "《中华人民共和国行政处罚法》第四十四条、第四十五条",
    "corrections": "依法重新履行告知程序，并对相关执法人员开展培训。",
    "contact_person": "王晓燕",
    "contact_phone": "0575-85123456",
}


def to_violation(world, case, *, on: date):
    services.start_investigation(case, acting_user=world.user("yuecheng.clerk"))
    record_onsite(world, case, on=on)
    return services.find_violation(case, acting_user=world.user("yuecheng.reviewer"),
                                   finding="处罚程序违法：未告知陈述申辩权利。")


def issue(world, case, **kwargs):
    fields = {**NOTICE_FIELDS, **kwargs}
    return services.issue_notice(case, acting_user=world.user("yuecheng.leader"), **fields)


def serve(world, case, *, on: date, unit="越城区市场监督管理局", method="direct", **extra):
    return services.record_service(case, acting_user=world.user("yuecheng.clerk"), recipient=world.org(unit),
                                   method=method, served_on=on, receipt=pdf_upload(), recipient_person="吴秀英", **extra)
