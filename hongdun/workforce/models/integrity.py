"""Pillar 4 — integrity (党风廉政建设). Only the discipline office edits and reads these in full.

Responsibility letters (责任书), duty-and-integrity reports (述职述廉) with ratings by
service-object representatives, three-in-one supervision (执法监督, 效能监察, 行风评议),
invited integrity supervisors (特邀廉政监督员) and their feedback, evaluation rounds of
units by outside bodies (人大评议, 民主评议) and commendations.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from hongdun.core.models import TimeStampedModel
from hongdun.workforce.choices import (
    CheckResult,
    EvaluationGrade,
    EvaluatorKind,
    HonourLevel,
    Satisfaction,
    SupervisionKind,
)
from hongdun.workforce.models.base import (
    exactly_one_subject,
    ordered_dates,
    rank_positive,
    year_in_range,
)
from hongdun.workforce.models.people import Person

HISTORY_EXCLUDED = ["created_at", "updated_at"]


class ResponsibilityLetter(TimeStampedModel):
    """党风廉政建设责任书 signed for a year by a unit's head, and the year-end check."""

    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("责任单位"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    signer = models.ForeignKey(
        Person, verbose_name=_("签订人（单位负责人）"), on_delete=models.PROTECT, related_name="+"
    )
    counterparty = models.CharField(_("签订对象"), max_length=100, help_text=_("如：市局党组书记"))
    signed_on = models.DateField(_("签订日期"))
    content = models.TextField(_("主要责任内容"), blank=True)
    check_result = models.CharField(
        _("考核结果"), max_length=16, choices=CheckResult.choices, blank=True
    )
    checked_on = models.DateField(_("考核日期"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=HISTORY_EXCLUDED)

    class Meta:
        verbose_name = _("廉政责任书")
        verbose_name_plural = _("廉政责任书")
        ordering = ["-year", "unit__ordering_key"]
        constraints = [
            year_in_range("wf_letter"),
            ordered_dates("wf_letter", "signed_on", "checked_on"),
            models.UniqueConstraint(
                fields=["unit", "year", "signer"],
                name="wf_letter_unique",
                violation_error_message=_("该单位负责人本年度已签订责任书。"),
            ),
            models.CheckConstraint(
                condition=models.Q(check_result="") | models.Q(checked_on__isnull=False),
                name="wf_letter_result_has_date",
                violation_error_message=_("填写考核结果时须填写考核日期。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.unit}"


class DutyReport(TimeStampedModel):
    """述职述廉: an enforcement officer reports to representatives of those they supervise."""

    person = models.ForeignKey(
        Person, verbose_name=_("述职人"), on_delete=models.PROTECT, related_name="duty_reports"
    )
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("所在单位"), on_delete=models.PROTECT, related_name="+"
    )
    reported_on = models.DateField(_("述职日期"))
    audience = models.CharField(
        _("听取对象"), max_length=150, help_text=_("如：辖区个体工商户、企业代表")
    )
    summary = models.TextField(_("述职述廉要点"), blank=True)

    history = HistoricalRecords(excluded_fields=HISTORY_EXCLUDED)

    class Meta:
        verbose_name = _("述职述廉")
        verbose_name_plural = _("述职述廉")
        ordering = ["-reported_on"]
        indexes = [models.Index(fields=["unit", "reported_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "reported_on"],
                name="wf_dutyreport_unique",
                violation_error_message=_("该人员在此日期已有述职述廉记录。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.reported_on} {self.person.name}"


class DutyReportRating(TimeStampedModel):
    """One representative's rating sheet (测评表) for a duty report."""

    report = models.ForeignKey(
        DutyReport, verbose_name=_("述职述廉"), on_delete=models.CASCADE, related_name="ratings"
    )
    rater_label = models.CharField(
        _("测评人"), max_length=60, help_text=_("代表编号或姓名；匿名测评填编号")
    )
    rater_organisation = models.CharField(_("测评人单位"), max_length=100, blank=True)
    rating = models.CharField(_("测评结果"), max_length=24, choices=Satisfaction.choices)
    comment = models.TextField(_("意见建议"), blank=True)

    history = HistoricalRecords(excluded_fields=HISTORY_EXCLUDED)

    class Meta:
        verbose_name = _("述职述廉测评")
        verbose_name_plural = _("述职述廉测评")
        ordering = ["report", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "rater_label"],
                name="wf_rating_unique",
                violation_error_message=_("该测评人已对此次述职述廉测评。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.report} · {self.rater_label}"


class SupervisionRecord(TimeStampedModel):
    """Three-in-one supervision (执法监督 / 效能监察 / 行风评议): findings and rectification."""

    kind = models.CharField(_("监督类型"), max_length=24, choices=SupervisionKind.choices)
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("被监督单位"), on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("涉及人员"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    conducted_on = models.DateField(_("监督日期"))
    title = models.CharField(_("事项"), max_length=150)
    findings = models.TextField(_("发现问题"), blank=True)
    rectification_required = models.BooleanField(_("需整改"), default=False)
    rectification_deadline = models.DateField(_("整改期限"), null=True, blank=True)
    rectified_on = models.DateField(_("整改完成日期"), null=True, blank=True)
    rectification = models.TextField(_("整改情况"), blank=True)

    history = HistoricalRecords(excluded_fields=HISTORY_EXCLUDED)

    class Meta:
        verbose_name = _("三位一体监督")
        verbose_name_plural = _("三位一体监督")
        ordering = ["-conducted_on", "-id"]
        indexes = [models.Index(fields=["kind", "conducted_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rectification_required=False)
                | models.Q(rectification_deadline__isnull=False),
                name="wf_supervision_deadline_when_required",
                violation_error_message=_("需整改的事项须填写整改期限。"),
            ),
            models.CheckConstraint(
                condition=models.Q(rectified_on__isnull=True) | ~models.Q(rectification=""),
                name="wf_supervision_rectified_has_note",
                violation_error_message=_("填写整改完成日期时须填写整改情况。"),
            ),
            models.UniqueConstraint(
                fields=["kind", "unit", "conducted_on", "title"],
                name="wf_supervision_unique",
                violation_error_message=_("该监督事项已登记。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.title}"


class IntegritySupervisor(TimeStampedModel):
    """特邀廉政监督员: an outside person invited for a term; their phone is personal data."""

    name = models.CharField(_("姓名"), max_length=50)
    organisation = models.CharField(_("工作单位"), max_length=100)
    occupation = models.CharField(_("身份/职业"), max_length=60, blank=True)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("聘请单位"), on_delete=models.PROTECT, related_name="+"
    )
    term_start = models.DateField(_("聘期开始"))
    term_end = models.DateField(_("聘期结束"))
    appointment_document = models.CharField(_("聘请文号"), max_length=60, blank=True)

    history = HistoricalRecords(excluded_fields=HISTORY_EXCLUDED)

    class Meta:
        verbose_name = _("特邀廉政监督员")
        verbose_name_plural = _("特邀廉政监督员")
        ordering = ["-term_start", "name"]
        constraints = [
            ordered_dates("wf_supervisor", "term_start", "term_end"),
            models.UniqueConstraint(
                fields=["unit", "name", "term_start"],
                name="wf_supervisor_unique",
                violation_error_message=_("该监督员在此聘期已登记。"),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class SupervisorFeedback(TimeStampedModel):
    """An opinion a supervisor raised, and the bureau's response."""

    supervisor = models.ForeignKey(
        IntegritySupervisor,
        verbose_name=_("监督员"),
        on_delete=models.CASCADE,
        related_name="feedback",
    )
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("涉及单位"), on_delete=models.PROTECT, related_name="+"
    )
    received_on = models.DateField(_("反映日期"))
    content = models.TextField(_("反映内容"))
    response = models.TextField(_("办理情况"), blank=True)
    responded_on = models.DateField(_("反馈日期"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=HISTORY_EXCLUDED)

    class Meta:
        verbose_name = _("监督员意见")
        verbose_name_plural = _("监督员意见")
        ordering = ["-received_on"]
        constraints = [
            ordered_dates("wf_feedback", "received_on", "responded_on"),
            models.CheckConstraint(
                condition=models.Q(responded_on__isnull=True) | ~models.Q(response=""),
                name="wf_feedback_response_has_text",
                violation_error_message=_("填写反馈日期时须填写办理情况。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.received_on} {self.supervisor}"


class EvaluationRound(TimeStampedModel):
    """An evaluation of units by an outside body: a people's-congress review (人大评议) or a
    democratic appraisal (民主评议政风行风). `subject_count` is how many bodies were evaluated
    in all, including those outside the bureau (e.g. "全市 9 个评议对象")."""

    title = models.CharField(_("评议名称"), max_length=150)
    evaluator_kind = models.CharField(_("评议类型"), max_length=24, choices=EvaluatorKind.choices)
    evaluator_body = models.CharField(_("评议机关"), max_length=100)
    year = models.PositiveSmallIntegerField(_("年度"))
    held_on = models.DateField(_("评议日期"), null=True, blank=True)
    subject_count = models.PositiveSmallIntegerField(_("评议对象总数"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=HISTORY_EXCLUDED)

    class Meta:
        verbose_name = _("评议活动")
        verbose_name_plural = _("评议活动")
        ordering = ["-year", "title"]
        constraints = [
            year_in_range("wf_evalround"),
            models.UniqueConstraint(
                fields=["year", "title", "evaluator_body"],
                name="wf_evalround_unique",
                violation_error_message=_("该年度已有同名评议。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.title}"


class EvaluationResult(TimeStampedModel):
    """A unit's result in a round: votes, grade, rank among peers. Unanimity is computed (no votes
    against or abstaining, at least one for)."""

    round = models.ForeignKey(
        EvaluationRound, verbose_name=_("评议"), on_delete=models.CASCADE, related_name="results"
    )
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("被评议单位"), on_delete=models.PROTECT, related_name="+"
    )
    votes_for = models.PositiveIntegerField(_("满意票"), null=True, blank=True)
    votes_basic = models.PositiveIntegerField(_("基本满意票"), null=True, blank=True)
    votes_against = models.PositiveIntegerField(_("不满意票"), null=True, blank=True)
    votes_abstain = models.PositiveIntegerField(_("弃权票"), null=True, blank=True)
    score = models.DecimalField(
        _("综合得分"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    grade = models.CharField(
        _("评议等次"), max_length=24, choices=EvaluationGrade.choices, blank=True
    )
    rank = models.PositiveSmallIntegerField(_("名次"), null=True, blank=True)
    peer_count = models.PositiveSmallIntegerField(_("同类参评数"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=HISTORY_EXCLUDED)

    class Meta:
        verbose_name = _("评议结果")
        verbose_name_plural = _("评议结果")
        ordering = ["round", "rank", "unit__ordering_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "unit"],
                name="wf_evalresult_unique",
                violation_error_message=_("该单位在此评议中已有结果。"),
            ),
            rank_positive("wf_evalresult"),
            models.CheckConstraint(
                condition=models.Q(rank__isnull=True)
                | models.Q(peer_count__isnull=True)
                | models.Q(rank__lte=models.F("peer_count")),
                name="wf_evalresult_rank_within_peers",
                violation_error_message=_("名次不能大于同类参评数。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round} · {self.unit}"


class Commendation(TimeStampedModel):
    """A commendation in integrity work, of a person (勤廉兼优先进典型) or a unit (先进集体)."""

    person = models.ForeignKey(
        Person,
        verbose_name=_("受表彰个人"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="commendations",
    )
    unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("受表彰单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField(_("表彰名称"), max_length=120)
    level = models.CharField(_("级别"), max_length=16, choices=HonourLevel.choices)
    awarding_body = models.CharField(_("表彰机关"), max_length=120)
    year = models.PositiveSmallIntegerField(_("年度"))
    document_number = models.CharField(_("表彰文号"), max_length=60, blank=True)
    deeds = models.TextField(_("主要事迹"), blank=True)

    history = HistoricalRecords(excluded_fields=HISTORY_EXCLUDED)

    class Meta:
        verbose_name = _("廉政表彰")
        verbose_name_plural = _("廉政表彰")
        ordering = ["-year", "title"]
        constraints = [
            exactly_one_subject("wf_commendation"),
            year_in_range("wf_commendation"),
            models.UniqueConstraint(
                fields=["person", "title", "year"],
                condition=models.Q(person__isnull=False),
                name="wf_commendation_person_unique",
                violation_error_message=_("该人员在该年度已登记此表彰。"),
            ),
            models.UniqueConstraint(
                fields=["unit", "title", "year"],
                condition=models.Q(unit__isnull=False),
                name="wf_commendation_unit_unique",
                violation_error_message=_("该单位在该年度已登记此表彰。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.title}"
