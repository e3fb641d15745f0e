"""Staff pages of annual-report filing progress (年报进度): the counts by authority and type with a
chart, the list of enterprises that have not filed, and its Excel export. Scope: the record kind
"disclosure.annualreport" (supervisors, registrars and leaders their unit's subtree,
administrators all); anonymous users go to the login page, other roles get 403."""

from typing import Any, ClassVar

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View

from hongdun.core.backoffice.export import xlsx_response
from hongdun.core.backoffice.records import Register
from hongdun.core.backoffice.tables import BackOfficeTable
from hongdun.core.backoffice.views import ListPageView
from hongdun.core.scope import ScopeRequiredMixin
from hongdun.core.templatetags.hongdun import localized_name
from hongdun.disclosure.engine.window import FilingState
from hongdun.disclosure.forms_progress import NotFiledFilterForm, ProgressFilterForm
from hongdun.disclosure.models import FilingEnterprise
from hongdun.disclosure.permissions import ANNUAL_REPORT
from hongdun.disclosure.progress import (
    FilingProgress,
    ProgressRow,
    filing_progress,
    not_filed,
    progress_authorities,
    report_years,
)
from hongdun.enterprises.views.backoffice import StaffEnterpriseTable

EXPORT_LIMIT = Register.export_limit  # the platform's limit on one workbook


def _filter_form(request: HttpRequest, form_class: type[ProgressFilterForm]) -> Any:
    return form_class(
        request.GET or None,
        years=report_years(),
        authorities=progress_authorities(user=request.user),
        user_unit=getattr(request.user, "unit", None),
    )


def _cleaned(form: ProgressFilterForm) -> dict[str, Any]:
    cleaned = dict(form.cleaned_data) if form.is_valid() else {}
    cleaned["year"] = cleaned.get("year") or report_years()[0]
    return cleaned


def _bar_chart(rows: list[ProgressRow]) -> dict[str, Any]:
    """A stacked bar per group: filed on time, filed late, not filed (ECharts options)."""
    series = (
        (gettext("按时报送"), "on_time", "#2e7d32"),
        (gettext("逾期报送"), "late", "#f9a825"),
        (gettext("未报送"), "not_filed", "#c62828"),
    )
    return {
        "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
        "legend": {"top": 0},
        "grid": {"left": 56, "right": 16, "bottom": 72, "top": 40},
        "xAxis": {
            "type": "category",
            "data": [row.label for row in rows],
            "axisLabel": {"rotate": 30},
        },
        "yAxis": {"type": "value", "name": gettext("户数")},
        "series": [
            {
                "type": "bar",
                "stack": "filing",
                "name": name,
                "itemStyle": {"color": colour},
                "data": [getattr(row, attr) for row in rows],
            }
            for name, attr, colour in series
        ],
    }


STATE_LABELS = {
    FilingState.NOT_OPEN: _("报送期未开始"),
    FilingState.OPEN: _("报送期内"),
    FilingState.CLOSED: _("报送期已结束"),
}


class FilingProgressView(ScopeRequiredMixin, View):
    """年报进度: for one report year, due / on time / late / not filed and the filing rate."""

    scope_kind = ANNUAL_REPORT

    def get(self, request: HttpRequest) -> HttpResponse:
        form = _filter_form(request, ProgressFilterForm)
        cleaned = _cleaned(form)
        progress = filing_progress(
            user=request.user, year=cleaned["year"], authority=cleaned.get("authority")
        )
        return render(
            request,
            "disclosure/backoffice/progress.html",
            {
                "form": form,
                "progress": progress,
                "state_label": STATE_LABELS[progress.state],
                "charts": {
                    "chart-authority": _bar_chart(progress.by_authority),
                    "chart-type": _bar_chart(progress.by_type),
                },
                "not_filed_url": _not_filed_url(progress, cleaned),
                "authority_rows": [
                    (row, _not_filed_url(progress, {**cleaned, "authority": row.key}))
                    for row in progress.by_authority
                ],
                "type_rows": [
                    (row, _not_filed_url(progress, {**cleaned, "enterprise_type": row.key}))
                    for row in progress.by_type
                ],
            },
        )


