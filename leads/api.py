"""`/api/v1/leads/` (处置中心) and `/api/v1/warning-rules/` (the rules and their switches)."""

from django.core.exceptions import ValidationError
from rest_framework import mixins, serializers, viewsets

from organizations.models import OrganizationKind, Role
from organizations.scoping import has_role
from shaoxing_supervision.api import LabelField
from workflow.api import AllowedActionsField, workflow_action

from . import selectors, services
from .filters import LeadFilterSet
from .handling import LEAD_WORKFLOW
from .models import Lead, WarningRule
from .rules import RULES_BY_CODE


class RuleRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = WarningRule
        fields = ["code", "name", "version", "citation"]


class RecordRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    case_number = serializers.CharField()
    kind = serializers.CharField()
    title = serializers.CharField()


class LeadSerializer(serializers.ModelSerializer):
    rule = RuleRefSerializer(read_only=True)
    record = RecordRefSerializer(read_only=True, allow_null=True)
    agency_name = serializers.CharField(source="agency.name", read_only=True)
    division = serializers.SlugRelatedField(slug_field="code", read_only=True)
    state_display = LabelField(source="get_state_display", read_only=True)
    origin_display = LabelField(source="get_origin_display", read_only=True)
    supervision_case_number = serializers.CharField(source="supervision_case.number", read_only=True, default=None)
    allowed_actions = AllowedActionsField(LEAD_WORKFLOW)

    class Meta:
        model = Lead
        fields = ["id", "rule", "rule_version", "record", "agency", "agency_name", "division", "origin",
                  "origin_display", "reference", "summary", "basis", "triggers", "state", "state_display", "track",
                  "handling_note", "dismiss_reason", "agency_reply", "supervision_case", "supervision_case_number",
                  "received_on", "created_at", "allowed_actions"]


class LeadSimpleTrackInput(serializers.Serializer):
    request = serializers.CharField(required=False, allow_blank=True, default="")
    days = serializers.IntegerField(required=False, default=services.DEFAULT_REPLY_DAYS, min_value=1, max_value=60)


class LeadOpenCaseInput(serializers.Serializer):
    focus_area = serializers.CharField(required=False, allow_blank=True, default="")
    summary = serializers.CharField(required=False, allow_blank=True, default="")


class LeadWarnInput(serializers.Serializer):
    content = serializers.CharField(required=False, allow_blank=True, default="")


class LeadDismissInput(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class LeadReplyInput(serializers.Serializer):
    reply = serializers.CharField(required=False, allow_blank=True, default="")


class LeadCloseInput(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class LeadViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """预警线索: rule leads and outside warnings, with their handling tracks."""

    queryset = Lead.objects.all()
    serializer_class = LeadSerializer
    filterset_class = LeadFilterSet

    def get_queryset(self):
        return selectors.lead_queryset(self.request.user)

    simple_track = workflow_action("simple_track", services.simple_track, LeadSimpleTrackInput)
    open_case = workflow_action("open_case", services.open_case, LeadOpenCaseInput)
    warn = workflow_action("warn", services.warn, LeadWarnInput)
    dismiss = workflow_action("dismiss", services.dismiss, LeadDismissInput)
    reply = workflow_action("reply", services.reply, LeadReplyInput)
    close = workflow_action("close", services.close, LeadCloseInput)


class WarningRuleSerializer(serializers.ModelSerializer):
    lead_count = serializers.IntegerField(read_only=True)
    open_count = serializers.IntegerField(read_only=True)
    dismissed_count = serializers.IntegerField(read_only=True)
    threshold_labels = serializers.SerializerMethodField()

    class Meta:
        model = WarningRule
        fields = ["id", "code", "name", "version", "citation", "description", "is_enabled", "thresholds",
                  "threshold_labels", "lead_count", "open_count", "dismissed_count", "updated_at"]
        read_only_fields = ["code", "name", "version", "citation", "description", "updated_at"]

    def get_threshold_labels(self, rule) -> dict:
        code_rule = RULES_BY_CODE.get(rule.code)
        return dict(code_rule.threshold_labels) if code_rule else {}


class WarningRuleViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin,
                         viewsets.GenericViewSet):
    """The warning models: what each checks, its law, switch and thresholds (a bureau's reviewer or leader edits)."""

    queryset = WarningRule.objects.all()
    serializer_class = WarningRuleSerializer
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self):
        from .engine import sync_rules

        sync_rules()
        return selectors.rules_with_counts(self.request.user)

    def perform_update(self, serializer):
        from .rules_admin import update_rule

        if not (self.request.user.is_superuser or has_role(self.request.user, {Role.REVIEWER, Role.LEADER},
                                                            kinds=[OrganizationKind.JUSTICE_BUREAU])):
            from workflow.errors import ActionNotPermitted

            raise ActionNotPermitted("只有司法行政部门的审核人或负责人可以调整预警规则。")
        data = serializer.validated_data
        rule = update_rule(serializer.instance, acting_user=self.request.user,
                           is_enabled=data.get("is_enabled"), thresholds=data.get("thresholds"))
        serializer.instance = rule


__all__ = ["LeadViewSet", "WarningRuleViewSet", "ValidationError"]
