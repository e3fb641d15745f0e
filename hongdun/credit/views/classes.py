"""Staff pages of the credit-risk classes at /staff/credit/classes/ (docs/rules/credit.md §8):
the distribution of a unit subtree (landing page), the list of enterprises with their current
class and its Excel export, and one enterprise's classes over time with their explanations.

Internal only. Scope kind "credit.classification" (by the enterprise's registration authority):
supervisors and leaders read their subtree, administrators the whole city. Anonymous users go
to the login page, other roles get 403, an enterprise out of reach answers 404."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar, cast

from django import forms
from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View

from hongdun.core.backoffice.export import xlsx_response
from hongdun.core.backoffice.records import Register
from hongdun.core.backoffice.tables import BackOfficeTable, link_cell
from hongdun.core.backoffice.views import ListPageView
from hongdun.core.scope import ScopeRequiredMixin, permits, units_in_reach
from hongdun.core.templatetags.hongdun import localized_name
from hongdun.credit.choices import Override, RiskClass
from hongdun.credit.engine.classify import explain
from hongdun.credit.engine.inputs import INPUT_FIELDS
from hongdun.credit.engine.scheme import SchemeError
from hongdun.credit.labels import explanation_lines
from hongdun.credit.models import Classification, ClassificationRun
from hongdun.credit.permissions import CLASSIFICATION, SCHEME
from hongdun.credit.schemes import scheme_of
from hongdun.credit.selectors_classes import (
    TREND_SPANS,
    ClassRows,
    MovedFilter,
    class_list,
    distribution,
    enterprise_for_classes,
    failure_notice,
    run_in_force,
    succeeded_runs,
    trend,
    with_details,
)
from hongdun.credit.selectors_runs import enterprise_history, move_reason_label
from hongdun.orgs.fields import use_unit_tree
from hongdun.orgs.models import Unit

EXPORT_LIMIT = Register.export_limit

# Colours of the classes in the charts: low risk green to high risk black.
CLASS_COLOURS = {
    "A": "#2e7d32",
    "B": "#1565c0",
    "C": "#f9a825",
    "D": "#c62828",
    "E": "#212121",
}

MOVED_CHOICES = (
    ("", _("全部")),
    (MovedFilter.MOVED, _("本月类别有变动")),
    (MovedFilter.UP, _("本月风险下降（类别上升）")),
    (MovedFilter.DOWN, _("本月风险上升（类别下降）")),
    (MovedFilter.STAYED, _("本月类别未变")),
)
OVERRIDE_CHOICES = (
    ("", _("全部")),
    ("any", _("直接判定（任一规则）")),
    ("none", _("按评分")),
    *((value, label) for value, label in Override.choices if value),
)


class UnitFilterForm(forms.Form):
    """A unit of the reader's reach (the subtree whose classes are counted), their own first."""

    unit = forms.TypedChoiceField(
        label=_("单位（含下级）"), required=False, coerce=int, empty_value=None
    )

    def __init__(
        self, *args: Any, units: Iterable[Unit] = (), user_unit: Unit | None = None, **kw: Any
    ) -> None:
        super().__init__(*args, **kw)
        field = self.fields["unit"]
        use_unit_tree(field, units, empty_label=_("全部（管辖范围内）"), first_unit=user_unit)
        field.error_messages["invalid_choice"] = _("单位：请从列表中选择您管辖范围内的单位。")


