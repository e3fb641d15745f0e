"""Reads of the Excel pages: the user's import and export jobs, export scope and the workbooks."""

import io
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from hongdun.accounts.models import User
from hongdun.accounts.types import AnyUser
from hongdun.core.scope import units_in_reach
from hongdun.orgs.models import Unit
from hongdun.orgs.selectors import unit_subtree_ids
from hongdun.workforce.excel import access, workbook
from hongdun.workforce.excel.cells import Column, LookupWidget
from hongdun.workforce.excel.kinds import ExcelKind
from hongdun.workforce.excel.models import ExportJob, ImportJob

RECENT_JOBS = 20
# A background export saves its progress after this many rows (a query each time, not per row).
EXPORT_PROGRESS_EVERY = 5_000


def import_job_get_for_user(*, user: User, pk: int) -> ImportJob:
    """A job is visible to its uploader only; anyone else gets 404, as if it did not exist."""
    try:
        return ImportJob.objects.get(pk=pk, created_by=user)
    except ImportJob.DoesNotExist as error:
        raise Http404 from error


def import_jobs_recent(*, user: User) -> QuerySet[ImportJob]:
    return ImportJob.objects.filter(created_by=user).order_by("-created_at", "-id")[:RECENT_JOBS]


def export_units(*, user: AnyUser, kind: ExcelKind) -> QuerySet[Unit]:
    return units_in_reach(user, kind.record_kind)


def template_columns(*, kind: ExcelKind, user: AnyUser, resource: Any = None) -> list[Column]:
    return access.visible_columns(user, kind, kind.all_columns(resource))


def template_workbook(*, kind: ExcelKind, user: AnyUser) -> bytes:
    """The empty template for this user (without the columns they may not see)."""
    return workbook.write_workbook(
        sheet_title=kind.sheet_title,
        columns=template_columns(kind=kind, user=user),
        rows=[],
        notes=[str(n) for n in kind.notes] + _general_notes(kind),
        kind_label=str(kind.label),
    )


def export_queryset(*, kind: ExcelKind, user: AnyUser, filters: dict[str, Any]) -> QuerySet[Any]:
    """The records of the kind the user may read, limited to a unit's subtree and a year."""
    qs = access.export_scope(user, kind.model._default_manager.all())
    unit = filters.get("unit")
    if unit is not None:
        condition = access.unit_filter(kind, unit_subtree_ids(unit=unit))
        if condition is not None:
            qs = qs.filter(condition)
    return kind.filter_export(qs, filters).order_by("pk")


def export_count(*, kind: ExcelKind, user: AnyUser, filters: dict[str, Any]) -> int:
    """How many rows the export would hold (one COUNT; decides instant or background)."""
    return export_queryset(kind=kind, user=user, filters=filters).count()


def export_workbook(
    *, kind: ExcelKind, user: AnyUser, filters: dict[str, Any]
) -> tuple[bytes, int]:
    """The records in the template's layout, so the file can be edited and imported again."""
    buffer = io.BytesIO()
    count = export_workbook_save(buffer, kind=kind, user=user, filters=filters)
    return buffer.getvalue(), count


def export_workbook_save(
    target: str | Path | BinaryIO,
    *,
    kind: ExcelKind,
    user: AnyUser,
    filters: dict[str, Any],
    progress: Callable[[int], None] | None = None,
    progress_every: int = EXPORT_PROGRESS_EVERY,
) -> int:
    """Write the export to a file or buffer and return its number of data rows.

    The scope and the visible columns are those of ``user`` now. ``progress`` is called with
    the rows written so far every ``progress_every`` rows and once at the end, not per row:
    a background export of a million rows updates its job a few hundred times.
    """
    resource = kind.new_resource()
    columns = template_columns(kind=kind, user=user, resource=resource)
    qs = export_queryset(kind=kind, user=user, filters=filters)
    related = [c.attribute for c in columns if isinstance(c.widget, LookupWidget)]
    if related:
        qs = qs.select_related(*related)
    written = 0

    def counted(rows: Iterable[list[Any]]) -> Iterator[list[Any]]:
        nonlocal written
        for row in rows:
            yield row
            written += 1
            if progress is not None and written % progress_every == 0:
                progress(written)

    workbook.save_workbook(
        target,
        sheet_title=kind.sheet_title,
        columns=columns,
        rows=counted(kind.export_rows(qs, columns)),
        notes=[str(n) for n in kind.notes] + _general_notes(kind),
        kind_label=str(kind.label),
    )
    if progress is not None:
        progress(written)
    return written


def export_job_get_for_user(*, user: User, pk: int) -> ExportJob:
    """An export is visible to whoever asked for it only; anyone else gets 404."""
    try:
        return ExportJob.objects.get(pk=pk, created_by=user)
    except ExportJob.DoesNotExist as error:
        raise Http404 from error


def export_jobs_recent(*, user: User, kind: str | None = None) -> QuerySet[ExportJob]:
    jobs = ExportJob.objects.filter(created_by=user)
    if kind is not None:
        jobs = jobs.filter(kind=kind)
    return jobs.order_by("-created_at", "-id")[:RECENT_JOBS]


def _general_notes(kind: ExcelKind) -> list[str]:
    resource_columns = {c.attribute: c.column_name for c in kind.all_columns()}
    key = "、".join(resource_columns.get(a, a) for a in kind.key)
    return [
        _("第一行是表头，请勿修改列名；数据从第二行开始，每行一条记录。红色列名为必填项。"),
        _(
            "按“%(key)s”识别同一条记录：已有的记录会被更新，没有的会新增；重复导入同一文件不会产生重复记录。"
        )
        % {"key": key},
        _("导入前系统会逐行检查并预览，任何一行有错误时不会写入任何数据；改正后重新上传即可。"),
        _("导出的文件可以直接修改后再导入。日期请填写为 2008-03-01 这样的格式。"),
    ]


def error_report_workbook(*, job: ImportJob) -> bytes:
    """The job's row errors as a workbook the user can work through."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("错误清单"))
    sheet.append([_("行号"), _("列"), _("内容"), _("问题"), _("修改方法")])
    for error in job.errors:
        sheet.append(
            [
                error.get("row") or "",
                error.get("column", ""),
                error.get("value", ""),
                error.get("message", ""),
                error.get("fix", ""),
            ]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
