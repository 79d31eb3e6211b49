import django_filters
from django.contrib.auth import authenticate
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status, viewsets
from rest_framework.authtoken.models import Token
from rest_framework.decorators import api_view, permission_classes, throttle_classes
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response

from .models import Division, Membership, Organization, SupervisorCertificate
from .scoping import active_memberships


class DivisionSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True)
    level_display = serializers.CharField(source="get_level_display", read_only=True)

    class Meta:
        model = Division
        fields = ["id", "code", "name", "level", "level_display", "parent"]


class OrganizationRefSerializer(serializers.ModelSerializer):
    """An organisation as every other resource names it (one schema component, "OrganizationRef"):
    `{"id", "name", "kind", "division"}` — `division` is the division's id (GET /api/v1/divisions/)."""

    class Meta:
        model = Organization
        fields = ["id", "name", "kind", "division"]
        read_only_fields = fields


class OrganizationSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    division = DivisionSerializer(read_only=True)

    class Meta:
        model = Organization
        fields = ["id", "name", "short_name", "kind", "kind_display", "division", "parent", "doc_prefix", "agency_type",
                  "focus_area"]


class DivisionFilter(django_filters.FilterSet):
    parent = django_filters.CharFilter(field_name="parent__code")

    class Meta:
        model = Division
        fields = ["level", "parent"]


class OrganizationFilter(django_filters.FilterSet):
    level = django_filters.ChoiceFilter(field_name="division__level", choices=Division.Level.choices)
    division = django_filters.CharFilter(field_name="division__code")
    within = django_filters.CharFilter(field_name="division__code", lookup_expr="startswith",
                                       label="division code prefix (this area and below)")
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains")

    class Meta:
        model = Organization
        fields = ["kind", "level", "parent", "division", "agency_type", "within", "q"]


class DivisionViewSet(viewsets.ReadOnlyModelViewSet):
    """Shaoxing's areas (public reference data for every signed-in user)."""

    queryset = Division.objects.select_related("parent")
    serializer_class = DivisionSerializer
    filterset_class = DivisionFilter


class OrganizationViewSet(viewsets.ReadOnlyModelViewSet):
    """The directory of organisations: needed to name parties across counties."""

    queryset = Organization.objects.filter(is_active=True).select_related("division__parent")
    serializer_class = OrganizationSerializer
    filterset_class = OrganizationFilter


class MembershipSerializer(serializers.ModelSerializer):
    organization = OrganizationSerializer(read_only=True)
    role_display = serializers.CharField(source="get_role_display", read_only=True)

    class Meta:
        model = Membership
        fields = ["organization", "role", "role_display", "title"]


class CertificateSerializer(serializers.ModelSerializer):
    issuer = serializers.StringRelatedField()

    class Meta:
        model = SupervisorCertificate
        fields = ["number", "issuer", "valid_from", "valid_to", "status"]


class MeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    full_name = serializers.CharField(source="get_full_name")
    is_superuser = serializers.BooleanField()
    memberships = serializers.SerializerMethodField()
    certificates = CertificateSerializer(many=True)

    def get_memberships(self, user) -> list[dict]:
        return MembershipSerializer(active_memberships(user), many=True).data


@extend_schema(responses=MeSerializer)
@api_view(["GET"])
@permission_classes([IsAuthenticated])
def me(request):
    return Response(MeSerializer(request.user).data)


@extend_schema(
    request=inline_serializer("TokenRequest", {"username": serializers.CharField(), "password": serializers.CharField()}),
    responses=inline_serializer("TokenResponse", {"token": serializers.CharField()}),
)
@api_view(["POST"])
@permission_classes([AllowAny])
@throttle_classes([])
def obtain_token(request):
    """Exchange a username and password for an API token (subject to the same lockout as the login page)."""
    username = request.data.get("username")
    password = request.data.get("password")
    errors = {}
    if not username:
        errors["username"] = ["请填写用户名。"]
    if not password:
        errors["password"] = ["请填写密码。"]
    if errors:
        return Response({"errors": errors}, status=status.HTTP_400_BAD_REQUEST)
    user = authenticate(request._request, username=username, password=password)
    if user is None:
        if getattr(request._request, "axes_locked_out", False):
            return Response({"detail": "登录失败次数过多，账户已被暂时锁定。"}, status=status.HTTP_403_FORBIDDEN)
        return Response({"errors": {"non_field_errors": ["用户名或密码错误。"]}}, status=status.HTTP_400_BAD_REQUEST)
    token, _ = Token.objects.get_or_create(user=user)
    return Response({"token": token.key})
