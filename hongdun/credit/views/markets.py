"""Staff pages of 文明诚信市场 at /staff/credit/markets/ (namespace "credit-markets"): the markets
register with its stalls (Excel export and import), the yearly checklists, the evaluations with
their decision and the revocation of a title; and the public list of the markets whose title
stands at /credit/markets/ (namespace "credit-markets-public").

Scope (kind "credit.market", ADR 0013): supervisors read and edit the markets of their unit's
subtree, leaders read theirs, administrators read all. Anonymous users go to the login page,
other roles get 403, markets out of reach answer 404. The checklists are city-wide: everyone who
reads markets reads them; those who may edit markets of the whole city edit them (403 for
others). Writes go through services_markets."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any, ClassVar

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from hongdun.accounts.types import signed_in
from hongdun.core.backoffice.export import xlsx_response
from hongdun.core.backoffice.history import history_entries
from hongdun.core.backoffice.pager import paginate, query_string_without_page
from hongdun.core.backoffice.records import Register
from hongdun.core.backoffice.tables import QueueTable, link_cell, status_badge
from hongdun.core.backoffice.views import ListPageView
from hongdun.core.exceptions import ApplicationError
from hongdun.core.scope import (
    Action,
    ScopeRequiredMixin,
    anchor_unit,
    instance_in_reach,
    permits,
    restrict,
    units_in_reach,
)
from hongdun.core.templatetags.hongdun import localized_name
from hongdun.credit.choices import EvaluationStatus, MarketKind
from hongdun.credit.forms_markets import (
    ChecklistItemFormSet,
    ChecklistNewForm,
    DecideForm,
    EvaluationFilterForm,
    EvaluationNewForm,
    MarketFilterForm,
    MarketForm,
    PassScoreForm,
    ReasonForm,
    ReopenForm,
    RevokeForm,
    ScoreForm,
    StallFilterForm,
    StallForm,
    StallImportForm,
    formset_items,
    this_year,
)
from hongdun.credit.models import Market, MarketChecklist, MarketEvaluation, MarketStall
from hongdun.credit.permissions import MARKET
from hongdun.credit.selectors_markets import (
    checklists,
    evaluations_for_staff,
    market_evaluations,
    market_stalls,
    markets_for_staff,
    public_titled_markets,
    public_years,
    stall_warnings,
)
from hongdun.credit.services_markets import (
    MarketData,
    StallData,
    StallImportRefusedError,
    checklist_copy,
    checklist_create,
    checklist_delete,
    checklist_is_frozen,
    checklist_items,
    checklist_update,
    checklists_editable_by,
    evaluation_create,
    evaluation_decide,
    evaluation_outcome,
    evaluation_reopen,
    evaluation_score,
    evaluation_title_revoke,
    market_create,
    market_set_active,
    market_update,
    non_pass_reason,
    stall_column_headers,
    stall_create,
    stall_set_active,
    stall_update,
    stalls_import,
)
from hongdun.orgs.models import Unit
from hongdun.workforce.excel import files as workbook_files

EXPORT_LIMIT = Register.export_limit
PAGE_SIZE = 50


class _MarketsRegister(Register):
    """Only what the history tables ask of a register: nothing of a market is masked."""

    namespace = "credit-markets"
    title = gettext_lazy("文明诚信市场")


HISTORY = _MarketsRegister(())


def _refusal_to_form(form: forms.BaseForm, error: ApplicationError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


def _user_unit(request: HttpRequest) -> Unit | None:
    return anchor_unit(getattr(request.user, "unit", None))


def _market(request: HttpRequest, pk: int, action: Action = Action.VIEW) -> Market:
    rows = restrict(Market.objects.select_related("operator", "unit"), request.user, action)
    return get_object_or_404(rows, pk=pk)


def _stall(request: HttpRequest, pk: int, action: Action = Action.VIEW) -> MarketStall:
    rows = restrict(
        MarketStall.objects.select_related("market", "enterprise"), request.user, action
    )
    return get_object_or_404(rows, pk=pk)


def _evaluation(request: HttpRequest, pk: int, action: Action = Action.VIEW) -> MarketEvaluation:
    rows = restrict(
        MarketEvaluation.objects.select_related(
            "market", "market__operator", "market__unit", "checklist", "evaluated_by"
        ),
        request.user,
        action,
    )
    return get_object_or_404(rows, pk=pk)


def _title_label(evaluation: MarketEvaluation | None) -> str:
    if evaluation is None:
        return _("未评议")
    if evaluation.status == EvaluationStatus.DRAFT:
        return _("评议中")
    if not evaluation.title_awarded:
        return _("未授予称号")
    if evaluation.title_revoked_on is not None:
        return _("称号已撤销（%(day)s）") % {"day": f"{evaluation.title_revoked_on:%Y-%m-%d}"}
    return _("持有称号")


def _title_state(evaluation: MarketEvaluation) -> str:
    if evaluation.status == EvaluationStatus.DRAFT:
        return "draft"
    if not evaluation.title_awarded:
        return "not-awarded"
    return "revoked" if evaluation.title_revoked_on else "held"


# --- the markets list -----------------------------------------------------------------------------


def _market_filters(request: HttpRequest) -> MarketFilterForm:
    return MarketFilterForm(
        request.GET or None,
        units=units_in_reach(request.user, MARKET),
        user_unit=_user_unit(request),
    )


class MarketTable(QueueTable):
    headers: ClassVar[tuple[tuple[str, Any], ...]] = (
        ("name", gettext_lazy("市场名称")),
        ("kind", gettext_lazy("市场类型")),
        ("operator", gettext_lazy("开办者")),
        ("unit", gettext_lazy("属地监管单位")),
        ("stalls", gettext_lazy("在用摊位")),
        ("title", gettext_lazy("本年度称号")),
        ("active", gettext_lazy("状态")),
    )

    class Meta(QueueTable.Meta):
        empty_text = gettext_lazy("没有符合条件的市场。")

    def render_name(self, record: Market) -> str:
        return link_cell(reverse("credit-markets:detail", args=[record.pk]), record.name)

    def render_kind(self, record: Market) -> str:
        return record.get_kind_display()

    def render_operator(self, record: Market) -> str:
        return format_html(
            '{}<br><small class="muted">{}</small>', record.operator.name, record.operator.uscc
        )

    def render_unit(self, record: Market) -> str:
        return localized_name(record.unit)

    def render_stalls(self, record: Market) -> int:
        return int(getattr(record, "stalls_in_use", 0))

    def render_title(self, record: Market) -> str:
        if getattr(record, "title_this_year", False):
            return status_badge("held", _("持有称号"))
        return "—"

    def render_active(self, record: Market) -> str:
        if record.is_active:
            return status_badge("active", _("在营"))
        return status_badge("inactive", _("停业"))


class MarketListView(ScopeRequiredMixin, ListPageView):
    """文明诚信市场 · 市场名录: the markets in reach with filters."""

    scope_kind = MARKET
    template_name = "credit/markets/list.html"
    page_size = PAGE_SIZE

    def get_filters(self) -> MarketFilterForm:
        return _market_filters(self.request)

    def get_rows(self, filters: MarketFilterForm) -> QuerySet[Market]:
        return markets_for_staff(self.request.user, filters.filters())

    def get_table(self, rows: list[Market]) -> MarketTable:
        return MarketTable(rows)

    def get_context_data(self, **context: Any) -> dict[str, Any]:
        query = context["query_string"]
        return {
            **context,
            "can_edit": permits(self.request.user, MARKET, Action.EDIT),
            "export_url": reverse("credit-markets:export") + (f"?{query}" if query else ""),
            "year": this_year(),
        }


def _too_many(request: HttpRequest, back: str, count: int) -> HttpResponse | None:
    if count > EXPORT_LIMIT:
        messages.error(
            request,
            _("超过 %(limit)s 条，不能一次导出；请缩小筛选范围后再导出。")
            % {"limit": EXPORT_LIMIT},
        )
        return redirect(back)
    return None


class MarketExportView(ScopeRequiredMixin, View):
    """The markets list as an Excel workbook (same scope and filters)."""

    scope_kind = MARKET

    def get(self, request: HttpRequest) -> HttpResponse:
        form = _market_filters(request)
        back = f"{reverse('credit-markets:list')}?{request.GET.urlencode()}"
        if form.is_bound and not form.is_valid():
            messages.error(request, _("筛选条件有误，请先在列表页改正后再导出。"))
            return redirect(back)
        rows = markets_for_staff(request.user, form.filters())
        refused = _too_many(request, back, rows.count())
        if refused is not None:
            return refused
        return xlsx_response(
            filename=f"markets-{timezone.localdate():%Y%m%d}.xlsx",
            sheet_title=_("商品交易市场"),
            headers=[
                _("市场名称"),
                _("市场类型"),
                _("开办者"),
                _("开办者统一社会信用代码"),
                _("地址"),
                _("属地监管单位"),
                _("开业日期"),
                _("在用摊位"),
                _("本年度持有称号"),
                _("状态"),
            ],
            rows=(
                [
                    row.name,
                    row.get_kind_display(),
                    row.operator.name,
                    row.operator.uscc,
                    row.address,
                    localized_name(row.unit),
                    row.opened_on,
                    getattr(row, "stalls_in_use", 0),
                    _("是") if getattr(row, "title_this_year", False) else _("否"),
                    _("在营") if row.is_active else _("停业"),
                ]
                for row in rows.iterator(chunk_size=2000)
            ),
        )


# --- a market: create, edit, detail, (de)activate -------------------------------------------


def _market_form(request: HttpRequest, data: Any = None, initial: Any = None) -> MarketForm:
    return MarketForm(
        data,
        initial=initial,
        units=units_in_reach(request.user, MARKET, Action.EDIT),
        user_unit=_user_unit(request),
    )


def _market_data(form: MarketForm) -> MarketData:
    data = form.cleaned_data
    return MarketData(
        name=data["name"],
        kind=data["kind"],
        operator_uscc=data["operator_uscc"],
        address=data["address"],
        unit=data["unit"],
        opened_on=data.get("opened_on"),
    )


class MarketCreateView(ScopeRequiredMixin, View):
    scope_kind = MARKET
    scope_action = Action.EDIT

    def get(self, request: HttpRequest) -> HttpResponse:
        own = _user_unit(request)
        form = _market_form(request, initial={"unit": own.pk if own else None})
        return self._render(request, form)

    def post(self, request: HttpRequest) -> HttpResponse:
        form = _market_form(request, request.POST)
        if form.is_valid():
            try:
                market = market_create(actor=signed_in(request.user), data=_market_data(form))
            except ApplicationError as error:
                _refusal_to_form(form, error)
            else:
                messages.success(request, _("市场已登记。"))
                return redirect("credit-markets:detail", pk=market.pk)
        return self._render(request, form, status=400)

    def _render(self, request: HttpRequest, form: MarketForm, status: int = 200) -> HttpResponse:
        context = {"form": form, "market": None}
        return render(request, "credit/markets/market_form.html", context, status=status)


class MarketEditView(ScopeRequiredMixin, View):
    scope_kind = MARKET
    scope_action = Action.EDIT

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        market = _market(request, pk, Action.EDIT)
        initial = {
            "name": market.name,
            "kind": market.kind,
            "operator_uscc": market.operator.uscc,
            "address": market.address,
            "unit": market.unit_id,
            "opened_on": market.opened_on,
        }
        form = _market_form(request, initial=initial)
        return render(request, "credit/markets/market_form.html", {"form": form, "market": market})

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        market = _market(request, pk, Action.EDIT)
        form = _market_form(request, request.POST)
        if form.is_valid():
            try:
                market_update(actor=signed_in(request.user), market=market, data=_market_data(form))
            except ApplicationError as error:
                _refusal_to_form(form, error)
            else:
                messages.success(request, _("市场信息已保存。"))
                return redirect("credit-markets:detail", pk=market.pk)
        return render(
            request,
            "credit/markets/market_form.html",
            {"form": form, "market": market},
            status=400,
        )


def _market_context(
    request: HttpRequest,
    market: Market,
    *,
    reason_form: ReasonForm | None = None,
    evaluation_form: EvaluationNewForm | None = None,
) -> dict[str, Any]:
    stall_filter = StallFilterForm(request.GET or None)
    stall_q, stall_active = "", ""
    if stall_filter.is_bound and stall_filter.is_valid():
        stall_q = stall_filter.cleaned_data.get("sq") or ""
        stall_active = stall_filter.cleaned_data.get("sactive") or ""
    stalls = paginate(market_stalls(market, q=stall_q, active=stall_active), request, PAGE_SIZE)
    evaluations = list(market_evaluations(market))
    return {
        "market": market,
        "operator": market.operator,
        "can_edit": instance_in_reach(request.user, market, Action.EDIT),
        "stall_filter": stall_filter,
        "page": stalls,
        "query_string": query_string_without_page(request),
        "stall_warnings": stall_warnings(market),
        "evaluations": [(e, _title_label(e), _title_state(e)) for e in evaluations],
        "evaluated_years": {e.year for e in evaluations},
        "evaluation_form": evaluation_form or EvaluationNewForm(initial={"year": this_year()}),
        "reason_form": reason_form or ReasonForm(),
        "history": history_entries(HISTORY, request.user, market),
    }


class MarketDetailView(ScopeRequiredMixin, View):
    """A market: its particulars, stalls, evaluations and history."""

    scope_kind = MARKET

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        market = _market(request, pk)
        return render(request, "credit/markets/detail.html", _market_context(request, market))


class MarketActiveView(ScopeRequiredMixin, View):
    """POST: deactivate (停业, with the reason) or reactivate a market."""

    scope_kind = MARKET
    scope_action = Action.EDIT

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        market = _market(request, pk, Action.EDIT)
        form = ReasonForm(request.POST)
        active = request.POST.get("active") == "1"
        if form.is_valid():
            try:
                market_set_active(
                    actor=signed_in(request.user),
                    market=market,
                    active=active,
                    reason=form.cleaned_data["reason"],
                )
            except ApplicationError as error:
                _refusal_to_form(form, error)
            else:
                messages.success(request, _("已恢复营业。") if active else _("已标记为停业。"))
                return redirect("credit-markets:detail", pk=market.pk)
        market.refresh_from_db()
        context = _market_context(request, market, reason_form=form)
        return render(request, "credit/markets/detail.html", context, status=400)


# --- stalls ---------------------------------------------------------------------------------------


def _stall_data(form: StallForm) -> StallData:
    data = form.cleaned_data
    return StallData(
        number=data["number"],
        holder_name=data.get("holder_name") or "",
        holder_uscc=data.get("holder_uscc") or "",
        goods=data.get("goods") or "",
    )


def _render_stall_form(
    request: HttpRequest,
    form: StallForm,
    market: Market,
    stall: MarketStall | None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "credit/markets/stall_form.html",
        {"form": form, "market": market, "stall": stall},
        status=status,
    )


class StallCreateView(ScopeRequiredMixin, View):
    scope_kind = MARKET
    scope_action = Action.EDIT

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return _render_stall_form(request, StallForm(), _market(request, pk, Action.EDIT), None)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        market = _market(request, pk, Action.EDIT)
        form = StallForm(request.POST)
        if form.is_valid():
            try:
                stall_create(actor=signed_in(request.user), market=market, data=_stall_data(form))
            except ApplicationError as error:
                _refusal_to_form(form, error)
            else:
                messages.success(request, _("摊位已添加。"))
                return redirect("credit-markets:detail", pk=market.pk)
        return _render_stall_form(request, form, market, None, status=400)


class StallEditView(ScopeRequiredMixin, View):
    scope_kind = MARKET
    scope_action = Action.EDIT

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        stall = _stall(request, pk, Action.EDIT)
        form = StallForm(
            initial={
                "number": stall.number,
                "holder_name": stall.holder_name,
                "holder_uscc": stall.enterprise.uscc if stall.enterprise else "",
                "goods": stall.goods,
            }
        )
        return _render_stall_form(request, form, stall.market, stall)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        stall = _stall(request, pk, Action.EDIT)
        form = StallForm(request.POST)
        if form.is_valid():
            try:
                stall_update(actor=signed_in(request.user), stall=stall, data=_stall_data(form))
            except ApplicationError as error:
                _refusal_to_form(form, error)
            else:
                messages.success(request, _("摊位已保存。"))
                return redirect("credit-markets:detail", pk=stall.market_id)
        return _render_stall_form(request, form, stall.market, stall, status=400)


class StallActiveView(ScopeRequiredMixin, View):
    """POST: take a stall out of use, or back into use."""

    scope_kind = MARKET
    scope_action = Action.EDIT

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        stall = _stall(request, pk, Action.EDIT)
        active = request.POST.get("active") == "1"
        try:
            stall_set_active(actor=signed_in(request.user), stall=stall, active=active)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                (_("摊位 %(n)s 已启用。") if active else _("摊位 %(n)s 已停用。"))
                % {"n": stall.number},
            )
        return redirect("credit-markets:detail", pk=stall.market_id)


class StallExportView(ScopeRequiredMixin, View):
    """A market's stalls as an Excel workbook; the same columns the import reads, so the file is
    also the template to fill in."""

    scope_kind = MARKET

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        market = _market(request, pk)
        rows = market_stalls(market)
        back = reverse("credit-markets:detail", args=[market.pk])
        refused = _too_many(request, back, rows.count())
        if refused is not None:
            return refused
        return xlsx_response(
            filename=f"market-{market.pk}-stalls-{timezone.localdate():%Y%m%d}.xlsx",
            sheet_title=_("摊位"),
            headers=stall_column_headers(),
            rows=(
                [
                    stall.number,
                    stall.holder_name,
                    stall.enterprise.uscc if stall.enterprise else "",
                    stall.goods,
                    _("在用") if stall.is_active else _("停用"),
                ]
                for stall in rows.iterator(chunk_size=2000)
            ),
        )


def _read_upload(upload: UploadedFile) -> workbook_files.SheetRows:
    """The data sheet of an uploaded workbook, checked by content (not by name or type) in a
    temporary file that is removed afterwards."""
    workbook_files.check_upload_size(upload.size or 0)
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "stalls.xlsx"
        head = b""
        with path.open("wb") as out:
            for chunk in upload.chunks():
                if len(head) < 512:
                    head += chunk[: 512 - len(head)]
                out.write(chunk)
        workbook_files.check_workbook_bytes(head, path)
        return workbook_files.read_sheet(path, preferred_titles=[_("摊位")], skip_titles=())


class StallImportView(ScopeRequiredMixin, View):
    """Upload a stall workbook: every row is checked, and either all rows are written (one
    transaction) or none, with each wrong row listed."""

    scope_kind = MARKET
    scope_action = Action.EDIT

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        market = _market(request, pk, Action.EDIT)
        return self._render(request, market, StallImportForm())

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        market = _market(request, pk, Action.EDIT)
        form = StallImportForm(request.POST, request.FILES)
        errors: list[Any] = []
        fix = ""
        if form.is_valid():
            try:
                sheet = _read_upload(form.cleaned_data["file"])
                result = stalls_import(
                    actor=signed_in(request.user),
                    market=market,
                    headers=sheet.headers,
                    rows=sheet.rows,
                )
            except StallImportRefusedError as refusal:
                form.add_error("file", refusal.message)
                errors = refusal.errors
            except ApplicationError as error:
                form.add_error("file", error.message)
                fix = str(error.extra.get("fix", ""))
            else:
                messages.success(
                    request,
                    _(
                        "导入完成：新增 %(created)d 个摊位，更新 %(updated)d 个，"
                        "%(unchanged)d 个无变化。"
                    )
                    % {
                        "created": result.created,
                        "updated": result.updated,
                        "unchanged": result.unchanged,
                    },
                )
                return redirect("credit-markets:detail", pk=market.pk)
        return self._render(request, market, form, errors=errors, fix=fix, status=400)

    def _render(
        self,
        request: HttpRequest,
        market: Market,
        form: StallImportForm,
        *,
        errors: list[Any] | None = None,
        fix: str = "",
        status: int = 200,
    ) -> HttpResponse:
        return render(
            request,
            "credit/markets/stall_import.html",
            {
                "market": market,
                "form": form,
                "row_errors": errors or [],
                "fix": fix,
                "headers": stall_column_headers(),
            },
            status=status,
        )


# --- evaluations ----------------------------------------------------------------------------------


class EvaluationCreateView(ScopeRequiredMixin, View):
    """POST from a market's page: open its evaluation of a year."""

    scope_kind = MARKET
    scope_action = Action.EDIT

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        market = _market(request, pk, Action.EDIT)
        form = EvaluationNewForm(request.POST)
        if form.is_valid():
            try:
                evaluation = evaluation_create(
                    actor=signed_in(request.user), market=market, year=form.cleaned_data["year"]
                )
            except ApplicationError as error:
                _refusal_to_form(form, error)
            else:
                messages.success(request, _("已建立评议，请逐项评分。"))
                return redirect("credit-markets:evaluation", pk=evaluation.pk)
        context = _market_context(request, market, evaluation_form=form)
        return render(request, "credit/markets/detail.html", context, status=400)


