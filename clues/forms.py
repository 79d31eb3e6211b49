import secrets

from django import forms
from django.core import signing
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from attachments.uploads import CLUE_PHOTOS
from workflow.forms import StyledForm

from . import selectors

CHALLENGE_SALT = "clues.challenge"
CHALLENGE_MAX_AGE = 2 * 3600

# 手机 11 位（1[3-9]开头），或固定电话：区号-号码（0575-88123456），分机可选。
phone_validator = RegexValidator(
    r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?)$",
    _("请填写11位手机号码或带区号的固定电话（如0575-88123456）。"),
)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


def new_challenge() -> tuple[str, str]:
    """A small sum for people to solve (no external captcha service on a government intranet)."""
    a, b = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    token = signing.dumps({"a": a, "b": b}, salt=CHALLENGE_SALT)
    return token, _("%(a)d 加 %(b)d 等于几？") % {"a": a, "b": b}


class ClueForm(StyledForm):
    county = forms.ModelChoiceField(
        label=_("县（市、区）"), queryset=selectors.counties(), required=False, empty_label=_("不清楚（由市司法局受理）"),
        to_field_name="code",
    )
    township = forms.ModelChoiceField(
        label=_("乡镇（街道）"), queryset=selectors.townships(), required=False, empty_label=_("不清楚"),
        to_field_name="code",
    )
    agency = forms.ModelChoiceField(
        label=_("涉及的执法机关（可不选）"), queryset=selectors.agencies(), required=False, empty_label=_("不清楚"),
    )
    description = forms.CharField(
        label=_("发生了什么"), widget=forms.Textarea(attrs={"rows": 6}), max_length=5000,
        help_text=_("请写明时间、地点、执法人员或单位、具体行为，以及您认为不当的地方。"),
    )
    occurred_on = forms.DateField(label=_("发生日期"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))
    attachments = MultipleFileField(
        label=_("照片或文件（可选）"), required=False,
        help_text=_("最多%(n)d个，每个不超过10MB，支持图片和PDF。") % {"n": CLUE_PHOTOS.max_files},
        widget=MultipleFileInput(attrs={"accept": "image/*,application/pdf"}),
    )
    reporter_name = forms.CharField(label=_("您的姓名（可不填）"), max_length=50, required=False)
    reporter_phone = forms.CharField(label=_("联系电话（可不填）"), max_length=20, required=False,
                                     validators=[phone_validator])
    answer = forms.IntegerField(label=_("验证问题"), help_text=_("请填写计算结果，用于防止恶意提交。"))
    challenge = forms.CharField(widget=forms.HiddenInput)
    # Honeypot: hidden from people by CSS; bots that fill every field give themselves away.
    website = forms.CharField(required=False, label=_("请勿填写此项"),
                              widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        token, question = new_challenge()
        self.question = question
        self.fresh_challenge = token
        if not self.is_bound:
            self.initial["challenge"] = token
        self.fields["answer"].widget.attrs.update(inputmode="numeric", autocomplete="off")
        self.fields["reporter_phone"].widget.attrs.update(inputmode="tel", autocomplete="tel")

    def refresh_challenge(self) -> None:
        """Re-display with a new sum: an old token is never replayed with its known answer."""
        if self.is_bound:
            self.data = self.data.copy()
            self.data["challenge"] = self.fresh_challenge
            self.data["answer"] = ""

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(_("提交失败，请刷新页面后重试。"))
        return ""

    def clean(self):
        cleaned = super().clean()
        token = cleaned.get("challenge")
        answer = cleaned.get("answer")
        if token is not None and answer is not None:
            try:
                data = signing.loads(token, salt=CHALLENGE_SALT, max_age=CHALLENGE_MAX_AGE)
            except signing.BadSignature:
                self.add_error("answer", _("验证问题已过期，请重新计算新的题目。"))
            else:
                if data.get("a", 0) + data.get("b", 0) != answer:
                    self.add_error("answer", _("计算结果不正确，请重新计算。"))
        return cleaned


class StaffForm(StyledForm):
    pass


class AssignForm(StaffForm):
    office = forms.ModelChoiceField(label=_("承办司法所"), queryset=None, required=False, empty_label=_("（不指定）"))
    assignee = forms.ModelChoiceField(label=_("承办人"), queryset=None, required=False, empty_label=_("（不指定）"))
    note = forms.CharField(label=_("分办意见"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, clue, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = selectors.assignable_offices(clue)
        self.fields["assignee"].queryset = selectors.assignable_people(clue)
        self.fields["assignee"].label_from_instance = lambda u: u.get_full_name() or u.get_username()


class DismissForm(StaffForm):
    # Required by the service, which gives the specific message (the same one the API returns).
    reason = forms.CharField(label=_("不予立案理由（内部记录）"), widget=forms.Textarea(attrs={"rows": 3}),
                             required=False)
    public_reply = forms.CharField(
        label=_("给反映人的公开答复"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
        help_text=_("反映人凭查询码可见；不填则显示“经审查，该线索暂不符合立案监督条件”。"),
    )


class ReplyForm(StaffForm):
    public_reply = forms.CharField(label=_("公开答复"), widget=forms.Textarea(attrs={"rows": 4}), required=False,
                                   help_text=_("反映人凭查询码可见，请勿写入个人信息。"))


class ConvertForm(StaffForm):
    method = forms.ChoiceField(label=_("监督方式"))
    focus_area = forms.ChoiceField(label=_("重点领域"))
    supervised_units = forms.ModelMultipleChoiceField(
        label=_("被监督单位"), queryset=None, required=False,
        help_text=_("不选则为线索中涉及的执法机关。"),
    )
    title = forms.CharField(label=_("案件名称（可不填）"), max_length=200, required=False)
    summary = forms.CharField(label=_("案情摘要"), widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, clue, **kwargs):
        from supervision.models import FocusArea, Method

        super().__init__(*args, **kwargs)
        self.fields["method"].choices = Method.choices
        self.fields["focus_area"].choices = FocusArea.choices
        # A citizen's concern about one enforcement act is, by default, 个案监督 (Art. 11 (5)).
        self.fields["method"].initial = Method.INDIVIDUAL
        self.fields["focus_area"].initial = clue.agency.focus_area if clue.agency_id and clue.agency.focus_area in FocusArea.values else FocusArea.OTHER
        self.fields["supervised_units"].queryset = selectors.agencies().filter(
            division__code__startswith=clue.routed_to.division.code)
        self.fields["supervised_units"].widget.attrs.update(size=8)
        if clue.agency_id:
            self.fields["supervised_units"].initial = [clue.agency_id]
        self.fields["summary"].initial = clue.description
