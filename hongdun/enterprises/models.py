"""The market-entity register (市场主体) and the n-gram index behind the public query."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from hongdun.core.models import TimeStampedModel
from hongdun.enterprises.choices import (
    EnterpriseStatus,
    EnterpriseType,
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

    history = HistoricalRecords(excluded_fields=["name_search", "created_at", "updated_at"])

    class Meta:
        verbose_name = _("市场主体")
        verbose_name_plural = _("市场主体")
        ordering = ["id"]
        indexes = [
            models.Index(fields=["registration_authority", "status"]),
            # Exact trade-name holders are ranked second in the public query and paged by id.
            models.Index(fields=["trade_name", "id"], name="enterprise_trade_name_id"),
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