class EvaluationTable(QueueTable):
    headers: ClassVar[tuple[tuple[str, Any], ...]] = (
        ("year", gettext_lazy("年度")),
        ("market", gettext_lazy("市场")),
        ("unit", gettext_lazy("属地监管单位")),
        ("total", gettext_lazy("总分/达标分")),
        ("status", gettext_lazy("状态")),
        ("title", gettext_lazy("称号")),
        ("evaluated_on", gettext_lazy("评定日期")),
    )

    class Meta(QueueTable.Meta):
        empty_text = gettext_lazy("没有符合条件的评议。")

    def render_year(self, record: MarketEvaluation) -> str:
        return link_cell(reverse("credit-markets:evaluation", args=[record.pk]), record.year)

    def render_market(self, record: MarketEvaluation) -> str:
        url = reverse("credit-markets:detail", args=[record.market_id])
        return link_cell(url, record.market.name, record.market.operator.name)

    def render_unit(self, record: MarketEvaluation) -> str:
        return localized_name(record.market.unit)

    def render_total(self, record: MarketEvaluation) -> str:
        return f"{record.total} / {record.checklist.pass_score}"

    def render_status(self, record: MarketEvaluation) -> str:
        return status_badge(record.status, record.get_status_display())

    def render_title(self, record: MarketEvaluation) -> str:
        return status_badge(_title_state(record), _title_label(record))

    def render_evaluated_on(self, record: MarketEvaluation) -> str:
        return f"{record.evaluated_on:%Y-%m-%d}" if record.evaluated_on else "—"


