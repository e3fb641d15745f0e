"""Registration applications (设立/变更/注销), their structured content, materials and review trail.

An application is one submission to one registration authority (登记机关). Its content is
structured (members and their subscriptions, officers, scope entries from the catalogue, change
items, deregistration data) so the pure pre-review (`prereview/`) can check it and the clerk can
apply it on approval. A corrected submission is a new application whose `supersedes` points at
the one that required correction (实施细则第十八条第三款). Status moves only through the
services, which consult the single table in `transitions.py`.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from hongdun.core.models import TimeStampedModel
from hongdun.enterprises.choices import responsible_person_title
from hongdun.registration.choices import (
    ENTITY_TYPE_CHOICES,
    OPEN_STATUSES,
    SUPPORTED_ENTITY_TYPES,
    ApplicationKind,
    ApplicationStatus,
    ChangeItemKind,
    ContributionForm,
    DeregistrationMode,
    DisqualificationGround,
    DissolutionReason,
    IdType,
    MaterialKind,
    MemberKind,
    MemberRole,
    ObjectionStatus,
    ObjectorKind,
    PermitStage,
)
from hongdun.registration.storage import material_upload_to, private_storage_callable


class ScopeCatalogueEntry(TimeStampedModel):
    """One standard wording of the 经营范围规范表述目录 (实施细则第十二条).

    一般 entries need no permit; 许可 entries name the permit and whether it is needed before
    registration (前置: the approval document is a required material, M6) or after (后置: noted
    on the licence as "依法须经批准的项目，经相关部门批准后方可开展经营活动").
    `source` says which file the row came from; the shipped rows are a marked subset.
    """

    code = models.CharField(_("条目代码"), max_length=20, unique=True)
    wording = models.CharField(_("规范表述"), max_length=200)
    industry_code = models.CharField(_("行业门类代码"), max_length=4, blank=True)
    industry_name = models.CharField(_("行业门类"), max_length=60, blank=True)
    permit_stage = models.CharField(
        _("许可类别"), max_length=8, choices=PermitStage.choices, default=PermitStage.NONE
    )
    permit_name = models.CharField(_("许可事项"), max_length=200, blank=True)
    permit_authority = models.CharField(_("审批部门"), max_length=100, blank=True)
    keywords = models.CharField(_("检索关键词"), max_length=200, blank=True)
    source = models.CharField(_("数据来源"), max_length=100)
    is_active = models.BooleanField(_("有效"), default=True)

    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        verbose_name = _("经营范围规范条目")
        verbose_name_plural = _("经营范围规范目录")
        ordering = ["code"]
        indexes = [models.Index(fields=["wording"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(permit_stage=PermitStage.NONE) | ~Q(permit_authority=""),
                name="registration_scope_permit_has_authority",
                violation_error_message=_("许可项目必须写明审批部门。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.wording}"

    @property
    def is_licensed(self) -> bool:
        return self.permit_stage != PermitStage.NONE


class DisqualifiedPerson(TimeStampedModel):
    """A recorded bar on serving as 法定代表人 or 董事/监事/高管.

    Grounds: 条例第十二条; 公司法第一百七十八条.

    Supplied as data by the bureau (court notices, the serious-violation list, revoked fraudulent
    registrations) and matched by ID number during pre-review. `barred_until` empty = no end date
    (for example, lack of civil capacity, or an unpaid debt that is still unpaid).
    """

    id_type = models.CharField(
        _("证件类型"), max_length=20, choices=IdType.choices, default=IdType.RESIDENT_ID
    )
    id_number = models.CharField(_("证件号码"), max_length=30, db_index=True)
    name = models.CharField(_("姓名"), max_length=50)
    ground = models.CharField(_("限制事由"), max_length=32, choices=DisqualificationGround.choices)
    barred_from = models.DateField(_("限制起始日"), null=True, blank=True)
    barred_until = models.DateField(_("限制截止日"), null=True, blank=True)
    source_reference = models.CharField(_("依据文书"), max_length=200, blank=True)
    is_active = models.BooleanField(_("有效"), default=True)

    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        verbose_name = _("任职限制人员")
        verbose_name_plural = _("任职限制人员")
        ordering = ["id_number", "-barred_until"]
        constraints = [
            models.CheckConstraint(
                condition=Q(barred_until__isnull=True)
                | Q(barred_from__isnull=True)
                | Q(barred_until__gte=models.F("barred_from")),
                name="registration_disqualification_period_ordered",
                violation_error_message=_("限制截止日不能早于起始日。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_ground_display()})"


class EnterpriseAuthorisation(TimeStampedModel):
    """Who may file changes and deregistration for an enterprise through the portal.

    The register has no user accounts, so the tie is explicit: a row is granted when the user's
    own establishment application is approved, or by a registrar of the enterprise's authority
    after checking the legal representative's identity or a written authorisation (委托书) at
    the counter. Revoking keeps the row (who could act when is part of the file).
    """

    class Basis(models.TextChoices):
        ESTABLISHED_BY_USER = "established", _("本人申请设立")
        LEGAL_REPRESENTATIVE = "legal_representative", _("法定代表人本人")
        AGENT = "agent", _("受委托代理人")

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("市场主体"),
        on_delete=models.CASCADE,
        related_name="portal_authorisations",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("被授权用户"),
        on_delete=models.CASCADE,
        related_name="enterprise_authorisations",
    )
    basis = models.CharField(_("授权依据"), max_length=24, choices=Basis.choices)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("授权经办人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    valid_until = models.DateField(_("有效期至"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)

    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        verbose_name = _("市场主体办理授权")
        verbose_name_plural = _("市场主体办理授权")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "user"],
                condition=Q(revoked_at__isnull=True),
                name="registration_one_live_authorisation",
                violation_error_message=_("该用户已获得此市场主体的办理授权。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.enterprise}"


class Application(TimeStampedModel):
    """One registration application (设立、变更或注销登记) to one registration authority.

    For an establishment the name comes from the applicant's `name_reservation` and the
    reservation's authority is the competent authority; `enterprise` is filled on approval with
    the newly registered entity. For a change or deregistration `enterprise` is the target and
    must be set from the start. Content fields hold the values applied for: for a change, the
    new values of the items listed in `change_items`.
    """

    number = models.CharField(
        _("申请编号"), max_length=24, blank=True, help_text=_("首次提交时编制")
    )
    kind = models.CharField(_("申请类型"), max_length=16, choices=ApplicationKind.choices)
    entity_type = models.CharField(_("主体类型"), max_length=24, choices=ENTITY_TYPE_CHOICES)
    deregistration_mode = models.CharField(
        _("注销方式"), max_length=12, choices=DeregistrationMode.choices, blank=True
    )
    status = models.CharField(
        _("状态"),
        max_length=20,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.DRAFT,
        db_index=True,
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申请人"),
        on_delete=models.PROTECT,
        related_name="registration_applications",
    )
    authority = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("登记机关"),
        on_delete=models.PROTECT,
        related_name="registration_applications",
        limit_choices_to={"is_registration_authority": True},
    )
    name_reservation = models.ForeignKey(
        "namecheck.NameReservation",
        verbose_name=_("名称保留"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="registration_applications",
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("市场主体"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="registration_applications",
    )
    parent_enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("隶属企业"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="branch_applications",
        help_text=_("设立分公司时填写"),
    )
    supersedes = models.ForeignKey(
        "self",
        verbose_name=_("补正前的申请"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrected_by",
    )

    # Content (registration items and filed items, docs/rules/registration.md §1).
    name = models.CharField(_("名称"), max_length=100, blank=True)
    registered_capital = models.DecimalField(
        _("注册资本（出资额）"), null=True, blank=True, max_digits=18, decimal_places=2
    )
    currency = models.CharField(_("币种"), max_length=3, default="CNY")
    is_foreign_invested = models.BooleanField(_("外商投资企业"), default=False)
    jsc_by_public_offering = models.BooleanField(
        _("募集设立"), default=False, help_text=_("股份有限公司以募集方式设立")
    )
    address = models.CharField(_("住所"), max_length=200, blank=True)
    address_division_code = models.CharField(
        _("住所所在行政区划"), max_length=6, blank=True, help_text=_("6 位 GB/T 2260 代码")
    )
    postal_code = models.CharField(_("邮政编码"), max_length=6, blank=True)
    term_years = models.PositiveSmallIntegerField(
        _("经营期限（年）"), null=True, blank=True, help_text=_("空表示长期")
    )
    no_supervisor = models.BooleanField(
        _("经全体股东一致同意不设监事"), default=False, help_text=_("公司法第八十三条")
    )
    audit_committee = models.BooleanField(
        _("设审计委员会行使监事会职权"), default=False, help_text=_("公司法第六十九条")
    )
    contact_name = models.CharField(_("联络员"), max_length=50, blank=True)
    contact_phone = models.CharField(_("联络员电话"), max_length=20, blank=True)
    # Change registration (docs/rules/registration.md §3, "Change").
    resolution_date = models.DateField(_("决议或决定日期"), null=True, blank=True)
    new_legal_rep_signed = models.BooleanField(_("新任法定代表人已签署申请书"), default=False)
    capital_reduction_notice_on = models.DateField(_("减资公告日期"), null=True, blank=True)
    applicant_statement = models.TextField(_("申请说明"), blank=True)

    # Submission and review dates.
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("受理时间"), null=True, blank=True)
    decision_due = models.DateField(_("审查期限"), null=True, blank=True)
    extension_notice = models.TextField(
        _("延长审查期限书面告知"), blank=True, help_text=_("经机关负责人批准延长3个工作日")
    )
    extended_at = models.DateTimeField(_("延长时间"), null=True, blank=True)
    extended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("延长经办人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    correction_requested_at = models.DateTimeField(_("告知补正时间"), null=True, blank=True)
    decided_at = models.DateTimeField(_("决定时间"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("决定人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decision_reason = models.TextField(_("决定理由"), blank=True)
    # 中止审查 ([R2] 第十九条第二款): set while a lawsuit or arbitration about the materials is
    # pending; the review clock stops on `suspended_on` and the deadline moves on resumption.
    suspended_on = models.DateField(_("中止审查日期"), null=True, blank=True)
    suspension_basis = models.CharField(
        _("中止依据"), max_length=200, blank=True, help_text=_("如诉讼或者仲裁的案号")
    )
    suspension_reason = models.TextField(_("中止理由"), blank=True)
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)
    # The pre-review answer at the last submission (一次性告知 snapshot kept with the file).
    prereview_defects = models.JSONField(_("预审意见"), default=list, blank=True)
    prereviewed_at = models.DateTimeField(_("预审时间"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["created_at", "updated_at", "prereview_defects"])

    class Meta:
        verbose_name = _("登记申请")
        verbose_name_plural = _("登记申请")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["authority", "status", "decision_due"]),
            models.Index(fields=["applicant", "status"]),
            models.Index(fields=["kind", "status"]),
            # The clerk queue (regreview.selectors.review_queue), measured by
            # bench/registration_queue_bench.py. Each is read without touching the wide rows:
            # - the open queue by status and unit, with everything its filters, deadline sort
            #   and count need (kind, type, due date, receipt time);
            models.Index(
                fields=[
                    "status",
                    "authority",
                    "decision_due",
                    "submitted_at",
                    "kind",
                    "entity_type",
                ],
                # PostgreSQL needs the id in the index to answer from it alone (SQLite's
                # indexes carry the rowid anyway and ignore INCLUDE).
                include=["id"],
                name="registration_app_queue_idx",
            ),
            # - "newest/oldest first" walks receipt time and stops after one page, checking unit
            #   and status in the index;
            models.Index(
                fields=["submitted_at", "id", "authority", "status"],
                name="registration_app_recv_idx",
            ),
            # - "by number" within a status walks numbers in order, checking the unit in the index.
            models.Index(
                fields=["status", "number", "authority"],
                include=["id"],
                name="registration_app_number_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(entity_type__in=[t.value for t in SUPPORTED_ENTITY_TYPES]),
                name="registration_supported_entity_type",
                violation_error_message=_("不支持该主体类型。"),
            ),
            models.CheckConstraint(
                condition=(Q(kind=ApplicationKind.DEREGISTRATION) & ~Q(deregistration_mode=""))
                | (~Q(kind=ApplicationKind.DEREGISTRATION) & Q(deregistration_mode="")),
                name="registration_deregistration_mode_iff_deregistration",
                violation_error_message=_("注销申请必须选择注销方式，其他申请不填注销方式。"),
            ),
            models.CheckConstraint(
                condition=Q(kind=ApplicationKind.ESTABLISHMENT, name_reservation__isnull=False)
                | ~Q(kind=ApplicationKind.ESTABLISHMENT),
                name="registration_establishment_has_reservation",
                violation_error_message=_("设立登记必须使用已保留的名称。"),
            ),
            models.CheckConstraint(
                condition=Q(kind=ApplicationKind.ESTABLISHMENT) | Q(enterprise__isnull=False),
                name="registration_change_has_enterprise",
                violation_error_message=_("变更和注销登记必须指明市场主体。"),
            ),
            models.CheckConstraint(
                condition=Q(registered_capital__isnull=True) | Q(registered_capital__gte=0),
                name="registration_capital_not_negative",
                violation_error_message=_("注册资本不能为负数。"),
            ),
            models.CheckConstraint(
                condition=~Q(status=ApplicationStatus.REFUSED) | ~Q(decision_reason=""),
                name="registration_refusal_has_reason",
                violation_error_message=_("不予登记必须写明理由。"),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[ApplicationStatus.APPROVED, ApplicationStatus.REFUSED])
                | Q(decided_at__isnull=False),
                name="registration_decision_has_time",
                violation_error_message=_("作出决定必须记录决定时间。"),
            ),
            models.CheckConstraint(
                condition=Q(status=ApplicationStatus.DRAFT)
                | Q(submitted_at__isnull=False)
                | Q(status=ApplicationStatus.NOTICE)
                | Q(status=ApplicationStatus.WITHDRAWN),
                name="registration_submitted_has_time",
                violation_error_message=_("已提交的申请必须记录提交时间。"),
            ),
            models.UniqueConstraint(
                fields=["number"],
                condition=~Q(number=""),
                name="registration_number_unique",
                violation_error_message=_("申请编号重复。"),
            ),
            models.UniqueConstraint(
                fields=["name_reservation"],
                condition=Q(status__in=OPEN_STATUSES, name_reservation__isnull=False),
                name="registration_one_open_application_per_reservation",
                violation_error_message=_("该保留名称已有一件办理中的申请。"),
            ),
            models.UniqueConstraint(
                fields=["enterprise"],
                condition=Q(status__in=OPEN_STATUSES) & ~Q(kind=ApplicationKind.ESTABLISHMENT),
                name="registration_one_open_application_per_enterprise",
                violation_error_message=_("该市场主体已有一件办理中的变更或注销申请。"),
            ),
            models.UniqueConstraint(
                fields=["supersedes"],
                condition=Q(supersedes__isnull=False) & ~Q(status=ApplicationStatus.WITHDRAWN),
                name="registration_one_correction_per_application",
                violation_error_message=_("该申请已有补正后的申请。"),
            ),
        ]

    def __str__(self) -> str:
        label = self.number or f"#{self.pk}"
        return f"{label} {self.get_kind_display()} {self.name}".strip()

    @property
    def material_versions(self) -> "list[MaterialVersions]":
        """The current materials in the catalogue's order, each with the versions it replaced."""
        return material_versions(self.materials.select_related("scope_entry"))

    @property
    def responsible_person_title(self) -> str:
        """法定代表人, 负责人, 经营者, 投资人 or 执行事务合伙人, by the entity's type."""
        return responsible_person_title(self.entity_type)

    @property
    def is_simplified_deregistration(self) -> bool:
        return (
            self.kind == ApplicationKind.DEREGISTRATION
            and self.deregistration_mode == DeregistrationMode.SIMPLIFIED
        )


