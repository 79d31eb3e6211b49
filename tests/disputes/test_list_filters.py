"""The dispute list's filters find what the bureau asks for (issue 18 rewrote them onto indexes)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.disputes.factories import ZHUJI_MARKET, submitted

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


def listed(api, **params) -> set[int]:
    response = api.get("/api/v1/disputes/", params)
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_the_county_filter_finds_disputes_filed_coordinated_or_with_a_party_in_that_county(world, api_for):
    local = submitted(world)  # 越城区's market and housing bureaus, filed by 塔山街道司法所
    across = submitted(world, others=(ZHUJI_MARKET,), title="跨县（市、区）食品摊贩查处职责")  # one party in 诸暨市
    city = api_for("city.reviewer")

    assert {local.pk, across.pk} <= listed(city, county="330602")  # 越城区: filer, coordinator and parties
    assert across.pk in listed(city, county="330681") and local.pk not in listed(city, county="330681")  # 诸暨市
    assert not {local.pk, across.pk} & listed(city, county="330683")  # 嵊州市: none of them


def test_the_filing_date_filter_counts_whole_days_of_the_local_calendar(world, api_for):
    with time_machine.travel(datetime(2026, 3, 31, 23, 30, tzinfo=SHANGHAI), tick=False):
        last_evening = submitted(world, title="三月最后一晚提交的职责争议")
    with time_machine.travel(datetime(2026, 4, 1, 0, 10, tzinfo=SHANGHAI), tick=False):
        first_morning = submitted(world, title="四月第一天凌晨提交的职责争议")
    city = api_for("city.reviewer")

    march = listed(city, date_from="2026-03-01", date_to="2026-03-31")
    april = listed(city, date_from="2026-04-01")
    assert last_evening.pk in march and first_morning.pk not in march
    assert first_morning.pk in april and last_evening.pk not in april
