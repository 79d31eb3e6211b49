"""REST API: /api/v1/documents/ (api.md). Reads are scoped; actions call the same services."""

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from exports.api import ExportableListMixin
from organizations.api import OrganizationRefSerializer
from shaoxing_supervision.api import LabelField
from workflow.api import TimelineOnDetailMixin, timeline_field, workflow_action

from . import services
from .exports import DOCUMENT_COLUMNS
from .filters import DocumentFilter
from .models import Document
from .selectors import document_list_for_user
from .storage import DocumentIntegrityError, read_for_download


class DocumentSerializer(TimelineOnDetailMixin, serializers.ModelSerializer):
    kind_display = LabelField(source="get_kind_display", read_only=True)
    status_display = LabelField(source="get_status_display", read_only=True)
    issuer = OrganizationRefSerializer(read_only=True)
    recipients = OrganizationRefSerializer(many=True, read_only=True)
    subject_type = serializers.SerializerMethodField()
    previous = serializers.PrimaryKeyRelatedField(read_only=True)
    pdf_url = serializers.SerializerMethodField()
    allowed_actions = serializers.SerializerMethodField()
    timeline = timeline_field()

    class Meta:
        model = Document
        fields = ["id", "number", "kind", "kind_display", "title", "status", "status_display", "sha256", "size",
                  "version", "previous", "issue_date", "issuer", "recipients", "fonts", "subject_type", "subject_id",
                  "failure_reason", "void_reason", "rendered_at", "issued_at", "pdf_url", "allowed_actions", "timeline"]

    def get_subject_type(self, obj) -> str:
        return f"{obj.subject_type.app_label}.{obj.subject_type.model}"

    def get_pdf_url(self, obj) -> str | None:
        request = self.context.get("request")
        if not obj.is_downloadable or request is None:
            return None
        return request.build_absolute_uri(f"/api/v1/documents/{obj.pk}/pdf/")

    def get_allowed_actions(self, obj) -> list[str]:
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if user is None or not services.can_manage_document(user, obj):
            return []
        actions = []
        if obj.status == Document.Status.FAILED:
            actions.append("retry")
        if obj.status != Document.Status.VOID:
            actions += ["reissue", "void"]
        return actions


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=1000)


class VerifyUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="The PDF to check (at most 20 MB)")


class PublicRecordSerializer(serializers.Serializer):
    number = serializers.CharField()
    issuer = serializers.CharField()
    issue_date = serializers.CharField()
    state = serializers.ChoiceField(choices=["valid", "void", "replaced", "pending"])
    state_display = serializers.CharField()
    replaced_by = serializers.CharField(allow_null=True)
    sha256 = serializers.CharField()
    sealed_by = serializers.CharField(allow_null=True)


class SignatureCheckSerializer(serializers.Serializer):
    signed = serializers.BooleanField()
    intact = serializers.BooleanField()
    trusted = serializers.BooleanField()
    covers_whole_file = serializers.BooleanField()
    signer = serializers.CharField(allow_null=True)


class VerifyResultSerializer(serializers.Serializer):
    sha256 = serializers.CharField()
    matches_record = serializers.BooleanField()
    authentic = serializers.BooleanField()
    stamped_void_copy = serializers.BooleanField()
    signature = SignatureCheckSerializer()
    document = PublicRecordSerializer(allow_null=True)


class DocumentViewSet(ExportableListMixin, viewsets.ReadOnlyModelViewSet):
    """Official documents the user may see (their subject is visible, or their organisation issued or received them)."""

    serializer_class = DocumentSerializer
    filterset_class = DocumentFilter
    export_columns, export_filename = DOCUMENT_COLUMNS, "公文"

    def get_queryset(self):
        return document_list_for_user(self.request.user)

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY}, parameters=[
        OpenApiParameter("original", OpenApiTypes.BOOL, description="A void document: the PDF as issued, "
                         "without the 作废 stamp (default: the stamped copy)")])
    @action(detail=True, methods=["get"], url_path="pdf")
    def pdf(self, request, pk=None):
        """The PDF, only when ready and its SHA-256 verified; 409 while rendering or after a failure."""
        document = self.get_object()
        if not document.is_downloadable:
            return Response({"detail": f"PDF not available: document is {document.status}", "code": "not_ready",
                             "status": document.status}, status=status.HTTP_409_CONFLICT)
        try:
            # A void document's PDF is served with its 作废 stamp; ?original=1 gives it as issued.
            data, sha256 = read_for_download(document, original=request.query_params.get("original") == "1")
        except DocumentIntegrityError:
            return Response({"detail": "stored PDF does not match its recorded SHA-256; download refused",
                             "code": "integrity_error"}, status=status.HTTP_500_INTERNAL_SERVER_ERROR)
        response = HttpResponse(data, content_type="application/pdf")
        response["Content-Disposition"] = f"inline; filename=\"document-{document.pk}.pdf\""
        response["X-Content-SHA256"] = sha256
        return response

    @extend_schema(request={"multipart/form-data": VerifyUploadSerializer}, responses={
        200: VerifyResultSerializer, 400: OpenApiResponse(description='{"errors": {"file": [...]}}')}, auth=[])
    @action(detail=False, methods=["post"], url_path="verify", permission_classes=[AllowAny], authentication_classes=[],
            parser_classes=[MultiPartParser])
    def verify(self, request):
        """Anyone (no login): is this PDF one the system issued, unaltered, with a valid electronic seal?

        Answers only the number, issuer, date, state and SHA-256 of the matching document.
        """
        from .verification import MAX_UPLOAD_BYTES, check_upload

        upload = request.FILES.get("file")
        if upload is None:
            return Response({"errors": {"file": ["请上传 PDF 文件。"]}}, status=status.HTTP_400_BAD_REQUEST)
        if upload.size > MAX_UPLOAD_BYTES:
            return Response({"errors": {"file": ["文件过大（上限 20 MB）。"]}}, status=status.HTTP_400_BAD_REQUEST)
        return Response(check_upload(upload.read()).as_dict())

    void = workflow_action("void", services.void_document, ReasonSerializer)
    reissue = workflow_action("reissue", services.reissue_document, ReasonSerializer)
    retry = workflow_action("retry", services.retry_rendering)
