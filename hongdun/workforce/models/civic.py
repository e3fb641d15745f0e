"""Pillar 3 — civic virtue (精神文明建设): the honours register and the disclosure log."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from hongdun.core.models import TimeStampedModel
from hongdun.workforce.choices import (
    DisclosureCategory,
    DisclosureChannel,
    HonourCategory,
    HonourField,
    HonourLevel,
)
from hongdun.workforce.models.base import exactly_one_subject, year_in_range
from hongdun.workforce.models.learning import CompetitionEntry
from hongdun.workforce.models.people import Person

HISTORY_EXCLUDED = ["created_at", "updated_at"]


class Honour(TimeStampedModel):
    """An honour awarded to a unit or a person, one row per award and year.

    Streaks ("连续 4 年被授予最佳服务窗口") are computed from consecutive years of the same
    title from the same body, never stored. The title is as the award document writes it;
    `category` groups it for the article's counts (文明单位, 文明示范窗口, 青年文明号 …).
    """

    unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("获奖单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="workforce_honours",
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("获奖个人"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="honours",
    )
    title = models.CharField(_("荣誉称号"), max_length=120)
    category = models.CharField(_("荣誉类别"), max_length=32, choices=HonourCategory.choices)
    field = models.CharField(
        _("所属方面"), max_length=16, choices=HonourField.choices, default=HonourField.CIVIC
    )
    level = models.CharField(_("级别"), max_length=16, choices=HonourLevel.choices)
    awarding_body = models.CharField(_("授予机关"), max_length=120)
    year = models.PositiveSmallIntegerField(_("年度"), db_index=True)
    awarded_on = models.DateField(_("授予日期"), null=True, blank=True)
    document_number = models.CharField(_("表彰文号"), max_length=60, blank=True)
    revoked_on = models.DateField(_("撤销日期"), null=True, blank=True)
    competition_entry = models.ForeignKey(
        CompetitionEntry,
        verbose_name=_("对应竞赛成绩"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="honours",
    )

    history = HistoricalRecords(excluded_fields=HISTORY_EXCLUDED)

    class Meta:
        verbose_name = _("荣誉")
        verbose_name_plural = _("荣誉")
        ordering = ["-year", "level", "title"]
        indexes = [models.Index(fields=["category", "level", "year"])]
        constraints = [
            exactly_one_subject("wf_honour"),
            year_in_range("wf_honour"),
            models.UniqueConstraint(
                fields=["unit", "title", "awarding_body", "year"],
                condition=models.Q(unit__isnull=False),
                name="wf_honour_unit_unique",
                violation_error_message=_("该单位在该年度已登记此荣誉。"),
            ),
            models.UniqueConstraint(
                fields=["person", "title", "awarding_body", "year"],
                condition=models.Q(person__isnull=False),
                name="wf_honour_person_unique",
                violation_error_message=_("该人员在该年度已登记此荣誉。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.title}"


class DisclosureEntry(TimeStampedModel):
    """政务公开: one item a unit made public, on which channel and when."""

    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("公开单位"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("公开事项"), max_length=200)
    category = models.CharField(_("类别"), max_length=16, choices=DisclosureCategory.choices)
    channel = models.CharField(_("公开渠道"), max_length=24, choices=DisclosureChannel.choices)
    disclosed_on = models.DateField(_("公开日期"))
    url = models.URLField(_("链接"), blank=True)
    summary = models.TextField(_("内容摘要"), blank=True)

    history = HistoricalRecords(excluded_fields=HISTORY_EXCLUDED)

    class Meta:
        verbose_name = _("政务公开记录")
        verbose_name_plural = _("政务公开记录")
        ordering = ["-disclosed_on", "-id"]
        indexes = [models.Index(fields=["unit", "disclosed_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "title", "channel", "disclosed_on"],
                name="wf_disclosure_unique",
                violation_error_message=_("该事项已在此日期通过此渠道公开。"),
            )
        ]

    def __str__(self) -> str:
        return self.title