class ApplicationNameKey(models.Model):
    """The application's name contains this 1–2-character key (`name_keys`): the clerk queue's
    name search reads one key's applications as an index range instead of scanning every name.
    Written when an application leaves the draft states; its name cannot change after that."""

    pk = models.CompositePrimaryKey("key", "application_id")
    key = models.CharField(_("检索键"), max_length=2)
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("申请名称检索键")
        verbose_name_plural = _("申请名称检索键")

    def __str__(self) -> str:
        return f"{self.key} → {self.application_id}"


class ApplicationEvent(models.Model):
    """One status transition (or a same-state action such as an extension), append-only."""

    application = models.ForeignKey(
        Application, verbose_name=_("申请"), on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(_("操作"), max_length=24)
    from_status = models.CharField(_("原状态"), max_length=20, choices=ApplicationStatus.choices)
    to_status = models.CharField(_("新状态"), max_length=20, choices=ApplicationStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("申请流转记录")
        verbose_name_plural = _("申请流转记录")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.from_status} → {self.to_status}"


class Member(models.Model):
    """A shareholder, promoter, partner, investor or operator named in the application."""

    application = models.ForeignKey(
        Application, verbose_name=_("申请"), on_delete=models.CASCADE, related_name="members"
    )
    position = models.PositiveSmallIntegerField(_("序号"), default=0)
    kind = models.CharField(
        _("投资人类别"),
        max_length=16,
        choices=MemberKind.choices,
        default=MemberKind.NATURAL_PERSON,
    )
    role = models.CharField(_("身份"), max_length=16, choices=MemberRole.choices)
    name = models.CharField(_("姓名或名称"), max_length=100)
    id_type = models.CharField(
        _("证件类型"), max_length=20, choices=IdType.choices, default=IdType.RESIDENT_ID
    )
    id_number = models.CharField(_("证件号码"), max_length=30)
    nationality = models.CharField(_("国别（地区）"), max_length=30, default="中国")

    class Meta:
        verbose_name = _("投资人")
        verbose_name_plural = _("投资人")
        ordering = ["application", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "id_type", "id_number"],
                name="registration_member_once_per_application",
                violation_error_message=_("同一投资人不能重复填写。"),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Subscription(models.Model):
    """One subscribed contribution of a member: amount to the cent, form and due date."""

    member = models.ForeignKey(
        Member, verbose_name=_("投资人"), on_delete=models.CASCADE, related_name="subscriptions"
    )
    amount = models.DecimalField(_("认缴出资额（元）"), max_digits=18, decimal_places=2)
    form = models.CharField(_("出资方式"), max_length=24, choices=ContributionForm.choices)
    due_date = models.DateField(_("出资期限"), null=True, blank=True)
    paid_amount = models.DecimalField(
        _("实缴出资额（元）"), default=0, max_digits=18, decimal_places=2
    )
    paid_on = models.DateField(_("实缴日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("认缴出资")
        verbose_name_plural = _("认缴出资")
        ordering = ["member", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="registration_subscription_positive",
                violation_error_message=_("认缴出资额必须大于零。"),
            ),
            models.CheckConstraint(
                condition=Q(paid_amount__gte=0) & Q(paid_amount__lte=models.F("amount")),
                name="registration_paid_within_subscribed",
                violation_error_message=_("实缴出资额不能为负，也不能超过认缴出资额。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.amount} {self.get_form_display()}"


class Officer(models.Model):
    """A person in the enterprise's organs; one row per person, with every post they hold.

    One row per person makes "a director or manager may not also be a supervisor" a check on
    a single row (and on the ID number across rows, in case the same person was entered twice).
    `is_legal_representative` is the 法定代表人 of a company, the 负责人 of a branch, the
    执行事务合伙人's appointee of a partnership, or the 经营者 of an individual business.
    """

    application = models.ForeignKey(
        Application, verbose_name=_("申请"), on_delete=models.CASCADE, related_name="officers"
    )
    position = models.PositiveSmallIntegerField(_("序号"), default=0)
    name = models.CharField(_("姓名"), max_length=50)
    id_type = models.CharField(
        _("证件类型"), max_length=20, choices=IdType.choices, default=IdType.RESIDENT_ID
    )
    id_number = models.CharField(_("证件号码"), max_length=30)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    is_director = models.BooleanField(_("董事"), default=False)
    is_chair = models.BooleanField(_("董事长（执行董事）"), default=False)
    is_employee_director = models.BooleanField(_("职工董事"), default=False)
    is_supervisor = models.BooleanField(_("监事"), default=False)
    is_manager = models.BooleanField(_("经理"), default=False)
    is_other_senior_manager = models.BooleanField(
        _("其他高级管理人员"),
        default=False,
        help_text=_("副经理、财务负责人、上市公司董事会秘书等"),
    )
    is_legal_representative = models.BooleanField(_("法定代表人（负责人）"), default=False)

    class Meta:
        verbose_name = _("主要人员")
        verbose_name_plural = _("主要人员")
        ordering = ["application", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(is_legal_representative=True),
                name="registration_one_legal_representative",
                violation_error_message=_("法定代表人只能有一名。"),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ApplicationScope(models.Model):
    """A business-scope entry applied for, always one of the catalogue (实施细则第十二条)."""

    application = models.ForeignKey(
        Application, verbose_name=_("申请"), on_delete=models.CASCADE, related_name="scope_items"
    )
    entry = models.ForeignKey(
        ScopeCatalogueEntry,
        verbose_name=_("规范条目"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    position = models.PositiveSmallIntegerField(_("序号"), default=0)
    is_main = models.BooleanField(_("主营项目"), default=False)

    class Meta:
        verbose_name = _("经营范围条目")
        verbose_name_plural = _("经营范围条目")
        ordering = ["application", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "entry"],
                name="registration_scope_entry_once",
                violation_error_message=_("同一经营范围条目不能重复选择。"),
            ),
        ]

    def __str__(self) -> str:
        return str(self.entry)


class ChangeItem(models.Model):
    """One registered or filed item being changed: its value before and after, as shown to people.

    The structured new value lives in the application's content (capital, address, members,
    officers, scope) or, for a new name, in its `name_reservation`; these strings are the record.
    """

    application = models.ForeignKey(
        Application, verbose_name=_("申请"), on_delete=models.CASCADE, related_name="change_items"
    )
    item = models.CharField(_("变更事项"), max_length=24, choices=ChangeItemKind.choices)
    old_value = models.TextField(_("变更前"), blank=True)
    new_value = models.TextField(_("变更后"), blank=True)

    class Meta:
        verbose_name = _("变更事项")
        verbose_name_plural = _("变更事项")
        ordering = ["application", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "item"],
                name="registration_change_item_once",
                violation_error_message=_("同一变更事项只能填写一次。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_item_display()}: {self.old_value} → {self.new_value}"


class DeregistrationDetail(models.Model):
    """Deregistration data (docs/rules/registration.md §3, "Deregistration"): liquidation,
    creditors' notice, simplified notice.

    The yes/no facts under "not allowed when" (实施细则第四十八条) are declared by the applicant
    and checked by pre-review; the clerk verifies them against the lists before approval.
    """

    application = models.OneToOneField(
        Application,
        verbose_name=_("申请"),
        on_delete=models.CASCADE,
        related_name="deregistration",
    )
    reason = models.CharField(_("解散事由"), max_length=24, choices=DissolutionReason.choices)
    decision_date = models.DateField(_("决议或决定日期"), null=True, blank=True)
    liquidation_required = models.BooleanField(_("需清算"), default=True)
    liquidation_committee_formed_on = models.DateField(_("清算组成立日期"), null=True, blank=True)
    liquidation_committee_published_on = models.DateField(
        _("清算组信息公示日期"), null=True, blank=True
    )
    creditors_notice_on = models.DateField(_("债权人公告日期"), null=True, blank=True)
    liquidation_ended_on = models.DateField(_("清算结束日期"), null=True, blank=True)
    tax_cleared = models.BooleanField(_("已取得清税证明"), default=False)
    debts_settled = models.BooleanField(_("未发生债权债务或已将债权债务清偿完结"), default=False)
    all_investors_committed = models.BooleanField(_("全体投资人已签署承诺书"), default=False)
    branches_deregistered = models.BooleanField(_("分支机构已全部注销"), default=True)
    licence_returned = models.BooleanField(_("已缴回营业执照"), default=False)
    # 简易注销 refusal conditions, as declared (true = the condition applies). Whether the
    # enterprise is on the abnormal-operation or the serious-violation list is not declared: the
    # register's flags say it (Enterprise.on_abnormal_list, on_serious_list; prereview_adapter.py).
    equity_frozen_or_pledged = models.BooleanField(_("股权被冻结或出质"), default=False)
    has_chattel_mortgage = models.BooleanField(_("有动产抵押"), default=False)
    has_outside_investments = models.BooleanField(_("有对外投资"), default=False)
    under_investigation = models.BooleanField(_("正在被立案调查或采取行政强制措施"), default=False)
    in_litigation = models.BooleanField(_("正在诉讼或仲裁程序中"), default=False)
    penalty_unexecuted = models.BooleanField(_("受到罚款等行政处罚尚未执行完毕"), default=False)
    needs_approval = models.BooleanField(_("注销依法须经批准"), default=False)
    # The simplified-deregistration public notice (20 days) and the individual-business window.
    notice_start = models.DateField(_("公示开始日期"), null=True, blank=True)
    notice_end = models.DateField(_("公示结束日期"), null=True, blank=True)
    final_application_deadline = models.DateField(_("申请截止日期"), null=True, blank=True)
    department_objection_deadline = models.DateField(
        _("部门意见截止日期"),
        null=True,
        blank=True,
        help_text=_("个体工商户简易注销：10日内无异议"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("注销信息")
        verbose_name_plural = _("注销信息")
        constraints = [
            models.CheckConstraint(
                condition=Q(notice_start__isnull=True)
                | Q(notice_end__isnull=True)
                | Q(notice_end__gt=models.F("notice_start")),
                name="registration_notice_period_ordered",
                violation_error_message=_("公示结束日期必须晚于开始日期。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application_id} {self.get_reason_display()}"


class NoticeObjection(models.Model):
    """An objection to a simplified-deregistration notice, filed by anyone from the public page."""

    application = models.ForeignKey(
        Application, verbose_name=_("申请"), on_delete=models.CASCADE, related_name="objections"
    )
    objector_kind = models.CharField(_("异议人类别"), max_length=16, choices=ObjectorKind.choices)
    objector_name = models.CharField(_("异议人"), max_length=100)
    objector_contact = models.CharField(_("联系方式"), max_length=50)
    reason = models.TextField(_("异议内容"))
    status = models.CharField(
        _("处理状态"),
        max_length=12,
        choices=ObjectionStatus.choices,
        default=ObjectionStatus.PENDING,
        db_index=True,
    )
    filed_at = models.DateTimeField(_("提出时间"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("处理人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    resolution = models.TextField(_("处理意见"), blank=True)

    class Meta:
        verbose_name = _("简易注销异议")
        verbose_name_plural = _("简易注销异议")
        ordering = ["filed_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=ObjectionStatus.PENDING) | Q(resolved_at__isnull=False),
                name="registration_objection_resolved_has_time",
                violation_error_message=_("已处理的异议必须记录处理时间。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application_id} {self.objector_name}"


class CorrectionItem(models.Model):
    """One item of the one-time correction list (一次性告知补正) the clerk sent with the request."""

    application = models.ForeignKey(
        Application,
        verbose_name=_("申请"),
        on_delete=models.CASCADE,
        related_name="correction_items",
    )
    field = models.CharField(_("字段"), max_length=64, blank=True)
    rule = models.CharField(_("规则"), max_length=32, blank=True)
    message = models.TextField(_("补正内容"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("告知人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("告知时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("补正事项")
        verbose_name_plural = _("补正事项")
        ordering = ["application", "id"]

    def __str__(self) -> str:
        return f"{self.field}: {self.message[:40]}"


class Material(models.Model):
    """An uploaded material (PDF, JPEG or PNG, checked by content), kept in private storage."""

    application = models.ForeignKey(
        Application, verbose_name=_("申请"), on_delete=models.CASCADE, related_name="materials"
    )
    kind = models.CharField(_("材料类型"), max_length=24, choices=MaterialKind.choices)
    file = models.FileField(
        _("文件"), upload_to=material_upload_to, storage=private_storage_callable, max_length=200
    )
    original_name = models.CharField(_("原文件名"), max_length=200)
    content_type = models.CharField(_("文件类型"), max_length=40)
    size = models.PositiveIntegerField(_("大小（字节）"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    # M6: the pre-approval document answers for one licensed scope entry; it goes stale after
    # 90 days unless it states a validity period (实施细则第二十二条).
    scope_entry = models.ForeignKey(
        ScopeCatalogueEntry,
        verbose_name=_("对应许可项目"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    issued_on = models.DateField(_("批准日期"), null=True, blank=True)
    valid_until = models.DateField(_("有效期至"), null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    # A replacement keeps what it replaced: the clerk can still open the earlier file, while the
    # lists and the pre-review see only the current one. Deleting a replacement from a draft
    # makes the material it replaced current again.
    superseded_by = models.ForeignKey(
        "self",
        verbose_name=_("已被替换为"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaced",
    )

    class Meta:
        verbose_name = _("申请材料")
        verbose_name_plural = _("申请材料")
        ordering = ["application", "kind", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.original_name}"

    @property
    def is_current(self) -> bool:
        return self.superseded_by_id is None


@dataclass(frozen=True)
class MaterialVersions:
    """A current material and the ones it replaced, newest first."""

    current: Material
    earlier: list[Material]


def material_versions(materials: Iterable[Material]) -> list[MaterialVersions]:
    """Current materials in the catalogue's order (M1 application form first), each with the
    versions it replaced."""
    rows = list(materials)
    # The material each replacement replaced, by the replacement's id.
    predecessor: dict[int, Material] = {
        m.superseded_by_id: m for m in rows if m.superseded_by_id is not None
    }
    order = {kind: i for i, kind in enumerate(MaterialKind.values)}
    versions = []
    for material in rows:
        if not material.is_current:
            continue
        earlier: list[Material] = []
        older = predecessor.get(material.pk)
        while older is not None and len(earlier) < len(rows):
            earlier.append(older)
            older = predecessor.get(older.pk)
        versions.append(MaterialVersions(material, earlier))
    versions.sort(key=lambda v: (order.get(v.current.kind, len(order)), v.current.pk))
    return versions
