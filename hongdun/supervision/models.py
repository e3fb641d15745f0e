"""The supervision registers: the abnormal-operation list (经营异常名录), the serious-violation
list (严重违法失信名单), the scheduled runs that propose entries, and the random inspections
(双随机一公开).

Every listing is a decision record: proposed (a candidate, by the scheduled run or a clerk), then
decided (listed with a document number, or dismissed with a reason), later removed with its own
decision. Rows are never deleted; history keeps every change. The register's own flags
(`Enterprise.on_abnormal_list` …) are kept in step by the services in the same transaction, so that
registration reads them with the enterprise row (docs/rules/supervision.md).
"""

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from hongdun.core.models import TimeStampedModel
from hongdun.supervision.choices import (
    OPEN_LISTING_STATUSES,
    AbnormalReason,
    InspectionKind,
    InspectionResult,
    JobName,
    ListingSource,
    ListingStatus,
    PlanStatus,
    RelationKind,
    RemovalGround,
    RequestStatus,
    SeriousGround,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

_USER = settings.AUTH_USER_MODEL


def _actor(label: "StrOrPromise", related: str = "+") -> "models.ForeignKey[Any, Any]":
    return models.ForeignKey(
        _USER,
        verbose_name=label,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name=related,
    )


class ScheduledRun(models.Model):
    """One step of one `run_scheduled` day: what it proposed (counts and the rows that name it)."""

    job = models.CharField(_("任务"), max_length=32, choices=JobName.choices)
    run_date = models.DateField(_("运行日期"), db_index=True)
    committed = models.BooleanField(_("已写入"), default=False)
    started_at = models.DateTimeField(_("开始时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    triggered_by = _actor(_("执行人"))
    counts = models.JSONField(_("计数"), default=dict, blank=True)

    class Meta:
        verbose_name = _("定时任务运行记录")
        verbose_name_plural = _("定时任务运行记录")
        ordering = ["-run_date", "-started_at"]

    def __str__(self) -> str:
        return f"{self.get_job_display()} {self.run_date}"


class ListingDecision(TimeStampedModel):
    """What an entry of either list records of its decision: proposed (a candidate, with the day
    the decision period runs from and the authority that decides), decided (listed with a document
    number, or dismissed with a reason) and later removed by a decision with its own number."""

    status = models.CharField(
        _("状态"), max_length=16, choices=ListingStatus.choices, default=ListingStatus.PROPOSED
    )
    source = models.CharField(_("来源"), max_length=24, choices=ListingSource.choices)
    facts = models.TextField(_("事实"), max_length=4000, blank=True)
    # The day the decision period runs from; on the abnormal list the filing deadline (reason 1),
    # the end of the ordered period (reason 2), the day the facts were verified (reasons 3 and 4).
    basis_on = models.DateField(_("起算日"))
    decision_due_on = models.DateField(_("决定期限"), db_index=True)
    authority = models.ForeignKey(
        "orgs.Unit", verbose_name=_("作出决定机关"), on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(_("提出时间"), auto_now_add=True)
    proposed_by = _actor(_("提出人"))
    listed_on = models.DateField(_("列入日期"), null=True, blank=True, db_index=True)
    document_number = models.CharField(_("列入决定书文号"), max_length=100, blank=True)
    decided_by = _actor(_("决定人"))
    late_reason = models.TextField(_("逾期决定理由"), max_length=1000, blank=True)
    dismissed_reason = models.TextField(_("不予列入理由"), max_length=1000, blank=True)
    removed_on = models.DateField(_("移出日期"), null=True, blank=True)
    removal_document_number = models.CharField(_("移出决定书文号"), max_length=100, blank=True)
    removed_by = _actor(_("移出决定人"))

    class Meta:
        abstract = True
        ordering = ["-listed_on", "-proposed_at"]


def _decision_constraints(prefix: str) -> list[models.BaseConstraint]:
    """The constraints every list's decisions keep: document numbers unique per authority (the
    listing's and the removal's) and no listed entry without its date."""
    return [
        models.UniqueConstraint(
            fields=["authority", "document_number"],
            condition=~Q(document_number=""),
            name=f"{prefix}_document_number_unique",
            violation_error_message=_("该决定书文号已被使用。"),
        ),
        models.UniqueConstraint(
            fields=["authority", "removal_document_number"],
            condition=~Q(removal_document_number=""),
            name=f"{prefix}_removal_number_unique",
            violation_error_message=_("该移出决定书文号已被使用。"),
        ),
        models.CheckConstraint(
            condition=~Q(status=ListingStatus.LISTED) | Q(listed_on__isnull=False),
            name=f"{prefix}_listed_has_date",
        ),
    ]


class AbnormalListing(ListingDecision):
    """One entry of the abnormal-operation list, from candidate to removal."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("市场主体"),
        on_delete=models.PROTECT,
        related_name="abnormal_listings",
    )
    reason = models.PositiveSmallIntegerField(_("列入事由"), choices=AbnormalReason.choices)
    # Reason 1: the report year not filed (the earliest one, when several are missing).
    report_year = models.PositiveSmallIntegerField(_("未报送年度"), null=True, blank=True)
    source_reference = models.CharField(
        _("依据文书或记录"),
        max_length=200,
        blank=True,
        help_text=_("责令公示通知书、核查记录或退信编号"),
    )
    proposed_by_run = models.ForeignKey(
        ScheduledRun,
        verbose_name=_("提出任务"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="abnormal_listings",
    )
    removal_ground = models.CharField(
        _("移出原因"), max_length=32, choices=RemovalGround.choices, blank=True
    )
    three_year_reminder_sent_on = models.DateField(_("届满提醒日期"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta(ListingDecision.Meta):
        verbose_name = _("经营异常名录")
        verbose_name_plural = _("经营异常名录")
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "reason"],
                condition=Q(status__in=OPEN_LISTING_STATUSES),
                name="supervision_abnormal_one_open_per_reason",
                violation_error_message=_("该企业已因同一事由被列入或已在待决定名单中。"),
            ),
            models.CheckConstraint(
                condition=~Q(status=ListingStatus.REMOVED)
                | Q(removed_on__isnull=False, listed_on__isnull=False),
                name="supervision_abnormal_removed_has_dates",
            ),
            *_decision_constraints("supervision_abnormal"),
        ]
        indexes = [models.Index(fields=["status", "reason"], name="supervision_abn_status")]

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.get_reason_display()}"


class ListingApplication(TimeStampedModel):
    """What an enterprise asks about an entry of the abnormal list (its removal, or an objection
    to it): pending until a clerk decides, with the reason the enterprise is told."""

    status = models.CharField(
        _("状态"), max_length=16, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )
    decided_on = models.DateField(_("决定日期"), null=True, blank=True)
    decided_by = _actor(_("决定人"))
    decision_reason = models.TextField(_("决定理由"), max_length=1000, blank=True)

    class Meta:
        abstract = True


def _one_pending(name: str, message: "StrOrPromise") -> models.UniqueConstraint:
    """At most one pending application of a kind per entry (a second waits for the decision)."""
    return models.UniqueConstraint(
        fields=["listing"],
        condition=Q(status=RequestStatus.PENDING),
        name=name,
        violation_error_message=message,
    )


class RemovalRequest(ListingApplication):
    """An enterprise's application to leave the abnormal-operation list after curing the reason."""

    listing = models.ForeignKey(
        AbnormalListing,
        verbose_name=_("经营异常名录"),
        on_delete=models.PROTECT,
        related_name="removal_requests",
    )
    ground = models.CharField(_("移出原因"), max_length=32, choices=RemovalGround.choices)
    statement = models.TextField(_("申请说明"), max_length=2000, blank=True)
    applied_on = models.DateField(_("申请日期"))
    applied_by = _actor(_("申请人"))
    due_on = models.DateField(_("决定期限"))
    late_reason = models.TextField(_("逾期决定理由"), max_length=1000, blank=True)

    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        verbose_name = _("移出经营异常名录申请")
        verbose_name_plural = _("移出经营异常名录申请")
        ordering = ["-applied_on", "-id"]
        constraints = [
            _one_pending("supervision_one_pending_removal", _("已有一份待处理的移出申请。"))
        ]

    def __str__(self) -> str:
        return f"{self.listing} · {self.get_ground_display()}"


class ListingObjection(ListingApplication):
    """An objection to a listing, raised within the objection period after the listing."""

    listing = models.ForeignKey(
        AbnormalListing,
        verbose_name=_("经营异常名录"),
        on_delete=models.PROTECT,
        related_name="objections",
    )
    filed_on = models.DateField(_("提出日期"))
    filed_by = _actor(_("提出人"))
    grounds = models.TextField(_("异议理由"), max_length=2000)

    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        verbose_name = _("列入经营异常名录异议")
        verbose_name_plural = _("列入经营异常名录异议")
        ordering = ["-filed_on", "-id"]
        constraints = [
            _one_pending("supervision_one_pending_objection", _("已有一份待处理的异议。"))
        ]

    def __str__(self) -> str:
        return f"{self.listing} · {self.filed_on}"


class SeriousListing(ListingDecision):
    """One entry of the serious-violation list (严重违法失信名单)."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("市场主体"),
        on_delete=models.PROTECT,
        related_name="serious_listings",
    )
    ground = models.CharField(_("列入事由"), max_length=32, choices=SeriousGround.choices)
    legal_basis = models.CharField(_("法律依据"), max_length=300, blank=True)
    abnormal_listing = models.ForeignKey(
        AbnormalListing,
        verbose_name=_("经营异常名录"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="escalations",
    )
    proposed_by_run = models.ForeignKey(
        ScheduledRun,
        verbose_name=_("提出任务"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="serious_listings",
    )
    # The legal representative at the listing, barred from the role elsewhere (第十七条).
    legal_rep_name = models.CharField(_("法定代表人（负责人）"), max_length=50, blank=True)
    legal_rep_id_number = models.CharField(_("证件号码"), max_length=30, blank=True)
    disqualification = models.OneToOneField(
        "registration.DisqualifiedPerson",
        verbose_name=_("任职限制记录"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="serious_listing",
    )
    removal_eligible_on = models.DateField(_("可移出日期"), null=True, blank=True)
    removal_proposed_by_run = models.ForeignKey(
        ScheduledRun,
        verbose_name=_("移出提出任务"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="serious_removals",
    )
    removal_reason = models.TextField(_("移出理由"), max_length=1000, blank=True)

    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta(ListingDecision.Meta):
        verbose_name = _("严重违法失信名单")
        verbose_name_plural = _("严重违法失信名单")
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "ground"],
                condition=Q(status__in=OPEN_LISTING_STATUSES),
                name="supervision_serious_one_open_per_ground",
                violation_error_message=_("该企业已因同一事由被列入或已在待决定名单中。"),
            ),
            *_decision_constraints("supervision_serious"),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.get_ground_display()}"


class InspectorRelation(TimeStampedModel):
    """A recorded relation between an inspector and an enterprise: they are never paired (回避)."""

    person = models.ForeignKey(
        "workforce.Person",
        verbose_name=_("执法检查人员"),
        on_delete=models.PROTECT,
        related_name="inspection_relations",
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("市场主体"),
        on_delete=models.PROTECT,
        related_name="inspector_relations",
    )
    kind = models.CharField(_("关系"), max_length=16, choices=RelationKind.choices)
    notes = models.CharField(_("说明"), max_length=300, blank=True)
    recorded_by = _actor(_("登记人"))

    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        verbose_name = _("回避关系")
        verbose_name_plural = _("回避关系")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "enterprise", "kind"], name="supervision_relation_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.enterprise}"


class InspectionPlan(TimeStampedModel):
    """A year's random-inspection plan of one unit: who may be drawn, how many, and the draw."""

    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("实施单位"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    title = models.CharField(_("计划名称"), max_length=200)
    kind = models.CharField(_("抽查类型"), max_length=16, choices=InspectionKind.choices)
    # Who is in the population (see supervision/population.py for the keys): entity types,
    # authorities (districts), list status, targeted groups (corrected twice, filed late …).
    filters = models.JSONField(_("抽查对象范围"), default=dict, blank=True)
    ratio = models.DecimalField(_("抽查比例"), max_digits=5, decimal_places=4, default="0.0300")
    # Optional per-group ratios ({"group value": "0.05"}) over `group_by` (entity type, authority;
    # the credit-risk class once issue 11 lands). A group without its own ratio takes `ratio`.
    group_by = models.CharField(_("分组依据"), max_length=32, blank=True)
    group_ratios = models.JSONField(_("分组抽查比例"), default=dict, blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    created_by = _actor(_("制定人"))
    notes = models.TextField(_("说明"), max_length=2000, blank=True)

    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        verbose_name = _("抽查计划")
        verbose_name_plural = _("抽查计划")
        ordering = ["-year", "unit_id", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "title"], name="supervision_plan_unique_title"
            ),
            models.CheckConstraint(
                condition=Q(ratio__gt=0) & Q(ratio__lte=1), name="supervision_plan_ratio_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.title}"


class InspectionDraw(models.Model):
    """The recorded draw of a plan: everything needed to re-run it and get the same list.

    The population (the candidate ids and their groups, in the order the algorithm reads them),
    the inspector roster and the conflict pairs are stored as they were at the draw, compressed,
    with their SHA-256 digests shown on the public page. Published draws never change.
    """

    plan = models.OneToOneField(
        InspectionPlan, verbose_name=_("抽查计划"), on_delete=models.PROTECT, related_name="draw"
    )
    seed = models.CharField(_("随机种子"), max_length=64)
    algorithm = models.CharField(_("算法"), max_length=64)
    population_count = models.PositiveIntegerField(_("抽查对象总数"))
    population_digest = models.CharField(_("抽查对象摘要 (SHA-256)"), max_length=64)
    population = models.BinaryField(_("抽查对象快照"))
    roster_count = models.PositiveIntegerField(_("执法检查人员数"))
    roster_digest = models.CharField(_("执法检查人员摘要 (SHA-256)"), max_length=64)
    roster = models.BinaryField(_("执法检查人员与回避关系快照"))
    sample_count = models.PositiveIntegerField(_("抽中数"))
    drawn_at = models.DateTimeField(_("抽取时间"))
    drawn_by = _actor(_("抽取人"))
    published_at = models.DateTimeField(_("公布时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("抽取记录")
        verbose_name_plural = _("抽取记录")

    def __str__(self) -> str:
        return f"{self.plan} · {self.seed}"


class InspectionTask(TimeStampedModel):
    """One drawn enterprise, its two inspectors and the result."""

    plan = models.ForeignKey(
        InspectionPlan, verbose_name=_("抽查计划"), on_delete=models.PROTECT, related_name="tasks"
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("市场主体"),
        on_delete=models.PROTECT,
        related_name="inspection_tasks",
    )
    rank = models.PositiveIntegerField(_("抽取序号"))
    group = models.CharField(_("分组"), max_length=64, blank=True)
    inspector_a = models.ForeignKey(
        "workforce.Person", verbose_name=_("检查人员一"), on_delete=models.PROTECT, related_name="+"
    )
    inspector_b = models.ForeignKey(
        "workforce.Person", verbose_name=_("检查人员二"), on_delete=models.PROTECT, related_name="+"
    )
    result = models.CharField(
        _("检查结果"),
        max_length=16,
        choices=InspectionResult.choices,
        default=InspectionResult.PENDING,
    )
    inspected_on = models.DateField(_("检查日期"), null=True, blank=True)
    findings = models.TextField(_("检查情况"), max_length=4000, blank=True)
    follow_up = models.TextField(_("后续处置"), max_length=2000, blank=True)
    result_entered_at = models.DateTimeField(_("结果录入时间"), null=True, blank=True)
    result_entered_by = _actor(_("结果录入人"))
    publish_due_on = models.DateField(_("公示期限"), null=True, blank=True, db_index=True)
    published_at = models.DateTimeField(_("公示时间"), null=True, blank=True)
    listing = models.ForeignKey(
        AbnormalListing,
        verbose_name=_("列入经营异常名录候选"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inspection_tasks",
    )

    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        verbose_name = _("抽查任务")
        verbose_name_plural = _("抽查任务")
        ordering = ["plan_id", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "enterprise"], name="supervision_task_unique"),
            models.CheckConstraint(
                condition=~Q(inspector_a=models.F("inspector_b")),
                name="supervision_task_two_inspectors",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan} · {self.enterprise}"
