"""`/api/v1/supervision-cases/` and its nested resources; every action is a POST calling `services`."""

from django.utils import timezone
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from organizations.models import Organization
from workflow.api import AllowedActionsField, workflow_action

from . import selectors, services
from .forms import CaseFilter
from .models import (
    ActivityKind,
    DecisionType,
    FocusArea,
    Method,
    ServiceMethod,
    Source,
    SupervisionCase,
)
from .transitions import SUPERVISION_WORKFLOW

# --- Output ---------------------------------------------------------------------------------------


class OrgSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organization
        fields = ["id", "name", "kind"]


class FileSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    original_name = serializers.CharField()
    sha256 = serializers.CharField()
    size = serializers.IntegerField()
    content_type = serializers.CharField()
    uploaded_at = serializers.DateTimeField()


class EvidenceSerializer(FileSerializer):
    activity = serializers.IntegerField(source="activity_id", allow_null=True)
    description = serializers.CharField()
    url = serializers.SerializerMethodField()

    def get_url(self, obj) -> str:
        from django.urls import reverse

        return reverse("supervision:evidence-file", args=[obj.case_id, obj.pk])


class ParticipantSerializer(serializers.Serializer):
    supervisor = serializers.IntegerField(source="supervisor_id")
    name = serializers.CharField(source="__str__")
    certificate_number = serializers.CharField()
    certificate_shown = serializers.BooleanField()


class ActivitySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    kind_display = serializers.CharField(source="get_kind_display")
    occurred_on = serializers.DateField()
    place = serializers.CharField()
    other_participants = serializers.CharField()
    record = serializers.CharField()
    participants = ParticipantSerializer(many=True)
    evidence = EvidenceSerializer(many=True)


class ServiceRecordSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    stage = serializers.CharField()
    recipient = OrgSerializer()
    recipient_person = serializers.CharField()
    method = serializers.CharField()
    method_display = serializers.CharField(source="get_method_display")
    served_on = serializers.DateField()
    witnesses = serializers.CharField()
    receipt_sha256 = serializers.CharField()


class ReportSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    stage = serializers.CharField()
    organization = OrgSerializer()
    content = serializers.CharField()
    submitted_at = serializers.DateTimeField()
    status = serializers.CharField()
    status_display = serializers.CharField(source="get_status_display")
    review_note = serializers.CharField()
    reviewed_at = serializers.DateTimeField()
    files = FileSerializer(many=True)


class SupervisionCaseSerializer(serializers.ModelSerializer):
    state_display = serializers.CharField(source="get_state_display", read_only=True)
    method_display = serializers.CharField(source="get_method_display", read_only=True)
    focus_area_display = serializers.CharField(source="get_focus_area_display", read_only=True)
    handling_org = OrgSerializer(read_only=True)
    referred_by = OrgSerializer(read_only=True)
    supervised_units = OrgSerializer(many=True, read_only=True)
    allowed_actions = AllowedActionsField(SUPERVISION_WORKFLOW)
    deadlines = serializers.SerializerMethodField()
    documents = serializers.SerializerMethodField()
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = SupervisionCase
        fields = ["id", "number", "title", "state", "state_display", "method", "method_display", "focus_area",
                  "focus_area_display", "source", "source_detail", "summary", "handling_org", "referred_by",
                  "supervised_units", "opened_on", "finding", "closed_at", "allowed_actions", "deadlines", "documents",
                  "url"]

    def get_deadlines(self, case) -> list[dict]:
        from deadlines.selectors import deadlines_for

        request = self.context.get("request")
        today = timezone.localdate()
        return [{"id": d.pk, "kind": d.kind, "title": d.title, "due": d.due_on, "days_left": (d.due_on - today).days,
                 "state": d.state, "responsible": d.responsible_id}
                for d in deadlines_for(case, user=getattr(request, "user", None))]

    def get_documents(self, case) -> list[dict]:
        from documents.selectors import documents_for_user

        request = self.context.get("request")
        return [{"id": d.pk, "number": d.number, "kind": d.kind, "status": d.status, "title": d.title}
                for d in documents_for_user(getattr(request, "user", None), case)]


