"""REST API: /api/v1/joint-actions/ (every action a POST), /coordination-matters/, /liaison-records/."""

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from exports.api import ExportableListMixin
from organizations.api import OrganizationRefSerializer
from organizations.models import Organization
from shaoxing_supervision.api import LabelField
from workflow.api import AllowedActionsField, timeline_field, workflow_action

from . import selectors, services
from .exports import PROPOSAL_COLUMNS
from .filters import CoordinationMatterFilterSet, LiaisonRecordFilterSet, ProposalFilterSet
from .links import LINK_KINDS
from .models import (
    CoordinationMatter,
    Ground,
    JointActionProposal,
    LiaisonRecord,
    ParticipantResponse,
    ProposalAttachment,
    ProposalLetter,
    RegisterLink,
    ResultsReport,
)
from .transitions import PROPOSAL_WORKFLOW

# --- Read serializers --------------------------------------------------------------------------


# Shapes of the nested read-only values a proposal carries. They describe (in the OpenAPI schema)
# exactly what the SerializerMethodFields below return.


class DepartmentResponseSerializer(serializers.ModelSerializer):
    """A department's answer to the current version of the proposal."""

    decision_display = LabelField(source="get_decision_display")
    responded_by = serializers.CharField(help_text="The responder's full name (or username).")

    class Meta:
        model = ParticipantResponse
        fields = ["decision", "decision_display", "reason", "responded_by", "responded_at"]
        read_only_fields = fields


class ResultsReportSerializer(serializers.ModelSerializer):
    class Meta:
        model = ResultsReport
        fields = ["inspections_count", "cases_filed_count", "problems_count", "problems_found", "follow_ups",
                  "summary", "reported_at"]
        read_only_fields = fields


class ProposalLetterSerializer(serializers.ModelSerializer):
    number = serializers.CharField(source="document_number")
    document_id = serializers.IntegerField(read_only=True, help_text="The 建议书 (GET /api/v1/documents/{id}/).")

    class Meta:
        model = ProposalLetter
        fields = ["version", "document_id", "number", "superseded", "issued_at"]
        read_only_fields = fields


class ProposalAttachmentSerializer(serializers.ModelSerializer):
    url = serializers.URLField(help_text="Download link (served through a scoped view).")

    class Meta:
        model = ProposalAttachment
        # original_name and content_type: the fields every app's attachments share (added alongside).
        fields = ["id", "name", "original_name", "content_type", "size", "sha256", "uploaded_at", "url"]
        read_only_fields = fields


class DepartmentSerializer(serializers.Serializer):
    organization = serializers.SerializerMethodField()
    duties = serializers.CharField(source="participant.duties")
    is_initiating = serializers.BooleanField(source="participant.is_initiating")
    response = serializers.SerializerMethodField()

    @extend_schema_field(OrganizationRefSerializer)
    def get_organization(self, item):
        return OrganizationRefSerializer(item["participant"].organization).data

    @extend_schema_field(DepartmentResponseSerializer(allow_null=True))
    def get_response(self, item):
        r = item["response"]
        if r is None:
            return None
        return {"decision": r.decision, "decision_display": r.get_decision_display(), "reason": r.reason,
                "responded_by": r.responded_by.get_full_name() or r.responded_by.get_username(),
                "responded_at": r.responded_at}


class TransitionSerializer(serializers.Serializer):
    action = serializers.CharField()
    from_state = serializers.CharField()
    to_state = serializers.CharField()
    actor = serializers.SerializerMethodField()
    note = serializers.CharField()
    at = serializers.DateTimeField()

    def get_actor(self, t) -> str | None:
        return (t.actor.get_full_name() or t.actor.get_username()) if t.actor else None


class ProposalListSerializer(serializers.ModelSerializer):
    state_display = LabelField(source="get_state_display", read_only=True)
    proposer = OrganizationRefSerializer(read_only=True)
    initiating_department = OrganizationRefSerializer(read_only=True)
    grounds = serializers.ListField(child=serializers.CharField(), read_only=True)
    allowed_actions = AllowedActionsField(PROPOSAL_WORKFLOW)

    class Meta:
        model = JointActionProposal
        fields = ["id", "number", "title", "state", "state_display", "allowed_actions", "proposer",
                  "initiating_department", "grounds", "period_start", "period_end", "version", "created_at"]


