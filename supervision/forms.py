"""Forms of the supervision pages: they parse input; the services decide (and validate the law)."""

from datetime import timedelta

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from organizations.models import Division, Organization, OrganizationKind, Role
from organizations.scoping import active_memberships
from search.matching import matching
from workflow.filters import ListFilterSet, LocalDayFilter, choices_from, start_of_day
from workflow.forms import ALL, StyledFormMixin

from . import selectors
from .models import (
    AccountabilityEntry,
    ActivityKind,
    Art11Finding,
    Art12Finding,
    CaseState,
    DecisionType,
    FocusArea,
    InstrumentKind,
    Method,
    Notice,
    OfficerMeasure,
    OtherBodyReferral,
    ResultKind,
    ServiceMethod,
    Source,
    SupervisionCase,
)
from .transitions import STAFF, SUPERVISING_KINDS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []




# --- The list ---------------------------------------------------------------------------------


@extend_schema_field(OpenApiTypes.STR)  # matched on Division.code, e.g. 330602
class CountyFilter(django_filters.ModelChoiceFilter):
    pass


@extend_schema_field(OpenApiTypes.INT)  # an organisation's id
class UnitFilter(django_filters.ModelChoiceFilter):
    pass


class CaseFilter(ListFilterSet):
    q = django_filters.CharFilter(method="search", label=_("搜索"))
    state = django_filters.ChoiceFilter(choices=CaseState.choices, label=_("状态"))
    method = django_filters.ChoiceFilter(choices=Method.choices, label=_("监督方式"))
    focus_area = django_filters.ChoiceFilter(choices=FocusArea.choices, label=_("重点领域"))
    county = CountyFilter(
        queryset=Division.objects.filter(level=Division.Level.COUNTY), method="in_county", label=_("县（市、区）"),
        to_field_name="code",
    )
    supervised_unit = UnitFilter(
        queryset=Organization.objects.filter(kind=OrganizationKind.ENFORCEMENT_AGENCY, is_active=True),
        method="of_unit", label=_("被监督单位"),
    )
    due_within = django_filters.ChoiceFilter(
        choices=[("7", _("7日内到期")), ("30", _("30日内到期"))], method="due_soon", label=_("期限"),
    )
    overdue = django_filters.BooleanFilter(method="only_overdue", label=_("仅看逾期"),
                                           widget=forms.CheckboxInput)
    # Periods: the statistics page (cockpit) links each month's figure to the cases behind it.
    opened_from = django_filters.DateFilter(field_name="opened_on", lookup_expr="gte", label=_("立案日期自"), widget=DATE)
    opened_to = django_filters.DateFilter(field_name="opened_on", lookup_expr="lte", label=_("立案日期至"), widget=DATE)
    closed_from = LocalDayFilter(field_name="closed_at", label=_("办结日期自"), widget=DATE)
    closed_to = django_filters.DateFilter(method="closed_until", label=_("办结日期至"), widget=DATE)
    # The statistics page's problem categories (条例 Art. 11 ¶2, Art. 12) open the cases behind each.
    finding = django_filters.ChoiceFilter(choices=[*Art11Finding.choices, *Art12Finding.choices], method="with_finding",
                                          label=_("问题类别"))

    class Meta(ListFilterSet.Meta):
        model = SupervisionCase
        fields = ["q", "state", "method", "focus_area", "county", "supervised_unit", "due_within", "overdue",
                  "opened_from", "opened_to", "closed_from", "closed_to", "finding"]

    def prepare_form(self, form) -> None:
        # The bar's counties and agencies as the filters' own querysets give them, read as (value, name) pairs.
        for name, value in (("county", "code"), ("supervised_unit", "pk")):
            form.fields[name].widget.choices = choices_from(self.filters[name].queryset, value=value, empty=ALL)

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        # Number (any bracket style), title, summary and the units' names, from indexes (search/fields.py).
        return queryset.filter(matching(SupervisionCase, value))

    def of_unit(self, queryset, name, value):
        # A semi-join on the units table, not a join: no duplicate rows, no DISTINCT (issue 18).
        units = SupervisionCase.supervised_units.through.objects.filter(organization=value)
        return queryset.filter(pk__in=units.values("supervisioncase_id"))

    def with_finding(self, queryset, name, value):
        # Counted as supervision.selectors.finding_statistics counts: 意见书 and 督办函 in force naming the category.
        # The JSON list read as text (the codes are distinct words: "a11_1" is no part of another code).
        field = "findings_art11" if value in Art11Finding.values else "findings_art12"
        instruments = (Notice.objects.filter(kind__in=[InstrumentKind.OPINION, InstrumentKind.URGING_LETTER])
                       .exclude(status=Notice.Status.WITHDRAWN)
                       .annotate(codes=Cast(field, TextField())).filter(codes__contains=f'"{value}"'))
        return queryset.filter(pk__in=instruments.values("case_id"))

    def in_county(self, queryset, name, value):
        return queryset.filter(Q(handling_org__division__code__startswith=value.code)
                               | Q(referred_by__division__code__startswith=value.code))

    def due_soon(self, queryset, name, value):
        today = timezone.localdate()
        ids = selectors.running_deadlines().filter(state="open", due_on__gte=today,
                                                   due_on__lte=today + timezone.timedelta(days=int(value)))
        return queryset.filter(pk__in=ids.values("subject_id"))

    def closed_until(self, queryset, name, value):
        # A case is opened before it is closed: the bound on opened_on lets the list's order index be walked
        # from that day back instead of from today.
        return queryset.filter(closed_at__lt=start_of_day(value + timedelta(days=1)), opened_on__lte=value)

    def only_overdue(self, queryset, name, value):
        if not value:
            return queryset
        # A running time limit past its date (swept to overdue or not yet): the case's earliest one is on its row.
        return queryset.filter(Q(state=CaseState.OVERDUE) | Q(next_due_on__lt=timezone.localdate()))


