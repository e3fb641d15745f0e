"""Back-office pages of the Excel import and export (mounted at /staff/workforce/excel/).

Every page needs a staff login; each template kind further needs a role that may import or
export it (403 otherwise); an import or export job is visible only to the user who started it
(404 for anyone else).
"""

from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from hongdun.accounts.types import signed_in
from hongdun.core.exceptions import ApplicationError
from hongdun.workforce.excel import access, files, selectors, services
from hongdun.workforce.excel.choices import RUNNING_STATUSES, ImportStatus
from hongdun.workforce.excel.forms import ExportFilterForm, UploadForm
from hongdun.workforce.excel.kinds import ExcelKind
from hongdun.workforce.excel.models import ExportJob, ImportJob
from hongdun.workforce.excel.registry import kind_get, kinds_all
from hongdun.workforce.excel.workbook import XLSX_CONTENT_TYPE

# Multipart overhead allowed above the file size limit before the body is refused unread.
MULTIPART_SLACK = 64 * 1024


def _attachment(response: HttpResponseBase, filename: str) -> None:
    # RFC 6266/5987: the UTF-8 name (Chinese) percent-encoded, which every current browser reads.
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"


def _xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    _attachment(response, filename)
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
        except KindNotAllowedError as error:
            # The site's one 403 page (hongdun.core.errors), with what this refusal means.
            raise PermissionDenied(
                _("您的岗位不能导入或导出这类记录。如需办理，请联系政工部门或系统管理员。")
            ) from error


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
            {
                "rows": rows,
                "jobs": selectors.import_jobs_recent(user=signed_in(request.user)),
                "export_jobs": selectors.export_jobs_recent(user=signed_in(request.user)),
            },
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
    """The export form. An export of at most WORKFORCE_EXPORT_SYNC_ROWS rows is answered with
    the file at once; a larger one becomes a background job (POST only: a GET never starts
    work, so a link or an image elsewhere cannot make a signed-in user launch exports); one
    with more rows than a sheet holds is refused with the filters to narrow it."""

    def get(self, request: HttpRequest, kind: str) -> HttpResponse:
        excel_kind = self.kind_for_export(kind)
        asked = "download" in request.GET
        form = self._form(request, excel_kind, request.GET if asked else None)
        if asked and form.is_valid():
            return self._export(request, excel_kind, form, start_job=False)
        return self._page(request, excel_kind, form)

    def post(self, request: HttpRequest, kind: str) -> HttpResponse:
        excel_kind = self.kind_for_export(kind)
        form = self._form(request, excel_kind, request.POST)
        if not form.is_valid():
            return self._page(request, excel_kind, form, status=400)
        return self._export(request, excel_kind, form, start_job=True)

    def _form(self, request: HttpRequest, kind: ExcelKind, data: Any) -> ExportFilterForm:
        return ExportFilterForm(
            data,
            units=selectors.export_units(user=request.user, kind=kind),
            with_year=bool(kind.year_path),
            user_unit=getattr(request.user, "unit", None),
        )

    def _export(
        self, request: HttpRequest, kind: ExcelKind, form: ExportFilterForm, *, start_job: bool
    ) -> HttpResponse:
        filters = form.cleaned_data
        count = selectors.export_count(kind=kind, user=request.user, filters=filters)
        try:
            services.export_check_size(kind=kind, count=count)
        except services.ExportTooLargeError as problem:
            return self._page(request, kind, form, problem=problem, status=400)
        if count <= services.export_sync_rows():
            content, _count = selectors.export_workbook(
                kind=kind, user=request.user, filters=filters
            )
            stamp = timezone.localdate().strftime("%Y%m%d")
            return _xlsx_response(content, f"{kind.label}-{stamp}.xlsx")
        if not start_job:
            return self._page(request, kind, form, background_rows=count)
        try:
            job = services.export_job_create(
                user=signed_in(request.user), kind=kind, filters=filters, count=count
            )
        except ApplicationError as error:
            return self._page(request, kind, form, problem=error, status=400)
        return redirect("workforce-excel:export-job", pk=job.pk)

    def _page(
        self,
        request: HttpRequest,
        kind: ExcelKind,
        form: ExportFilterForm,
        *,
        problem: ApplicationError | None = None,
        background_rows: int = 0,
        status: int = 200,
    ) -> HttpResponse:
        return render(
            request,
            "workforce_excel/export.html",
            {
                "kind": kind,
                "form": form,
                "problem": problem,
                "background_rows": background_rows,
                "sync_rows": services.export_sync_rows(),
                "personal": access.can_see_personal(request.user),
                "can_import": access.can_import(request.user, kind),
                "jobs": selectors.export_jobs_recent(user=signed_in(request.user), kind=kind.code),
            },
            status=status,
        )


