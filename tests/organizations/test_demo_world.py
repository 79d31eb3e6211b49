"""The demo world in which every path can be walked (issue 12): `seed_demo` with every app's records.

A leader in every justice bureau, guidance office and government of the city, 越城区 and 诸暨市; a contact
for every agency and township government that appears in a demo record; a record in every state of every
workflow; and running it again creates nothing.
"""

import pytest
import time_machine
from django.core.management import call_command

from case_reviews.models import ReviewSheet
from clues.models import Clue
from cockpit.models import Briefing, Commendation
from deadlines.models import DeadlineExtension
from disputes.models import Dispute
from documents.models import DocumentDraft
from joint_actions.models import JointActionProposal
from leads.models import Lead
from organizations.models import Membership, Organization, OrganizationKind, Role
from supervision.models import SpecialCampaign, SupervisionCase

pytestmark = pytest.mark.django_db

AREAS = ("绍兴市", "越城区", "诸暨市")


@pytest.fixture
def seeded(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with time_machine.travel("2026-11-25 10:00 +0800", tick=False):
        call_command("seed_demo", "--force", verbosity=0)
    return world


def test_every_workflow_has_a_record_in_every_state(seeded):
    assert set(Dispute.objects.values_list("state", flat=True)) == set(Dispute.State.values)
    assert set(SupervisionCase.objects.values_list("state", flat=True)) >= {
        "open", "investigating", "closed_no_issue", "violation_found", "referred", "notice_issued", "reported",
        "closed_rectified", "overdue", "decision_requested", "decision_issued", "decision_reported", "closed"}
    assert set(JointActionProposal.objects.values_list("state", flat=True)) == set(JointActionProposal.State.values)
    assert set(ReviewSheet.objects.values_list("state", flat=True)) == set(ReviewSheet.State.values)
    assert set(Clue.objects.values_list("state", flat=True)) == set(Clue.State.values)
    assert set(Lead.objects.values_list("state", flat=True)) == set(Lead.State.values)
    assert set(DocumentDraft.objects.values_list("state", flat=True)) == set(DocumentDraft.State.values)
    assert set(SpecialCampaign.objects.values_list("state", flat=True)) == set(SpecialCampaign.State.values)
    assert set(DeadlineExtension.objects.values_list("state", flat=True)) == set(DeadlineExtension.State.values)
    assert set(Briefing.objects.values_list("state", flat=True)) == set(Briefing.State.values)
    assert set(Commendation.objects.values_list("state", flat=True)) == set(Commendation.State.values)


def test_the_signed_draft_issued_its_notice_and_the_case_moved(seeded):
    draft = DocumentDraft.objects.get(state=DocumentDraft.State.SIGNED)
    case = SupervisionCase.objects.get(pk=draft.subject_id)
    assert draft.document.number.startswith("越司执监通〔") and case.state == "notice_issued"
    # The lead opened as a case is linked both ways; the dismissed one keeps its reason.
    lead = Lead.objects.get(state=Lead.State.CASE_OPENED)
    assert lead.supervision_case.source_lead == lead
    assert Lead.objects.get(state=Lead.State.DISMISSED).dismiss_reason


def test_a_leader_in_every_bureau_guidance_office_and_government_of_the_three_areas(seeded):
    kinds = (OrganizationKind.JUSTICE_BUREAU, OrganizationKind.ENFORCEMENT_GUIDANCE, OrganizationKind.GOVERNMENT)
    for org in Organization.objects.filter(kind__in=kinds, division__name__in=AREAS):
        assert Membership.objects.filter(organization=org, role=Role.LEADER, is_active=True).exists(), org.name


def test_every_agency_and_township_in_a_demo_record_has_a_contact(seeded):
    named = set()
    for d in Dispute.objects.all():
        named |= {p.organization for p in d.parties.all()}
    for case in SupervisionCase.objects.all():
        named |= set(case.supervised_units.all())
    for proposal in JointActionProposal.objects.all():
        named |= {p.organization for p in proposal.participants.all()}
    named |= {c.agency for c in Clue.objects.exclude(agency=None)}
    parties = [o for o in named if o.kind in (OrganizationKind.ENFORCEMENT_AGENCY, OrganizationKind.GOVERNMENT)]
    assert parties
    for org in parties:
        assert Membership.objects.filter(organization=org, role=Role.AGENCY_CONTACT, is_active=True).exists(), org.name


def test_seeding_again_creates_nothing(seeded, settings):
    seeded_models = (Dispute, SupervisionCase, JointActionProposal, ReviewSheet, Clue, Membership, Lead,
                     DocumentDraft, SpecialCampaign, DeadlineExtension, Briefing, Commendation)
    counts = [m.objects.count() for m in seeded_models]
    with time_machine.travel("2026-11-26 10:00 +0800", tick=False):
        call_command("seed_demo", "--force", verbosity=0)
    assert [m.objects.count() for m in seeded_models] == counts
