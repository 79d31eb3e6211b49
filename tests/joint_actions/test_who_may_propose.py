"""Art. 8: only a 司法行政部门 or 综合行政执法指导机构 proposes a joint action, and names agencies of its own area."""

import pytest
from django.core.exceptions import ValidationError

from joint_actions import services
from workflow.errors import ActionNotPermitted

from .factories import content, draft

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("username, organization", [
    ("agency.market", "越城区市场监督管理局"),
    ("yuecheng.gov", "越城区人民政府"),
    ("township.office", "塔山街道司法所"),
])
def test_bodies_other_than_a_justice_bureau_or_guidance_body_cannot_propose(world, username, organization):
    with pytest.raises(ActionNotPermitted):
        draft(world, username=username, proposer=organization)


def test_nobody_drafts_in_the_name_of_a_bureau_they_do_not_belong_to(world):
    with pytest.raises(ActionNotPermitted):
        draft(world, username="zhuji.reviewer", proposer="越城区司法局")


def test_a_clerk_drafts_but_only_a_reviewer_or_leader_sends_the_proposal(world):
    proposal = draft(world, username="yuecheng.clerk")

    with pytest.raises(ActionNotPermitted):
        services.propose(proposal, acting_user=world.user("yuecheng.clerk"))
    proposal = services.propose(proposal, acting_user=world.user("yuecheng.leader"))
    assert proposal.state == "proposed"


def test_the_city_guidance_office_proposes_a_cross_county_action(world):
    proposal = draft(
        world, username="guidance.city", proposer="绍兴市综合行政执法指导办公室",
        grounds=["cross_area_or_level"], initiating_department=world.org("越城区综合行政执法局"),
        participants=[(world.org("诸暨市市场监督管理局"), "负责诸暨境内的检查")],
    )
    proposal = services.propose(proposal, acting_user=world.user("guidance.city"))

    assert proposal.number.startswith("绍执指联建〔")


def test_a_county_bureau_cannot_name_another_countys_agency(world):
    with pytest.raises(ValidationError) as exc:
        draft(world, participants=[(world.org("诸暨市市场监督管理局"), "配合检查")])

    assert "participants" in exc.value.message_dict


def test_grounds_are_required_and_other_needs_a_description(world):
    with pytest.raises(ValidationError) as exc:
        services.create_proposal(acting_user=world.user("yuecheng.reviewer"), proposer=world.org("越城区司法局"),
                                 content=content(world, grounds=[]))
    assert "grounds" in exc.value.message_dict

    with pytest.raises(ValidationError) as exc:
        draft(world, grounds=["other"], grounds_other="")
    assert "grounds_other" in exc.value.message_dict


def test_at_least_one_department_besides_the_initiating_one(world):
    with pytest.raises(ValidationError) as exc:
        draft(world, participants=[])
    assert "participants" in exc.value.message_dict

    with pytest.raises(ValidationError) as exc:
        draft(world, participants=[(world.org("越城区市场监督管理局"), "重复")])
    assert "participants" in exc.value.message_dict


def test_the_period_must_end_after_it_starts(world):
    from datetime import date

    with pytest.raises(ValidationError) as exc:
        draft(world, period_start=date(2026, 12, 31), period_end=date(2026, 12, 1))
    assert "period_end" in exc.value.message_dict
