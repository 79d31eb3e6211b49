"""Forms for the 条例's methods, intake 研判, 约谈 / outside participants and the Art. 25 grounds.

They parse input only; the services (services/methods.py, intake.py, accountability.py) decide.
"""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organizations.models import Organization, OrganizationKind
from workflow.forms import StyledFilterForm, StyledFormMixin

from .forms import DATE, ActivityForm, OpenCaseForm, handling_orgs_for, units_in_reach
from .models import (
    AccountabilityEntry,
    AssessmentMeans,
    CampaignState,
    DailyMeans,
    FocusArea,
    IntakeChannel,
    IntakeOutcome,
    Method,
    OutsideParticipant,
    PendingRemedy,
    SpecialCampaign,
    SupervisionMode,
    TalkTarget,
)

BLANK = [("", "---------")]


def approved_campaigns_for(org):
    """Approved plans whose organiser's area covers `org` (a county bureau may run the city's too)."""
    if org is None:
        return SpecialCampaign.objects.none()
    codes = [org.division.code[:n] for n in range(2, len(org.division.code) + 1, 2)]
    return SpecialCampaign.objects.filter(state=CampaignState.APPROVED, organiser__division__code__in=codes)


class MethodFieldsMixin(StyledFormMixin, forms.Form):
    mode = forms.ChoiceField(label=_("监督类别（《条例》第十四条）"), choices=BLANK + SupervisionMode.choices, required=False,
                             help_text=_("不选则按监督方式对应：案卷评查、执法评议属日常监督，专项监督属专项监督"))
    daily_means = forms.ChoiceField(label=_("日常监督方式（《条例》第十五条）"), choices=BLANK + DailyMeans.choices,
                                    required=False)
    assessment_means = forms.MultipleChoiceField(label=_("评估方式（《条例》第十六条）"), choices=AssessmentMeans.choices,
                                                 required=False, widget=forms.CheckboxSelectMultiple)
    campaign = forms.ModelChoiceField(label=_("专项监督工作方案"), queryset=SpecialCampaign.objects.none(), required=False)


class ClassifyMethodForm(MethodFieldsMixin):
    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = approved_campaigns_for(case.handling_org)
        self.initial.update(mode=case.mode, daily_means=case.daily_means, assessment_means=case.assessment_means,
                            campaign=case.campaign_id)


