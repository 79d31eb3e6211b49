"""Forbidden moves and isolation between counties (api.md: 403 / 409 / 404)."""

import pytest
from django.core.exceptions import ValidationError

from disputes import services
from disputes.models import Dispute, DisputeState
from disputes.rules import DISPUTE_WORKFLOW, coordinating_bureau
from disputes.selectors import dispute_list
from workflow.errors import ActionNotPermitted, InvalidState

from .factories import HOUSING, MARKET, ZHUJI_MARKET, coordinating, draft, escalated, met, org, submitted

pytestmark = pytest.mark.django_db


def visible(world, username):
    return set(dispute_list(world.user(username)).values_list("pk", flat=True))


def test_no_submission_without_a_negotiation_record(world):
    dispute = draft(world, negotiated=False)
    with pytest.raises(ValidationError) as exc:
        services.submit_dispute(dispute, acting_user=world.user("township.office"))
    assert "第七条" in exc.value.message_dict["negotiations"][0]
    assert Dispute.objects.get(pk=dispute.pk).state == DisputeState.DRAFT


def test_a_negotiation_cannot_be_dated_in_the_future(world):
    import datetime as dt

    from django.utils import timezone

    dispute = draft(world, negotiated=False)
    with pytest.raises(ValidationError) as exc:
        services.add_negotiation(dispute, acting_user=world.user("township.office"),
                                 held_on=timezone.localdate() + dt.timedelta(days=1), participants="x", outcome="y")
    assert "held_on" in exc.value.message_dict


def test_an_agency_accepting_its_own_dispute_is_refused(world):
    dispute = submitted(world)
    with pytest.raises(ActionNotPermitted):
        services.accept_dispute(dispute, acting_user=world.user("agency.market"))


def test_accepting_twice_is_a_conflict(world):
    dispute = submitted(world)
    services.accept_dispute(dispute, acting_user=world.user("yuecheng.reviewer"))
    with pytest.raises(InvalidState):
        services.accept_dispute(dispute, acting_user=world.user("yuecheng.reviewer"))


def test_only_the_bureau_leader_signs_the_opinion(world):
    dispute = coordinating(world)
    with pytest.raises(ActionNotPermitted):
        services.issue_opinion(dispute, acting_user=world.user("yuecheng.reviewer"), responsible_agency=org(MARKET),
                               view="v", basis="b", requirements="r")


def test_the_responsible_agency_must_be_a_party(world):
    dispute = coordinating(world)
    with pytest.raises(ValidationError) as exc:
        services.issue_opinion(dispute, acting_user=world.user("yuecheng.leader"),
                               responsible_agency=org("越城区应急管理局"), view="v", basis="b", requirements="r")
    assert "responsible_agency" in exc.value.message_dict
    assert Dispute.objects.get(pk=dispute.pk).state == DisputeState.COORDINATING


def test_only_the_government_of_the_bureaus_level_decides(world):
    dispute = escalated(world)
    # 绍兴市人民政府 oversees the whole city but is not 本级人民政府 of 越城区司法局 (Art. 7).
    assert dispute.pk in visible(world, "city.gov")
    with pytest.raises(ActionNotPermitted):
        services.record_decision(dispute, acting_user=world.user("city.gov"), responsible_agency=org(MARKET),
                                 decision_text="d", document_number="绍政发〔2026〕1号", document_date=None)
    assert DISPUTE_WORKFLOW.allowed_actions(dispute, world.user("yuecheng.gov")) == ["record_decision"]


def test_withdrawal_needs_a_reason(world):
    dispute = submitted(world)
    with pytest.raises(ValidationError):
        services.withdraw_dispute(dispute, acting_user=world.user("township.office"), reason="")


def test_the_filer_cannot_withdraw_once_an_opinion_is_issued(world):
    from .factories import opinion_issued

    dispute = opinion_issued(world)
    with pytest.raises(InvalidState):
        services.withdraw_dispute(dispute, acting_user=world.user("township.office"), reason="改变主意")


def test_another_agency_cannot_close_for_the_responsible_one(world):
    from .factories import opinion_issued

    dispute = opinion_issued(world, responsible=HOUSING)
    with pytest.raises(ActionNotPermitted):
        services.close_dispute(dispute, acting_user=world.user("agency.market"))