# --- Opening --------------------------------------------------------------------------------------


def _handling_memberships(user) -> list:
    return [m for m in active_memberships(user) if m.role in STAFF and m.organization.kind in SUPERVISING_KINDS]


def handling_orgs_for(user):
    return Organization.objects.filter(pk__in={m.organization_id for m in _handling_memberships(user)})


def handles_cases(user, kind: str | None = None) -> bool:
    """Whether the user is staff of a body that opens cases (of `kind`, e.g. a justice bureau): read from the
    memberships the request already holds, not a query (active memberships are of active organisations)."""
    return any(kind is None or m.organization.kind == kind for m in _handling_memberships(user))


def units_in_reach(user):
    """Enforcement agencies (and township governments) in the areas the user's offices supervise."""
    condition = Q(pk__in=[])
    for org in handling_orgs_for(user):
        area = org.division.parent if org.kind == OrganizationKind.JUSTICE_OFFICE and org.division.parent_id else org.division
        condition |= Q(division__code__startswith=area.code)
    return Organization.objects.filter(condition, is_active=True, kind__in=[OrganizationKind.ENFORCEMENT_AGENCY,
                                                                           OrganizationKind.GOVERNMENT]) \
        .exclude(kind=OrganizationKind.GOVERNMENT, division__level__in=[Division.Level.CITY, Division.Level.COUNTY]) \
        .select_related("division").order_by("kind", "division__code", "name")


