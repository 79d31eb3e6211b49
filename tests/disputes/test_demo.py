import pytest

from disputes.demo import seed_demo_disputes
from disputes.models import Dispute, DisputeState

pytestmark = pytest.mark.django_db


def test_demo_disputes_are_created_once_in_different_states(world):
    assert seed_demo_disputes() == 3
    assert seed_demo_disputes() == 0
    states = set(Dispute.objects.values_list("state", flat=True))
    assert states == {DisputeState.COORDINATING, DisputeState.SUBMITTED, DisputeState.OPINION_ISSUED}
    assert all(d.coordinator.name == "越城区司法局" for d in Dispute.objects.all())
