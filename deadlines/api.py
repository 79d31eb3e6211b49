"""`GET /api/v1/calendar/deadline/?received=YYYY-MM-DD&days=N` (api.md)."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.response import Response

from .calendar import MAX_DAYS, compute_due_date, validate_date_in_range


class DeadlineQuery(serializers.Serializer):
    received = serializers.DateField(
        input_formats=["%Y-%m-%d"], validators=[validate_date_in_range], error_messages={"invalid": "日期格式应为 YYYY-MM-DD。", "required": "请提供收到日 received。"}
    )
    days = serializers.IntegerField(
        min_value=1,
        max_value=MAX_DAYS,
        error_messages={
            "invalid": "days 须为整数。",
            "required": "请提供期间天数 days。",
            "min_value": "days 至少为1。",
            "max_value": f"days 不能超过{MAX_DAYS}。",
        },
    )


@extend_schema(
    summary="计算法定期限截止日",
    parameters=[
        OpenApiParameter("received", str, description="收到日（送达日）YYYY-MM-DD", required=True),
        OpenApiParameter("days", int, description="期间天数", required=True),
    ],
    responses={
        200: inline_serializer("DueDate", {
            "due": serializers.DateField(), "explanation": serializers.CharField(),
            "provisional": serializers.BooleanField(), "ends_at": serializers.DateTimeField(),
            "calendar_version": serializers.CharField()}),
        400: inline_serializer("DueDateErrors", {"errors": serializers.DictField(
            child=serializers.ListField(child=serializers.CharField()))}),
    },
)
@api_view(["GET"])
def calendar_deadline(request):
    query = DeadlineQuery(data=request.query_params)
    if not query.is_valid():
        return Response({"errors": query.errors}, status=400)
    result = compute_due_date(query.validated_data["received"], query.validated_data["days"])
    return Response(
        {
            "due": result.due.isoformat(),
            "explanation": result.explanation,
            "provisional": result.provisional,
            "ends_at": result.ends_at.isoformat(),
            "calendar_version": result.calendar_version,
        }
    )