class DistributionFilterForm(UnitFilterForm):
    span = forms.TypedChoiceField(
        label=_("趋势月数"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[(n, _("近%(n)s个月") % {"n": n}) for n in TREND_SPANS],
        error_messages={"invalid_choice": _("趋势月数：请选择近12个月或近24个月。")},
    )


class ClassListFilterForm(UnitFilterForm):
    q = forms.CharField(label=_("名称或统一社会信用代码"), required=False, max_length=100)
    risk_class = forms.ChoiceField(
        label=_("风险类别"),
        required=False,
        choices=[("", _("全部")), *RiskClass.choices],
        error_messages={"invalid_choice": _("风险类别：请从列表中选择一项。")},
    )
    moved = forms.ChoiceField(
        label=_("本月变动"),
        required=False,
        choices=MOVED_CHOICES,
        error_messages={"invalid_choice": _("本月变动：请从列表中选择一项。")},
    )
    override = forms.ChoiceField(
        label=_("判定方式"),
        required=False,
        choices=OVERRIDE_CHOICES,
        error_messages={"invalid_choice": _("判定方式：请从列表中选择一项。")},
    )


def _units(request: HttpRequest) -> dict[str, Any]:
    return {
        "units": units_in_reach(request.user, CLASSIFICATION),
        "user_unit": getattr(request.user, "unit", None),
    }


def _cleaned(form: forms.Form) -> dict[str, Any]:
    return dict(form.cleaned_data) if form.is_bound and form.is_valid() else {}


def _class_label(value: str) -> str:
    return str(dict(RiskClass.choices).get(value, value))


def _line_chart(runs: list[ClassificationRun], series: dict[str, list[int]]) -> dict[str, Any]:
    """One line per class over the months (ECharts options, drawn by workforce-figures.js)."""
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 0},
        "grid": {"left": 64, "right": 16, "bottom": 40, "top": 40},
        "xAxis": {"type": "category", "data": [f"{run.month:%Y-%m}" for run in runs]},
        "yAxis": {"type": "value", "name": gettext("户数")},
        "series": [
            {
                "type": "line",
                "name": _class_label(risk_class),
                "itemStyle": {"color": CLASS_COLOURS.get(risk_class, "#555")},
                "data": counts,
            }
            for risk_class, counts in series.items()
        ],
    }


def _class_chart(
    runs: list[ClassificationRun], risk_class: str, counts: list[int]
) -> dict[str, Any]:
    return {
        "tooltip": {"trigger": "axis"},
        "grid": {"left": 56, "right": 8, "bottom": 32, "top": 24},
        "xAxis": {"type": "category", "data": [f"{run.month:%Y-%m}" for run in runs]},
        "yAxis": {"type": "value"},
        "series": [
            {
                "type": "bar",
                "name": _class_label(risk_class),
                "itemStyle": {"color": CLASS_COLOURS.get(risk_class, "#555")},
                "data": counts,
            }
        ],
    }


def list_url(**params: Any) -> str:
    given = {key: value for key, value in params.items() if value not in (None, "")}
    return reverse("credit-classes:list") + (f"?{urlencode(given)}" if given else "")


class DistributionView(ScopeRequiredMixin, View):
    """分类分布: the run in force for the chosen subtree, its moves and a chart per class."""

    scope_kind = CLASSIFICATION

    def get(self, request: HttpRequest) -> HttpResponse:
        form = DistributionFilterForm(request.GET or None, **_units(request))
        cleaned = _cleaned(form)
        unit_id = cleaned.get("unit")
        span = cleaned.get("span") or TREND_SPANS[0]
        run = run_in_force()
        context: dict[str, Any] = {
            "form": form,
            "run": run,
            "notice": failure_notice(run),
            "can_read_runs": permits(request.user, SCHEME),
            "list_url": list_url(unit=unit_id),
            "span": span,
        }
        if run is not None:
            dist = distribution(user=request.user, run=run, unit_id=unit_id)
            runs = succeeded_runs(span)
            series = trend(user=request.user, runs=runs, unit_id=unit_id)
            charts = {"chart-trend": _line_chart(runs, series)}
            for risk_class, counts in series.items():
                charts[f"chart-{risk_class}"] = _class_chart(runs, risk_class, counts)
            context.update(
                dist=dist,
                class_rows=[
                    (
                        risk_class,
                        _class_label(risk_class),
                        dist.counts.get(risk_class, 0),
                        list_url(unit=unit_id, risk_class=risk_class),
                    )
                    for risk_class in dist.classes
                ],
                matrix=[
                    (
                        source,
                        [
                            (
                                target,
                                count,
                                list_url(unit=unit_id, risk_class=target, moved=MovedFilter.MOVED),
                            )
                            for target, count in cells
                        ],
                    )
                    for source, cells in dist.matrix
                ],
                reasons=[
                    (source, target, count, [(move_reason_label(r), n) for r, n in top])
                    for source, target, count, top in dist.move_reasons
                ],
                moved_url=list_url(unit=unit_id, moved=MovedFilter.MOVED),
                charts=charts,
                chart_classes=list(series),
            )
        return render(request, "credit/classes/distribution.html", context)


