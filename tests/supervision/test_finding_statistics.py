"""Findings classified by 条例 Art. 11 ¶2 (1)–(7) and Art. 12 (1)–(8), counted for the statistics (API and page);
and who reads the 条例's new records (研判, 约谈 and invited participants, 工作方案)."""

from datetime import date

import pytest
import time_machine

from supervision import services

from .factories import open_market_case, to_violation
from .test_regulation_instruments import OPINION

pytestmark = pytest.mark.django_db


def _opinion(world, day, **findings):
    with time_machine.travel(f"{day} 09:00 +0800", tick=False):
        case = to_violation(world, open_market_case(world), on=date.fromisoformat(day))
        return services.issue_opinion(case, acting_user=world.user("yuecheng.leader"), **{**OPINION, **findings})


def _count(rows, code):
    return next(r["count"] for r in rows if r["code"] == code)


def test_opinions_are_counted_by_category_in_the_period(world, api_for, client_for):
    _opinion(world, "2026-03-02", findings_art11=["a11_3", "a11_2"], findings_art12=["a12_3"])
    _opinion(world, "2026-04-01", findings_art11=["a11_3"], findings_art12=[])
    url = "/api/v1/supervision-cases/finding-statistics/"
    with time_machine.travel("2026-04-02 10:00 +0800", tick=False):
        body = api_for("yuecheng.reviewer").get(url).json()
        assert body["instruments"] == 2 and _count(body["art11"], "a11_3") == 2
        assert _count(body["art11"], "a11_2") == 1 and _count(body["art12"], "a12_3") == 1
        assert len(body["art11"]) == 7 and len(body["art12"]) == 8
        march = api_for("yuecheng.reviewer").get(url, {"date_from": "2026-03-01", "date_to": "2026-03-31"}).json()
        assert march["instruments"] == 1
        bad = api_for("yuecheng.reviewer").get(url, {"date_from": "2026-04-01", "date_to": "2026-03-01"})
        assert bad.status_code == 400 and "date_to" in bad.json()["errors"]
        assert api_for("yuecheng.reviewer").get(url, {"date_from": "x"}).status_code == 400
        # Another county counts none of them; a supervised unit reads no statistics of the bureau.
        assert api_for("zhuji.reviewer").get(url).json()["instruments"] == 0
        assert api_for("agency.market").get(url).json()["instruments"] == 0
        page = client_for("yuecheng.reviewer").get("/supervision/findings/").content.decode()
        assert 'data-testid="art11-table"' in page and "共 2 份" in page
        assert client_for("agency.market").get("/supervision/findings/").status_code == 403


def test_who_reads_the_new_records(world, api_for, client_for):
    with time_machine.travel("2026-03-02 10:00 +0800", tick=False):
        case = open_market_case(world)
        services.record_activity(
            case, acting_user=world.user("yuecheng.clerk"), kind="talk", occurred_on=date(2026, 3, 2),
            record="约谈记录。", supervisors=[(world.user("yuecheng.clerk"), True)],
            talk_unit=world.org("越城区市场监督管理局"), talk_target="head", talk_person="局长",
            outside_participants=[{"category": "expert", "name": "沈教授"}])
        intake = services.assess_intake(
            acting_user=world.user("yuecheng.clerk"), handling_org=world.org("越城区司法局"), channel="letters_visits",
            received_on=date(2026, 3, 1), matter="信访反映", outcome="not_opened", reason="已处理")
        activities = f"/api/v1/supervision-cases/{case.pk}/activities/"
        # The bureau and its government read the 约谈 and who was invited; the guidance office does not.
        assert api_for("yuecheng.reviewer").get(activities).json()[0]["outside_participants"][0]["name"] == "沈教授"
        assert api_for("yuecheng.gov").get(activities).json()[0]["talk_person"] == "局长"
        assert api_for("guidance.yuecheng").get("/api/v1/supervision-intake/").json()["results"] == []
        assert client_for("guidance.yuecheng").get(f"/supervision/intake/{intake.pk}/").status_code in (403, 404)
        # The city bureau above reads the county's register; a 司法所 reads its own township's only.
        assert api_for("city.reviewer").get(f"/api/v1/supervision-intake/{intake.pk}/").status_code == 200
        assert api_for("township.office").get(f"/api/v1/supervision-intake/{intake.pk}/").status_code == 404