class EvaluationListView(ScopeRequiredMixin, ListPageView):
    """文明诚信市场评议: every evaluation in reach, by year, status and title."""

    scope_kind = MARKET
    template_name = "credit/markets/evaluations.html"
    page_size = PAGE_SIZE

    def get_filters(self) -> EvaluationFilterForm:
        return EvaluationFilterForm(
            self.request.GET or None,
            units=units_in_reach(self.request.user, MARKET),
            user_unit=_user_unit(self.request),
        )

    def get_rows(self, filters: EvaluationFilterForm) -> QuerySet[MarketEvaluation]:
        return evaluations_for_staff(self.request.user, filters.filters())

    def get_table(self, rows: list[MarketEvaluation]) -> EvaluationTable:
        return EvaluationTable(rows)


def _evaluation_context(
    request: HttpRequest,
    evaluation: MarketEvaluation,
    bound: dict[str, forms.Form] | None = None,
) -> dict[str, Any]:
    items = checklist_items(evaluation.checklist)
    outcome = evaluation_outcome(items, evaluation.checklist.pass_score, evaluation.scores or {})
    can_edit = instance_in_reach(request.user, evaluation, Action.EDIT)
    draft = evaluation.status == EvaluationStatus.DRAFT
    scores = evaluation.scores or {}
    forms_: dict[str, forms.Form] = {
        "score": ScoreForm(
            initial={
                **{f"score_{code}": value for code, value in scores.items()},
                "note": evaluation.note,
            },
            items=items,
        ),
        "decide": DecideForm(
            initial={"evaluated_on": timezone.localdate(), "award": outcome.passed}
        ),
        "reopen": ReopenForm(),
        "revoke": RevokeForm(initial={"revoked_on": timezone.localdate()}),
        **(bound or {}),
    }
    title_stands = evaluation.title_awarded and evaluation.title_revoked_on is None
    return {
        "evaluation": evaluation,
        "market": evaluation.market,
        "items": [(item, scores.get(item.code)) for item in items],
        "outcome": outcome,
        "non_pass_reason": non_pass_reason(outcome),
        "title_label": _title_label(evaluation),
        "title_state": _title_state(evaluation),
        "can_score": can_edit and draft,
        "can_reopen": can_edit and not draft and not evaluation.title_awarded,
        "can_revoke": can_edit and title_stands,
        "forms": forms_,
        "stall_warnings": stall_warnings(evaluation.market) if title_stands or draft else [],
        "history": history_entries(HISTORY, request.user, evaluation),
    }


