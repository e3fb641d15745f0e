"""Forms of the legacy-class pages: the list filters and the upload. The service checks every row;
the forms only shape the request."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from hongdun.credit.choices import LegacyClass
from hongdun.credit.services_legacy import FIRST_YEAR, LAST_YEAR


class LegacyFilterForm(forms.Form):
    year = forms.IntegerField(
        label=_("年度"), required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR
    )
    legacy_class = forms.ChoiceField(
        label=_("分类"), choices=[("", _("全部")), *LegacyClass.choices], required=False
    )
    matched = forms.ChoiceField(
        label=_("与登记库匹配"),
        choices=[("", _("全部")), ("yes", _("已匹配")), ("no", _("未匹配"))],
        required=False,
    )
    q = forms.CharField(label=_("企业名称或代码"), required=False, max_length=100, strip=True)


class LegacyImportForm(forms.Form):
    file = forms.FileField(
        label=_("Excel 文件（.xlsx）"),
        help_text=_("请使用本页下载的模板；任何一行有错误时整个文件都不会导入"),
    )
