"""REST API for disputes: /api/v1/disputes/ (api.md). Thin: every write is a service call."""

from django.db import transaction
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from exports.api import ExportableListMixin
from organizations.api import OrganizationRefSerializer
from organizations.models import Organization
from shaoxing_supervision.api import LabelField
from workflow.api import AllowedActionsField, timeline_field, workflow_action

from . import selectors, services
from .exports import DISPUTE_COLUMNS
from .filters import DisputeFilterSet
from .models import (
    AccountabilityEntry,
    CoordinationMeeting,
    Dispute,
    DisputeAttachment,
    DisputeParty,
    GovernmentDecision,
    Negotiation,
    OtherProceedings,
    PartyStatement,
)
from .rules import DISPUTE_WORKFLOW, RECORDS, can_read_internal, route_dispute

# The project's one organisation reference ({id, name, kind, division}); the old name stays for readers.
DisputeOrgField = OrganizationRefSerializer


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
    ground_display = LabelField(source="get_ground_display")

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


class DisputeRoutingSerializer(serializers.Serializer):
    """Who coordinates and why (办法 Art. 3 ¶2, 7): computed live for a draft, as fixed on submission after."""

    coordinator = DisputeOrgField(allow_null=True)
    rule = serializers.CharField()
    rule_display = serializers.CharField()
    explanation = serializers.CharField()


class DisputeTargetSerializer(serializers.Serializer):
    label = serializers.CharField()
    due = serializers.DateField()
    met = serializers.BooleanField(allow_null=True)
    overdue = serializers.BooleanField()


class DisputeListSerializer(serializers.ModelSerializer):
    state_display = LabelField(source="get_state_display", read_only=True)
    allowed_actions = AllowedActionsField(DISPUTE_WORKFLOW)
    filed_by = DisputeOrgField()
    coordinator = DisputeOrgField(allow_null=True)
    routing = serializers.SerializerMethodField()
    parties = DisputePartySerializer(many=True)

    class Meta:
        model = Dispute
        fields = ["id", "number", "state", "state_display", "allowed_actions", "title", "filed_by", "coordinator",
                  "routing", "parties", "other_proceedings", "submitted_at", "created_at"]

    @extend_schema_field(DisputeRoutingSerializer(allow_null=True))
    def get_routing(self, obj) -> dict | None:
        routings = self.context.get("routings")
        routing = routings[obj.pk] if routings is not None and obj.pk in routings else selectors.dispute_routing(obj)
        if routing is None:
            return None
        # One routing serializer for the whole page: building its fields (and its organisation's, from the
        # model) for each row was most of a page's time (25 rows: 46 of 55 ms at 1,000,000 disputes).
        serializer = self.__dict__.setdefault("_routing_serializer", DisputeRoutingSerializer())
        return serializer.to_representation({
            "coordinator": routing.coordinator, "rule": routing.rule, "rule_display": routing.rule_display,
            "explanation": routing.explanation})


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
    transitions = serializers.SerializerMethodField()
    timeline = timeline_field(DISPUTE_WORKFLOW, RECORDS,
                              entries=lambda obj, user: selectors.visible_transitions(obj, user))
    overdue = serializers.SerializerMethodField()
    targets = serializers.SerializerMethodField()
    # The coordinating body's internal reasoning, reported to the government (条例 Art. 13): null for
    # readers who may not see it (the parties and the filer).
    escalation_reason = serializers.SerializerMethodField()
    handling_opinion = serializers.SerializerMethodField()

    class Meta(DisputeListSerializer.Meta):
        fields = [*DisputeListSerializer.Meta.fields, "allowed_records", "matter", "duty", "negotiations", "meetings",
                  "statements", "attachments", "responsible_agency", "cooperating_agencies", "opinion_number",
                  "opinion_view", "opinion_basis", "opinion_requirements", "escalation_reason", "handling_opinion",
                  "other_proceedings_detail", "targets", "decision",
                  "rejection_reason", "withdrawal_reason", "closing_note", "accountability_entries", "accepted_at",
                  "coordination_started_at", "opinion_issued_at", "escalated_at", "closed_at", "transitions",
                  "timeline", "overdue"]

    def get_decision(self, obj) -> dict | None:
        decision = GovernmentDecision.objects.filter(dispute=obj).first()
        return DisputeDecisionSerializer(decision).data if decision else None

    def get_overdue(self, obj) -> bool:
        return selectors.is_overdue(obj)

    @extend_schema_field(DisputeTargetSerializer(many=True))
    def get_targets(self, obj) -> list:
        return DisputeTargetSerializer(selectors.service_targets(obj), many=True).data

    @extend_schema_field(DisputeTransitionSerializer(many=True))
    def get_transitions(self, obj) -> list:
        return DisputeTransitionSerializer(selectors.visible_transitions(obj, self._reader()), many=True).data

    def _reader(self):
        request = self.context.get("request")
        return request.user if request is not None else None

    def _internal(self, obj) -> bool:
        reader = self._reader()
        return reader is None or can_read_internal(reader, obj)

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_escalation_reason(self, obj) -> str | None:
        return obj.escalation_reason if self._internal(obj) else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_handling_opinion(self, obj) -> str | None:
        return obj.handling_opinion if self._internal(obj) else None


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
    other_proceedings = serializers.ChoiceField(choices=OtherProceedings.choices, required=False, allow_blank=True,
                                                help_text="条例第三十三条第三款：是否已申请行政复议或提起行政诉讼")
    other_proceedings_detail = _text(max_length=200)
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
    handling_opinion = _text(help_text="协调机关的处理意见（条例第十三条，必填）")
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


