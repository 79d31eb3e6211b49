from django import forms
from django.utils.translation import gettext_lazy as _

from workflow.forms import StyledForm

from .calendar import MAX_DAYS, validate_date_in_range


class DateInput(forms.DateInput):
    input_type = "date"


class CalculatorForm(StyledForm):
    received = forms.DateField(label=_("收到日（送达日）"), widget=DateInput, validators=[validate_date_in_range],
                               error_messages={"invalid": _("请输入有效日期，如 2026-01-15。"), "required": _("请填写收到日。")})
    days = forms.IntegerField(
        label=_("期间（日）"),
        min_value=1,
        max_value=MAX_DAYS,
        initial=30,
        error_messages={
            "invalid": _("请输入整数天数。"),
            "required": _("请填写期间天数。"),
            "min_value": _("期间天数至少为1日。"),
            "max_value": _("期间天数不能超过%(limit_value)s日。"),
        },
    )


class ExtensionRequestForm(StyledForm):
    new_due = forms.DateField(label=_("申请延至"), widget=DateInput, validators=[validate_date_in_range],
                              error_messages={"required": _("请填写申请延至的日期。"), "invalid": _("请输入有效日期。")})
    reason = forms.CharField(label=_("申请理由"), widget=forms.Textarea(attrs={"rows": 4}), error_messages={"required": _("请填写申请延期的理由。")})


class ExtensionApproveForm(StyledForm):
    new_due = forms.DateField(label=_("批准延至"), widget=DateInput, required=False, help_text=_("不填则按申请日期批准"))
    note = forms.CharField(label=_("审批意见"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class ExtensionRejectForm(StyledForm):
    reason = forms.CharField(label=_("不予延期的理由"), widget=forms.Textarea(attrs={"rows": 3}), error_messages={"required": _("请填写不予延期的理由。")})
