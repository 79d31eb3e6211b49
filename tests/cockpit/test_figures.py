"""The cockpit's figures against records built through the real services and counted by hand.

The world: in 越城区, case A (个案监督, 食品药品) opened 2 March 2026 ends with a notice that was not
corrected in time (overdue, an accountability entry); case B (日常监督检查, 生态环境) opened 10 March
2026 closes with no issue found. In 诸暨市, case C (个案监督, 食品药品) opened 1 April 2026.
"""

from zoneinfo import ZoneInfo

import pytest
import time_machine

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
PERIOD = "from=2026-03-01&to=2026-04-30"


def _figure(body, slug):
    return next(f for f in body["figures"] if f["slug"] == slug)


def _values(figure, series=0):
    return {p["key"]: p["value"] for p in figure["series"][series]["points"]}


def test_county_bureau_counts_its_own_cases_by_month_method_and_focus_area(api_for, records):
    with time_machine.travel("2026-04-30 12:00 +0800", tick=False):
        body = api_for("yuecheng.reviewer").get(f"/api/v1/statistics/supervision/?{PERIOD}").json()
    per_month = _figure(body, "cases_per_month")
    assert _values(per_month, 0) == {"2026-03": 2, "2026-04": 0}  # 诸暨's April case is not Yuecheng's
    assert _values(per_month, 1) == {"2026-03": 1, "2026-04": 0}  # case B closed in March
    assert _values(_figure(body, "cases_by_method"))["individual"] == 1
    assert _values(_figure(body, "cases_by_method"))["daily_inspection"] == 1
    assert _values(_figure(body, "cases_by_focus_area"))["food_drug"] == 1
    assert _values(_figure(body, "cases_by_focus_area"))["ecology"] == 1
    notices = _values(_figure(body, "notices"))
    assert notices == {"notices": 1, "rectified_in_time": 0, "overdue": 1, "escalated": 0}
    reports = _values(_figure(body, "reports"))
    assert reports["pending"] == 1 and reports["missed"] == 0  # 30 days from 3 March: due in April


def test_city_sees_every_county_and_another_county_sees_none_of_yuecheng(api_for, records):
    with time_machine.travel("2026-04-30 12:00 +0800", tick=False):
        city = api_for("city.reviewer").get(f"/api/v1/statistics/supervision/?{PERIOD}").json()
        zhuji = api_for("zhuji.reviewer").get(f"/api/v1/statistics/supervision/?{PERIOD}").json()
        only_zhuji = api_for("city.reviewer").get(f"/api/v1/statistics/supervision/?{PERIOD}&county=330681").json()
    assert _values(_figure(city, "cases_per_month")) == {"2026-03": 2, "2026-04": 1}
    assert _values(_figure(zhuji, "cases_per_month")) == {"2026-03": 0, "2026-04": 1}
    assert _values(_figure(zhuji, "notices"))["notices"] == 0
    assert _values(_figure(only_zhuji, "cases_per_month")) == {"2026-03": 0, "2026-04": 1}


def test_agency_table_counts_cases_violations_notices_and_accountability(api_for, world, records):
    with time_machine.travel("2026-04-30 12:00 +0800", tick=False):
        body = api_for("yuecheng.reviewer").get(f"/api/v1/statistics/agencies/?{PERIOD}").json()
        zhuji = api_for("zhuji.reviewer").get(f"/api/v1/statistics/agencies/?{PERIOD}").json()
    rows = {row["label"]: row for row in body["tables"][0]["rows"]}
    market = rows["越城区市场监督管理局"]
    assert market["cases"]["value"] == 2
    assert market["violations"]["value"] == 1
    assert market["notices_served"]["value"] == 1
    assert market["rectification_rate"]["value"] == 0.0
    assert market["accountability"]["value"] == 1
    assert "诸暨市市场监督管理局" not in rows
    assert [row["label"] for row in zhuji["tables"][0]["rows"]] == ["诸暨市市场监督管理局"]


def test_every_figure_links_to_its_list_with_the_filter_applied(client_for, world, records):
    with time_machine.travel("2026-04-30 12:00 +0800", tick=False):
        client = client_for("yuecheng.reviewer")
        body = client.get(f"/api/v1/statistics/supervision/?{PERIOD}").json()
        march = _figure(body, "cases_per_month")["series"][0]["points"][0]
        assert march["url"] == "/supervision/?opened_from=2026-03-01&opened_to=2026-03-31"
        listed = client.get(march["url"])
        numbers = {case.number for case in listed.context["page"]}
        assert numbers == {records[0].number, records[1].number}
        ecology = next(p for p in _figure(body, "cases_by_focus_area")["series"][0]["points"] if p["key"] == "ecology")
        assert {c.number for c in client.get(ecology["url"]).context["page"]} == {records[1].number}