class EvaluationDetailView(ScopeRequiredMixin, View):
    """An evaluation: the items and scores, the outcome, the decision, the title; a draft's
    scores are saved here (POST)."""

    scope_kind = MARKET

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        evaluation = _evaluation(request, pk)
        context = _evaluation_context(request, evaluation)
        return render(request, "credit/markets/evaluation.html", context)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        if not permits(request.user, MARKET, Action.EDIT):
            raise PermissionDenied
        evaluation = _evaluation(request, pk, Action.EDIT)
        form = ScoreForm(request.POST, items=checklist_items(evaluation.checklist))
        if form.is_valid():
            try:
                evaluation_score(
                    actor=signed_in(request.user),
                    evaluation=evaluation,
                    scores=form.scores(),
                    note=form.cleaned_data["note"],
                )
            except ApplicationError as error:
                _refusal_to_form(form, error)
            else:
                messages.success(request, _("评分已保存。"))
                return redirect("credit-markets:evaluation", pk=evaluation.pk)
        evaluation.refresh_from_db()
        context = _evaluation_context(request, evaluation, {"score": form})
        return render(request, "credit/markets/evaluation.html", context, status=400)


EVALUATION_ACTIONS: dict[str, type[forms.Form]] = {
    "decide": DecideForm,
    "reopen": ReopenForm,
    "revoke": RevokeForm,
}


