"""API of the briefings, the assessment and the commendations (api.md "Statistics"; issue 16).

* `GET/POST /api/v1/briefings/`, `GET /api/v1/briefings/{id}/` (`?format=xlsx`: the tables as a workbook),
  `POST /api/v1/briefings/{id}/commentary/`, `POST /api/v1/briefings/{id}/issue/`;
* `GET /api/v1/statistics/assessment/?year=&bureau=`, `POST /api/v1/statistics/assessment/weights/`;
* `GET/POST /api/v1/commendations/`, `GET /api/v1/commendations/{id}/`, `POST /api/v1/commendations/{id}/decide/`.

Every read is scoped (organizations.scoping: a record out of reach is a 404); bad input is a 400
`{"errors": {...}}` through the project's exception handler; a refused move is 403, a stale one 409.
"""

from django.core.exceptions import ValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from organizations.models import Organization
from workflow.acting import perform_as
from workflow.api import workflow_action

from . import services
from .assessment import assessment_table, assessment_tables
from .briefing_selectors import briefing_list, commendation_list
from .exports import tables_xlsx
from .filters import can_see_statistics
from .forms import AssessmentFilterForm, bureaus_of
from .models import Audience, Briefing, Commendation, Indicator, PeriodKind

_errors = inline_serializer("CockpitErrors", {"errors": serializers.DictField(
    child=serializers.ListField(child=serializers.CharField()))})
# 403 (a person who may not) and 409 (already issued / decided): {"detail", "code"} (shaoxing_supervision.api).
_refusal = inline_serializer("CockpitRefusal", {"detail": serializers.CharField(),
                                                "code": serializers.CharField(required=False)})


class BriefingSerializer(serializers.ModelSerializer):
    bureau_name = serializers.CharField(source="bureau.name", read_only=True)
    period_label = serializers.CharField(read_only=True)
    document_number = serializers.CharField(source="document.number", read_only=True, default=None)
    figures = serializers.JSONField(read_only=True, help_text="生成草稿时计算并固定的数字：summary、paragraphs、tables、"
                                                              "commendations")

    class Meta:
        model = Briefing
        fields = ("id", "bureau", "bureau_name", "audience", "period_kind", "period_start", "period_end",
                  "period_label", "state", "figures", "commentary", "created_at", "issued_at", "document",
                  "document_number")
        read_only_fields = fields


class BriefingDraftSerializer(serializers.Serializer):
    bureau = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.all(), help_text="本人所在的司法行政部门")
    audience = serializers.ChoiceField(choices=Audience.choices, default=Audience.BRIEFING)
    period_kind = serializers.ChoiceField(choices=PeriodKind.choices)
    period_start = serializers.DateField(help_text="期间内任一日：所在月份、季度或年度即为统计期间")

    def validate_bureau(self, bureau):
        if bureau not in bureaus_of(self.context["request"].user):
            raise serializers.ValidationError("只能生成本单位的通报。")
        return bureau


class CommentarySerializer(serializers.Serializer):
    commentary = serializers.CharField(max_length=8000, allow_blank=True)


class BriefingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                      viewsets.GenericViewSet):
    """定期通报（《办法》第九条）和向本级人民政府的报告（《条例》第六条）。"""

    serializer_class = BriefingSerializer
    permission_classes = [IsAuthenticated]

    def get_queryset(self):
        return briefing_list(self.request.user)

    @extend_schema(request=BriefingDraftSerializer, responses={201: BriefingSerializer, 400: _errors, 403: _refusal},
                   summary="生成草稿（按期计算并固定统计数字）")
    def create(self, request, *args, **kwargs):
        if not can_see_statistics(request.user):
            raise PermissionDenied("定期通报由司法行政部门生成。")
        serializer = BriefingDraftSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        briefing = perform_as(request.user, services.draft_briefing, acting_user=request.user,
                              **serializer.validated_data)
        return Response(BriefingSerializer(briefing).data, status=201)

    @extend_schema(parameters=[OpenApiParameter("format", OpenApiTypes.STR, enum=["json", "xlsx"],
                                                description="xlsx：统计表（与公文附表相同）")],
                   responses={200: BriefingSerializer, 404: OpenApiResponse(description="不存在或不在辖区内")})
    def retrieve(self, request, *args, **kwargs):
        briefing = self.get_object()
        if request.query_params.get("format") == "xlsx":
            heading = [briefing.bureau.name, f"统计期间：{briefing.period_start:%Y-%m-%d}至{briefing.period_end:%Y-%m-%d}"]
            return tables_xlsx(heading, briefing.figures.get("tables", []),
                               filename=f"{briefing.bureau.name}{briefing.period_label}")
        return Response(self.get_serializer(briefing).data)

    commentary = workflow_action("commentary", services.revise_commentary, CommentarySerializer)
    issue = workflow_action("issue", services.issue_briefing)


class CommendationSerializer(serializers.ModelSerializer):
    organization_name = serializers.CharField(source="organization.name", read_only=True)

    class Meta:
        model = Commendation
        fields = ("id", "proposer", "government", "organization", "organization_name", "person_name", "year",
                  "deeds", "state", "proposed_at", "decided_at", "decision_note")
        read_only_fields = ("id", "government", "organization_name", "state", "proposed_at", "decided_at",
                            "decision_note")


