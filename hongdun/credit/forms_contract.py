"""Forms of 守合同重信用: the enterprise's application, the staff queue's filters and the
decisions (approve, reject, revoke) and the enterprise's withdrawal of a publicity. The rules are
the service's (hongdun.credit.services_contract); the forms only read the values."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from hongdun.credit.choices import (
    ApplicationStatus,
    ContractLevel,
    LeadingException,
    PublicityStatus,
)
from hongdun.orgs.fields import use_unit_tree
from hongdun.orgs.models import Unit

COUNT_ERRORS = {
    "invalid": _("请填写不小于0的整数。"),
    "min_value": _("请填写不小于0的整数。"),
    "required": _("请填写合同份数。"),
}


def year_choices(today: datetime.date) -> list[tuple[int, str]]:
    return [(year, f"{year}") for year in (today.year, today.year - 1)]


class ApplyForm(forms.Form):
    year = forms.TypedChoiceField(label=_("申报年度"), coerce=int)
    level = forms.ChoiceField(label=_("申报等级"), choices=ContractLevel.choices)
    contract_management = forms.CharField(
        label=_("合同管理制度和机构"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("合同管理机构、专职人员、合同管理制度和台账的情况"),
    )
    contracts_signed = forms.IntegerField(
        label=_("上年度签订合同数（份）"), min_value=0, error_messages=COUNT_ERRORS
    )
    contracts_performed = forms.IntegerField(
        label=_("上年度履约合同数（份）"),
        min_value=0,
        error_messages=COUNT_ERRORS,
        help_text=_("因不可抗力或协商一致解除的合同不计入签订数和履约数"),
    )
    revenue = forms.DecimalField(
        label=_("上年度营业收入（万元）"),
        min_value=Decimal("0"),
        max_digits=14,
        decimal_places=2,
        error_messages={
            "invalid": _("请填写金额（万元，最多两位小数）。"),
            "min_value": _("营业收入不能为负数。"),
            "max_decimal_places": _("金额最多两位小数。"),
            "max_digits": _("金额过大，请以万元为单位填写。"),
            "max_whole_digits": _("金额过大，请以万元为单位填写。"),
        },
    )
    leading_exception = forms.ChoiceField(
        label=_("行业龙头企业"),
        choices=LeadingException.choices,
        required=False,
        help_text=_("市级龙头企业可直接申报AA级，省级或国家级龙头企业可直接申报AAA级"),
    )
    leading_evidence = forms.CharField(
        label=_("龙头企业认定依据"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("认定文件的名称、文号和认定机关"),
    )
    consent_to_publish = forms.BooleanField(
        label=_("同意公示上年度合同履约和经营数据"),
        required=False,
    )

    def __init__(self, *args: Any, today: datetime.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        year = cast(forms.TypedChoiceField, self.fields["year"])
        year.choices = year_choices(today)
        year.error_messages["invalid_choice"] = _("请从列表中选择申报年度。")
        for name in ("level", "leading_exception"):
            cast(forms.ChoiceField, self.fields[name]).error_messages["invalid_choice"] = _(
                "请从列表中选择一项。"
            )


class ApplicationFilterForm(forms.Form):
    q = forms.CharField(label=_("名称或统一社会信用代码"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部")), *ApplicationStatus.choices]
    )
    year = forms.TypedChoiceField(label=_("年度"), required=False, coerce=int, empty_value=None)
    level = forms.ChoiceField(
        label=_("等级"), required=False, choices=[("", _("全部")), *ContractLevel.choices]
    )
    authority = forms.TypedChoiceField(
        label=_("审核机关"), required=False, coerce=int, empty_value=None
    )

    def __init__(
        self,
        *args: Any,
        authorities: Iterable[Unit] = (),
        user_unit: Unit | None = None,
        today: datetime.date,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["authority"]
        use_unit_tree(field, authorities, empty_label=_("全部"), first_unit=user_unit)
        field.error_messages["invalid_choice"] = _("请从列表中选择您管辖范围内的机关。")
        year = cast(forms.TypedChoiceField, self.fields["year"])
        year.choices = [("", _("全部")), *((y, str(y)) for y in range(today.year, 2009, -1))]
        for name in ("status", "year", "level"):
            cast(forms.ChoiceField, self.fields[name]).error_messages["invalid_choice"] = _(
                "请从列表中选择一项。"
            )


class PublicityFilterForm(ApplicationFilterForm):
    status = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部")), *PublicityStatus.choices]
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["authority"].label = _("公示机关")


class ApproveForm(forms.Form):
    note = forms.CharField(
        label=_("审核意见"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("不予通过理由"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("撤销理由"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("严重违约或失信行为的事实和依据；撤销后企业在规定年限内不得重新申报"),
    )


class WithdrawPublicityForm(forms.Form):
    reason = forms.CharField(
        label=_("退出原因"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
