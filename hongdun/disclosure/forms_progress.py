"""Filters of the filing-progress page and the list of enterprises that have not filed."""

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hongdun.core.widgets import DateInput
from hongdun.enterprises.choices import EnterpriseType
from hongdun.orgs.fields import use_unit_tree
from hongdun.orgs.models import Unit


class ProgressFilterForm(forms.Form):
    """The report year (default: the latest whose window has opened) and, optionally, one
    registration authority in the user's reach; anything else is refused with a message."""

    year = forms.TypedChoiceField(label=_("报告年度"), coerce=int, required=False, empty_value=None)
    authority = forms.TypedChoiceField(
        label=_("登记机关"), required=False, coerce=int, empty_value=None
    )

    def __init__(
        self,
        *args: Any,
        years: Iterable[int] = (),
        authorities: Iterable[Unit] = (),
        user_unit: Unit | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        year_field = self.fields["year"]
        assert isinstance(year_field, forms.ChoiceField)
        year_field.choices = [(year, str(year)) for year in years]
        year_field.error_messages["invalid_choice"] = _("请选择已开始报送的报告年度。")
        authority_field = self.fields["authority"]
        use_unit_tree(authority_field, authorities, empty_label=_("全部"), first_unit=user_unit)
        authority_field.error_messages["invalid_choice"] = _(
            "请从列表中选择您管辖范围内的登记机关。"
        )


class NotFiledFilterForm(ProgressFilterForm):
    enterprise_type = forms.ChoiceField(
        label=_("类型"), required=False, choices=[("", _("全部")), *EnterpriseType.choices]
    )
    established_from = forms.DateField(
        label=_("成立日期自"),
        required=False,
        widget=DateInput(),
        error_messages={"invalid": _("请按“年-月-日”填写成立日期。")},
    )
    established_to = forms.DateField(
        label=_("成立日期至"),
        required=False,
        widget=DateInput(),
        error_messages={"invalid": _("请按“年-月-日”填写成立日期。")},
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("established_from"), cleaned.get("established_to")
        if start and end and end < start:
            self.add_error("established_to", _("成立日期的结束日期不能早于开始日期。"))
        return cleaned
