"""Pillar 1 — leadership teams (领导班子建设): teams and dated memberships, bureau targets,
supervisory visits (督查), rotation training (轮训), and the litigation register (行政诉讼)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from hongdun.core.models import TimeStampedModel
from hongdun.workforce.choices import (
    LitigationResult,
    Rank,
    TargetComparison,
    TeamLevel,
    TeamMetric,
    TeamRole,
    TrialStage,
)
from hongdun.workforce.models.base import not_negative, ordered_dates, year_in_range
from hongdun.workforce.models.people import Person

HISTORY_EXCLUDED = ["created_at", "updated_at"]


class LeadershipTeam(TimeStampedModel):
    """The leadership team (领导班子) of one unit; its composition on any date is its
    memberships open on that date."""

    unit = models.OneToOneField(
        "orgs.Unit",
        verbose_name=_("单位"),
        on_delete=models.PROTECT,
        related_name="leadership_team",
    )
    name = models.CharField(_("班子名称"), max_length=100)
    level = models.CharField(_("班子层级"), max_length=24, choices=TeamLevel.choices)

    history = HistoricalRecords(excluded_fields=HISTORY_EXCLUDED)

    class Meta:
        verbose_name = _("领导班子")
        verbose_name_plural = _("领导班子")
        ordering = ["unit__ordering_key", "unit__code"]

    def __str__(self) -> str:
        return self.name


class TeamMembership(TimeStampedModel):
    """A person on a team in a role from `start_date` to `end_date` (open = still on the team)."""

    team = models.ForeignKey(
        LeadershipTeam,
        verbose_name=_("领导班子"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    person = models.ForeignKey(
        Person, verbose_name=_("人员"), on_delete=models.PROTECT, related_name="team_memberships"
    )
    role = models.CharField(_("班子职务"), max_length=24, choices=TeamRole.choices)
    title = models.CharField(_("职务名称"), max_length=60, blank=True)
    start_date = models.DateField(_("进入班子时间"))
    end_date = models.DateField(_("离开班子时间"), null=True, blank=True)
    position = models.ForeignKey(
        "workforce.PositionRecord",
        verbose_name=_("对应任职记录"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords(excluded_fields=HISTORY_EXCLUDED)

    class Meta:
        verbose_name = _("班子成员")
        verbose_name_plural = _("班子成员")
        ordering = ["team", "start_date"]
        indexes = [models.Index(fields=["team", "start_date", "end_date"])]
        constraints = [
            ordered_dates("wf_teammember", "start_date", "end_date"),
            models.UniqueConstraint(
                fields=["team", "person", "start_date"],
                name="wf_teammember_unique",
                violation_error_message=_("该人员已在此日期进入该班子。"),
            ),
            models.UniqueConstraint(
                fields=["team", "person"],
                condition=models.Q(end_date__isnull=True),
                name="wf_teammember_one_open",
                violation_error_message=_("该人员已是该班子的在任成员。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.team} · {self.person.name}"


class TeamTarget(TimeStampedModel):
    """A structure target the bureau sets for a level of teams in a year (e.g. bachelor+ ≥ 68%).

    `age_limit` defines "young" for the young-cadre metrics (the definition varies by level and
    document, so it is data). `value` is a count, a percentage or an age, as the metric says.
    """

    year = models.PositiveSmallIntegerField(_("年度"))
    level = models.CharField(_("班子层级"), max_length=24, choices=TeamLevel.choices)
    metric = models.CharField(_("指标"), max_length=32, choices=TeamMetric.choices)
    comparison = models.CharField(
        _("比较"),
        max_length=16,
        choices=TargetComparison.choices,
        default=TargetComparison.AT_LEAST,
    )
    value = models.DecimalField(_("目标值"), max_digits=6, decimal_places=2)
    age_limit = models.PositiveSmallIntegerField(
        _("年轻干部年龄上限"), null=True, blank=True, help_text=_("仅年轻干部指标使用")
    )
    document_number = models.CharField(_("依据文件"), max_length=80, blank=True)

    history = HistoricalRecords(excluded_fields=HISTORY_EXCLUDED)

    class Meta:
        verbose_name = _("班子结构目标")
        verbose_name_plural = _("班子结构目标")
        ordering = ["-year", "level", "metric"]
        constraints = [
            year_in_range("wf_target"),
            not_negative("wf_target", "value"),
            models.UniqueConstraint(
                fields=["year", "level", "metric"],
                name="wf_target_unique",
                violation_error_message=_("该年度该层级已设置此指标。"),
            ),
            models.CheckConstraint(
                condition=~models.Q(metric__in=["young_count", "young_share"])
                | models.Q(age_limit__isnull=False),
                name="wf_target_young_needs_age_limit",
                violation_error_message=_("年轻干部指标须填写年龄上限。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.get_level_display()} {self.get_metric_display()}"


class SupervisoryVisit(TimeStampedModel):
    """督查指导: a leader's visit to a unit by work division, with findings to follow up."""

    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("被督查单位"), on_delete=models.PROTECT, related_name="+"
    )
    visited_on = models.DateField(_("督查日期"))
    topic = models.CharField(_("督查事项"), max_length=120)
    leader = models.ForeignKey(
        Person,
        verbose_name=_("带队领导"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_visits",
    )
    participants = models.CharField(_("参加人员"), max_length=200, blank=True)
    summary = models.TextField(_("督查情况"), blank=True)

    history = HistoricalRecords(excluded_fields=HISTORY_EXCLUDED)

    class Meta:
        verbose_name = _("督查指导")
        verbose_name_plural = _("督查指导")
        ordering = ["-visited_on", "-id"]
        indexes = [models.Index(fields=["unit", "visited_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "visited_on", "topic"],
                name="wf_visit_unique",
                violation_error_message=_("该单位在此日期已有同一事项的督查记录。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.visited_on} {self.unit} {self.topic}"


class SupervisoryFinding(TimeStampedModel):
    """One problem found on a visit: what to fix by when, and when it was closed."""

    visit = models.ForeignKey(
        SupervisoryVisit, verbose_name=_("督查"), on_delete=models.CASCADE, related_name="findings"
    )
    description = models.TextField(_("发现问题"))
    requirement = models.TextField(_("整改要求"), blank=True)
    deadline = models.DateField(_("整改期限"))
    closed_on = models.DateField(_("销号日期"), null=True, blank=True)
    closure_note = models.TextField(_("整改情况"), blank=True)

    history = HistoricalRecords(excluded_fields=HISTORY_EXCLUDED)

    class Meta:
        verbose_name = _("督查发现问题")
        verbose_name_plural = _("督查发现问题")
        ordering = ["visit", "deadline", "id"]
        indexes = [models.Index(fields=["deadline", "closed_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closed_on__isnull=True) | ~models.Q(closure_note=""),
                name="wf_finding_closure_has_note",
                violation_error_message=_("销号时须填写整改情况。"),
            ),
        ]

    def __str__(self) -> str:
        return self.description[:40]


class RotationCycle(TimeStampedModel):
    """A round of rotation training (集中轮训) for everyone at or above `min_rank` on `end_date`."""

    title = models.CharField(_("轮训名称"), max_length=120)
    year = models.PositiveSmallIntegerField(_("年度"))
    topic = models.CharField(_("主要内容"), max_length=200, blank=True)
    min_rank = models.CharField(
        _("轮训对象职级下限"), max_length=24, choices=Rank.choices, default=Rank.DEPUTY_SECTION
    )
    start_date = models.DateField(_("开始日期"))
    end_date = models.DateField(_("结束日期"))
    required_hours = models.DecimalField(
        _("应完成学时"), max_digits=6, decimal_places=1, null=True, blank=True
    )

    history = HistoricalRecords(excluded_fields=HISTORY_EXCLUDED)

    class Meta:
        verbose_name = _("干部轮训")
        verbose_name_plural = _("干部轮训")
        ordering = ["-start_date"]
        constraints = [
            year_in_range("wf_rotation"),
            ordered_dates("wf_rotation", "start_date", "end_date"),
            models.UniqueConstraint(
                fields=["year", "title"],
                name="wf_rotation_unique",
                violation_error_message=_("该年度已有同名轮训。"),
            ),
            models.CheckConstraint(
                condition=models.Q(required_hours__isnull=True) | models.Q(required_hours__gt=0),
                name="wf_rotation_hours_positive",
                violation_error_message=_("应完成学时须大于 0。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.title}"


class RotationCompletion(TimeStampedModel):
    """A person completed (参训) a rotation cycle; coverage = completions / persons in scope."""

    cycle = models.ForeignKey(
        RotationCycle, verbose_name=_("轮训"), on_delete=models.CASCADE, related_name="completions"
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("人员"),
        on_delete=models.CASCADE,
        related_name="rotation_completions",
    )
    completed_on = models.DateField(_("完成日期"))
    hours = models.DecimalField(_("学时"), max_digits=6, decimal_places=1, default=0)
    note = models.CharField(_("备注"), max_length=120, blank=True)

    history = HistoricalRecords(excluded_fields=HISTORY_EXCLUDED)

    class Meta:
        verbose_name = _("轮训完成情况")
        verbose_name_plural = _("轮训完成情况")
        ordering = ["cycle", "person"]
        constraints = [
            not_negative("wf_rotationdone", "hours"),
            models.UniqueConstraint(
                fields=["cycle", "person"],
                name="wf_rotationdone_unique",
                violation_error_message=_("该人员已登记完成此轮训。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cycle} · {self.person.name}"


class LitigationCase(TimeStampedModel):
    """行政诉讼案件 where a unit is the defendant, and whether its administrative head appeared in
    court (行政首长出庭应诉); the appearance rate is over cases whose hearing has been held."""

    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("被告单位"), on_delete=models.PROTECT, related_name="+"
    )
    case_number = models.CharField(_("案号"), max_length=60, unique=True)
    court = models.CharField(_("受理法院"), max_length=100)
    stage = models.CharField(
        _("审级"), max_length=16, choices=TrialStage.choices, default=TrialStage.FIRST
    )
    cause = models.CharField(_("案由"), max_length=200)
    plaintiff = models.CharField(_("原告"), max_length=100)
    filed_on = models.DateField(_("立案日期"))
    hearing_on = models.DateField(_("开庭日期"), null=True, blank=True)
    head_appeared = models.BooleanField(_("行政首长出庭"), default=False)
    appeared_person = models.ForeignKey(
        Person,
        verbose_name=_("出庭负责人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    result = models.CharField(
        _("裁判结果"),
        max_length=24,
        choices=LitigationResult.choices,
        default=LitigationResult.PENDING,
    )
    closed_on = models.DateField(_("结案日期"), null=True, blank=True)
    note = models.TextField(_("备注"), blank=True)

    history = HistoricalRecords(excluded_fields=HISTORY_EXCLUDED)

    class Meta:
        verbose_name = _("行政诉讼案件")
        verbose_name_plural = _("行政诉讼案件")
        ordering = ["-filed_on", "case_number"]
        indexes = [models.Index(fields=["unit", "filed_on"])]
        constraints = [
            ordered_dates("wf_litigation", "filed_on", "hearing_on"),
            ordered_dates("wf_litigation", "filed_on", "closed_on"),
            models.CheckConstraint(
                condition=models.Q(head_appeared=False) | models.Q(hearing_on__isnull=False),
                name="wf_litigation_appearance_needs_hearing",
                violation_error_message=_("登记行政首长出庭时须填写开庭日期。"),
            ),
            models.CheckConstraint(
                condition=models.Q(result=LitigationResult.PENDING, closed_on__isnull=True)
                | (~models.Q(result=LitigationResult.PENDING) & models.Q(closed_on__isnull=False)),
                name="wf_litigation_result_with_closure",
                violation_error_message=_("已结案的案件须同时填写裁判结果和结案日期。"),
            ),
        ]

    def __str__(self) -> str:
        return self.case_number