class OpenCaseForm(StyledFormMixin, forms.Form):
    handling_org = forms.ModelChoiceField(queryset=Organization.objects.none(), label=_("承办机关"))
    title = forms.CharField(label=_("案件名称"), max_length=200, required=False,
                            help_text=_("不填则按“对××的××监督”自动生成"))
    method = forms.ChoiceField(choices=Method.choices, label=_("监督方式（第十一条）"))
    focus_area = forms.ChoiceField(choices=FocusArea.choices, label=_("重点领域（第十二条）"))
    source = forms.ChoiceField(choices=Source.choices, label=_("案件来源"))
    source_detail = forms.CharField(label=_("来源说明"), max_length=200, required=False)
    supervised_units = forms.ModelMultipleChoiceField(queryset=Organization.objects.none(), label=_("被监督单位"),
                                                      # Ticked, not Ctrl-clicked; a filter box finds one of many.
                                                      widget=forms.CheckboxSelectMultiple)
    summary = forms.CharField(label=_("案情摘要"), widget=forms.Textarea)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        orgs = handling_orgs_for(user)
        self.fields["handling_org"].queryset = orgs
        if orgs.count() == 1:
            self.fields["handling_org"].initial = orgs.first()
        self.fields["supervised_units"].queryset = units_in_reach(user)


# --- Investigation -----------------------------------------------------------------------------------


def supervisors_for(case):
    """People who may join an activity: members of the handling office and of its county bureau."""
    orgs = [case.handling_org_id]
    bureau = case.handling_org.justice_bureau()
    if bureau:
        orgs.append(bureau.pk)
    return get_user_model().objects.filter(
        memberships__organization_id__in=orgs, memberships__is_active=True,
        memberships__role__in=[Role.CLERK, Role.REVIEWER, Role.LEADER], is_active=True,
    ).distinct().order_by("first_name", "username")


class SupervisorChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.get_username()


class ActivityForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(choices=ActivityKind.choices, label=_("调查方式（第十三条）"))
    occurred_on = forms.DateField(label=_("日期"), widget=DATE)
    place = forms.CharField(label=_("地点"), max_length=200, required=False)
    supervisors = SupervisorChoiceField(queryset=get_user_model().objects.none(), label=_("参加的监督人员"),
                                        widget=forms.CheckboxSelectMultiple)
    shown = SupervisorChoiceField(queryset=get_user_model().objects.none(), required=False,
                                  label=_("已出示行政执法监督证（第十四条）"), widget=forms.CheckboxSelectMultiple)
    other_participants = forms.CharField(label=_("其他参加人员"), max_length=300, required=False)
    record = forms.CharField(label=_("调查记录"), widget=forms.Textarea(attrs={"rows": 5}))
    files = MultipleFileField(label=_("证据文件"), required=False)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        people = supervisors_for(case)
        self.fields["supervisors"].queryset = people
        self.fields["shown"].queryset = people
        self.fields["occurred_on"].initial = timezone.localdate()

    def service_kwargs(self):
        data = self.cleaned_data
        shown = {u.pk for u in data["shown"]}
        return {"kind": data["kind"], "occurred_on": data["occurred_on"], "place": data["place"], "record": data["record"],
                "other_participants": data["other_participants"], "files": data["files"],
                "supervisors": [(u, u.pk in shown) for u in data["supervisors"]]}


class EvidenceForm(StyledFormMixin, forms.Form):
    files = MultipleFileField(label=_("证据文件"))
    description = forms.CharField(label=_("证据说明"), max_length=300, required=False)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)


class FindingForm(StyledFormMixin, forms.Form):
    finding = forms.CharField(label=_("调查结论"), widget=forms.Textarea)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)


class ReferForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label=_("提请理由（需出具通知书或决定书的事项）"), widget=forms.Textarea)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)


class NoteForm(StyledFormMixin, forms.Form):
    note = forms.CharField(label=_("说明"), widget=forms.Textarea, required=False)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)


