"""The supervisor's page to record an annual report handed in on paper (纸质报送; after the window
it is the 补报 of a late report, marked late). /staff/disclosure/annual-reports/paper/."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from hongdun.accounts.types import signed_in
from hongdun.core.exceptions import ApplicationError
from hongdun.core.scope import Action, ScopeRequiredMixin, instance_in_reach
from hongdun.disclosure.forms import content_from_post, form_context
from hongdun.disclosure.models import AnnualReport
from hongdun.disclosure.permissions import ANNUAL_REPORT
from hongdun.disclosure.services import (
    ReportContent,
    annual_report_paper_record,
    prefill,
    report_form,
)
from hongdun.enterprises.models import Enterprise


def enterprise_for_clerk(user: Any, uscc: str) -> Enterprise:
    """An enterprise whose reports the user may record; any other is "not found"."""
    enterprise = Enterprise.objects.filter(uscc=str(uscc).strip().upper()[:18]).first()
    if enterprise is None or not instance_in_reach(
        user, AnnualReport(enterprise=enterprise, year=0), Action.EDIT
    ):
        raise Http404(_("没有找到该市场主体，或不在您的管辖范围内。"))
    return enterprise


def _int_year(value: Any) -> int | None:
    try:
        year = int(value)
    except (TypeError, ValueError):
        return None
    return year if 1949 <= year <= 9999 else None


class PaperFilingView(ScopeRequiredMixin, View):
    scope_kind = ANNUAL_REPORT
    scope_action = Action.EDIT
    template = "disclosure/backoffice/paper_filing.html"

    def _render(
        self,
        request: HttpRequest,
        *,
        enterprise: Enterprise | None,
        year: int | None,
        content: ReportContent | None = None,
        problems: list[dict[str, Any]] | None = None,
        received_on: str = "",
        status: int = 200,
    ) -> HttpResponse:
        context: dict[str, Any] = {
            "enterprise": enterprise,
            "year": year,
            "uscc": request.GET.get("uscc", "") or (enterprise.uscc if enterprise else ""),
            "received_on": received_on or timezone.localdate().isoformat(),
            "problems": problems or [],
            "last_year": timezone.localdate().year - 1,
        }
        filed = (
            enterprise is not None
            and year is not None
            and AnnualReport.objects.filter(
                enterprise=enterprise, year=year, first_submitted_at__isnull=False
            ).exists()
        )
        context["filed"] = filed
        if enterprise is not None and year is not None and not filed:
            content = content or prefill(enterprise=enterprise, year=year)
            context.update(
                individual=report_form(enterprise) == "individual_business",
                company=enterprise.enterprise_type in {"llc", "jsc"},
                **form_context(enterprise, content, problems=problems or []),
            )
        return render(request, self.template, context, status=status)

    def get(self, request: HttpRequest) -> HttpResponse:
        uscc = request.GET.get("uscc", "").strip()
        if not uscc:
            return self._render(request, enterprise=None, year=None)
        enterprise = enterprise_for_clerk(request.user, uscc)
        year = _int_year(request.GET.get("year"))
        if year is None:
            messages.error(request, _("请填写报告年度（四位数字）。"))
        return self._render(request, enterprise=enterprise, year=year)

    def post(self, request: HttpRequest) -> HttpResponse:
        enterprise = enterprise_for_clerk(request.user, request.POST.get("uscc", ""))
        year = _int_year(request.POST.get("year"))
        if year is None:
            messages.error(request, _("请填写报告年度（四位数字）。"))
            return self._render(request, enterprise=enterprise, year=None, status=400)
        content = content_from_post(request.POST)
        received = request.POST.get("received_on", "")
        try:
            received_on = date.fromisoformat(received) if received else None
        except ValueError:
            messages.error(request, _("收到日期格式不正确，请按“年-月-日”填写。"))
            return self._render(
                request, enterprise=enterprise, year=year, content=content, status=400
            )
        try:
            version = annual_report_paper_record(
                clerk=signed_in(request.user),
                enterprise=enterprise,
                year=year,
                content=content,
                received_on=received_on,
            )
        except PermissionDenied:
            raise Http404 from None
        except ApplicationError as error:
            messages.error(request, error.message)
            return self._render(
                request,
                enterprise=enterprise,
                year=year,
                content=content,
                problems=error.extra.get("problems"),
                received_on=received,
                status=400,
            )
        if version.report.filed_late:
            messages.success(request, _("纸质年度报告已录入（逾期补报）。"))
        else:
            messages.success(request, _("纸质年度报告已录入。"))
        return redirect(f"{request.path}?uscc={enterprise.uscc}&year={year}&done=1")
