"""Every list API answers ?format=csv|xlsx with the list's own filters and scope (api.md, "Exports")."""

import csv
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from clues.services import submit_clue
from tests.supervision.factories import open_market_case

pytestmark = pytest.mark.django_db


def _csv(response) -> list[list[str]]:
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))


@pytest.fixture
def two_cases(world):
    food = open_market_case(world, title="某餐饮店食品安全处罚个案监督")
    ecology = open_market_case(world, title="某企业排污处罚日常监督", method="daily_inspection", focus_area="ecology")
    return food, ecology


def test_the_case_list_exports_what_its_filters_select(api_for, two_cases):
    food, ecology = two_cases
    rows = _csv(api_for("yuecheng.reviewer").get("/api/v1/supervision-cases/?format=csv&focus_area=ecology"))
    assert rows[0][:4] == ["案件编号", "案件名称", "监督方式", "重点领域"]
    assert [r[0] for r in rows[1:]] == [ecology.number]
    assert rows[1][2:4] == ["日常监督检查", "生态环境保护"] and rows[1][6] == "越城区市场监督管理局"


def test_the_case_export_reads_every_column_without_a_query_per_case(api_for, world, two_cases):
    """The export reads the list's own rows (supervision.selectors.case_rows, only the columns a row shows): a
    column it did not load would be fetched case by case."""
    client = api_for("yuecheng.reviewer")

    def export():
        with CaptureQueriesContext(connection) as queries:
            rows = _csv(client.get("/api/v1/supervision-cases/?format=csv"))
        return rows, len(queries.captured_queries)

    rows, few = export()
    assert rows[1][4:7] and all(rows[1][4:7])  # source, handling body, supervised units filled
    for n in range(4):
        open_market_case(world, title=f"某药店药品质量处罚个案监督（{n}）")
    rows, many = export()
    assert len(rows) >= 7 and many == few


def test_another_county_exports_none_of_them(api_for, two_cases):
    rows = _csv(api_for("zhuji.reviewer").get("/api/v1/supervision-cases/?format=csv"))
    assert not {c.number for c in two_cases} & {r[0] for r in rows[1:]}


def test_xlsx_export_of_the_case_list(api_for, two_cases):
    response = api_for("yuecheng.reviewer").get("/api/v1/supervision-cases/?format=xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True).active
    numbers = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert {c.number for c in two_cases} <= numbers


def test_disputes_proposals_and_documents_export_with_chinese_headings(api_for):
    client = api_for("city.reviewer")
    assert _csv(client.get("/api/v1/disputes/?format=csv"))[0][:3] == ["编号", "争议事项", "申请单位"]
    assert _csv(client.get("/api/v1/joint-actions/?format=csv"))[0][:3] == ["建议编号", "行动名称", "建议机关"]
    assert _csv(client.get("/api/v1/documents/?format=csv"))[0][:3] == ["发文字号", "文书种类", "标题"]


def test_a_citizens_name_and_phone_are_masked_for_those_who_do_not_handle_the_clue(api_for, world):
    submit_clue(county=world.division("越城区"), township=world.division("塔山街道"),
                description="城管执法人员在府山街扣押我的三轮车，没有出具任何清单和文书。",
                occurred_on=timezone.localdate() - timedelta(days=3), reporter_name="张三丰",
                reporter_phone="13812345678")
    handling = _csv(api_for("yuecheng.clerk").get("/api/v1/clues/?format=csv"))  # 越城区司法局: routed to it
    assert handling[1][5:7] == ["张三丰", "13812345678"]
    city = _csv(api_for("city.reviewer").get("/api/v1/clues/?format=csv"))  # sees the area, does not handle it
    row = next(r for r in city[1:] if r[3].startswith("城管执法人员在府山街"))
    assert row[5:7] == ["张**", "138****5678"]


def test_list_pages_link_to_their_exports_with_the_current_filters(client_for, two_cases):
    client = client_for("yuecheng.reviewer")
    html = client.get("/supervision/?focus_area=ecology&page=1").content.decode()
    assert 'href="?focus_area=ecology&amp;format=xlsx"' in html and "导出" in html
    assert 'href="?focus_area=ecology&amp;print=1"' in html
    rows = _csv(client.get("/supervision/?focus_area=ecology&format=csv"))
    assert [r[0] for r in rows[1:]] == [two_cases[1].number]
    for url in ("/disputes/", "/joint-actions/", "/clues/", "/documents/", "/deadlines/"):
        page = client.get(url).content.decode()
        assert 'data-testid="export-csv"' in page, url
        assert client.get(f"{url}?format=xlsx").status_code == 200, url
        assert _csv(client.get(f"{url}?format=csv"))[0], url


def test_the_print_view_has_no_navigation_or_filters_on_screen(client_for, two_cases):
    html = client_for("yuecheng.reviewer").get("/supervision/?print=1").content.decode()
    assert 'class=" print-view"' in html and "data-print" in html and "js/print.js" in html
