"""Writes of the Excel pages. Import: upload, background check, confirm, background write,
cancel. Export: a large export as a background job, its download check and the pruning of old
files (see the section at the end).

The life of a job (``ImportJob``)::

    upload ─▶ CHECKING ─▶ READY ──confirm──▶ IMPORTING ─▶ DONE
                  │          └──cancel──▶ CANCELLED
                  └▶ INVALID ──cancel──▶ CANCELLED      (any unexpected error ─▶ FAILED)

The check reads the stored file and checks every row without writing any record. Confirming
checks the file again against the records as they are then (someone may have changed them since
the preview) and writes all rows in one transaction, or nothing.
"""

import datetime as dt
import logging
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from hongdun.accounts.models import User
from hongdun.core.exceptions import ApplicationError
from hongdun.core.services import audit_record
from hongdun.workforce.excel import access, engine, files, selectors
from hongdun.workforce.excel.choices import (
    EXPORT_RUNNING_STATUSES,
    ExportStatus,
    ImportStage,
    ImportStatus,
)
from hongdun.workforce.excel.kinds import ExcelKind
from hongdun.workforce.excel.models import (
    MAX_STORED_CHANGES,
    MAX_STORED_ERRORS,
    ExportJob,
    ImportJob,
)
from hongdun.workforce.excel.registry import kind_get

logger = logging.getLogger(__name__)

INSTRUCTIONS_AND_OPTIONS = ("填写说明", "选项")


def import_job_create(
    *, user: User, kind: ExcelKind, file_name: str, chunks: Iterable[bytes]
) -> ImportJob:
    """Store an uploaded workbook (checked by content) and queue its check."""
    if not access.can_import(user, kind):
        raise ApplicationError(_("您的岗位不能导入“%(kind)s”。") % {"kind": kind.label})
    stored = files.store_upload(chunks)
    job = ImportJob.objects.create(
        kind=kind.code,
        created_by=user,
        file_name=(file_name or "upload.xlsx")[:255],
        stored_name=stored.name,
        file_size=stored.size,
        sha256=stored.sha256,
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )
    check_import.enqueue(job.pk)
    return job


def _progress_saver(job_id: int, stage: str) -> engine.ProgressFn:
    def save(done: int, total: int) -> None:
        ImportJob.objects.filter(pk=job_id).update(
            stage=stage, processed_rows=done, total_rows=total
        )

    return save


def _rows_read_saver(job_id: int) -> Callable[[int], None]:
    def save(rows_read: int) -> None:
        ImportJob.objects.filter(pk=job_id).update(processed_rows=rows_read)

    return save


def _file_error(problem: ApplicationError) -> dict[str, Any]:
    return engine.RowError(
        0, _("文件"), "", problem.message, str(problem.extra.get("fix", ""))
    ).as_dict()


def _checked(job: ImportJob, kind: ExcelKind) -> engine.CheckOutcome:
    """Read and check the stored file, saving progress on the job as it goes."""
    ImportJob.objects.filter(pk=job.pk).update(
        stage=ImportStage.READING, processed_rows=0, total_rows=0
    )
    sheet = files.read_sheet(
        files.stored_path(job.stored_name),
        preferred_titles=[kind.sheet_title],
        skip_titles=INSTRUCTIONS_AND_OPTIONS,
        on_rows_read=_rows_read_saver(job.pk),
    )
    ImportJob.objects.filter(pk=job.pk).update(
        stage=ImportStage.CHECKING, processed_rows=0, total_rows=len(sheet.rows)
    )
    user = job.created_by
    return engine.check_rows(
        kind,
        sheet,
        user=user,
        scope_unit_ids=access.import_unit_ids(user, kind),
        personal=access.can_see_personal(user),
        progress=_progress_saver(job.pk, ImportStage.CHECKING),
    )


def _record_errors(job: ImportJob, outcome: engine.CheckOutcome) -> None:
    job.errors = [e.as_dict() for e in outcome.errors[:MAX_STORED_ERRORS]]
    job.error_count = len(outcome.errors)
    job.error_row_count = outcome.error_rows or (1 if outcome.errors else 0)
    job.total_rows = outcome.total_rows
    job.processed_rows = outcome.total_rows