def _not_filed_url(progress: FilingProgress, filters: dict[str, Any]) -> str:
    params = {"year": progress.year}
    for name in ("authority", "enterprise_type"):
        if filters.get(name):
            params[name] = filters[name]
    return f"{reverse('disclosure-progress:not-filed')}?{urlencode(params)}"


def _draft_label(record: FilingEnterprise) -> str:
    # `has_draft` is the not-filed selector's annotation.
    return gettext("已保存草稿") if getattr(record, "has_draft", False) else gettext("未开始")


class NotFiledTable(StaffEnterpriseTable):
    """The register's staff table (its cells) with the filing columns."""

    headers: ClassVar[tuple[tuple[str, Any], ...]] = (
        *StaffEnterpriseTable.headers[:5],
        ("has_draft", _("草稿")),
        ("reminded_at", _("提醒发送时间")),
    )
    empty_testid = "no-not-filed"

    class Meta(BackOfficeTable.Meta):
        attrs = {"class": "striped", "data-testid": "not-filed"}
        empty_text = _("没有未报送年度报告的市场主体。")

    def render_has_draft(self, record: Any) -> str:
        return _draft_label(record)

    def render_reminded_at(self, record: Any) -> str:
        if record.reminded_at is None:
            return "—"
        return f"{timezone.localtime(record.reminded_at):%Y-%m-%d %H:%M}"


def _not_filed_rows(request: HttpRequest, form: NotFiledFilterForm) -> QuerySet[FilingEnterprise]:
    cleaned = _cleaned(form)
    return not_filed(
        user=request.user,
        year=cleaned["year"],
        authority=cleaned.get("authority"),
        enterprise_type=cleaned.get("enterprise_type") or "",
        established_from=cleaned.get("established_from"),
        established_to=cleaned.get("established_to"),
    )


class NotFiledListView(ScopeRequiredMixin, ListPageView):
    """未报送企业: the enterprises in reach that owe the chosen year's report and have not filed."""

    scope_kind = ANNUAL_REPORT
    template_name = "disclosure/backoffice/not_filed.html"

    def get_filters(self) -> NotFiledFilterForm:
        form: NotFiledFilterForm = _filter_form(self.request, NotFiledFilterForm)
        return form

    def get_rows(self, filters: NotFiledFilterForm) -> QuerySet[FilingEnterprise]:
        return _not_filed_rows(self.request, filters)

    def get_table(self, rows: list[Any]) -> NotFiledTable:
        return NotFiledTable(rows)

    def get_context_data(self, **context: Any) -> dict[str, Any]:
        query = context["query_string"]
        year = _cleaned(context["form"])["year"]
        return {
            **context,
            "year": year,
            "progress_url": reverse("disclosure-progress:progress") + f"?year={year}",
            "export_url": reverse("disclosure-progress:not-filed-export")
            + (f"?{query}" if query else ""),
        }


class NotFiledExportView(NotFiledListView):
    """The same rows as an Excel workbook (the platform's export: same scope and filters)."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self.get_filters()
        back = f"{reverse('disclosure-progress:not-filed')}?{request.GET.urlencode()}"
        if form.is_bound and not form.is_valid():
            messages.error(request, gettext("筛选条件有误，请先在列表页改正后再导出。"))
            return redirect(back)
        rows = self.get_rows(form)
        if rows.count() > EXPORT_LIMIT:
            messages.error(
                request,
                gettext("超过 %(limit)s 条，不能一次导出；请缩小筛选范围后再导出。")
                % {"limit": EXPORT_LIMIT},
            )
            return redirect(back)
        year = _cleaned(form)["year"]
        headers = [
            gettext("统一社会信用代码"),
            gettext("名称"),
            gettext("类型"),
            gettext("登记机关"),
            gettext("成立日期"),
            gettext("报告年度"),
            gettext("草稿"),
            gettext("提醒发送时间"),
        ]
        return xlsx_response(
            filename=f"not-filed-{year}-{timezone.localdate():%Y%m%d}.xlsx",
            sheet_title=gettext("%(year)s年度未报送企业") % {"year": year},
            headers=headers,
            rows=(
                [
                    record.uscc,
                    record.name,
                    record.get_enterprise_type_display(),
                    localized_name(record.registration_authority),
                    record.established_on,
                    year,
                    _draft_label(record),
                    getattr(record, "reminded_at", None),
                ]
                for record in rows.iterator(chunk_size=2000)
            ),
        )
