"""Demo briefings and commendations (issue 12: every path can be walked): the 越城区 bureau's last month
drafted and waiting for the clerk's commentary, last quarter's issued as a numbered 通报, and three
commendations (提请, 批准, 不予批准). Idempotent: a bureau's briefings and a unit's commendation for the year
are made once."""

from datetime import date

from django.contrib.auth import get_user_model
from django.utils import timezone

from organizations.models import Organization

from . import services
from .briefings import last_completed
from .models import Briefing, Commendation, PeriodKind


def _user(username):
    return get_user_model().objects.get(username=username)


def _briefings(bureau, today: date) -> int:
    if Briefing.objects.filter(bureau=bureau).exists():
        return 0
    clerk = _user("yuecheng.clerk")
    month_start, _end = last_completed(PeriodKind.MONTH, today)
    services.draft_briefing(bureau=bureau, period_kind=PeriodKind.MONTH, period_start=month_start, acting_user=clerk)
    quarter_start, _end = last_completed(PeriodKind.QUARTER, today)
    quarter = services.draft_briefing(bureau=bureau, period_kind=PeriodKind.QUARTER, period_start=quarter_start,
                                      acting_user=clerk)
    quarter = services.revise_commentary(quarter, acting_user=clerk, commentary=(
        "本季度各执法机关整改总体及时，但个别单位书面报告迟报。下一步将对逾期未整改的单位开展约谈，"
        "并将整改情况纳入年度法治政府建设考核。"))
    services.issue_briefing(quarter, acting_user=_user("yuecheng.leader"))
    return 2


def _commendations(bureau, year: int) -> int:
    made = 0
    proposals = [
        ("越城区卫生健康委员会", "行政处罚决定书全部按期补正，案卷评查成绩全区第一。", True),
        ("越城区教育局", "按期报送校外培训执法整改报告。", False),
        ("越城区市场监督管理局", "涉企检查统筹成效明显，重复检查次数同比下降六成。", None),
    ]
    for name, deeds, approve in proposals:
        unit = Organization.objects.get(name=name)
        if Commendation.objects.filter(organization=unit, year=year).exists():
            continue
        commendation = services.propose_commendation(proposer=bureau, organization=unit, year=year, deeds=deeds,
                                                     acting_user=_user("yuecheng.clerk"))
        if approve is not None:
            services.decide_commendation(commendation, approve=approve, acting_user=_user("yuecheng.gov"),
                                         note="同意表彰。" if approve else "事迹不够突出，暂不予表彰。")
        made += 1
    return made


def seed_cockpit_demo() -> str:
    bureau = Organization.objects.get(name="越城区司法局")
    today = timezone.localdate()
    return (f"{_briefings(bureau, today)} briefings, "
            f"{_commendations(bureau, today.year)} commendations")
