"""REST API for disputes: /api/v1/disputes/ (api.md). Thin: every write is a service call."""

from django.db import transaction
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response

from workflow.api import AllowedActionsField, workflow_action

from . import selectors, services
from .models import (
    AccountabilityEntry,
    CoordinationMeeting,
    Dispute,
    DisputeAttachment,
    DisputeParty,
    GovernmentDecision,
    Negotiation,
    PartyStatement,
)
from .rules import DISPUTE_WORKFLOW, RECORDS


class DisputeOrgField(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class DisputePartySerializer(serializers.ModelSerializer):
    organization = DisputeOrgField()

    class Meta:
        model = DisputeParty
        fields = ["organization", "is_applicant", "position", "legal_basis", "contact"]


class DisputeNegotiationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Negotiation
        fields = ["id", "held_on", "place", "participants", "outcome", "recorded_at"]


class DisputeMeetingSerializer(serializers.ModelSerializer):
    class Meta:
        model = CoordinationMeeting
        fields = ["id", "held_on", "place", "attendees", "minutes", "recorded_at"]


class DisputeStatementSerializer(serializers.ModelSerializer):
    organization = DisputeOrgField(source="party.organization")

    class Meta:
        model = PartyStatement
        fields = ["id", "organization", "statement", "legal_basis", "recorded_at"]


class DisputeAttachmentSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = DisputeAttachment
        fields = ["id", "kind", "original_name", "description", "content_type", "size", "sha256", "uploaded_at", "url"]

    def get_url(self, obj) -> str:
        request = self.context.get("request")
        url = obj.get_absolute_url()
        return request.build_absolute_uri(url) if request else url


class DisputeDecisionSerializer(serializers.ModelSerializer):
    government = DisputeOrgField()
    responsible_agency = DisputeOrgField()

    class Meta:
        model = GovernmentDecision
        fields = ["government", "responsible_agency", "decision_text", "document_number", "document_date",
                  "scan", "recorded_at"]


class DisputeAccountabilitySerializer(serializers.ModelSerializer):
    agency = DisputeOrgField()
    ground_display = serializers.CharField(source="get_ground_display")

    class Meta:
        model = AccountabilityEntry
        fields = ["id", "agency", "ground", "ground_display", "facts", "proposal", "recorded_at"]


class DisputeTransitionSerializer(serializers.Serializer):
    action = serializers.CharField()
    from_state = serializers.CharField()
    to_state = serializers.CharField()
    actor = serializers.CharField(source="actor.username", default=None)
    note = serializers.CharField()
    at = serializers.DateTimeField()


class DisputeListSerializer(serializers.ModelSerializer):
    state_display = serializers.CharField(source="get_state_display", read_only=True)
    allowed_actions = AllowedActionsField(DISPUTE_WORKFLOW)
    filed_by = DisputeOrgField()
    coordinator = DisputeOrgField(allow_null=True)
    parties = DisputePartySerializer(many=True)

    class Meta:
        model = Dispute
        fields = ["id", "number", "state", "state_display", "allowed_actions", "title", "filed_by", "coordinator",
                  "parties", "submitted_at", "created_at"]


class DisputeSerializer(DisputeListSerializer):
    allowed_records = AllowedActionsField(RECORDS)
    responsible_agency = DisputeOrgField(allow_null=True)
    cooperating_agencies = DisputeOrgField(many=True)
    negotiations = DisputeNegotiationSerializer(many=True)
    meetings = DisputeMeetingSerializer(many=True)
    statements = DisputeStatementSerializer(many=True)
    attachments = DisputeAttachmentSerializer(many=True)
    decision = serializers.SerializerMethodField()
    accountability_entries = DisputeAccountabilitySerializer(many=True)
    transitions = DisputeTransitionSerializer(many=True)
    overdue = serializers.SerializerMethodField()

    class Meta(DisputeListSerializer.Meta):
        fields = [*DisputeListSerializer.Meta.fields, "allowed_records", "matter", "duty", "negotiations", "meetings",
                  "statements", "attachments", "responsible_agency", "cooperating_agencies", "opinion_number",
                  "opinion_view", "opinion_basis", "opinion_requirements", "escalation_reason", "decision",
                  "rejection_reason", "withdrawal_reason", "closing_note", "accountability_entries", "accepted_at",
                  "coordination_started_at", "opinion_issued_at", "escalated_at", "closed_at", "transitions",
                  "overdue"]

    def get_decision(self, obj) -> dict | None:
        decision = GovernmentDecision.objects.filter(dispute=obj).first()
        return DisputeDecisionSerializer(decision).data if decision else None

    def get_overdue(self, obj) -> bool:
        return selectors.is_overdue(obj)


# --- Input ---------------------------------------------------------------------------------------------
# Fields are lenient (optional, blank allowed): the services give the precise Chinese message, and
# a permission or state refusal (403/409) is never hidden behind a 400 about a missing field.

def _text(**kwargs):
    return serializers.CharField(required=False, allow_blank=True, default="", **kwargs)


class DisputePositionInput(serializers.Serializer):
    organization = serializers.IntegerField()
    position = _text()
    legal_basis = _text()
    contact = _text(max_length=100)


class DisputeNegotiationInput(serializers.Serializer):
    held_on = serializers.DateField(required=False, allow_null=True, default=None)
    place = _text(max_length=200)
    participants = _text()
    outcome = _text()


class DisputeWriteSerializer(serializers.Serializer):
    filed_by = serializers.IntegerField(required=False, allow_null=True, default=None)
    applicant = serializers.IntegerField(required=False, allow_null=True)
    others = serializers.ListField(child=serializers.IntegerField(), required=False)
    title = _text(max_length=200)
    matter = _text()
    duty = _text()
    positions = DisputePositionInput(many=True, required=False)
    negotiations = DisputeNegotiationInput(many=True, required=False)


class DisputeNoteInput(serializers.Serializer):
    note = _text()


class DisputeReasonInput(serializers.Serializer):
    reason = _text()


class DisputeOpinionInput(serializers.Serializer):
    responsible_agency = serializers.IntegerField(required=False, allow_null=True, default=None)
    cooperating_agencies = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
    view = _text()
    basis = _text()
    requirements = _text()


class DisputeEscalateInput(serializers.Serializer):
    reason = _text()
    proposal = _text()


class DisputeDecisionInput(serializers.Serializer):
    responsible_agency = serializers.IntegerField(required=False, allow_null=True, default=None)
    decision_text = _text()
    document_number = _text(max_length=60)
    document_date = serializers.DateField(required=False, allow_null=True, default=None)
    scan = serializers.FileField(required=False, allow_null=True, default=None)


class DisputeMeetingInput(serializers.Serializer):
    held_on = serializers.DateField(required=False, allow_null=True, default=None)
    place = _text(max_length=200)
    attendees = _text()
    minutes = _text()


class DisputePartyViewInput(serializers.Serializer):
    party = serializers.IntegerField(required=False, allow_null=True, default=None)
    statement = _text()
    legal_basis = _text()


class DisputeAccountabilityInput(serializers.Serializer):
    agency = serializers.IntegerField(required=False, allow_null=True, default=None)
    ground = _text()
    facts = _text()
    proposal = _text()


class DisputeAttachmentInput(serializers.Serializer):
    file = serializers.FileField(required=False, allow_null=True, default=None)
    kind = serializers.ChoiceField(choices=DisputeAttachment.Kind.choices, default=DisputeAttachment.Kind.APPLICATION)
    description = _text(max_length=200)


def _returning_dispute(service):
    """Record services return the record; the API answers with the dispute, as for every action."""

    def call(dispute, *, acting_user, **data):
        service(dispute, acting_user=acting_user, **data)
        return Dispute.objects.get(pk=dispute.pk)

    call.__name__ = service.__name__
    return call


class DisputeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Jurisdiction disputes (Art. 7): drafts are created and edited here, then moved by the actions."""

    serializer_class = DisputeSerializer

    def get_queryset(self):
        if self.action != "list":
            return selectors.dispute_queryset(self.request.user)
        params = self.request.query_params
        filters = selectors.DisputeFilters(
            state=params.get("state", ""), county=params.get("county", ""),
            agency=int(params["agency"]) if params.get("agency", "").isdigit() else None,
            date_from=_date(params.get("date_from")), date_to=_date(params.get("date_to")),
            overdue=params.get("overdue") in ("1", "true", "True"), q=params.get("q", "").strip())
        return selectors.dispute_list(self.request.user, filters).prefetch_related("parties__organization")

    def get_serializer_class(self):
        return DisputeListSerializer if self.action == "list" else DisputeSerializer

    def _save(self, dispute, data):
        positions = {p["organization"]: p for p in data.get("positions") or []}
        if any(k in data for k in ("title", "matter", "duty")) or positions:
            dispute = services.update_matter(
                dispute, acting_user=self.request.user, title=data.get("title", dispute.title),
                matter=data.get("matter", dispute.matter), duty=data.get("duty", dispute.duty), positions=positions)
        for n in data.get("negotiations") or []:
            services.add_negotiation(dispute, acting_user=self.request.user, **n)
        return dispute

    @extend_schema(request=DisputeWriteSerializer, responses={201: DisputeSerializer})
    def create(self, request):
        serializer = DisputeWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        with transaction.atomic():
            dispute = services.create_dispute(acting_user=request.user, filed_by=data.get("filed_by"),
                                              applicant=data.get("applicant"), others=data.get("others") or [])
            dispute = self._save(dispute, data)
        dispute = selectors.get_dispute_for_user(request.user, dispute.pk)
        return Response(DisputeSerializer(dispute, context=self.get_serializer_context()).data,
                        status=status.HTTP_201_CREATED)

    @extend_schema(request=DisputeWriteSerializer, responses=DisputeSerializer)
    def update(self, request, pk=None, partial=False):
        """Drafts only: a submitted application is the record and can no longer change (409)."""
        dispute = self.get_object()
        serializer = DisputeWriteSerializer(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        with transaction.atomic():
            services.ensure_draft_editable(dispute, acting_user=request.user)  # 403 / 409
            if "applicant" in data or "others" in data:
                applicant = data.get("applicant") or (dispute.applicant.organization_id if dispute.applicant else None)
                others = data.get("others")
                if others is None:
                    others = [p.organization_id for p in dispute.parties.all() if not p.is_applicant]
                dispute = services.update_parties(dispute, acting_user=request.user, applicant=applicant,
                                                  others=others)
            dispute = self._save(dispute, data)
        dispute = selectors.get_dispute_for_user(request.user, dispute.pk)
        return Response(DisputeSerializer(dispute, context=self.get_serializer_context()).data)

    @extend_schema(request=DisputeWriteSerializer, responses=DisputeSerializer)
    def partial_update(self, request, pk=None):
        return self.update(request, pk=pk, partial=True)

    submit = workflow_action("submit", services.submit_dispute, DisputeNoteInput)
    accept = workflow_action("accept", services.accept_dispute, DisputeNoteInput)
    reject = workflow_action("reject", services.reject_dispute, DisputeReasonInput)
    start_coordination = workflow_action("start_coordination", services.start_coordination, DisputeNoteInput)
    issue_opinion = workflow_action("issue_opinion", services.issue_opinion, DisputeOpinionInput)
    escalate = workflow_action("escalate", services.escalate_dispute, DisputeEscalateInput)
    record_decision = workflow_action("record_decision", services.record_decision, DisputeDecisionInput)
    close = workflow_action("close", services.close_dispute, DisputeNoteInput)
    withdraw = workflow_action("withdraw", services.withdraw_dispute, DisputeReasonInput)
    # Recordings (no state change; written to the timeline).
    add_negotiation = workflow_action("add_negotiation", _returning_dispute(services.add_negotiation),
                                      DisputeNegotiationInput)
    add_attachment = workflow_action("add_attachment", _returning_dispute(services.add_attachment), DisputeAttachmentInput)
    record_meeting = workflow_action("record_meeting", _returning_dispute(services.record_meeting), DisputeMeetingInput)
    record_party_view = workflow_action("record_party_view", _returning_dispute(services.record_party_view),
                                        DisputePartyViewInput)
    record_accountability = workflow_action("record_accountability",
                                            _returning_dispute(services.record_accountability), DisputeAccountabilityInput)


def _date(value):
    from django.utils.dateparse import parse_date

    try:
        return parse_date(value) if value else None
    except ValueError:
        return None
