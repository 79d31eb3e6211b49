"""The paths of Art. 7: opinion, escalation and decision, rejection, withdrawal."""

import datetime as dt

import pytest
from django.utils import timezone

from disputes import services
from disputes.models import Dispute, DisputeState
from documents.models import Document
from notifications.models import Notification

from .factories import HOUSING, MARKET, coordinating, draft, escalated, opinion_issued, org, submitted

pytestmark = pytest.mark.django_db


def year():
    return timezone.localdate().year


def test_township_office_files_and_yuecheng_bureau_coordinates(world):
    dispute = submitted(world)
    assert dispute.state == DisputeState.SUBMITTED
    assert dispute.coordinator == org("越城区司法局")
    assert dispute.number == ""  # numbered only on acceptance

    dispute = services.accept_dispute(dispute, acting_user=world.user("yuecheng.reviewer"))
    assert dispute.state == DisputeState.ACCEPTED
    assert dispute.number.startswith(f"越司争〔{year()}〕") and dispute.number.endswith("号")


def test_numbers_follow_each_other_without_gaps(world):
    first = services.accept_dispute(submitted(world), acting_user=world.user("yuecheng.reviewer"))
    second = services.accept_dispute(submitted(world), acting_user=world.user("yuecheng.reviewer"))
    n1 = int(first.number.split("〕")[1].rstrip("号"))
    n2 = int(second.number.split("〕")[1].rstrip("号"))
    assert n2 == n1 + 1


def test_agreement_becomes_a_numbered_coordination_opinion_naming_the_responsible_agency(world):
    dispute = coordinating(world)
    services.record_meeting(dispute, acting_user=world.user("yuecheng.reviewer"),
                            held_on=timezone.localdate(), place="越城区司法局会议室",
                            attendees="区市场监管局、区综合执法局", minutes="双方同意按综合执法事项目录划分。")
    dispute = services.issue_opinion(
        dispute, acting_user=world.user("yuecheng.leader"), responsible_agency=org(HOUSING).pk,
        cooperating_agencies=[org(MARKET).pk], view="由区综合执法局查处。", basis="综合执法事项目录",
        requirements="五个工作日内承接。")
    assert dispute.state == DisputeState.OPINION_ISSUED
    assert dispute.responsible_agency == org(HOUSING)
    document = Document.objects.get(kind="coordination_opinion", subject_id=dispute.pk)
    assert document.issuer == org("越城区司法局")
    assert document.number == dispute.opinion_number
    assert document.number.startswith(f"越司协〔{year()}〕")
    assert set(document.recipients.all()) == {org(MARKET), org(HOUSING)}
    assert document.context["responsible_agency_name"] == HOUSING
    assert document.context["meetings"][0]["place"] == "越城区司法局会议室"


def test_responsible_agency_confirms_and_the_dispute_is_closed(world):
    dispute = opinion_issued(world)
    dispute = services.close_dispute(dispute, acting_user=world.user("agency.housing"))
    assert dispute.state == DisputeState.CLOSED
    assert dispute.closed_at is not None
    assert Notification.objects.filter(recipient=world.user("yuecheng.reviewer"), title__contains="已办结").exists()


def test_bureau_may_record_the_agencys_written_confirmation_but_must_say_how(world):
    from django.core.exceptions import ValidationError

    dispute = opinion_issued(world)
    with pytest.raises(ValidationError) as exc:
        services.close_dispute(dispute, acting_user=world.user("yuecheng.reviewer"), note="")
    assert "note" in exc.value.message_dict
    dispute = services.close_dispute(dispute, acting_user=world.user("yuecheng.reviewer"),
                                     note="收到区综合执法局书面回函（越综执函〔2026〕12号）")
    assert dispute.state == DisputeState.CLOSED


def test_no_agreement_goes_to_the_district_government_which_decides(world):
    dispute = escalated(world)
    assert dispute.state == DisputeState.ESCALATED
    request = Document.objects.get(kind="decision_request", subject_id=dispute.pk)
    assert list(request.recipients.all()) == [org("越城区人民政府")]
    # The government's leader is told (the task), and sees it on the workbench.
    assert Notification.objects.filter(recipient=world.user("yuecheng.gov"), title__contains="请作出").exists()

    dispute = services.record_decision(
        dispute, acting_user=world.user("yuecheng.gov"), responsible_agency=org(MARKET),
        decision_text="无证食品摊贩占道经营由区市场监管局牵头查处。", document_number="越政办发〔2026〕30号",
        document_date=timezone.localdate())
    assert dispute.state == DisputeState.DECIDED
    assert dispute.responsible_agency == org(MARKET)
    assert dispute.decision.government == org("越城区人民政府")

    dispute = services.close_dispute(dispute, acting_user=world.user("agency.market"))
    assert dispute.state == DisputeState.CLOSED