def _record_plan(job: ImportJob, plan: engine.Plan, kind: ExcelKind) -> None:
    headers = {c.attribute: c.column_name for c in kind.all_columns()}
    job.new_count = len(plan.new)
    job.updated_count = len(plan.updated)
    job.unchanged_count = plan.unchanged
    job.changes = [
        {
            "row": change.row,
            "record": str(change.instance)[:120],
            "columns": [headers.get(a, a) for a in change.changed],
        }
        for change in plan.updated[:MAX_STORED_CHANGES]
    ]


def _fail(job: ImportJob, message: str) -> None:
    job.status = ImportStatus.FAILED
    job.stage = ImportStage.FINISHED
    job.message = message
    job.finished_at = timezone.now()
    job.save()
    files.delete_stored(job.stored_name)


JobT = TypeVar("JobT", ImportJob, ExportJob)


def _in_job_language(model: type[JobT], job_id: int, step: Callable[[JobT], None]) -> None:
    """Run a background task's `step` on the job, in the language of the user who started it:
    the messages it stores are read in that language."""
    job = model.objects.select_related("created_by").get(pk=job_id)
    with translation.override(job.language):
        step(job)


def import_job_check(*, job_id: int) -> None:
    """Background task: check every row and prepare the preview. Writes no record."""
    _in_job_language(ImportJob, job_id, _import_job_check)


def _import_job_check(job: ImportJob) -> None:
    job_id = job.pk
    if job.status != ImportStatus.CHECKING:
        return
    kind = kind_get(job.kind)
    try:
        outcome = _checked(job, kind)
        job.refresh_from_db()
        if outcome.rows:
            # The valid rows are sorted into new/updated/unchanged even when other rows have
            # errors, so the preview tells what the corrected file will do.
            plan = engine.build_plan(
                kind,
                outcome.rows,
                user=job.created_by,
                in_scope=access.editable_pks(job.created_by, kind),
            )
            _record_plan(job, plan, kind)
            outcome.errors = sorted(outcome.errors + plan.errors, key=lambda e: e.row)
        _record_errors(job, outcome)
        job.status = ImportStatus.INVALID if outcome.errors else ImportStatus.READY
    except files.FileRefusedError as problem:
        job.refresh_from_db()
        job.errors = [_file_error(problem)]
        job.error_count = 1
        job.error_row_count = 1
        job.status = ImportStatus.INVALID
    except Exception:
        logger.exception("Excel import %s: check failed", job_id)
        _fail(job, _("检查文件时发生内部错误，已记录。请稍后重试，或联系系统管理员。"))
        return
    job.stage = ImportStage.FINISHED
    job.save()


def import_job_confirm(*, user: User, job: ImportJob) -> ImportJob:
    """Start writing a checked job. Only its uploader can, only once, and only without errors."""
    if job.created_by_id != user.pk:
        raise ApplicationError(_("只能确认自己上传的导入。"))
    if not access.can_import(user, kind_get(job.kind)):
        raise ApplicationError(
            _("您的岗位不能导入“%(kind)s”。") % {"kind": kind_get(job.kind).label}
        )
    # The conditional update settles double clicks and races: only one request moves the job on.
    moved = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.READY).update(
        status=ImportStatus.IMPORTING, stage=ImportStage.QUEUED, processed_rows=0
    )
    if not moved:
        job.refresh_from_db()
        raise ApplicationError(
            _("该导入当前状态为“%(status)s”，不能确认。") % {"status": job.get_status_display()}
        )
    apply_import.enqueue(job.pk)
    job.refresh_from_db()
    return job


def import_job_apply(*, job_id: int) -> None:
    """Background task: check the file again against the current records, then write every row
    in one transaction (or nothing)."""
    _in_job_language(ImportJob, job_id, _import_job_apply)


