from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ImportBatch


class ImportForm(forms.Form):
    content = forms.ChoiceField(label=_("导入内容"), choices=ImportBatch.Content.choices, initial="records")
    agency = forms.ModelChoiceField(label=_("报送机关"), queryset=None, required=False,
                                    help_text=_("导入执法记录时必选；外部预警无需选择"))
    file = forms.FileField(label=_("文件（.xlsx 或 .csv，使用下载的模板）"))

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        if agencies is not None and agencies.count() == 1:
            self.fields["agency"].initial = agencies.first()
