"""Every select, input and textarea of the application is written by workflow.rendering (issue 18: the template
engine took 11 ms for one filter bar); what the browser receives is the markup Django's own templates give, byte
for byte."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates

from supervision.forms import CaseFilter
from supervision.selectors import case_list

pytestmark = pytest.mark.django_db


class EveryKindOfSelect(forms.Form):
    plain = forms.ChoiceField(choices=[("", "全部"), ("a", "食品 & 药品"), ("b", '"引号" <标签>')])
    grouped = forms.ChoiceField(choices=[("县（市、区）", [("330602", "越城区"), ("330603", "柯桥区")]), ("x", "其他")])
    several = forms.MultipleChoiceField(choices=[(1, "一"), (2, "二"), (3, "三")])
    yes_no = forms.NullBooleanField()
    with_attrs = forms.ChoiceField(choices=[("1", "是")], widget=forms.Select(attrs={
        "class": "form-select", "disabled": True, "data-x": 'a"b', "hidden": False}))


class EveryKindOfInput(forms.Form):
    text = forms.CharField(widget=forms.TextInput(attrs={"placeholder": '如 越司执监通〔2026〕3号 & "引号"'}))
    search = forms.CharField(widget=forms.TextInput(attrs={"type": "search"}))
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    ticked = forms.BooleanField(required=False)
    unticked = forms.BooleanField(required=False)
    number = forms.IntegerField(min_value=1)
    email = forms.EmailField(required=False)
    secret = forms.CharField(widget=forms.PasswordInput(render_value=True))
    hidden = forms.CharField(widget=forms.HiddenInput)
    when = forms.TimeField()
    file = forms.FileField(required=False)
    note = forms.CharField(widget=forms.Textarea)
    empty_note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3, "disabled": True}))


def as_django_writes_it(form, names) -> dict[str, str]:
    ours = {name: str(form[name]) for name in names}
    form.renderer = DjangoTemplates()
    theirs = {name: str(form[name]) for name in names}
    return ours, theirs


def test_every_kind_of_select_reads_as_djangos_templates_write_it():
    form = EveryKindOfSelect({"plain": "b", "grouped": "330603", "several": ["1", "3"], "yes_no": "true"})
    ours, theirs = as_django_writes_it(form, form.fields)
    assert ours == theirs
    assert '<option value="b" selected>&quot;引号&quot; &lt;标签&gt;</option>' in ours["plain"]
    assert ' disabled data-x="a&quot;b" ' in ours["with_attrs"] and "hidden" not in ours["with_attrs"]


def test_every_kind_of_input_and_textarea_reads_as_djangos_templates_write_it():
    form = EveryKindOfInput({"text": "<b>食品</b>", "search": "食品", "day": "2026-02-01", "ticked": "on", "number": "0",
                             "email": "x", "secret": "a&b", "hidden": '"', "when": "9:30", "note": "第一行\n<第二行>",
                             "empty_note": ""})
    assert not form.is_valid()  # with errors: the values come back as typed, the required attribute stays
    ours, theirs = as_django_writes_it(form, form.fields)
    assert ours == theirs
    assert ours["text"].startswith('<input type="text" name="text" value="&lt;b&gt;食品&lt;/b&gt;" placeholder=')
    assert ours["ticked"].endswith(" checked>") and "checked" not in ours["unticked"]
    assert ours["note"].endswith('>\n第一行\n&lt;第二行&gt;</textarea>')
    assert " disabled " in ours["empty_note"] and ours["empty_note"].endswith(">\n</textarea>")


def test_the_case_lists_filter_bar_is_the_same_markup(rf, world):
    user = world.user("yuecheng.reviewer")
    market = world.org("越城区市场监督管理局")
    request = rf.get("/supervision/", {"supervised_unit": market.pk, "state": "overdue"})
    request.user = user
    form = CaseFilter(request.GET, queryset=case_list(user), request=request).form
    ours, theirs = as_django_writes_it(form, form.fields)
    assert ours == theirs
    assert f'<option value="{market.pk}" selected>越城区市场监督管理局</option>' in ours["supervised_unit"]


def test_a_filter_bars_agencies_are_read_in_one_query(rf, world, django_assert_num_queries):
    request = rf.get("/supervision/")
    request.user = world.user("yuecheng.reviewer")
    form = CaseFilter(None, queryset=case_list(request.user), request=request).form
    with django_assert_num_queries(1):  # not a second time for the `required` attribute's first choice
        html = str(form["supervised_unit"])
    assert '<option value="" selected>全部</option>' in html
    assert f'<option value="{world.org("越城区市场监督管理局").pk}">越城区市场监督管理局</option>' in html
