"""API of the 条例's methods and intake: `/api/v1/supervision-campaigns/` (专项监督工作方案, Art. 21),
`/api/v1/supervision-intake/` (研判, Art. 20 ¶2, 33 ¶3), and the inputs of the case's method actions."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response

from deadlines.calendar import validate_date_in_range
from organizations.api import OrganizationRefSerializer
from organizations.models import Organization
from shaoxing_supervision.api import LabelField
from workflow.acting import perform_as
from workflow.api import workflow_action

from . import selectors, services
from .models import (
    AccountabilityEntry,
    AssessmentMeans,
    DailyMeans,
    FocusArea,
    IntakeAssessment,
    IntakeChannel,
    IntakeOutcome,
    Method,
    OutsideParticipant,
    PendingRemedy,
    SpecialCampaign,
    SupervisionMode,
)

OrgSerializer = OrganizationRefSerializer


# --- Case: method fields, actions, 约谈 / invited, Art. 25 entries -------------------------------------


class MethodInput(serializers.Serializer):
    mode = serializers.ChoiceField(choices=SupervisionMode.choices, required=False, allow_blank=True, default="",
                                   help_text="条例 Art. 14; blank: the one the 办法's method maps to")
    daily_means = serializers.ChoiceField(choices=DailyMeans.choices, required=False, allow_blank=True, default="")
    assessment_means = serializers.ListField(child=serializers.ChoiceField(choices=AssessmentMeans.choices),
                                             required=False, default=list)
    campaign = serializers.PrimaryKeyRelatedField(queryset=SpecialCampaign.objects.all(), required=False,
                                                  allow_null=True, default=None,
                                                  help_text="an approved 专项监督工作方案 (mode `special`)")


class ListingInput(serializers.Serializer):
    reason = serializers.CharField()
    due_on = serializers.DateField(required=False, allow_null=True, default=None, validators=[validate_date_in_range])


class TakeOverInput(serializers.Serializer):
    reason = serializers.CharField()


class OutsideParticipantSerializer(serializers.Serializer):
    category = serializers.ChoiceField(choices=OutsideParticipant.Category.choices)
    category_display = LabelField(source="get_category_display", read_only=True)
    name = serializers.CharField(max_length=50)
    affiliation = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")


class TakeoverSerializer(serializers.Serializer):
    from_org = OrgSerializer()
    to_org = OrgSerializer()
    reason = serializers.CharField()
    taken_at = serializers.DateTimeField()


class AccountabilityInput(serializers.Serializer):
    agency = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.all())
    ground = serializers.ChoiceField(choices=AccountabilityEntry.Ground.choices)
    facts = serializers.CharField()
    legal_basis = serializers.CharField(required=False, allow_blank=True, default="", max_length=200,
                                        help_text="required for ground `other` (办法 Art. 25 (4))")
    responsible_persons = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)


# --- 专项监督工作方案 ------------------------------------------------------------------------------------


class CampaignSerializer(serializers.ModelSerializer):
    organiser = OrgSerializer(read_only=True)
    responsible_departments = OrgSerializer(many=True, read_only=True)
    approving_government = OrgSerializer(read_only=True)
    state_display = LabelField(source="get_state_display", read_only=True)
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = SpecialCampaign
        fields = ["id", "title", "organiser", "provincial_programme", "responsible_departments", "focus", "schedule",
                  "requirements", "basis", "starts_on", "ends_on", "state", "state_display", "submitted_at",
                  "approving_government", "approval_reference", "approved_on", "url"]


class CampaignInput(serializers.Serializer):
    organiser = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.all())
    title = serializers.CharField(max_length=200)
    provincial_programme = serializers.CharField(max_length=200,
                                                 help_text="the provincial 工作方案 this plan carries out (Art. 21 ¶1)")
    responsible_departments = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.all(), many=True)
    focus = serializers.CharField()
    schedule = serializers.CharField()
    requirements = serializers.CharField()
    basis = serializers.CharField(required=False, allow_blank=True, default="")
    starts_on = serializers.DateField(validators=[validate_date_in_range])
    ends_on = serializers.DateField(validators=[validate_date_in_range])


class CampaignApprovalInput(serializers.Serializer):
    approval_reference = serializers.CharField(required=False, allow_blank=True, default="", max_length=80)
    approved_on = serializers.DateField(required=False, allow_null=True, default=None,
                                        validators=[validate_date_in_range])


class SpecialCampaignViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                             viewsets.GenericViewSet):
    """专项监督工作方案 (条例 Art. 21): drafted by a bureau, submitted, approved by its government. Out of reach: 404."""

    serializer_class = CampaignSerializer

    def get_queryset(self):
        return selectors.campaign_list(self.request.user)

    @extend_schema(request=CampaignInput, responses={201: CampaignSerializer})
    def create(self, request, *args, **kwargs):
        data = CampaignInput(data=request.data)
        data.is_valid(raise_exception=True)
        campaign = perform_as(request.user, services.draft_campaign, acting_user=request.user, **data.validated_data)
        return Response(CampaignSerializer(campaign).data, status=status.HTTP_201_CREATED)

    submit = workflow_action("submit", services.submit_campaign)
    approve = workflow_action("approve", services.approve_campaign, CampaignApprovalInput)


# --- 研判 -------------------------------------------------------------------------------------------------


class IntakeSerializer(serializers.ModelSerializer):
    handling_org = OrgSerializer(read_only=True)
    agency = OrgSerializer(read_only=True, allow_null=True)
    channel_display = LabelField(source="get_channel_display", read_only=True)
    outcome_display = LabelField(source="get_outcome_display", read_only=True)
    case_number = serializers.CharField(source="case.number", read_only=True, default=None)
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = IntakeAssessment
        fields = ["id", "handling_org", "channel", "channel_display", "reference", "received_on", "submitter", "agency",
                  "matter", "lead", "clue", "pending_remedy", "qualifies_for_remedy", "outcome", "outcome_display",
                  "reason", "reply", "case", "case_number", "assessed_at", "url"]


class IntakeInput(serializers.Serializer):
    handling_org = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.all())
    channel = serializers.ChoiceField(choices=IntakeChannel.choices)
    reference = serializers.CharField(required=False, allow_blank=True, default="", max_length=80,
                                      help_text="工单号 (required for `hotline_12345`) or the suggestion's 文号")
    received_on = serializers.DateField(validators=[validate_date_in_range])
    submitter = serializers.CharField(required=False, allow_blank=True, default="", max_length=100)
    agency = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.all(), required=False, allow_null=True,
                                                default=None)
    matter = serializers.CharField(required=False, allow_blank=True, default="")
    lead = serializers.IntegerField(required=False, allow_null=True, default=None,
                                    help_text="id of a 处置中心 lead in the bureau's area")
    clue = serializers.IntegerField(required=False, allow_null=True, default=None,
                                    help_text="id of a citizen's clue in the bureau's area")
    pending_remedy = serializers.ChoiceField(choices=PendingRemedy.choices, required=False, allow_blank=True,
                                             default="", help_text="a matter in 复议/诉讼 is only `not_opened` (Art. 33 ¶3)")
    qualifies_for_remedy = serializers.BooleanField(required=False, default=False)
    outcome = serializers.ChoiceField(choices=IntakeOutcome.choices)
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    reply = serializers.CharField(required=False, allow_blank=True, default="")
    method = serializers.ChoiceField(choices=Method.choices, required=False, default="individual")
    focus_area = serializers.ChoiceField(choices=FocusArea.choices, required=False, default="other")


def _linked(model_path, pk, field):
    """A lead or clue by id; one that does not exist is the same 400 as one outside the area."""
    if pk is None:
        return None
    from django.apps import apps
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    found = apps.get_model(model_path)._default_manager.filter(pk=pk).first()
    if found is None:
        raise ValidationError({field: [_("该线索不在本机关的地区内。")]})
    return found


class IntakeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """The 研判 register (条例 Art. 20 ¶2, 33 ¶3): supervising bodies of the area only. Out of reach: 404."""

    serializer_class = IntakeSerializer

    def get_queryset(self):
        return selectors.intake_list(self.request.user)

    @extend_schema(request=IntakeInput, responses={201: IntakeSerializer})
    def create(self, request, *args, **kwargs):
        data = IntakeInput(data=request.data)
        data.is_valid(raise_exception=True)
        d = dict(data.validated_data)
        d["lead"] = _linked("leads.Lead", d["lead"], "lead")
        d["clue"] = _linked("clues.Clue", d["clue"], "clue")
        assessment = perform_as(request.user, services.assess_intake, acting_user=request.user, **d)
        return Response(IntakeSerializer(assessment).data, status=status.HTTP_201_CREATED)



# --- Findings by 条例 Art. 11 ¶2 and Art. 12, for the statistics ----------------------------------------


class FindingPeriodInput(serializers.Serializer):
    date_from = serializers.DateField(required=False, allow_null=True, default=None,
                                      validators=[validate_date_in_range])
    date_to = serializers.DateField(required=False, allow_null=True, default=None, validators=[validate_date_in_range])

    def validate(self, data):
        if data["date_from"] and data["date_to"] and data["date_to"] < data["date_from"]:
            from django.utils.translation import gettext as _

            raise serializers.ValidationError({"date_to": [_("结束日期不能早于开始日期。")]})
        return data


class FindingCountSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()


class FindingStatisticsSerializer(serializers.Serializer):
    instruments = serializers.IntegerField(help_text="意见书 and 督办函 in force issued in the period")
    art11 = FindingCountSerializer(many=True, help_text="条例 Art. 11 ¶2 (1)–(7): a11_1 … a11_7")
    art12 = FindingCountSerializer(many=True, help_text="条例 Art. 12 (1)–(8): a12_1 … a12_8")
