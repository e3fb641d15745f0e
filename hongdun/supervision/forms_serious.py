"""Forms of the serious-violation list's staff pages: the queue's filters and the decisions."""

from collections.abc import Iterable
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from hongdun.core.widgets import DateInput
from hongdun.orgs.fields import use_unit_tree
from hongdun.orgs.models import Unit
from hongdun.supervision.choices import ListingStatus, SeriousGround
from hongdun.supervision.forms_abnormal import late_reason_field

DATE_ERROR = {"invalid": _("请按“年-月-日”填写日期。")}


class DueFilter:
    OVERDUE = "overdue"
    SOON = "soon"
    CHOICES = (
        ("", _("全部")),
        (OVERDUE, _("已逾期未决定")),
        (SOON, _("5日内到期")),
    )


class SeriousFilterForm(forms.Form):
    q = forms.CharField(label=_("名称或统一社会信用代码"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部")), *ListingStatus.choices]
    )
    ground = forms.ChoiceField(
        label=_("列入事由"), required=False, choices=[("", _("全部")), *SeriousGround.choices]
    )
    authority = forms.TypedChoiceField(
        label=_("作出决定机关"), required=False, coerce=int, empty_value=None
    )
    due = forms.ChoiceField(label=_("决定期限"), required=False, choices=DueFilter.CHOICES)
    removal_eligible = forms.BooleanField(label=_("已届可移出日期"), required=False)

    def __init__(
        self, *args: Any, authorities: Iterable[Unit] = (), user_unit: Unit | None = None, **kw: Any
    ) -> None:
        super().__init__(*args, **kw)
        field = self.fields["authority"]
        use_unit_tree(field, authorities, empty_label=_("全部"), first_unit=user_unit)
        field.error_messages["invalid_choice"] = _("请从列表中选择您管辖范围内的机关。")
        for name in ("status", "ground", "due"):
            cast(forms.ChoiceField, self.fields[name]).error_messages["invalid_choice"] = _(
                "请从列表中选择一项。"
            )


class ProposeForm(forms.Form):
    uscc = forms.CharField(label=_("统一社会信用代码"), max_length=18, min_length=18)
    ground = forms.ChoiceField(
        label=_("列入事由"),
        choices=[
            (value, label)
            for value, label in SeriousGround.choices
            if value != SeriousGround.ABNORMAL_THREE_YEARS
        ],
    )
    legal_basis = forms.CharField(label=_("法律依据"), max_length=300)
    facts = forms.CharField(
        label=_("事实"), max_length=4000, widget=forms.Textarea(attrs={"rows": 5})
    )
    basis_on = forms.DateField(
        label=_("起算日"),
        widget=DateInput(),
        error_messages=DATE_ERROR,
        help_text=_("违法事实认定或处罚决定之日；决定期限自此起算"),
    )

    def clean_uscc(self) -> str:
        return str(self.cleaned_data["uscc"]).strip().upper()


class ConfirmForm(forms.Form):
    decided_on = forms.DateField(label=_("决定日期"), widget=DateInput(), error_messages=DATE_ERROR)
    document_number = forms.CharField(label=_("列入决定书文号"), max_length=100)
    late_reason = late_reason_field(_("决定日期晚于决定期限时必填"))


class DismissForm(forms.Form):
    reason = forms.CharField(
        label=_("不予列入理由"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )


class RemoveForm(forms.Form):
    removed_on = forms.DateField(label=_("移出日期"), widget=DateInput(), error_messages=DATE_ERROR)
    removal_document_number = forms.CharField(label=_("移出决定书文号"), max_length=100)
    removal_reason = forms.CharField(
        label=_("移出理由"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )
