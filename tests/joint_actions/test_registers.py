"""Art. 9 and 10: the coordination-matter and liaison registers, linkable to proposals, disputes and cases."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from joint_actions import services
from joint_actions.selectors import coordination_matter_list, liaison_record_list, register_links_for
from workflow.errors import ActionNotPermitted

from .factories import proposed

pytestmark = pytest.mark.django_db


def _matter(world, **overrides):
    fields = {
        "acting_user": world.user("yuecheng.reviewer"), "recorded_by": world.org("越城区司法局"),
        "title": "校外培训机构监管职责衔接问题", "description": "教育、市场监管对无证校外培训机构的查处分工不明。",
        "matter_date": date(2026, 11, 20), "organizations": [world.org("越城区教育局"), world.org("越城区市场监督管理局")],
    }
    fields.update(overrides)
    return services.create_coordination_matter(**fields)


def test_a_bureau_records_a_major_matter_linked_to_a_proposal(world):
    proposal = proposed(world)
    matter = _matter(world, links=[("joint_action", proposal.number)])

    assert [link.target for link in matter.links.all()] == [proposal]
    assert list(register_links_for(world.user("yuecheng.clerk"), proposal)["matters"]) == [matter]


def test_a_matter_is_settled_only_with_its_outcome(world):
    matter = _matter(world)
    with pytest.raises(ValidationError) as exc:
        services.record_matter_outcome(matter, acting_user=world.user("yuecheng.clerk"), status="resolved", outcome="")
    assert "outcome" in exc.value.message_dict

    matter = services.record_matter_outcome(matter, acting_user=world.user("yuecheng.clerk"), status="resolved",
                                            outcome="明确由教育局牵头认定、市场监管局查处无照经营。")
    assert matter.status == "resolved"


def test_an_agency_cannot_keep_the_registers(world):
    with pytest.raises(ActionNotPermitted):
        _matter(world, acting_user=world.user("agency.market"), recorded_by=world.org("越城区市场监督管理局"))


def test_another_county_does_not_see_the_register_but_the_organisations_involved_do(world):
    matter = _matter(world)
    assert not coordination_matter_list(world.user("zhuji.reviewer")).exists()
    assert list(coordination_matter_list(world.user("agency.market"))) == [matter]
    assert list(coordination_matter_list(world.user("city.reviewer"))) == [matter]


def test_a_case_transferred_to_the_procuratorate_is_recorded(world):
    record = services.create_liaison_record(
        acting_user=world.user("yuecheng.reviewer"), recorded_by=world.org("越城区司法局"),
        counterpart_kind="procuratorate", counterpart_name="绍兴市越城区人民检察院", exchange_type="case_transferred",
        exchange_date=date(2026, 11, 18), summary="移送某餐饮店涉嫌生产销售有毒有害食品案线索。", direction="out",
    )
    assert list(liaison_record_list(world.user("yuecheng.clerk"))) == [record]
    assert not liaison_record_list(world.user("zhuji.reviewer")).exists()
    assert not liaison_record_list(world.user("agency.market")).exists()


def test_linking_to_something_one_cannot_see_is_refused(world):
    proposal = proposed(world)
    with pytest.raises(ValidationError) as exc:
        services.create_liaison_record(
            acting_user=world.user("zhuji.reviewer"), recorded_by=world.org("诸暨市司法局"),
            counterpart_kind="court", counterpart_name="诸暨市人民法院", exchange_type="information_shared",
            exchange_date=date(2026, 11, 18), summary="通报行政诉讼败诉情况", links=[("joint_action", proposal.number)],
        )
    assert "links" in exc.value.message_dict
    assert not liaison_record_list(world.user("zhuji.reviewer")).exists()


def test_register_api_create_list_and_404(world, api_for):
    api = api_for("yuecheng.reviewer")
    created = api.post("/api/v1/liaison-records/", {
        "counterpart_kind": "supervisory_commission", "counterpart_name": "越城区监察委员会",
        "exchange_type": "issue_reported", "exchange_date": "2026-11-10", "summary": "反映某执法人员不作为问题",
    }, format="json")
    assert created.status_code == 201, created.json()
    assert api.get("/api/v1/liaison-records/").json()["count"] == 1
    assert api_for("zhuji.reviewer").get(f"/api/v1/liaison-records/{created.json()['id']}/").status_code == 404

    bad = api.post("/api/v1/coordination-matters/", {"title": ""}, format="json")
    assert bad.status_code == 400
    assert {"title", "description", "matter_date"} <= set(bad.json()["errors"])
    assert api_for("agency.market").post("/api/v1/coordination-matters/", {"title": "x"}, format="json").status_code == 403
