"""HTML forms: they only parse input; every rule lives in services.py."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from organizations.models import Division, Organization, OrganizationKind
from workflow.forms import StyledFormMixin

from .models import AccountabilityEntry, DisputeAttachment, OtherProceedings

MAX_OTHER_PARTIES = 4



DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def party_choices() -> list:
    """Enforcement agencies and township governments, grouped by area (optgroups)."""
    qs = (Organization.objects.filter(is_active=True)
          .filter(Q(kind=OrganizationKind.ENFORCEMENT_AGENCY)
                  | Q(kind=OrganizationKind.GOVERNMENT, division__level=Division.Level.TOWNSHIP))
          .select_related("division__parent").order_by("division__code", "kind", "name"))
    groups: dict[str, list] = {}
    for org in qs:
        groups.setdefault(org.division.full_name, []).append((str(org.pk), org.name))
    return [("", _("— 请选择 —")), *groups.items()]


class PartiesForm(StyledFormMixin, forms.Form):
    applicant = forms.ChoiceField(label=_("申请单位"), help_text=_("提出协调申请的行政执法机关。"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = party_choices()
        self.fields["applicant"].choices = choices
        for i in range(1, MAX_OTHER_PARTIES + 1):
            self.fields[f"other_{i}"] = forms.ChoiceField(
                label=_("其他争议单位 %(n)s") % {"n": i}, choices=choices, required=(i == 1))

    def others(self) -> list[str]:
        return [self.cleaned_data[f"other_{i}"] for i in range(1, MAX_OTHER_PARTIES + 1)
                if self.cleaned_data.get(f"other_{i}")]

    @classmethod
    def initial_for(cls, dispute) -> dict:
        initial = {}
        others = [p for p in dispute.parties.all() if not p.is_applicant]
        if dispute.applicant:
            initial["applicant"] = str(dispute.applicant.organization_id)
        for i, p in enumerate(others[:MAX_OTHER_PARTIES], start=1):
            initial[f"other_{i}"] = str(p.organization_id)
        return initial


class MatterForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label=_("争议事项"), max_length=200, required=False,
                            help_text=_("一句话概括，如“占道经营无证食品摊贩的查处职责”。"))
    matter = forms.CharField(label=_("争议事项详情"), widget=forms.Textarea(attrs={"rows": 4}), required=False,
                             help_text=_("具体事实：地点、时间、涉及的行为或对象。"))
    duty = forms.CharField(label=_("争议的执法职责"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
                           help_text=_("对哪一项行政执法职责（检查、处罚、强制等）存在争议。"))
    other_proceedings = forms.ChoiceField(
        label=_("该争议事项是否已申请行政复议或提起行政诉讼"), required=False, widget=forms.RadioSelect,
        choices=OtherProceedings.choices,
        help_text=_("《行政执法监督条例》第三十三条第三款：已经进入行政复议、行政诉讼程序的，不予受理。"))
    other_proceedings_detail = forms.CharField(
        label=_("复议或诉讼情况"), max_length=200, required=False,
        help_text=_("已申请复议或起诉的，写明复议机关或受理法院、案号。"))

    def __init__(self, *args, parties=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.parties = list(parties)
        for p in self.parties:
            name = p.organization.name
            self.fields[f"position_{p.organization_id}"] = forms.CharField(
                label=_("%(name)s的意见") % {"name": name}, required=False,
                widget=forms.Textarea(attrs={"rows": 3}), initial=p.position)
            self.fields[f"basis_{p.organization_id}"] = forms.CharField(
                label=_("%(name)s援引的依据") % {"name": name}, required=False,
                widget=forms.Textarea(attrs={"rows": 2}), initial=p.legal_basis)
            self.fields[f"contact_{p.organization_id}"] = forms.CharField(
                label=_("联系人及电话"), required=False, max_length=100, initial=p.contact)

    def party_rows(self):
        return [(p, self[f"position_{p.organization_id}"], self[f"basis_{p.organization_id}"],
                 self[f"contact_{p.organization_id}"]) for p in self.parties]

    def positions(self) -> dict:
        return {p.organization_id: {"position": self.cleaned_data.get(f"position_{p.organization_id}", ""),
                                    "legal_basis": self.cleaned_data.get(f"basis_{p.organization_id}", ""),
                                    "contact": self.cleaned_data.get(f"contact_{p.organization_id}", "")}
                for p in self.parties}


class NegotiationForm(StyledFormMixin, forms.Form):
    # Optional here: the wizard's "add another" form may be left empty to go on ("保存并下一步");
    # a half-filled record gets the service's messages.
    held_on = forms.DateField(label=_("协商日期"), widget=DATE_WIDGET, required=False)
    place = forms.CharField(label=_("协商地点或方式"), max_length=200, required=False,
                            help_text=_("如：区市场监管局三楼会议室；电话协商。"))
    participants = forms.CharField(label=_("参加单位及人员"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    outcome = forms.CharField(label=_("协商经过及未达成一致的原因"), widget=forms.Textarea(attrs={"rows": 3}),
                              required=False)


class AttachmentForm(StyledFormMixin, forms.Form):
    # Optional in the form (the wizard's step 4 may go on without a file); the view asks for one
    # when the user pressed "上传".
    file = forms.FileField(label=_("文件"), required=False,
                           help_text=_("PDF、OFD、图片、Word/Excel/WPS，单个不超过 20 MB。"))
    kind = forms.ChoiceField(label=_("材料类别"), choices=DisputeAttachment.Kind.choices,
                             initial=DisputeAttachment.Kind.APPLICATION)
    description = forms.CharField(label=_("说明"), max_length=200, required=False)


class NoteForm(StyledFormMixin, forms.Form):
    note = forms.CharField(label=_("说明（可选）"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class ReasonForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class CloseForm(StyledFormMixin, forms.Form):
    note = forms.CharField(label=_("承接确认说明"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
                           help_text=_("承担职责的单位自行确认时可不填；司法局代为记录时须写明确认方式和日期。"))


def _party_field(dispute, label, required=True):
    return forms.ChoiceField(label=label, required=required, choices=[("", _("— 请选择 —"))] + [
        (str(p.organization_id), p.organization.name) for p in dispute.parties.select_related("organization")])


class OpinionForm(StyledFormMixin, forms.Form):
    view = forms.CharField(label=_("协调意见（各方达成的一致意见）"), widget=forms.Textarea(attrs={"rows": 4}),
                           required=False)
    basis = forms.CharField(label=_("依据"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    requirements = forms.CharField(label=_("履行要求"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
                                   help_text=_("如承接时间、案卷移交、配合事项。"))

    def __init__(self, *args, dispute, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible_agency"] = _party_field(dispute, _("承担职责的单位"), required=False)
        self.fields["cooperating_agencies"] = forms.MultipleChoiceField(
            label=_("配合单位"), required=False, widget=forms.CheckboxSelectMultiple,
            choices=[(str(p.organization_id), p.organization.name)
                     for p in dispute.parties.select_related("organization")])
        self.order_fields(["responsible_agency", "cooperating_agencies", "view", "basis", "requirements"])


class EscalateForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label=_("协调不成的情况"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    handling_opinion = forms.CharField(
        label=_("本机关的处理意见"), widget=forms.Textarea(attrs={"rows": 4}), required=False,
        help_text=_("《行政执法监督条例》第十三条：协调不能取得一致意见的，应当提出处理意见，按程序报人民政府决定。"
                    "处理意见只报政府，不向当事单位公开。"))
    proposal = forms.CharField(label=_("提请事项（可选）"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
                               help_text=_("不填则按《办法》第七条提请本级人民政府对职责归属作出决定。"))


class DecisionForm(StyledFormMixin, forms.Form):
    decision_text = forms.CharField(label=_("决定内容"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    document_number = forms.CharField(label=_("决定文号"), max_length=60, required=False)
    document_date = forms.DateField(label=_("决定日期"), widget=DATE_WIDGET, required=False)
    scan = forms.FileField(label=_("决定文件扫描件（可选）"), required=False)

    def __init__(self, *args, dispute, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible_agency"] = _party_field(dispute, _("承担职责的单位"), required=False)
        self.order_fields(["responsible_agency", "decision_text", "document_number", "document_date", "scan"])


class MeetingForm(StyledFormMixin, forms.Form):
    held_on = forms.DateField(label=_("会议日期"), widget=DATE_WIDGET, required=False)
    place = forms.CharField(label=_("会议地点"), max_length=200, required=False)
    attendees = forms.CharField(label=_("参会单位及人员"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    minutes = forms.CharField(label=_("会议纪要"), widget=forms.Textarea(attrs={"rows": 5}), required=False)


class PartyViewForm(StyledFormMixin, forms.Form):
    statement = forms.CharField(label=_("意见"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    legal_basis = forms.CharField(label=_("依据"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, dispute, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"] = _party_field(dispute, _("当事单位"), required=False)
        self.order_fields(["party", "statement", "legal_basis"])


class AccountabilityForm(StyledFormMixin, forms.Form):
    ground = forms.ChoiceField(label=_("情形"), choices=[("", _("— 请选择 —")), *AccountabilityEntry.Ground.choices],
                               required=False)
    facts = forms.CharField(label=_("事实"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    proposal = forms.CharField(label=_("处理建议"), widget=forms.Textarea(attrs={"rows": 2}), required=False,
                               initial=_("建议由本级人民政府予以通报批评，并由有权机关对直接负责的主管人员和其他直接责任人员依法给予处分。"))

    def __init__(self, *args, dispute, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"] = _party_field(dispute, _("被问责单位"), required=False)
        self.order_fields(["agency", "ground", "facts", "proposal"])


