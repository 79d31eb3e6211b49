import pytest

from joint_actions.demo import SCHOOL_FOOD, seed_joint_actions_demo
from joint_actions.models import JointActionProposal

pytestmark = pytest.mark.django_db


def test_demo_proposals_are_created_once_and_the_education_bureau_still_has_to_answer(world):
    seed_joint_actions_demo()
    seed_joint_actions_demo()

    school = JointActionProposal.objects.get(title=SCHOOL_FOOD)
    assert JointActionProposal.objects.count() == 2
    assert school.state == "proposed"
    assert school.current_responses().count() == 2


def test_the_state_demo_shows_every_state_once_and_every_department_can_answer(world):
    from joint_actions.demo import seed_joint_action_states_demo
    from joint_actions.transitions import PROPOSAL_WORKFLOW

    seed_joint_actions_demo()
    assert seed_joint_action_states_demo() == 6
    assert seed_joint_action_states_demo() == 0
    assert set(JointActionProposal.objects.values_list("state", flat=True)) == set(JointActionProposal.State.values)
    # The school campaign waits on 教育局, whose contact can now agree (the issue: it never could).
    school = JointActionProposal.objects.get(title=SCHOOL_FOOD)
    assert "accept" in PROPOSAL_WORKFLOW.allowed_actions(school, world.user("agency.education"))
    objected = JointActionProposal.objects.get(state="objected")
    assert objected.proposer.name == "越城区综合行政执法指导办公室"
    assert "revise" in PROPOSAL_WORKFLOW.allowed_actions(objected, world.user("guidance.yuecheng"))