class ProposalDetailSerializer(ProposalListSerializer):
    grounds_display = serializers.SerializerMethodField()
    departments = serializers.SerializerMethodField()
    results = serializers.SerializerMethodField()
    letters = serializers.SerializerMethodField()
    transitions = serializers.SerializerMethodField()
    timeline = timeline_field(PROPOSAL_WORKFLOW, entries=lambda obj, user: selectors.proposal_timeline(obj))
    attachments = serializers.SerializerMethodField()

    class Meta(ProposalListSerializer.Meta):
        fields = [*ProposalListSerializer.Meta.fields, "grounds_display", "grounds_other", "background",
                  "target_scope", "key_matters", "departments", "results", "letters", "attachments", "transitions", "timeline",
                  "cancel_reason", "proposed_at", "updated_at"]

    def get_grounds_display(self, obj) -> list[str]:
        return obj.grounds_display()

    @extend_schema_field(DepartmentSerializer(many=True))
    def get_departments(self, obj):
        return DepartmentSerializer(selectors.responses_by_department(obj), many=True).data

    @extend_schema_field(ResultsReportSerializer(allow_null=True))
    def get_results(self, obj):
        r = getattr(obj, "results", None)
        if r is None:
            return None
        return {"inspections_count": r.inspections_count, "cases_filed_count": r.cases_filed_count,
                "problems_count": r.problems_count, "problems_found": r.problems_found, "follow_ups": r.follow_ups,
                "summary": r.summary, "reported_at": r.reported_at}

    @extend_schema_field(ProposalLetterSerializer(many=True))
    def get_letters(self, obj):
        return [{"version": x.version, "document_id": x.document_id, "number": x.document_number,
                 "superseded": x.superseded, "issued_at": x.issued_at} for x in obj.letters.all()]

    @extend_schema_field(ProposalAttachmentSerializer(many=True))
    def get_attachments(self, obj):
        request = self.context.get("request")
        return [{"id": a.id, "name": a.name, "original_name": a.original_name, "content_type": a.content_type,
                 "size": a.size, "sha256": a.sha256, "uploaded_at": a.uploaded_at,
                 "url": request.build_absolute_uri(a.get_absolute_url()) if request else a.get_absolute_url()}
                for a in obj.attachments.all()]

    @extend_schema_field(TransitionSerializer(many=True))
    def get_transitions(self, obj):
        return TransitionSerializer(selectors.proposal_timeline(obj), many=True).data


# --- Write serializers ---------------------------------------------------------------------------


class ParticipantInputSerializer(serializers.Serializer):
    organization = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.filter(is_active=True))
    duties = serializers.CharField(allow_blank=True, default="")


class ProposalWriteSerializer(serializers.Serializer):
    proposer = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.filter(is_active=True), required=False,
                                                  help_text="Defaults to your only proposing body.")
    title = serializers.CharField(max_length=200, allow_blank=True, default="")
    grounds = serializers.ListField(child=serializers.ChoiceField(choices=Ground.choices), allow_empty=True, default=list)
    grounds_other = serializers.CharField(allow_blank=True, default="")
    background = serializers.CharField(allow_blank=True, default="")
    target_scope = serializers.CharField(allow_blank=True, default="")
    period_start = serializers.DateField(required=False, allow_null=True, default=None)
    period_end = serializers.DateField(required=False, allow_null=True, default=None)
    key_matters = serializers.CharField(allow_blank=True, default="")
    initiating_department = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.filter(is_active=True),
                                                               required=False, allow_null=True, default=None)
    initiating_duties = serializers.CharField(allow_blank=True, default="")
    participants = ParticipantInputSerializer(many=True, required=False, default=list)

    def content(self) -> services.ProposalContent:
        d = self.validated_data
        return services.ProposalContent(
            title=d["title"], grounds=d["grounds"], grounds_other=d["grounds_other"], background=d["background"],
            target_scope=d["target_scope"], period_start=d["period_start"], period_end=d["period_end"],
            key_matters=d["key_matters"], initiating_department=d["initiating_department"],
            initiating_duties=d["initiating_duties"],
            participants=[(p["organization"], p["duties"]) for p in d["participants"]],
        )


