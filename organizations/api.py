import django_filters
from django.contrib.auth import authenticate
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import api_view, authentication_classes, permission_classes, throttle_classes
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response

from shaoxing_supervision.api import LabelField

from .models import Division, Membership, Organization, SupervisorCertificate
from .scoping import active_memberships


class DivisionSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    level_display = LabelField(source="get_level_display", read_only=True)

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

    def to_representation(self, instance):
        # A list page names dozens of organisations (a dispute: filer, coordinator, routing, each party), and
        # DRF's generic path visits four bound fields for each; the values are the row's own columns.
        return {"id": instance.pk, "name": instance.name, "kind": str(instance.kind), "division": instance.division_id}


class OrganizationSerializer(serializers.ModelSerializer):
    kind_display = LabelField(source="get_kind_display", read_only=True)
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
    role_display = LabelField(source="get_role_display", read_only=True)

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


class TokenRequestSerializer(serializers.Serializer):
    # Strings only, checked before anyone is looked up: the same 400 for every user name (no oracle).
    username = serializers.CharField(max_length=150, trim_whitespace=False,
                                     error_messages={"required": "请填写用户名。", "blank": "请填写用户名。"})
    password = serializers.CharField(max_length=128, trim_whitespace=False, style={"input_type": "password"},
                                     error_messages={"required": "请填写密码。", "blank": "请填写密码。"})
    name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="",
                                 help_text="What the token is for (shown in the token list).")


class TokenResponseSerializer(serializers.Serializer):
    token = serializers.CharField()
    expires_at = serializers.DateTimeField()


ErrorsSerializer = inline_serializer("TokenErrors", {"errors": serializers.DictField(
    child=serializers.ListField(child=serializers.CharField()))})
DetailSerializer = inline_serializer("TokenRefusal", {"detail": serializers.CharField(), "code": serializers.CharField()})


@extend_schema(
    request=TokenRequestSerializer,
    responses={200: TokenResponseSerializer, 400: ErrorsSerializer, 403: DetailSerializer, 429: DetailSerializer},
    description="Exchange a username and password for an API token that expires after API_TOKEN_TTL_HOURS "
                "(default 12 h). One answer (400) for every wrong user name or password; 429 once locked out.",
)
@api_view(["POST"])
@permission_classes([AllowAny])
@authentication_classes([])
@throttle_classes([])
def obtain_token(request):
    """Exchange a username and password for an API token (subject to the same lockout as the login page)."""
    from authentication.client_ip import client_ip
    from authentication.lockout import lockout_response
    from authentication.services import issue_token
    from authentication.signals import uses_demo_password

    serializer = TokenRequestSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    data = serializer.validated_data
    user = authenticate(request._request, username=data["username"], password=data["password"])
    if user is None:
        if getattr(request._request, "axes_locked_out", False):
            return lockout_response(request._request)
        return Response({"errors": {"non_field_errors": ["用户名或密码错误。"]}}, status=status.HTTP_400_BAD_REQUEST)
    if uses_demo_password(user):
        return Response({"detail": "该账户仍在使用演示密码，请先登录网页修改密码。", "code": "password_change_required"},
                        status=status.HTTP_403_FORBIDDEN)
    token, key = issue_token(user, name=data["name"], created_from=client_ip(request), request=request._request)
    return Response({"token": key, "expires_at": token.expires_at})