def _agency_filter(raw: str) -> int | None:
    """`?agency=<id>`: anything but plain digits (a NUL, "²", "1e9") is a 400, never a 500."""
    if not raw:
        return None
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 18:
        raise serializers.ValidationError({"agency": ["agency 须为单位编号（整数）。"]})
    return int(raw)


class DisputeViewSet(ExportableListMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Jurisdiction disputes (Art. 7): drafts are created and edited here, then moved by the actions."""

    serializer_class = DisputeSerializer
    export_columns, export_filename = DISPUTE_COLUMNS, "职责争议"

    filterset_class = DisputeFilterSet

    def get_queryset(self):
        if self.action == "list":  # and its export
            return selectors.dispute_rows(self.request.user).order_by("-created_at", "-id")
        # The parties with their organisations at once: the detail's routing reads them.
        return selectors.with_routing_parties(selectors.dispute_queryset(self.request.user))

    def get_serializer(self, *args, **kwargs):
        if self.action == "list" and kwargs.get("many") and args:
            # The page's routing previews at once (one query for the drafts' coordinating bodies), not per row.
            kwargs["context"] = {**self.get_serializer_context(), "routings": selectors.page_routings(args[0])}
        return super().get_serializer(*args, **kwargs)

    def get_serializer_class(self):
        return DisputeListSerializer if self.action == "list" else DisputeSerializer

    def _save(self, dispute, data):
        positions = {p["organization"]: p for p in data.get("positions") or []}
        matter_keys = ("title", "matter", "duty", "other_proceedings", "other_proceedings_detail")
        if any(k in self.request.data for k in matter_keys) or positions:
            dispute = services.update_matter(
                dispute, acting_user=self.request.user, title=data.get("title", dispute.title),
                matter=data.get("matter", dispute.matter), duty=data.get("duty", dispute.duty), positions=positions,
                other_proceedings=data.get("other_proceedings"),
                other_proceedings_detail=data.get("other_proceedings_detail")
                if "other_proceedings_detail" in self.request.data else None)
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

    @extend_schema(
        parameters=[OpenApiParameter("organizations", int, many=True, required=True,
                                     description="ids of the disputing agencies (at least two)")],
        responses={200: DisputeRoutingSerializer, 400: OpenApiTypes.OBJECT},
    )
    @action(detail=False, methods=["get"], url_path="routing", url_name="routing")
    def routing(self, request):
        """Which body would coordinate a dispute between these agencies, and the rule (办法 Art. 3 ¶2, 7)."""
        ids = [int(v) for v in request.query_params.getlist("organizations") if str(v).isdigit()]
        orgs = list(Organization.objects.filter(pk__in=ids, is_active=True).select_related("division__parent"))
        if len(orgs) < 2:
            return Response({"errors": {"organizations": ["请至少选择两个争议单位。"]}}, status=400)
        routing = route_dispute(orgs)
        return Response(DisputeRoutingSerializer({
            "coordinator": routing.coordinator, "rule": routing.rule, "rule_display": routing.rule_display,
            "explanation": routing.explanation}).data)

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
