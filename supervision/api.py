"""`/api/v1/supervision-cases/` and its nested resources; every action is a POST calling `services`."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from deadlines.calendar import validate_date_in_range
from documents.kinds import MAX_FIELD_CHARS
from exports.api import ExportableListMixin
from organizations.api import OrganizationRefSerializer
from organizations.models import Organization
from shaoxing_supervision.api import LabelField
from workflow.acting import perform_as
from workflow.api import AllowedActionsField, TimelineEntrySerializer, workflow_action

from . import selectors, services
from .exports import CASE_COLUMNS
from .forms import CaseFilter
from .methods_api import (
    AccountabilityInput,
    FindingPeriodInput,
    FindingStatisticsSerializer,
    ListingInput,
    MethodInput,
    OutsideParticipantSerializer,
    TakeOverInput,
    TakeoverSerializer,
)
from .models import (
    ActivityKind,
    Art11Finding,
    Art12Finding,
    DecisionType,
    FocusArea,
    Method,
    OfficerMeasure,
    ResultKind,
    ServiceMethod,
    Source,
    SupervisionCase,
    TalkTarget,
)
from .transitions import SUPERVISION_WORKFLOW

# --- Output ---------------------------------------------------------------------------------------


# The project's one organisation reference ({id, name, kind, division}).
OrgSerializer = OrganizationRefSerializer


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
    kind_display = LabelField(source="get_kind_display")
    occurred_on = serializers.DateField(validators=[validate_date_in_range])
    place = serializers.CharField()
    other_participants = serializers.CharField()
    record = serializers.CharField()
    participants = ParticipantSerializer(many=True)
    evidence = EvidenceSerializer(many=True)
    # 约谈 (条例 Art. 22 (5)) and the invited (Art. 23), added alongside.
    talk_unit = OrgSerializer(allow_null=True)
    talk_target = serializers.CharField()
    talk_person = serializers.CharField()
    outside_participants = OutsideParticipantSerializer(many=True)


class ServiceRecordSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    stage = serializers.CharField()
    recipient = OrgSerializer()
    recipient_person = serializers.CharField()
    method = serializers.CharField()
    method_display = LabelField(source="get_method_display")
    served_on = serializers.DateField(validators=[validate_date_in_range])
    witnesses = serializers.CharField()
    receipt_sha256 = serializers.CharField()


class ReportSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    stage = serializers.CharField()
    organization = OrgSerializer()
    content = serializers.CharField()
    submitted_at = serializers.DateTimeField()
    status = serializers.CharField()
    status_display = LabelField(source="get_status_display")
    review_note = serializers.CharField()
    reviewed_at = serializers.DateTimeField()
    files = FileSerializer(many=True)


class UnitClockSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    unit = OrgSerializer()
    stage = serializers.CharField()
    received_on = serializers.DateField(allow_null=True)
    limit_days = serializers.IntegerField(allow_null=True)
    limit_date = serializers.DateField(allow_null=True)
    correction_due = serializers.DateField(allow_null=True)
    report_due = serializers.DateField(allow_null=True)
    limit_basis = serializers.CharField()
    limit_statutory = serializers.BooleanField()
    status = serializers.CharField()
    status_display = LabelField(source="get_status_display")
    new_limit_reason = serializers.CharField()


class NoticeSerializer(serializers.Serializer):
    """A first instrument: 通知书 (办法) or 意见书 / 督办函 (条例), with its 规定时限 and basis."""

    id = serializers.IntegerField()
    kind = serializers.CharField()
    kind_display = LabelField(source="get_kind_display")
    status = serializers.CharField()
    act_supervised = serializers.CharField()
    facts = serializers.CharField()
    problems = serializers.CharField()
    provisions = serializers.CharField()
    corrections = serializers.CharField()
    rectification_due = serializers.DateField(allow_null=True)
    rectification_days = serializers.IntegerField(allow_null=True)
    limit_basis = serializers.CharField()
    limit_statutory = serializers.BooleanField()
    findings_art11 = serializers.ListField(child=serializers.CharField())
    findings_art12 = serializers.ListField(child=serializers.CharField())
    issued_at = serializers.DateTimeField()


class DecisionRequestSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    grounds = serializers.CharField()
    grounds_display = LabelField(source="get_grounds_display")
    reasons = serializers.CharField()
    proposed_decision = serializers.CharField()
    outcome = serializers.CharField()
    outcome_display = LabelField(source="get_outcome_display")
    decline_reasons = serializers.CharField()
    requested_at = serializers.DateTimeField()
    decided_at = serializers.DateTimeField(allow_null=True)


class DecisionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    decision_type = serializers.CharField()
    decision_type_display = LabelField(source="get_decision_type_display")
    content = serializers.CharField()
    reasons = serializers.CharField()
    basis = serializers.CharField()
    issued_at = serializers.DateTimeField()


class AccountabilitySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    agency = OrgSerializer()
    ground = serializers.CharField()
    ground_display = LabelField(source="get_ground_display")
    facts = serializers.CharField()
    legal_basis = serializers.CharField()
    status = serializers.CharField()
    criticism_proposed = serializers.BooleanField()
    discipline_referred_to = serializers.CharField()
    outcome = serializers.CharField()
    created_automatically = serializers.BooleanField()


class ObjectionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    notice = serializers.IntegerField(source="notice_id")
    unit = OrgSerializer()
    reasons = serializers.CharField()
    filed_at = serializers.DateTimeField()
    internal_target = serializers.DateField(help_text="内部处理目标（非法定）: the bureau's own target, not a statutory limit")
    internal_target_statutory = serializers.SerializerMethodField()
    outcome = serializers.CharField()
    answer = serializers.CharField()
    changed_requirements = serializers.CharField()
    answered_at = serializers.DateTimeField(allow_null=True)
    files = FileSerializer(many=True)

    def get_internal_target_statutory(self, obj) -> bool:
        return False


class InformationRequestSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    unit = OrgSerializer()
    kind = serializers.CharField()
    kind_display = LabelField(source="get_kind_display")
    matter = serializers.CharField()
    reply_due = serializers.DateField()
    status = serializers.CharField()
    reply = serializers.CharField()
    replied_at = serializers.DateTimeField(allow_null=True)
    refusal_facts = serializers.CharField()


class OnSpotCorrectionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    unit = OrgSerializer()
    problem = serializers.CharField()
    correction = serializers.CharField()
    corrected_on = serializers.DateField()


class ResultSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    kind_display = LabelField(source="get_kind_display")
    addressee = serializers.CharField()
    officer_name = serializers.CharField()
    officer_measure = serializers.CharField()
    content = serializers.CharField()
    issued_on = serializers.DateField()
    answer = serializers.CharField()
    answered_on = serializers.DateField(allow_null=True)


class ResultInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ResultKind.choices)
    addressee = serializers.CharField()
    content = serializers.CharField()
    issued_on = serializers.DateField(required=False, allow_null=True, default=None)
    officer_name = serializers.CharField(required=False, allow_blank=True, default="")
    officer_measure = serializers.ChoiceField(choices=OfficerMeasure.choices, required=False, allow_blank=True,
                                              default="")


class ResultAnswerInput(serializers.Serializer):
    answer = serializers.CharField()
    answered_on = serializers.DateField(required=False, allow_null=True, default=None)


class TimelineSerializer(TimelineEntrySerializer):
    """The project's timeline entry (actor username and full name, action label) plus the case's `label`."""

    label = serializers.CharField()


class SupervisionCaseSerializer(serializers.ModelSerializer):
    state_display = LabelField(source="get_state_display", read_only=True)
    method_display = LabelField(source="get_method_display", read_only=True)
    focus_area_display = LabelField(source="get_focus_area_display", read_only=True)
    handling_org = OrgSerializer(read_only=True)
    referred_by = OrgSerializer(read_only=True)
    supervised_units = OrgSerializer(many=True, read_only=True)
    allowed_actions = AllowedActionsField(SUPERVISION_WORKFLOW)
    deadlines = serializers.SerializerMethodField()
    documents = serializers.SerializerMethodField()
    unit_clocks = serializers.SerializerMethodField()
    notices = serializers.SerializerMethodField()
    decision_requests = serializers.SerializerMethodField()
    decisions = serializers.SerializerMethodField()
    accountability_entries = serializers.SerializerMethodField()
    objections = serializers.SerializerMethodField()
    information_requests = serializers.SerializerMethodField()
    on_spot_corrections = serializers.SerializerMethodField()
    results = serializers.SerializerMethodField()
    timeline = serializers.SerializerMethodField()
    url = serializers.CharField(source="get_absolute_url", read_only=True)
    # 条例 Art. 14–21, alongside the 办法's `method`.
    mode_display = LabelField(source="get_mode_display", read_only=True)
    listed_by = OrgSerializer(read_only=True, allow_null=True)
    escalated_from = OrgSerializer(read_only=True, allow_null=True)
    takeovers = serializers.SerializerMethodField()

    class Meta:
        model = SupervisionCase
        fields = ["id", "number", "title", "state", "state_display", "method", "method_display", "focus_area",
                  "focus_area_display", "source", "source_detail", "summary", "handling_org", "referred_by",
                  "supervised_units", "opened_on", "finding", "closed_at", "allowed_actions", "deadlines", "documents",
                  "unit_clocks", "notices", "decision_requests", "decisions", "accountability_entries", "objections",
                  "information_requests", "on_spot_corrections", "results", "timeline", "url",
                  "mode", "mode_display", "daily_means", "assessment_means", "campaign", "listed_by", "listed_on",
                  "listed_reason", "listed_due", "escalated_from", "takeovers"]

    @extend_schema_field(TakeoverSerializer(many=True))
    def get_takeovers(self, case):
        rows = TakeoverSerializer(selectors.record_panel(case, "takeovers", case.takeovers.select_related("from_org", "to_org")),
                                  many=True).data
        user = self._user()
        if user is None or not selectors.reads_internal_file(user):
            for row in rows:
                row["reason"] = ""  # the bureaus' reasons stay internal; who handles the case does not
        return rows

    def to_representation(self, case):
        data = super().to_representation(case)
        user = self._user()
        if user is not None and not selectors.reads_internal_file(user):
            data["listed_reason"] = ""  # the bureau's reasons stay internal
        return data

    def _user(self):
        request = self.context.get("request")
        return getattr(request, "user", None)

    def _party_filter(self, case, items, attr):
        """A supervised unit reads only what concerns its own units."""
        user = self._user()
        if user is None or not selectors.sees_only_as_party(user):
            return list(items)
        orgs = selectors.party_org_ids(user, case)
        return [i for i in items if getattr(i, attr) in orgs]

    def _internal_only(self, items):
        user = self._user()
        return list(items) if user is not None and selectors.reads_internal_file(user) else []

    def get_deadlines(self, case) -> list[dict]:
        from deadlines.selectors import deadlines_for

        today = timezone.localdate()
        return [{"id": d.pk, "kind": d.kind, "title": d.title, "due": d.due_on, "days_left": (d.due_on - today).days,
                 "state": d.state, "responsible": d.responsible_id, "basis": d.basis, "statutory": d.statutory}
                for d in deadlines_for(case, user=self._user())]

    @extend_schema_field(UnitClockSerializer(many=True))
    def get_unit_clocks(self, case):
        clocks = self._party_filter(case, case.unit_clocks.select_related("unit"), "unit_id")
        return UnitClockSerializer(clocks, many=True).data

    @extend_schema_field(NoticeSerializer(many=True))
    def get_notices(self, case):
        return NoticeSerializer(case.notices.all(), many=True).data

    @extend_schema_field(DecisionRequestSerializer(many=True))
    def get_decision_requests(self, case):
        requests = self._internal_only(selectors.record_panel(case, "decision_requests", case.decision_requests.all()))
        return DecisionRequestSerializer(requests, many=True).data

    @extend_schema_field(DecisionSerializer(many=True))
    def get_decisions(self, case):
        return DecisionSerializer(case.decisions.all(), many=True).data

    @extend_schema_field(AccountabilitySerializer(many=True))
    def get_accountability_entries(self, case):
        entries = self._internal_only(selectors.record_panel(case, "accountability_entries",
                                                  case.accountability_entries.select_related("agency")))
        return AccountabilitySerializer(entries, many=True).data

    @extend_schema_field(ObjectionSerializer(many=True))
    def get_objections(self, case):
        items = self._party_filter(case, case.objections.select_related("unit").prefetch_related("files"), "unit_id")
        return ObjectionSerializer(items, many=True).data

    @extend_schema_field(InformationRequestSerializer(many=True))
    def get_information_requests(self, case):
        items = self._party_filter(case, case.information_requests.select_related("unit"), "unit_id")
        return InformationRequestSerializer(items, many=True).data

    @extend_schema_field(OnSpotCorrectionSerializer(many=True))
    def get_on_spot_corrections(self, case):
        items = self._internal_only(selectors.record_panel(case, "on_spot_corrections",
                                                case.on_spot_corrections.select_related("unit")))
        return OnSpotCorrectionSerializer(items, many=True).data

    @extend_schema_field(ResultSerializer(many=True))
    def get_results(self, case):
        return ResultSerializer(self._internal_only(selectors.record_panel(case, "results", case.results.all())), many=True).data

    @extend_schema_field(TimelineSerializer(many=True))
    def get_timeline(self, case):
        user = self._user()
        entries = selectors.timeline_for(user, case) if user is not None else []
        return TimelineSerializer(entries, many=True, context={"workflows": (SUPERVISION_WORKFLOW,)}).data

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


class OpenCaseInput(MethodInput):
    """立案: the 办法's fields, and the 条例's method (mode, means, campaign) alongside."""

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
    # Bounded like the stored columns and the printed document (documents.kinds.MAX_FIELD_CHARS).
    act_supervised = serializers.CharField(max_length=MAX_FIELD_CHARS)
    facts = serializers.CharField(max_length=MAX_FIELD_CHARS)
    evidence_list = serializers.CharField(max_length=MAX_FIELD_CHARS)
    problems = serializers.CharField(max_length=MAX_FIELD_CHARS)
    provisions = serializers.CharField(max_length=MAX_FIELD_CHARS)
    corrections = serializers.CharField(max_length=MAX_FIELD_CHARS)
    rectification_due = serializers.DateField(required=False, allow_null=True, default=None,
                                              validators=[validate_date_in_range])
    rectification_days = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=1, max_value=365)
    contact_person = serializers.CharField(max_length=50)
    contact_phone = serializers.CharField(max_length=40)


class InstrumentInput(serializers.Serializer):
    """条例 Art. 27, 28: the 规定时限 defaults to 30 days from receipt; or give days, or a fixed date."""

    act_supervised = serializers.CharField()
    facts = serializers.CharField()
    evidence_list = serializers.CharField()
    problems = serializers.CharField()
    provisions = serializers.CharField()
    corrections = serializers.CharField()
    time_limit_days = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=1, max_value=365)
    time_limit_due = serializers.DateField(required=False, allow_null=True, default=None)
    findings_art11 = serializers.ListField(child=serializers.ChoiceField(choices=Art11Finding.choices), required=False,
                                           default=list)
    findings_art12 = serializers.ListField(child=serializers.ChoiceField(choices=Art12Finding.choices), required=False,
                                           default=list)
    contact_person = serializers.CharField()
    contact_phone = serializers.CharField()


class OnSpotInput(serializers.Serializer):
    problem = serializers.CharField()
    correction = serializers.CharField()
    corrected_on = serializers.DateField(required=False, allow_null=True, default=None)
    units = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.all(), many=True, required=False,
                                               default=list)


class ProposeDecisionInput(serializers.Serializer):
    grounds = serializers.ChoiceField(choices=[("major_issue", "涉及重大问题"), ("not_followed", "未按督办函、意见书要求纠正")])
    reasons = serializers.CharField()
    proposed_decision = serializers.ChoiceField(choices=DecisionType.choices)


class DeclineInput(serializers.Serializer):
    reasons = serializers.CharField()


class ObjectionInput(serializers.Serializer):
    reasons = serializers.CharField()
    organization = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.all(), required=False,
                                                      allow_null=True, default=None)
    files = serializers.ListField(child=serializers.FileField(), required=False, default=list)


class AnswerObjectionInput(serializers.Serializer):
    objection = serializers.IntegerField(required=False, allow_null=True, default=None)
    outcome = serializers.ChoiceField(choices=[("maintain", "维持"), ("change", "变更"), ("withdraw", "撤回")])
    answer = serializers.CharField()
    changed_requirements = serializers.CharField(required=False, allow_blank=True, default="")
    new_due = serializers.DateField(required=False, allow_null=True, default=None)
    new_days = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=1, max_value=365)
    new_limit_reason = serializers.CharField(required=False, allow_blank=True, default="")


class InformationRequestInput(serializers.Serializer):
    unit = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.all())
    kind = serializers.ChoiceField(choices=[("self_check", "要求自查"), ("explain", "要求说明情况")])
    matter = serializers.CharField()
    reply_due = serializers.DateField()


class InformationReplyInput(serializers.Serializer):
    reply = serializers.CharField()


class RefusalInput(serializers.Serializer):
    facts = serializers.CharField()


class ServiceInput(serializers.Serializer):
    recipient = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.all())
    method = serializers.ChoiceField(choices=ServiceMethod.choices)
    served_on = serializers.DateField(validators=[validate_date_in_range])
    receipt = serializers.FileField()
    recipient_person = serializers.CharField(required=False, allow_blank=True, default="")
    witnesses = serializers.CharField(required=False, allow_blank=True, default="")
    note = serializers.CharField(required=False, allow_blank=True, default="")
    new_due = serializers.DateField(required=False, allow_null=True, default=None,
                                    help_text="late service: the new time limit the bureau sets (with new_limit_reason)")
    new_days = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=1, max_value=365)
    new_limit_reason = serializers.CharField(required=False, allow_blank=True, default="")


class ReportInput(serializers.Serializer):
    content = serializers.CharField()
    corrected_on = serializers.DateField(required=False, allow_null=True, default=None,
                                         help_text="the day the correction was made (default: the day of filing)")
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
    reasons = serializers.CharField(max_length=MAX_FIELD_CHARS)
    proposed_decision = serializers.ChoiceField(choices=DecisionType.choices)


class DecisionInput(serializers.Serializer):
    decision_type = serializers.ChoiceField(choices=DecisionType.choices)
    content = serializers.CharField(max_length=MAX_FIELD_CHARS)
    reasons = serializers.CharField(max_length=MAX_FIELD_CHARS)
    basis = serializers.CharField(max_length=MAX_FIELD_CHARS)
    performance = serializers.CharField(required=False, allow_blank=True, default="", max_length=MAX_FIELD_CHARS)


class ActivityInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ActivityKind.choices)
    occurred_on = serializers.DateField(validators=[validate_date_in_range])
    place = serializers.CharField(required=False, allow_blank=True, default="")
    other_participants = serializers.CharField(required=False, allow_blank=True, default="")
    record = serializers.CharField()
    supervisors = serializers.ListField(child=serializers.IntegerField(), allow_empty=False)
    certificate_shown = serializers.ListField(child=serializers.IntegerField(), required=False, default=list,
                                              help_text="ids of the supervisors who showed their certificate")
    files = serializers.ListField(child=serializers.FileField(), required=False, default=list)
    talk_unit = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.all(), required=False, allow_null=True,
                                                   default=None, help_text="约谈: the supervised unit talked to")
    talk_target = serializers.ChoiceField(choices=TalkTarget.choices, required=False, allow_blank=True, default="")
    talk_person = serializers.CharField(required=False, allow_blank=True, default="", max_length=100)
    outside_participants = OutsideParticipantSerializer(many=True, required=False, default=list,
                                                        help_text="条例 Art. 23: invited, never supervisors")


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


class SupervisionCaseViewSet(ExportableListMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                             viewsets.GenericViewSet):
    """Supervision cases (Art. 11–19, 25). Outside the user's reach: 404."""

    filterset_class = CaseFilter
    export_columns, export_filename = CASE_COLUMNS, "监督案件"
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        if self.action == "list":
            return selectors.case_rows(self.request.user)
        return selectors.case_list(self.request.user)

    def get_serializer_class(self):
        if self.action == "list":
            return CaseListSerializer
        return SupervisionCaseSerializer

    def _perform(self, service, *args, **kwargs):
        """A write of the requesting person through the one door (`perform_as`): stored texts in Chinese,
        refusals in the person's language, and nobody notified of their own action."""
        return perform_as(self.request.user, service, *args, acting_user=self.request.user, **kwargs)

    def create(self, request, *args, **kwargs):
        data = OpenCaseInput(data=request.data)
        data.is_valid(raise_exception=True)
        case = self._perform(services.open_case, **data.validated_data)
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
            activity = self._perform(services.record_activity, case, **d)
            return Response(ActivitySerializer(activity).data, status=status.HTTP_201_CREATED)
        qs = case.activities.prefetch_related("participants__supervisor", "evidence", "outside_participants") \
            .select_related("talk_unit")
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
            stored = self._perform(services.add_evidence, case, activity=activity, **d)
            return Response(EvidenceSerializer(stored, many=True).data, status=status.HTTP_201_CREATED)
        return Response(EvidenceSerializer(self._internal(case, case.evidence.all()), many=True).data)

    @action(detail=True, methods=["get"], url_path="service-records")
    def service_records(self, request, pk=None):
        case = self.get_object()
        qs = self._own(case, case.service_records.select_related("recipient"), "recipient_id")
        return Response(ServiceRecordSerializer(qs, many=True).data)

    @action(detail=True, methods=["get"], url_path="reports")
    def reports(self, request, pk=None):
        case = self.get_object()
        qs = case.reports.select_related("organization").prefetch_related("files")
        return Response(ReportSerializer(self._own(case, qs, "organization_id"), many=True).data)

    def _internal(self, case, qs):
        """The investigation file: only for the supervising bodies and the deciding government."""
        return qs if selectors.reads_internal_file(self.request.user) else qs.none()

    def _own(self, case, qs, field):
        """A supervised unit reads only its own filings and what was served on it."""
        if not selectors.sees_only_as_party(self.request.user):
            return qs
        return qs.filter(**{f"{field}__in": selectors.party_org_ids(self.request.user, case)})

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
    # 条例 (from 2026-02-01)
    issue_opinion = workflow_action("issue_opinion", services.issue_opinion, InstrumentInput)
    issue_urging_letter = workflow_action("issue_urging_letter", services.issue_urging_letter, InstrumentInput)
    record_on_spot_correction = workflow_action("record_on_spot_correction", services.record_on_spot_correction,
                                                OnSpotInput)
    propose_decision = workflow_action("propose_decision", services.propose_decision, ProposeDecisionInput)
    decline_correction = workflow_action("decline_correction", services.decline_correction, DeclineInput)
    object = workflow_action("object", _report_service(services.object_to_instrument), ObjectionInput)
    answer_objection = workflow_action("answer_objection", _report_service(services.answer_objection),
                                       AnswerObjectionInput)
    # 条例 Art. 14–21: classify, 挂牌督办, 提级监督 (records beside the transition table).
    classify_method = workflow_action("classify_method", services.classify_method, MethodInput)
    list_for_supervision = workflow_action("list_for_supervision", services.list_for_supervision, ListingInput)
    take_over = workflow_action("take_over", services.take_over, TakeOverInput)

    @extend_schema(parameters=[FindingPeriodInput], responses=FindingStatisticsSerializer,
                   summary="问题类别统计（《条例》第十一条第二款、第十二条）：意见书、督办函按问题类别计数")
    @action(detail=False, methods=["get"], url_path="finding-statistics", filterset_class=None,
            pagination_class=None)
    def finding_statistics(self, request):
        period = FindingPeriodInput(data=request.query_params)
        period.is_valid(raise_exception=True)
        return Response(selectors.finding_statistics(request.user, since=period.validated_data["date_from"],
                                                     until=period.validated_data["date_to"]))

    @extend_schema(request=AccountabilityInput, responses=AccountabilitySerializer(many=True),
                   summary="问责记录：登记《办法》第二十五条第三、四项情形（拒绝、阻挠监督依《条例》第四十一条移送处分）")
    @action(detail=True, methods=["get", "post"], url_path="accountability-entries")
    def accountability_entries(self, request, pk=None):
        case = self.get_object()
        if request.method == "POST":
            data = AccountabilityInput(data=request.data)
            data.is_valid(raise_exception=True)
            entry = self._perform(services.record_accountability, case, **data.validated_data)
            return Response(AccountabilitySerializer(entry).data, status=status.HTTP_201_CREATED)
        qs = case.accountability_entries.select_related("agency")
        return Response(AccountabilitySerializer(self._internal(case, qs), many=True).data)

    @extend_schema(request=InformationRequestInput, responses=InformationRequestSerializer(many=True),
                   summary="要求自查、说明情况（条例第二十二条第一项）")
    @action(detail=True, methods=["get", "post"], url_path="information-requests")
    def information_requests(self, request, pk=None):
        case = self.get_object()
        if request.method == "POST":
            data = InformationRequestInput(data=request.data)
            data.is_valid(raise_exception=True)
            created = self._perform(services.request_information, case, **data.validated_data)
            return Response(InformationRequestSerializer(created).data, status=status.HTTP_201_CREATED)
        items = SupervisionCaseSerializer(case, context=self.get_serializer_context()).get_information_requests(case)
        return Response(items)

    @extend_schema(request=InformationReplyInput, responses=InformationRequestSerializer,
                   summary="被监督单位答复自查、说明情况")
    @action(detail=True, methods=["post"], url_path=r"information-requests/(?P<request_id>\d+)/answer")
    def answer_information_request(self, request, pk=None, request_id=None):
        item = self._information_request(request_id)
        data = InformationReplyInput(data=request.data)
        data.is_valid(raise_exception=True)
        item = self._perform(services.answer_information_request, item, **data.validated_data)
        return Response(InformationRequestSerializer(item).data)

    @extend_schema(request=RefusalInput, responses=AccountabilitySerializer,
                   summary="登记拒绝、阻挠监督（条例第四十一条；办法第二十五条第四项）")
    @action(detail=True, methods=["post"], url_path=r"information-requests/(?P<request_id>\d+)/refusal")
    def record_refusal(self, request, pk=None, request_id=None):
        item = self._information_request(request_id)
        data = RefusalInput(data=request.data)
        data.is_valid(raise_exception=True)
        entry = self._perform(services.record_refusal, item, **data.validated_data)
        return Response(AccountabilitySerializer(entry).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ResultInput, responses=ResultSerializer(many=True),
                   summary="处理结果：通报、向社会公布、对执法人员的处理建议、向监察机关移送、告知上一级主管部门（条例第三十一至三十三条、第四十二条）")
    @action(detail=True, methods=["get", "post"], url_path="results")
    def results(self, request, pk=None):
        case = self.get_object()
        if request.method == "POST":
            data = ResultInput(data=request.data)
            data.is_valid(raise_exception=True)
            result = self._perform(services.record_result, case, **data.validated_data)
            return Response(ResultSerializer(result).data, status=status.HTTP_201_CREATED)
        return Response(ResultSerializer(self._internal(case, case.results.all()), many=True).data)

    @extend_schema(request=ResultAnswerInput, responses=ResultSerializer, summary="登记有权机关的反馈")
    @action(detail=True, methods=["post"], url_path=r"results/(?P<result_id>\d+)/answer")
    def answer_result(self, request, pk=None, result_id=None):
        from django.http import Http404

        case = self.get_object()
        result = case.results.filter(pk=result_id).first()
        if result is None or not selectors.reads_internal_file(request.user):
            raise Http404
        data = ResultAnswerInput(data=request.data)
        data.is_valid(raise_exception=True)
        result = self._perform(services.record_result_answer, result, **data.validated_data)
        return Response(ResultSerializer(result).data)

    def _information_request(self, request_id):
        from django.http import Http404

        case = self.get_object()
        item = case.information_requests.filter(pk=request_id).first()
        user = self.request.user
        if item is None or (selectors.sees_only_as_party(user) and item.unit_id not in selectors.party_org_ids(user, case)):
            raise Http404
        return item


def _missing_activity():
    from django.core.exceptions import ValidationError

    raise ValidationError({"activity": ["该调查活动不属于本案。"]})
