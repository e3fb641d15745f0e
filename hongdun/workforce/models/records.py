"""Records about the records: year-end statistics snapshots (row 37) and Excel import jobs."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hongdun.workforce.choices import ImportStatus


class FigureSnapshot(models.Model):
    """Figures of one report for a unit subtree as of a date, frozen (统计快照).

    The payload is what the figures selectors returned, so a year-end report can be reproduced
    exactly even after records are corrected; recomputing and comparing shows what changed.
    """

    report = models.CharField(_("报表"), max_length=60)
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+"
    )
    as_of = models.DateField(_("统计日期"))
    payload = models.JSONField(_("数据"))
    note = models.CharField(_("说明"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("生成时间"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("生成人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("统计快照")
        verbose_name_plural = _("统计快照")
        ordering = ["-as_of", "report"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "unit", "as_of"],
                name="wf_snapshot_unique",
                violation_error_message=_("该单位在此统计日期已有此报表的快照。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.report} {self.unit} {self.as_of}"


class ImportJob(models.Model):
    """An Excel import: the uploaded file (stored outside the web root), the preview's row errors,
    and progress while it runs. The same job is previewed, then confirmed."""

    kind = models.CharField(_("数据类型"), max_length=40)
    original_name = models.CharField(_("文件名"), max_length=200)
    stored_path = models.CharField(_("存储路径"), max_length=300)
    status = models.CharField(
        _("状态"), max_length=16, choices=ImportStatus.choices, default=ImportStatus.UPLOADED
    )
    unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("导入范围"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    total_rows = models.PositiveIntegerField(_("总行数"), default=0)
    processed_rows = models.PositiveIntegerField(_("已处理行数"), default=0)
    created_rows = models.PositiveIntegerField(_("新增"), default=0)
    updated_rows = models.PositiveIntegerField(_("更新"), default=0)
    unchanged_rows = models.PositiveIntegerField(_("未变"), default=0)
    error_rows = models.PositiveIntegerField(_("错误行数"), default=0)
    errors = models.JSONField(_("行错误"), default=list, blank=True)
    message = models.TextField(_("结果说明"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("导入人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("导入任务")
        verbose_name_plural = _("导入任务")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(processed_rows__lte=models.F("total_rows")),
                name="wf_import_progress_bounded",
                violation_error_message=_("已处理行数不能超过总行数。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.original_name}"
