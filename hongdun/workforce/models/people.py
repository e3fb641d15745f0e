"""Cadre records (干部档案): the person, their units, education, ranks, positions, family,
pools; posts and leadership-post quotas (职数).

Every fact that figures depend on carries dates, so a figure can be computed as of any past date:
age from the birth date, unit from the dated memberships, rank and position from their effective
dates, pool membership from its start and end. ID numbers, phones and family members are personal
data (see permissions.py).
"""

from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from hongdun.core.models import TimeStampedModel
from hongdun.workforce.choices import (
    Degree,
    EducationLevel,
    EmploymentStatus,
    FamilyRelation,
    Gender,
    PoliticalStatus,
    PoolExitReason,
    PositionEndReason,
    PostCategory,
    Rank,
    RankKind,
    ReservePoolKind,
    StaffCategory,
    StudyMode,
    ethnicity_choices,
)
from hongdun.workforce.models.base import ordered_dates, year_in_range


def age_on(birth_date: date, on: date) -> int:
    """Whole years between the birth date and `on` (a birthday on `on` counts)."""
    return on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))


class Person(TimeStampedModel):
    """A member of the bureau's staff, cadre or not, active or retired (干部职工).

    The employee number is the natural key Excel imports match on. `unit` is the current unit
    of establishment, kept equal to the open `UnitMembership` by the services; figures as of a
    past date use the memberships. `user` links the person to a login, which is how a unit
    head is recognised.
    """

    employee_number = models.CharField(_("人员编号"), max_length=32, unique=True)
    name = models.CharField(_("姓名"), max_length=50, db_index=True)
    gender = models.CharField(_("性别"), max_length=1, choices=Gender.choices)
    birth_date = models.DateField(_("出生日期"))
    ethnicity = models.CharField(_("民族"), max_length=2, choices=ethnicity_choices(), default="01")
    native_place = models.CharField(_("籍贯"), max_length=50, blank=True)
    birthplace = models.CharField(_("出生地"), max_length=50, blank=True)
    political_status = models.CharField(
        _("政治面貌"), max_length=2, choices=PoliticalStatus.choices, default=PoliticalStatus.MASSES
    )
    party_join_date = models.DateField(_("入党（团、派）时间"), null=True, blank=True)
    work_start_date = models.DateField(_("参加工作时间"), null=True, blank=True)
    bureau_join_date = models.DateField(_("进入本系统时间"), null=True, blank=True)
    staff_category = models.CharField(
        _("人员类别"),
        max_length=32,
        choices=StaffCategory.choices,
        default=StaffCategory.CIVIL_SERVANT,
    )
    status = models.CharField(
        _("人员状态"),
        max_length=16,
        choices=EmploymentStatus.choices,
        default=EmploymentStatus.ACTIVE,
        db_index=True,
    )
    status_date = models.DateField(
        _("离退休/调离日期"), null=True, blank=True, help_text=_("在职人员留空")
    )
    professional_title = models.CharField(_("专业技术职务"), max_length=50, blank=True)
    specialty = models.CharField(_("熟悉专业有何专长"), max_length=100, blank=True)
    # Personal data: shown only to the personnel office (see permissions.can_see_personal_data).
    id_number = models.CharField(_("公民身份号码"), max_length=18, blank=True)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("所在单位"),
        on_delete=models.PROTECT,
        related_name="workforce_people",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登录账号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="workforce_person",
    )
    notes = models.TextField(_("备注"), blank=True)

    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        verbose_name = _("干部职工")
        verbose_name_plural = _("干部职工")
        ordering = ["unit__ordering_key", "employee_number"]
        indexes = [
            models.Index(fields=["unit", "status"]),
            models.Index(fields=["birth_date"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["id_number"],
                condition=~models.Q(id_number=""),
                name="wf_person_id_number_unique",
                violation_error_message=_("该公民身份号码已登记在另一人员名下。"),
            ),
            models.CheckConstraint(
                condition=models.Q(work_start_date__isnull=True)
                | models.Q(work_start_date__gt=models.F("birth_date")),
                name="wf_person_work_after_birth",
                violation_error_message=_("参加工作时间应晚于出生日期。"),
            ),
            models.CheckConstraint(
                condition=models.Q(party_join_date__isnull=True)
                | models.Q(party_join_date__gt=models.F("birth_date")),
                name="wf_person_party_after_birth",
                violation_error_message=_("入党（团、派）时间应晚于出生日期。"),
            ),
            models.CheckConstraint(
                condition=models.Q(status=EmploymentStatus.ACTIVE)
                | models.Q(status_date__isnull=False),
                name="wf_person_inactive_has_date",
                violation_error_message=_("离退休、调离或去世的人员须填写日期。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.employee_number}）"

    def age_on(self, on: date) -> int:
        return age_on(self.birth_date, on)


class UnitMembership(TimeStampedModel):
    """The unit a person belongs to from `start_date` to `end_date` (open = still there)."""

    person = models.ForeignKey(
        Person, verbose_name=_("人员"), on_delete=models.CASCADE, related_name="unit_memberships"
    )
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+"
    )
    start_date = models.DateField(_("起始日期"))
    end_date = models.DateField(_("终止日期"), null=True, blank=True)
    document_number = models.CharField(_("调动文号"), max_length=60, blank=True)

    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        verbose_name = _("单位隶属记录")
        verbose_name_plural = _("单位隶属记录")
        ordering = ["person", "start_date"]
        indexes = [models.Index(fields=["unit", "start_date", "end_date"])]
        constraints = [
            ordered_dates("wf_unitmember", "start_date", "end_date"),
            models.UniqueConstraint(
                fields=["person", "start_date"],
                name="wf_unitmember_person_start_unique",
                violation_error_message=_("该人员在同一日期已有单位隶属记录。"),
            ),
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(end_date__isnull=True),
                name="wf_unitmember_one_open",
                violation_error_message=_("一个人员同时只能有一条未终止的单位隶属记录。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person.name} @ {self.unit}"


class FamilyMember(TimeStampedModel):
    """家庭主要成员及重要社会关系 for the appointment form (personal data)."""

    person = models.ForeignKey(
        Person, verbose_name=_("人员"), on_delete=models.CASCADE, related_name="family_members"
    )
    relation = models.CharField(_("称谓"), max_length=20, choices=FamilyRelation.choices)
    name = models.CharField(_("姓名"), max_length=50)
    birth_date = models.DateField(_("出生日期"), null=True, blank=True)
    political_status = models.CharField(
        _("政治面貌"), max_length=2, choices=PoliticalStatus.choices, blank=True
    )
    work_unit_and_position = models.CharField(_("工作单位及职务"), max_length=120, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        verbose_name = _("家庭成员")
        verbose_name_plural = _("家庭成员")
        ordering = ["person", "sort_order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "relation", "name"],
                name="wf_family_unique",
                violation_error_message=_("该家庭成员已登记。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.person.name} · {self.get_relation_display()} {self.name}"


class EducationRecord(TimeStampedModel):
    """One stage of education (学历学位), full-time (全日制) or in-service (在职).

    The highest education overall and the highest full-time education are derived from these rows
    (selectors), never stored on the person, so they are right as of any date (by `end_date`).
    """

    person = models.ForeignKey(
        Person, verbose_name=_("人员"), on_delete=models.CASCADE, related_name="education_records"
    )
    mode = models.CharField(_("教育类别"), max_length=16, choices=StudyMode.choices)
    level = models.CharField(_("学历"), max_length=24, choices=EducationLevel.choices)
    degree = models.CharField(_("学位"), max_length=16, choices=Degree.choices, blank=True)
    school = models.CharField(_("毕业院校"), max_length=100)
    major = models.CharField(_("专业"), max_length=100, blank=True)
    start_date = models.DateField(_("入学时间"), null=True, blank=True)
    end_date = models.DateField(_("毕业时间"), help_text=_("学历自毕业之日起计入统计"))

    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        verbose_name = _("学历学位")
        verbose_name_plural = _("学历学位")
        ordering = ["person", "end_date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="wf_education_end_after_start",
                violation_error_message=_("毕业时间不能早于入学时间。"),
            ),
            models.UniqueConstraint(
                fields=["person", "mode", "level", "school"],
                name="wf_education_unique",
                violation_error_message=_("该人员已有相同的学历记录。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person.name} · {self.get_mode_display()} {self.get_level_display()}"


class RankRecord(TimeStampedModel):
    """职级 held from `start_date` until `end_date` (open = current): the rank timeline."""

    person = models.ForeignKey(
        Person, verbose_name=_("人员"), on_delete=models.CASCADE, related_name="rank_records"
    )
    rank = models.CharField(_("职级"), max_length=24, choices=Rank.choices)
    kind = models.CharField(
        _("类别"), max_length=16, choices=RankKind.choices, default=RankKind.LEADING
    )
    start_date = models.DateField(_("任职级时间"))
    end_date = models.DateField(_("终止时间"), null=True, blank=True)
    document_number = models.CharField(_("批准文号"), max_length=60, blank=True)

    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        verbose_name = _("职级记录")
        verbose_name_plural = _("职级记录")
        ordering = ["person", "start_date"]
        indexes = [models.Index(fields=["rank", "start_date", "end_date"])]
        constraints = [
            ordered_dates("wf_rank", "start_date", "end_date"),
            models.UniqueConstraint(
                fields=["person", "start_date"],
                name="wf_rank_person_start_unique",
                violation_error_message=_("该人员在同一日期已有职级记录。"),
            ),
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(end_date__isnull=True),
                name="wf_rank_one_open",
                violation_error_message=_("一个人员同时只能有一条现任职级。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person.name} · {self.get_rank_display()} {self.start_date}"


class Post(TimeStampedModel):
    """A post (职位) of a unit, e.g. 昆区分局局长; leadership posts count against the quota."""

    unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("单位"),
        on_delete=models.PROTECT,
        related_name="workforce_posts",
    )
    title = models.CharField(_("职位名称"), max_length=60)
    category = models.CharField(
        _("职位类别"), max_length=16, choices=PostCategory.choices, default=PostCategory.LEADERSHIP
    )
    rank = models.CharField(_("职位层级"), max_length=24, choices=Rank.choices)
    is_unit_head = models.BooleanField(
        _("单位主要负责人"),
        default=False,
        help_text=_("任此职位者可查看本单位及下级单位的队伍信息"),
    )
    is_active = models.BooleanField(_("有效"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        verbose_name = _("职位")
        verbose_name_plural = _("职位")
        ordering = ["unit__ordering_key", "sort_order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "title"],
                name="wf_post_unit_title_unique",
                violation_error_message=_("该单位已有同名职位。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.title}"


class PostQuota(TimeStampedModel):
    """领导职数: how many leadership posts of a rank the unit may fill, from a given year."""

    unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("单位"),
        on_delete=models.PROTECT,
        related_name="workforce_quotas",
    )
    rank = models.CharField(_("职级"), max_length=24, choices=Rank.choices)
    quota = models.PositiveSmallIntegerField(_("核定职数"))
    effective_from = models.DateField(_("生效日期"))
    document_number = models.CharField(_("核定文号"), max_length=60, blank=True)

    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        verbose_name = _("领导职数")
        verbose_name_plural = _("领导职数")
        ordering = ["unit__ordering_key", "rank", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "rank", "effective_from"],
                name="wf_quota_unique",
                violation_error_message=_("该单位该职级在此日期已核定职数。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.get_rank_display()} × {self.quota}"


class PositionRecord(TimeStampedModel):
    """任职经历: a position held, with the appointment and removal documents (任免文号)."""

    person = models.ForeignKey(
        Person, verbose_name=_("人员"), on_delete=models.CASCADE, related_name="positions"
    )
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("任职单位"), on_delete=models.PROTECT, related_name="+"
    )
    post = models.ForeignKey(
        Post,
        verbose_name=_("职位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="holders",
    )
    title = models.CharField(_("职务名称"), max_length=80)
    rank = models.CharField(_("职务层级"), max_length=24, choices=Rank.choices)
    is_leadership = models.BooleanField(_("领导职务"), default=True)
    is_unit_head = models.BooleanField(
        _("单位主要负责人"), default=False, help_text=_("任职期间可查看本单位及下级单位的队伍信息")
    )
    is_concurrent = models.BooleanField(_("兼职"), default=False)
    start_date = models.DateField(_("任职时间"))
    end_date = models.DateField(_("免职时间"), null=True, blank=True)
    appointment_document = models.CharField(_("任职文号"), max_length=60, blank=True)
    appointment_date = models.DateField(_("任职发文日期"), null=True, blank=True)
    removal_document = models.CharField(_("免职文号"), max_length=60, blank=True)
    removal_date = models.DateField(_("免职发文日期"), null=True, blank=True)
    end_reason = models.CharField(
        _("离任原因"), max_length=16, choices=PositionEndReason.choices, blank=True
    )

    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        verbose_name = _("任职记录")
        verbose_name_plural = _("任职记录")
        ordering = ["person", "start_date"]
        indexes = [
            models.Index(fields=["unit", "start_date", "end_date"]),
            models.Index(fields=["is_unit_head", "end_date"]),
        ]
        constraints = [
            ordered_dates("wf_position", "start_date", "end_date"),
            models.UniqueConstraint(
                fields=["person", "unit", "title", "start_date"],
                name="wf_position_unique",
                violation_error_message=_("该人员已有相同的任职记录。"),
            ),
            models.CheckConstraint(
                condition=~models.Q(removal_document="") | models.Q(removal_date__isnull=True),
                name="wf_position_removal_date_needs_document",
                violation_error_message=_("填写免职发文日期时须同时填写免职文号。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person.name} · {self.title}"


class GrassrootsExperience(TimeStampedModel):
    """基层工作经历: a period worked at the grassroots (station, township, enterprise, village)."""

    person = models.ForeignKey(
        Person,
        verbose_name=_("人员"),
        on_delete=models.CASCADE,
        related_name="grassroots_experiences",
    )
    organisation = models.CharField(_("工作单位"), max_length=100)
    role = models.CharField(_("岗位/职务"), max_length=60, blank=True)
    start_date = models.DateField(_("起始日期"))
    end_date = models.DateField(_("终止日期"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        verbose_name = _("基层工作经历")
        verbose_name_plural = _("基层工作经历")
        ordering = ["person", "start_date"]
        constraints = [
            ordered_dates("wf_grassroots", "start_date", "end_date"),
            models.UniqueConstraint(
                fields=["person", "organisation", "start_date"],
                name="wf_grassroots_unique",
                violation_error_message=_("该基层工作经历已登记。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person.name} · {self.organisation}"


class ReservePool(TimeStampedModel):
    """A reserve-cadre pool (后备干部库) with its criteria, checked when a person is added.

    Criteria are data (the rules differ by year and document): an empty criterion is not checked.
    """

    name = models.CharField(_("名称"), max_length=80)
    kind = models.CharField(_("类别"), max_length=16, choices=ReservePoolKind.choices)
    year = models.PositiveSmallIntegerField(_("年度"))
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("管理单位"), on_delete=models.PROTECT, related_name="+"
    )
    target_rank = models.CharField(_("拟任职级"), max_length=24, choices=Rank.choices)
    max_age = models.PositiveSmallIntegerField(_("年龄上限（岁）"), null=True, blank=True)
    min_education = models.CharField(
        _("最低学历"), max_length=24, choices=EducationLevel.choices, blank=True
    )
    min_grassroots_years = models.PositiveSmallIntegerField(
        _("基层工作年限下限"), null=True, blank=True
    )
    min_rank = models.CharField(_("现任职级下限"), max_length=24, choices=Rank.choices, blank=True)
    requires_female = models.BooleanField(_("限女干部"), default=False)
    requires_minority = models.BooleanField(_("限少数民族干部"), default=False)
    requires_party_member = models.BooleanField(_("限中共党员"), default=False)
    capacity = models.PositiveSmallIntegerField(_("名额"), null=True, blank=True)
    description = models.TextField(_("说明"), blank=True)

    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        verbose_name = _("后备干部库")
        verbose_name_plural = _("后备干部库")
        ordering = ["-year", "kind", "name"]
        constraints = [
            year_in_range("wf_pool"),
            models.UniqueConstraint(
                fields=["unit", "year", "name"],
                name="wf_pool_unique",
                violation_error_message=_("该单位该年度已有同名后备干部库。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.name}"


class PoolMembership(TimeStampedModel):
    """A person's time in a reserve pool, and why it ended (promotion history of the pool)."""

    pool = models.ForeignKey(
        ReservePool, verbose_name=_("后备干部库"), on_delete=models.CASCADE, related_name="members"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("人员"), on_delete=models.CASCADE, related_name="pool_memberships"
    )
    start_date = models.DateField(_("入库日期"))
    end_date = models.DateField(_("出库日期"), null=True, blank=True)
    exit_reason = models.CharField(
        _("出库原因"), max_length=24, choices=PoolExitReason.choices, blank=True
    )
    promoted_position = models.ForeignKey(
        PositionRecord,
        verbose_name=_("提拔任用职务"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recommendation = models.TextField(_("推荐意见"), blank=True)

    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        verbose_name = _("后备干部")
        verbose_name_plural = _("后备干部")
        ordering = ["pool", "start_date"]
        constraints = [
            ordered_dates("wf_poolmember", "start_date", "end_date"),
            models.UniqueConstraint(
                fields=["pool", "person", "start_date"],
                name="wf_poolmember_unique",
                violation_error_message=_("该人员已在此日期入库。"),
            ),
            models.UniqueConstraint(
                fields=["pool", "person"],
                condition=models.Q(end_date__isnull=True),
                name="wf_poolmember_one_open",
                violation_error_message=_("该人员已在此后备干部库中。"),
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True, exit_reason="")
                | (models.Q(end_date__isnull=False) & ~models.Q(exit_reason="")),
                name="wf_poolmember_exit_reason_with_end",
                violation_error_message=_("出库时须填写出库原因，在库时不填。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pool} · {self.person.name}"


class EnforcementCredential(TimeStampedModel):
    """An administrative enforcement credential (行政执法证): who may inspect and handle cases.

    The random-inspection roster (执法检查人员名录) and the case officers of enforcement are the
    people holding one valid on the day: issued on or before it, not expired, not revoked.
    """

    person = models.ForeignKey(
        Person,
        verbose_name=_("人员"),
        on_delete=models.PROTECT,
        related_name="enforcement_credentials",
    )
    number = models.CharField(_("执法证号"), max_length=40, unique=True)
    issued_by = models.CharField(_("发证机关"), max_length=100)
    issued_on = models.DateField(_("发证日期"))
    valid_until = models.DateField(_("有效期至"))
    area = models.CharField(_("执法区域"), max_length=100, blank=True)
    revoked_on = models.DateField(_("注销或暂扣日期"), null=True, blank=True)
    notes = models.CharField(_("备注"), max_length=200, blank=True)

    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        verbose_name = _("行政执法证")
        verbose_name_plural = _("行政执法证")
        ordering = ["person_id", "-valid_until"]
        constraints = [ordered_dates("workforce_credential", "issued_on", "valid_until")]
        indexes = [models.Index(fields=["valid_until", "person"], name="workforce_cred_valid")]

    def __str__(self) -> str:
        return f"{self.person} · {self.number}"

    def is_valid_on(self, day: date) -> bool:
        return self.issued_on <= day <= self.valid_until and (
            self.revoked_on is None or self.revoked_on > day
        )
