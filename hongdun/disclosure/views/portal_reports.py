"""The enterprise's annual-report pages on the portal (/enterprise/annual-reports/): the due years
of every enterprise the user is authorised for, the filing form with live checks, draft, submit,
receipt, correction and the version list.

Enterprises are looked up among the user's live authorisations, so another enterprise's USCC in
the URL answers "not found"; users without the applicant role get 403.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from hongdun.accounts.permissions import RoleRequiredMixin
from hongdun.accounts.roles import Role
from hongdun.accounts.types import AnyUser, signed_in
from hongdun.core.exceptions import ApplicationError
from hongdun.disclosure.choices import VersionStatus
from hongdun.disclosure.engine.window import FilingState, deadline, filing_state, years_due
from hongdun.disclosure.forms import content_from_post, form_context, version_rows
from hongdun.disclosure.models import AnnualReport, AnnualReportVersion
from hongdun.disclosure.rules import window_rules
from hongdun.disclosure.services import (
    ReportContent,
    annual_report_check,
    annual_report_correct,
    annual_report_discard_draft,
    annual_report_draft_save,
    annual_report_submit,
    online_state,
    prefill,
    problem_dicts,
    report_form,
    version_content,
)
from hongdun.enterprises.models import Enterprise
from hongdun.registration.selectors import enterprises_for_applicant

APPLICANTS = frozenset({Role.APPLICANT})
YEARS_SHOWN = 5


class FilerMixin(RoleRequiredMixin):
    allowed_roles = APPLICANTS


def enterprise_for_filer(*, user: AnyUser, uscc: str) -> Enterprise:
    """An enterprise the user is authorised for, by USCC; any other is "not found"."""
    found = enterprises_for_applicant(user=user).filter(uscc=str(uscc)[:18].upper()).first()
    if found is None:
        raise Http404(_("没有找到该市场主体。"))
    return found


def _year(year: int) -> int:
    if not 1949 <= year <= 9999:
        raise Http404
    return year


def year_status(
    *, report: AnnualReport | None, versions: int, state: FilingState
) -> tuple[str, str]:
    """The state a filer reads for one report year: (key, label)."""
    if report is not None and report.first_submitted_at is not None:
        if versions > 1:
            return "corrected", _("已更正")
        if report.filed_late:
            return "late", _("逾期报送")
        return "filed", _("已报送")
    if state == FilingState.OPEN:
        return "open", _("待报送")
    if state == FilingState.CLOSED:
        return "late", _("逾期未报")
    return "not_due", _("未到报送期")


class ReportListView(FilerMixin, View):
    """Every authorised enterprise with its report years and their state."""

    def get(self, request: HttpRequest) -> HttpResponse:
        today = timezone.localdate()
        rules = window_rules()
        enterprises = list(enterprises_for_applicant(user=request.user)[:100])
        reports = {
            (r.enterprise_id, r.year): r
            for r in AnnualReport.objects.filter(enterprise__in=enterprises).annotate(
                submitted=Count("versions", filter=Q(versions__status=VersionStatus.SUBMITTED)),
                drafts=Count("versions", filter=Q(versions__status=VersionStatus.DRAFT)),
            )
        }
        rows = []
        for enterprise in enterprises:
            due = list(
                years_due(established_on=enterprise.established_on, today=today, rules=rules)
            )
            years = sorted(set(due[-YEARS_SHOWN:]) | {today.year}, reverse=True)
            years = [y for y in years if y >= enterprise.established_on.year]
            items = []
            for year in years:
                report = reports.get((enterprise.pk, year))
                state = filing_state(
                    report_year=year,
                    established_on=enterprise.established_on,
                    today=today,
                    rules=rules,
                )
                key, label = year_status(
                    report=report,
                    versions=getattr(report, "submitted", 0) if report else 0,
                    state=state,
                )
                items.append(
                    {
                        "year": year,
                        "key": key,
                        "label": label,
                        "deadline": deadline(year, rules),
                        "draft": bool(report and getattr(report, "drafts", 0)),
                    }
                )
            rows.append({"enterprise": enterprise, "years": items})
        return render(request, "disclosure/portal/report_list.html", {"rows": rows})


def _problems(
    enterprise: Enterprise, year: int, content: ReportContent, *, complete: bool
) -> list[dict[str, Any]]:
    try:
        checked = annual_report_check(
            enterprise=enterprise, year=year, content=content, complete=complete
        )
    except ApplicationError as error:
        return [
            {
                "field": error.field or "",
                "label": "",
                "severity": "error",
                "code": "refused",
                "blocks": True,
                "message": error.message,
            }
        ]
    return problem_dicts(checked.problems)


class ReportDetailView(FilerMixin, View):
    """One report year: its state, the filed versions, what the filer may do next."""

    def get(self, request: HttpRequest, uscc: str, year: int) -> HttpResponse:
        enterprise = enterprise_for_filer(user=request.user, uscc=uscc)
        year = _year(year)
        state = online_state(enterprise=enterprise, year=year)
        report = state["report"]
        versions = list(report.versions.select_related("submitted_by")) if report else []
        submitted = [v for v in versions if v.status == VersionStatus.SUBMITTED]
        draft = next((v for v in versions if v.status == VersionStatus.DRAFT), None)
        current = report.current_version if report else None
        key, label = year_status(report=report, versions=len(submitted), state=state["state"])
        return render(
            request,
            "disclosure/portal/report_detail.html",
            {
                "enterprise": enterprise,
                "year": year,
                "report": report,
                "status_key": key,
                "status_label": label,
                "versions": submitted,
                "draft": draft,
                "current": current,
                "shown": version_rows(current) if current else None,
                "may_file": state["may_file"],
                "may_correct": state["may_correct"],
                "deadline": deadline(year, window_rules()),
                "corrections_until": date(year + 1, *window_rules().corrections_until),
            },
        )


class ReportEditView(FilerMixin, View):
    """The filing form (first filing or correction): save as draft, submit, submit a correction."""

    template = "disclosure/portal/report_form.html"

    def _load(
        self, request: HttpRequest, uscc: str, year: int
    ) -> tuple[Enterprise, dict[str, Any]]:
        enterprise = enterprise_for_filer(user=request.user, uscc=uscc)
        state = online_state(enterprise=enterprise, year=_year(year))
        if not (state["may_file"] or state["may_correct"]):
            messages.error(request, _("该年度报告现在不能在网上填报或更正。"))
            raise _NotEditableError(enterprise, year)
        return enterprise, state

    def _render(
        self,
        request: HttpRequest,
        enterprise: Enterprise,
        year: int,
        state: dict[str, Any],
        content: ReportContent,
        *,
        note: str = "",
        status: int = 200,
        problems: list[dict[str, Any]] | None = None,
    ) -> HttpResponse:
        if problems is None:
            problems = _problems(enterprise, year, content, complete=True)
        return render(
            request,
            self.template,
            {
                "enterprise": enterprise,
                "year": year,
                "correcting": state["filed"],
                "individual": report_form(enterprise) == "individual_business",
                "company": enterprise.enterprise_type in {"llc", "jsc"},
                "problems": problems,
                "note": note,
                "deadline": deadline(year, window_rules()),
                **form_context(enterprise, content, problems=problems),
            },
            status=status,
        )

    def get(self, request: HttpRequest, uscc: str, year: int) -> HttpResponse:
        try:
            enterprise, state = self._load(request, uscc, year)
        except _NotEditableError as go:
            return go.response()
        report = state["report"]
        draft = report.versions.filter(status=VersionStatus.DRAFT).first() if report else None
        if draft is not None:
            content = version_content(draft)
        elif report is not None and report.current_version is not None:
            content = version_content(report.current_version)
        else:
            content = prefill(enterprise=enterprise, year=year)
        return self._render(request, enterprise, year, state, content)

    def post(self, request: HttpRequest, uscc: str, year: int) -> HttpResponse:
        try:
            enterprise, state = self._load(request, uscc, year)
        except _NotEditableError as go:
            return go.response()
        content = content_from_post(request.POST)
        action = request.POST.get("action", "save")
        note = request.POST.get("note", "")
        user = signed_in(request.user)
        try:
            if action == "submit":
                version = annual_report_submit(
                    user=user, enterprise=enterprise, year=year, content=content
                )
                messages.success(request, _("年度报告已报送。"))
                return redirect(
                    "annual-reports:receipt", uscc=enterprise.uscc, year=year, number=version.number
                )
            if action == "correct":
                version = annual_report_correct(
                    user=user, enterprise=enterprise, year=year, note=note, content=content
                )
                messages.success(request, _("更正已报送，更正前后的版本均予公示。"))
                return redirect(
                    "annual-reports:receipt", uscc=enterprise.uscc, year=year, number=version.number
                )
            annual_report_draft_save(user=user, enterprise=enterprise, year=year, content=content)
        except PermissionDenied:
            raise Http404 from None
        except ApplicationError as error:
            problems = error.extra.get("problems") or [
                {
                    "field": error.field or "",
                    "label": "",
                    "severity": "error",
                    "code": "refused",
                    "blocks": True,
                    "message": error.message,
                }
            ]
            messages.error(request, error.message)
            return self._render(
                request, enterprise, year, state, content, note=note, status=400, problems=problems
            )
        messages.success(request, _("草稿已保存。"))
        return redirect("annual-reports:edit", uscc=enterprise.uscc, year=year)


class _NotEditableError(Exception):
    def __init__(self, enterprise: Enterprise, year: int) -> None:
        self.enterprise = enterprise
        self.year = year

    def response(self) -> HttpResponse:
        return redirect("annual-reports:detail", uscc=self.enterprise.uscc, year=self.year)


class ReportCheckView(FilerMixin, View):
    """htmx: the form as typed so far, checked; every problem at once."""

    def post(self, request: HttpRequest, uscc: str, year: int) -> HttpResponse:
        enterprise = enterprise_for_filer(user=request.user, uscc=uscc)
        content = content_from_post(request.POST)
        problems = _problems(enterprise, _year(year), content, complete=True)
        return render(request, "disclosure/portal/includes/problems.html", {"problems": problems})


class ReportDiscardView(FilerMixin, View):
    def post(self, request: HttpRequest, uscc: str, year: int) -> HttpResponse:
        enterprise = enterprise_for_filer(user=request.user, uscc=uscc)
        annual_report_discard_draft(user=signed_in(request.user), enterprise=enterprise, year=year)
        messages.success(request, _("草稿已删除。"))
        return redirect("annual-reports:detail", uscc=enterprise.uscc, year=year)


def _version(request: HttpRequest, uscc: str, year: int, number: int) -> AnnualReportVersion:
    enterprise = enterprise_for_filer(user=request.user, uscc=uscc)
    version = (
        AnnualReportVersion.objects.filter(
            report__enterprise=enterprise,
            report__year=_year(year),
            number=number,
            status=VersionStatus.SUBMITTED,
        )
        .select_related("report__enterprise", "submitted_by")
        .first()
    )
    if version is None:
        raise Http404(_("没有找到该版本。"))
    return version


class VersionView(FilerMixin, View):
    """One filed version in full, the figures the enterprise chose not to publish marked."""

    def get(self, request: HttpRequest, uscc: str, year: int, number: int) -> HttpResponse:
        version = _version(request, uscc, year, number)
        return render(
            request,
            "disclosure/portal/version.html",
            {
                "version": version,
                "report": version.report,
                "enterprise": version.report.enterprise,
                "shown": version_rows(version),
            },
        )


def receipt_number(version: AnnualReportVersion) -> str:
    report = version.report
    return f"NB{report.year}-{report.enterprise.uscc}-{version.number:02d}"


def _receipt_context(version: AnnualReportVersion) -> dict[str, Any]:
    return {
        "version": version,
        "report": version.report,
        "enterprise": version.report.enterprise,
        "receipt_number": receipt_number(version),
        "submitted_at": timezone.localtime(version.submitted_at) if version.submitted_at else None,
    }


class ReceiptView(FilerMixin, View):
    """回执: the proof of filing, printable from the browser or as a PDF."""

    def get(self, request: HttpRequest, uscc: str, year: int, number: int) -> HttpResponse:
        version = _version(request, uscc, year, number)
        return render(request, "disclosure/portal/receipt.html", _receipt_context(version))


class ReceiptPdfView(FilerMixin, View):
    def get(self, request: HttpRequest, uscc: str, year: int, number: int) -> HttpResponse:
        import weasyprint

        version = _version(request, uscc, year, number)
        html = render_to_string(
            "disclosure/pdf/receipt.html",
            {**_receipt_context(version), "bureau_name": settings.HONGDUN["BUREAU_NAME"]},
        )
        data = weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
        response = HttpResponse(bytes(data), content_type="application/pdf")
        filename = f"{receipt_number(version)}.pdf"
        response["Content-Disposition"] = f'inline; filename="{filename}"'
        return response
