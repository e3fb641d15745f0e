"""The market-entity register (市场主体) and the n-gram index behind the public query."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from hongdun.core.models import TimeStampedModel
from hongdun.enterprises.choices import (
    ContributionForm,
    EnterpriseStatus,
    EnterpriseType,
    IdType,
    MemberKind,
    MemberRole,
    responsible_person_title,
)


class Enterprise(TimeStampedModel):
    """A registered market entity.

    The USCC is issued once and never changes. The legal representative's ID number is personal
    data: it is stored for the registration authority and never shown in public views. Every change
    is kept by django-simple-history; the public timeline of names and status is read from it.
    """

    uscc = models.CharField(_("统一社会信用代码"), max_length=18, unique=True)
    name = models.CharField(_("名称"), max_length=200)
    # The folded name (see search_keys.fold) used for exact-name ranking and containment checks.
    name_search = models.CharField(_("检索名称"), max_length=200, db_index=True, editable=False)
    trade_name = models.CharField(_("字号"), max_length=50, blank=True)
    enterprise_type = models.CharField(_("类型"), max_length=24, choices=EnterpriseType.choices)
    legal_rep_name = models.CharField(_("法定代表人"), max_length=50)
    legal_rep_id_number = models.CharField(_("法定代表人身份证件号码"), max_length=18, blank=True)
    registered_capital = models.DecimalField(
        _("注册资本（元）"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    established_on = models.DateField(_("成立日期"))
    term_start = models.DateField(_("营业期限自"), null=True, blank=True)
    term_end = models.DateField(_("营业期限至"), null=True, blank=True, help_text=_("空表示长期"))
    address = models.CharField(_("住所"), max_length=200)
    business_scope = models.JSONField(_("经营范围"), default=list, blank=True)
    registration_authority = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("登记机关"),
        on_delete=models.PROTECT,
        related_name="registered_enterprises",
    )
    status = models.CharField(
        _("登记状态"),
        max_length=24,
        choices=EnterpriseStatus.choices,
        default=EnterpriseStatus.ACTIVE,
        db_index=True,
    )
    status_date = models.DateField(_("状态日期"), null=True, blank=True)
    # Kept by the supervision services in the transaction of each listing decision, so that
    # registration (simplified deregistration, REG-CHG-6) and the search read them with the row.
    on_abnormal_list = models.BooleanField(_("列入经营异常名录"), default=False, editable=False)
    listed_unreachable = models.BooleanField(
        _("因通过登记的住所无法联系被列入经营异常名录"), default=False, editable=False
    )
    on_serious_list = models.BooleanField(_("列入严重违法失信名单"), default=False, editable=False)

    history = HistoricalRecords(
        excluded_fields=[
            "name_search",
            "created_at",
            "updated_at",
            "on_abnormal_list",
            "listed_unreachable",
            "on_serious_list",
        ]
    )

    class Meta:
        verbose_name = _("市场主体")
        verbose_name_plural = _("市场主体")
        ordering = ["id"]
        indexes = [
            models.Index(fields=["registration_authority", "status"]),
            # Exact trade-name holders are ranked second in the public query and paged by id.
            models.Index(fields=["trade_name", "id"], name="enterprise_trade_name_id"),
            # The person search matches a legal representative's whole name exactly.
            models.Index(fields=["legal_rep_name"], name="enterprise_legal_rep_name"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(registered_capital__isnull=True)
                | models.Q(registered_capital__gte=0),
                name="enterprise_capital_not_negative",
                violation_error_message=_("注册资本不能为负数。"),
            ),
            models.CheckConstraint(
                condition=models.Q(term_end__isnull=True)
                | models.Q(term_start__isnull=True)
                | models.Q(term_end__gte=models.F("term_start")),
                name="enterprise_term_ordered",
                violation_error_message=_("营业期限的结束日期不能早于开始日期。"),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def responsible_person_title(self) -> str:
        """法定代表人, 负责人, 经营者, 投资人 or 执行事务合伙人, by the entity's type."""
        return responsible_person_title(self.enterprise_type)