class EvaluationActionView(ScopeRequiredMixin, View):
    """POST one decision on an evaluation (decide, reopen, revoke the title); a refusal shows
    the page again with the message."""

    scope_kind = MARKET
    scope_action = Action.EDIT

    def post(self, request: HttpRequest, pk: int, action: str) -> HttpResponse:
        if action not in EVALUATION_ACTIONS:
            raise Http404
        evaluation = _evaluation(request, pk, Action.EDIT)
        form = EVALUATION_ACTIONS[action](request.POST)
        if form.is_valid():
            data = form.cleaned_data
            actor = signed_in(request.user)
            try:
                if action == "decide":
                    decided = evaluation_decide(
                        actor=actor,
                        evaluation=evaluation,
                        evaluated_on=data["evaluated_on"],
                        award=data["award"],
                        note=data["note"] or None,
                    )
                    messages.success(
                        request,
                        _("已评定，并授予“文明诚信市场”称号。")
                        if decided.title_awarded
                        else _("已评定，未授予称号。"),
                    )
                elif action == "reopen":
                    evaluation_reopen(actor=actor, evaluation=evaluation, reason=data["reason"])
                    messages.success(request, _("已撤回评定，评议回到评议中，可修改评分。"))
                else:
                    evaluation_title_revoke(
                        actor=actor,
                        evaluation=evaluation,
                        revoked_on=data["revoked_on"],
                        reason=data["reason"],
                    )
                    messages.success(request, _("称号已撤销，该市场已从公示名单中移除。"))
                return redirect("credit-markets:evaluation", pk=evaluation.pk)
            except ApplicationError as error:
                _refusal_to_form(form, error)
        evaluation.refresh_from_db()
        context = _evaluation_context(request, evaluation, {action: form})
        return render(request, "credit/markets/evaluation.html", context, status=400)