class RegulationOpenCaseForm(OpenCaseForm, MethodFieldsMixin):
    """立案: the 办法's fields, then the 条例's mode and means."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        campaigns = SpecialCampaign.objects.none()
        for org in handling_orgs_for(user):
            campaigns = campaigns | approved_campaigns_for(org)
        self.fields["campaign"].queryset = campaigns.distinct()


class ListingForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label=_("挂牌督办事由"), widget=forms.Textarea(attrs={"rows": 3}))
    due_on = forms.DateField(label=_("督办办结时限"), widget=DATE, required=False)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)


class TakeOverForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label=_("提级监督理由"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)


class RecordAccountabilityForm(StyledFormMixin, forms.Form):
    agency = forms.ModelChoiceField(label=_("被问责单位"), queryset=Organization.objects.none())
    ground = forms.ChoiceField(label=_("问责情形（《办法》第二十五条）"), choices=AccountabilityEntry.Ground.choices)
    facts = forms.CharField(label=_("事实"), widget=forms.Textarea(attrs={"rows": 3}))
    legal_basis = forms.CharField(label=_("法律、法规依据（第四项必填）"), max_length=200, required=False)
    responsible_persons = forms.CharField(label=_("直接负责的主管人员和其他直接责任人员"), max_length=300, required=False)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = case.supervised_units.all()


def parse_outside_participants(text: str) -> list[dict]:
    """One person a line: 类别 姓名 [单位] (类别 as shown: 人大代表, 政协委员, 行业代表, 专家学者, 新闻工作者, 其他受邀人员)."""
    by_label = {str(label): value for value, label in OutsideParticipant.Category.choices}
    rows = []
    for line in (text or "").splitlines():
        parts = line.replace("，", " ").replace(",", " ").split()
        if not parts:
            continue
        if parts[0] not in by_label or len(parts) < 2:
            raise forms.ValidationError(_("每行写“类别 姓名 单位”，类别为：%(c)s。") % {"c": "、".join(by_label)})
        rows.append({"category": by_label[parts[0]], "name": parts[1], "affiliation": " ".join(parts[2:])})
    return rows


class ActivityExtraMixin(StyledFormMixin, forms.Form):
    """约谈 (条例 Art. 22 (5)) and the invited (Art. 23), added to the activity form."""

    talk_unit = forms.ModelChoiceField(label=_("被约谈单位（约谈时填写）"), queryset=Organization.objects.none(),
                                       required=False)
    talk_target = forms.ChoiceField(label=_("约谈对象"), choices=BLANK + TalkTarget.choices, required=False)
    talk_person = forms.CharField(label=_("被约谈人（姓名、职务）"), max_length=100, required=False)
    outside_participants = forms.CharField(
        label=_("受邀参加人员（《条例》第二十三条，不是监督人员）"), required=False,
        widget=forms.Textarea(attrs={"rows": 2}), help_text=_("每行一人：类别 姓名 单位，如“人大代表 钱红 区人大代表”"))

    def clean_outside_participants(self):
        return parse_outside_participants(self.cleaned_data.get("outside_participants", ""))


class RegulationActivityForm(ActivityForm, ActivityExtraMixin):
    """The activity page's form: the 办法's fields, then 约谈 and the invited."""

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, case=case, **kwargs)
        self.fields["kind"].label = _("监督措施（《办法》第十三条、《条例》第二十二条）")
        self.fields["talk_unit"].queryset = case.supervised_units.all()

    def service_kwargs(self):
        data = self.cleaned_data
        return {**super().service_kwargs(), "talk_unit": data["talk_unit"], "talk_target": data["talk_target"],
                "talk_person": data["talk_person"], "outside_participants": data["outside_participants"]}


# --- 专项监督工作方案 ---------------------------------------------------------------------------------


class CampaignForm(StyledFormMixin, forms.Form):
    organiser = forms.ModelChoiceField(label=_("组织实施机关"), queryset=Organization.objects.none())
    title = forms.CharField(label=_("专项监督名称"), max_length=200)
    provincial_programme = forms.CharField(label=_("所承接的省级专项监督工作方案（名称、文号）"), max_length=200)
    responsible_departments = forms.ModelMultipleChoiceField(label=_("责任部门"), queryset=Organization.objects.none(),
                                                             widget=forms.SelectMultiple(attrs={"size": 8}))
    focus = forms.CharField(label=_("监督重点"), widget=forms.Textarea(attrs={"rows": 3}))
    schedule = forms.CharField(label=_("进度安排"), widget=forms.Textarea(attrs={"rows": 3}))
    requirements = forms.CharField(label=_("工作要求"), widget=forms.Textarea(attrs={"rows": 3}))
    basis = forms.CharField(label=_("问题来源（人大代表建议、政协提案、监察、司法、检察、行政复议建议等）"), required=False,
                            widget=forms.Textarea(attrs={"rows": 2}))
    starts_on = forms.DateField(label=_("开始日期"), widget=DATE)
    ends_on = forms.DateField(label=_("结束日期"), widget=DATE)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organiser"].queryset = handling_orgs_for(user).filter(kind=OrganizationKind.JUSTICE_BUREAU)
        self.fields["responsible_departments"].queryset = units_in_reach(user)


class CampaignApprovalForm(StyledFormMixin, forms.Form):
    approval_reference = forms.CharField(label=_("批准文号"), max_length=80, required=False)
    approved_on = forms.DateField(label=_("批准日期"), widget=DATE, required=False)

    def __init__(self, *args, campaign=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["approved_on"].initial = timezone.localdate()


# --- 研判 -----------------------------------------------------------------------------------------------


class IntakeForm(StyledFormMixin, forms.Form):
    handling_org = forms.ModelChoiceField(label=_("研判机关"), queryset=Organization.objects.none())
    channel = forms.ChoiceField(label=_("线索渠道"), choices=IntakeChannel.choices)
    reference = forms.CharField(label=_("工单号或文号（12345线索必填工单号）"), max_length=80, required=False)
    received_on = forms.DateField(label=_("收到日期"), widget=DATE)
    submitter = forms.CharField(label=_("反映人或提出机关"), max_length=100, required=False)
    agency = forms.ModelChoiceField(label=_("涉及的行政执法机关"), queryset=Organization.objects.none(), required=False)
    matter = forms.CharField(label=_("反映的行政执法问题"), widget=forms.Textarea(attrs={"rows": 3}))
    pending_remedy = forms.ChoiceField(label=_("行政复议、行政诉讼情况"), choices=PendingRemedy.choices, required=False)
    qualifies_for_remedy = forms.BooleanField(label=_("符合行政复议、行政诉讼受理条件（答复中引导当事人）"), required=False)
    outcome = forms.ChoiceField(label=_("研判结果"), choices=IntakeOutcome.choices)
    reason = forms.CharField(label=_("研判理由"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    reply = forms.CharField(label=_("答复内容"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    method = forms.ChoiceField(label=_("立案时的监督方式"), choices=Method.choices, initial="individual")
    focus_area = forms.ChoiceField(label=_("重点领域"), choices=FocusArea.choices, initial="other")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        orgs = handling_orgs_for(user)
        self.fields["handling_org"].queryset = orgs
        if orgs.count() == 1:
            self.fields["handling_org"].initial = orgs.first()
        self.fields["agency"].queryset = units_in_reach(user)
        self.fields["received_on"].initial = timezone.localdate()


class IntakeFilter(StyledFilterForm):
    channel = forms.ChoiceField(label=_("线索渠道"), choices=BLANK + IntakeChannel.choices, required=False)
    outcome = forms.ChoiceField(label=_("研判结果"), choices=BLANK + IntakeOutcome.choices, required=False)


class FindingPeriodForm(StyledFilterForm):
    date_from = forms.DateField(label=_("制发日期自"), widget=DATE, required=False)
    date_to = forms.DateField(label=_("至"), widget=DATE, required=False)
