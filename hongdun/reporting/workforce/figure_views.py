"""Back-office overview of the workforce figures: an index, one page per pillar, exports, the yearly
report and its frozen snapshots. Every page computes from records through `figures.py`, scoped to
what the user may see (`figure_access`)."""

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import AccessMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, QueryDict
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views import View

from hongdun.accounts.types import AnyUser, signed_in
from hongdun.core.exceptions import ApplicationError
from hongdun.reporting.workforce import figure_export, figure_report
from hongdun.reporting.workforce.figure_forms import (
    FigureFilterForm,
    ReportYearForm,
    figure_filter_form,
    figure_scope_from,
)
from hongdun.reporting.workforce.figure_types import FigureScope, IntegrityAccess, Pillar
from hongdun.reporting.workforce.figures import (
    PILLAR_NUMBERS,
    chart_options,
    figure_access,
    figure_scope,
    figure_units,
    pillar_compute,
    pillars_compute,
    visible_pillar_numbers,
)
from hongdun.reporting.workforce.snapshots import (
    snapshot_create,
    snapshot_get,
    snapshot_list_for_user,
    snapshot_period_start,
    snapshot_pillars,
)

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class FigureReaderMixin(AccessMixin):
    """Anonymous users go to the login page; users `figure_access` does not let read get 403."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not figure_access(user=request.user).may_read:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


def _filters(request: HttpRequest) -> tuple[FigureFilterForm, FigureScope]:
    form = figure_filter_form(user=request.user, params=request.GET)
    if form.is_valid():
        data = form.cleaned_data
    else:  # show the errors, compute with the defaults
        fallback = figure_filter_form(user=request.user, params={})
        fallback.is_valid()
        data = fallback.cleaned_data
        form.latest_year_shown = fallback.latest_year_shown
    return form, figure_scope_from(user=request.user, data=data)


def _query(request: HttpRequest) -> str:
    return _query_without(request, "fragment")


def _query_without(request: HttpRequest, *names: str) -> str:
    params = request.GET.copy()
    for name in names:
        params.pop(name, None)
    return params.urlencode()


def _nav(user: AnyUser) -> list[tuple[int, str]]:
    titles = {
        1: _("领导班子"),
        2: _("学习培训"),
        3: _("精神文明"),
        4: _("党风廉政"),
        5: _("工商文化"),
    }
    integrity = figure_access(user=user).integrity
    return [(n, titles[n]) for n in PILLAR_NUMBERS if n != 4 or integrity != IntegrityAccess.NONE]


def _page(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    context.setdefault("query", _query(request))
    context["nav_pillars"] = _nav(request.user)
    return render(request, template, context)


class FigureIndexView(FigureReaderMixin, View):
    """The five pillars on one page; each pillar's figures load as their own request (htmx), so
    the page answers at once and a slow pillar does not hold up the others."""

    def get(self, request: HttpRequest) -> HttpResponse:
        form, scope = _filters(request)
        return _page(
            request,
            "workforce/figures/index.html",
            {"form": form, "scope": scope, "numbers": visible_pillar_numbers(scope)},
        )


class FigurePillarView(FigureReaderMixin, View):
    def get(self, request: HttpRequest, number: int) -> HttpResponse:
        form, scope = _filters(request)
        if number not in visible_pillar_numbers(scope):
            raise Http404
        pillar = pillar_compute(scope=scope, number=number)
        if request.GET.get("fragment") == "1":
            return render(
                request,
                "workforce/figures/pillar_fragment.html",
                {"pillar": pillar, "query": _query_without(request, "fragment")},
            )
        return _page(
            request,
            "workforce/figures/pillar.html",
            {"form": form, "scope": scope, "pillar": pillar, "charts": chart_options(pillar)},
        )


class FigureExportView(FigureReaderMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        _form, scope = _filters(request)
        pillars = pillars_compute(scope=scope)
        content = figure_export.figures_xlsx(scope=scope, pillars=pillars)
        response = HttpResponse(content, content_type=XLSX_TYPE)
        filename = f"{_('队伍建设统计')}-{scope.root_name}-{scope.as_of.isoformat()}.xlsx"
        response["Content-Disposition"] = content_disposition_header(True, filename)
        return response


def _report_inputs(
    user: AnyUser, data: QueryDict | None
) -> tuple[ReportYearForm, FigureScope | None]:
    form = ReportYearForm(
        data or None, units=figure_units(user=user), user_unit=getattr(user, "unit", None)
    )
    if not form.is_bound or not form.is_valid():
        return form, None
    year: int = form.cleaned_data["year"]
    since: int = form.cleaned_data.get("since") or year
    scope = figure_scope(
        user=user,
        unit_id=form.cleaned_data.get("unit"),
        as_of=date(year, 12, 31),
        period_start=date(since, 1, 1),
        period_end=date(year, 12, 31),
    )
    return form, scope


class YearlyReportView(FigureReaderMixin, View):
    """The yearly report: HTML preview, PDF or Word download, from a snapshot when one is frozen."""

    def get(self, request: HttpRequest) -> HttpResponse:
        form, scope = _report_inputs(request.user, request.GET)
        if scope is None:
            return _page(request, "workforce/figures/report_form.html", {"form": form})
        snapshot = snapshot_get(scope=scope)
        pillars: list[Pillar] = (
            snapshot_pillars(snapshot, scope=scope) if snapshot else pillars_compute(scope=scope)
        )
        report = figure_report.report_build(scope=scope, pillars=pillars, snapshot=snapshot)
        fmt = request.GET.get("format", "html")
        if fmt in ("pdf", "docx"):
            if fmt == "pdf":
                response = HttpResponse(
                    figure_report.report_pdf(report), content_type="application/pdf"
                )
            else:
                response = HttpResponse(figure_report.report_docx(report), content_type=DOCX_TYPE)
            response["Content-Disposition"] = content_disposition_header(
                True, figure_report.report_filename(report, fmt)
            )
            return response
        return _page(
            request,
            "workforce/figures/report.html",
            {
                "form": form,
                "report": report,
                "lines": figure_report.report_context_lines(report),
                "query": _query_without(request, "format", "fragment"),
                "may_freeze": figure_access(user=request.user).may_freeze,
            },
        )


class SnapshotListView(FigureReaderMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        rows = [
            {
                "snapshot": snapshot,
                "period_start": snapshot_period_start(snapshot),
                "unit_name": snapshot.unit.name,
            }
            for snapshot in snapshot_list_for_user(user=signed_in(request.user))[:200]
        ]
        return _page(
            request,
            "workforce/figures/snapshots.html",
            {"rows": rows, "may_freeze": figure_access(user=request.user).may_freeze},
        )


class SnapshotCreateView(FigureReaderMixin, View):
    def post(self, request: HttpRequest) -> HttpResponse:
        if not figure_access(user=request.user).may_freeze:
            raise PermissionDenied
        _form, scope = _report_inputs(request.user, request.POST)
        if scope is None:
            messages.error(request, _("请填写正确的年度后再冻结统计数据。"))
            return redirect("workforce-figures:snapshots")
        try:
            snapshot = snapshot_create(user=signed_in(request.user), scope=scope)
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect("workforce-figures:snapshots")
        messages.success(
            request,
            _("已冻结 %(date)s 的统计数据，年度报告将据此重现。")
            % {"date": snapshot.as_of.isoformat()},
        )
        return redirect("workforce-figures:snapshots")
