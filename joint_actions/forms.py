"""HTML forms; they only collect input — the services validate the rules and write."""

from django import forms
from django.utils.translation import gettext_lazy as _

from organizations.models import Organization
from workflow.forms import StyledForm

from .models import CoordinationMatter, Ground, JointActionProposal, LiaisonRecord
from .services import ProposalContent, eligible_departments

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")




class AgencyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class ProposalForm(StyledForm):
    proposer = forms.ModelChoiceField(queryset=Organization.objects.none(), label=_("建议机关"), empty_label=None)
    title = forms.CharField(label=_("行动名称"), max_length=200,
                            widget=forms.TextInput(attrs={"placeholder": _("如：越城区校园周边食品安全联合执法行动")}))
    grounds = forms.MultipleChoiceField(label=_("建议情形（第八条）"), choices=Ground.choices,
                                        widget=forms.CheckboxSelectMultiple,
                                        error_messages={"required": _("请至少选择一项第八条规定的情形。")})
    grounds_other = forms.CharField(label=_("其他情形说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    background = forms.CharField(label=_("建议理由"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    initiating_department = AgencyChoiceField(queryset=Organization.objects.none(), label=_("发起部门"),
                                              empty_label=_("— 请选择牵头的行政执法机关 —"))
    initiating_duties = forms.CharField(label=_("发起部门职责分工"), widget=forms.Textarea(attrs={"rows": 2}))
    target_scope = forms.CharField(label=_("执法对象和范围"), widget=forms.Textarea(attrs={"rows": 3}))
    period_start = forms.DateField(label=_("行动开始日期"), widget=DATE_WIDGET)
    period_end = forms.DateField(label=_("行动结束日期"), widget=DATE_WIDGET)
    key_matters = forms.CharField(label=_("其他重要事项"), widget=forms.Textarea(attrs={"rows": 3}),
                                  help_text=_("工作要求、联络机制、信息报送、保障措施等。"))

    def __init__(self, *args, proposers, **kwargs):
        super().__init__(*args, **kwargs)
        ids = [o.pk for o in proposers]
        self.fields["proposer"].queryset = Organization.objects.filter(pk__in=ids)
        agencies = Organization.objects.none()
        for proposer in proposers:
            agencies = agencies | eligible_departments(proposer)
        self.agencies = agencies.distinct().order_by("division__code", "name")
        self.fields["initiating_department"].queryset = self.agencies
        if len(ids) == 1:
            self.fields["proposer"].initial = ids[0]
            self.fields["proposer"].widget = forms.HiddenInput()

    @staticmethod
    def initial_from(proposal: JointActionProposal) -> dict:
        lead = next((p for p in proposal.departments() if p.is_initiating), None)
        return {
            "proposer": proposal.proposer_id, "title": proposal.title, "grounds": proposal.grounds,
            "grounds_other": proposal.grounds_other, "background": proposal.background,
            "initiating_department": proposal.initiating_department_id,
            "initiating_duties": lead.duties if lead else "", "target_scope": proposal.target_scope,
            "period_start": proposal.period_start, "period_end": proposal.period_end,
            "key_matters": proposal.key_matters,
        }

    def content(self, participants) -> ProposalContent:
        data = self.cleaned_data
        return ProposalContent(
            title=data["title"], grounds=data["grounds"], grounds_other=data["grounds_other"],
            background=data["background"], target_scope=data["target_scope"], period_start=data["period_start"],
            period_end=data["period_end"], key_matters=data["key_matters"],
            initiating_department=data["initiating_department"], initiating_duties=data["initiating_duties"],
            participants=participants,
        )


class ParticipantForm(StyledForm):
    organization = AgencyChoiceField(queryset=Organization.objects.none(), label=_("参与部门"), required=False,
                                     empty_label=_("— 请选择 —"))
    duties = forms.CharField(label=_("职责分工"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        if agencies is not None:
            self.fields["organization"].queryset = agencies

    def clean(self):
        data = super().clean()
        if data.get("duties", "").strip() and not data.get("organization"):
            self.add_error("organization", _("请选择部门。"))
        if data.get("organization") and not data.get("duties", "").strip():
            self.add_error("duties", _("请填写该部门的职责分工。"))
        return data


ParticipantFormSet = forms.formset_factory(ParticipantForm, extra=0, min_num=1, max_num=30, validate_max=True)


def participant_formset(data=None, *, agencies, initial=None):
    formset = ParticipantFormSet(data, initial=initial, prefix="participants", form_kwargs={"agencies": agencies})
    return formset


def participants_from(formset) -> list:
    return [(f.cleaned_data["organization"], f.cleaned_data["duties"]) for f in formset.forms
            if f.cleaned_data.get("organization")]


# --- Action forms: one small form per workflow step ---------------------------------------

class NoteForm(StyledForm):
    note = forms.CharField(label=_("说明（可选）"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class AnswerForm(StyledForm):
    organization = forms.ModelChoiceField(queryset=Organization.objects.none(), label=_("答复部门"), empty_label=None)

    def __init__(self, *args, departments=(), **kwargs):
        super().__init__(*args, **kwargs)
        ids = [getattr(d, "pk", d) for d in departments]
        self.fields["organization"].queryset = Organization.objects.filter(pk__in=ids)
        if len(ids) <= 1:
            self.fields["organization"].widget = forms.HiddenInput()
            self.fields["organization"].required = False
            if ids:
                self.fields["organization"].initial = ids[0]


class AcceptForm(AnswerForm):
    note = forms.CharField(label=_("意见（可选）"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ObjectForm(AnswerForm):
    reason = forms.CharField(label=_("异议理由"), widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": _("请填写异议理由。")})


class CancelForm(StyledForm):
    reason = forms.CharField(label=_("取消理由"), widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": _("请填写取消理由。")})


COUNT_REQUIRED = {"required": _("请填写此项（没有则填0）。"), "min_value": _("不能为负数。")}


class CompleteForm(StyledForm):
    inspections_count = forms.IntegerField(label=_("检查次数（户次）"), min_value=0, error_messages=COUNT_REQUIRED)
    cases_filed_count = forms.IntegerField(label=_("立案查处数"), min_value=0, error_messages=COUNT_REQUIRED)
    problems_count = forms.IntegerField(label=_("发现问题数"), min_value=0, error_messages=COUNT_REQUIRED)
    problems_found = forms.CharField(label=_("发现的主要问题"), widget=forms.Textarea(attrs={"rows": 3}),
                                     error_messages={"required": _("请填写发现的主要问题（未发现问题请写明）。")})
    follow_ups = forms.CharField(label=_("后续工作"), widget=forms.Textarea(attrs={"rows": 3}),
                                 error_messages={"required": _("请填写后续工作安排。")})
    summary = forms.CharField(label=_("总体情况"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


ACTION_FORMS = {
    "propose": NoteForm, "accept": AcceptForm, "object": ObjectForm, "revise": NoteForm, "start": NoteForm,
    "complete": CompleteForm, "close": NoteForm, "cancel": CancelForm,
}


class AttachmentForm(StyledForm):
    file = forms.FileField(label=_("附件"), error_messages={"required": _("请选择要上传的文件。")})
    name = forms.CharField(label=_("附件名称"), required=False, max_length=200)


# --- Registers ------------------------------------------------------------------------------------

class RecorderMixin(StyledForm):
    recorded_by = forms.ModelChoiceField(queryset=Organization.objects.none(), label=_("登记机关"), empty_label=None)

    def __init__(self, *args, recorders=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recorded_by"].queryset = Organization.objects.filter(pk__in=[o.pk for o in recorders])
        if len(recorders) == 1:
            self.fields["recorded_by"].initial = recorders[0].pk
            self.fields["recorded_by"].widget = forms.HiddenInput()


class LinkFieldsMixin(StyledForm):
    link_joint_action = forms.CharField(label=_("关联联合执法建议（编号）"), required=False)
    link_dispute = forms.CharField(label=_("关联职责争议（编号）"), required=False)
    link_supervision_case = forms.CharField(label=_("关联监督案件（编号）"), required=False)

    def links(self) -> list[tuple[str, str]]:
        pairs = []
        for kind in ("joint_action", "dispute", "supervision_case"):
            for ref in (self.cleaned_data.get(f"link_{kind}") or "").replace("，", ",").split(","):
                if ref.strip():
                    pairs.append((kind, ref.strip()))
        return pairs


class CoordinationMatterForm(RecorderMixin, LinkFieldsMixin):
    category = forms.ChoiceField(label=_("类别"), choices=CoordinationMatter.Category.choices)
    title = forms.CharField(label=_("事项名称"), max_length=200)
    matter_date = forms.DateField(label=_("日期"), widget=DATE_WIDGET)
    description = forms.CharField(label=_("事项情况"), widget=forms.Textarea(attrs={"rows": 4}))
    organizations = forms.ModelMultipleChoiceField(
        label=_("涉及单位"), required=False,
        queryset=Organization.objects.filter(is_active=True).order_by("division__code", "kind", "name"),
        widget=forms.CheckboxSelectMultiple,  # ticked, not Ctrl-clicked; a filter box finds one of many
    )
    status = forms.ChoiceField(label=_("状态"), choices=CoordinationMatter.Status.choices)
    outcome = forms.CharField(label=_("协调结果"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class MatterOutcomeForm(StyledForm):
    status = forms.ChoiceField(label=_("状态"), choices=CoordinationMatter.Status.choices)
    outcome = forms.CharField(label=_("协调结果"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class LiaisonRecordForm(RecorderMixin, LinkFieldsMixin):
    counterpart_kind = forms.ChoiceField(label=_("衔接机关类别"), choices=LiaisonRecord.CounterpartKind.choices)
    counterpart_name = forms.CharField(label=_("衔接机关名称"), max_length=120,
                                       widget=forms.TextInput(attrs={"placeholder": _("如：越城区人民检察院")}))
    exchange_type = forms.ChoiceField(label=_("衔接方式"), choices=LiaisonRecord.ExchangeType.choices)
    direction = forms.ChoiceField(label=_("方向"), choices=LiaisonRecord.Direction.choices)
    exchange_date = forms.DateField(label=_("日期"), widget=DATE_WIDGET)
    reference = forms.CharField(label=_("文号或编号"), required=False, max_length=100)
    summary = forms.CharField(label=_("内容摘要"), widget=forms.Textarea(attrs={"rows": 4}))


class LinkForm(LinkFieldsMixin):
    pass
