from django import forms
from django.utils.translation import gettext_lazy as _

from workflow.forms import StyledForm

from .models import ImportBatch


class ImportForm(StyledForm):
    content = forms.ChoiceField(label=_("导入内容"), choices=ImportBatch.Content.choices, initial="records")
    agency = forms.ModelChoiceField(label=_("报送机关"), queryset=None, required=False,
                                    help_text=_("导入执法记录时必选；外部预警无需选择"))
    file = forms.FileField(label=_("文件（.xlsx 或 .csv，使用下载的模板）"))

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        if agencies is not None and agencies.count() == 1:
            self.fields["agency"].initial = agencies.first()


class SampleForm(StyledForm):
    agency = forms.ModelChoiceField(label=_("被抽查机关"), queryset=None)
    kind = forms.ChoiceField(label=_("类别"), required=False)
    decided_from = forms.DateField(label=_("决定日期自"), widget=forms.DateInput(attrs={"type": "date"}))
    decided_to = forms.DateField(label=_("决定日期至"), widget=forms.DateInput(attrs={"type": "date"}))
    size = forms.IntegerField(label=_("抽取数量"), min_value=1, max_value=200, initial=10)
    seed = forms.CharField(label=_("随机种子（留空自动生成；填入原种子可复核）"), required=False, max_length=64)
    case = forms.ModelChoiceField(label=_("生成评查表的案卷评查案件（可选）"), queryset=None, required=False)

    def __init__(self, *args, agencies=None, cases=None, **kwargs):
        from .models import RecordKind

        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        self.fields["case"].queryset = cases
        self.fields["kind"].choices = [("", _("全部类别")), *RecordKind.choices]
