"""Forms of the abnormal-operation list's pages: the queues' filters and the decision forms.
Every error message names the field and the fix; the services check the rules again."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from hongdun.core.widgets import DateInput
from hongdun.orgs.fields import use_unit_tree
from hongdun.orgs.models import Unit
from hongdun.supervision.choices import (
    CURES,
    AbnormalReason,
    ListingStatus,
    RemovalGround,
    RequestStatus,
)
from hongdun.supervision.selectors_abnormal import Due

_DATE_ERRORS = {"invalid": _("请按“年-月-日”填写日期，例如 2026-07-15。")}


class _AuthorityFilterForm(forms.Form):
    authority = forms.TypedChoiceField(
        label=_("决定机关"), required=False, coerce=int, empty_value=None
    )
    q = forms.CharField(label=_("名称或统一社会信用代码"), required=False, max_length=100)

    def __init__(
        self, *args: Any, authorities: Iterable[Unit] = (), user_unit: Unit | None = None, **kw: Any
    ) -> None:
        super().__init__(*args, **kw)
        self._units = {unit.pk: unit for unit in authorities}
        field = self.fields["authority"]
        use_unit_tree(field, self._units.values(), empty_label=_("全部"), first_unit=user_unit)
        field.error_messages["invalid_choice"] = _("请从列表中选择您管辖范围内的机关。")

    def authority_unit(self) -> Unit | None:
        if not self.is_valid():
            return None
        pk = self.cleaned_data.get("authority")
        return self._units.get(pk) if pk else None

    def value(self, name: str) -> Any:
        return self.cleaned_data.get(name) if self.is_valid() else None


class ListingFilterForm(_AuthorityFilterForm):
    status = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部")), *ListingStatus.choices]
    )
    reason = forms.TypedChoiceField(
        label=_("列入事由"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("全部")), *AbnormalReason.choices],
    )
    report_year = forms.IntegerField(
        label=_("未报送年度"),
        required=False,
        min_value=2013,
        max_value=9999,
        error_messages={
            "invalid": _("年度应为四位数字的年份。"),
            "min_value": _("年度不能早于2013年。"),
            "max_value": _("年度应为四位数字的年份。"),
        },
    )
    due = forms.ChoiceField(label=_("决定期限"), required=False, choices=Due.CHOICES)

    field_order = ["status", "reason", "authority", "report_year", "due", "q"]


class RequestFilterForm(_AuthorityFilterForm):
    status = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部")), *RequestStatus.choices]
    )
    due = forms.ChoiceField(label=_("决定期限"), required=False, choices=Due.CHOICES)

    field_order = ["status", "authority", "due", "q"]


class ObjectionFilterForm(_AuthorityFilterForm):
    status = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部")), *RequestStatus.choices]
    )

    field_order = ["status", "authority", "q"]


def late_reason_field(help_text: Any) -> forms.CharField:
    """The optional "why late" field of a decision form (both lists keep up to 1000 characters)."""
    return forms.CharField(
        label=_("逾期决定理由"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=help_text,
    )


class _DecisionForm(forms.Form):
    decided_on = forms.DateField(
        label=_("决定日期"),
        required=False,
        widget=DateInput(),
        help_text=_("留空为今天"),
        error_messages=_DATE_ERRORS,
    )
    late_reason = late_reason_field(_("决定期限已过时必填"))


class _NumberFields(forms.Form):
    document_number = forms.CharField(
        label=_("决定书文号"),
        required=False,
        max_length=100,
        help_text=_("留空自动编号"),
    )
    number_prefix = forms.CharField(
        label=_("文号前缀"),
        required=False,
        max_length=80,
        help_text=_("例如“昆区市监异列〔2026〕”，留空用本机关默认前缀"),
    )


class ConfirmForm(_DecisionForm, _NumberFields):
    field_order = ["decided_on", "document_number", "number_prefix", "late_reason"]


class BulkConfirmForm(_DecisionForm):
    number_prefix = _NumberFields.base_fields["number_prefix"]
    # The rows' checkboxes in the queue's table carry the ids: the field itself renders nothing
    # (as a select it would be an empty, required list that the browser refuses to submit).
    ids = forms.TypedMultipleChoiceField(
        coerce=int,
        required=True,
        widget=forms.MultipleHiddenInput,
        error_messages={"required": _("请勾选要列入的候选。")},
    )

    def __init__(self, *args: Any, choices: Iterable[int] = (), **kw: Any) -> None:
        super().__init__(*args, **kw)
        field = cast(forms.TypedMultipleChoiceField, self.fields["ids"])
        field.choices = [(pk, str(pk)) for pk in choices]
        field.error_messages["invalid_choice"] = _(
            "所选的候选中有的不在您的管辖范围内或已不存在，请刷新页面后重新选择。"
        )


class DismissForm(_DecisionForm):
    reason = forms.CharField(
        label=_("不予列入理由"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("请填写不予列入的理由。")},
    )
    field_order = ["reason", "decided_on", "late_reason"]


class LateReasonForm(forms.Form):
    late_reason = forms.CharField(
        label=_("逾期决定理由"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("请填写逾期决定理由。")},
    )


class RemovalDecideForm(_DecisionForm, _NumberFields):
    decision = forms.ChoiceField(
        label=_("决定"),
        choices=[("grant", _("准予移出")), ("refuse", _("不予移出"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择准予移出或不予移出。")},
    )
    reason = forms.CharField(
        label=_("理由"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("不予移出时必填，写明企业还需要做什么"),
    )
    field_order = [
        "decision",
        "reason",
        "decided_on",
        "document_number",
        "number_prefix",
        "late_reason",
    ]


class ObjectionDecideForm(_NumberFields):
    decision = forms.ChoiceField(
        label=_("决定"),
        choices=[("upheld", _("异议成立，撤销列入")), ("rejected", _("异议不成立"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择异议成立或不成立。")},
    )
    reason = forms.CharField(
        label=_("决定理由"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("请填写决定理由。")},
    )
    decided_on = _DecisionForm.base_fields["decided_on"]
    field_order = ["decision", "reason", "decided_on", "document_number", "number_prefix"]


class RemovalApplyForm(forms.Form):
    """The removal application: the grounds that fit the listing's reason (a clerk also sees
    "reachable again", which only a clerk's verification can give)."""

    ground = forms.ChoiceField(
        label=_("移出原因"), error_messages={"required": _("请选择移出原因。")}
    )
    statement = forms.CharField(
        label=_("申请说明"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, reason: int, as_clerk: bool, **kw: Any) -> None:
        super().__init__(*args, **kw)
        grounds = [
            (value, RemovalGround(value).label)
            for value in CURES.get(reason, ())
            if as_clerk or value != RemovalGround.REACHABLE
        ]
        field = cast(forms.ChoiceField, self.fields["ground"])
        field.choices = grounds
        field.error_messages["invalid_choice"] = _("请从列表中选择与列入事由相符的移出原因。")
        if as_clerk:
            self.fields["statement"].help_text = _(
                "以“经核实可以联系”移出时必填：核实日期、方式和结果"
            )


class ObjectionForm(forms.Form):
    grounds = forms.CharField(
        label=_("异议理由"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("请写明异议的理由。")},
    )
