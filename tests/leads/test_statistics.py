"""Leads in the statistics: what the models found in the area, how it was handled, which rules are noisy."""

from leads import services
from leads.models import Lead
from tests.enforcement_records.helpers import certify_all, clean_penalty, push


def test_the_cockpit_counts_leads_by_rule_state_and_dismissals(world, api_for, client_for):
    certify_all(world)
    push(world, [clean_penalty("A", notified_on=""), clean_penalty("B", notified_on="", act_on="2026-01-02"),
                 clean_penalty("C", served_on="2026-02-28", act_on="2026-01-03")])
    services.dismiss(Lead.objects.get(record__case_number="B"), acting_user=world.user("yuecheng.clerk"),
                     reason="简易程序，已当场告知")
    body = api_for("yuecheng.reviewer").get("/api/v1/statistics/leads/").json()
    figures = {f["slug"]: f for f in body["figures"]}
    by_rule = {p["key"]: p["value"] for p in figures["leads_by_rule"]["series"][0]["points"]}
    dismissed = {p["key"]: p["value"] for p in figures["leads_by_rule"]["series"][1]["points"]}
    assert by_rule["CF44-GZ"] == 2 and by_rule["CF61-SD"] == 1 and dismissed["CF44-GZ"] == 1
    states = {p["key"]: p["value"] for p in figures["leads_by_state"]["series"][0]["points"]}
    assert states == {"new": 2, "awaiting_reply": 0, "case_opened": 0, "warned": 0, "closed": 0, "dismissed": 1}
    # Another county sees none of them.
    other = api_for("zhuji.reviewer").get("/api/v1/statistics/leads/").json()
    assert sum(p["value"] for p in other["figures"][0]["series"][0]["points"]) == 0
    assert "各预警模型的线索与不予处置" in client_for("yuecheng.reviewer").get("/statistics/").content.decode()
