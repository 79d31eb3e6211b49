"""Every select of the application is written by workflow.rendering (issue 18: the template engine took 11 ms
for one filter bar); what the browser receives is the markup Django's own templates give, byte for byte."""

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


def test_the_case_lists_filter_bar_is_the_same_markup(rf, world):
    user = world.user("yuecheng.reviewer")
    market = world.org("越城区市场监督管理局")
    request = rf.get("/supervision/", {"supervised_unit": market.pk, "state": "overdue"})
    request.user = user
    form = CaseFilter(request.GET, queryset=case_list(user), request=request).form
    ours, theirs = as_django_writes_it(form, form.fields)
    assert ours == theirs
    assert f'<option value="{market.pk}" selected>越城区市场监督管理局</option>' in ours["supervised_unit"]
