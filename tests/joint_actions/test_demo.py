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
