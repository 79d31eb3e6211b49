"""GET /api/v1/statistics/<topic>/ — the statistics page's figures as JSON (api.md "Statistics")."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from . import selectors
from .filters import StatisticsFilterForm, can_see_statistics

_point = inline_serializer("StatisticsPoint", {
    "key": serializers.CharField(), "label": serializers.CharField(),
    "value": serializers.FloatField(allow_null=True), "url": serializers.CharField(help_text="同一筛选条件下的列表页"),
}, many=True)
_figure = inline_serializer("StatisticsFigure", {
    "slug": serializers.CharField(), "title": serializers.CharField(), "chart": serializers.CharField(),
    "unit": serializers.CharField(), "note": serializers.CharField(),
    "series": inline_serializer("StatisticsSeries", {"name": serializers.CharField(), "points": _point}, many=True),
}, many=True)
_table = inline_serializer("StatisticsTable", {
    "slug": serializers.CharField(), "title": serializers.CharField(), "note": serializers.CharField(),
    "columns": inline_serializer("StatisticsColumn", {"key": serializers.CharField(),
                                                      "title": serializers.CharField()}, many=True),
    "rows": serializers.ListField(child=serializers.DictField()),
}, many=True)
_response = inline_serializer("Statistics", {
    "topic": serializers.CharField(),
    "period": inline_serializer("StatisticsPeriod", {"from": serializers.DateField(), "to": serializers.DateField(),
                                                     "county": serializers.CharField(),
                                                     "focus_area": serializers.CharField(),
                                                     "agency": serializers.IntegerField(allow_null=True)}),
    "figures": _figure, "tables": _table,
})
_errors = inline_serializer("StatisticsErrors", {"errors": serializers.DictField(
    child=serializers.ListField(child=serializers.CharField()))})


class StatisticsView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="statistics_retrieve",
        summary="统计数据（与统计分析页相同）",
        parameters=[
            OpenApiParameter("topic", OpenApiTypes.STR, OpenApiParameter.PATH, enum=list(selectors.TOPICS)),
            OpenApiParameter("from", OpenApiTypes.DATE, description="统计期间起（默认本年1月1日）"),
            OpenApiParameter("to", OpenApiTypes.DATE, description="统计期间止（默认今日）"),
            OpenApiParameter("county", OpenApiTypes.STR, description="县（市、区）区划代码，须在本人辖区内"),
            OpenApiParameter("focus_area", OpenApiTypes.STR, description="重点领域（第十二条）"),
            OpenApiParameter("agency", OpenApiTypes.INT, description="执法机关 id"),
        ],
        responses={200: _response, 400: _errors, 403: OpenApiResponse(description="非监督机关用户"),
                   404: OpenApiResponse(description="没有这个统计主题")},
    )
    def get(self, request, topic):
        if topic not in selectors.TOPICS:
            raise NotFound("没有这个统计主题。")
        if not can_see_statistics(request.user):
            raise PermissionDenied("统计数据供监督机关使用。")
        form = StatisticsFilterForm(request.query_params, user=request.user)
        if not form.is_valid():
            return Response({"errors": form.api_errors()}, status=400)
        scope = form.scope()
        body = selectors.topic(request.user, scope, topic)
        return Response({"topic": topic, "period": {
            "from": scope.start, "to": scope.end, "county": scope.county, "focus_area": scope.focus_area,
            "agency": scope.agency}, **body})
