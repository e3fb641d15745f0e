"""Excel jobs: an upload (its stored copy, the check's findings, counts, progress) and a large
export written in the background (its filters, progress and stored file)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hongdun.workforce.excel.choices import (
    EXPORT_RUNNING_STATUSES,
    ExportStatus,
    ImportStage,
    ImportStatus,
)

# The preview lists at most this many row errors and changed rows; the counts are always complete.
MAX_STORED_ERRORS = 500
MAX_STORED_CHANGES = 200


class ExcelJobDisplay:
    """What the job pages show of either kind of job: its name, kind and progress."""

    kind: str
    file_name: str
    total_rows: int
    processed_rows: int

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"  # type: ignore[attr-defined]

    @property
    def percent(self) -> int:
        if not self.total_rows:
            return 0
        return min(100, round(100 * self.processed_rows / self.total_rows))

    @property
    def kind_label(self) -> str:
        from hongdun.workforce.excel.registry import kind_get

        try:
            return str(kind_get(self.kind).label)
        except KeyError:
            return self.kind


class ImportJob(ExcelJobDisplay, models.Model):
    """An Excel import of one kind of workforce record by one member of staff.

    The uploaded file is kept under ``PRIVATE_ROOT`` (never served) until the job ends. The check
    runs in the background and fills ``errors`` and the new/updated/unchanged counts; nothing is
    written to the records until the user confirms a job without errors, and then all rows are
    written in one transaction. A job is visible only to the person who uploaded it.
    """

    kind = models.CharField(_("模板"), max_length=32)
    status = models.CharField(
        _("状态"), max_length=16, choices=ImportStatus.choices, default=ImportStatus.CHECKING
    )
    stage = models.CharField(
        _("阶段"), max_length=16, choices=ImportStage.choices, default=ImportStage.QUEUED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("导入人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    file_name = models.CharField(_("文件名"), max_length=255)
    stored_name = models.CharField(_("存储文件"), max_length=255, blank=True)
    file_size = models.PositiveBigIntegerField(_("文件大小"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    total_rows = models.PositiveIntegerField(_("数据行数"), default=0)
    processed_rows = models.PositiveIntegerField(_("已处理行数"), default=0)
    new_count = models.PositiveIntegerField(_("新增"), default=0)
    updated_count = models.PositiveIntegerField(_("更新"), default=0)
    unchanged_count = models.PositiveIntegerField(_("无变化"), default=0)
    error_count = models.PositiveIntegerField(_("错误数"), default=0)
    error_row_count = models.PositiveIntegerField(_("有错误的行数"), default=0)
    # [{"row": 5, "column": "姓名", "value": "…", "message": "…", "fix": "…"}, …]; row 0 = the file.
    errors = models.JSONField(_("错误"), default=list, blank=True)
    # [{"row": 7, "key": "…", "columns": ["学时"]}, …]: a sample of the rows an import would update.
    changes = models.JSONField(_("变更"), default=list, blank=True)
    message = models.TextField(_("说明"), blank=True)
    # The uploader's language: the background check writes its messages in it.
    language = models.CharField(_("语言"), max_length=16, default="zh-hans")

    class Meta:
        verbose_name = _("Excel 导入")
        verbose_name_plural = _("Excel 导入")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["created_by", "-created_at"])]

    @property
    def change_count(self) -> int:
        return self.new_count + self.updated_count


class ExportJob(ExcelJobDisplay, models.Model):
    """An export too large to answer within a web request, written by a background task.

    The filters are kept as JSON (``{"unit": id or null, "unit_name": "…", "year": n or null}``;
    the unit's name only for display) and applied again, with the permissions and the columns
    the user may see *when the task runs*. The file is stored under ``PRIVATE_ROOT`` (never
    served by the web server), downloadable by the job's owner only, and deleted by
    ``prune_excel_exports`` after some days.
    """

    kind = models.CharField(_("模板"), max_length=32)
    filters = models.JSONField(_("筛选条件"), default=dict, blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("导出人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    total_rows = models.PositiveIntegerField(_("数据行数"), default=0)
    processed_rows = models.PositiveIntegerField(_("已写入行数"), default=0)
    # The download name the user sees; the stored file has a random name.
    file_name = models.CharField(_("文件名"), max_length=255)
    stored_name = models.CharField(_("存储文件"), max_length=255, blank=True)
    file_size = models.PositiveBigIntegerField(_("文件大小"), default=0)
    # The column names written, so a download can be refused once the user may no longer see
    # one of them (the file was written with the rights they had then).
    columns = models.JSONField(_("导出的列"), default=list, blank=True)
    message = models.TextField(_("说明"), blank=True)
    # The requester's language: the task writes the workbook's notes and messages in it.
    language = models.CharField(_("语言"), max_length=16, default="zh-hans")

    class Meta:
        verbose_name = _("Excel 导出")
        verbose_name_plural = _("Excel 导出")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["created_by", "-created_at"])]

    @property
    def running(self) -> bool:
        return self.status in EXPORT_RUNNING_STATUSES

    @property
    def downloadable(self) -> bool:
        return self.status == ExportStatus.DONE and bool(self.stored_name)

    @property
    def unit_name(self) -> str:
        return str(self.filters.get("unit_name") or "")

    @property
    def year(self) -> int | None:
        year = self.filters.get("year")
        return int(year) if year else None