class SearchGram(models.Model):
    """One distinct name substring of 2–4 characters and how many enterprises contain it."""

    text = models.CharField(max_length=8, unique=True)
    df = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("检索词")
        verbose_name_plural = _("检索词")

    def __str__(self) -> str:
        return f"{self.text} ({self.df})"


class SearchPosting(models.Model):
    """The enterprise's folded name contains the gram; keyed (gram, enterprise) to scan in order."""

    pk = models.CompositePrimaryKey("gram_id", "enterprise_id")
    # The primary key already leads with gram_id, so a second index on it would only cost space.
    gram = models.ForeignKey(SearchGram, on_delete=models.CASCADE, related_name="+", db_index=False)
    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("检索倒排项")
        verbose_name_plural = _("检索倒排项")

    def __str__(self) -> str:
        return f"{self.gram_id} → {self.enterprise_id}"


class UsccSerial(models.Model):
    """The next 主体标识码 serial per division and category; rows are locked while issuing."""

    division_code = models.CharField(max_length=6)
    category = models.CharField(max_length=1)
    next_serial = models.PositiveBigIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["division_code", "category"], name="uscc_serial_unique")
        ]

    def __str__(self) -> str:
        return f"{self.division_code}/{self.category}: {self.next_serial}"


class RegistrationRevocation(TimeStampedModel):
    """A decision to revoke an enterprise's registration (撤销登记,
    《市场主体登记管理条例》第四十条).

    Kept as its own record because the decision is a document of the file: its date starts the
    year in which the name stays protected (《企业名称登记管理规定》第十七条(三)), and its number
    and reason are what the enterprise and the public are shown. One per enterprise: a revoked
    registration is final in this register (an annulment by a court is entered as a correction).
    """

    enterprise = models.OneToOneField(
        Enterprise,
        verbose_name=_("市场主体"),
        on_delete=models.PROTECT,
        related_name="registration_revocation",
    )
    decided_on = models.DateField(_("撤销决定日期"))
    document_number = models.CharField(_("撤销决定书文号"), max_length=100)
    reason = models.TextField(_("撤销理由"), max_length=1000)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("经办人"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("撤销登记决定")
        verbose_name_plural = _("撤销登记决定")
        ordering = ["-decided_on", "-id"]

    def __str__(self) -> str:
        return f"{self.document_number} ({self.enterprise_id})"


# The facts public by law (《企业信息公示暂行条例》第六条: 股东及出资, 主要人员, 分支机构, 清算组).
# Approvals of registration applications write them (docs/rules/disclosure.md §1); each keeps its
# history, as the enterprise row does, so the public 变更记录 can show what changed and when.


class EnterpriseInvestor(models.Model):
    """A shareholder, promoter, partner, investor or operator of a registered entity."""

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("市场主体"), on_delete=models.CASCADE, related_name="investors"
    )
    position = models.PositiveSmallIntegerField(_("序号"), default=0)
    kind = models.CharField(
        _("投资人类别"),
        max_length=16,
        choices=MemberKind.choices,
        default=MemberKind.NATURAL_PERSON,
    )
    role = models.CharField(_("身份"), max_length=16, choices=MemberRole.choices)
    name = models.CharField(_("姓名或名称"), max_length=100, db_index=True)
    id_type = models.CharField(
        _("证件类型"), max_length=20, choices=IdType.choices, default=IdType.RESIDENT_ID
    )
    # Personal data for a natural person: shown to staff only; a legal entity's USCC is public.
    id_number = models.CharField(_("证件号码"), max_length=30)
    nationality = models.CharField(_("国别（地区）"), max_length=30, default="中国")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("股东（投资人）")
        verbose_name_plural = _("股东（投资人）")
        ordering = ["enterprise", "position", "id"]

    def __str__(self) -> str:
        return self.name


