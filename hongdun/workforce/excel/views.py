"""Back-office pages of the Excel import and export (mounted at /staff/workforce/excel/).

Every page needs a staff login; each template kind further needs a role that may import or
export it (403 otherwise); an import job is visible only to its uploader (404 for anyone else).
"""

from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from hongdun.core.exceptions import ApplicationError
from hongdun.workforce.excel import access, files, selectors, services
from hongdun.workforce.excel.choices import RUNNING_STATUSES, ImportStatus
from hongdun.workforce.excel.forms import ExportFilterForm, UploadForm
from hongdun.workforce.excel.kinds import ExcelKind
from hongdun.workforce.excel.models import ImportJob
from hongdun.workforce.excel.registry import kind_get, kinds_all
from hongdun.workforce.excel.workbook import XLSX_CONTENT_TYPE

# Multipart overhead allowed above the file size limit before the body is refused unread.
MULTIPART_SLACK = 64 * 1024


def _xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    response["Cache-Control"] = "private, no-store"
    return response


def _kind_or_404(code: str) -> ExcelKind:
    try:
        return kind_get(code)
    except KeyError as error:
        raise Http404 from error


class ExcelStaffView(LoginRequiredMixin, View):
    """Signed-in users; the workforce permissions decide per kind (unit heads have no role but
    read their subtree, ADR 0007)."""

    def kind_for_import(self, code: str) -> ExcelKind:
        kind = _kind_or_404(code)
        if not access.can_import(self.request.user, kind):
            raise KindNotAllowedError
        return kind

    def kind_for_export(self, code: str) -> ExcelKind:
        kind = _kind_or_404(code)
        if not access.can_export(self.request.user, kind):
            raise KindNotAllowedError
        return kind

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().dispatch(request, *args, **kwargs)
        except KindNotAllowedError:
            return render(request, "workforce_excel/forbidden.html", status=403)


class KindNotAllowedError(Exception):
    """The user's roles do not cover this template kind."""


class ExcelIndexView(ExcelStaffView):
    def get(self, request: HttpRequest) -> HttpResponse:
        if not access.can_use(request.user):
            raise KindNotAllowedError
        rows = [
            {
                "kind": kind,
                "can_import": access.can_import(request.user, kind),
                "can_export": access.can_export(request.user, kind),
            }
            for kind in kinds_all()
        ]
        rows = [r for r in rows if r["can_import"] or r["can_export"]]
        return render(
            request,
            "workforce_excel/index.html",
            {"rows": rows, "jobs": selectors.import_jobs_recent(user=request.user)},
        )


class TemplateDownloadView(ExcelStaffView):
    def get(self, request: HttpRequest, kind: str) -> HttpResponse:
        excel_kind = _kind_or_404(kind)
        if not (
            access.can_import(request.user, excel_kind)
            or access.can_export(request.user, excel_kind)
        ):
            raise KindNotAllowedError
        content = selectors.template_workbook(kind=excel_kind, user=request.user)
        return _xlsx_response(content, _("%(kind)s导入模板.xlsx") % {"kind": excel_kind.label})


class ExportView(ExcelStaffView):
    def get(self, request: HttpRequest, kind: str) -> HttpResponse:
        excel_kind = self.kind_for_export(kind)
        form = ExportFilterForm(
            request.GET if "download" in request.GET else None,
            units=selectors.export_units(user=request.user, kind=excel_kind),
            with_year=bool(excel_kind.year_path),
        )
        if "download" in request.GET and form.is_valid():
            content, _count = selectors.export_workbook(
                kind=excel_kind, user=request.user, filters=form.cleaned_data
            )
            stamp = timezone.localdate().strftime("%Y%m%d")
            return _xlsx_response(content, f"{excel_kind.label}-{stamp}.xlsx")
        return render(
            request,
            "workforce_excel/export.html",
            {
                "kind": excel_kind,
                "form": form,
                "personal": access.can_see_personal(request.user),
                "can_import": access.can_import(request.user, excel_kind),
            },
        )


