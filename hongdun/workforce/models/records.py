"""Records about the records: year-end statistics snapshots (row 37). Excel import jobs live in
hongdun.workforce.excel."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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