def test_bad_filters_are_a_clear_400_and_unknown_topics_a_404(api_for, records):
    client = api_for("yuecheng.reviewer")
    response = client.get("/api/v1/statistics/supervision/?from=2026-05-01&to=2026-04-01")
    assert response.status_code == 400 and "to" in response.json()["errors"]
    response = client.get("/api/v1/statistics/supervision/?county=330681")  # 诸暨 is not Yuecheng's to pick
    assert response.status_code == 400 and "county" in response.json()["errors"]
    assert client.get("/api/v1/statistics/weather/").status_code == 404


def test_an_agency_contact_has_no_statistics(api_for, client_for):
    assert api_for("agency.market").get("/api/v1/statistics/overview/").status_code == 403
    assert client_for("agency.market").get("/statistics/").status_code == 403


def test_the_statistics_page_shows_every_section_with_table_views(client_for, records):
    with time_machine.travel("2026-04-30 12:00 +0800", tick=False):
        response = client_for("yuecheng.reviewer").get(f"/statistics/?{PERIOD}")
    assert response.status_code == 200
    html = response.content.decode()
    for slug in ("overview", "cases_per_month", "notices", "disputes_by_state", "joint_actions_by_ground",
                 "clues_by_state", "agencies_cases"):
        assert f'data-figure="{slug}"' in html
    assert 'id="cockpit-data"' in html and "<script>" not in html  # data by json_script, no inline script
    assert "统计期间：2026年3月1日至2026年4月30日" in html


def test_an_english_reader_reads_the_period_in_english_dates(client_for, records):
    with time_machine.travel("2026-04-30 12:00 +0800", tick=False):
        client = client_for("yuecheng.reviewer")
        client.post("/i18n/setlang/", {"language": "en", "next": "/statistics/"})
        response = client.get(f"/statistics/?{PERIOD}")
    html = response.content.decode()
    assert "March 1, 2026" in html and "April 30, 2026" in html and "2026年3月1日" not in html


def test_the_figures_download_as_a_workbook_with_one_sheet_per_table(client_for, records):
    import io

    from openpyxl import load_workbook

    with time_machine.travel("2026-04-30 12:00 +0800", tick=False):
        response = client_for("yuecheng.reviewer").get(f"/statistics/?{PERIOD}&format=xlsx")
        csv_text = b"".join(client_for("yuecheng.reviewer").get(f"/statistics/?{PERIOD}&format=csv")
                            .streaming_content).decode()
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    assert "按重点领域（第十二条）" in workbook.sheetnames and "各执法机关情况" in workbook.sheetnames
    rows = list(workbook["按重点领域（第十二条）"].iter_rows(values_only=True))
    assert rows[1][0] == "统计期间：2026-03-01至2026-04-30"
    assert ("生态环境保护", 1) in [tuple(r[:2]) for r in rows]
    agencies = list(workbook["各执法机关情况"].iter_rows(values_only=True))
    assert tuple(next(r for r in agencies if r[0] == "越城区市场监督管理局")[:4]) == ("越城区市场监督管理局", 2, 1, 1)
    assert "每月立案和办结的监督案件" in csv_text and "2026年3月,2,1" in csv_text


def test_the_accountability_register_lists_and_exports_the_overdue_units_entry(client_for, records):
    client = client_for("yuecheng.reviewer")
    html = client.get("/statistics/accountability/").content.decode()
    assert records[0].number in html and "逾期不改正违法或者不当行政行为" in html
    body = b"".join(client.get("/statistics/accountability/?format=csv").streaming_content).decode()
    assert records[0].number in body and "越城区市场监督管理局" in body
    # The agency table's accountability figure opens this register filtered by the agency.
    with time_machine.travel("2026-04-30 12:00 +0800", tick=False):
        table = client.get(f"/api/v1/statistics/agencies/?{PERIOD}").json()["tables"][0]
    client = client_for("yuecheng.reviewer")  # back in the present: the session idled out "since April"
    url = next(r for r in table["rows"] if r["label"] == "越城区市场监督管理局")["accountability"]["url"]
    assert url.startswith("/statistics/accountability/?agency=")
    assert records[0].number in client.get(url).content.decode()
    # Another county's bureau sees none of it (client_for logs the same test client in as someone else).
    assert records[0].number not in client_for("zhuji.reviewer").get("/statistics/accountability/").content.decode()
