"""Forms of the Excel pages: the upload and the export filters."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hongdun.orgs.fields import UnitTreeChoiceField
from hongdun.orgs.models import Unit


class UploadForm(forms.Form):
    # Empty files reach the content check, which says what to do instead.
    file = forms.FileField(
        allow_empty_file=True,
        label=_("Excel 文件（.xlsx）"),
        help_text=_("用本页下载的模板填写；第一行为表头，数据从第二行开始。"),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )


class ExportFilterForm(forms.Form):
    """Which records to export: a unit of the user's subtree (with its sub-units) and a year."""

    unit = UnitTreeChoiceField(label=_("单位（含下级单位）"), required=False)
    year = forms.IntegerField(label=_("年度"), required=False, min_value=1949, max_value=2100)

    def __init__(
        self, *args: Any, units: Any, with_year: bool, user_unit: Unit | None = None, **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        unit_field = self.fields["unit"]
        if not isinstance(unit_field, UnitTreeChoiceField):
            raise TypeError("unit must be a unit tree field")
        unit_field.queryset = units
        unit_field.first_unit = user_unit
        unit_field.empty_label = _("全部（我的管理范围）")
        if not with_year:
            del self.fields["year"]
