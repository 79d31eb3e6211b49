"""The pages a bureau and an agency use: lists, a lead with its fields, the rules page, the workbench."""

import pytest

from leads.models import Lead, WarningRule
from tests.enforcement_records.helpers import certify_all, clean_penalty, push


@pytest.fixture
def lead(world):
    certify_all(world)
    push(world, [clean_penalty("越市监罚〔2026〕7号", notified_on="")])
    return Lead.objects.get()


def test_the_bureau_sees_the_lead_with_rule_law_and_fields_and_the_workbench_counts_it(client_for, lead):
    client = client_for("yuecheng.clerk")
    page = client.get(f"/leads/{lead.pk}/").content.decode()
    assert "决定前未告知" in page and "《行政处罚法》第四十四条" in page and "告知日期" in page
    assert "越市监罚〔2026〕7号" in page and 'data-action="open_case"' in page
    assert "待处置预警线索 1 条" in client.get("/").content.decode()
    assert "越市监罚〔2026〕7号" in client.get("/leads/").content.decode()


def test_another_county_and_the_agency_get_a_404(client_for, lead):
    assert client_for("zhuji.reviewer").get(f"/leads/{lead.pk}/").status_code == 404
    assert client_for("agency.market").get(f"/leads/{lead.pk}/").status_code == 404
    assert client_for("zhuji.reviewer").get(f"/records/{lead.record_id}/").status_code == 404


def test_the_agency_sees_its_records_and_downloads_the_template(client_for, lead):
    client = client_for("agency.market")
    assert "越市监罚〔2026〕7号" in client.get("/records/").content.decode()
    response = client.get("/records/template/")
    assert response.status_code == 200 and response.content[:2] == b"PK"
    assert client.get("/records/template/?format=csv").content.decode("utf-8-sig").startswith("案件编号,类别")


def test_the_rules_page_lists_every_rule_and_a_reviewer_changes_a_threshold(client_for, lead):
    client = client_for("yuecheng.reviewer")
    page = client.get("/leads/rules/").content.decode()
    assert page.count("data-rule=") >= 12 and "《行政许可法》第四十二条、第八十二条" in page
    rule = WarningRule.objects.get(code="CF61-SD")
    response = client.post("/leads/rules/", {"rule": rule.pk, "is_enabled": "on", "t_days": "10"})
    assert response.status_code == 302
    rule.refresh_from_db()
    assert rule.thresholds["days"] == 10 and rule.version == 2 and "超过10日" in rule.description
    # A clerk reads the rules but may not change them.
    assert client_for("yuecheng.clerk").post("/leads/rules/", {"rule": rule.pk}).status_code == 403
