"""The yearly assessment table (办法 Art. 23) and commendations (Art. 24), on the hand-counted world of conftest.

In 2026 越城区市场监督管理局 was served one notice (3 March) that it did not rectify in time (no accepted
report), has no written report due and closed yet, no dispute escalated, one accountability entry (21 March) and no
case-file review. With the default weights (整改30, 报告20, 争议15, 问责15, 评查20) only three indicators are
measured: (30 × 0 + 15 × 1 + 15 × 0.8) ÷ 60 × 100 = 45.0.
"""

import io

import pytest
import time_machine
from openpyxl import load_workbook

from cockpit.models import Commendation
from tests.documents.test_rendering import pdf_text

pytestmark = pytest.mark.django_db
DECEMBER = "2026-12-30 10:00 +0800"
MARKET = "越城区市场监督管理局"


def _row(body, name):
    return next(r for r in body["rows"] if r["name"] == name)


def test_the_assessment_scores_each_agency_from_its_records(world, records, api_for, client_for):
    bureau = world.org("越城区司法局").pk
    with time_machine.travel(DECEMBER, tick=False):
        body = api_for("yuecheng.reviewer").get(f"/api/v1/statistics/assessment/?year=2026&bureau={bureau}").json()
        row = _row(body, MARKET)
        assert (row["notices_served"], row["rectified"], row["accountability"], row["escalations"]) == (1, 0, 1, 0)
        assert row["rates"]["rectified_on_time"] == 0 and row["rates"]["no_accountability"] == 0.8
        assert row["rates"]["reports_on_time"] is None and row["rates"]["review_score"] is None
        assert row["score"] == 45.0
        # Township governments are assessed too (塔山街道 and the others of 越城区), with nothing against them.
        townships = [r for r in body["rows"] if r["kind"] == "township"]
        assert townships and all(r["score"] == 100.0 for r in townships)
        # 诸暨's table has none of 越城's agencies.
        zhuji = api_for("zhuji.reviewer").get("/api/v1/statistics/assessment/?year=2026").json()
        assert all(r["name"] != MARKET for r in zhuji["rows"])

        # The bureau changes the weights; a set that does not add up to 100 is refused and changes nothing.
        api = api_for("yuecheng.reviewer")
        bad = api.post(f"/api/v1/statistics/assessment/weights/?year=2026&bureau={bureau}", {
            "rectified_on_time": 50, "reports_on_time": 50, "no_escalation": 50, "no_accountability": 0,
            "review_score": 0}, format="json")
        assert bad.status_code == 400 and "non_field_errors" in bad.json()["errors"]
        saved = api.post(f"/api/v1/statistics/assessment/weights/?year=2026&bureau={bureau}", {
            "rectified_on_time": 40, "reports_on_time": 10, "no_escalation": 10, "no_accountability": 20,
            "review_score": 20}, format="json")
        assert saved.status_code == 200, saved.content
        again = api.get(f"/api/v1/statistics/assessment/?year=2026&bureau={bureau}").json()
        assert _row(again, MARKET)["score"] == 37.1  # (0 + 10 × 1 + 20 × 0.8) ÷ 70 × 100

        page = client_for("yuecheng.reviewer")
        workbook = load_workbook(io.BytesIO(b"".join(
            page.get(f"/statistics/assessment/?year=2026&bureau={bureau}&format=xlsx").streaming_content)))
        agencies = workbook["行政执法机关"]
        market = next(r for r in agencies.iter_rows(values_only=True) if r[0] == MARKET)
        assert market[-1] == 37.1
        pdf = page.get(f"/statistics/assessment/?year=2026&bureau={bureau}&format=pdf")
        assert pdf["Content-Type"] == "application/pdf"
        text = pdf_text(pdf.content)
        assert "越城区司法局2026年度行政执法监督考核情况表" in text and MARKET in text and "37.1" in text
        # A year out of range is a message, not a 500.
        assert page.get("/statistics/assessment/?year=99999").status_code == 400
    assert client_for("agency.housing").get("/statistics/assessment/").status_code == 403


def test_a_commendation_is_proposed_by_the_bureau_decided_by_the_government_and_listed_in_the_briefing(
        world, records, api_for, client_for):
    housing = world.org("越城区住房和城乡建设局")
    with time_machine.travel("2026-03-15 10:00 +0800", tick=False):
        clerk = client_for("yuecheng.clerk")
        response = clerk.post("/statistics/commendations/", {
            "proposer": world.org("越城区司法局").pk, "organization": housing.pk, "person_name": "张强",
            "year": 2026, "deeds": "规范执法，案卷评查全优。"})
        assert response.status_code == 302
        commendation = Commendation.objects.get()
        assert commendation.government.name == "越城区人民政府" and commendation.state == "proposed"
        # The bureau may not decide it: the government does.
        assert api_for("yuecheng.leader").post(f"/api/v1/commendations/{commendation.pk}/decide/",
                                               {"approve": True}, format="json").status_code == 403
        decided = client_for("yuecheng.gov").post(f"/statistics/commendations/{commendation.pk}/approve/",
                                                  {"note": "同意表彰。"})
        assert decided.status_code == 302
        assert api_for("yuecheng.gov").post(f"/api/v1/commendations/{commendation.pk}/decide/",
                                            {"approve": False}, format="json").status_code == 409
    commendation.refresh_from_db()
    assert commendation.state == "approved" and commendation.decided_by == world.user("yuecheng.gov")
    # On the agency's own record: its contact reads it; another county does not.
    own = api_for("agency.housing").get(f"/api/v1/commendations/?organization={housing.pk}").json()
    assert [c["person_name"] for c in own["results"]] == ["张强"]
    assert client_for("agency.housing").get(f"/statistics/commendations/{commendation.pk}/").status_code == 200
    assert api_for("zhuji.reviewer").get(f"/api/v1/commendations/{commendation.pk}/").status_code == 404
    # Listed in the March briefing.
    with time_machine.travel("2026-04-02 09:00 +0800", tick=False):
        body = api_for("yuecheng.clerk").post("/api/v1/briefings/", {
            "bureau": world.org("越城区司法局").pk, "period_kind": "month", "period_start": "2026-03-01"},
            format="json").json()
    assert body["figures"]["commendations"] == ["越城区住房和城乡建设局 张强：规范执法，案卷评查全优。"]
    assert "对1个单位或个人予以表彰" in body["figures"]["paragraphs"][-1]


def test_a_commendation_outside_the_bureaus_area_is_refused_with_a_message(world, client_for):
    response = client_for("yuecheng.clerk").post("/statistics/commendations/", {
        "proposer": world.org("越城区司法局").pk, "organization": world.org("诸暨市综合行政执法局").pk,
        "year": 2026, "deeds": "事迹"})
    assert response.status_code == 400 and not Commendation.objects.exists()