def test_rejection_needs_a_reason_and_tells_the_filer(world):
    from django.core.exceptions import ValidationError

    dispute = submitted(world)
    with pytest.raises(ValidationError):
        services.reject_dispute(dispute, acting_user=world.user("yuecheng.reviewer"), reason="  ")
    assert Dispute.objects.get(pk=dispute.pk).state == DisputeState.SUBMITTED
    dispute = services.reject_dispute(dispute, acting_user=world.user("yuecheng.reviewer"),
                                      reason="双方未进行实质性协商，不符合第七条规定的申请条件。")
    assert dispute.state == DisputeState.REJECTED
    assert dispute.number == ""
    assert Notification.objects.filter(recipient=world.user("township.office"), title__contains="不予受理").exists()


def test_filer_withdraws_before_acceptance_with_a_reason(world):
    dispute = submitted(world)
    dispute = services.withdraw_dispute(dispute, acting_user=world.user("township.office"),
                                        reason="双方已自行协商一致。")
    assert dispute.state == DisputeState.WITHDRAWN
    assert dispute.withdrawal_reason == "双方已自行协商一致。"


def test_parties_settle_during_coordination_and_the_filer_withdraws(world):
    dispute = coordinating(world)
    dispute = services.withdraw_dispute(dispute, acting_user=world.user("township.office"), reason="已自行和解")
    assert dispute.state == DisputeState.WITHDRAWN


def test_an_abandoned_draft_is_withdrawn_not_deleted(world):
    dispute = draft(world)
    services.withdraw_dispute(dispute, acting_user=world.user("township.office"), reason="误建")
    assert Dispute.objects.get(pk=dispute.pk).state == DisputeState.WITHDRAWN


def test_timeline_records_every_step_with_its_actor(world):
    dispute = opinion_issued(world)
    actions = list(dispute.transitions.values_list("action", flat=True))
    assert actions == ["create", "add_negotiation", "submit", "accept", "start_coordination", "issue_opinion"]
    assert dispute.transitions.get(action="accept").actor == world.user("yuecheng.reviewer")


def test_parties_are_notified_when_the_dispute_is_accepted(world):
    dispute = submitted(world)
    services.accept_dispute(dispute, acting_user=world.user("yuecheng.reviewer"))
    for username in ("agency.market", "agency.housing", "township.office"):
        assert Notification.objects.filter(recipient=world.user(username), title__contains="已受理").exists()
    assert Notification.objects.filter(recipient=world.user("yuecheng.reviewer"), title__contains="收到").exists()


def test_accountability_entry_for_not_carrying_out_the_opinion(world):
    dispute = opinion_issued(world)
    entry = services.record_accountability(
        dispute, acting_user=world.user("yuecheng.leader"), agency=org(HOUSING), ground="art25_2",
        facts="协调意见送达后逾期未承接。", proposal="建议区政府通报批评。")
    assert entry.get_ground_display().startswith("不执行行政执法争议协调处理决定")
    assert dispute.transitions.filter(action="record_accountability").exists()


def test_not_executing_cannot_be_recorded_before_any_opinion(world):
    from django.core.exceptions import ValidationError

    dispute = coordinating(world)
    with pytest.raises(ValidationError) as exc:
        services.record_accountability(dispute, acting_user=world.user("yuecheng.reviewer"), agency=org(MARKET),
                                       ground="art25_2", facts="x", proposal="y")
    assert "ground" in exc.value.message_dict


def test_a_party_gives_its_own_view_during_coordination(world):
    dispute = coordinating(world)
    services.record_party_view(dispute, acting_user=world.user("agency.market"), party=org(MARKET),
                               statement="无证摊贩不涉及食品安全许可事项，应由综合执法查处。", legal_basis="食品安全法第三十六条")
    assert dispute.statements.get().party.organization == org(MARKET)
    assert Notification.objects.filter(recipient=world.user("yuecheng.reviewer"), title__contains="当事单位").exists()


def test_a_party_cannot_speak_for_another(world):
    from workflow.errors import ActionNotPermitted

    dispute = coordinating(world)
    with pytest.raises(ActionNotPermitted):
        services.record_party_view(dispute, acting_user=world.user("agency.market"), party=org(HOUSING),
                                   statement="代为表态")


def test_meeting_cannot_be_recorded_before_it_is_held(world):
    from django.core.exceptions import ValidationError

    dispute = coordinating(world)
    with pytest.raises(ValidationError) as exc:
        services.record_meeting(dispute, acting_user=world.user("yuecheng.reviewer"),
                                held_on=timezone.localdate() + dt.timedelta(days=3), place="会议室",
                                attendees="各方", minutes="—")
    assert "held_on" in exc.value.message_dict
