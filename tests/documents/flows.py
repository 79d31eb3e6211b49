"""Every document kind produced by the real workflow services (no factory wording), for the PDF tests.

`real_documents(world, long=False)` walks a supervision case to the government's decision, a
dispute to an opinion and another to escalation, and a joint-action proposal, then returns the
documents they issued, by label. `long=True` types the long, multi-paragraph texts a clerk types
(stray spaces, a paragraph without final punctuation, a file name and a URL) so that the
layout is measured on several pages too.
"""

from __future__ import annotations

from datetime import date

import time_machine

from documents.models import Document
from tests.disputes import factories as disputes
from tests.joint_actions import factories as joint_actions
from tests.supervision import factories as supervision

LONG_FACTS = (
    "经查，你单位执法人员在办理（越）市监罚〔2026〕88号案件时，作出处罚决定前未告知当事人陈述、申辩的权利 ，"
    "亦未告知其要求听证的权利\n"
    + "该案处罚决定书送达后，当事人多次通过12345热线反映情况，你单位未予答复，相关材料见"
    "“越城区市场监督管理局-案卷扫描-2026-0088-final-version.pdf”及https://zfjd.sx.gov.cn/cases/2026/0088/attachments/evidence-list。"
    * 3 + "\n"
    + "经调阅案卷，处罚决定书载明的罚款数额与集体讨论记录不一致，案卷中亦无法制审核意见，相关执法人员对此未作说明" * 4
)
LONG_CORRECTIONS = "一是依法重新履行告知程序；\n二是对相关执法人员开展培训\n三是完善法制审核制度，并报送整改材料。"


# A notice naming people whose names are outside GB 2312 (堃 喆 䶮 𠮷): they fall back per character to
# the full face, which costs size (issue 13: ~230 KB before the GB cut of each role's face).
RARE_FACTS = "经查，你单位执法人员王䶮、张堃在办理李喆、𠮷田某某经营无证食品摊点案件时，未告知当事人陈述、申辩的权利。"


def notice_fields(long: bool, rare: bool = False) -> dict:
    if rare:
        return {"facts": RARE_FACTS}
    if not long:
        return {}
    return {"facts": LONG_FACTS, "corrections": LONG_CORRECTIONS,
            "problems": "违反《中华人民共和国行政处罚法》第四十四条、第四十五条、第五十八条规定的程序。\n" * 3}


def supervision_case(world, *, long: bool = False, rare: bool = False):
    with time_machine.travel("2026-03-02 09:00 +0800", tick=False):
        case = supervision.open_market_case(world)
        case = supervision.to_violation(world, case, on=date(2026, 3, 2))
        case = supervision.issue(world, case, rectification_due=date(2026, 3, 20), **notice_fields(long, rare))
    with time_machine.travel("2026-03-04 09:00 +0800", tick=False):
        supervision.serve(world, case, on=date(2026, 3, 3))
    from deadlines.sweep import sweep

    with time_machine.travel("2026-03-21 08:00 +0800", tick=False):
        from datetime import datetime
        from zoneinfo import ZoneInfo

        sweep(now=datetime(2026, 3, 21, 8, 0, tzinfo=ZoneInfo("Asia/Shanghai")))
    from supervision import services

    with time_machine.travel("2026-03-23 09:00 +0800", tick=False):
        case = services.request_decision(case, acting_user=world.user("yuecheng.leader"), proposed_decision="revoke",
                                         reasons="逾期未重新履行告知程序，处罚决定程序违法" + ("。\n" * long) * 2)
        case = services.issue_decision(case, acting_user=world.user("yuecheng.gov"), decision_type="revoke",
                                       content="撤销（越）市监罚〔2026〕88号行政处罚决定",
                                       reasons="作出处罚决定前未告知陈述申辩权利，程序违法。",
                                       basis="《绍兴市行政执法协调监督工作办法》第十五条第一款第（四）项")
    return case


def real_documents(world, *, long: bool = False) -> dict[str, Document]:
    case = supervision_case(world, long=long)
    opinion = disputes.opinion_issued(world)
    escalated = disputes.escalated(world, title="解放路夜市无证食品摊贩占道经营的查处职责")
    proposal = joint_actions.proposed(world)
    found: dict[str, Document] = {}
    for subject, prefix in ((case, "supervision"), (opinion, "dispute"), (escalated, "escalated"),
                            (proposal, "joint")):
        from documents.selectors import documents_for

        for document in documents_for(subject).order_by("id"):
            found.setdefault(f"{prefix}:{document.kind}", document)
    return found