class ExportJobDetailView(ExcelStaffView):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        job = selectors.export_job_get_for_user(user=signed_in(request.user), pk=pk)
        return render(request, "workforce_excel/export_job.html", _export_job_context(job))


class ExportJobProgressView(ExcelStaffView):
    """The htmx-polled progress panel of an export; when it has finished, the page reloads."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        job = selectors.export_job_get_for_user(user=signed_in(request.user), pk=pk)
        response = render(
            request, "workforce_excel/includes/export_progress.html", _export_job_context(job)
        )
        if not job.running:
            response["HX-Refresh"] = "true"
        return response


class ExportJobDownloadView(ExcelStaffView):
    """The stored file, streamed from private storage to the job's owner only."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        job = selectors.export_job_get_for_user(user=signed_in(request.user), pk=pk)
        try:
            services.export_download_check(user=signed_in(request.user), job=job)
            handle = files.export_path(job.stored_name).open("rb")
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect("workforce-excel:export-job", pk=job.pk)
        except OSError:
            messages.error(request, _("文件已不存在，请重新导出。"))
            return redirect("workforce-excel:export-job", pk=job.pk)
        response = FileResponse(handle, content_type=XLSX_CONTENT_TYPE)
        _attachment(response, job.file_name)
        return response


def _export_job_context(job: ExportJob) -> dict[str, Any]:
    return {"job": job, "kind": _kind_or_404(job.kind), "running": job.running}


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
                user=signed_in(request.user),
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
        job = selectors.import_job_get_for_user(user=signed_in(request.user), pk=pk)
        return render(request, "workforce_excel/job.html", _job_context(job))


class JobProgressView(ExcelStaffView):
    """The htmx-polled progress panel; when the job has finished, the page reloads itself."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        job = selectors.import_job_get_for_user(user=signed_in(request.user), pk=pk)
        response = render(request, "workforce_excel/includes/progress.html", _job_context(job))
        if job.status not in RUNNING_STATUSES:
            response["HX-Refresh"] = "true"
        return response


class JobConfirmView(ExcelStaffView):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        job = selectors.import_job_get_for_user(user=signed_in(request.user), pk=pk)
        try:
            job = services.import_job_confirm(user=signed_in(request.user), job=job)
        except ApplicationError as error:
            messages.error(request, error.message)
        return redirect("workforce-excel:job", pk=job.pk)


class JobCancelView(ExcelStaffView):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        job = selectors.import_job_get_for_user(user=signed_in(request.user), pk=pk)
        try:
            services.import_job_cancel(user=signed_in(request.user), job=job)
            messages.success(request, _("已取消该导入，没有写入任何数据，上传的文件已删除。"))
        except ApplicationError as error:
            messages.error(request, error.message)
        return redirect("workforce-excel:job", pk=job.pk)


class JobErrorsView(ExcelStaffView):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        job = selectors.import_job_get_for_user(user=signed_in(request.user), pk=pk)
        content = selectors.error_report_workbook(job=job)
        return _xlsx_response(content, _("导入错误清单-%(id)d.xlsx") % {"id": job.pk})
