"""Totals per agency and year feed the statistics (scoped, filterable, exportable)."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from case_reviews import services
from case_reviews.selectors import review_statistics

from .factories import file_review_case, sheet

pytestmark = pytest.mark.django_db

LAST_YEAR = datetime.date(datetime.date.today().year - 1, 6, 30)


@pytest.fixture
def reviewed(world, case):
    """越城 market: 95 and 75; 越城 enforcement: 55; 诸暨 market: 88 (and noise that must not count)."""
    sheet(world, case, agency="越城区市场监督管理局", n=1, finalise_as="yuecheng.reviewer",
          deductions=[(13, 5, "未告知听证权利")])
    sheet(world, case, agency="越城区市场监督管理局", n=2, finalise_as="yuecheng.reviewer",
          deductions=[(13, 8, "未告知陈述申辩权利"), (5, 10, "事实不清"), (19, 2, "文书涂改"), (21, 2, "未归档"),
                      (17, 3, "未说明裁量理由")])
    sheet(world, case, agency="越城区综合行政执法局", n=3, finalise_as="yuecheng.reviewer",
          deductions=[(13, 8, "未告知权利"), (5, 10, "事实不清"), (7, 10, "证据不足"), (10, 10, "适用法律错误"),
                      (12, 6, "超期"), (17, 1, "裁量理由不充分")])
    sheet(world, case, agency="越城区市场监督管理局", n=4)  # a draft: not counted
    superseded = sheet(world, case, agency="越城区综合行政执法局", n=5, finalise_as="yuecheng.reviewer",
                       deductions=[(1, 4, "越权")])
    correction = services.correct_sheet(superseded, acting_user=world.user("yuecheng.clerk"))
    services.discard_sheet(correction, acting_user=world.user("yuecheng.clerk"), reason="录入错误")
    zhuji_case = file_review_case(world, bureau="诸暨市司法局", clerk="zhuji.reviewer", units=("诸暨市市场监督管理局",))
    sheet(world, zhuji_case, agency="诸暨市市场监督管理局", by="zhuji.reviewer", n=6, finalise_as="zhuji.reviewer",
          deductions=[(13, 8, "未告知权利"), (19, 4, "文书不规范")])
    sheet(world, zhuji_case, agency="诸暨市市场监督管理局", by="zhuji.reviewer", n=7, finalise_as="zhuji.reviewer",
          reviewed_on=LAST_YEAR)
    return superseded


def _row(stats, agency, year=None):
    year = year or datetime.date.today().year
    return next(r for r in stats["rows"] if r["agency__name"] == agency and r["year"] == year)


def test_statistics_aggregate_per_agency_and_year_over_several_agencies(world, reviewed):
    stats = review_statistics(world.user("city.reviewer"))
    market = _row(stats, "越城区市场监督管理局")
    assert market["files"] == 2
    assert market["average"] == Decimal("85")
    assert market["grades"] == {"excellent": 1, "good": 0, "pass": 1, "fail": 0}
    assert market["top_deductions"][0]["description"].startswith("作出决定前依法告知当事人")
    assert market["top_deductions"][0]["times"] == 2
    enforcement = _row(stats, "越城区综合行政执法局")
    # The superseded-then-uncorrected sheet (96) still counts: its correction was discarded.
    assert enforcement["files"] == 2
    assert enforcement["grades"]["fail"] == 1
    zhuji = _row(stats, "诸暨市市场监督管理局")
    assert (zhuji["files"], zhuji["average"]) == (1, Decimal("88"))
    assert _row(stats, "诸暨市市场监督管理局", LAST_YEAR.year)["files"] == 1
    assert stats["totals"]["files"] == 6
    top = stats["top_deductions"][0]
    assert (top["item__description"][:8], top["times"]) == ("作出决定前依法告", 4)


def test_a_superseded_sheet_is_replaced_by_its_correction_in_the_statistics(world, reviewed):
    correction = services.correct_sheet(reviewed, acting_user=world.user("yuecheng.clerk"))
    services.update_sheet(correction, acting_user=world.user("yuecheng.clerk"),
                          scores=[{"item": reviewed.scores.get(item__order=1).item_id, "deduction": 0, "reason": ""}])
    services.finalise_sheet(correction, acting_user=world.user("yuecheng.reviewer"))
    enforcement = _row(review_statistics(world.user("yuecheng.reviewer")), "越城区综合行政执法局")
    assert enforcement["files"] == 2
    assert enforcement["average"] == Decimal("77.5")  # (55 + 100) / 2, no longer (55 + 96) / 2


def test_statistics_are_scoped_and_filterable_by_county_and_year(world, reviewed):
    yuecheng = {r["agency__name"] for r in review_statistics(world.user("yuecheng.reviewer"))["rows"]}
    assert yuecheng == {"越城区市场监督管理局", "越城区综合行政执法局"}
    zhuji_only = review_statistics(world.user("city.reviewer"), county="330681", year=datetime.date.today().year)
    assert [r["agency__name"] for r in zhuji_only["rows"]] == ["诸暨市市场监督管理局"]
    assert zhuji_only["totals"]["files"] == 1
    # A county bureau asking for another county gets nothing, not that county's figures.
    assert review_statistics(world.user("yuecheng.reviewer"), county="330681")["rows"] == []


def test_statistics_are_computed_by_the_database_whatever_the_number_of_sheets(world, reviewed,
                                                                              django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        review_statistics(world.user("city.reviewer"))
    for n in range(10, 20):
        sheet(world, reviewed.case, agency="越城区市场监督管理局", n=n, finalise_as="yuecheng.reviewer",
              deductions=[(3, 1, "无委托书")])
    with django_assert_max_num_queries(12):
        assert _row(review_statistics(world.user("city.reviewer")), "越城区市场监督管理局")["files"] == 12


def test_the_statistics_page_and_its_csv_export(client_for, world, reviewed):
    client = client_for("yuecheng.reviewer")
    page = client.get(reverse("case_reviews:statistics")).content.decode()
    assert "越城区市场监督管理局" in page
    assert "诸暨市市场监督管理局" not in page
    response = client.get(reverse("case_reviews:statistics-csv"), {"year": datetime.date.today().year})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["年度", "执法机关", "所属区划", "评查案卷数"]
    market = next(r for r in rows if r[1] == "越城区市场监督管理局")
    assert market[3:5] == ["2", "85.0"]
    assert len(rows) == 3


def test_the_statistics_api(api_for, world, reviewed):
    body = api_for("city.reviewer").get("/api/v1/review-statistics/", {"county": "330602"}).json()
    assert {r["agency__name"] for r in body["rows"]} == {"越城区市场监督管理局", "越城区综合行政执法局"}
    assert api_for("city.reviewer").get("/api/v1/review-statistics/", {"year": "last"}).status_code == 400
    assert api_for("agency.market").get("/api/v1/review-statistics/").status_code == 403
