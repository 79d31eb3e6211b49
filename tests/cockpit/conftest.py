"""The hand-counted world of the cockpit's tests (see test_figures.py's docstring)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from deadlines.sweep import sweep
from supervision import services
from tests.supervision.factories import issue, open_market_case, serve, to_violation

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def records(world):
    with time_machine.travel("2026-03-02 09:00 +0800", tick=False):
        a = open_market_case(world)
        a = to_violation(world, a, on=date(2026, 3, 2))
        a = issue(world, a, rectification_due=date(2026, 3, 20))
    with time_machine.travel("2026-03-04 09:00 +0800", tick=False):
        serve(world, a, on=date(2026, 3, 3))
    with time_machine.travel("2026-03-10 09:00 +0800", tick=False):
        b = open_market_case(world, method="daily_inspection", focus_area="ecology")
        services.start_investigation(b, acting_user=world.user("yuecheng.clerk"))
        services.conclude_no_issue(b, acting_user=world.user("yuecheng.reviewer"), finding="未发现违法或不当。")
    with time_machine.travel("2026-03-21 08:00 +0800", tick=False):
        sweep(now=datetime(2026, 3, 21, 8, 0, tzinfo=SHANGHAI))
    with time_machine.travel("2026-04-01 09:00 +0800", tick=False):
        c = open_market_case(world, by="zhuji.reviewer", org="诸暨市司法局", unit="诸暨市市场监督管理局")
    return a, b, c
