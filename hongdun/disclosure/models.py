"""Annual reports (企业年度报告) and immediate disclosures (即时信息) of registered entities.

An annual report is one row per entity and year; what the entity files are its versions. The
first submitted version is the report, each later one a correction (《企业信息公示暂行条例》
第十二条), and the public sees every submitted version. A draft is a version not yet submitted
(at most one per report). Section-7 figures carry a publish switch each; the public views, the
public API, exports and PDFs show only the switched-on ones (docs/rules/disclosure.md §2).
"""

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hongdun.core.models import TimeStampedModel
from hongdun.disclosure.choices import (
    Channel,
    ImmediateKind,
    OperatingStatus,
    ReportForm,
    VersionStatus,
    WebsiteKind,
)
from hongdun.disclosure.engine.checks import MAY_BE_NEGATIVE, SECTION_SEVEN_FIGURES
from hongdun.enterprises.choices import ContributionForm
from hongdun.enterprises.models import Enterprise

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# The section-7 figures (第九条(七)) and which of them may be negative are the checks engine's
# (names of AnnualReportVersion fields); re-exported here for the code that reads the models.
__all__ = ["MAY_BE_NEGATIVE", "SECTION_SEVEN_FIGURES"]


def _money(label: "StrOrPromise") -> "models.DecimalField[Any, Any]":
    return models.DecimalField(label, max_digits=18, decimal_places=2, null=True, blank=True)


