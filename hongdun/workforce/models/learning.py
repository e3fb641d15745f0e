"""Pillar 2 — learning (学习型工商): annual plans, training classes with sessions and attendance,
recurring study (晨学, 周四例学, 远程教育) with attendance, external exams and competitions.

Classes, sessions, person-times (人次) and unique persons are different measures: a class has
sessions; an attendance row is one person at one session; a person-time is one person attending one
class (however many of its sessions). Attendance rows carry the session's date, class and the
person's unit at that time, so the figures over a million rows filter on one table with indexes.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from hongdun.core.models import TimeStampedModel
from hongdun.workforce.choices import (
    AttendanceStatus,
    CompetitionKind,
    Delivery,
    HonourLevel,
    Prize,
    StudyKind,
    TeachingMethod,
    TrainingCategory,
)
from hongdun.workforce.models.base import (
    not_negative,
    ordered_dates,
    ranked_subject_constraints,
    year_in_range,
)
from hongdun.workforce.models.leadership import RotationCycle
from hongdun.workforce.models.people import Person

HISTORY_EXCLUDED = ["created_at", "updated_at"]


class TrainingPlan(TimeStampedModel):
    """A unit's annual training plan (年度培训计划): planned totals to compare with actuals."""

    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("制定单位"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    title = models.CharField(_("计划名称"), max_length=120)
    planned_classes = models.PositiveIntegerField(_("计划期数"), default=0)
    planned_person_times = models.PositiveIntegerField(_("计划培训人次"), default=0)
    planned_hours = models.DecimalField(
        _("计划人均学时"), max_digits=6, decimal_places=1, default=0
    )
    approved_on = models.DateField(_("印发日期"), null=True, blank=True)
    document_number = models.CharField(_("文号"), max_length=60, blank=True)
    description = models.TextField(_("主要内容"), blank=True)

    history = HistoricalRecords(excluded_fields=HISTORY_EXCLUDED)

    class Meta:
        verbose_name = _("年度培训计划")
        verbose_name_plural = _("年度培训计划")
        ordering = ["-year", "unit__ordering_key"]
        constraints = [
            year_in_range("wf_plan"),
            not_negative("wf_plan", "planned_hours"),
            models.UniqueConstraint(
                fields=["unit", "year", "title"],
                name="wf_plan_unique",
                violation_error_message=_("该单位该年度已有同名培训计划。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.title}"


class TrainingClass(TimeStampedModel):
    """培训班: one class (期) of training, the unit of "700余期"."""

    code = models.CharField(
        _("班次编号"), max_length=40, unique=True, help_text=_("导入时据此识别，如 2007-PX-012")
    )
    title = models.CharField(_("培训班名称"), max_length=150)
    organiser = models.ForeignKey(
        "orgs.Unit", verbose_name=_("举办单位"), on_delete=models.PROTECT, related_name="+"
    )
    plan = models.ForeignKey(
        TrainingPlan,
        verbose_name=_("所属计划"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="classes",
    )
    rotation_cycle = models.ForeignKey(
        RotationCycle,
        verbose_name=_("所属轮训"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="classes",
    )
    category = models.CharField(_("培训类别"), max_length=24, choices=TrainingCategory.choices)
    teaching_method = models.CharField(
        _("教学方法"), max_length=16, choices=TeachingMethod.choices, default=TeachingMethod.LECTURE
    )
    delivery = models.CharField(
        _("培训方式"), max_length=16, choices=Delivery.choices, default=Delivery.CLASSROOM
    )
    hours = models.DecimalField(_("学时"), max_digits=6, decimal_places=1)
    start_date = models.DateField(_("开班日期"), db_index=True)
    end_date = models.DateField(_("结业日期"))
    location = models.CharField(_("地点"), max_length=100, blank=True)
    description = models.TextField(_("内容"), blank=True)

    history = HistoricalRecords(excluded_fields=HISTORY_EXCLUDED)

    class Meta:
        verbose_name = _("培训班")
        verbose_name_plural = _("培训班")
        ordering = ["-start_date", "code"]
        indexes = [models.Index(fields=["organiser", "start_date"])]
        constraints = [
            ordered_dates("wf_class", "start_date", "end_date"),
            models.CheckConstraint(
                condition=models.Q(hours__gt=0),
                name="wf_class_hours_positive",
                violation_error_message=_("学时须大于 0。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class TrainingSession(TimeStampedModel):
    """One sitting (课次) of a class on a date; attendance is taken per session."""

    training_class = models.ForeignKey(
        TrainingClass, verbose_name=_("培训班"), on_delete=models.CASCADE, related_name="sessions"
    )
    sequence = models.PositiveSmallIntegerField(_("课次"))
    date = models.DateField(_("日期"))
    topic = models.CharField(_("课程"), max_length=150, blank=True)
    lecturer = models.CharField(_("授课人"), max_length=60, blank=True)
    hours = models.DecimalField(_("学时"), max_digits=5, decimal_places=1)

    history = HistoricalRecords(excluded_fields=HISTORY_EXCLUDED)

    class Meta:
        verbose_name = _("培训课次")
        verbose_name_plural = _("培训课次")
        ordering = ["training_class", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["training_class", "sequence"],
                name="wf_session_unique",
                violation_error_message=_("该培训班已有此课次。"),
            ),
            models.CheckConstraint(
                condition=models.Q(hours__gt=0),
                name="wf_session_hours_positive",
                violation_error_message=_("学时须大于 0。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.training_class.code} #{self.sequence}"


class Attendance(models.Model):
    """One person at one training session (unique: re-importing a sheet updates, never duplicates).

    `date`, `training_class` and `unit` are copied from the session and the person's unit on that
    date when the row is written, so figures by date and unit read this table alone — and, for
    person-times, its rollup `PersonTime`, rewritten with every write (ADR 0011). Not kept in
    django-simple-history (a million rows); writes are audited per import or edit in core.AuditLog.
    """

    session = models.ForeignKey(
        TrainingSession,
        verbose_name=_("课次"),
        on_delete=models.CASCADE,
        related_name="attendances",
    )
    person = models.ForeignKey(
        Person, verbose_name=_("人员"), on_delete=models.CASCADE, related_name="attendances"
    )
    training_class = models.ForeignKey(
        TrainingClass, verbose_name=_("培训班"), on_delete=models.CASCADE, related_name="+"
    )
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("参训时所在单位"), on_delete=models.PROTECT, related_name="+"
    )
    date = models.DateField(_("日期"))
    status = models.CharField(
        _("出勤"), max_length=16, choices=AttendanceStatus.choices, default=AttendanceStatus.PRESENT
    )
    hours = models.DecimalField(_("获得学时"), max_digits=5, decimal_places=1, default=0)

    class Meta:
        verbose_name = _("培训出勤")
        verbose_name_plural = _("培训出勤")
        ordering = ["date", "id"]
        indexes = [
            models.Index(fields=["date", "unit"], name="wf_att_date_unit"),
            models.Index(fields=["unit", "date"], name="wf_att_unit_date"),
            models.Index(fields=["training_class", "person"], name="wf_att_class_person"),
            models.Index(fields=["person", "date"], name="wf_att_person_date"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "person"],
                name="wf_attendance_unique",
                violation_error_message=_("该人员在此课次已有出勤记录。"),
            ),
            not_negative("wf_attendance", "hours"),
        ]

    def __str__(self) -> str:
        return f"{self.session} · {self.person_id}"


class PersonTime(models.Model):
    """One person at one training class (一人次): the rollup of that pair's attendance rows.

    Derived, never edited: `hongdun.workforce.person_times` rewrites a pair's row in the transaction
    that writes its attendance (see ADR 0011). A row exists while the pair has any attendance row;
    `sessions` counts the sessions attended (present or late), so 0 means enrolled but never came.
    `unit` is the unit of every attended row when they agree, empty when the person attended under
    more than one unit (or never attended); `first_date`/`last_date` bound the attended dates. The
    figures count pairs whose attended rows all lie in the period and scope with an index range,
    and read the attendance rows only for pairs that straddle the period or changed unit.
    """

    # The composite indexes below lead with these columns, so the plain FK indexes are not made.
    training_class = models.ForeignKey(
        TrainingClass,
        verbose_name=_("培训班"),
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
    )
    person = models.ForeignKey(
        Person, verbose_name=_("人员"), on_delete=models.CASCADE, related_name="+", db_index=False
    )
    unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("参训时所在单位"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    first_date = models.DateField(_("首次出勤日期"), null=True)
    last_date = models.DateField(_("末次出勤日期"), null=True)
    sessions = models.PositiveIntegerField(_("出勤课次数"), default=0)
    hours = models.DecimalField(_("获得学时"), max_digits=7, decimal_places=1, default=0)

    class Meta:
        verbose_name = _("培训人次")
        verbose_name_plural = _("培训人次")
        ordering = ["training_class", "person"]
        indexes = [
            # A subtree: the ranges of its units only.
            models.Index(
                fields=["unit", "first_date", "last_date", "training_class", "sessions", "hours"],
                name="wf_pt_unit_cover",
            ),
            # Unique persons: one probe per person.
            models.Index(
                fields=["person", "first_date", "last_date", "sessions", "unit"],
                name="wf_pt_person_cover",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["training_class", "person"], name="wf_persontime_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.training_class_id} · {self.person_id}"


class PersonTimeTotal(models.Model):
    """A class's person-times (人次) and attended hours with the span of their dates: the sum of its
    `PersonTime` rows with sessions > 0, rewritten with them. A class without person-times has no
    row. The whole bureau's figures read these rows for the classes whose span lies in the period,
    and the class's `PersonTime` rows only where the span crosses an end of the period."""

    training_class = models.OneToOneField(
        TrainingClass,
        verbose_name=_("培训班"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    first_date = models.DateField(_("首次出勤日期"))
    last_date = models.DateField(_("末次出勤日期"))
    person_times = models.PositiveIntegerField(_("人次"))
    hours = models.DecimalField(_("获得学时"), max_digits=9, decimal_places=1)

    class Meta:
        verbose_name = _("培训班人次合计")
        verbose_name_plural = _("培训班人次合计")
        ordering = ["training_class"]

    def __str__(self) -> str:
        return f"{self.training_class_id}: {self.person_times}"


class StudySeries(TimeStampedModel):
    """A unit's recurring study: morning study, Thursday study, distance education."""

    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("学习类型"), max_length=16, choices=StudyKind.choices)
    title = models.CharField(_("名称"), max_length=100)
    weekday = models.PositiveSmallIntegerField(
        _("固定星期"), null=True, blank=True, help_text=_("1=周一 … 7=周日；每日进行的留空")
    )
    start_date = models.DateField(_("开始日期"))
    end_date = models.DateField(_("结束日期"), null=True, blank=True)
    minutes = models.PositiveSmallIntegerField(_("每次时长（分钟）"), default=30)

    history = HistoricalRecords(excluded_fields=HISTORY_EXCLUDED)

    class Meta:
        verbose_name = _("例行学习")
        verbose_name_plural = _("例行学习")
        ordering = ["unit__ordering_key", "kind"]
        constraints = [
            ordered_dates("wf_studyseries", "start_date", "end_date"),
            models.CheckConstraint(
                condition=models.Q(weekday__isnull=True)
                | (models.Q(weekday__gte=1) & models.Q(weekday__lte=7)),
                name="wf_studyseries_weekday_range",
                violation_error_message=_("固定星期应为 1 至 7。"),
            ),
            models.UniqueConstraint(
                fields=["unit", "kind", "title"],
                name="wf_studyseries_unique",
                violation_error_message=_("该单位已有同名例行学习。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.title}"


class StudySession(TimeStampedModel):
    """One occurrence of a recurring study, on a date, with its topic."""

    series = models.ForeignKey(
        StudySeries, verbose_name=_("例行学习"), on_delete=models.CASCADE, related_name="sessions"
    )
    date = models.DateField(_("日期"))
    topic = models.CharField(_("学习内容"), max_length=150, blank=True)

    history = HistoricalRecords(excluded_fields=HISTORY_EXCLUDED)

    class Meta:
        verbose_name = _("例行学习场次")
        verbose_name_plural = _("例行学习场次")
        ordering = ["series", "date"]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "date"],
                name="wf_studysession_unique",
                violation_error_message=_("该例行学习在此日期已有记录。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.series} {self.date}"


class StudyAttendance(models.Model):
    """One person at one recurring-study session (see Attendance for the copied columns)."""

    session = models.ForeignKey(
        StudySession, verbose_name=_("场次"), on_delete=models.CASCADE, related_name="attendances"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("人员"), on_delete=models.CASCADE, related_name="study_attendances"
    )
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("所在单位"), on_delete=models.PROTECT, related_name="+"
    )
    date = models.DateField(_("日期"))
    status = models.CharField(
        _("出勤"), max_length=16, choices=AttendanceStatus.choices, default=AttendanceStatus.PRESENT
    )

    class Meta:
        verbose_name = _("例行学习出勤")
        verbose_name_plural = _("例行学习出勤")
        ordering = ["date", "id"]
        indexes = [
            models.Index(fields=["date", "unit"], name="wf_studyatt_date_unit"),
            models.Index(fields=["unit", "date"], name="wf_studyatt_unit_date"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "person"],
                name="wf_studyattendance_unique",
                violation_error_message=_("该人员在此场次已有出勤记录。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.session} · {self.person_id}"


class ExternalExam(TimeStampedModel):
    """An external exam sitting (e.g. 全国计算机等级考试一级B) whose results are registered."""

    code = models.CharField(_("考试编号"), max_length=40, unique=True)
    name = models.CharField(_("考试名称"), max_length=100)
    level = models.CharField(_("等级/科目"), max_length=40, blank=True)
    organiser_body = models.CharField(_("组织机构"), max_length=100, blank=True)
    held_on = models.DateField(_("考试日期"))
    max_score = models.DecimalField(_("满分"), max_digits=5, decimal_places=1, default=100)
    pass_score = models.DecimalField(_("合格分"), max_digits=5, decimal_places=1, default=60)

    history = HistoricalRecords(excluded_fields=HISTORY_EXCLUDED)

    class Meta:
        verbose_name = _("考试")
        verbose_name_plural = _("考试")
        ordering = ["-held_on", "code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(max_score__gt=0)
                & models.Q(pass_score__gte=0)
                & models.Q(pass_score__lte=models.F("max_score")),
                name="wf_exam_scores_consistent",
                violation_error_message=_("满分须大于 0，合格分须在 0 与满分之间。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.level} {self.held_on}"


class ExamResult(TimeStampedModel):
    """A person's result in an exam. `passed` is recorded as certified (it may differ from the score
    threshold when the exam body rounds or grants exemptions)."""

    exam = models.ForeignKey(
        ExternalExam, verbose_name=_("考试"), on_delete=models.CASCADE, related_name="results"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("人员"), on_delete=models.CASCADE, related_name="exam_results"
    )
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("应考时所在单位"), on_delete=models.PROTECT, related_name="+"
    )
    score = models.DecimalField(_("成绩"), max_digits=5, decimal_places=1, null=True, blank=True)
    absent = models.BooleanField(_("缺考"), default=False)
    passed = models.BooleanField(_("合格"), default=False)
    certificate_number = models.CharField(_("证书编号"), max_length=40, blank=True)

    history = HistoricalRecords(excluded_fields=HISTORY_EXCLUDED)

    class Meta:
        verbose_name = _("考试成绩")
        verbose_name_plural = _("考试成绩")
        ordering = ["exam", "person"]
        indexes = [models.Index(fields=["unit", "passed"])]
        constraints = [
            models.UniqueConstraint(
                fields=["exam", "person"],
                name="wf_examresult_unique",
                violation_error_message=_("该人员在此考试已有成绩。"),
            ),
            models.CheckConstraint(
                condition=models.Q(score__isnull=True) | models.Q(score__gte=0),
                name="wf_examresult_score_not_negative",
                violation_error_message=_("成绩不能为负数。"),
            ),
            models.CheckConstraint(
                condition=models.Q(absent=False)
                | (models.Q(score__isnull=True) & models.Q(passed=False)),
                name="wf_examresult_absent_no_score",
                violation_error_message=_("缺考者不能有成绩或合格。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.exam} · {self.person.name}"


class Competition(TimeStampedModel):
    """A skills competition (技能比武) or knowledge contest (知识竞赛), in-house or external."""

    title = models.CharField(_("名称"), max_length=150)
    kind = models.CharField(_("类型"), max_length=16, choices=CompetitionKind.choices)
    level = models.CharField(_("级别"), max_length=16, choices=HonourLevel.choices)
    organiser_body = models.CharField(_("主办单位"), max_length=100)
    held_on = models.DateField(_("举办日期"))
    year = models.PositiveSmallIntegerField(_("年度"))
    description = models.TextField(_("说明"), blank=True)

    history = HistoricalRecords(excluded_fields=HISTORY_EXCLUDED)

    class Meta:
        verbose_name = _("竞赛比武")
        verbose_name_plural = _("竞赛比武")
        ordering = ["-held_on"]
        constraints = [
            year_in_range("wf_competition"),
            models.UniqueConstraint(
                fields=["title", "year"],
                name="wf_competition_unique",
                violation_error_message=_("该年度已有同名竞赛。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.title}"


class CompetitionEntry(TimeStampedModel):
    """An entrant in a competition: a person or a unit (team), with rank and prize."""

    competition = models.ForeignKey(
        Competition, verbose_name=_("竞赛"), on_delete=models.CASCADE, related_name="entries"
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("个人"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="competition_entries",
    )
    unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("单位（团体）"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    team_name = models.CharField(_("队名"), max_length=60, blank=True)
    event = models.CharField(_("项目"), max_length=60, blank=True)
    score = models.DecimalField(_("得分"), max_digits=7, decimal_places=2, null=True, blank=True)
    rank = models.PositiveSmallIntegerField(_("名次"), null=True, blank=True)
    prize = models.CharField(_("奖项"), max_length=16, choices=Prize.choices, blank=True)

    history = HistoricalRecords(excluded_fields=HISTORY_EXCLUDED)

    class Meta:
        verbose_name = _("参赛记录")
        verbose_name_plural = _("参赛记录")
        ordering = ["competition", "rank", "id"]
        constraints = ranked_subject_constraints(
            "wf_entry",
            "competition",
            person_message=_("该人员已报名此竞赛项目。"),
            unit_message=_("该单位已报名此竞赛项目。"),
        )

    def __str__(self) -> str:
        who = self.person.name if self.person_id and self.person else str(self.unit)
        return f"{self.competition} · {who}"
