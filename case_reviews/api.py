"""`/api/v1/review-sheets/`, `/api/v1/review-templates/`, `/api/v1/review-statistics/` (thin, scoped)."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action, api_view
from rest_framework.response import Response

from organizations.api import OrganizationRefSerializer
from organizations.models import Organization
from shaoxing_supervision.api import LabelField
from supervision.models import SupervisionCase
from supervision.selectors import case_list
from workflow.api import AllowedActionsField, TimelineOnDetailMixin, timeline_field, workflow_action

from . import selectors, services
from .models import FileType, Grade, ReviewSheet, ReviewTemplate, ReviewTemplateItem
from .rules import SHEET_WORKFLOW


class TemplateItemSerializer(serializers.ModelSerializer):
    category_display = LabelField(source="get_category_display", read_only=True)

    class Meta:
        model = ReviewTemplateItem
        fields = ["id", "order", "category", "category_display", "description", "max_points"]


class ReviewTemplateSerializer(serializers.ModelSerializer):
    owner = serializers.StringRelatedField()
    items = TemplateItemSerializer(many=True, read_only=True)
    previous = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = ReviewTemplate
        fields = ["id", "family", "version", "name", "description", "owner", "is_active", "previous", "items"]


class ScoreSerializer(serializers.Serializer):
    item = serializers.IntegerField(source="item_id")
    order = serializers.IntegerField(source="item.order", read_only=True)
    category = serializers.CharField(source="item.category", read_only=True)
    description = serializers.CharField(source="item.description", read_only=True)
    max_points = serializers.DecimalField(source="item.max_points", max_digits=4, decimal_places=1, read_only=True)
    deduction = serializers.DecimalField(max_digits=4, decimal_places=1)
    points = serializers.DecimalField(max_digits=4, decimal_places=1, read_only=True)
    reason = serializers.CharField(allow_blank=True)


class ReviewSheetSerializer(TimelineOnDetailMixin, serializers.ModelSerializer):
    state_display = LabelField(source="get_state_display", read_only=True)
    allowed_actions = AllowedActionsField(SHEET_WORKFLOW)
    agency_name = serializers.CharField(source="agency.name", read_only=True)
    file_type_display = LabelField(source="get_file_type_display", read_only=True)
    grade_display = LabelField(source="get_grade_display", read_only=True)
    reviewers = serializers.SerializerMethodField()
    scores = ScoreSerializer(many=True, read_only=True)
    current_total = serializers.DecimalField(source="computed_total", max_digits=5, decimal_places=1,
                                             read_only=True)
    superseded_by = serializers.PrimaryKeyRelatedField(read_only=True)
    # The project's organisation reference beside `agency` (id) and `agency_name` (kept for clients).
    agency_ref = OrganizationRefSerializer(source="agency", read_only=True)
    timeline = timeline_field(SHEET_WORKFLOW)

    class Meta:
        model = ReviewSheet
        fields = ["id", "case", "template", "agency", "agency_name", "file_number", "file_title", "file_type",
                  "file_type_display", "reviewers", "reviewed_on", "comments", "state", "state_display",
                  "allowed_actions", "total_score", "grade", "grade_display", "current_total", "scores",
                  "supersedes", "superseded_by", "finalised_at", "created_at", "agency_ref", "timeline"]

    def get_reviewers(self, sheet) -> list[dict]:
        return [{"id": u.pk, "name": u.get_full_name() or u.get_username()} for u in sheet.reviewers.all()]


class ScoreInput(serializers.Serializer):
    item = serializers.IntegerField()
    deduction = serializers.DecimalField(max_digits=6, decimal_places=2, required=False, default=0)
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class SheetInput(serializers.Serializer):
    """Bounds, reasons and the case's own rules are the service's; here only types and lookups."""

    case = serializers.PrimaryKeyRelatedField(queryset=SupervisionCase.objects.all())
    template = serializers.PrimaryKeyRelatedField(queryset=ReviewTemplate.objects.all(), required=False,
                                                  allow_null=True)
    agency = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.all())
    file_number = serializers.CharField(max_length=100)
    file_title = serializers.CharField(max_length=200)
    file_type = serializers.ChoiceField(choices=FileType.choices)
    reviewed_on = serializers.DateField()
    reviewers = serializers.PrimaryKeyRelatedField(queryset=get_user_model().objects.filter(is_active=True),
                                                   many=True, required=False)
    comments = serializers.CharField(required=False, allow_blank=True, default="")
    scores = ScoreInput(many=True, required=False, default=list)

    def validate_case(self, case):
        # A case outside the user's reach reads as one that does not exist.
        user = self.context["request"].user
        if not case_list(user, SupervisionCase.objects.filter(pk=case.pk)).exists():
            raise serializers.ValidationError(_("监督案件不存在。"))
        return case


class SheetUpdateInput(SheetInput):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["case"]
        del self.fields["template"]
        for field in self.fields.values():
            field.required = False


class DiscardInput(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class ReviewSheetViewSet(mixins.CreateModelMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                         mixins.UpdateModelMixin, viewsets.GenericViewSet):
    """Scoring sheets of file-review cases; `scores` nested. PATCH edits a draft only."""

    queryset = ReviewSheet.objects.all()  # narrowed per user in get_queryset (visible_to)
    serializer_class = ReviewSheetSerializer
    filterset_fields = ["case", "agency", "state", "grade"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        # The page's scores, template items (the full marks of `current_total`) and correcting sheets at once.
        return selectors.sheet_list(self.request.user).select_related("superseded_by").prefetch_related(
            "scores__item", "template__items")

    @extend_schema(request=SheetInput, responses={201: ReviewSheetSerializer})
    def create(self, request, *args, **kwargs):
        if not selectors.can_use_case_reviews(request.user):
            raise PermissionDenied(_("只有司法行政部门可以填写评查表。"))
        data = SheetInput(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        sheet = services.create_sheet(acting_user=request.user, **data.validated_data)
        return Response(self.get_serializer(sheet).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=SheetUpdateInput, responses=ReviewSheetSerializer)
    def partial_update(self, request, *args, **kwargs):
        sheet = self.get_object()
        data = SheetUpdateInput(data=request.data, context=self.get_serializer_context(), partial=True)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        if "scores" not in request.data:
            fields.pop("scores", None)
        updated = services.update_sheet(sheet, acting_user=request.user, **fields)
        return Response(self.get_serializer(selectors.get_sheet_for_user(request.user, updated.pk)).data)

    def update(self, request, *args, **kwargs):
        return self.partial_update(request, *args, **kwargs)

    finalise = workflow_action("finalise", services.finalise_sheet)
    discard = workflow_action("discard", services.discard_sheet, DiscardInput)

    # `correct` answers with the *new* sheet (201), hence not workflow_action.
    @extend_schema(request=None, responses={201: ReviewSheetSerializer}, summary="correct")
    @action(detail=True, methods=["post"], url_path="correct", url_name="correct")
    def correct(self, request, pk=None):
        correction = services.correct_sheet(self.get_object(), acting_user=request.user)
        return Response(self.get_serializer(correction).data, status=status.HTTP_201_CREATED)


class ReviewTemplateViewSet(viewsets.ReadOnlyModelViewSet):
    """Scoring templates: shared standards every signed-in user may read; edited in the UI or admin."""

    queryset = ReviewTemplate.objects.all()
    serializer_class = ReviewTemplateSerializer
    filterset_fields = ["owner", "is_active", "family"]

    def get_queryset(self):
        return selectors.template_list()


# --- Statistics: the shape of `selectors.review_statistics` (documentation only, never used to render) ---

GradeCountsSerializer = type("GradeCountsSerializer", (serializers.Serializer,), {
    "__doc__": "Finalised sheets per grade.",
    **{grade.value: serializers.IntegerField(help_text=str(grade.label)) for grade in Grade},
})


class AgencyDeductionSerializer(serializers.Serializer):
    category = serializers.CharField(help_text="Template item category (see TemplateItemCategoryEnum).")
    description = serializers.CharField()
    times = serializers.IntegerField(help_text="Sheets with a deduction on this item.")
    points = serializers.FloatField(help_text="Points deducted on this item in all.")


class OverallDeductionSerializer(serializers.Serializer):
    item__category = serializers.CharField(help_text="Template item category (see TemplateItemCategoryEnum).")
    item__description = serializers.CharField()
    times = serializers.IntegerField()
    points = serializers.FloatField()


class AgencyYearStatisticsSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    agency_id = serializers.IntegerField()
    agency__name = serializers.CharField()
    agency__division__name = serializers.CharField()
    files = serializers.IntegerField(help_text="Finalised sheets.")
    average = serializers.FloatField(allow_null=True)
    lowest = serializers.FloatField(allow_null=True)
    grades = GradeCountsSerializer()
    top_deductions = AgencyDeductionSerializer(many=True)


class StatisticsTotalsSerializer(serializers.Serializer):
    files = serializers.IntegerField()
    average = serializers.FloatField(allow_null=True)
    grades = GradeCountsSerializer()


class ReviewStatisticsSerializer(serializers.Serializer):
    rows = AgencyYearStatisticsSerializer(many=True)
    top_deductions = OverallDeductionSerializer(many=True, help_text="The ten most frequent deductions overall.")
    totals = StatisticsTotalsSerializer()


@extend_schema(parameters=[OpenApiParameter("county", str, description="county code, e.g. 330602"),
                           OpenApiParameter("year", int)],
               responses=ReviewStatisticsSerializer)
@api_view(["GET"])
def review_statistics(request):
    """Per agency and year: files, average score, grades, most frequent deductions (scoped)."""
    if not selectors.can_use_case_reviews(request.user):
        raise PermissionDenied(_("只有司法行政部门可以查看评查统计。"))
    county = request.query_params.get("county") or None
    year = request.query_params.get("year") or None
    if year is not None and not (year.isascii() and year.isdigit() and len(year) == 4):
        return Response({"errors": {"year": [_("年度须为四位数字。")]}}, status=status.HTTP_400_BAD_REQUEST)
    stats = selectors.review_statistics(request.user, county=county, year=int(year) if year else None)
    return Response(stats)