class ProposalNoteInput(serializers.Serializer):
    note = serializers.CharField(allow_blank=True, required=False, default="")


class AcceptInput(ProposalNoteInput):
    organization = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.all(), required=False,
                                                      help_text="Only when you answer for more than one department.")


class ObjectInput(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, required=False, default="")
    organization = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.all(), required=False)


class CancelInput(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, required=False, default="")


class CompleteInput(serializers.Serializer):
    inspections_count = serializers.IntegerField(min_value=0, required=False, allow_null=True, default=None)
    cases_filed_count = serializers.IntegerField(min_value=0, required=False, allow_null=True, default=None)
    problems_count = serializers.IntegerField(min_value=0, required=False, allow_null=True, default=None)
    problems_found = serializers.CharField(allow_blank=True, required=False, default="")
    follow_ups = serializers.CharField(allow_blank=True, required=False, default="")
    summary = serializers.CharField(allow_blank=True, required=False, default="")
    note = serializers.CharField(allow_blank=True, required=False, default="")


def _proposer_for(user, requested):
    bodies = services.proposing_organizations(user)
    if requested is not None:
        return requested
    if len(bodies) == 1:
        return bodies[0]
    if not bodies:
        from workflow.errors import ActionNotPermitted

        raise ActionNotPermitted("只有司法行政部门或综合行政执法指导机构的工作人员可以起草联合执法建议（第八条）。")
    raise ValidationError({"proposer": ["您属于多个建议机关，请指定 proposer。"]})