class AnnualReport(TimeStampedModel):
    """The annual report of one entity for one report year."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("市场主体"),
        on_delete=models.PROTECT,
        related_name="annual_reports",
    )
    year = models.PositiveSmallIntegerField(_("报告年度"))
    form = models.CharField(_("报告类型"), max_length=24, choices=ReportForm.choices)
    # Set when the first version is submitted; the report counts as filed from then on.
    first_submitted_at = models.DateTimeField(_("首次报送时间"), null=True, blank=True)
    filed_late = models.BooleanField(_("逾期报送"), default=False)
    # An individual business chooses whether its whole report is public (实施细则第六十三条).
    whole_report_public = models.BooleanField(_("年度报告公示"), default=True)
    current_version = models.OneToOneField(
        "AnnualReportVersion",
        verbose_name=_("现行版本"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reminder_sent_at = models.DateTimeField(_("提醒发送时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("年度报告")
        verbose_name_plural = _("年度报告")
        ordering = ["enterprise", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "year"],
                name="disclosure_one_report_per_year",
                violation_error_message=_("该年度的年度报告已经存在。"),
            ),
        ]
        indexes = [
            models.Index(fields=["year", "enterprise"], name="annual_report_year_ent"),
            # Filing progress joins each enterprise to its report of one year and reads only
            # whether and how it was filed: with those two columns in the index the join never
            # touches the table (docs/rules/disclosure.md §2.4).
            models.Index(
                fields=["year", "enterprise", "first_submitted_at", "filed_late"],
                name="annual_report_year_filed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise_id} {self.year}"


class AnnualReportVersion(TimeStampedModel):
    """One version of a report: the draft being written, the filed report, or a correction."""

    report = models.ForeignKey(
        AnnualReport, verbose_name=_("年度报告"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveSmallIntegerField(_("版本"), default=1)
    status = models.CharField(
        _("状态"), max_length=12, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    channel = models.CharField(
        _("报送方式"), max_length=8, choices=Channel.choices, default=Channel.ONLINE
    )
    submitted_at = models.DateTimeField(_("报送时间"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("报送人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    correction_note = models.TextField(_("更正说明"), blank=True)

    # 第九条(一)(二): contact details and operating status, always public.
    address = models.CharField(_("企业通信地址"), max_length=200, blank=True)
    postal_code = models.CharField(_("邮政编码"), max_length=6, blank=True)
    phone = models.CharField(_("企业联系电话"), max_length=20, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    operating_status = models.CharField(
        _("企业经营状态"),
        max_length=12,
        choices=OperatingStatus.choices,
        default=OperatingStatus.OPERATING,
    )
    # The yes/no switches of the national form; the rows below them are public (第九条(三)–(六)).
    has_website = models.BooleanField(_("是否有网站或网店"), default=False)
    has_investments = models.BooleanField(_("是否有投资信息或购买其他公司股权"), default=False)
    has_equity_transfer = models.BooleanField(
        _("有限责任公司本年度是否发生股东股权转让"), default=False
    )
    has_guarantees = models.BooleanField(_("是否有对外提供担保信息"), default=False)

    # 第九条(七): each with a publish switch (public_figures lists the published ones).
    employees = models.PositiveIntegerField(_("从业人数"), null=True, blank=True)
    total_assets = _money(_("资产总额（元）"))
    total_liabilities = _money(_("负债总额（元）"))
    guarantees_amount = _money(_("对外提供保证担保（元）"))
    owners_equity = _money(_("所有者权益合计（元）"))
    total_revenue = _money(_("营业总收入（元）"))
    main_business_revenue = _money(_("其中：主营业务收入（元）"))
    total_profit = _money(_("利润总额（元）"))
    net_profit = _money(_("净利润（元）"))
    total_tax = _money(_("纳税总额（元）"))
    public_figures = models.JSONField(_("公示的资产状况项目"), default=list, blank=True)
    # 个体工商户: 资金数额 (the short form's capital).
    capital_amount = _money(_("资金数额（元）"))
    # The social-insurance section (多报合一): its items are deployment data (DISCLOSURE settings).
    social_insurance = models.JSONField(_("社保信息"), default=dict, blank=True)

    class Meta:
        verbose_name = _("年度报告版本")
        verbose_name_plural = _("年度报告版本")
        ordering = ["report", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "number"],
                name="disclosure_version_number_unique",
                violation_error_message=_("版本号重复。"),
            ),
            models.UniqueConstraint(
                fields=["report"],
                condition=Q(status=VersionStatus.DRAFT),
                name="disclosure_one_draft_per_report",
                violation_error_message=_("该年度报告已有一份草稿。"),
            ),
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{name}__isnull": True}) | Q(**{f"{name}__gte": 0}),
                    name=f"disclosure_{name}_not_negative",
                    violation_error_message=_("金额不能为负数。"),
                )
                for name in (
                    "total_assets",
                    "total_liabilities",
                    "guarantees_amount",
                    "total_revenue",
                    "main_business_revenue",
                    "total_tax",
                    "capital_amount",
                )
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report} v{self.number}"


class ReportContribution(models.Model):
    """第九条(四): one shareholder's or promoter's subscribed and paid-in capital."""

    version = models.ForeignKey(
        AnnualReportVersion,
        verbose_name=_("年度报告版本"),
        on_delete=models.CASCADE,
        related_name="contributions",
    )
    position = models.PositiveSmallIntegerField(_("序号"), default=0)
    investor_name = models.CharField(_("股东（发起人）"), max_length=100)
    subscribed_amount = models.DecimalField(_("认缴出资额（元）"), max_digits=18, decimal_places=2)
    subscribed_on = models.DateField(_("认缴出资时间"), null=True, blank=True)
    subscribed_form = models.CharField(
        _("认缴出资方式"), max_length=24, choices=ContributionForm.choices
    )
    paid_amount = models.DecimalField(
        _("实缴出资额（元）"), default=0, max_digits=18, decimal_places=2
    )
    paid_on = models.DateField(_("实缴出资时间"), null=True, blank=True)
    paid_form = models.CharField(
        _("实缴出资方式"), max_length=24, choices=ContributionForm.choices, blank=True
    )

    class Meta:
        verbose_name = _("股东及出资信息")
        verbose_name_plural = _("股东及出资信息")
        ordering = ["version", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(subscribed_amount__gte=0) & Q(paid_amount__gte=0),
                name="disclosure_contribution_not_negative",
                violation_error_message=_("出资额不能为负数。"),
            ),
        ]

    def __str__(self) -> str:
        return self.investor_name


class ReportInvestment(models.Model):
    """第九条(三): an enterprise the filer set up or bought equity in."""

    version = models.ForeignKey(
        AnnualReportVersion,
        verbose_name=_("年度报告版本"),
        on_delete=models.CASCADE,
        related_name="investments",
    )
    position = models.PositiveSmallIntegerField(_("序号"), default=0)
    enterprise_name = models.CharField(_("投资设立企业或购买股权企业名称"), max_length=200)
    uscc = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)

    class Meta:
        verbose_name = _("对外投资信息")
        verbose_name_plural = _("对外投资信息")
        ordering = ["version", "position", "id"]

    def __str__(self) -> str:
        return self.enterprise_name


class ReportEquityTransfer(models.Model):
    """第九条(五): a change in an LLC's shareholding during the report year."""

    version = models.ForeignKey(
        AnnualReportVersion,
        verbose_name=_("年度报告版本"),
        on_delete=models.CASCADE,
        related_name="equity_transfers",
    )
    position = models.PositiveSmallIntegerField(_("序号"), default=0)
    shareholder_name = models.CharField(_("股东"), max_length=100)
    ratio_before = models.DecimalField(_("变更前股权比例（%）"), max_digits=7, decimal_places=4)
    ratio_after = models.DecimalField(_("变更后股权比例（%）"), max_digits=7, decimal_places=4)
    changed_on = models.DateField(_("股权变更日期"))

    class Meta:
        verbose_name = _("股权变更信息")
        verbose_name_plural = _("股权变更信息")
        ordering = ["version", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ratio_before__gte=0)
                & Q(ratio_before__lte=100)
                & Q(ratio_after__gte=0)
                & Q(ratio_after__lte=100),
                name="disclosure_equity_ratio_range",
                violation_error_message=_("股权比例应在0到100之间。"),
            ),
        ]

    def __str__(self) -> str:
        return self.shareholder_name


