"""The HTML pages: the form with its participant rows, the list, the detail's buttons, bad input."""

import pytest

from joint_actions.models import JointActionProposal

from .factories import ENFORCEMENT, MARKET, proposed

pytestmark = pytest.mark.django_db


def _form_data(world, **overrides):
    data = {
        "proposer": world.org("越城区司法局").pk, "title": "城区夜市燃气安全联合检查", "grounds": ["hot_or_emergency"],
        "grounds_other": "", "background": "", "initiating_department": world.org(ENFORCEMENT).pk,
        "initiating_duties": "牵头组织夜市摊点检查", "target_scope": "城区夜市餐饮摊点",
        "period_start": "2026-12-05", "period_end": "2026-12-20", "key_matters": "每日汇总检查情况",
        "participants-TOTAL_FORMS": "2", "participants-INITIAL_FORMS": "0",
        "participants-MIN_NUM_FORMS": "1", "participants-MAX_NUM_FORMS": "30",
        "participants-0-organization": world.org(MARKET).pk, "participants-0-duties": "检查餐饮食品安全",
        "participants-1-organization": "", "participants-1-duties": "",
    }
    data.update(overrides)
    return data


def test_a_reviewer_drafts_a_proposal_with_departments_and_duties_in_the_form(world, client_for):
    client = client_for("yuecheng.reviewer")
    response = client.post("/joint-actions/new/", _form_data(world))

    proposal = JointActionProposal.objects.get(title="城区夜市燃气安全联合检查")
    assert response.status_code == 302 and response["Location"] == proposal.get_absolute_url()
    assert [(p.organization.name, p.is_initiating) for p in proposal.departments()] == [(ENFORCEMENT, True), (MARKET, False)]


def test_missing_duties_show_a_chinese_message_and_save_nothing(world, client_for):
    response = client_for("yuecheng.reviewer").post(
        "/joint-actions/new/", _form_data(world, **{"participants-0-duties": "", "grounds": []}))

    assert response.status_code == 400
    html = response.content.decode()
    assert "请填写该部门的职责分工。" in html
    assert "请至少选择一项第八条规定的情形。" in html
    assert not JointActionProposal.objects.exists()


def test_the_detail_page_offers_exactly_the_allowed_actions(world, client_for):
    proposal = proposed(world)

    market = client_for("agency.market").get(proposal.get_absolute_url()).content.decode()
    assert 'data-testid="action-accept"' in market and 'data-testid="action-object"' in market
    assert 'data-testid="action-cancel"' not in market

    reviewer = client_for("yuecheng.reviewer").get(proposal.get_absolute_url()).content.decode()
    assert 'data-testid="action-cancel"' in reviewer and 'data-testid="action-accept"' not in reviewer


def test_an_objection_posted_without_reason_is_refused_with_a_message(world, client_for):
    proposal = proposed(world)
    response = client_for("agency.market").post(f"/joint-actions/{proposal.pk}/object/", {"object-reason": ""})

    assert response.status_code == 400
    assert "请填写异议理由。" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.state == "proposed"


def test_list_filters_and_searches(world, client_for):
    proposed(world)
    client = client_for("yuecheng.clerk")
    assert "校园周边" in client.get("/joint-actions/?q=校园").content.decode()
    assert "校园周边" not in client.get("/joint-actions/?state=closed").content.decode()


def test_register_pages_record_and_list_a_liaison(world, client_for):
    client = client_for("yuecheng.clerk")
    response = client.post("/joint-actions/registers/liaison/new/", {
        "recorded_by": world.org("越城区司法局").pk, "counterpart_kind": "court", "counterpart_name": "越城区人民法院",
        "exchange_type": "information_shared", "direction": "in", "exchange_date": "2026-11-12",
        "summary": "法院通报2026年行政诉讼案件审理情况", "reference": "",
        "link_joint_action": "", "link_dispute": "", "link_supervision_case": "",
    })
    assert response.status_code == 302
    assert "越城区人民法院" in client.get("/joint-actions/registers/liaison/").content.decode()
    assert client_for("agency.market").get("/joint-actions/registers/liaison/new/").status_code == 302