class JointActionViewSet(ExportableListMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Joint-enforcement proposals (Art. 8). Create a draft with POST, edit it with PATCH while draft;
    each step is `POST /joint-actions/<id>/<action>/`."""

    filterset_class = ProposalFilterSet
    export_columns, export_filename = PROPOSAL_COLUMNS, "联合执法"

    def get_queryset(self):
        return selectors.proposal_list(self.request.user)

    def get_serializer_class(self):
        return ProposalListSerializer if self.action == "list" else ProposalDetailSerializer

    @extend_schema(request=ProposalWriteSerializer, responses=ProposalDetailSerializer)
    def create(self, request):
        serializer = ProposalWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        proposer = _proposer_for(request.user, serializer.validated_data.get("proposer"))
        proposal = services.create_proposal(acting_user=request.user, proposer=proposer, content=serializer.content())
        return Response(ProposalDetailSerializer(proposal, context=self.get_serializer_context()).data,
                        status=status.HTTP_201_CREATED)

    @extend_schema(request=ProposalWriteSerializer, responses=ProposalDetailSerializer)
    def partial_update(self, request, pk=None):
        proposal = self.get_object()
        serializer = ProposalWriteSerializer(data={**ProposalWriteSerializer(_as_input(proposal)).data, **request.data})
        serializer.is_valid(raise_exception=True)
        proposal = services.update_proposal(proposal, acting_user=request.user, content=serializer.content())
        return Response(ProposalDetailSerializer(proposal, context=self.get_serializer_context()).data)

    propose = workflow_action("propose", services.propose, ProposalNoteInput)
    accept = workflow_action("accept", services.accept_proposal, AcceptInput)
    object = workflow_action("object", services.object_to_proposal, ObjectInput)
    revise = workflow_action("revise", services.revise_proposal, ProposalNoteInput)
    start = workflow_action("start", services.start_action, ProposalNoteInput)
    complete = workflow_action("complete", services.complete_action, CompleteInput)
    close = workflow_action("close", services.close_proposal, ProposalNoteInput)
    cancel = workflow_action("cancel", services.cancel_proposal, CancelInput)


def _as_input(proposal) -> dict:
    departments = proposal.departments()
    lead = next((p for p in departments if p.is_initiating), None)
    return {
        "proposer": proposal.proposer, "title": proposal.title, "grounds": proposal.grounds,
        "grounds_other": proposal.grounds_other, "background": proposal.background,
        "target_scope": proposal.target_scope, "period_start": proposal.period_start,
        "period_end": proposal.period_end, "key_matters": proposal.key_matters,
        "initiating_department": proposal.initiating_department, "initiating_duties": lead.duties if lead else "",
        "participants": [{"organization": p.organization, "duties": p.duties} for p in departments if not p.is_initiating],
    }


# --- Registers -------------------------------------------------------------------------------------


class LinkInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[(k, str(v.label)) for k, v in LINK_KINDS.items()])
    reference = serializers.CharField(help_text="The number (越司联建〔2026〕1号) or the id of the object.")


class LinkSerializer(serializers.ModelSerializer):
    kind = serializers.SerializerMethodField()

    class Meta:
        model = RegisterLink
        fields = ["kind", "target_id", "label", "created_at"]

    def get_kind(self, link) -> str:
        model = link.target_type.model_class()
        return next((slug for slug, k in LINK_KINDS.items() if k.model() is model), link.target_type.model)


# Each entry's links with their kind, read for the whole page at once (not per entry: issue 18).
LINKS = Prefetch("links", queryset=RegisterLink.objects.select_related("target_type"))


class CoordinationMatterSerializer(serializers.ModelSerializer):
    recorded_by = OrganizationRefSerializer(read_only=True)
    organizations = OrganizationRefSerializer(many=True, read_only=True)
    category_display = LabelField(source="get_category_display", read_only=True)
    status_display = LabelField(source="get_status_display", read_only=True)
    links = LinkSerializer(many=True, read_only=True)

    class Meta:
        model = CoordinationMatter
        fields = ["id", "recorded_by", "category", "category_display", "title", "description", "organizations",
                  "matter_date", "status", "status_display", "outcome", "links", "created_at", "updated_at"]


class CoordinationMatterInput(serializers.Serializer):
    recorded_by = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.filter(is_active=True), required=False)
    category = serializers.ChoiceField(choices=CoordinationMatter.Category.choices,
                                       default=CoordinationMatter.Category.MAJOR_DIFFICULT)
    title = serializers.CharField(allow_blank=True, default="")
    description = serializers.CharField(allow_blank=True, default="")
    matter_date = serializers.DateField(required=False, allow_null=True, default=None)
    organizations = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.filter(is_active=True),
                                                       many=True, required=False, default=list)
    status = serializers.ChoiceField(choices=CoordinationMatter.Status.choices, default=CoordinationMatter.Status.OPEN)
    outcome = serializers.CharField(allow_blank=True, default="")
    links = LinkInput(many=True, required=False, default=list)


class OutcomeInput(serializers.Serializer):
    status = serializers.ChoiceField(choices=CoordinationMatter.Status.choices)
    outcome = serializers.CharField(allow_blank=True, default="")


class LinksInput(serializers.Serializer):
    links = LinkInput(many=True)


class LiaisonRecordSerializer(serializers.ModelSerializer):
    recorded_by = OrganizationRefSerializer(read_only=True)
    counterpart_kind_display = LabelField(source="get_counterpart_kind_display", read_only=True)
    exchange_type_display = LabelField(source="get_exchange_type_display", read_only=True)
    direction_display = LabelField(source="get_direction_display", read_only=True)
    links = LinkSerializer(many=True, read_only=True)

    class Meta:
        model = LiaisonRecord
        fields = ["id", "recorded_by", "counterpart_kind", "counterpart_kind_display", "counterpart_name",
                  "exchange_type", "exchange_type_display", "direction", "direction_display", "exchange_date",
                  "reference", "summary", "links", "created_at"]


class LiaisonRecordInput(serializers.Serializer):
    recorded_by = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.filter(is_active=True), required=False)
    counterpart_kind = serializers.ChoiceField(choices=LiaisonRecord.CounterpartKind.choices)
    counterpart_name = serializers.CharField(allow_blank=True, default="")
    exchange_type = serializers.ChoiceField(choices=LiaisonRecord.ExchangeType.choices)
    direction = serializers.ChoiceField(choices=LiaisonRecord.Direction.choices, default=LiaisonRecord.Direction.OUTGOING)
    exchange_date = serializers.DateField(required=False, allow_null=True, default=None)
    reference = serializers.CharField(allow_blank=True, default="")
    summary = serializers.CharField(allow_blank=True, default="")
    links = LinkInput(many=True, required=False, default=list)


def _recorder_for(user, requested):
    bodies = services.proposing_organizations(user)
    if requested is not None:
        return requested
    if len(bodies) == 1:
        return bodies[0]
    if not bodies:
        from workflow.errors import ActionNotPermitted

        raise ActionNotPermitted("协调衔接登记由司法行政部门或综合行政执法指导机构负责（第九条、第十条）。")
    raise ValidationError({"recorded_by": ["您属于多个机关，请指定 recorded_by。"]})


def _pairs(links) -> list[tuple[str, str]]:
    return [(x["kind"], x["reference"]) for x in links]


class CoordinationMatterViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Art. 9: 重大行政执法事项协调 register."""

    serializer_class = CoordinationMatterSerializer
    filterset_class = CoordinationMatterFilterSet

    def get_queryset(self):
        return selectors.coordination_matter_list(self.request.user).prefetch_related(LINKS)

    @extend_schema(request=CoordinationMatterInput, responses=CoordinationMatterSerializer)
    def create(self, request):
        data = _validated(CoordinationMatterInput, request.data)
        matter = services.create_coordination_matter(
            acting_user=request.user, recorded_by=_recorder_for(request.user, data.get("recorded_by")),
            category=data["category"], title=data["title"], description=data["description"],
            matter_date=data["matter_date"], organizations=data["organizations"], status=data["status"],
            outcome=data["outcome"], links=_pairs(data["links"]),
        )
        return Response(self.get_serializer(matter).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=OutcomeInput, responses=CoordinationMatterSerializer)
    @action(detail=True, methods=["post"], url_path="outcome")
    def outcome(self, request, pk=None):
        matter = self.get_object()
        data = _validated(OutcomeInput, request.data)
        matter = services.record_matter_outcome(matter, acting_user=request.user, **data)
        return Response(self.get_serializer(matter).data)

    @extend_schema(request=LinksInput, responses=CoordinationMatterSerializer)
    @action(detail=True, methods=["post"], url_path="links")
    def links(self, request, pk=None):
        matter = self.get_object()
        data = _validated(LinksInput, request.data)
        services.link_register_entry(matter, acting_user=request.user, links=_pairs(data["links"]))
        return Response(self.get_serializer(matter).data)


class LiaisonRecordViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Art. 10: liaison with legislative, supervisory and judicial bodies."""

    serializer_class = LiaisonRecordSerializer
    filterset_class = LiaisonRecordFilterSet

    def get_queryset(self):
        return selectors.liaison_record_list(self.request.user).prefetch_related(LINKS)

    @extend_schema(request=LiaisonRecordInput, responses=LiaisonRecordSerializer)
    def create(self, request):
        data = _validated(LiaisonRecordInput, request.data)
        record = services.create_liaison_record(
            acting_user=request.user, recorded_by=_recorder_for(request.user, data.get("recorded_by")),
            counterpart_kind=data["counterpart_kind"], counterpart_name=data["counterpart_name"],
            exchange_type=data["exchange_type"], direction=data["direction"], exchange_date=data["exchange_date"],
            summary=data["summary"], reference=data["reference"], links=_pairs(data["links"]),
        )
        return Response(self.get_serializer(record).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=LinksInput, responses=LiaisonRecordSerializer)
    @action(detail=True, methods=["post"], url_path="links")
    def links(self, request, pk=None):
        record = self.get_object()
        data = _validated(LinksInput, request.data)
        services.link_register_entry(record, acting_user=request.user, links=_pairs(data["links"]))
        return Response(self.get_serializer(record).data)


def _validated(serializer_class, data) -> dict:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data
