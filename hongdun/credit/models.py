"""The credit registers (docs/rules/credit.md):

- credit-risk classification (企业信用风险分类管理): the scheme versions a deployment edits, one
  run per month, and per enterprise and run the stored inputs and the class they gave; internal to
  staff, never shown to the public or the enterprise;
- the legacy 2008 four-class scheme, imported history kept apart from the risk classes;
- 守合同重信用 applications and publicity;
- 文明诚信市场: markets, their stalls, the yearly checklist and evaluations.
"""

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from hongdun.core.models import TimeStampedModel
from hongdun.credit.choices import (
    ApplicationStatus,
    ContractLevel,
    EvaluationStatus,
    LeadingException,
    LegacyClass,
    MarketKind,
    Override,
    PublicityStatus,
    RiskClass,
    RunStatus,
)

_USER = settings.AUTH_USER_MODEL


def _actor(label: Any, related: str = "+") -> "models.ForeignKey[Any, Any]":
    return models.ForeignKey(
        _USER,
        verbose_name=label,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name=related,
    )


# --- credit-risk classification ---------------------------------------------------------------


class CreditScheme(TimeStampedModel):
    """One version of the classification rules: indicators and weights, thresholds, the
    overrides' settings, class E, and the per-class sampling of random inspections. A version
    that classified anything is never edited: a change is a new version (the results keep the
    version they were computed with, so any past month re-runs from its stored inputs)."""

    version = models.PositiveIntegerField(_("版本号"), unique=True)
    name = models.CharField(_("名称"), max_length=100)
    # The engine's scheme as data (hongdun.credit.engine.scheme.scheme_from_data checks it).
    definition = models.JSONField(_("指标、权重和阈值"))
    # Per class: {"A": {"ratio": "0.05", "max_per_year": 1}, …} (no ratio may be 0).
    sampling = models.JSONField(_("分类抽查比例和频次"), default=dict)
    note = models.TextField(_("说明"), max_length=2000, blank=True)
    is_active = models.BooleanField(_("当前启用"), default=False)
    activated_at = models.DateTimeField(_("启用时间"), null=True, blank=True)
    created_by = _actor(_("创建人"))

    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        verbose_name = _("信用风险分类方案")
        verbose_name_plural = _("信用风险分类方案")
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_active"],
                condition=Q(is_active=True),
                name="credit_one_active_scheme",
            )
        ]

    def __str__(self) -> str:
        return f"v{self.version} {self.name}"


