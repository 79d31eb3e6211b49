"""Demo drafts in every state of 拟稿 → 核稿 → 签发 (issue 12: every path can be walked).

Each draft is a 监督通知书 drafted through the real flow (`supervision.issue_notice`) on a case of its own in
which the 越城区 bureau found a violation: one being drafted, one waiting for 核稿, one returned with the
reviewer's comment, one checked and waiting for the leader's 签发, one signed (the case moved to 通知书已送达
待整改 and the numbered notice rendered) and one withdrawn. Idempotent: by the cases' titles."""

from django.contrib.auth import get_user_model
from django.db import transaction

from organizations.models import Organization
from supervision import services as supervision
from supervision.models import SupervisionCase

from . import drafting, flows

FLOW = "supervision.issue_notice"
NOTICE = {
    "facts": "作出行政处罚决定前未告知当事人陈述、申辩的权利。",
    "evidence_list": "行政处罚案卷\n现场监督记录",
    "problems": "违反《中华人民共和国行政处罚法》第四十四条规定的告知程序。",
    "provisions": "《中华人民共和国行政处罚法》第四十四条、第四十五条",
    "corrections": "依法重新履行告知程序，并对相关执法人员开展培训。",
    "contact_phone": "0575-85123456",
    "rectification_days": 30,
}
DRAFTS = [
    ("越城区市场监督管理局食品经营处罚告知程序监督（拟稿）", "越城区市场监督管理局", "drafting"),
    ("越城区卫生健康委员会医疗美容处罚告知程序监督（待核稿）", "越城区卫生健康委员会", "in_review"),
    ("越城区教育局培训机构处罚告知程序监督（退回修改）", "越城区教育局", "returned"),
    ("越城区住房和城乡建设局物业处罚告知程序监督（待签发）", "越城区住房和城乡建设局", "approved"),
    ("越城区综合行政执法局占道经营处罚告知程序监督（已签发）", "越城区综合行政执法局", "signed"),
    ("越城区市场监督管理局广告处罚告知程序监督（已撤销）", "越城区市场监督管理局", "withdrawn"),
]


def _user(username):
    return get_user_model().objects.get(username=username)


def _case(title: str, unit_name: str) -> SupervisionCase:
    unit = Organization.objects.get(name=unit_name)
    case = supervision.open_case(
        handling_org=Organization.objects.get(name="越城区司法局"), method="individual", focus_area="other",
        source="plan", title=title, supervised_units=[unit], acting_user=_user("yuecheng.clerk"),
        summary="抽查行政处罚案卷时发现告知程序问题。")
    supervision.start_investigation(case, acting_user=_user("yuecheng.clerk"))
    supervision.find_violation(case, acting_user=_user("yuecheng.reviewer"), finding=NOTICE["facts"])
    return SupervisionCase.objects.get(pk=case.pk)


def _inputs(case, clerk) -> dict:
    """What the clerk submits: the prefilled form with the notice's wording typed on top."""
    form = flows.get_flow(FLOW).form(case, user=clerk)
    initial = {name: form.initial.get(name, field.initial) for name, field in form.fields.items()}
    act = f"{case.supervised_units.first().name}2026年行政处罚案卷"
    return {k: v for k, v in {**initial, **NOTICE, "act_supervised": act}.items() if v not in (None, "")}


def seed_drafts_demo() -> int:
    clerk, reviewer, leader = (_user(f"yuecheng.{r}") for r in ("clerk", "reviewer", "leader"))
    made = 0
    for title, unit, state in DRAFTS:
        if SupervisionCase.objects.filter(title=title).exists():
            continue
        with transaction.atomic():
            case = _case(title, unit)
            draft = drafting.start_flow_draft(FLOW, case, inputs=_inputs(case, clerk), acting_user=clerk)
            if state == "withdrawn":
                drafting.withdraw_draft(draft, reason="案件需补充调查，撤回本稿。", acting_user=clerk)
            if state in ("in_review", "returned", "approved", "signed"):
                drafting.submit_draft(draft, acting_user=clerk)
            if state == "returned":
                drafting.return_draft(draft, comment="改正要求应写明培训对象和完成时间。", acting_user=reviewer)
            if state in ("approved", "signed"):
                drafting.approve_draft(draft, acting_user=reviewer)
            if state == "signed":
                drafting.sign_draft(draft, acting_user=leader)
        made += 1
    return made
