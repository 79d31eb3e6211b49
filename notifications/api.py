"""`/api/v1/notifications/`: the user's own notifications (api.md)."""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from shaoxing_supervision.api import Pagination

from . import selectors, services
from .filters import NotificationFilterSet
from .models import Notification


class NotificationSerializer(serializers.ModelSerializer):
    is_read = serializers.BooleanField(read_only=True)
    target_type = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = ["id", "title", "body", "url", "target_type", "target_id", "created_at", "read_at", "is_read"]
        read_only_fields = fields

    def get_target_type(self, obj) -> str | None:
        if obj.target_type_id is None:
            return None
        return f"{obj.target_type.app_label}.{obj.target_type.model}"


class NotificationPagination(Pagination):
    """The project's page, plus the user's `unread_count` (for the bell badge)."""

    def get_paginated_response_schema(self, schema):
        response_schema = super().get_paginated_response_schema(schema)
        response_schema["required"] = [*response_schema.get("required", []), "unread_count"]
        response_schema["properties"]["unread_count"] = {"type": "integer", "example": 3}
        return response_schema


class NotificationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The signed-in user's own notifications, newest first; `?unread=1` for the unread ones only."""

    serializer_class = NotificationSerializer
    pagination_class = NotificationPagination

    filterset_class = NotificationFilterSet

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        response.data["unread_count"] = selectors.unread_count(request.user)
        return response

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            # Schema generation: no user; the model is all drf-spectacular needs (path parameter types).
            return Notification.objects.none()
        return selectors.notification_list(self.request.user).select_related("target_type")

    @extend_schema(request=None, responses=NotificationSerializer, summary="mark read")
    @action(detail=True, methods=["post"], url_path="read")
    def read(self, request, pk=None):
        notification = self.get_object()
        services.mark_read(notification, acting_user=request.user)
        return Response(self.get_serializer(notification).data)

    @extend_schema(request=None, responses=inline_serializer("ReadAll", {"marked": serializers.IntegerField(),
                                                                      "unread_count": serializers.IntegerField()}))
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request):
        return Response({"marked": services.mark_all_read(acting_user=request.user), "unread_count": 0})
