"""The case list's closing-date filter (the statistics page links each month's closed cases to it)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from supervision import services
from tests.supervision.factories import open_market_case

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


def closed_at(world, moment: datetime, title: str):
    with time_machine.travel(moment, tick=False):
        case = open_market_case(world, title=title)
        services.start_investigation(case, acting_user=world.user("yuecheng.clerk"))
        return services.conclude_no_issue(case, acting_user=world.user("yuecheng.reviewer"),
                                          finding="抽查12件案件，执法程序规范，未发现违法或不当行为。")


def listed(client, **params) -> set[str]:
    response = client.get("/supervision/", params)
    assert response.status_code == 200
    return {case.number for case in response.context["page"].object_list}


def test_cases_closed_on_the_last_day_late_in_the_evening_are_in_the_period(world, client_for):
    evening = closed_at(world, datetime(2026, 3, 31, 23, 30, tzinfo=SHANGHAI), "三月最后一晚办结的监督案件")
    morning = closed_at(world, datetime(2026, 4, 1, 0, 10, tzinfo=SHANGHAI), "四月第一天凌晨办结的监督案件")
    reviewer = client_for("yuecheng.reviewer")

    march = listed(reviewer, closed_from="2026-03-01", closed_to="2026-03-31")
    april = listed(reviewer, closed_from="2026-04-01", closed_to="2026-04-30")
    assert evening.number in march and morning.number not in march
    assert morning.number in april and evening.number not in april