class NoticeForm(StyledFormMixin, forms.Form):
    act_supervised = forms.CharField(label=_("被监督的行政行为（名称、文号、日期）"), widget=forms.Textarea)
    facts = forms.CharField(label=_("查明的事实"), widget=forms.Textarea)
    evidence_list = forms.CharField(label=_("证据（每行一项）"), widget=forms.Textarea)
    problems = forms.CharField(label=_("违法或不当之处"), widget=forms.Textarea)
    provisions = forms.CharField(label=_("依据的规定"), widget=forms.Textarea)
    corrections = forms.CharField(label=_("改正要求"), widget=forms.Textarea)
    rectification_due = forms.DateField(label=_("限期改正日期"), required=False, widget=DATE)
    rectification_days = forms.IntegerField(label=_("或：自收到之日起的改正期限（日）"), required=False, min_value=1,
                                            max_value=365, help_text=_("按民法典第二百零一条、第二百零三条计算，遇法定休假日顺延"))
    contact_person = forms.CharField(label=_("联系人"), max_length=50)
    contact_phone = forms.CharField(label=_("联系电话"), max_length=40)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        if case.finding:
            self.fields["problems"].initial = case.finding

    def clean(self):
        data = super().clean()
        if data.get("rectification_due") and data.get("rectification_days"):
            raise forms.ValidationError(_("限期改正日期与改正期限天数只填其一。"))
        return data


class InstrumentForm(StyledFormMixin, forms.Form):
    """The 条例's 意见书 (Art. 28) / 督办函 (Art. 27): the 规定时限 defaults to 30 days from receipt."""

    act_supervised = forms.CharField(label=_("监督事项（行政执法行为或应当履行的职责）"), widget=forms.Textarea)
    facts = forms.CharField(label=_("查明的事实"), widget=forms.Textarea)
    evidence_list = forms.CharField(label=_("证据（每行一项）"), widget=forms.Textarea)
    problems = forms.CharField(label=_("存在的问题"), widget=forms.Textarea)
    provisions = forms.CharField(label=_("依据的规定"), widget=forms.Textarea)
    corrections = forms.CharField(label=_("纠正（履职）要求"), widget=forms.Textarea)
    findings_art11 = forms.MultipleChoiceField(label=_("问题类别（《条例》第十一条第二款）"), required=False,
                                               choices=Art11Finding.choices, widget=forms.CheckboxSelectMultiple)
    findings_art12 = forms.MultipleChoiceField(label=_("制度落实问题（《条例》第十二条）"), required=False,
                                               choices=Art12Finding.choices, widget=forms.CheckboxSelectMultiple)
    time_limit_days = forms.IntegerField(
        label=_("规定时限：自收到之日起（日）"), required=False, min_value=1, max_value=365,
        help_text=_("不填则为默认的三十日（参照《办法》第十五条第三款）；填写其他天数即为文书规定的时限"))
    time_limit_due = forms.DateField(label=_("或：规定时限截止日期"), required=False, widget=DATE)
    contact_person = forms.CharField(label=_("联系人"), max_length=50)
    contact_phone = forms.CharField(label=_("联系电话"), max_length=40)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        if case.finding:
            self.fields["problems"].initial = case.finding


class OnSpotForm(StyledFormMixin, forms.Form):
    problem = forms.CharField(label=_("发现的问题"), widget=forms.Textarea)
    correction = forms.CharField(label=_("当场纠正情况"), widget=forms.Textarea)
    corrected_on = forms.DateField(label=_("纠正日期"), required=False, widget=DATE)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)


class ProposeDecisionForm(StyledFormMixin, forms.Form):
    grounds = forms.ChoiceField(label=_("报请情形（《条例》第二十九条）"), choices=[
        ("major_issue", _("涉及重大问题")), ("not_followed", _("未按督办函、意见书要求纠正"))])
    reasons = forms.CharField(label=_("理由"), widget=forms.Textarea)
    proposed_decision = forms.ChoiceField(label=_("建议的处理决定"), choices=DecisionType.choices)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)


class DeclineForm(StyledFormMixin, forms.Form):
    reasons = forms.CharField(label=_("不予纠正的理由"), widget=forms.Textarea)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)


class ObjectionForm(StyledFormMixin, forms.Form):
    reasons = forms.CharField(label=_("异议理由（《条例》第三十条）"), widget=forms.Textarea)
    files = MultipleFileField(label=_("材料"), required=False)

    def __init__(self, *args, case, user=None, **kwargs):
        super().__init__(*args, **kwargs)


