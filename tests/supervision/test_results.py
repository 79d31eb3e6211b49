"""Results of supervision (条例 Art. 31–33, 42) through the API: a circular, a proposal on an officer with the
competent authority's answer, a lead to the 监察机关; the supervised unit reads none of them."""

import pytest
import time_machine

from supervision import services
from workflow.errors import ActionNotPermitted

from .factories import open_market_case

pytestmark = pytest.mark.django_db


def test_results_are_recorded_answered_and_kept_internal(world, api_for):
    with time_machine.travel("2026-04-01 09:00 +0800", tick=False):
        case = open_market_case(world)
        clerk = api_for("yuecheng.clerk")
        url = f"/api/v1/supervision-cases/{case.pk}/results/"
        response = clerk.post(url, {"kind": "officer_proposal", "addressee": "越城区市场监督管理局",
                                    "content": "执法人员张某多次违规顶格处罚。"}, format="json")
        assert response.status_code == 400
        assert set(response.json()["errors"]) == {"officer_name", "officer_measure"}
        response = clerk.post(url, {"kind": "officer_proposal", "addressee": "越城区市场监督管理局",
                                    "officer_name": "张某", "officer_measure": "transfer_out",
                                    "content": "执法人员张某多次违规顶格处罚，建议调离执法岗位。"}, format="json")
        assert response.status_code == 201
        proposal = response.json()["id"]
        assert clerk.post(url, {"kind": "circular", "addressee": "全区行政执法机关",
                                "content": "通报顶格处罚问题。"}, format="json").status_code == 201
        assert clerk.post(url, {"kind": "supervisory_transfer", "addressee": "越城区监察委员会",
                                "content": "张某涉嫌失职的问题线索。"}, format="json").status_code == 201
        response = clerk.post(f"{url}{proposal}/answer/", {"answer": "已调离执法岗位。"}, format="json")
        assert response.status_code == 200 and response.json()["answered_on"] == "2026-04-01"
        circular = case.results.get(kind="circular")
        assert clerk.post(f"{url}{circular.pk}/answer/", {"answer": "x"}, format="json").status_code == 409
        # The office of a township issues nothing, results included.
        with pytest.raises(ActionNotPermitted):
            services.record_result(case, acting_user=world.user("township.office"), kind="circular",
                                   addressee="全区", content="x")
        # Read back the same day: the API token (12 hours) was issued on that day.
        detail = clerk.get(f"/api/v1/supervision-cases/{case.pk}/").json()
    assert [r["kind"] for r in detail["results"]] == ["officer_proposal", "circular", "supervisory_transfer"]
    assert {"record_result", "record_result_answer"} <= {e["action"] for e in detail["timeline"]}


def test_the_bureau_records_a_circular_on_the_case_page_and_the_unit_does_not_see_it(world, client_for):
    with time_machine.travel("2026-04-01 09:00 +0800", tick=False):
        case = open_market_case(world)
        clerk = client_for("yuecheng.clerk")
        assert 'data-testid="record-result"' in clerk.get(f"/supervision/{case.pk}/").content.decode()
        response = clerk.post(f"/supervision/{case.pk}/records/result/", {
            "kind": "circular", "addressee": "全区行政执法机关", "content": "通报顶格处罚问题。"})
        assert response.status_code == 302
        page = clerk.get(f"/supervision/{case.pk}/").content.decode()
    assert "通报顶格处罚问题。" in page and "在一定范围内通报" in page
