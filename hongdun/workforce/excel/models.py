"""One upload of an Excel file: its stored copy, the check's findings, the counts and progress."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hongdun.workforce.excel.choices import ImportStage, ImportStatus

# The preview lists at most this many row errors and changed rows; the counts are always complete.
MAX_STORED_ERRORS = 500
MAX_STORED_CHANGES = 200


class ImportJob(models.Model):
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

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def percent(self) -> int:
        if not self.total_rows:
            return 0
        return min(100, round(100 * self.processed_rows / self.total_rows))

    @property
    def change_count(self) -> int:
        return self.new_count + self.updated_count

    @property
    def kind_label(self) -> str:
        from hongdun.workforce.excel.registry import kind_get

        try:
            return str(kind_get(self.kind).label)
        except KeyError:
            return self.kind