class UploadView(ExcelStaffView):
    def get(self, request: HttpRequest, kind: str) -> HttpResponse:
        excel_kind = self.kind_for_import(kind)
        return self._page(request, excel_kind, UploadForm())

    def post(self, request: HttpRequest, kind: str) -> HttpResponse:
        excel_kind = self.kind_for_import(kind)
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
        if declared > files.max_upload_bytes() + MULTIPART_SLACK:
            # Refuse before Django reads (and spools to disk) a body that can only be too big.
            form = UploadForm()
            try:
                files.check_upload_size(declared)
            except files.FileRefusedError as problem:
                return self._page(request, excel_kind, form, problem=problem, status=413)
        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self._page(request, excel_kind, form, status=400)
        uploaded = form.cleaned_data["file"]
        try:
            job = services.import_job_create(
                user=request.user,
                kind=excel_kind,
                file_name=uploaded.name,
                chunks=uploaded.chunks(),
            )
        except files.FileRefusedError as problem:
            return self._page(request, excel_kind, UploadForm(), problem=problem, status=400)
        return redirect("workforce-excel:job", pk=job.pk)

    def _page(
        self,
        request: HttpRequest,
        kind: ExcelKind,
        form: UploadForm,
        *,
        problem: files.FileRefusedError | None = None,
        status: int = 200,
    ) -> HttpResponse:
        return render(
            request,
            "workforce_excel/upload.html",
            {
                "kind": kind,
                "form": form,
                "problem": problem,
                "max_mb": files.max_upload_bytes() // (1024 * 1024),
                "max_rows": files.max_data_rows(),
                "personal": access.can_see_personal(request.user),
            },
            status=status,
        )


def _job_context(job: ImportJob) -> dict[str, Any]:
    kind = kind_get(job.kind)
    return {
        "job": job,
        "kind": kind,
        "running": job.status in RUNNING_STATUSES,
        "can_confirm": job.status == ImportStatus.READY,
        "can_cancel": job.status in (ImportStatus.READY, ImportStatus.INVALID),
        "file_errors": [e for e in job.errors if e.get("row", 0) <= 1],
        "row_errors": [e for e in job.errors if e.get("row", 0) > 1],
        "errors_truncated": job.error_count > len(job.errors),
    }


class JobDetailView(ExcelStaffView):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        job = selectors.import_job_get_for_user(user=request.user, pk=pk)
        return render(request, "workforce_excel/job.html", _job_context(job))


class JobProgressView(ExcelStaffView):
    """The htmx-polled progress panel; when the job has finished, the page reloads itself."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        job = selectors.import_job_get_for_user(user=request.user, pk=pk)
        response = render(request, "workforce_excel/includes/progress.html", _job_context(job))
        if job.status not in RUNNING_STATUSES:
            response["HX-Refresh"] = "true"
        return response


class JobConfirmView(ExcelStaffView):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        job = selectors.import_job_get_for_user(user=request.user, pk=pk)
        try:
            job = services.import_job_confirm(user=request.user, job=job)
        except ApplicationError as error:
            messages.error(request, error.message)
        return redirect("workforce-excel:job", pk=job.pk)


class JobCancelView(ExcelStaffView):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        job = selectors.import_job_get_for_user(user=request.user, pk=pk)
        try:
            services.import_job_cancel(user=request.user, job=job)
            messages.success(request, _("已取消该导入，没有写入任何数据，上传的文件已删除。"))
        except ApplicationError as error:
            messages.error(request, error.message)
        return redirect("workforce-excel:job", pk=job.pk)


class JobErrorsView(ExcelStaffView):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        job = selectors.import_job_get_for_user(user=request.user, pk=pk)
        content = selectors.error_report_workbook(job=job)
        return _xlsx_response(content, _("导入错误清单-%(id)d.xlsx") % {"id": job.pk})
