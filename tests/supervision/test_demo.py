"""The demo cases: realistic states in 越城区, created once."""

import pytest
import time_machine

from supervision.demo import FOOD_CASE, seed_supervision_demo
from supervision.models import CaseState, SupervisionCase

pytestmark = pytest.mark.django_db


def test_demo_cases_cover_several_states_and_seeding_twice_adds_nothing(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with time_machine.travel("2026-11-25 10:00 +0800", tick=False):
        created = seed_supervision_demo()
        assert len(created) == 4
        assert seed_supervision_demo() == []
    states = set(SupervisionCase.objects.values_list("state", flat=True))
    assert states == {CaseState.NOTICE_ISSUED, CaseState.REFERRED, CaseState.INVESTIGATING, CaseState.CLOSED_NO_ISSUE}
    food = SupervisionCase.objects.get(title=FOOD_CASE)
    assert food.service_records.get().served_on.isoformat() == "2026-11-25"


def test_the_state_demo_adds_a_case_in_every_remaining_state_once(world, settings, tmp_path):
    from supervision.demo import seed_supervision_states_demo

    settings.MEDIA_ROOT = tmp_path
    with time_machine.travel("2026-11-25 10:00 +0800", tick=False):
        seed_supervision_demo()
        assert seed_supervision_states_demo() == 13
        assert seed_supervision_states_demo() == 0
    states = set(SupervisionCase.objects.values_list("state", flat=True))
    assert states == set(CaseState.values)
    waiting = SupervisionCase.objects.get(state=CaseState.DECISION_REQUESTED)
    from supervision.transitions import SUPERVISION_WORKFLOW as W  # the government acts on it right away

    assert "issue_decision" in W.allowed_actions(waiting, world.user("yuecheng.gov"))
    township = SupervisionCase.objects.get(title="塔山街道综合行政执法队简易程序处罚日常监督")
    assert township.state == CaseState.REPORTED and township.reports.get().submitted_by.username == "township.tashan"


def test_the_methods_demo_walks_the_regulations_methods_once(world, settings, tmp_path):
    from supervision.demo import CAMPAIGN_CASE, TAKEN_OVER_CASE, seed_supervision_methods_demo
    from supervision.models import IntakeAssessment, SpecialCampaign

    settings.MEDIA_ROOT = tmp_path
    with time_machine.travel("2026-01-20 10:00 +0800", tick=False):
        assert seed_supervision_methods_demo() == 0  # before the 条例, nothing
    with time_machine.travel("2026-11-25 10:00 +0800", tick=False):
        assert seed_supervision_methods_demo() == 7
        assert seed_supervision_methods_demo() == 0
    assert SpecialCampaign.objects.get().state == "approved"
    special = SupervisionCase.objects.get(title=CAMPAIGN_CASE)
    assert special.mode == "special" and special.activities.get().outside_participants.count() == 1
    assert SupervisionCase.objects.get(title=TAKEN_OVER_CASE).handling_org.name == "绍兴市司法局"
    assert sorted(IntakeAssessment.objects.values_list("outcome", flat=True)) == ["key", "not_opened"]
