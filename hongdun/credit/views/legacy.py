"""Staff pages of the legacy 2008 classes (/staff/credit/legacy/, namespace "credit-legacy").

Who: the roles that read the risk classes ("credit.classification": supervisors and leaders of the
enterprise's authority subtree, the city's administrators; rows not matched to the register are
the administrators' only) read the list, a row and the export; the city's administrators, who
keep the schemes ("credit.scheme", edit), import and delete. Anonymous users go to the login page,
other roles get 403, rows out of reach answer 404. Nothing here is public.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views import View

from hongdun.core.backoffice.export import XLSX_CONTENT_TYPE, xlsx_response
from hongdun.core.backoffice.pager import paginate, query_string_without_page
from hongdun.core.exceptions import ApplicationError
from hongdun.core.models import AuditLog
from hongdun.core.scope import Action, ScopeRequiredMixin, permits, restrict
from hongdun.credit.forms_legacy import LegacyFilterForm, LegacyImportForm
from hongdun.credit.models import LegacyClassification
from hongdun.credit.permissions import CLASSIFICATION, SCHEME
from hongdun.credit.services_legacy import (
    COLUMNS,
    LegacyImportError,
    legacy_delete,
    legacy_import,
    legacy_template,
)
from hongdun.supervision.views.exports import export_rows

PAGE_SIZE = 50
EXPORT_LIMIT = 100_000


def _rows(request: HttpRequest) -> QuerySet[LegacyClassification]:
    return restrict(
        LegacyClassification.objects.select_related("enterprise"), request.user, Action.VIEW
    )


def can_import(user: Any) -> bool:
    return permits(user, SCHEME, Action.EDIT)


def _filtered(request: HttpRequest, form: LegacyFilterForm) -> QuerySet[LegacyClassification]:
    rows = _rows(request)
    if form.is_valid():
        data = form.cleaned_data
        if data.get("year"):
            rows = rows.filter(year=data["year"])
        if data.get("legacy_class"):
            rows = rows.filter(legacy_class=data["legacy_class"])
        if data.get("matched") == "yes":
            rows = rows.filter(enterprise__isnull=False)
        elif data.get("matched") == "no":
            rows = rows.filter(enterprise__isnull=True)
        if data.get("q"):
            text = data["q"]
            rows = rows.filter(
                Q(enterprise_name__contains=text) | Q(uscc__istartswith=text.upper())
            )
    return rows.order_by("-year", "uscc")


class LegacyListView(ScopeRequiredMixin, View):
    """历史信用分类（2008年方案）: the imported rows in reach, filtered."""

    scope_kind = CLASSIFICATION

    def get(self, request: HttpRequest) -> HttpResponse:
        form = LegacyFilterForm(request.GET or None)
        page = paginate(_filtered(request, form), request, PAGE_SIZE)
        return render(
            request,
            "credit/legacy/list.html",
            {
                "form": form,
                "page": page,
                "query_string": query_string_without_page(request),
                "export_query": request.GET.urlencode(),
                "can_import": can_import(request.user),
            },
        )


class LegacyExportView(ScopeRequiredMixin, View):
    """The filtered list as an Excel workbook, in the import's columns (so it can be corrected
    and imported again)."""

    scope_kind = CLASSIFICATION

    def get(self, request: HttpRequest) -> HttpResponse:
        form = LegacyFilterForm(request.GET or None)
        rows = export_rows(
            request,
            form,
            lambda: _filtered(request, form),
            back="credit-legacy:list",
            limit=EXPORT_LIMIT,
        )
        if isinstance(rows, HttpResponse):
            return rows
        return xlsx_response(
            filename="历史信用分类.xlsx",
            sheet_title="历史信用分类",
            headers=[*COLUMNS, _("登记库匹配")],
            rows=(
                (
                    entry.uscc,
                    entry.enterprise_name,
                    entry.year,
                    entry.get_legacy_class_display(),
                    entry.classified_on,
                    entry.authority_name,
                    entry.basis,
                    _("已匹配") if entry.enterprise_id else _("未匹配"),
                )
                for entry in rows.iterator(chunk_size=2000)
            ),
        )


class LegacyDetailView(ScopeRequiredMixin, View):
    """One row: the class as imported, the register's enterprise it matched, its history."""

    scope_kind = CLASSIFICATION

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        entry = get_object_or_404(_rows(request), pk=pk)
        history = AuditLog.objects.filter(
            object_type=entry._meta.label_lower, object_id=str(entry.pk)
        ).select_related("actor")
        return render(
            request,
            "credit/legacy/detail.html",
            {"entry": entry, "history": history, "can_delete": can_import(request.user)},
        )


class LegacyDeleteView(ScopeRequiredMixin, View):
    """删除 one wrong row (administrators): a confirmation page, then POST."""

    scope_kind = SCHEME
    scope_action = Action.EDIT

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        entry = get_object_or_404(_rows(request), pk=pk)
        return render(request, "credit/legacy/delete.html", {"entry": entry})

    def post(self, request: HttpRequest, pk: int) -> HttpResponseRedirect:
        entry = get_object_or_404(_rows(request), pk=pk)
        try:
            legacy_delete(actor=request.user, entry=entry)  # type: ignore[arg-type]
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("已删除 %(name)s %(year)s 年度的历史分类。")
                % {"name": entry.enterprise_name, "year": entry.year},
            )
        return redirect("credit-legacy:list")


class LegacyImportView(ScopeRequiredMixin, View):
    """导入 (administrators): upload the workbook; every row error listed, nothing written until
    the whole file holds."""

    scope_kind = SCHEME
    scope_action = Action.EDIT

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._render(request, LegacyImportForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        form = LegacyImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self._render(request, form, status=400)
        try:
            outcome = legacy_import(
                actor=request.user,  # type: ignore[arg-type]
                chunks=form.cleaned_data["file"].chunks(),
            )
        except LegacyImportError as refused:
            form.add_error("file", refused.message)
            return self._render(request, form, errors=refused.errors, status=400)
        except ApplicationError as refused:
            fix = refused.extra.get("fix")
            form.add_error("file", f"{refused.message} {fix}" if fix else refused.message)
            return self._render(request, form, status=400)
        messages.success(
            request,
            _(
                "已导入 %(rows)s 行：新增 %(created)s，更新 %(updated)s，未变 %(unchanged)s；"
                "%(matched)s 行与登记库中的企业匹配。"
            )
            % {
                "rows": outcome.rows,
                "created": outcome.created,
                "updated": outcome.updated,
                "unchanged": outcome.unchanged,
                "matched": outcome.matched,
            },
        )
        if outcome.unmatched_codes:
            messages.warning(
                request,
                _("%(n)s 个代码在登记库中没有对应企业（注册号或已不在库中），已按原样保存。")
                % {"n": len(outcome.unmatched_codes)},
            )
        return redirect("credit-legacy:list")

    def _render(
        self,
        request: HttpRequest,
        form: LegacyImportForm,
        *,
        errors: list[Any] | None = None,
        status: int = 200,
    ) -> HttpResponse:
        return render(
            request,
            "credit/legacy/import.html",
            {"form": form, "row_errors": errors or [], "columns": COLUMNS},
            status=status,
        )


class LegacyTemplateView(ScopeRequiredMixin, View):
    """The empty import workbook."""

    scope_kind = SCHEME
    scope_action = Action.EDIT

    def get(self, request: HttpRequest) -> HttpResponse:
        response = HttpResponse(legacy_template(), content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = content_disposition_header(
            True, "历史信用分类导入模板.xlsx"
        )
        return response
