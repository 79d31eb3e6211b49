"""The agency push API: a token per agency system, its own records only; the scoped list."""

import pytest
from rest_framework.test import APIClient

from enforcement_records.models import EnforcementRecord
from tests.enforcement_records.helpers import clean_penalty, push

URL = "/api/v1/enforcement-records/"


@pytest.fixture
def market_system(api_for):
    return api_for("agency.market")


def test_a_pushed_batch_is_stored_once_whatever_the_retries(world, market_system):
    for _ in range(2):
        response = market_system.post(URL, {"records": [clean_penalty("A")]}, format="json")
        assert response.status_code == 201, response.json()
    assert response.json()["batch"]["unchanged_count"] == 1
    assert EnforcementRecord.objects.get().agency.name == "越城区市场监督管理局"


def test_a_bad_batch_is_a_400_with_row_column_and_message(world, market_system):
    response = market_system.post(URL, {"records": [clean_penalty("A"), clean_penalty("B", fine_amount="五千")]},
                                  format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["rows"] == [{"row": "第2条记录", "column": "罚款金额（元）", "field": "fine_amount",
                             "message": "第2条记录「罚款金额（元）」：“五千”不是金额（应为数字，单位元）"}]
    assert body["errors"]["records"] == [body["rows"][0]["message"]]
    assert body["batch"]["outcome"] == "rejected" and len(body["batch"]["sha256"]) == 64
    assert not EnforcementRecord.objects.exists()


def test_an_agency_token_cannot_touch_another_agencys_records(world, market_system, api_for):
    push(world, [clean_penalty("THEIRS")], username="agency.enforcement", agency="越城区综合行政执法局")
    theirs = EnforcementRecord.objects.get()
    # Its own push always lands on its own agency: the same case number makes a separate record.
    response = market_system.post(URL, {"records": [clean_penalty("THEIRS", fine_amount="1")]}, format="json")
    assert response.status_code == 201
    theirs.refresh_from_db()
    assert str(theirs.fine_amount) == "5000.00"
    assert market_system.get(f"{URL}{theirs.pk}/").status_code == 404
    listed = market_system.get(URL).json()["results"]
    assert {r["agency_name"] for r in listed} == {"越城区市场监督管理局"}


def test_a_bureau_sees_its_area_and_another_county_does_not(world, api_for):
    push(world, [clean_penalty("A")])
    assert api_for("yuecheng.clerk").get(URL).json()["count"] == 1
    assert api_for("city.reviewer").get(URL).json()["count"] == 1
    assert api_for("zhuji.reviewer").get(URL).json()["count"] == 0
    assert api_for("agency.zhuji").get(URL).json()["count"] == 0


def test_records_need_an_agency_account(world, api_for):
    response = api_for("yuecheng.clerk").post(URL, {"records": [clean_penalty("A")]}, format="json")
    assert response.status_code == 400
    assert "不属于某一行政执法机关的接口账号" in response.json()["errors"]["records"][0]


def test_anonymous_cannot_push(world):
    assert APIClient().post(URL, {"records": []}, format="json").status_code in (401, 403)
