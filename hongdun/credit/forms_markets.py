"""Forms of the 文明诚信市场 pages: they check the shape of the input; the rules are the
services' (hongdun/credit/services_markets.py)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hongdun.core.forms import Form, RowFormMixin
from hongdun.core.widgets import DateInput
from hongdun.credit.choices import EvaluationStatus, MarketKind
from hongdun.credit.selectors_markets import TitleFilter
from hongdun.credit.services_markets import MAX_CHECKLIST_ITEMS, ChecklistItem
from hongdun.orgs.fields import UnitTreeChoiceField, use_unit_tree
from hongdun.orgs.models import Unit

DATE_ERROR = {"invalid": _("请按“年-月-日”填写日期。")}
CHOOSE_ONE = _("请从列表中选择一项。")
YES_NO_ALL = (("", _("全部")), ("yes", _("是")), ("no", _("否")))


def _choose_one(form: forms.Form, *names: str) -> None:
    for name in names:
        cast(forms.ChoiceField, form.fields[name]).error_messages["invalid_choice"] = CHOOSE_ONE


class _UnitFilterForm(Form):
    unit = forms.TypedChoiceField(
        label=_("属地监管单位"), required=False, coerce=int, empty_value=None
    )

    def __init__(
        self, *args: Any, units: Iterable[Unit] = (), user_unit: Unit | None = None, **kw: Any
    ) -> None:
        super().__init__(*args, **kw)
        self.units = {unit.pk: unit for unit in units}
        use_unit_tree(
            self.fields["unit"], self.units.values(), empty_label=_("全部"), first_unit=user_unit
        )
        self.fields["unit"].error_messages["invalid_choice"] = _(
            "请从列表中选择您管辖范围内的单位。"
        )

    def filters(self) -> dict[str, Any]:
        """The cleaned filters with the unit as a Unit ({} when the form is unbound or wrong)."""
        if not self.is_bound or not self.is_valid():
            return {}
        data = dict(self.cleaned_data)
        data["unit"] = self.units.get(data["unit"]) if data.get("unit") else None
        return data


class MarketFilterForm(_UnitFilterForm):
    q = forms.CharField(label=_("市场或开办者名称"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("市场类型"), required=False, choices=[("", _("全部")), *MarketKind.choices]
    )
    title = forms.ChoiceField(label=_("本年度持有称号"), required=False, choices=YES_NO_ALL)
    active = forms.ChoiceField(label=_("在营"), required=False, choices=YES_NO_ALL)

    field_order = ("q", "kind", "unit", "title", "active")

    def __init__(self, *args: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        _choose_one(self, "kind", "title", "active")


class MarketForm(Form):
    name = forms.CharField(label=_("市场名称"), max_length=200)
    kind = forms.ChoiceField(label=_("市场类型"), choices=MarketKind.choices)
    operator_uscc = forms.CharField(
        label=_("开办者统一社会信用代码"),
        max_length=30,
        help_text=_("开办者须是登记簿中存续的市场主体"),
    )
    address = forms.CharField(label=_("地址"), max_length=200)
    unit = UnitTreeChoiceField(label=_("属地监管单位"), empty_label="—")
    opened_on = forms.DateField(
        label=_("开业日期"), required=False, widget=DateInput(), error_messages=DATE_ERROR
    )

    def __init__(
        self, *args: Any, units: Any = None, user_unit: Unit | None = None, **kw: Any
    ) -> None:
        super().__init__(*args, **kw)
        field = cast(UnitTreeChoiceField, self.fields["unit"])
        field.queryset = units if units is not None else Unit.objects.none()
        field.first_unit = user_unit
        field.error_messages["invalid_choice"] = _("请从列表中选择您管辖范围内的单位。")
        _choose_one(self, "kind")


class ReasonForm(Form):
    reason = forms.CharField(
        label=_("原因"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class StallFilterForm(Form):
    sq = forms.CharField(label=_("摊位号、经营者或品种"), required=False, max_length=100)
    sactive = forms.ChoiceField(label=_("在用"), required=False, choices=YES_NO_ALL)

    def __init__(self, *args: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        _choose_one(self, "sactive")


class StallForm(Form):
    number = forms.CharField(label=_("摊位号"), max_length=20)
    holder_name = forms.CharField(
        label=_("经营者"),
        max_length=100,
        required=False,
        help_text=_("自然人填姓名；市场主体可只填统一社会信用代码"),
    )
    holder_uscc = forms.CharField(label=_("经营者统一社会信用代码"), max_length=30, required=False)
    goods = forms.CharField(label=_("经营品种"), max_length=200, required=False)


class StallImportForm(Form):
    file = forms.FileField(
        label=_("摊位表（.xlsx）"),
        help_text=_("第一行为表头：摊位号、经营者、经营者统一社会信用代码、经营品种、状态"),
        error_messages={
            "required": _("请选择要上传的 Excel 文件。"),
            "empty": _("上传的文件是空的（0 字节）：请在 Excel 或 WPS 中填写并保存后再上传。"),
        },
    )


# --- checklists -----------------------------------------------------------------------------------


class ChecklistNewForm(Form):
    year = forms.IntegerField(
        label=_("年度"), error_messages={"invalid": _("年度：请填写四位年份。")}
    )
    copy_from = forms.TypedChoiceField(
        label=_("复制评议项目自"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args: Any, sources: Sequence[Any] = (), **kw: Any) -> None:
        super().__init__(*args, **kw)
        field = cast(forms.TypedChoiceField, self.fields["copy_from"])
        field.choices = [
            ("", _("不复制，从空白开始")),
            *((c.pk, _("%(year)d年度评议标准") % {"year": c.year}) for c in sources),
        ]
        field.error_messages["invalid_choice"] = CHOOSE_ONE


class ChecklistItemForm(RowFormMixin, Form):
    code = forms.CharField(label=_("代码"), max_length=16)
    text = forms.CharField(
        label=_("评议内容"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
    points = forms.IntegerField(
        label=_("分值"), min_value=1, error_messages={"invalid": _("分值请填写整数。")}
    )
    required = forms.BooleanField(label=_("必备项目（须得满分）"), required=False)


ChecklistItemFormSet = forms.formset_factory(
    ChecklistItemForm,
    extra=2,
    can_delete=True,
    max_num=MAX_CHECKLIST_ITEMS,
    validate_max=True,
)


class PassScoreForm(Form):
    pass_score = forms.IntegerField(
        label=_("达标分数"),
        min_value=1,
        error_messages={"invalid": _("达标分数请填写整数。")},
        help_text=_("总分达到该分数且必备项目均得满分的，评定为达标"),
    )


def formset_items(formset: Any) -> list[dict[str, Any]]:
    """The filled rows of a valid item formset, in order, without the deleted ones."""
    return [
        {key: form.cleaned_data[key] for key in ("code", "text", "points", "required")}
        for form in formset.forms
        if form.has_changed() and form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


# --- evaluations ----------------------------------------------------------------------------------


class EvaluationNewForm(Form):
    year = forms.IntegerField(
        label=_("评议年度"), error_messages={"invalid": _("年度：请填写四位年份。")}
    )


class ScoreForm(Form):
    """One score field per checklist item (0..points; empty while not yet scored) and the note."""

    note = forms.CharField(
        label=_("评议意见"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, items: Sequence[ChecklistItem] = (), **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.items = list(items)
        for item in self.items:
            self.fields[f"score_{item.code}"] = forms.IntegerField(
                label=item.code,
                required=False,
                min_value=0,
                max_value=item.points,
                error_messages={
                    "invalid": _("请填写整数。"),
                    "min_value": _("得分不能小于0。"),
                    "max_value": _("得分不能超过该项分值 %(limit_value)s 分。"),
                },
                widget=forms.NumberInput(attrs={"min": 0, "max": item.points, "step": 1}),
            )
        self.order_fields([*(f"score_{item.code}" for item in self.items), "note"])

    def rows(self) -> list[tuple[ChecklistItem, Any]]:
        return [(item, self[f"score_{item.code}"]) for item in self.items]

    def scores(self) -> dict[str, int | None]:
        return {item.code: self.cleaned_data.get(f"score_{item.code}") for item in self.items}


class DecideForm(Form):
    evaluated_on = forms.DateField(
        label=_("评定日期"), widget=DateInput(), error_messages=DATE_ERROR
    )
    award = forms.BooleanField(label=_("授予“文明诚信市场”称号"), required=False)
    note = forms.CharField(
        label=_("评议意见"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("达标但不授予称号的，须写明理由"),
    )


class ReopenForm(Form):
    reason = forms.CharField(
        label=_("撤回原因"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )


class RevokeForm(Form):
    revoked_on = forms.DateField(label=_("撤销日期"), widget=DateInput(), error_messages=DATE_ERROR)
    reason = forms.CharField(
        label=_("撤销原因"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("如发生重大安全或质量事件、场内经营者被列入严重违法失信名单等"),
    )


class EvaluationFilterForm(_UnitFilterForm):
    q = forms.CharField(label=_("市场名称"), required=False, max_length=100)
    year = forms.IntegerField(
        label=_("年度"), required=False, error_messages={"invalid": _("年度：请填写四位年份。")}
    )
    status = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部")), *EvaluationStatus.choices]
    )
    title = forms.ChoiceField(
        label=_("称号"),
        required=False,
        choices=(
            ("", _("全部")),
            (TitleFilter.HELD, _("持有称号")),
            (TitleFilter.REVOKED, _("称号已撤销")),
            (TitleFilter.NOT_AWARDED, _("未授予")),
            (TitleFilter.UNDECIDED, _("评议中")),
        ),
    )

    field_order = ("q", "year", "status", "title", "unit")

    def __init__(self, *args: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        _choose_one(self, "status", "title")


def this_year() -> int:
    return timezone.localdate().year