def _import_job_apply(job: ImportJob) -> None:
    job_id = job.pk
    if job.status != ImportStatus.IMPORTING:
        return
    kind = kind_get(job.kind)
    user = job.created_by
    try:
        outcome = _checked(job, kind)
        job.refresh_from_db()
        _record_errors(job, outcome)
        if outcome.errors:
            job.status = ImportStatus.INVALID
            job.stage = ImportStage.FINISHED
            job.message = _(
                "确认导入时重新检查发现了错误（系统中的数据在预览之后有变化），没有写入任何数据。"
            )
            job.save()
            return
        ImportJob.objects.filter(pk=job.pk).update(stage=ImportStage.WRITING)
        with transaction.atomic():
            plan = engine.build_plan(
                kind,
                outcome.rows,
                user=user,
                in_scope=access.editable_pks(user, kind),
                lock=True,
            )
            if plan.errors:
                raise ApplicationError(
                    _("确认导入时发现部分记录已不在您的管理范围内，没有写入任何数据。"),
                    extra={"fix": _("请重新上传文件查看错误明细。")},
                )
            engine.write_plan(
                kind, plan, user=user, reason=_("Excel 导入 #%(id)d") % {"id": job.pk}
            )
            _record_plan(job, plan, kind)
            job.status = ImportStatus.DONE
            job.stage = ImportStage.FINISHED
            job.finished_at = timezone.now()
            job.message = ""
            job.save()
            audit_record(
                actor=user,
                action="workforce_excel_import",
                instance=job,
                after={
                    "kind": kind.code,
                    "file": job.file_name,
                    "sha256": job.sha256,
                    "new": job.new_count,
                    "updated": job.updated_count,
                    "unchanged": job.unchanged_count,
                },
            )
    except files.FileRefusedError as problem:
        job.refresh_from_db()
        job.errors = [_file_error(problem)]
        job.error_count = 1
        job.status = ImportStatus.INVALID
        job.stage = ImportStage.FINISHED
        job.save()
        return
    except ApplicationError as refusal:
        job.refresh_from_db()
        job.status = ImportStatus.READY
        job.stage = ImportStage.FINISHED
        job.message = refusal.message + " " + str(refusal.extra.get("fix", ""))
        job.save()
        return
    except Exception:
        logger.exception("Excel import %s: write failed", job_id)
        job.refresh_from_db()
        _fail(
            job, _("写入时发生内部错误，没有写入任何数据，已记录。请稍后重试，或联系系统管理员。")
        )
        return
    files.delete_stored(job.stored_name)


def import_job_cancel(*, user: User, job: ImportJob) -> ImportJob:
    """Drop a job that has not been written; its stored file is deleted at once."""
    if job.created_by_id != user.pk:
        raise ApplicationError(_("只能取消自己上传的导入。"))
    moved = ImportJob.objects.filter(
        pk=job.pk, status__in=[ImportStatus.READY, ImportStatus.INVALID]
    ).update(status=ImportStatus.CANCELLED, stage=ImportStage.FINISHED, finished_at=timezone.now())
    job.refresh_from_db()
    if not moved:
        raise ApplicationError(
            _("该导入当前状态为“%(status)s”，不能取消。") % {"status": job.get_status_display()}
        )
    files.delete_stored(job.stored_name)
    return job


# --- exports ------------------------------------------------------------------------------------
#
# An export of at most WORKFORCE_EXPORT_SYNC_ROWS rows is written within the request (the view
# calls the selector). A larger one becomes an ``ExportJob``::
#
#     request ─▶ QUEUED ─▶ RUNNING ─▶ DONE (file stored under PRIVATE_ROOT)
#                             └──────▶ FAILED (message, no file)
#
# The task applies the permissions, the scope and the visible columns of the requester as they
# are when it runs, not as they were when the export was asked for.

# One .xlsx sheet holds 1,048,576 rows, the header included. The import reads a single sheet,
# so an export is never split over several sheets: a larger one is refused.
SHEET_MAX_DATA_ROWS = 1_048_575


def export_sync_rows() -> int:
    return int(settings.HONGDUN.get("WORKFORCE_EXPORT_SYNC_ROWS", 20_000))


def export_max_rows() -> int:
    configured = int(settings.HONGDUN.get("WORKFORCE_EXPORT_MAX_ROWS", SHEET_MAX_DATA_ROWS))
    return min(configured, SHEET_MAX_DATA_ROWS)


