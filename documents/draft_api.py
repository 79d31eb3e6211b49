"""REST API of drafting and sign-off: /api/v1/documents/drafts/ (拟稿 → 核稿 → 签发).

The one-step issuing actions of the owning apps (`POST /api/v1/supervision/cases/{id}/issue_notice/` ...)
stay as they are; this is the other path: `POST /drafts/` with the flow and the same inputs as the
action's page form, then `submit`, `return` (with `comment`), `approve` and `sign` by the people the
office has for each step. Only `sign` numbers the document and moves the case.
"""

from django.http import FileResponse, Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from organizations.api import OrganizationRefSerializer
from shaoxing_supervision.api import LabelField
from workflow.acting import perform_as
from workflow.api import workflow_action

from . import drafting, flows
from .models import DocumentDraft, DraftVersion
from .selectors import draft_list_for_user, may_see_draft


class DraftVersionSerializer(serializers.ModelSerializer):
    created_by = serializers.CharField(source="created_by.username")
    preview_url = serializers.SerializerMethodField()

    class Meta:
        model = DraftVersion
        fields = ["number", "title", "inputs", "context", "diff", "review_comment", "created_by", "created_at",
                  "preview_url"]

    def get_preview_url(self, obj) -> str | None:
        request = self.context.get("request")
        if not obj.preview or request is None:
            return None
        return request.build_absolute_uri(f"/api/v1/documents/drafts/{obj.draft_id}/preview/?version={obj.number}")


class DraftSerializer(serializers.ModelSerializer):
    state_display = LabelField(source="get_state_display", read_only=True)
    kind_display = LabelField(source="get_kind_display", read_only=True)
    issuer = OrganizationRefSerializer(read_only=True)
    drafting_office = OrganizationRefSerializer(read_only=True)
    recipients = OrganizationRefSerializer(many=True, read_only=True)
    subject_type = serializers.SerializerMethodField()
    drafted_by = serializers.CharField(source="drafted_by.username", read_only=True)
    reviewed_by = serializers.CharField(source="reviewed_by.username", default=None, read_only=True)
    signed_by = serializers.CharField(source="signed_by.username", default=None, read_only=True)
    document_number = serializers.CharField(source="document.number", default=None, read_only=True)
    versions = serializers.SerializerMethodField()
    allowed_actions = serializers.SerializerMethodField()

    class Meta:
        model = DocumentDraft
        fields = ["id", "flow", "kind", "kind_display", "state", "state_display", "issuer", "drafting_office",
                  "recipients", "subject_type", "subject_id", "drafted_by", "created_at", "reviewed_by", "reviewed_at",
                  "signed_by", "signed_at", "document", "document_number", "withdraw_reason", "allowed_actions",
                  "versions"]

    def get_subject_type(self, obj) -> str:
        return f"{obj.subject_type.app_label}.{obj.subject_type.model}"

    def get_versions(self, obj) -> list[dict]:
        # Prefetched by draft_list_for_user for the list and the detail; a draft just acted on reads them here.
        versions = sorted(obj.versions.all(), key=lambda version: -version.number)  # newest first
        return DraftVersionSerializer(versions, many=True, context=self.context).data

    def get_allowed_actions(self, obj) -> list[str]:
        request = self.context.get("request")
        return drafting.allowed_draft_actions(obj, request.user) if request is not None else []


class StartDraftSerializer(serializers.Serializer):
    flow = serializers.ChoiceField(choices=[], help_text="e.g. supervision.issue_notice, supervision.issue_opinion, "
                                   "supervision.issue_urging_letter, supervision.request_decision, "
                                   "supervision.propose_decision, supervision.issue_decision, disputes.issue_opinion, "
                                   "disputes.escalate")
    subject_id = serializers.IntegerField(min_value=1, help_text="The case's or the dispute's id")
    inputs = serializers.DictField(help_text="The fields of the action's form (the same names as its one-step action)")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["flow"].choices = sorted(flows.FLOWS)


class ReviseSerializer(serializers.Serializer):
    inputs = serializers.DictField(help_text="The fields that change; the others are kept from the last version")


class CommentSerializer(serializers.Serializer):
    comment = serializers.CharField(max_length=2000)


class WithdrawSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True)


def _then_draft(step):
    """The drafting services answer a version or a document; the API answers the draft, fresh."""
    def service(draft, *, acting_user, **data):
        step(draft, acting_user=acting_user, **data)
        return DocumentDraft.objects.get(pk=draft.pk)
    return service


class DraftViewSet(viewsets.ReadOnlyModelViewSet):
    """Drafts written or signed by the user's offices (clerks, reviewers, leaders); others are a 404."""

    serializer_class = DraftSerializer

    def get_queryset(self):
        return draft_list_for_user(self.request.user)

    def get_object(self):
        draft = super().get_object()
        if draft.flow:
            flows.get_flow(draft.flow).get_subject(self.request.user, draft.subject_id)
        if not may_see_draft(self.request.user, draft):
            raise Http404
        return draft

    @extend_schema(request=StartDraftSerializer, responses={201: DraftSerializer})
    def create(self, request):
        """拟稿: the inputs are checked by the action's own form and service; a 样稿 (no number) is made."""
        serializer = StartDraftSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        flow = flows.get_flow(serializer.validated_data["flow"])
        subject = flow.get_subject(request.user, serializer.validated_data["subject_id"])
        draft = perform_as(request.user, drafting.start_flow_draft, flow.key, subject,
                           inputs=serializer.validated_data["inputs"], acting_user=request.user)
        return Response(self.get_serializer(draft).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY},
                   parameters=[OpenApiParameter("version", OpenApiTypes.INT, description="稿次 (default: the last)")])
    @action(detail=True, methods=["get"], url_path="preview")
    def preview(self, request, pk=None):
        """The version's 样稿 PDF: watermarked, without a number."""
        draft = self.get_object()
        number = request.query_params.get("version")
        versions = draft.versions.order_by("-number")
        version = versions.filter(number=number).first() if (number or "").isdigit() else versions.first()
        if version is None or not version.preview:
            raise Http404
        return FileResponse(version.preview.open("rb"), content_type="application/pdf")

    revise = workflow_action("revise", _then_draft(lambda d, acting_user, inputs: drafting.revise_draft(
        d, context=inputs, acting_user=acting_user)), ReviseSerializer)
    submit = workflow_action("submit", _then_draft(drafting.submit_draft))
    approve = workflow_action("approve", _then_draft(drafting.approve_draft))
    sign = workflow_action("sign", _then_draft(drafting.sign_draft))
    withdraw = workflow_action("withdraw", _then_draft(drafting.withdraw_draft), WithdrawSerializer)


# `return` is a Python keyword: the action is set under its slug after the class.
setattr(DraftViewSet, "return", workflow_action("return", _then_draft(drafting.return_draft), CommentSerializer))