def test_a_county_bureau_reviewer_cannot_file(world):
    with pytest.raises(ActionNotPermitted):
        services.create_dispute(acting_user=world.user("yuecheng.reviewer"), applicant=org(MARKET),
                                others=[org(HOUSING)])


def test_an_agency_files_only_disputes_it_is_party_to(world):
    with pytest.raises(ValidationError) as exc:
        services.create_dispute(acting_user=world.user("agency.market"), applicant=org("越城区应急管理局"),
                                others=[org(HOUSING)])
    assert "applicant" in exc.value.message_dict


def test_a_justice_bureau_is_not_an_enforcement_agency_and_cannot_be_a_party(world):
    with pytest.raises(ValidationError):
        services.create_dispute(acting_user=world.user("township.office"), applicant=org(MARKET),
                                others=[org("越城区司法局")])


# --- Coordinating bureau and isolation ------------------------------------------------------------

def test_both_parties_in_one_county_are_coordinated_by_that_county_bureau(world):
    assert coordinating_bureau([org(MARKET), org(HOUSING)]) == org("越城区司法局")


def test_a_township_government_and_a_county_agency_stay_in_the_county(world):
    # A township is a party through its 综合执法 powers: the county's guidance office (办法 Art. 3 ¶2).
    assert coordinating_bureau([org("塔山街道办事处"), org(HOUSING)]) == org("越城区综合行政执法指导办公室")


def test_a_city_level_party_takes_the_dispute_to_the_city_bureau(world):
    assert coordinating_bureau([org("绍兴市市场监督管理局"), org(HOUSING)]) == org("绍兴市司法局")


def test_cross_county_dispute_goes_to_the_city_bureau_and_its_government(world):
    dispute = submitted(world, others=(ZHUJI_MARKET,))
    assert dispute.coordinator == org("绍兴市司法局")
    # 越城区司法局 may not accept it: the city bureau does.
    with pytest.raises(ActionNotPermitted):
        services.accept_dispute(dispute, acting_user=world.user("yuecheng.reviewer"))
    dispute = services.accept_dispute(dispute, acting_user=world.user("city.reviewer"))
    assert dispute.number.startswith("绍司争〔")
    dispute = met(world, services.start_coordination(dispute, acting_user=world.user("city.reviewer")))
    dispute = services.escalate_dispute(dispute, acting_user=world.user("city.leader"), reason="协调不成",
                                        handling_opinion="建议由越城区市场监管局承担。")
    assert DISPUTE_WORKFLOW.allowed_actions(dispute, world.user("city.gov")) == ["record_decision"]
    assert DISPUTE_WORKFLOW.allowed_actions(dispute, world.user("yuecheng.gov")) == []
    # The 诸暨 agency is a party and sees it; the 诸暨 bureau, not involved, does not.
    assert dispute.pk in visible(world, "agency.zhuji")
    assert dispute.pk not in visible(world, "zhuji.reviewer")


def test_visibility_follows_jurisdiction(world):
    dispute = submitted(world)
    for username in ("township.office", "yuecheng.reviewer", "yuecheng.gov", "city.reviewer", "city.gov",
                     "agency.market", "agency.housing"):
        assert dispute.pk in visible(world, username), username
    for username in ("zhuji.reviewer", "zhuji.office", "agency.zhuji"):
        assert dispute.pk not in visible(world, username), username


def test_a_draft_is_seen_only_by_the_filing_organisation(world):
    dispute = draft(world)
    assert dispute.pk in visible(world, "township.office")
    for username in ("yuecheng.reviewer", "city.reviewer", "agency.market", "agency.housing"):
        assert dispute.pk not in visible(world, username), username


def test_a_township_office_files_only_for_agencies_of_its_own_county(world):
    with pytest.raises(ValidationError) as exc:
        services.create_dispute(acting_user=world.user("township.office"), applicant=org(ZHUJI_MARKET),
                                others=[org("诸暨市综合行政执法局")])
    assert "本县" in exc.value.message_dict["applicant"][0]