# --- checklists -----------------------------------------------------------------------------------


class ChecklistListView(ScopeRequiredMixin, View):
    """评议标准: the checklists by year, frozen or not."""

    scope_kind = MARKET

    def get(self, request: HttpRequest) -> HttpResponse:
        rows = list(checklists())
        return render(
            request,
            "credit/markets/checklists.html",
            {
                "rows": rows,
                "can_edit": checklists_editable_by(request.user),
                "new_form": ChecklistNewForm(
                    initial={"year": this_year(), "copy_from": rows[0].pk if rows else None},
                    sources=rows,
                ),
            },
        )


class _ChecklistEditorMixin(ScopeRequiredMixin):
    scope_kind = MARKET
    scope_action = Action.EDIT

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated and not checklists_editable_by(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ChecklistCreateView(_ChecklistEditorMixin, View):
    """POST: a new year's checklist, blank or copied from an earlier year's."""

    def post(self, request: HttpRequest) -> HttpResponse:
        rows = list(checklists())
        form = ChecklistNewForm(request.POST, sources=rows)
        if form.is_valid():
            source = next((c for c in rows if c.pk == form.cleaned_data["copy_from"]), None)
            actor = signed_in(request.user)
            try:
                if source is not None:
                    checklist = checklist_copy(
                        actor=actor, year=form.cleaned_data["year"], source=source
                    )
                    messages.success(request, _("已复制评议标准，请核对各项后保存。"))
                    return redirect("credit-markets:checklist-edit", pk=checklist.pk)
                return redirect(
                    reverse("credit-markets:checklist-new-blank")
                    + f"?year={form.cleaned_data['year']}"
                )
            except ApplicationError as error:
                _refusal_to_form(form, error)
        return render(
            request,
            "credit/markets/checklists.html",
            {"rows": rows, "can_edit": True, "new_form": form},
            status=400,
        )


def _formset_initial(checklist: MarketChecklist | None) -> list[dict[str, Any]]:
    if checklist is None:
        return []
    return [
        {"code": i.code, "text": i.text, "points": i.points, "required": i.required}
        for i in checklist_items(checklist)
    ]


def _render_checklist_form(
    request: HttpRequest,
    *,
    checklist: MarketChecklist | None,
    year: int,
    formset: Any,
    score_form: PassScoreForm,
    refusal: str = "",
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "credit/markets/checklist_form.html",
        {
            "checklist": checklist,
            "year": year,
            "formset": formset,
            "score_form": score_form,
            "refusal": refusal,
        },
        status=status,
    )


def _save_checklist(
    request: HttpRequest, checklist: MarketChecklist | None, year: int
) -> HttpResponse:
    formset = ChecklistItemFormSet(request.POST, prefix="items")
    score_form = PassScoreForm(request.POST)
    refusal = ""
    if formset.is_valid() and score_form.is_valid():
        items = formset_items(formset)
        actor = signed_in(request.user)
        try:
            if checklist is None:
                checklist = checklist_create(
                    actor=actor,
                    year=year,
                    items=items,
                    pass_score=score_form.cleaned_data["pass_score"],
                )
            else:
                checklist_update(
                    actor=actor,
                    checklist=checklist,
                    items=items,
                    pass_score=score_form.cleaned_data["pass_score"],
                )
        except ApplicationError as error:
            if error.field == "pass_score":
                score_form.add_error("pass_score", error.message)
            else:
                refusal = error.message
        else:
            messages.success(request, _("评议标准已保存。"))
            return redirect("credit-markets:checklist", pk=checklist.pk)
    return _render_checklist_form(
        request,
        checklist=checklist,
        year=year,
        formset=formset,
        score_form=score_form,
        refusal=refusal,
        status=400,
    )


class ChecklistBlankView(_ChecklistEditorMixin, View):
    """A new year's checklist from a blank form (GET ?year=, POST the items)."""

    def _year(self, request: HttpRequest) -> int:
        text = (request.GET.get("year") or "").strip()
        return int(text) if text.isdigit() and len(text) == 4 else this_year()

    def get(self, request: HttpRequest) -> HttpResponse:
        return _render_checklist_form(
            request,
            checklist=None,
            year=self._year(request),
            formset=ChecklistItemFormSet(prefix="items"),
            score_form=PassScoreForm(),
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        return _save_checklist(request, None, self._year(request))


class ChecklistEditView(_ChecklistEditorMixin, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        checklist = get_object_or_404(MarketChecklist, pk=pk)
        if checklist_is_frozen(checklist):
            messages.error(
                request,
                _("该年度评议标准已用于已评定的评议，不能再修改；请为新的年度建立评议标准。"),
            )
            return redirect("credit-markets:checklist", pk=checklist.pk)
        return _render_checklist_form(
            request,
            checklist=checklist,
            year=checklist.year,
            formset=ChecklistItemFormSet(prefix="items", initial=_formset_initial(checklist)),
            score_form=PassScoreForm(initial={"pass_score": checklist.pass_score}),
        )

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        checklist = get_object_or_404(MarketChecklist, pk=pk)
        return _save_checklist(request, checklist, checklist.year)


class ChecklistDeleteView(_ChecklistEditorMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        checklist = get_object_or_404(MarketChecklist, pk=pk)
        try:
            checklist_delete(actor=signed_in(request.user), checklist=checklist)
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect("credit-markets:checklist", pk=checklist.pk)
        messages.success(request, _("评议标准已删除。"))
        return redirect("credit-markets:checklists")


class ChecklistDetailView(ScopeRequiredMixin, View):
    scope_kind = MARKET

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        checklist = get_object_or_404(MarketChecklist, pk=pk)
        items = checklist_items(checklist)
        return render(
            request,
            "credit/markets/checklist.html",
            {
                "checklist": checklist,
                "items": items,
                "total_points": sum(item.points for item in items),
                "frozen": checklist_is_frozen(checklist),
                "can_edit": checklists_editable_by(request.user),
                "history": history_entries(HISTORY, request.user, checklist),
            },
        )


# --- the public list ------------------------------------------------------------------------------


def _int(value: str | None) -> int | None:
    text = (value or "").strip()
    return int(text) if text.isdigit() and len(text) <= 9 else None


class PublicMarketListView(View):
    """文明诚信市场公示: the markets whose title stands, by year, kind and district; the
    operator's name and USCC; never a stall or who holds it."""

    def get(self, request: HttpRequest) -> HttpResponse:
        years = public_years()
        year = _int(request.GET.get("year"))
        if "year" not in request.GET and years:
            year = years[0]  # the latest year by default; "全部" is an explicit empty choice
        kind = request.GET.get("kind", "")
        kind = kind if kind in MarketKind.values else ""
        units = list(
            Unit.objects.filter(is_registration_authority=True).order_by("ordering_key", "code")
        )
        unit_id = _int(request.GET.get("unit"))
        unit = next((u for u in units if u.pk == unit_id), None)
        q = (request.GET.get("q") or "").strip()[:100]
        rows = public_titled_markets(year=year, kind=kind, unit=unit, q=q)
        return render(
            request,
            "credit/markets/public_list.html",
            {
                "page": paginate(rows, request, 30),
                "query_string": query_string_without_page(request),
                "years": years,
                "kinds": MarketKind.choices,
                "units": units,
                "params": {"year": year, "kind": kind, "unit": unit_id, "q": q},
            },
        )
