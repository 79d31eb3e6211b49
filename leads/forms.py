from django import forms
from django.utils.translation import gettext_lazy as _

from supervision.models import FocusArea
from workflow.forms import StyledForm

from .services import DEFAULT_REPLY_DAYS


class SimpleTrackForm(StyledForm):
    request = forms.CharField(label=_("核查整改要求"), widget=forms.Textarea(attrs={"rows": 4}), required=False,
                              help_text=_("留空则使用线索内容生成"))
    days = forms.IntegerField(label=_("回复期限（日，按法定节假日顺延）"), min_value=1, max_value=60,
                              initial=DEFAULT_REPLY_DAYS)


class OpenCaseForm(StyledForm):
    focus_area = forms.ChoiceField(label=_("重点领域"), choices=[("", _("按涉及单位")), *FocusArea.choices], required=False)
    summary = forms.CharField(label=_("案情摘要"), widget=forms.Textarea(attrs={"rows": 4}), required=False,
                              help_text=_("留空则使用线索内容"))


class WarnForm(StyledForm):
    content = forms.CharField(label=_("预警提示内容"), widget=forms.Textarea(attrs={"rows": 4}), required=False)


class DismissForm(StyledForm):
    reason = forms.CharField(label=_("不予处置理由"), widget=forms.Textarea(attrs={"rows": 3}))


class ReplyForm(StyledForm):
    reply = forms.CharField(label=_("核查整改情况"), widget=forms.Textarea(attrs={"rows": 4}))


class CloseForm(StyledForm):
    note = forms.CharField(label=_("办结意见"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


FORMS = {"simple_track": SimpleTrackForm, "open_case": OpenCaseForm, "warn": WarnForm, "dismiss": DismissForm,
         "reply": ReplyForm, "close": CloseForm}
