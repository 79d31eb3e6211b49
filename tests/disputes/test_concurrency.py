"""Two reviewers pressing 受理 at the same moment (PostgreSQL row locks; api.md: 409 for the loser)."""

import threading

import pytest
from django.db import connection

from disputes import services
from disputes.models import Dispute, DisputeState
from workflow.errors import InvalidState

from .factories import submitted


@pytest.mark.django_db(transaction=True)
def test_simultaneous_acceptance_gives_one_number_and_one_conflict(transactional_world):
    world = transactional_world
    dispute = submitted(world)
    reviewer = world.user("yuecheng.reviewer")
    barrier = threading.Barrier(2)
    outcomes = []

    def accept():
        try:
            barrier.wait(timeout=10)
            services.accept_dispute(Dispute.objects.get(pk=dispute.pk), acting_user=reviewer)
            outcomes.append("accepted")
        except InvalidState:
            outcomes.append("conflict")
        finally:
            connection.close()

    threads = [threading.Thread(target=accept) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(outcomes) == ["accepted", "conflict"]
    dispute.refresh_from_db()
    assert dispute.state == DisputeState.ACCEPTED
    assert dispute.transitions.filter(action="accept").count() == 1
    # The loser never took a number: the next acceptance follows without a gap.
    following = services.accept_dispute(submitted(world), acting_user=reviewer)
    sequence = int(dispute.number.split("〕")[1].rstrip("号"))
    assert following.number.endswith(f"〕{sequence + 1}号")
