"""`/api/v1/auth/tokens/`: a user's tokens (an administrator's: everybody's), and revoking one."""

from django.contrib.auth import get_user_model
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from . import services
from .models import ApiToken


class ApiTokenSerializer(serializers.ModelSerializer):
    user = serializers.SlugRelatedField(slug_field="username", read_only=True)
    revoked_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    is_active = serializers.BooleanField(read_only=True)
    is_current = serializers.SerializerMethodField()

    class Meta:
        model = ApiToken
        fields = ["id", "prefix", "user", "name", "created_at", "created_from", "expires_at", "last_used_at",
                  "is_active", "is_current", "revoked_at", "revoked_by", "revoke_reason"]
        read_only_fields = fields

    def get_is_current(self, token) -> bool:
        return getattr(self.context.get("request"), "auth", None) == token


class RevokeInput(serializers.Serializer):
    reason = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


def is_token_admin(user) -> bool:
    return user.is_staff and user.has_perm("authentication.change_apitoken")


@extend_schema(parameters=[OpenApiParameter("user", OpenApiTypes.STR, description="Username (administrators only).")])
class ApiTokenViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Your API tokens; an administrator sees (and may revoke) every user's. Revoked ones stay listed."""

    serializer_class = ApiTokenSerializer
    queryset = ApiToken.objects.none()

    def get_queryset(self):
        user = self.request.user
        qs = ApiToken.objects.select_related("user", "revoked_by")
        if is_token_admin(user):
            username = self.request.query_params.get("user")
            if username:
                qs = qs.filter(user__in=get_user_model().objects.filter(username=username))
            return qs
        return qs.filter(user=user)

    @extend_schema(request=RevokeInput, responses={
        200: ApiTokenSerializer,
        409: inline_serializer("TokenAlreadyRevoked", {"detail": serializers.CharField(), "code": serializers.CharField()}),
    })
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        token = self.get_object()
        data = RevokeInput(data=request.data)
        data.is_valid(raise_exception=True)
        token = services.revoke_token(token, acting_user=request.user, reason=data.validated_data["reason"],
                                      request=request._request)
        return Response(ApiTokenSerializer(token, context={"request": request}).data)