class ClassTable(BackOfficeTable):
    headers: ClassVar[tuple[tuple[str, Any], ...]] = (
        ("enterprise", _("市场主体")),
        ("authority", _("登记机关")),
        ("risk_class", _("风险类别")),
        ("previous_class", _("上月类别")),
        ("score", _("风险分值")),
        ("override", _("判定方式")),
    )
    empty_testid = "no-classes"

    class Meta(BackOfficeTable.Meta):
        attrs = {"class": "striped", "data-testid": "classes"}
        empty_text = _("没有符合条件的企业。")
        row_attrs: ClassVar[dict[str, Any]] = {
            "data-testid": "class-row",
            "data-class": lambda record: record.risk_class,
        }

    def __init__(self, data: list[Classification]) -> None:
        super().__init__(data)
        self.prefix = reverse("credit-classes:enterprise", args=[0])[: -len("0/")]
        self.labels = dict(RiskClass.choices)
        self.overrides = dict(Override.choices)

    def render_enterprise(self, record: Classification) -> str:
        return link_cell(
            f"{self.prefix}{record.enterprise_id}/", record.enterprise.name, record.enterprise.uscc
        )

    def render_authority(self, record: Classification) -> str:
        return localized_name(record.enterprise.registration_authority)

    def render_risk_class(self, record: Classification) -> str:
        return format_html(
            '<span class="risk-class risk-{}">{}</span>',
            record.risk_class.lower(),
            self.labels.get(record.risk_class, record.risk_class),
        )

    def render_previous_class(self, record: Classification) -> str:
        previous = getattr(record, "previous_class", None)
        if not previous:
            return "—"
        if previous == record.risk_class:
            return gettext("%(cls)s（未变）") % {"cls": previous}
        return format_html(
            '<mark data-moved="{}>{}">{}</mark>', previous, record.risk_class, previous
        )

    def render_score(self, record: Classification) -> str:
        return f"{record.score:.2f}"

    def render_override(self, record: Classification) -> str:
        return str(self.overrides.get(record.override, record.override))


class ClassListView(ScopeRequiredMixin, ListPageView):
    """企业分类名单: the current class of every enterprise in reach, filtered and paged."""

    scope_kind = CLASSIFICATION
    template_name = "credit/classes/list.html"

    def get_filters(self) -> ClassListFilterForm:
        return ClassListFilterForm(self.request.GET or None, **_units(self.request))

    def get_rows(self, filters: ClassListFilterForm) -> Any:
        self.run = run_in_force()
        if self.run is None:
            return []
        return ClassRows(
            class_list(user=self.request.user, run=self.run, filters=_cleaned(filters)), self.run
        )

    def get_table(self, rows: list[Classification]) -> ClassTable:
        return ClassTable(rows)

    def get_context_data(self, **context: Any) -> dict[str, Any]:
        query = context["query_string"]
        source = context["source"]
        return {
            **context,
            "run": self.run,
            "notice": failure_notice(self.run),
            "count_more": getattr(source, "more", False),
            "count_limit": getattr(source, "limit", 0),
            "export_url": reverse("credit-classes:export") + (f"?{query}" if query else ""),
        }


# Every stored input, in the engine's order.
EXPORT_INPUTS = INPUT_FIELDS


