"""Art. 5 in a browser: an agency uploads its records workbook, a rule finds a problem, the bureau
turns the lead into a supervision case (个案监督)."""

import io

from openpyxl import Workbook
from playwright.sync_api import expect

from enforcement_records.columns import RECORD_COLUMNS
from tests.enforcement_records.helpers import certify_all


def _workbook(path, decided_on):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([c.header for c in RECORD_COLUMNS])
    values = {"case_number": "越市监罚〔2026〕88号", "kind": "行政处罚", "title": "销售过期食品案",
              "division": "330602001", "party_kind": "法人或其他组织", "party_name": "绍兴某某超市有限公司",
              "officers": "张明:ZJ33060001;李华:ZJ33060002", "fine_amount": 5000, "filed_on": "2026-01-06",
              "decided_on": decided_on, "served_on": "2026-02-12"}  # no 告知 recorded (Art. 44)
    sheet.append([values.get(c.field, "") for c in RECORD_COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    path.write_bytes(buffer.getvalue())
    return str(path)


def test_an_uploaded_workbook_becomes_a_lead_and_then_a_supervision_case(page, login_as, transactional_world,
                                                                         tmp_path):
    certify_all(transactional_world)
    login_as(page, "agency.market")
    page.goto("/records/import/")
    # A bad date: the whole file is refused, with the row and column named.
    page.get_by_label("文件（.xlsx 或 .csv，使用下载的模板）").set_input_files(_workbook(tmp_path / "bad.xlsx", "2026-02-30"))
    page.get_by_test_id("upload").click()
    expect(page.get_by_test_id("row-errors")).to_contain_text("第2行「决定日期」：“2026-02-30”不是有效日期")

    page.get_by_label("文件（.xlsx 或 .csv，使用下载的模板）").set_input_files(_workbook(tmp_path / "good.xlsx", "2026-02-10"))
    page.get_by_test_id("upload").click()
    expect(page.get_by_test_id("counts")).to_contain_text("新增1")
    page.context.clear_cookies()

    login_as(page, "yuecheng.clerk")
    page.goto("/leads/")
    page.get_by_test_id("lead-list").get_by_role("link", name="决定前未告知").click()
    expect(page.get_by_test_id("basis")).to_have_text("《行政处罚法》第四十四条")
    expect(page.get_by_test_id("triggers")).to_contain_text("告知日期")
    expect(page.get_by_test_id("record-link")).to_contain_text("越市监罚〔2026〕88号")
    page.locator("[data-action='open_case']").click()
    page.get_by_test_id("confirm").click()
    expect(page.locator("body")).to_contain_text("个案监督")
    expect(page.locator("body")).to_contain_text("越城区市场监督管理局")