class ReportWebsite(models.Model):
    """第九条(六): a website or online shop."""

    version = models.ForeignKey(
        AnnualReportVersion,
        verbose_name=_("年度报告版本"),
        on_delete=models.CASCADE,
        related_name="websites",
    )
    position = models.PositiveSmallIntegerField(_("序号"), default=0)
    kind = models.CharField(_("类型"), max_length=12, choices=WebsiteKind.choices)
    name = models.CharField(_("名称"), max_length=100)
    url = models.URLField(_("网址"), max_length=300)

    class Meta:
        verbose_name = _("网站或网店信息")
        verbose_name_plural = _("网站或网店信息")
        ordering = ["version", "position", "id"]

    def __str__(self) -> str:
        return self.name


class ImmediateDisclosure(TimeStampedModel):
    """One immediate disclosure (即时信息, 《企业信息公示暂行条例》第十条), due within 20 working
    days of the fact; `due_on` is that day by the bureau's working-day calendar."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("市场主体"),
        on_delete=models.PROTECT,
        related_name="immediate_disclosures",
    )
    kind = models.CharField(_("信息类别"), max_length=16, choices=ImmediateKind.choices)
    occurred_on = models.DateField(_("信息形成日期"))
    due_on = models.DateField(_("应公示日期"))
    published_at = models.DateTimeField(_("公示时间"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("公示人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    late = models.BooleanField(_("逾期公示"), default=False)
    # The structured content; its fields by kind are declared in disclosure/immediate.py.
    details = models.JSONField(_("公示内容"), default=dict)
    # A correction replaces an earlier disclosure; both stay public.
    corrects = models.ForeignKey(
        "self",
        verbose_name=_("更正的公示"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrected_by",
    )

    class Meta:
        verbose_name = _("即时信息")
        verbose_name_plural = _("即时信息")
        ordering = ["enterprise", "-published_at", "-id"]
        indexes = [
            models.Index(fields=["enterprise", "kind"], name="immediate_enterprise_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise_id} {self.get_kind_display()} {self.occurred_on}"


# --- filing progress and reminders (docs/rules/disclosure.md §2.4, §2.5) -----------------------


class FilingEnterprise(Enterprise):
    """The register as the filing of annual reports sees it: the same rows, placed in the org
    tree by their registration authority but scoped as annual reports ("disclosure.annualreport"),
    so that the supervisors who follow filing read the enterprises that owe a report, including
    those that never started one, through `restrict()` like any other record."""

    class Meta:
        proxy = True
        verbose_name = _("年报义务主体")
        verbose_name_plural = _("年报义务主体")


class ReportReminder(models.Model):
    """The reminder an enterprise was sent for one report year; at most one (the unique
    constraint is what keeps a second or concurrent run of the job from sending it again).

    Kept apart from AnnualReport because most enterprises reminded have never started a report:
    creating report rows for them would make "a report exists" mean nothing to the filing pages.
    `run` names the run that claimed the row, so a run notifies exactly the rows it inserted."""

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("市场主体"), on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("报告年度"))
    sent_at = models.DateTimeField(_("提醒发送时间"))
    recipients = models.PositiveSmallIntegerField(_("通知人数"), default=0)
    run = models.UUIDField(_("发送批次"), editable=False)

    class Meta:
        verbose_name = _("年报提醒")
        verbose_name_plural = _("年报提醒")
        ordering = ["-sent_at", "enterprise"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "year"],
                name="disclosure_one_reminder_per_year",
                violation_error_message=_("该年度的年报提醒已经发送。"),
            ),
        ]
        indexes = [models.Index(fields=["run"], name="report_reminder_run")]

    def __str__(self) -> str:
        return f"{self.enterprise_id} {self.year}"


class FilingTally(models.Model):
    """The filing progress of one report year, kept counted per registration authority and
    enterprise type (docs/rules/disclosure.md §2.4): how many owe the report, how many filed it
    on time and late. Built from the register by `disclosure.tally.filing_tally_rebuild` once
    the year's window has opened (the set that owes it is fixed from then on), and moved by the
    first submission of each report in the filing's own transaction."""

    year = models.PositiveSmallIntegerField(_("报告年度"))
    authority = models.ForeignKey(
        "orgs.Unit", verbose_name=_("登记机关"), on_delete=models.PROTECT, related_name="+"
    )
    enterprise_type = models.CharField(_("市场主体类型"), max_length=24)
    due = models.PositiveIntegerField(_("应报"), default=0)
    filed_on_time = models.PositiveIntegerField(_("按时报送"), default=0)
    filed_late = models.PositiveIntegerField(_("逾期报送"), default=0)

    class Meta:
        verbose_name = _("年报进度计数")
        verbose_name_plural = _("年报进度计数")
        ordering = ["year", "authority", "enterprise_type"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "authority", "enterprise_type"], name="disclosure_one_tally_cell"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.authority_id} {self.enterprise_type}"


class FilingTallyYear(models.Model):
    """The mark that a year's tally is built; its unique year is what lets only one of two
    simultaneous first readers build it (the other waits on the row and then reads)."""

    year = models.PositiveSmallIntegerField(_("报告年度"), unique=True)
    built_at = models.DateTimeField(_("统计时间"))

    class Meta:
        verbose_name = _("年报进度统计年度")
        verbose_name_plural = _("年报进度统计年度")
        ordering = ["-year"]

    def __str__(self) -> str:
        return str(self.year)