class ClassExportView(ClassListView):
    """The filtered list as an Excel workbook (the platform's export: same scope and filters;
    more than the platform's limit is refused with the reason)."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self.get_filters()
        back = f"{reverse('credit-classes:list')}?{request.GET.urlencode()}"
        if form.is_bound and not form.is_valid():
            messages.error(request, gettext("筛选条件有误，请先在列表页改正后再导出。"))
            return redirect(back)
        run = run_in_force()
        if run is None:
            messages.error(request, gettext("尚无分类结果，没有可导出的内容。"))
            return redirect(back)
        rows = class_list(user=request.user, run=run, filters=_cleaned(form))
        if rows.count() > EXPORT_LIMIT:
            messages.error(
                request,
                gettext("超过 %(limit)s 条，不能一次导出；请缩小筛选范围后再导出。")
                % {"limit": EXPORT_LIMIT},
            )
            return redirect(back)
        fields = {
            f.name: f for f in Classification._meta.get_fields() if hasattr(f, "verbose_name")
        }
        headers = [
            gettext("分类月份"),
            gettext("统一社会信用代码"),
            gettext("名称"),
            gettext("登记机关"),
            gettext("风险类别"),
            gettext("上月类别"),
            gettext("风险分值"),
            gettext("判定方式"),
            gettext("方案版本"),
            *(str(cast(Any, fields[name]).verbose_name) for name in EXPORT_INPUTS),
        ]
        overrides = dict(Override.choices)
        month = f"{run.month:%Y-%m}"
        return xlsx_response(
            filename=f"credit-classes-{month}-{timezone.localdate():%Y%m%d}.xlsx",
            sheet_title=gettext("%(month)s企业信用风险分类") % {"month": month},
            headers=headers,
            rows=(
                [
                    month,
                    row.enterprise.uscc,
                    row.enterprise.name,
                    localized_name(row.enterprise.registration_authority),
                    row.risk_class,
                    getattr(row, "previous_class", None) or "",
                    row.score,
                    str(overrides.get(row.override, row.override)),
                    run.scheme.version,
                    *(getattr(row, name) for name in EXPORT_INPUTS),
                ]
                for row in _export_rows(rows, run)
            ),
        )


def _export_rows(
    rows: QuerySet[Classification], run: ClassificationRun
) -> Iterable[Classification]:
    """The rows with their details, a chunk at a time (memory stays flat)."""
    ids = list(rows.values_list("id", flat=True))
    for start in range(0, len(ids), 2000):
        chunk = ids[start : start + 2000]
        yield from with_details(Classification.objects.filter(id__in=chunk), run, order=chunk)


class EnterpriseClassesView(ScopeRequiredMixin, View):
    """One enterprise's classes over time, each explained with the scheme of its run, and what
    would move it up a class."""

    scope_kind = CLASSIFICATION

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        enterprise = enterprise_for_classes(user=request.user, pk=pk)
        history = []
        for row in enterprise_history(enterprise):
            values = {name: getattr(row, name) for name in INPUT_FIELDS}
            try:
                lines = explanation_lines(explain(values, scheme_of(row.run.scheme)))
            except SchemeError as error:
                # A version that no longer parses (edited by hand in the database) still shows
                # the stored class; the page says why it cannot be explained.
                lines = [
                    gettext("%(cls)s类；方案版本 v%(version)s 无法解析，不能说明：%(error)s")
                    % {
                        "cls": row.risk_class,
                        "version": row.run.scheme.version,
                        "error": error.message,
                    }
                ]
            history.append({"row": row, "lines": lines})
        return render(
            request,
            "credit/classes/enterprise.html",
            {
                "enterprise": enterprise,
                "history": history,
                "current": history[0] if history else None,
                "notice": failure_notice(run_in_force()),
                "record_url": reverse("backoffice-enterprises:detail", args=[enterprise.pk]),
                "may_read_record": permits(request.user, "enterprises.enterprise"),
                "can_read_runs": permits(request.user, SCHEME),
            },
        )