class DecideSerializer(serializers.Serializer):
    approve = serializers.BooleanField(help_text="true：决定表彰；false：不予表彰")
    note = serializers.CharField(max_length=2000, allow_blank=True, required=False, default="")


class CommendationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                          viewsets.GenericViewSet):
    """表彰（《办法》第二十四条）：司法行政部门提请，本级人民政府决定。"""

    serializer_class = CommendationSerializer
    permission_classes = [IsAuthenticated]

    def get_queryset(self):
        organization = self.request.query_params.get("organization")
        return commendation_list(self.request.user,
                                 organization=int(organization) if organization and organization.isdigit() else None)

    @extend_schema(parameters=[OpenApiParameter("organization", OpenApiTypes.INT, description="受表彰单位 id")])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(responses={201: CommendationSerializer, 400: _errors, 403: _refusal}, summary="提请表彰")
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if data["proposer"] not in bureaus_of(request.user):
            raise PermissionDenied("只能以本单位名义提请表彰。")
        commendation = perform_as(request.user, services.propose_commendation, acting_user=request.user, **data)
        return Response(self.get_serializer(commendation).data, status=201)

    decide = workflow_action("decide", services.decide_commendation, DecideSerializer)


_assessment = inline_serializer("Assessment", {
    "bureau": serializers.IntegerField(), "year": serializers.IntegerField(),
    "weights": serializers.DictField(child=serializers.FloatField()),
    "rows": inline_serializer("AssessmentRow", {
        "organization": serializers.IntegerField(), "name": serializers.CharField(),
        "kind": serializers.ChoiceField(choices=["agency", "township"]),
        "notices_served": serializers.IntegerField(), "rectified": serializers.IntegerField(),
        "reports_due": serializers.IntegerField(), "reports_on_time": serializers.IntegerField(),
        "escalations": serializers.IntegerField(), "accountability": serializers.IntegerField(),
        "review_average": serializers.FloatField(allow_null=True),
        "rates": serializers.DictField(child=serializers.FloatField(allow_null=True)),
        "score": serializers.FloatField(allow_null=True),
    }, many=True),
})


def _float(value):
    return None if value is None else float(value)


class AssessmentView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="statistics_assessment", summary="年度考核表（《办法》第二十三条）",
        parameters=[OpenApiParameter("year", OpenApiTypes.INT, description="年度（默认上一年）"),
                    OpenApiParameter("bureau", OpenApiTypes.INT, description="司法行政部门 id（默认本人所在）"),
                    OpenApiParameter("format", OpenApiTypes.STR, enum=["json", "xlsx"])],
        responses={200: _assessment, 400: _errors, 403: OpenApiResponse(description="非司法行政部门用户")},
    )
    def get(self, request):
        if not can_see_statistics(request.user):
            raise PermissionDenied("考核表由司法行政部门制作。")
        form = AssessmentFilterForm(request.query_params, user=request.user)
        if not form.is_valid():
            return Response({"errors": {k: [str(e) for e in v] for k, v in form.errors.items()}}, status=400)
        bureau, year = form.cleaned_data["bureau"], form.cleaned_data["year"]
        rows, weights = assessment_table(bureau, year)
        if request.query_params.get("format") == "xlsx":
            return tables_xlsx([bureau.name, f"{year}年度"], assessment_tables(rows, weights),
                               filename=f"{bureau.name}{year}年度行政执法监督考核情况表")
        return Response({
            "bureau": bureau.pk, "year": year, "weights": {k: float(v) for k, v in weights.items()},
            "rows": [{"organization": r.organization_id, "name": r.name, "kind": r.kind,
                      "notices_served": r.notices_served, "rectified": r.rectified, "reports_due": r.reports_due,
                      "reports_on_time": r.reports_on_time, "escalations": r.escalations,
                      "accountability": r.accountability, "review_average": _float(r.review_average),
                      "rates": {k: _float(v) for k, v in r.rates.items()}, "score": _float(r.score)} for r in rows],
        })


class WeightsView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="statistics_assessment_weights", summary="设置考核指标权重（合计100）",
        parameters=[OpenApiParameter("year", OpenApiTypes.INT), OpenApiParameter("bureau", OpenApiTypes.INT)],
        request=inline_serializer("AssessmentWeights", {k: serializers.DecimalField(max_digits=5, decimal_places=1)
                                                        for k in Indicator.values}),
        responses={200: inline_serializer("AssessmentWeightsSaved",
                                          {"weights": serializers.DictField(child=serializers.FloatField())}),
                   400: _errors, 403: _refusal},
    )
    def post(self, request):
        if not can_see_statistics(request.user):
            raise PermissionDenied("考核表由司法行政部门制作。")
        form = AssessmentFilterForm(request.query_params, user=request.user)
        if not form.is_valid():
            return Response({"errors": {k: [str(e) for e in v] for k, v in form.errors.items()}}, status=400)
        if not hasattr(request.data, "get"):
            raise ValidationError({"non_field_errors": ["请求体应为对象。"]})
        saved = perform_as(request.user, services.save_weights, bureau=form.cleaned_data["bureau"],
                           year=form.cleaned_data["year"], weights=dict(request.data), acting_user=request.user)
        return Response({"weights": {k: float(v) for k, v in saved.items()}})