class AnswerObjectionForm(StyledFormMixin, forms.Form):
    outcome = forms.ChoiceField(label=_("处理结果"), choices=[("maintain", _("维持")), ("change", _("变更")),
                                                          ("withdraw", _("撤回"))])
    answer = forms.CharField(label=_("处理意见"), widget=forms.Textarea)
    changed_requirements = forms.CharField(label=_("变更后的要求（变更时填写）"), required=False, widget=forms.Textarea)
    new_due = forms.DateField(label=_("重新确定的时限（不填则时限照常计算）"), required=False, widget=DATE)
    new_limit_reason = forms.CharField(label=_("重新确定时限的理由"), required=False)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)


class InformationRequestForm(StyledFormMixin, forms.Form):
    unit = forms.ModelChoiceField(label=_("被要求单位"), queryset=Organization.objects.none())
    kind = forms.ChoiceField(label=_("措施（《条例》第二十二条第一项）"),
                             choices=[("self_check", _("要求自查")), ("explain", _("要求说明情况"))])
    matter = forms.CharField(label=_("事项"), widget=forms.Textarea)
    reply_due = forms.DateField(label=_("答复期限"), widget=DATE)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = case.supervised_units.all()


class ResultForm(StyledFormMixin, forms.Form):
    """条例 Art. 31–33, 42: 通报, 向社会公布, a proposal on an officer, a lead to the 监察机关, the upper authority."""

    kind = forms.ChoiceField(label=_("处理结果"), choices=ResultKind.choices)
    addressee = forms.CharField(label=_("对象（机关或范围）"), max_length=200)
    officer_name = forms.CharField(label=_("行政执法人员（处理建议时填写）"), max_length=50, required=False)
    officer_measure = forms.ChoiceField(label=_("建议的处理（《条例》第三十二条）"), required=False,
                                        choices=[("", "—"), *OfficerMeasure.choices])
    content = forms.CharField(label=_("内容"), widget=forms.Textarea)
    issued_on = forms.DateField(label=_("日期"), required=False, widget=DATE)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)


class InformationReplyForm(StyledFormMixin, forms.Form):
    reply = forms.CharField(label=_("答复内容"), widget=forms.Textarea)


class ServiceForm(StyledFormMixin, forms.Form):
    recipient = forms.ModelChoiceField(queryset=Organization.objects.none(), label=_("受送达单位"))
    method = forms.ChoiceField(choices=ServiceMethod.choices, label=_("送达方式"))
    served_on = forms.DateField(label=_("签收日期"), widget=DATE)
    recipient_person = forms.CharField(label=_("签收人"), max_length=50, required=False)
    witnesses = forms.CharField(label=_("见证人（留置送达必填）"), max_length=200, required=False)
    note = forms.CharField(label=_("备考"), max_length=300, required=False)
    receipt = forms.FileField(label=_("送达回证扫描件"))
    # Service on or after a fixed time limit is refused unless the bureau sets a new one, with its reason.
    new_days = forms.IntegerField(label=_("逾期送达时：重新确定的时限（自收到之日起，日）"), required=False, min_value=1,
                                  max_value=365)
    new_limit_reason = forms.CharField(label=_("重新确定时限的理由"), required=False)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        stage = "decision" if case.state in (CaseState.DECISION_ISSUED, CaseState.DECISION_REPORTED) else "notice"
        units = selectors.units_awaiting_service(case, stage)
        self.fields["recipient"].queryset = Organization.objects.filter(pk__in=[u.pk for u in units])
        if len(units) == 1:
            self.fields["recipient"].initial = units[0]


class ReportForm(StyledFormMixin, forms.Form):
    organization = forms.ModelChoiceField(queryset=Organization.objects.none(), label=_("报告单位"))
    content = forms.CharField(label=_("落实情况"), widget=forms.Textarea(attrs={"rows": 6}))
    corrected_on = forms.DateField(label=_("纠正完成日期（不填为报告当日）"), required=False, widget=DATE)
    files = MultipleFileField(label=_("附件（整改材料）"), required=False)

    def __init__(self, *args, case, user, stage, **kwargs):
        super().__init__(*args, **kwargs)
        units = selectors.reporting_units_for_user(case, user, stage)
        self.fields["organization"].queryset = Organization.objects.filter(pk__in=[u.pk for u in units])
        if len(units) == 1:
            self.fields["organization"].initial = units[0]


