"""Who sees a case: the supervising bodies of its area; the supervised unit only once a notice is issued."""

from datetime import date

import pytest
import time_machine

from supervision.selectors import case_list

from .factories import issue, open_market_case, to_violation

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _on_a_working_day():
    with time_machine.travel("2026-11-25 10:00 +0800", tick=False):
        yield


def _visible(world, username, case) -> bool:
    return case_list(world.user(username)).filter(pk=case.pk).exists()


def test_a_yuecheng_case_is_invisible_to_another_county_and_to_other_agencies(world):
    case = open_market_case(world)
    for username in ("yuecheng.clerk", "yuecheng.leader", "yuecheng.gov", "city.reviewer"):
        assert _visible(world, username, case), username
    # A 司法所 sees its own township's cases, not the county bureau's.
    for username in ("township.office", "zhuji.reviewer", "zhuji.office", "agency.zhuji", "agency.enforcement"):
        assert not _visible(world, username, case), username


def test_the_supervised_unit_sees_the_case_only_once_the_notice_is_issued(world):
    case = open_market_case(world)
    case = to_violation(world, case, on=date(2026, 11, 25))
    assert not _visible(world, "agency.market", case)
    issue(world, case, rectification_days=20)
    assert _visible(world, "agency.market", case)
    assert not _visible(world, "agency.enforcement", case)


def test_case_pages_and_files_answer_404_outside_jurisdiction(world, client_for):
    case = open_market_case(world)
    client = client_for("zhuji.reviewer")
    assert client.get(f"/supervision/{case.pk}/").status_code == 404
    assert client.get(f"/supervision/{case.pk}/do/start_investigation/").status_code == 404
    client = client_for("agency.market")
    assert client.get(f"/supervision/{case.pk}/").status_code == 404