class ClassificationRun(models.Model):
    """One monthly reclassification: the month, the day its inputs were read as of, the scheme
    version, and what came of it (distribution, moves against the previous run and why)."""

    month = models.DateField(_("分类月份"), help_text=_("该月第一天"))
    as_of = models.DateField(_("数据截止日"))
    scheme = models.ForeignKey(
        CreditScheme, verbose_name=_("方案版本"), on_delete=models.PROTECT, related_name="runs"
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=RunStatus.choices, default=RunStatus.RUNNING
    )
    previous = models.ForeignKey(
        "self",
        verbose_name=_("对比的上次分类"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    started_at = models.DateTimeField(_("开始时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    triggered_by = _actor(_("执行人"))
    error = models.TextField(_("失败原因"), blank=True)
    # {"A": n, …}: the distribution; {"A>B": n, …}: moves against `previous`; and, per move,
    # the reasons that explain most of them ({"A>B": {"abnormal_list": n, "late_filing": m}}).
    counts = models.JSONField(_("分类分布"), default=dict, blank=True)
    moves = models.JSONField(_("类别变动"), default=dict, blank=True)
    move_reasons = models.JSONField(_("变动原因"), default=dict, blank=True)

    class Meta:
        verbose_name = _("信用风险分类批次")
        verbose_name_plural = _("信用风险分类批次")
        ordering = ["-month", "-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["month"],
                condition=Q(status=RunStatus.SUCCEEDED),
                name="credit_one_succeeded_run_per_month",
            ),
            models.UniqueConstraint(
                fields=["status"],
                condition=Q(status=RunStatus.RUNNING),
                name="credit_one_running_run",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.get_status_display()}"


class Classification(models.Model):
    """One enterprise in one run: the inputs read from the records as of the run's day (stored,
    so the month re-runs to the same classes), the score and the class."""

    run = models.ForeignKey(
        ClassificationRun,
        verbose_name=_("分类批次"),
        on_delete=models.CASCADE,
        related_name="classifications",
        db_index=False,
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("市场主体"),
        on_delete=models.CASCADE,
        related_name="credit_classifications",
    )
    risk_class = models.CharField(_("风险类别"), max_length=1, choices=RiskClass.choices)
    score = models.FloatField(_("风险分值"))
    override = models.CharField(
        _("直接判定规则"), max_length=24, choices=Override.choices, blank=True
    )
    # --- the stored inputs (hongdun.credit.engine.inputs.INPUT_FIELDS names them) ---
    age_months = models.PositiveIntegerField(_("成立月数"), default=0)
    reports_due = models.PositiveSmallIntegerField(_("近三年应报年报数"), default=0)
    reports_missing = models.PositiveSmallIntegerField(_("未报年报数"), default=0)
    reports_late = models.PositiveSmallIntegerField(_("逾期报送年报数"), default=0)
    report_corrections = models.PositiveSmallIntegerField(_("年报更正次数"), default=0)
    immediate_late = models.PositiveSmallIntegerField(_("即时信息逾期公示次数"), default=0)
    abnormal_listings = models.PositiveSmallIntegerField(_("近三年列入经营异常名录次数"), default=0)
    on_abnormal_list = models.BooleanField(_("在经营异常名录中"), default=False)
    on_serious_list = models.BooleanField(_("在严重违法失信名单中"), default=False)
    serious_history = models.PositiveSmallIntegerField(_("曾列入严重违法失信名单次数"), default=0)
    licence_revoked = models.BooleanField(_("被吊销营业执照"), default=False)
    penalties = models.PositiveSmallIntegerField(_("近三年行政处罚次数"), default=0)
    inspection_problems = models.PositiveSmallIntegerField(_("近三年抽查发现问题次数"), default=0)
    paid_in_ratio = models.FloatField(_("实缴出资比例"), null=True, blank=True)
    address_changes = models.PositiveSmallIntegerField(_("近两年住所变更次数"), default=0)
    related_listed = models.PositiveSmallIntegerField(_("关联企业在名录名单中数"), default=0)

    class Meta:
        verbose_name = _("企业信用风险分类结果")
        verbose_name_plural = _("企业信用风险分类结果")
        constraints = [
            models.UniqueConstraint(fields=["run", "enterprise"], name="credit_one_class_per_run")
        ]
        indexes = [
            models.Index(fields=["enterprise", "run"], name="credit_class_enterprise_run"),
            models.Index(fields=["run", "risk_class"], name="credit_class_run_class"),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise_id} {self.risk_class}"


class LegacyClassification(TimeStampedModel):
    """A class of the 2008 scheme (A 守信 绿, B 警示 蓝, C 失信 黄, D 严重失信 黑), imported from
    a bureau's history. Never mixed with the risk classes."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("市场主体"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="legacy_credit_classes",
    )
    uscc = models.CharField(_("统一社会信用代码或注册号"), max_length=18, db_index=True)
    enterprise_name = models.CharField(_("企业名称"), max_length=200)
    year = models.PositiveSmallIntegerField(_("年度"))
    legacy_class = models.CharField(_("分类"), max_length=1, choices=LegacyClass.choices)
    classified_on = models.DateField(_("分类日期"), null=True, blank=True)
    authority_name = models.CharField(_("分类机关"), max_length=100, blank=True)
    basis = models.TextField(_("分类依据"), max_length=2000, blank=True)
    imported_by = _actor(_("导入人"))

    class Meta:
        verbose_name = _("历史信用分类（2008年方案）")
        verbose_name_plural = _("历史信用分类（2008年方案）")
        ordering = ["-year", "uscc"]
        constraints = [
            models.UniqueConstraint(fields=["uscc", "year"], name="credit_legacy_one_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.uscc} {self.year} {self.legacy_class}"


# --- 守合同重信用 -------------------------------------------------------------------------------


class ContractCreditApplication(TimeStampedModel):
    """An enterprise's application for 守合同重信用 publicity of one year at one level."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("市场主体"),
        on_delete=models.PROTECT,
        related_name="contract_credit_applications",
    )
    # The unit that reviews it: the enterprise's registration authority when submitted.
    authority = models.ForeignKey(
        "orgs.Unit", verbose_name=_("审核机关"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("申报年度"))
    level = models.CharField(_("申报等级"), max_length=3, choices=ContractLevel.choices)
    leading_exception = models.CharField(
        _("行业龙头企业"), max_length=16, choices=LeadingException.choices, blank=True
    )
    leading_evidence = models.TextField(_("龙头企业认定依据"), max_length=2000, blank=True)
    contract_management = models.TextField(_("合同管理制度和机构"), max_length=4000)
    contracts_signed = models.PositiveIntegerField(_("上年度签订合同数"))
    contracts_performed = models.PositiveIntegerField(_("上年度履约合同数"))
    revenue = models.DecimalField(_("上年度营业收入（万元）"), max_digits=14, decimal_places=2)
    consent_to_publish = models.BooleanField(_("同意公示合同和经营数据"), default=False)
    status = models.CharField(
        _("状态"),
        max_length=16,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.SUBMITTED,
    )
    submitted_by = _actor(_("申请人"))
    reviewed_by = _actor(_("审核人"))
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    review_note = models.TextField(_("审核意见"), max_length=2000, blank=True)

    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        verbose_name = _("守合同重信用申请")
        verbose_name_plural = _("守合同重信用申请")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise"],
                condition=Q(status=ApplicationStatus.SUBMITTED),
                name="credit_one_open_contract_application",
            )
        ]

    def __str__(self) -> str:
        return f"{self.enterprise_id} {self.year} {self.level}"


class ContractCreditPublicity(TimeStampedModel):
    """A 守合同重信用 publicity: published after an approved application, for two years
    (configurable), ended by expiry, revocation (listing, penalty) or withdrawal."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("市场主体"),
        on_delete=models.PROTECT,
        related_name="contract_credit_publicities",
    )
    application = models.OneToOneField(
        ContractCreditApplication,
        verbose_name=_("申请"),
        on_delete=models.PROTECT,
        related_name="publicity",
    )
    authority = models.ForeignKey(
        "orgs.Unit", verbose_name=_("公示机关"), on_delete=models.PROTECT, related_name="+"
    )
    level = models.CharField(_("等级"), max_length=3, choices=ContractLevel.choices)
    year = models.PositiveSmallIntegerField(_("公示年度"))
    published_on = models.DateField(_("公示日期"))
    expires_on = models.DateField(_("有效期至"), db_index=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=PublicityStatus.choices, default=PublicityStatus.ACTIVE
    )
    ended_on = models.DateField(_("终止日期"), null=True, blank=True)
    end_reason = models.TextField(_("终止原因"), max_length=2000, blank=True)
    ended_by = _actor(_("终止操作人"))

    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        verbose_name = _("守合同重信用公示")
        verbose_name_plural = _("守合同重信用公示")
        ordering = ["-published_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise"],
                condition=Q(status=PublicityStatus.ACTIVE),
                name="credit_one_active_contract_publicity",
            )
        ]

    def __str__(self) -> str:
        return f"{self.enterprise_id} {self.year} {self.level}"


# --- 文明诚信市场 -------------------------------------------------------------------------------


class Market(TimeStampedModel):
    """A commodity trading market (商品交易市场), run by an operator enterprise."""

    name = models.CharField(_("市场名称"), max_length=200)
    kind = models.CharField(_("市场类型"), max_length=24, choices=MarketKind.choices)
    operator = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("开办者"),
        on_delete=models.PROTECT,
        related_name="markets",
    )
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("属地监管单位"), on_delete=models.PROTECT, related_name="+"
    )
    address = models.CharField(_("地址"), max_length=200)
    opened_on = models.DateField(_("开业日期"), null=True, blank=True)
    is_active = models.BooleanField(_("在营"), default=True)

    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        verbose_name = _("商品交易市场")
        verbose_name_plural = _("商品交易市场")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "address"], name="credit_market_unique")
        ]

    def __str__(self) -> str:
        return self.name


class MarketStall(models.Model):
    """A stall (摊位) of a market and who holds it."""

    market = models.ForeignKey(
        Market, verbose_name=_("市场"), on_delete=models.CASCADE, related_name="stalls"
    )
    number = models.CharField(_("摊位号"), max_length=20)
    holder_name = models.CharField(_("经营者"), max_length=100)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("经营者主体"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    goods = models.CharField(_("经营品种"), max_length=200, blank=True)
    is_active = models.BooleanField(_("在用"), default=True)

    class Meta:
        verbose_name = _("市场摊位")
        verbose_name_plural = _("市场摊位")
        ordering = ["market", "number"]
        constraints = [
            models.UniqueConstraint(fields=["market", "number"], name="credit_stall_unique")
        ]

    def __str__(self) -> str:
        return f"{self.market_id} {self.number}"


class MarketChecklist(TimeStampedModel):
    """The year's evaluation checklist: items with points and whether each is required."""

    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    # [{"code": "M1", "text": "…", "points": 10, "required": true}, …]
    items = models.JSONField(_("评议项目"))
    pass_score = models.PositiveSmallIntegerField(_("达标分数"))

    class Meta:
        verbose_name = _("文明诚信市场评议标准")
        verbose_name_plural = _("文明诚信市场评议标准")
        ordering = ["-year"]

    def __str__(self) -> str:
        return str(self.year)


class MarketEvaluation(TimeStampedModel):
    """One market's evaluation of one year against that year's checklist, and the title."""

    market = models.ForeignKey(
        Market, verbose_name=_("市场"), on_delete=models.PROTECT, related_name="evaluations"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    checklist = models.ForeignKey(
        MarketChecklist, verbose_name=_("评议标准"), on_delete=models.PROTECT, related_name="+"
    )
    scores = models.JSONField(_("各项得分"), default=dict)
    total = models.PositiveSmallIntegerField(_("总分"), default=0)
    status = models.CharField(
        _("状态"), max_length=16, choices=EvaluationStatus.choices, default=EvaluationStatus.DRAFT
    )
    evaluated_on = models.DateField(_("评定日期"), null=True, blank=True)
    evaluated_by = _actor(_("评定人"))
    title_awarded = models.BooleanField(_("授予文明诚信市场称号"), default=False)
    title_revoked_on = models.DateField(_("称号撤销日期"), null=True, blank=True)
    revoked_reason = models.TextField(_("撤销原因"), max_length=2000, blank=True)
    note = models.TextField(_("评议意见"), max_length=4000, blank=True)

    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        verbose_name = _("文明诚信市场评议")
        verbose_name_plural = _("文明诚信市场评议")
        ordering = ["-year", "market"]
        constraints = [
            models.UniqueConstraint(fields=["market", "year"], name="credit_one_evaluation_a_year")
        ]

    def __str__(self) -> str:
        return f"{self.market_id} {self.year}"