class ReviewForm(StyledFormMixin, forms.Form):
    report = forms.ModelChoiceField(queryset=None, label=_("报告"), empty_label=None)
    note = forms.CharField(label=_("审核意见"), widget=forms.Textarea, required=False)

    def __init__(self, *args, case, stage, returning=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["report"].queryset = selectors.pending_reports(case, stage)
        self.fields["report"].label_from_instance = lambda r: f"{r.organization.name}（{timezone.localtime(r.submitted_at):%Y-%m-%d}）"
        if returning:
            self.fields["note"].required = True
            self.fields["note"].label = _("退回理由")


class DecisionRequestForm(StyledFormMixin, forms.Form):
    proposed_decision = forms.ChoiceField(choices=DecisionType.choices, label=_("建议的处理决定（第十五条）"))
    reasons = forms.CharField(label=_("报请理由"), widget=forms.Textarea)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)


class DecisionForm(StyledFormMixin, forms.Form):
    decision_type = forms.ChoiceField(choices=DecisionType.choices, label=_("处理决定（第十五条第一至五项）"))
    content = forms.CharField(label=_("决定内容"), widget=forms.Textarea)
    reasons = forms.CharField(label=_("事实和理由"), widget=forms.Textarea)
    basis = forms.CharField(label=_("依据"), widget=forms.Textarea)
    performance = forms.CharField(label=_("履行方式和期限"), widget=forms.Textarea, required=False)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        request = case.decision_requests.last()
        if request:
            self.fields["decision_type"].initial = request.proposed_decision


class AccountabilityForm(StyledFormMixin, forms.Form):
    criticism_proposed = forms.BooleanField(label=_("建议人民政府给予通报批评"), required=False, initial=True)
    responsible_persons = forms.CharField(label=_("直接负责的主管人员和其他直接责任人员"), max_length=300, required=False)
    discipline_referred_to = forms.CharField(label=_("处分移送的有权机关"), max_length=200, required=False)
    outcome = forms.CharField(label=_("处理结果"), widget=forms.Textarea)

    def __init__(self, *args, entry: AccountabilityEntry | None = None, **kwargs):
        super().__init__(*args, **kwargs)


class OtherBodyReferralForm(StyledFormMixin, forms.Form):
    body = forms.ChoiceField(choices=OtherBodyReferral.Body.choices, label=_("监督机关类别（第十九条）"))
    body_name = forms.CharField(label=_("机关名称"), max_length=100)
    referred_on = forms.DateField(label=_("移送日期"), widget=DATE)
    matter = forms.CharField(label=_("移送事项"), widget=forms.Textarea)
    response = forms.CharField(label=_("反馈情况"), widget=forms.Textarea, required=False)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)


class TransferOversightForm(StyledFormMixin, forms.Form):
    transferring_agency = forms.ModelChoiceField(queryset=Organization.objects.none(), label=_("移送部门（行政主管部门）"))
    receiving_agency = forms.ModelChoiceField(queryset=Organization.objects.none(), label=_("接收部门（综合行政执法部门）"))
    matter = forms.CharField(label=_("移送事项"), widget=forms.Textarea)
    transferred_on = forms.DateField(label=_("移送日期"), required=False, widget=DATE)
    filed_on = forms.DateField(label=_("立案日期"), required=False, widget=DATE)
    cooperation_finding = forms.CharField(label=_("衔接配合情况"), widget=forms.Textarea)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        area = case.handling_org.division
        agencies = Organization.objects.filter(kind=OrganizationKind.ENFORCEMENT_AGENCY, is_active=True,
                                               division__code__startswith=area.code[:6])
        self.fields["transferring_agency"].queryset = agencies
        self.fields["receiving_agency"].queryset = agencies
