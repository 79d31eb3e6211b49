"""Contexts a workflow app would pass for each kind, and a helper that issues one."""

import datetime as dt

from documents.services import issue_document
from organizations.models import Organization


def notice_context(**overrides) -> dict:
    context = {
        "supervised_unit_name": "越城区市场监督管理局",
        "supervision_method": "行政执法案卷评查",
        "occasion": "于2026年10月12日至10月16日",
        "act_supervised": "你单位作出的越市监罚〔2026〕58号行政处罚决定（2026年8月3日）。",
        "facts": "该案当事人销售过期食品，你单位未依法告知当事人陈述、申辩和要求听证的权利即作出罚款二万元的处罚决定。",
        "evidence": ["行政处罚案卷（越市监罚〔2026〕58号）", "当事人陈述笔录"],
        "problems": "该处罚决定未履行告知程序，程序违法。",
        "provisions": "《中华人民共和国行政处罚法》第四十四条、第六十三条",
        "corrections": "依法撤销或者重新作出处罚决定，并完善案件告知程序。",
        "rectification_deadline": dt.date(2026, 12, 25),
        "contact_person": "王晓燕",
        "contact_phone": "0575-85123456",
        "cc": ["绍兴市市场监督管理局"],
    }
    context.update(overrides)
    return context


def decision_context(**overrides) -> dict:
    context = {
        "supervised_unit_name": "越城区市场监督管理局",
        "notice_number": "越司执监通〔2026〕3号",
        "notice_served_on": dt.date(2026, 10, 20),
        "facts": "你单位作出的越市监罚〔2026〕58号行政处罚决定未履行告知程序。",
        "reasons": "该行政行为违反法定程序，且逾期未改正。",
        "legal_basis": "《中华人民共和国行政处罚法》第四十四条、第七十六条；《绍兴市行政执法协调监督工作办法》第十五条第一款第（四）项",
        "decision_type": "revoke",
        "decision_type_display": "撤销行政行为",
        "decision_content": "撤销越市监罚〔2026〕58号行政处罚决定。",
        "performance": "你单位应当于收到本决定书之日起十五日内执行，并将执行情况书面报告本机关。",
        "contact_person": "周文斌",
        "contact_phone": "0575-85111111",
        "cc": ["越城区司法局"],
    }
    context.update(overrides)
    return context


def opinion_context(**overrides) -> dict:
    context = {
        "dispute_number": "越司争〔2026〕5号",
        "applicant_name": "越城区市场监督管理局",
        "other_party_names": ["越城区综合行政执法局"],
        "matter": "占道经营中销售无证食品行为的查处",
        "duty": "对城南夜市占道销售无证食品摊贩的查处",
        "opinion": "城南夜市占道经营并销售无证食品的摊贩，由综合执法部门统一立案查处，市场监管部门提供食品检验支持",
        "negotiation_summary": "双方于2026年9月8日协商一次，未能就牵头部门达成一致。",
        "positions": [
            {"party": "越城区市场监督管理局", "position": "占道经营属综合执法事项。", "basis": "《浙江省综合行政执法条例》"},
            {"party": "越城区综合行政执法局", "position": "无证食品销售属市场监管职责。", "basis": "《食品安全法》"},
        ],
        "meetings": [{"date": dt.date(2026, 9, 20), "place": "越城区司法局三楼会议室", "attendees": "双方分管负责人"}],
        "responsible_agency_name": "越城区综合行政执法局",
        "cooperating_agency_names": ["越城区市场监督管理局"],
        "basis": "《浙江省综合行政执法条例》第十条",
        "requirements": "自本意见送达之日起履行职责，十日内报送落实情况。",
    }
    context.update(overrides)
    return context


def proposal_context(**overrides) -> dict:
    context = {
        "grounds": ["需要跨区域、跨层级开展联合执法"],
        "initiating_department_name": "越城区综合行政执法局",
        "participants": [
            {"name": "越城区综合行政执法局", "duties": "牵头组织，负责占道经营查处"},
            {"name": "越城区市场监督管理局", "duties": "负责食品经营资质检查"},
        ],
        "target_scope": "城南片区夜市食品摊贩",
        "period_start": dt.date(2026, 12, 1),
        "period_end": dt.date(2026, 12, 31),
        "key_matters": "每周通报一次进展，行动结束后十日内报送总结。",
    }
    context.update(overrides)
    return context


def service_context(**overrides) -> dict:
    context = {
        "document_title": "行政执法监督通知书",
        "document_number": "越司执监通〔2026〕3号",
        "recipient_name": "越城区市场监督管理局",
        "recipient_address": "绍兴市越城区人民东路1号",
        "place": "越城区市场监督管理局办公室",
        "method_display": "直接送达",
    }
    context.update(overrides)
    return context


def request_context(**overrides) -> dict:
    context = {
        "matter": "提请制发行政执法监督决定书",
        "facts": "本机关于2026年10月20日向越城区市场监督管理局送达越司执监通〔2026〕3号通知书，该局逾期未改正。",
        "reasons": "依照《绍兴市行政执法协调监督工作办法》第十五条，逾期不改正的，由司法行政部门报请本级人民政府制发决定书。",
        "request": "请区政府对越市监罚〔2026〕58号行政处罚决定作出撤销的决定。",
        "attachments": ["行政执法监督通知书", "送达回证"],
    }
    context.update(overrides)
    return context


# kind -> (issuer name, recipient names, context factory)
KIND_SETUP = {
    "supervision_notice": ("越城区司法局", ["越城区市场监督管理局"], notice_context),
    "supervision_decision": ("越城区人民政府", ["越城区市场监督管理局"], decision_context),
    "coordination_opinion": ("越城区司法局", ["越城区市场监督管理局", "越城区综合行政执法局"], opinion_context),
    "joint_enforcement_proposal": ("越城区司法局", ["越城区综合行政执法局", "越城区市场监督管理局"], proposal_context),
    "proof_of_service": ("越城区司法局", ["越城区市场监督管理局"], service_context),
    "decision_request": ("越城区司法局", ["越城区人民政府"], request_context),
}

ISSUING_USER = {"越城区司法局": "yuecheng.leader", "越城区人民政府": "yuecheng.gov"}


def issue(world, kind="supervision_notice", *, subject=None, context=None, **overrides):
    """Issue a document of `kind` the way a workflow service would (subject: by default the unit)."""
    issuer_name, recipient_names, factory = KIND_SETUP[kind]
    issuer = world.org(overrides.pop("issuer_name", issuer_name))
    recipients = [world.org(n) for n in recipient_names]
    return issue_document(
        kind=kind,
        issuer=issuer,
        subject=subject or Organization.objects.get(name=recipient_names[0]),
        recipients=recipients,
        context=context if context is not None else factory(),
        issued_by=world.user(ISSUING_USER[issuer.name]),
        **overrides,
    )


def backdate(document, **fields):
    """Move an issued document's dates back, as if time had passed (the broker-down and stuck-render
    scenarios). On PostgreSQL the database refuses any change to an issued document (pgtrigger), so the
    test steps around that one trigger for this one statement; the application never does."""
    from django.db import connection

    from documents.models import Document

    update = Document.objects.filter(pk=document.pk)
    if connection.vendor != "postgresql":
        return update.update(**fields)
    import pgtrigger

    with pgtrigger.ignore("documents.Document:document_issued_content_is_immutable"):
        return update.update(**fields)