class CaseListSerializer(SupervisionCaseSerializer):
    class Meta(SupervisionCaseSerializer.Meta):
        fields = ["id", "number", "title", "state", "state_display", "method", "focus_area", "handling_org",
                  "supervised_units", "opened_on", "url"]


# --- Input ------------------------------------------------------------------------------------------


class OpenCaseInput(serializers.Serializer):
    handling_org = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.all())
    method = serializers.ChoiceField(choices=Method.choices)
    focus_area = serializers.ChoiceField(choices=FocusArea.choices)
    source = serializers.ChoiceField(choices=Source.choices)
    source_detail = serializers.CharField(required=False, allow_blank=True, default="")
    supervised_units = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.all(), many=True)
    summary = serializers.CharField()
    title = serializers.CharField(required=False, allow_blank=True, default="")


class CaseNoteInput(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class FindingInput(serializers.Serializer):
    finding = serializers.CharField()


class ReferInput(serializers.Serializer):
    reason = serializers.CharField()


class NoticeInput(serializers.Serializer):
    act_supervised = serializers.CharField()
    facts = serializers.CharField()
    evidence_list = serializers.CharField()
    problems = serializers.CharField()
    provisions = serializers.CharField()
    corrections = serializers.CharField()
    rectification_due = serializers.DateField(required=False, allow_null=True, default=None)
    rectification_days = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=1, max_value=365)
    contact_person = serializers.CharField()
    contact_phone = serializers.CharField()


class ServiceInput(serializers.Serializer):
    recipient = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.all())
    method = serializers.ChoiceField(choices=ServiceMethod.choices)
    served_on = serializers.DateField()
    receipt = serializers.FileField()
    recipient_person = serializers.CharField(required=False, allow_blank=True, default="")
    witnesses = serializers.CharField(required=False, allow_blank=True, default="")
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ReportInput(serializers.Serializer):
    content = serializers.CharField()
    organization = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.all(), required=False,
                                                      allow_null=True, default=None)
    files = serializers.ListField(child=serializers.FileField(), required=False, default=list)


class ReviewInput(serializers.Serializer):
    report = serializers.IntegerField(required=False, allow_null=True, default=None)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ReturnInput(serializers.Serializer):
    report = serializers.IntegerField(required=False, allow_null=True, default=None)
    reasons = serializers.CharField()


class DecisionRequestInput(serializers.Serializer):
    reasons = serializers.CharField()
    proposed_decision = serializers.ChoiceField(choices=DecisionType.choices)


class DecisionInput(serializers.Serializer):
    decision_type = serializers.ChoiceField(choices=DecisionType.choices)
    content = serializers.CharField()
    reasons = serializers.CharField()
    basis = serializers.CharField()
    performance = serializers.CharField(required=False, allow_blank=True, default="")


class ActivityInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ActivityKind.choices)
    occurred_on = serializers.DateField()
    place = serializers.CharField(required=False, allow_blank=True, default="")
    other_participants = serializers.CharField(required=False, allow_blank=True, default="")
    record = serializers.CharField()
    supervisors = serializers.ListField(child=serializers.IntegerField(), allow_empty=False)
    certificate_shown = serializers.ListField(child=serializers.IntegerField(), required=False, default=list,
                                              help_text="ids of the supervisors who showed their certificate")
    files = serializers.ListField(child=serializers.FileField(), required=False, default=list)


class EvidenceInput(serializers.Serializer):
    files = serializers.ListField(child=serializers.FileField(), allow_empty=False)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    activity = serializers.IntegerField(required=False, allow_null=True, default=None)


# --- The viewset ------------------------------------------------------------------------------------


def _report_service(fn):
    def call(case, *, acting_user, **data):
        fn(case, acting_user=acting_user, **data)
        return SupervisionCase.objects.get(pk=case.pk)

    return call


def _service_service(case, *, acting_user, **data):
    services.record_service(case, acting_user=acting_user, **data)
    return SupervisionCase.objects.get(pk=case.pk)


class SupervisionCaseViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                             viewsets.GenericViewSet):
    """Supervision cases (Art. 11–19, 25). Outside the user's reach: 404."""

    filterset_class = CaseFilter
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        return selectors.case_list(self.request.user)

    def get_serializer_class(self):
        if self.action == "list":
            return CaseListSerializer
        return SupervisionCaseSerializer

    def create(self, request, *args, **kwargs):
        data = OpenCaseInput(data=request.data)
        data.is_valid(raise_exception=True)
        case = services.open_case(acting_user=request.user, **data.validated_data)
        return Response(SupervisionCaseSerializer(case, context=self.get_serializer_context()).data,
                        status=status.HTTP_201_CREATED)

    # Nested resources: list and, where a role may add, POST.
    @action(detail=True, methods=["get", "post"], url_path="activities")
    def activities(self, request, pk=None):
        case = self.get_object()
        if request.method == "POST":
            data = ActivityInput(data=request.data)
            data.is_valid(raise_exception=True)
            d = dict(data.validated_data)
            from django.contrib.auth import get_user_model

            shown = set(d.pop("certificate_shown"))
            users = {u.pk: u for u in get_user_model().objects.filter(pk__in=d["supervisors"])}
            missing = [i for i in d["supervisors"] if i not in users]
            if missing:
                from django.core.exceptions import ValidationError

                raise ValidationError({"supervisors": [f"用户 {i} 不存在。" for i in missing]})
            d["supervisors"] = [(users[i], i in shown) for i in d["supervisors"]]
            activity = services.record_activity(case, acting_user=request.user, **d)
            return Response(ActivitySerializer(activity).data, status=status.HTTP_201_CREATED)
        qs = case.activities.prefetch_related("participants__supervisor", "evidence")
        return Response(ActivitySerializer(self._internal(case, qs), many=True).data)

    @action(detail=True, methods=["get", "post"], url_path="evidence")
    def evidence(self, request, pk=None):
        case = self.get_object()
        if request.method == "POST":
            data = EvidenceInput(data=request.data)
            data.is_valid(raise_exception=True)
            d = dict(data.validated_data)
            activity = d.pop("activity")
            if activity is not None:
                activity = case.activities.filter(pk=activity).first() or _missing_activity()
            stored = services.add_evidence(case, acting_user=request.user, activity=activity, **d)
            return Response(EvidenceSerializer(stored, many=True).data, status=status.HTTP_201_CREATED)
        return Response(EvidenceSerializer(self._internal(case, case.evidence.all()), many=True).data)

    @action(detail=True, methods=["get"], url_path="service-records")
    def service_records(self, request, pk=None):
        case = self.get_object()
        return Response(ServiceRecordSerializer(case.service_records.select_related("recipient"), many=True).data)

    @action(detail=True, methods=["get"], url_path="reports")
    def reports(self, request, pk=None):
        case = self.get_object()
        qs = case.reports.select_related("organization").prefetch_related("files")
        return Response(ReportSerializer(qs, many=True).data)

    def _internal(self, case, qs):
        return qs.none() if selectors.sees_only_as_party(self.request.user) else qs

    start_investigation = workflow_action("start_investigation", services.start_investigation, CaseNoteInput)
    conclude_no_issue = workflow_action("conclude_no_issue", services.conclude_no_issue, FindingInput)
    find_violation = workflow_action("find_violation", services.find_violation, FindingInput)
    refer = workflow_action("refer", services.refer, ReferInput)
    accept_referral = workflow_action("accept_referral", services.accept_referral, CaseNoteInput)
    issue_notice = workflow_action("issue_notice", services.issue_notice, NoticeInput)
    record_service = workflow_action("record_service", _service_service, ServiceInput)
    submit_report = workflow_action("submit_report", _report_service(services.submit_report), ReportInput)
    accept_report = workflow_action("accept_report", services.accept_report, ReviewInput)
    return_report = workflow_action("return_report", services.return_report, ReturnInput)
    request_decision = workflow_action("request_decision", services.request_decision, DecisionRequestInput)
    issue_decision = workflow_action("issue_decision", services.issue_decision, DecisionInput)
    submit_decision_report = workflow_action("submit_decision_report", _report_service(services.submit_decision_report),
                                             ReportInput)
    accept_decision_report = workflow_action("accept_decision_report", services.accept_decision_report, ReviewInput)
    return_decision_report = workflow_action("return_decision_report", services.return_decision_report, ReturnInput)


def _missing_activity():
    from django.core.exceptions import ValidationError

    raise ValidationError({"activity": ["该调查活动不属于本案。"]})