class EnterpriseContribution(models.Model):
    """One subscribed contribution of an investor, and what of it is paid in."""

    investor = models.ForeignKey(
        EnterpriseInvestor,
        verbose_name=_("股东（投资人）"),
        on_delete=models.CASCADE,
        related_name="contributions",
    )
    subscribed_amount = models.DecimalField(_("认缴出资额（元）"), max_digits=18, decimal_places=2)
    form = models.CharField(_("出资方式"), max_length=24, choices=ContributionForm.choices)
    subscribed_due = models.DateField(_("认缴出资日期"), null=True, blank=True)
    paid_amount = models.DecimalField(
        _("实缴出资额（元）"), default=0, max_digits=18, decimal_places=2
    )
    paid_on = models.DateField(_("实缴出资日期"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("出资")
        verbose_name_plural = _("出资")
        ordering = ["investor", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(subscribed_amount__gt=0),
                name="enterprise_contribution_positive",
                violation_error_message=_("认缴出资额必须大于零。"),
            ),
            models.CheckConstraint(
                condition=Q(paid_amount__gte=0) & Q(paid_amount__lte=models.F("subscribed_amount")),
                name="enterprise_paid_within_subscribed",
                violation_error_message=_("实缴出资额不能为负，也不能超过认缴出资额。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.investor} {self.subscribed_amount}"


class EnterpriseOfficer(models.Model):
    """A member of the entity's organs (主要人员): one row per person, every post they hold."""

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("市场主体"), on_delete=models.CASCADE, related_name="officers"
    )
    position = models.PositiveSmallIntegerField(_("序号"), default=0)
    name = models.CharField(_("姓名"), max_length=50, db_index=True)
    id_type = models.CharField(
        _("证件类型"), max_length=20, choices=IdType.choices, default=IdType.RESIDENT_ID
    )
    id_number = models.CharField(_("证件号码"), max_length=30)
    is_director = models.BooleanField(_("董事"), default=False)
    is_chair = models.BooleanField(_("董事长（执行董事）"), default=False)
    is_employee_director = models.BooleanField(_("职工董事"), default=False)
    is_supervisor = models.BooleanField(_("监事"), default=False)
    is_manager = models.BooleanField(_("经理"), default=False)
    is_other_senior_manager = models.BooleanField(_("其他高级管理人员"), default=False)
    is_legal_representative = models.BooleanField(_("法定代表人（负责人）"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("主要人员")
        verbose_name_plural = _("主要人员")
        ordering = ["enterprise", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise"],
                condition=Q(is_legal_representative=True),
                name="enterprise_one_legal_representative",
                violation_error_message=_("法定代表人只能有一名。"),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class EnterpriseBranch(models.Model):
    """A branch (分支机构) of the entity, registered here (`branch` set) or recorded from another
    authority's registration (备案, name and code only)."""

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("隶属企业"), on_delete=models.CASCADE, related_name="branches"
    )
    branch = models.OneToOneField(
        Enterprise,
        verbose_name=_("分支机构（本系统登记）"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="branch_of",
    )
    name = models.CharField(_("分支机构名称"), max_length=200)
    uscc = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    registration_authority_name = models.CharField(_("登记机关"), max_length=100)
    recorded_on = models.DateField(_("备案日期"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("分支机构")
        verbose_name_plural = _("分支机构")
        ordering = ["enterprise", "recorded_on", "id"]

    def __str__(self) -> str:
        return self.name


class LiquidationMember(models.Model):
    """A member of the liquidation group (清算组成员), recorded when the group is filed (备案,
    《市场主体登记管理条例》第三十二条) and public while the entity liquidates."""

    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("市场主体"),
        on_delete=models.CASCADE,
        related_name="liquidation_members",
    )
    position = models.PositiveSmallIntegerField(_("序号"), default=0)
    name = models.CharField(_("姓名或名称"), max_length=100)
    is_leader = models.BooleanField(_("清算组负责人"), default=False)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    recorded_on = models.DateField(_("备案日期"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("清算组成员")
        verbose_name_plural = _("清算组成员")
        ordering = ["enterprise", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise"],
                condition=Q(is_leader=True),
                name="enterprise_one_liquidation_leader",
                violation_error_message=_("清算组负责人只能有一名。"),
            ),
        ]

    def __str__(self) -> str:
        return self.name
