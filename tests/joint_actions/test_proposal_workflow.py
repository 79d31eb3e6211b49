"""Art. 8: a proposal is sent to the departments named, agreed by all, carried out and reported on."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from documents.models import Document
from documents.selectors import documents_for
from joint_actions import services
from joint_actions.models import JointActionProposal, ParticipantResponse
from notifications.models import Notification
from workflow.errors import ActionNotPermitted, InvalidState

from .factories import ENFORCEMENT, MARKET, RESULTS, agreed, draft, proposed, run_own_callbacks

pytestmark = pytest.mark.django_db
State = JointActionProposal.State


def test_proposing_numbers_the_proposal_and_sends_a_proposal_letter_to_every_department(
        world, django_capture_on_commit_callbacks):
    proposal = draft(world)
    with django_capture_on_commit_callbacks(execute=False):
        proposal = services.propose(proposal, acting_user=world.user("yuecheng.reviewer"))

    assert proposal.state == State.PROPOSED
    assert proposal.number.startswith(f"越司联建〔{timezone.localdate().year}〕")
    letter = documents_for(proposal).get(kind="joint_enforcement_proposal")
    # Served on each department: a 送达回证 for each comes with it.
    assert letter.proofs_of_service.count() == 2
    assert letter.number == proposal.number
    assert set(letter.recipients.values_list("name", flat=True)) == {MARKET, ENFORCEMENT}
    assert [p["name"] for p in letter.context["participants"]] == [MARKET, ENFORCEMENT]


def test_each_department_is_notified_that_it_must_answer(world, django_capture_on_commit_callbacks):
    proposal = draft(world)
    with django_capture_on_commit_callbacks() as callbacks:
        services.propose(proposal, acting_user=world.user("yuecheng.reviewer"))
    assert run_own_callbacks(callbacks) == 1

    for username in ("agency.market", "agency.enforcement"):
        note = Notification.objects.filter(recipient=world.user(username)).latest("created_at")
        assert "待答复" in note.title
        assert note.url == proposal.get_absolute_url()
    assert not Notification.objects.filter(recipient=world.user("agency.zhuji")).exists()


def test_proposal_is_agreed_only_when_every_department_has_accepted(world):
    proposal = proposed(world)

    proposal = services.accept_proposal(proposal, acting_user=world.user("agency.market"))
    assert proposal.state == State.PROPOSED

    proposal = services.accept_proposal(proposal, acting_user=world.user("agency.enforcement"))
    assert proposal.state == State.AGREED
    assert set(proposal.current_responses().values_list("decision", flat=True)) == {"accept"}
    last = proposal.transitions.latest("at", "id")
    assert (last.action, last.from_state, last.to_state) == ("accept", "proposed", "agreed")
    assert proposal.transitions.filter(action="accept").count() == 2


def test_accepted_by_all_started_reported_completed_and_closed(world):
    proposal = agreed(world)

    proposal = services.start_action(proposal, acting_user=world.user("agency.market"))
    assert proposal.state == State.IN_PROGRESS
    proposal = services.complete_action(proposal, acting_user=world.user("agency.market"), **RESULTS)
    assert proposal.state == State.COMPLETED
    assert proposal.results.cases_filed_count == 7
    proposal = services.close_proposal(proposal, acting_user=world.user("yuecheng.reviewer"))

    assert proposal.state == State.CLOSED
    assert list(proposal.transitions.values_list("to_state", flat=True)) == [
        "draft", "proposed", "proposed", "agreed", "in_progress", "completed", "closed"]


def test_completion_without_a_results_report_is_refused_and_changes_nothing(world):
    proposal = services.start_action(agreed(world), acting_user=world.user("yuecheng.reviewer"))

    with pytest.raises(ValidationError) as exc:
        services.complete_action(proposal, acting_user=world.user("yuecheng.reviewer"), inspections_count=10)

    assert set(exc.value.message_dict) == {"cases_filed_count", "problems_count", "problems_found", "follow_ups"}
    proposal.refresh_from_db()
    assert proposal.state == State.IN_PROGRESS
    assert not hasattr(proposal, "results")


def test_an_objection_sends_the_proposal_back_to_the_proposer_to_revise(world):
    proposal = proposed(world)

    proposal = services.object_to_proposal(proposal, acting_user=world.user("agency.enforcement"),
                                           reason="12月下旬另有市容专项整治，人力不足，建议推迟至次年1月。")
    assert proposal.state == State.OBJECTED
    # The department that has not answered may still give its view before the revision.
    proposal = services.accept_proposal(proposal, acting_user=world.user("agency.market"))
    assert proposal.state == State.OBJECTED

    proposal = services.revise_proposal(proposal, acting_user=world.user("yuecheng.clerk"))
    assert proposal.state == State.DRAFT


def test_revised_proposal_is_reproposed_as_a_new_version_and_answers_start_afresh(world):
    from datetime import date

    from .factories import content

    proposal = proposed(world)
    first_number = proposal.number
    services.object_to_proposal(proposal, acting_user=world.user("agency.enforcement"), reason="时间冲突")
    proposal = services.revise_proposal(proposal, acting_user=world.user("yuecheng.reviewer"))
    services.update_proposal(proposal, acting_user=world.user("yuecheng.reviewer"),
                             content=content(world, period_start=date(2027, 1, 4), period_end=date(2027, 1, 29)))
    proposal = services.propose(proposal, acting_user=world.user("yuecheng.reviewer"))

    assert proposal.state == State.PROPOSED
    assert proposal.version == 2
    assert proposal.number == first_number  # the proposal keeps its number
    letters = list(proposal.letters.order_by("version"))
    assert [letter.superseded for letter in letters] == [True, False]
    assert letters[0].document_number != letters[1].document_number
    new_letter = Document.objects.get(pk=letters[1].document_id)
    assert new_letter.context["period_start"] == "2027-01-04"
    assert proposal.current_responses().count() == 0
    assert ParticipantResponse.objects.filter(proposal=proposal, round=1, decision="object").count() == 1
    # agency.enforcement must answer again, and may now accept
    proposal = services.accept_proposal(proposal, acting_user=world.user("agency.enforcement"))
    assert proposal.current_responses().count() == 1


def test_a_leader_who_reproposes_voids_the_superseded_letter(world):
    proposal = proposed(world)
    services.object_to_proposal(proposal, acting_user=world.user("agency.market"), reason="范围过宽")
    proposal = services.revise_proposal(proposal, acting_user=world.user("yuecheng.leader"))
    proposal = services.propose(proposal, acting_user=world.user("yuecheng.leader"))

    old, new = (Document.objects.get(pk=x.document_id) for x in proposal.letters.order_by("version"))
    assert old.status == Document.Status.VOID
    assert new.status != Document.Status.VOID


def test_an_objection_needs_a_reason(world):
    proposal = proposed(world)

    with pytest.raises(ValidationError) as exc:
        services.object_to_proposal(proposal, acting_user=world.user("agency.market"), reason="  ")

    assert "reason" in exc.value.message_dict
    proposal.refresh_from_db()
    assert proposal.state == State.PROPOSED
    assert proposal.responses.count() == 0


def test_a_department_answers_once_per_version(world):
    proposal = proposed(world)
    services.accept_proposal(proposal, acting_user=world.user("agency.market"))

    with pytest.raises(ActionNotPermitted):
        services.object_to_proposal(proposal, acting_user=world.user("agency.market"), reason="改变主意")


def test_cancelling_needs_a_reason_and_ends_the_proposal(world):
    proposal = proposed(world)
    with pytest.raises(ValidationError):
        services.cancel_proposal(proposal, acting_user=world.user("yuecheng.reviewer"), reason="")

    proposal = services.cancel_proposal(proposal, acting_user=world.user("yuecheng.reviewer"),
                                        reason="上级已统一部署专项行动，本建议不再实施。")
    assert proposal.state == State.CANCELLED
    with pytest.raises(InvalidState):
        services.accept_proposal(proposal, acting_user=world.user("agency.market"))
