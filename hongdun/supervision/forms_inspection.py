"""Forms of the random-inspection staff pages: the plan (with its population filters), the draw,
and the list filters. The services check every value again; the forms only shape them."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from hongdun.core.widgets import DateInput
from hongdun.enterprises.choices import EnterpriseType
from hongdun.orgs.models import Unit
from hongdun.supervision.choices import InspectionKind, PlanStatus
from hongdun.supervision.models import InspectionPlan
from hongdun.supervision.population import group_by_choices, registered_groupings, subtree_ids

LIST_STATUS = (
    ("", _("不限")),
    ("abnormal", _("列入经营异常名录")),
    ("serious", _("列入严重违法失信名单")),
    ("clean", _("未列入上述名录")),
)
FILTER_FIELDS = (
    "enterprise_types",
    "authorities",
    "list_status",
    "established_after",
    "established_before",
    "report_year",
    "corrected_twice",
    "filed_late",
)


class PlanForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("实施单位"), queryset=Unit.objects.none())
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("计划名称"), max_length=200)
    kind = forms.ChoiceField(label=_("抽查类型"), choices=InspectionKind.choices)
    ratio = forms.DecimalField(
        label=_("抽查比例"),
        max_digits=5,
        decimal_places=4,
        help_text=_("小数，如 0.05 表示抽取 5%"),
    )
    group_by = forms.ChoiceField(label=_("分组依据"), choices=(), required=False)
    group_ratios = forms.CharField(
        label=_("分组抽查比例"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("每行一组：分组值=比例，如 llc=0.05；未列出的分组按抽查比例"),
    )
    enterprise_types = forms.MultipleChoiceField(
        label=_("企业类型"),
        choices=EnterpriseType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    authorities = forms.ModelMultipleChoiceField(
        label=_("登记机关"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("不选为实施单位辖区内的全部登记机关"),
    )
    list_status = forms.ChoiceField(label=_("名录状态"), choices=LIST_STATUS, required=False)
    established_after = forms.DateField(label=_("成立日期自"), required=False, widget=DateInput())
    established_before = forms.DateField(label=_("成立日期至"), required=False, widget=DateInput())
    report_year = forms.IntegerField(
        label=_("报告年度"), required=False, min_value=2000, max_value=2100
    )
    corrected_twice = forms.BooleanField(label=_("该年度报告更正两次及以上"), required=False)
    filed_late = forms.BooleanField(label=_("该年度报告逾期报送"), required=False)
    notes = forms.CharField(
        label=_("说明"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, units: QuerySet[Unit], fixed_unit: Unit | None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        # Groupings other apps register (the credit-risk class) are offered only when present.
        group_by: Any = self.fields["group_by"]
        group_by.choices = group_by_choices()
        unit_field: Any = self.fields["unit"]
        unit_field.queryset = units
        authorities: Any = self.fields["authorities"]
        if fixed_unit is not None:
            unit_field.disabled = True
            unit_field.initial = fixed_unit.pk
            authorities.queryset = Unit.objects.filter(
                pk__in=subtree_ids(fixed_unit), is_registration_authority=True
            ).order_by("ordering_key", "code")
        else:
            authorities.queryset = units.filter(is_registration_authority=True)

    def plan_section(self) -> list[Any]:
        names = ("unit", "year", "title", "kind", "ratio", "group_by", "group_ratios", "notes")
        return [self[name] for name in names]

    @staticmethod
    def grouping_defaults() -> list[dict[str, Any]]:
        """For each registered grouping, its groups with the default ratio and the most times a
        year (what a plan grouped that way takes unless it gives its own ratios)."""
        described = []
        for grouping in registered_groupings().values():
            ratios = grouping.default_ratios()
            limits = grouping.max_per_year()
            described.append(
                {
                    "key": grouping.key,
                    "label": grouping.label,
                    "source": grouping.source(),
                    "groups": [
                        (value, label, ratios.get(value), limits.get(value))
                        for value, label in grouping.groups()
                    ],
                }
            )
        return described

    def filter_section(self) -> list[Any]:
        return [self[name] for name in FILTER_FIELDS]

    @staticmethod
    def initial_of(plan: InspectionPlan) -> dict[str, Any]:
        filters = plan.filters or {}
        return {
            "unit": plan.unit_id,
            "year": plan.year,
            "title": plan.title,
            "kind": plan.kind,
            "ratio": plan.ratio,
            "group_by": plan.group_by,
            "group_ratios": "\n".join(f"{g}={r}" for g, r in (plan.group_ratios or {}).items()),
            "notes": plan.notes,
            **{name: filters.get(name) for name in FILTER_FIELDS if name in filters},
        }

    def clean_group_ratios(self) -> dict[str, str]:
        text: str = self.cleaned_data.get("group_ratios") or ""
        ratios: dict[str, str] = {}
        for line in text.splitlines():
            if not line.strip():
                continue
            group, sep, ratio = line.partition("=")
            if not sep or not group.strip() or not ratio.strip():
                raise forms.ValidationError(
                    _("“%(line)s”格式不对：每行写成 分组值=比例，如 llc=0.05。"),
                    params={"line": line.strip()},
                )
            ratios[group.strip()] = ratio.strip()
        return ratios

    def service_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        filters: dict[str, Any] = {}
        for name in FILTER_FIELDS:
            value = data.get(name)
            if name == "authorities":
                value = [unit.pk for unit in value or []]
            elif name in ("established_after", "established_before") and value:
                value = value.isoformat()
            if value not in (None, "", [], False):
                filters[name] = value
        return {
            "year": data["year"],
            "title": data["title"],
            "kind": data["kind"],
            "ratio": data["ratio"],
            "group_by": data.get("group_by") or "",
            "group_ratios": data.get("group_ratios") or {},
            "filters": filters,
            "notes": data.get("notes") or "",
        }


class DrawForm(forms.Form):
    seed = forms.CharField(
        label=_("随机种子"),
        required=False,
        max_length=32,
        help_text=_("留空由系统随机生成；如需当场公开生成，可填写32位十六进制数字"),
    )


class PlanFilterForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), required=False, min_value=2000, max_value=2100)
    unit = forms.ModelChoiceField(label=_("实施单位"), queryset=Unit.objects.none(), required=False)
    status = forms.ChoiceField(
        label=_("状态"), choices=[("", _("全部")), *PlanStatus.choices], required=False
    )

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any):
        super().__init__(*args, **kwargs)
        unit_field: Any = self.fields["unit"]
        unit_field.queryset = units


class RosterFilterForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("单位"), queryset=Unit.objects.none(), required=False)
    day = forms.DateField(label=_("有效日期"), required=False, widget=DateInput())

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any):
        super().__init__(*args, **kwargs)
        unit_field: Any = self.fields["unit"]
        unit_field.queryset = units
