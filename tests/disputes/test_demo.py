"""The demo disputes: one or more in every state, each coordinated by the body the rules choose."""

import pytest

from disputes.demo import seed_demo_disputes
from disputes.models import Dispute, DisputeState, RoutingRule

pytestmark = pytest.mark.django_db


def test_demo_disputes_cover_every_state_once_and_are_created_once(world):
    created = seed_demo_disputes()
    assert created >= 10
    assert seed_demo_disputes() == 0
    assert set(Dispute.objects.values_list("state", flat=True)) == set(DisputeState.values)


def test_demo_shows_guidance_offices_and_the_city_coordinating(world):
    seed_demo_disputes()
    by_title = {d.title: d for d in Dispute.objects.select_related("coordinator")}
    street = by_title["解放路夜市无证食品摊贩占道经营的查处职责"]
    assert street.coordinator.name == "越城区综合行政执法指导办公室"
    assert street.routing_rule == RoutingRule.GUIDANCE
    assert by_title["跨区县运输建筑垃圾车辆沿途撒漏的查处职责"].coordinator.name == "绍兴市综合行政执法指导办公室"
    assert by_title["网络订餐平台入驻商户跨区县经营的监管职责"].coordinator.name == "绍兴市司法局"
    escalated = by_title["无证校外培训机构的查处职责"]
    assert escalated.state == DisputeState.ESCALATED and escalated.coordinator.name == "越城区司法局"
    assert escalated.handling_opinion and escalated.meetings.exists()
    rejected = by_title["托育机构卫生保健监督的职责"]
    assert "第三十三条第三款" in rejected.rejection_reason
