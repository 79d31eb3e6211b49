"""`/api/v1/clues/`: POST is public (a citizen's clue, throttled); reading and triage are staff-only, scoped."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response

from deadlines.calendar import validate_date_in_range
from exports.api import ExportableListMixin
from organizations.api import OrganizationRefSerializer
from organizations.models import Division, Organization, OrganizationKind
from shaoxing_supervision.api import LabelField
from workflow.api import AllowedActionsField, TimelineOnDetailMixin, timeline_field, workflow_action

from . import privacy, ratelimit, selectors, services
from .exports import CLUE_COLUMNS, masked_for
from .filters import ClueFilterSet
from .forms import phone_validator
from .models import Clue
from .rules import CLUE_WORKFLOW


class ClueSubmitSerializer(serializers.Serializer):
    county = serializers.SlugRelatedField(slug_field="code", queryset=Division.objects.filter(level="county"),
                                          required=False, allow_null=True)
    township = serializers.SlugRelatedField(slug_field="code", queryset=Division.objects.filter(level="township"),
                                            required=False, allow_null=True)
    agency = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.filter(kind=OrganizationKind.ENFORCEMENT_AGENCY, is_active=True),
        required=False, allow_null=True)
    description = serializers.CharField(max_length=5000)
    occurred_on = serializers.DateField(validators=[validate_date_in_range])
    reporter_name = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    reporter_phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="",
                                           validators=[phone_validator])
    attachments = serializers.ListField(child=serializers.FileField(), required=False, default=list)


class ClueSerializer(TimelineOnDetailMixin, serializers.ModelSerializer):
    state_display = LabelField(source="get_state_display", read_only=True)
    allowed_actions = AllowedActionsField(CLUE_WORKFLOW)
    division = serializers.SlugRelatedField(slug_field="code", read_only=True)
    division_name = serializers.CharField(source="division.full_name", read_only=True)
    routed_to = serializers.StringRelatedField()
    agency = serializers.PrimaryKeyRelatedField(read_only=True)
    agency_name = serializers.CharField(source="agency.name", read_only=True, default=None)
    assigned_office = serializers.StringRelatedField()
    assignee = serializers.SerializerMethodField()
    attachments = serializers.SerializerMethodField()
    case_number = serializers.CharField(source="case.number", read_only=True, default=None)
    # The project's organisation reference beside the older id / name fields (kept for clients).
    agency_ref = OrganizationRefSerializer(source="agency", read_only=True, allow_null=True)
    routed_to_ref = OrganizationRefSerializer(source="routed_to", read_only=True, allow_null=True)
    assigned_office_ref = OrganizationRefSerializer(source="assigned_office", read_only=True, allow_null=True)
    timeline = timeline_field(CLUE_WORKFLOW)
    # The citizen's name, phone and tracking code: only for the handling bureau (clues.privacy).
    tracking_code = serializers.SerializerMethodField()
    reporter_name = serializers.SerializerMethodField()
    reporter_phone = serializers.SerializerMethodField()
    reporter_masked = serializers.SerializerMethodField()

    class Meta:
        model = Clue
        fields = ["id", "tracking_code", "state", "state_display", "allowed_actions", "division", "division_name",
                  "agency", "agency_name", "description", "occurred_on", "reporter_name", "reporter_phone",
                  "routed_to", "assigned_office", "assignee", "dismiss_reason", "public_reply", "replied_at", "case",
                  "case_number", "attachments", "created_at", "agency_ref", "routed_to_ref", "assigned_office_ref",
                  "timeline", "reporter_masked"]

    def _reporter(self, clue) -> privacy.Reporter:
        cache = self.context.setdefault("_reporters", {})
        if clue.pk not in cache:
            request = self.context.get("request")
            cache[clue.pk] = privacy.reporter_for(getattr(request, "user", None), clue)
        return cache[clue.pk]

    def get_tracking_code(self, clue) -> str | None:
        return clue.tracking_code if not self._reporter(clue).masked else None

    def get_reporter_name(self, clue) -> str:
        return self._reporter(clue).name

    def get_reporter_phone(self, clue) -> str:
        return self._reporter(clue).phone

    def get_reporter_masked(self, clue) -> bool:
        return self._reporter(clue).masked

    def get_assignee(self, clue) -> str | None:
        return (clue.assignee.get_full_name() or clue.assignee.get_username()) if clue.assignee_id else None

    def get_attachments(self, clue) -> list[dict]:
        return [{"name": a.original_name, "content_type": a.content_type, "size": a.size, "sha256": a.sha256}
                for a in clue.attachments.all()]


class AssignInput(serializers.Serializer):
    office = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.filter(kind=OrganizationKind.JUSTICE_OFFICE), required=False, allow_null=True)
    assignee = serializers.PrimaryKeyRelatedField(queryset=get_user_model().objects.filter(is_active=True),
                                                  required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class DismissInput(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    public_reply = serializers.CharField(required=False, allow_blank=True, default="")


class ReplyInput(serializers.Serializer):
    public_reply = serializers.CharField(required=False, allow_blank=True, default="")


class ConvertInput(serializers.Serializer):
    method = serializers.CharField()
    focus_area = serializers.CharField()
    summary = serializers.CharField(required=False, allow_blank=True, default="")
    title = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    supervised_units = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.filter(is_active=True), many=True, required=False, default=list)


class ClueViewSet(ExportableListMixin, mixins.CreateModelMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Citizens' clues (Art. 4). Anyone may POST (5 an hour per address); staff read and triage."""

    queryset = Clue.objects.all()  # narrowed per user in get_queryset (visible_to)
    serializer_class = ClueSerializer
    filterset_class = ClueFilterSet
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    export_columns, export_filename = CLUE_COLUMNS, "群众线索"

    def export_masked(self):
        return masked_for(self.request.user)

    def get_permissions(self):
        if self.action == "create":
            return [AllowAny()]
        return [IsAuthenticated()]

    def get_authenticators(self):
        # The public POST needs no session, hence no CSRF token for a citizen's script or app.
        if self.request is not None and self.request.method == "POST" and self.kwargs.get("pk") is None:
            return []
        return super().get_authenticators()

    def retrieve(self, request, *args, **kwargs):
        clue = self.get_object()
        data = self.get_serializer(clue).data
        privacy.record_view(request, clue, privacy.reporter_for(request.user, clue))
        return Response(data)

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        if not hasattr(response, "data"):
            return response  # a streamed export (?format=csv|xlsx): masked by its column spec
        shown = [row["id"] for row in response.data.get("results", []) if not row["reporter_masked"]
                 and (row["reporter_name"] or row["reporter_phone"])]
        privacy.record_list_view(request, shown)
        return response

    def get_queryset(self):
        return selectors.clue_list(self.request.user).select_related("case").prefetch_related("attachments")

    @extend_schema(
        request=ClueSubmitSerializer,
        responses={201: inline_serializer("ClueReceipt", {
            "tracking_code": serializers.CharField(), "tracking_url": serializers.CharField(),
            "state": serializers.CharField(), "state_display": serializers.CharField()})},
    )
    def create(self, request, *args, **kwargs):
        address = ratelimit.client_address(request)
        try:
            # The slot is given back if validation or the service raises (only accepted ones count).
            with ratelimit.reserve(address):
                serializer = ClueSubmitSerializer(data=request.data)
                serializer.is_valid(raise_exception=True)
                clue = services.submit_clue(**serializer.validated_data)
        except ratelimit.RateLimited:
            raise exceptions.Throttled(wait=ratelimit.WINDOW_SECONDS,
                                       detail=_("提交过于频繁，每小时最多提交%(n)d条线索，请稍后再试。") % {"n": ratelimit.limit()}) from None
        return Response({
            "tracking_code": clue.tracking_code,
            "tracking_url": request.build_absolute_uri(clue.get_tracking_url()),
            "state": clue.state,
            "state_display": clue.get_state_display(),
        }, status=status.HTTP_201_CREATED)

    assign = workflow_action("assign", services.assign_clue, AssignInput)
    dismiss = workflow_action("dismiss", services.dismiss_clue, DismissInput)
    reply = workflow_action("reply", services.reply_to_clue, ReplyInput)
    convert_to_case = workflow_action("convert_to_case", services.convert_clue_to_case, ConvertInput)
