"""`/api/v1/enforcement-records/`: the scoped list, batches pushed by agency systems, and file import.

POST `{"records": [...]}` (keys are the template's field names, see docs/records_centre.md) is sent
with an agency system's token: the account is the agency's contact, so a batch is always that
agency's own records. POST `{"warnings": [...]}` by a bureau's staff brings outside warnings in.
All or nothing: a 400 lists every bad row (`rows`: row, column, message) and nothing is stored but the
received body (kept with its SHA-256, `batch`).
"""

import json

from django.core.exceptions import ValidationError
from django.http.request import RawPostDataException
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from organizations.models import Organization, OrganizationKind
from shaoxing_supervision.api import LabelField

from . import selectors, services, warnings
from .filters import RecordFilterSet
from .models import EnforcementRecord, ImportBatch, RecordKind


class PartySerializer(serializers.Serializer):
    kind = serializers.CharField()
    display_name = serializers.CharField()
    id_display = serializers.CharField()


class OfficerSerializer(serializers.Serializer):
    name = serializers.CharField()
    certificate_number = serializers.CharField()


class RecordSerializer(serializers.ModelSerializer):
    agency_name = serializers.CharField(source="agency.name", read_only=True)
    division = serializers.SlugRelatedField(slug_field="code", read_only=True)
    kind_display = LabelField(source="get_kind_display", read_only=True)
    parties = PartySerializer(many=True, read_only=True)
    officers = OfficerSerializer(many=True, read_only=True)

    class Meta:
        model = EnforcementRecord
        fields = ["id", "agency", "agency_name", "case_number", "kind", "kind_display", "title", "division",
                  "party_kind", "party_display", "parties", "officers", "act_on", "violated_provision", "legal_basis",
                  "decision", "fine_amount", "confiscation_amount", "heavy_sanction", "is_major", "filed_on",
                  "investigation_ended_on", "notified_on", "hearing_notice_on", "legal_review_on",
                  "collective_discussion_on", "extension_approved_on", "decided_on", "served_on", "executed_on",
                  "closed_on", "revision", "changed_at"]


class BatchSerializer(serializers.ModelSerializer):
    class Meta:
        model = ImportBatch
        fields = ["id", "channel", "content", "agency", "outcome", "original_name", "sha256", "size", "row_count",
                  "created_count", "updated_count", "unchanged_count", "errors", "uploaded_at"]


class RecordPushInput(serializers.Serializer):
    records = serializers.ListField(child=serializers.DictField(), required=False,
                                    help_text="执法记录数组；字段名见导入模板（docs/records_centre.md）")
    warnings = serializers.ListField(child=serializers.DictField(), required=False,
                                     help_text="外部预警数组（省快速预警、12345工单）")


class RecordImportInput(serializers.Serializer):
    file = serializers.FileField()
    content = serializers.ChoiceField(choices=ImportBatch.Content.choices, default=ImportBatch.Content.RECORDS)
    agency = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.filter(kind=OrganizationKind.ENFORCEMENT_AGENCY, is_active=True),
        required=False, allow_null=True)


REJECTED = OpenApiResponse(
    response=inline_serializer("ImportRejected", {
        "errors": serializers.DictField(child=serializers.ListField(child=serializers.CharField())),
        # `rows` and `batch` come with a rejected batch; a request refused before reading (no file,
        # no agency, not the expected body) carries `errors` only.
        "rows": serializers.ListField(child=serializers.DictField(), required=False),
        "batch": BatchSerializer(required=False)}),
    description="整批拒收：逐行列出错误（行、列、问题），除原始文件外不保存任何数据")


def _rejected(exc: services.ImportRejected) -> Response:
    return Response({"errors": {"records": [r["message"] for r in exc.report]}, "rows": exc.report,
                     "batch": BatchSerializer(exc.batch).data}, status=status.HTTP_400_BAD_REQUEST)


def _accepted(batch) -> Response:
    return Response({"batch": BatchSerializer(batch).data}, status=status.HTTP_201_CREATED)


class RecordViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """执法记录 (条例 Art. 5). A bureau reads its area's records; an agency its own."""

    queryset = EnforcementRecord.objects.all()
    serializer_class = RecordSerializer
    filterset_class = RecordFilterSet
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        return selectors.record_list(self.request.user).prefetch_related("parties", "officers")

    @extend_schema(request=RecordPushInput, responses={201: inline_serializer("ImportAccepted", {"batch": BatchSerializer()}),
                                                 400: REJECTED})
    def create(self, request, *args, **kwargs):
        data = request.data if isinstance(request.data, dict) else {}
        try:
            raw = request.body  # the bytes as sent, kept with their SHA-256
        except RawPostDataException:  # already consumed by the parser: keep the parsed batch instead
            raw = json.dumps(data, ensure_ascii=False, default=str).encode()
        if ("records" in data) == ("warnings" in data):
            raise ValidationError({"records": ["请求体应为 {\"records\": [...]} 或 {\"warnings\": [...]}。"]})
        try:
            if "warnings" in data:
                return _accepted(warnings.import_warnings_json(warnings=data["warnings"], raw=raw,
                                                               acting_user=request.user))
            agency = services.agency_of_token_user(request.user)
            if agency is None:
                raise ValidationError({"records": ["该令牌不属于某一行政执法机关的接口账号，不能推送执法记录。"]})
            result = services.import_json(agency=agency, records=data["records"], raw=raw, acting_user=request.user)
        except services.ImportRejected as exc:
            return _rejected(exc)
        return _accepted(result.batch)

    @extend_schema(request={"multipart/form-data": RecordImportInput},
                   responses={201: inline_serializer("FileImportAccepted", {"batch": BatchSerializer()}), 400: REJECTED})
    @action(detail=False, methods=["post"], url_path="import", parser_classes=[MultiPartParser, FormParser])
    def import_file(self, request):
        serializer = RecordImportInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            if data["content"] == ImportBatch.Content.WARNINGS:
                return _accepted(warnings.import_warnings_file(upload=data["file"], acting_user=request.user))
            agency = data.get("agency") or services.agency_of_token_user(request.user)
            if agency is None:
                raise ValidationError({"agency": ["请选择报送机关。"]})
            result = services.import_file(agency=agency, upload=data["file"], acting_user=request.user)
        except services.ImportRejected as exc:
            return _rejected(exc)
        return _accepted(result.batch)

    @extend_schema(responses={(200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"): OpenApiTypes.BINARY})
    @action(detail=False, methods=["get"], url_path="template")
    def template(self, request):
        from django.http import HttpResponse

        from .reading import template_xlsx
        from .views import XLSX

        content = "warnings" if request.query_params.get("content") == "warnings" else "records"
        response = HttpResponse(template_xlsx(content), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{content}-template.xlsx"'
        return response


__all__ = ["RecordViewSet", "RecordKind"]