class ExportTooLargeError(ApplicationError):
    """More rows than one sheet holds; `fix` names the filters that narrow the export."""

    def __init__(self, message: str, fix: str):
        super().__init__(message, field="unit", extra={"fix": fix})
        self.fix = fix


def export_check_size(*, kind: ExcelKind, count: int) -> None:
    """Refuse, before anything is written, an export with more rows than one sheet holds."""
    limit = export_max_rows()
    if count <= limit:
        return
    if kind.year_path:
        fix = _("请选择“单位”或“年度”缩小导出范围，分几次导出。")
    else:
        fix = _("请选择“单位”缩小导出范围，按单位分几次导出。")
    raise ExportTooLargeError(
        _("要导出的记录有 %(count)s 行，超过一个 Excel 工作表最多能容纳的 %(limit)s 行。")
        % {"count": f"{count:,}", "limit": f"{limit:,}"},
        fix,
    )


def _export_file_name(kind: ExcelKind) -> str:
    return f"{kind.label}-{timezone.localdate():%Y%m%d}.xlsx"


def export_job_create(
    *, user: User, kind: ExcelKind, filters: dict[str, Any], count: int = 0
) -> ExportJob:
    """Record a large export and queue the task that writes it.

    ``filters`` are the export form's cleaned data (a Unit or None, a year or None); ``count``
    is the row count the request saw, shown until the task counts again.
    """
    if not access.can_export(user, kind):
        raise ApplicationError(_("您的岗位不能导出“%(kind)s”。") % {"kind": kind.label})
    export_check_size(kind=kind, count=count)
    unit = filters.get("unit")
    job = ExportJob.objects.create(
        kind=kind.code,
        filters={
            "unit": unit.pk if unit is not None else None,
            "unit_name": str(unit.name) if unit is not None else "",
            "year": filters.get("year") or None,
        },
        created_by=user,
        total_rows=count,
        file_name=_export_file_name(kind),
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )
    write_export.enqueue(job.pk)
    return job


def _export_filters(job: ExportJob, kind: ExcelKind) -> dict[str, Any]:
    """The job's filters as the selectors take them, the unit checked against the user's scope
    as it is now (the export form offers only units of that scope)."""
    filters: dict[str, Any] = {"unit": None, "year": job.filters.get("year") or None}
    unit_id = job.filters.get("unit")
    if unit_id is not None:
        unit = selectors.export_units(user=job.created_by, kind=kind).filter(pk=unit_id).first()
        if unit is None:
            raise ApplicationError(
                _("单位“%(unit)s”已不在您的管理范围内，没有导出。")
                % {"unit": job.filters.get("unit_name") or unit_id},
                field="unit",
            )
        filters["unit"] = unit
    return filters


def export_job_run(*, job_id: int) -> None:
    """Background task: write the export with the requester's current rights, or fail saying why."""
    _in_job_language(ExportJob, job_id, _export_job_run)


def _export_fail(job: ExportJob, message: str) -> None:
    job.status = ExportStatus.FAILED
    job.message = message
    job.finished_at = timezone.now()
    ExportJob.objects.filter(pk=job.pk).update(
        status=job.status, message=message, finished_at=job.finished_at
    )


