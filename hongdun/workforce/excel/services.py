"""Writes of the Excel import: upload, background check, confirm, background write, cancel.

The life of a job (``ImportJob``)::

    upload ─▶ CHECKING ─▶ READY ──confirm──▶ IMPORTING ─▶ DONE
                  │          └──cancel──▶ CANCELLED
                  └▶ INVALID ──cancel──▶ CANCELLED      (any unexpected error ─▶ FAILED)

The check reads the stored file and checks every row without writing any record. Confirming
checks the file again against the records as they are then (someone may have changed them since
the preview) and writes all rows in one transaction, or nothing.
"""

import logging
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hongdun.core.exceptions import ApplicationError
from hongdun.core.services import audit_record
from hongdun.workforce.excel import access, engine, files
from hongdun.workforce.excel.choices import ImportStage, ImportStatus
from hongdun.workforce.excel.kinds import ExcelKind
from hongdun.workforce.excel.models import MAX_STORED_CHANGES, MAX_STORED_ERRORS, ImportJob
from hongdun.workforce.excel.registry import kind_get

logger = logging.getLogger(__name__)

INSTRUCTIONS_AND_OPTIONS = ("填写说明", "选项")


def import_job_create(
    *, user: Any, kind: ExcelKind, file_name: str, chunks: Iterable[bytes]
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
    from hongdun.workforce.excel.tasks import check_import

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


def import_job_check(*, job_id: int) -> None:
    """Background task: check every row and prepare the preview. Writes no record."""
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    with translation.override(job.language):
        _import_job_check(job)


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


def import_job_confirm(*, user: Any, job: ImportJob) -> ImportJob:
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
    from hongdun.workforce.excel.tasks import apply_import

    apply_import.enqueue(job.pk)
    job.refresh_from_db()
    return job


def import_job_apply(*, job_id: int) -> None:
    """Background task: check the file again against the current records, then write every row
    in one transaction (or nothing)."""
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    with translation.override(job.language):
        _import_job_apply(job)


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


def import_job_cancel(*, user: Any, job: ImportJob) -> ImportJob:
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