def _export_job_run(job: ExportJob) -> None:
    # The conditional update makes a task delivered twice write the file once.
    if not ExportJob.objects.filter(pk=job.pk, status=ExportStatus.QUEUED).update(
        status=ExportStatus.RUNNING, processed_rows=0
    ):
        return
    job.refresh_from_db()
    user = job.created_by
    part: Path | None = None
    final: Path | None = None
    try:
        kind = kind_get(job.kind)
        if not user.is_active or not access.can_export(user, kind):
            raise ApplicationError(
                _("您的岗位已不能导出“%(kind)s”，没有生成文件。") % {"kind": kind.label}
            )
        filters = _export_filters(job, kind)
        count = selectors.export_count(kind=kind, user=user, filters=filters)
        export_check_size(kind=kind, count=count)
        ExportJob.objects.filter(pk=job.pk).update(total_rows=count)
        name = files.new_export_name()
        final = files.export_path(name)
        final.parent.mkdir(parents=True, exist_ok=True)
        # Written under a temporary name and renamed when complete: a crash mid-way never
        # leaves a truncated file that looks finished.
        part = final.with_name(name + ".part")

        def saved(rows: int) -> None:
            ExportJob.objects.filter(pk=job.pk).update(processed_rows=rows)

        written = selectors.export_workbook_save(
            part, kind=kind, user=user, filters=filters, progress=saved
        )
        part.replace(final)
        part = None
        job.refresh_from_db()
        job.status = ExportStatus.DONE
        job.stored_name = name
        job.file_size = final.stat().st_size
        job.total_rows = written
        job.processed_rows = written
        job.columns = [c.column_name for c in selectors.template_columns(kind=kind, user=user)]
        job.finished_at = timezone.now()
        job.message = ""
        with transaction.atomic():
            job.save()
            audit_record(
                actor=user,
                action="workforce_excel_export",
                instance=job,
                after={"kind": kind.code, "filters": job.filters, "rows": written},
            )
    except ApplicationError as refusal:
        message = refusal.message
        if isinstance(refusal, ExportTooLargeError):
            message = f"{message} {refusal.fix}"
        _export_fail(job, message)
    except Exception:
        logger.exception("Excel export %s failed", job.pk)
        # A failure after the rename (saving the job) must not leave a file no job points to.
        if final is not None:
            final.unlink(missing_ok=True)
        _export_fail(job, _("生成导出文件时发生内部错误，已记录。请稍后重试，或联系系统管理员。"))
    finally:
        if part is not None:
            part.unlink(missing_ok=True)


def export_download_check(*, user: User, job: ExportJob) -> None:
    """A stored file may be downloaded while its owner may still export the kind and still sees
    every column it holds (a file written before they lost sight of personal data is not)."""
    if job.created_by_id != user.pk:
        raise ApplicationError(_("只能下载自己申请的导出。"))
    if not job.downloadable:
        raise ApplicationError(_("该导出没有可下载的文件。"))
    kind = kind_get(job.kind)
    if not access.can_export(user, kind):
        raise ApplicationError(
            _("您的岗位已不能导出“%(kind)s”，不能下载该文件。") % {"kind": kind.label}
        )
    visible = {c.column_name for c in selectors.template_columns(kind=kind, user=user)}
    if not set(job.columns) <= visible:
        raise ApplicationError(_("该文件包含您现在无权查看的列，不能下载。请重新导出。"))


def export_jobs_prune(*, days: int, now: Any = None) -> int:
    """Delete the stored files of export jobs created more than ``days`` days ago; the jobs stay
    in the list without a download link. Returns how many files were deleted."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=days)
    old = ExportJob.objects.filter(created_at__lt=cutoff)
    pruned = 0
    for job in old.exclude(stored_name=""):
        files.delete_export(job.stored_name)
        ExportJob.objects.filter(pk=job.pk).update(stored_name="", file_size=0)
        pruned += 1
    # A worker that died mid-way (killed, machine restarted) leaves its job running and a
    # partial file behind; after this long it is not coming back.
    for stale in old.filter(status__in=EXPORT_RUNNING_STATUSES):
        with translation.override(stale.language):
            _export_fail(stale, _("后台任务没有完成，导出已放弃。请重新导出。"))
    for part in files.export_dir().glob("*.part"):
        if dt.datetime.fromtimestamp(part.stat().st_mtime, tz=dt.UTC) < cutoff:
            part.unlink(missing_ok=True)
    return pruned


# --- background tasks (django-tasks; run by `manage.py db_worker`) ---------------------------
# Declared here, next to the services that enqueue and run them, so that imports go one way
# (tasks.py only re-exports them under the paths older queued tasks were stored with).


@task()
def check_import(job_id: int) -> None:
    import_job_check(job_id=job_id)


@task()
def apply_import(job_id: int) -> None:
    import_job_apply(job_id=job_id)


@task()
def write_export(job_id: int) -> None:
    export_job_run(job_id=job_id)
