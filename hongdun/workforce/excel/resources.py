"""The templates: one django-import-export Resource per kind of record, and the kind around it.

The Resource is the single definition of a template's columns (Chinese headers, widgets, which
are required or personal data). The empty template, the export, Hongdun's bulk import and
django-import-export's standard ``import_data`` all read it.
"""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.fields import NOT_PROVIDED
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import resources
from import_export.declarative import ModelDeclarativeMetaclass
from simple_history.utils import bulk_create_with_history

from hongdun.accounts.types import AnyUser
from hongdun.core.identity import resident_id_check
from hongdun.core.validators import resident_id_message
from hongdun.orgs.models import Unit
from hongdun.workforce.choices import EmploymentStatus
from hongdun.workforce.derivations import InstanceValues, UnitTimeline
from hongdun.workforce.excel.cells import (
    CellError,
    ChoiceWidget,
    Column,
    DateCellWidget,
    DecimalCellWidget,
    IntegerCellWidget,
    LookupWidget,
    Text,
    TextWidget,
    YesNoWidget,
    is_blank,
    model_field,
    shown,
)
from hongdun.workforce.excel.kinds import ExcelKind
from hongdun.workforce.models import (
    Attendance,
    Donation,
    DonationCampaign,
    EvaluationResult,
    EvaluationRound,
    ExamResult,
    ExternalExam,
    Honour,
    Person,
    PositionRecord,
    TrainingClass,
    TrainingSession,
    UnitMembership,
)
from hongdun.workforce.permissions import RecordKind
from hongdun.workforce.person_times import person_times_rebuild

# --- shared widgets ---------------------------------------------------------------------------


def choices_of(model: type[models.Model], field: str) -> ChoiceWidget:
    return ChoiceWidget(model_field(model, field).choices or [])


def unit_widget(noun: Text = "") -> LookupWidget:
    return LookupWidget(
        Unit,
        "name",
        lookup_fields=("name", "code"),
        noun=noun or gettext_lazy("单位"),
        fix=gettext_lazy("请填写系统中单位的全称（与导出文件中的写法相同），或单位代码。"),
    )


def person_widget() -> LookupWidget:
    return LookupWidget(
        Person,
        "employee_number",
        noun=gettext_lazy("人员编号"),
        fix=gettext_lazy("请填写已登记人员的人员编号（可先导入“干部职工名册”）。"),
        select_related=("unit",),
    )


class IdNumberWidget(TextWidget):
    """A citizen ID number (公民身份号码), kept as text; checked by the platform's one check
    (format, birth date and check digit; the address code never refuses a row)."""

    def __init__(self) -> None:
        super().__init__(max_length=18)

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> str:
        if isinstance(value, int | float) and not isinstance(value, bool):
            raise CellError(
                _("身份证号被 Excel 存成了数字，末几位可能已经丢失。"),
                _("请把这一列设为“文本”格式，重新输入完整的 18 位号码。"),
            )
        text = super().clean(value)
        if not text:
            return text
        check = resident_id_check(text, today=timezone.localdate())
        if check.errors:
            raise CellError(
                _("“%(value)s”不是有效的公民身份号码。") % {"value": shown(value)},
                resident_id_message(check.errors[0]),
            )
        return check.number


class SessionWidget(LookupWidget):
    """A training session named by two columns: 班次编号 (the class) and 课次 (its number)."""

    CLASS_COLUMN = "班次编号"
    # When the class cell is wrong, the session cannot be found either; say it once.
    depends_on_column = CLASS_COLUMN

    def __init__(self) -> None:
        super().__init__(
            TrainingSession,
            "sequence",
            noun=gettext_lazy("课次"),
            fix=gettext_lazy("请先在“培训课次”中登记该班次的这一课次，或核对班次编号和课次。"),
            select_related=("training_class",),
        )

    def lookup_key(self, value: Any, row: Any) -> Any:
        code = self.key_of((row or {}).get(self.CLASS_COLUMN) or "")
        try:
            sequence = int(float(value))
        except (TypeError, ValueError):
            raise CellError(
                _("“%(value)s”不是课次序号。") % {"value": shown(value)},
                _("请填写整数课次，例如 1。"),
            ) from None
        return (code, sequence)

    def describe(self, value: Any, row: Any) -> str:
        code, sequence = self.lookup_key(value, row)
        return _("%(code)s 第 %(n)d 课次") % {"code": code, "n": sequence}

    def fetch(self, keys: set[Any]) -> dict[Any, list[Any]]:
        codes = sorted({code for code, _sequence in keys})
        found: dict[Any, list[Any]] = {}
        for start in range(0, len(codes), 500):
            sessions = self.queryset().filter(training_class__code__in=codes[start : start + 500])
            for session in sessions:
                key = (session.training_class.code, session.sequence)
                if key in keys:
                    found[key] = [session]
        return found


class RoundWidget(LookupWidget):
    """An evaluation round named by 评议名称 and 年度 (and 评议机关 where two bodies share a
    name)."""

    def __init__(self) -> None:
        super().__init__(
            EvaluationRound,
            "title",
            noun=gettext_lazy("评议"),
            fix=gettext_lazy("请先在系统中登记该评议（名称、年度、评议机关），或核对这三列。"),
        )

    def lookup_key(self, value: Any, row: Any) -> Any:
        row = row or {}
        try:
            year = int(float(row.get("年度") or 0))
        except (TypeError, ValueError):
            year = 0
        body = self.key_of(row.get("评议机关") or "")
        return (self.key_of(value), year, body)

    def describe(self, value: Any, row: Any) -> str:
        title, year, _body = self.lookup_key(value, row)
        return f"{year} {title}"

    def fetch(self, keys: set[Any]) -> dict[Any, list[Any]]:
        titles = sorted({title for title, _year, _body in keys})
        rounds = list(self.queryset().filter(title__in=titles))
        found: dict[Any, list[Any]] = {}
        for key in keys:
            title, year, body = key
            found[key] = [
                r
                for r in rounds
                if r.title == title and r.year == year and (not body or r.evaluator_body == body)
            ]
        return found


class _ColumnsInOrder(ModelDeclarativeMetaclass):
    """A template lists its columns once: the Columns a Resource declares, in the order it
    declares them, are its Meta.fields (and so the order of the template's columns)."""

    def __new__(cls, name: str, bases: tuple[type, ...], attrs: dict[str, Any]) -> Any:
        meta = attrs.get("Meta")
        if meta is not None and not hasattr(meta, "fields"):
            meta.fields = [key for key, value in attrs.items() if isinstance(value, Column)]
        return super().__new__(cls, name, bases, attrs)


class HongdunResource(resources.ModelResource, metaclass=_ColumnsInOrder):
    """A template. Blank optional cells store the model field's default on both import paths,
    and the kind's derived values are filled before each save of the standard path too."""

    kind_code = ""

    def __init__(self, **kwargs: Any):
        super().__init__(**kwargs)
        # One import's memberships, read once per person rather than once per row.
        self.timeline = UnitTimeline()
        model = self._meta.model
        for column in self.fields.values():
            if not isinstance(column, Column) or column.readonly or "__" in column.attribute:
                continue
            field_ = model_field(model, column.attribute)
            if not field_.null and field_.default is not NOT_PROVIDED:
                column.default = field_.get_default()
            elif not field_.null and isinstance(field_, models.CharField):
                column.default = ""

    def before_save_instance(self, instance: Any, row: Any, **kwargs: Any) -> None:
        values = InstanceValues(instance)
        kind = KIND_BY_CODE[self.kind_code]
        snapshot = {a: getattr(instance, a) for a in kind.derived_on_create if instance.pk}
        problems = kind.derive(values, self.timeline)
        if problems:
            # django-import-export reports the row with this message and imports nothing.
            _attribute, message, fix = problems[0]
            raise ValidationError(f"{message}{fix}")
        for attribute, value in snapshot.items():
            setattr(instance, attribute, value)


def _resource_meta(model: type[models.Model], key: tuple[str, ...]) -> type:
    """The Meta of a template; its `fields` are the Columns the class declares, in that order
    (see _ColumnsInOrder)."""

    class Meta:
        pass

    Meta.model = model  # type: ignore[attr-defined]
    Meta.import_id_fields = list(key)  # type: ignore[attr-defined]
    Meta.skip_unchanged = True  # type: ignore[attr-defined]
    Meta.report_skipped = True  # type: ignore[attr-defined]
    Meta.use_transactions = True  # type: ignore[attr-defined]
    return Meta


def _person_name_check(
    values: dict[str, Any], raw_row: dict[str, Any]
) -> list[tuple[str, str, str]]:
    """The optional 姓名 column must name the person the 人员编号 points at (catches typos)."""
    person = values.get("person")
    written = raw_row.get("姓名")
    if person is None or is_blank(written):
        return []
    written = " ".join(str(written).split())
    if written != person.name:
        return [
            (
                "person",
                _("人员编号 %(number)s 登记的是“%(name)s”，与本行姓名“%(written)s”不符。")
                % {"number": person.employee_number, "name": person.name, "written": written},
                _("请核对人员编号和姓名，改正其中写错的一项。"),
            )
        ]
    return []


# --- 1. cadres ----------------------------------------------------------------------------------


class CadreResource(HongdunResource):
    kind_code = "cadres"
    employee_number = Column(
        "employee_number",
        "人员编号",
        TextWidget(32),
        required=True,
        example="BT0001",
        help_text=gettext_lazy("每人唯一，导入时据此识别同一人员。"),
    )
    name = Column("name", "姓名", TextWidget(50), required=True, example="张明")
    gender = Column("gender", "性别", choices_of(Person, "gender"), required=True, width=8)
    birth_date = Column(
        "birth_date", "出生日期", DateCellWidget(), required=True, example="1970-05-01"
    )
    ethnicity = Column("ethnicity", "民族", choices_of(Person, "ethnicity"), required=True)
    native_place = Column("native_place", "籍贯", TextWidget(50))
    birthplace = Column("birthplace", "出生地", TextWidget(50))
    political_status = Column(
        "political_status", "政治面貌", choices_of(Person, "political_status"), required=True
    )
    party_join_date = Column("party_join_date", "入党（团、派）时间", DateCellWidget())
    work_start_date = Column("work_start_date", "参加工作时间", DateCellWidget())
    bureau_join_date = Column("bureau_join_date", "进入本系统时间", DateCellWidget())
    staff_category = Column(
        "staff_category", "人员类别", choices_of(Person, "staff_category"), required=True
    )
    status = Column("status", "人员状态", choices_of(Person, "status"), required=True)
    status_date = Column(
        "status_date",
        "离退休/调离日期",
        DateCellWidget(),
        help_text=gettext_lazy("在职人员留空；离退休、调离或去世的必须填写。"),
    )
    professional_title = Column("professional_title", "专业技术职务", TextWidget(50))
    specialty = Column("specialty", "熟悉专业有何专长", TextWidget(100), width=20)
    unit = Column("unit", "所在单位", unit_widget(), required=True, width=20)
    id_number = Column(
        "id_number",
        "公民身份号码",
        IdNumberWidget(),
        personal=True,
        width=22,
        help_text=gettext_lazy("个人信息，仅政工部门可见；请设为文本格式。"),
    )
    phone = Column("phone", "联系电话", TextWidget(20), personal=True)
    notes = Column("notes", "备注", TextWidget(1000), width=24)

    Meta = _resource_meta(Person, ("employee_number",))


class CadreKind(ExcelKind):
    record_kind = RecordKind.PEOPLE
    code = "cadres"
    label = gettext_lazy("干部职工名册")
    sheet_title = "干部职工"
    resource_class = CadreResource
    scope_attribute = "unit"
    notes = (gettext_lazy("一人一行。人员调到其他单位时，改“所在单位”后重新导入即可。"),)

    def check_row(
        self, values: dict[str, Any], raw_row: dict[str, Any], *, user: AnyUser
    ) -> list[tuple[str, str, str]]:
        problems = []
        birth = values.get("birth_date")
        for attribute, label in (
            ("work_start_date", _("参加工作时间")),
            ("party_join_date", _("入党（团、派）时间")),
        ):
            when = values.get(attribute)
            if birth and when and when <= birth:
                problems.append(
                    (
                        attribute,
                        _("%(what)s早于出生日期。") % {"what": label},
                        _("请核对出生日期和%(what)s。") % {"what": label},
                    )
                )
        status = values.get("status")
        if status and status != EmploymentStatus.ACTIVE and not values.get("status_date"):
            problems.append(
                (
                    "status_date",
                    _("人员状态不是“在职”时必须填写离退休/调离日期。"),
                    _("请填写离退休、调离或去世的日期。"),
                )
            )
        return problems

    def after_write(self, plan: Any, *, user: AnyUser) -> None:
        """Keep the unit memberships in step with `Person.unit`: a new person opens one (from the
        day they joined the bureau, else today); a changed unit closes the open one yesterday and
        opens one today (or corrects today's)."""
        today = timezone.localdate()
        opened = []
        for _row, person in plan.new:
            start = person.bureau_join_date or person.work_start_date or today
            opened.append(UnitMembership(person=person, unit=person.unit, start_date=start))
        moved = [c.instance for c in plan.updated if "unit" in c.changed]
        current = {
            m.person_id: m
            for m in UnitMembership.objects.filter(
                person__in=[p.pk for p in moved], end_date__isnull=True
            )
        }
        for person in moved:
            membership = current.get(person.pk)
            if membership is not None and membership.start_date >= today:
                membership.unit = person.unit
                membership.save(update_fields=["unit", "updated_at"])
                continue
            if membership is not None:
                membership.end_date = today - datetime.timedelta(days=1)
                membership.save(update_fields=["end_date", "updated_at"])
            opened.append(UnitMembership(person=person, unit=person.unit, start_date=today))
        if opened:
            bulk_create_with_history(opened, UnitMembership, batch_size=1000, default_user=user)


# --- 2. positions -------------------------------------------------------------------------------


class PositionResource(HongdunResource):
    kind_code = "positions"
    person = Column("person", "人员编号", person_widget(), required=True, example="BT0001")
    person_name = Column("person__name", "姓名", TextWidget(50), readonly=True)
    unit = Column("unit", "任职单位", unit_widget(), required=True, width=20)
    title = Column("title", "职务名称", TextWidget(80), required=True, example="副局长", width=16)
    rank = Column("rank", "职务层级", choices_of(PositionRecord, "rank"), required=True)
    is_leadership = Column("is_leadership", "领导职务", YesNoWidget(), width=9)
    is_unit_head = Column("is_unit_head", "单位主要负责人", YesNoWidget(), width=9)
    is_concurrent = Column("is_concurrent", "兼职", YesNoWidget(), width=8)
    start_date = Column("start_date", "任职时间", DateCellWidget(), required=True)
    end_date = Column("end_date", "免职时间", DateCellWidget())
    appointment_document = Column("appointment_document", "任职文号", TextWidget(60))
    appointment_date = Column("appointment_date", "任职发文日期", DateCellWidget())
    removal_document = Column("removal_document", "免职文号", TextWidget(60))
    removal_date = Column("removal_date", "免职发文日期", DateCellWidget())
    end_reason = Column("end_reason", "离任原因", choices_of(PositionRecord, "end_reason"))

    Meta = _resource_meta(PositionRecord, ("person", "unit", "title", "start_date"))


class PositionKind(ExcelKind):
    record_kind = RecordKind.PEOPLE
    code = "positions"
    label = gettext_lazy("任职经历")
    sheet_title = "任职经历"
    resource_class = PositionResource
    scope_attribute = "person"
    year_path = "start_date__year"
    notes = (
        gettext_lazy("一次任职一行；按人员编号、任职单位、职务名称和任职时间识别同一条任职记录。"),
    )

    def check_row(
        self, values: dict[str, Any], raw_row: dict[str, Any], *, user: AnyUser
    ) -> list[tuple[str, str, str]]:
        problems = _person_name_check(values, raw_row)
        start, end = values.get("start_date"), values.get("end_date")
        if start and end and end < start:
            problems.append(
                ("end_date", _("免职时间早于任职时间。"), _("请核对任职时间和免职时间。"))
            )
        if values.get("removal_date") and not values.get("removal_document"):
            problems.append(
                (
                    "removal_date",
                    _("填写了免职发文日期却没有免职文号。"),
                    _("请补填免职文号，或删去免职发文日期。"),
                )
            )
        return problems


# --- 3. training classes ------------------------------------------------------------------------


def class_widget() -> LookupWidget:
    return LookupWidget(
        TrainingClass,
        "code",
        noun=gettext_lazy("班次编号"),
        fix=gettext_lazy("请先导入或登记该培训班（“培训班”模板），或核对班次编号。"),
        select_related=("organiser",),
    )


class TrainingClassResource(HongdunResource):
    kind_code = "classes"
    code = Column(
        "code",
        "班次编号",
        TextWidget(40),
        required=True,
        example="2007-PX-012",
        help_text=gettext_lazy("每期培训班唯一，导入时据此识别。"),
    )
    title = Column("title", "培训班名称", TextWidget(150), required=True, width=28)
    organiser = Column("organiser", "举办单位", unit_widget(), required=True, width=20)
    category = Column("category", "培训类别", choices_of(TrainingClass, "category"), required=True)
    teaching_method = Column(
        "teaching_method",
        "教学方法",
        choices_of(TrainingClass, "teaching_method"),
        required=True,
    )
    delivery = Column("delivery", "培训方式", choices_of(TrainingClass, "delivery"), required=True)
    hours = Column(
        "hours",
        "学时",
        DecimalCellWidget(places=1, minimum=None),
        required=True,
        example="16",
    )
    start_date = Column("start_date", "开班日期", DateCellWidget(), required=True)
    end_date = Column("end_date", "结业日期", DateCellWidget(), required=True)
    location = Column("location", "地点", TextWidget(100))
    description = Column("description", "内容", TextWidget(2000), width=30)

    Meta = _resource_meta(TrainingClass, ("code",))


class TrainingClassKind(ExcelKind):
    record_kind = RecordKind.LEARNING
    code = "classes"
    label = gettext_lazy("培训班")
    sheet_title = "培训班"
    resource_class = TrainingClassResource
    scope_attribute = "organiser"
    year_path = "start_date__year"
    notes = (
        gettext_lazy("一期培训班一行。课次在“培训课次”模板中登记，出勤在“培训出勤”模板中登记。"),
    )

    def check_row(
        self, values: dict[str, Any], raw_row: dict[str, Any], *, user: AnyUser
    ) -> list[tuple[str, str, str]]:
        problems = []
        hours = values.get("hours")
        if hours is not None and hours <= 0:
            problems.append(("hours", _("学时必须大于 0。"), _("请填写这期培训班的总学时。")))
        start, end = values.get("start_date"), values.get("end_date")
        if start and end and end < start:
            problems.append(
                ("end_date", _("结业日期早于开班日期。"), _("请核对开班日期和结业日期。"))
            )
        return problems


# --- 4. training sessions -----------------------------------------------------------------------


class TrainingSessionResource(HongdunResource):
    kind_code = "sessions"
    training_class = Column(
        "training_class", "班次编号", class_widget(), required=True, example="2007-PX-012"
    )
    sequence = Column(
        "sequence", "课次", IntegerCellWidget(minimum=1, maximum=999), required=True, example=1
    )
    date = Column("date", "日期", DateCellWidget(), required=True)
    topic = Column("topic", "课程", TextWidget(150), width=28)
    lecturer = Column("lecturer", "授课人", TextWidget(60))
    hours = Column("hours", "学时", DecimalCellWidget(places=1, minimum=None), required=True)

    Meta = _resource_meta(TrainingSession, ("training_class", "sequence"))


class TrainingSessionKind(ExcelKind):
    record_kind = RecordKind.LEARNING
    code = "sessions"
    label = gettext_lazy("培训课次")
    sheet_title = "培训课次"
    resource_class = TrainingSessionResource
    scope_attribute = "training_class"
    year_path = "date__year"
    notes = (gettext_lazy("培训班的每一次授课一行，课次从 1 开始编号。"),)

    def row_unit(self, values: dict[str, Any]) -> Unit | None:
        training_class = values.get("training_class")
        return training_class.organiser if training_class else None

    def check_row(
        self, values: dict[str, Any], raw_row: dict[str, Any], *, user: AnyUser
    ) -> list[tuple[str, str, str]]:
        problems = []
        hours = values.get("hours")
        if hours is not None and hours <= 0:
            problems.append(("hours", _("学时必须大于 0。"), _("请填写这一课次的学时。")))
        training_class = values.get("training_class")
        when = values.get("date")
        if (
            training_class
            and when
            and not (training_class.start_date <= when <= training_class.end_date)
        ):
            problems.append(
                (
                    "date",
                    _("日期不在培训班的开班日期 %(start)s 至结业日期 %(end)s 之间。")
                    % {"start": training_class.start_date, "end": training_class.end_date},
                    _("请核对日期，或先改正培训班的起止日期。"),
                )
            )
        return problems


# --- 5. attendance ------------------------------------------------------------------------------


class AttendanceResource(HongdunResource):
    kind_code = "attendance"
    training_class = Column(
        "training_class", "班次编号", class_widget(), required=True, example="2007-PX-012"
    )
    session = Column("session", "课次", SessionWidget(), required=True, example=1, width=8)
    person = Column("person", "人员编号", person_widget(), required=True, example="BT0001")
    person_name = Column("person__name", "姓名", TextWidget(50), readonly=True)
    status = Column("status", "出勤", choices_of(Attendance, "status"), required=True, width=9)
    hours = Column(
        "hours",
        "获得学时",
        DecimalCellWidget(places=1),
        help_text=gettext_lazy("留空时：出席或迟到按该课次学时计，请假或缺席计 0。"),
    )

    Meta = _resource_meta(Attendance, ("session", "person"))


class AttendanceKind(ExcelKind):
    record_kind = RecordKind.LEARNING
    code = "attendance"
    label = gettext_lazy("培训出勤")
    sheet_title = "培训出勤"
    resource_class = AttendanceResource
    scope_attribute = "person"
    year_path = "date__year"
    # The unit is the person's unit on the session's date (derivations.derive_attendance); the
    # date is fixed by the key, so a re-import does not re-derive it.
    derived_on_create = ("unit",)
    notes = (
        gettext_lazy(
            "一人一课次一行；按班次编号、课次和人员编号识别，重复导入只会更新出勤和学时。"
        ),
    )

    def check_row(
        self, values: dict[str, Any], raw_row: dict[str, Any], *, user: AnyUser
    ) -> list[tuple[str, str, str]]:
        return _person_name_check(values, raw_row)

    def after_write(self, plan: Any, *, user: AnyUser) -> None:
        # bulk_create/bulk_update send no signals: rebuild the person-time rollup of the classes
        # written, in the import's transaction (ADR 0011).
        classes = {obj.training_class_id for _row, obj in plan.new}
        classes.update(change.instance.training_class_id for change in plan.updated)
        if classes:
            person_times_rebuild(classes)


# --- 6. exam results ----------------------------------------------------------------------------


class ExamResultResource(HongdunResource):
    kind_code = "exams"
    exam = Column(
        "exam",
        "考试编号",
        LookupWidget(
            ExternalExam,
            "code",
            noun=gettext_lazy("考试编号"),
            fix=gettext_lazy("请填写系统中已登记考试的考试编号。"),
        ),
        required=True,
        example="2007-JSJ-1B",
    )
    person = Column("person", "人员编号", person_widget(), required=True, example="BT0001")
    person_name = Column("person__name", "姓名", TextWidget(50), readonly=True)
    score = Column("score", "成绩", DecimalCellWidget(places=1))
    absent = Column("absent", "缺考", YesNoWidget(), width=8)
    passed = Column("passed", "合格", YesNoWidget(), width=8)
    certificate_number = Column("certificate_number", "证书编号", TextWidget(40))

    Meta = _resource_meta(ExamResult, ("exam", "person"))


class ExamResultKind(ExcelKind):
    record_kind = RecordKind.LEARNING
    code = "exams"
    label = gettext_lazy("考试成绩")
    sheet_title = "考试成绩"
    resource_class = ExamResultResource
    scope_attribute = "person"
    year_path = "exam__held_on__year"
    derived_on_create = ("unit",)
    notes = (gettext_lazy("一人一场考试一行。“合格”以证书或考试机构公布的结果为准。"),)

    def check_row(
        self, values: dict[str, Any], raw_row: dict[str, Any], *, user: AnyUser
    ) -> list[tuple[str, str, str]]:
        problems = _person_name_check(values, raw_row)
        if values.get("absent") and (values.get("score") is not None or values.get("passed")):
            problems.append(
                (
                    "absent",
                    _("缺考的人员不能有成绩或合格。"),
                    _("缺考时请清空“成绩”并把“合格”填为“否”。"),
                )
            )
        exam, score = values.get("exam"), values.get("score")
        if exam is not None and score is not None and score > exam.max_score:
            problems.append(
                (
                    "score",
                    _("成绩 %(score)s 超过该考试的满分 %(max)s。")
                    % {"score": score, "max": exam.max_score},
                    _("请核对成绩。"),
                )
            )
        return problems


# --- 7. honours ---------------------------------------------------------------------------------


class HonourResource(HongdunResource):
    kind_code = "honours"
    unit = Column(
        "unit",
        "获奖单位",
        unit_widget(),
        width=20,
        help_text=gettext_lazy("单位荣誉填获奖单位；个人荣誉留空并填人员编号。"),
    )
    person = Column("person", "获奖个人人员编号", person_widget())
    person_name = Column("person__name", "姓名", TextWidget(50), readonly=True)
    title = Column("title", "荣誉称号", TextWidget(120), required=True, width=24)
    category = Column("category", "荣誉类别", choices_of(Honour, "category"), required=True)
    field = Column("field", "所属方面", choices_of(Honour, "field"), required=True)
    level = Column("level", "级别", choices_of(Honour, "level"), required=True)
    awarding_body = Column("awarding_body", "授予机关", TextWidget(120), required=True, width=20)
    year = Column("year", "年度", IntegerCellWidget(minimum=1949, maximum=2100), required=True)
    awarded_on = Column("awarded_on", "授予日期", DateCellWidget())
    document_number = Column("document_number", "表彰文号", TextWidget(60))
    revoked_on = Column("revoked_on", "撤销日期", DateCellWidget())

    Meta = _resource_meta(Honour, ("title", "awarding_body", "year", "unit", "person"))


class HonourKind(ExcelKind):
    record_kind = RecordKind.CIVIC
    code = "honours"
    label = gettext_lazy("荣誉")
    sheet_title = "荣誉"
    resource_class = HonourResource
    scope_attribute = "unit"
    year_path = "year"
    notes = (
        gettext_lazy(
            "每个荣誉每年一行：单位荣誉填“获奖单位”，个人荣誉填“获奖个人人员编号”，二者只填一项。"
        ),
    )

    def row_unit(self, values: dict[str, Any]) -> Unit | None:
        if values.get("unit") is not None:
            unit: Unit = values["unit"]
            return unit
        person = values.get("person")
        return person.unit if person is not None else None

    def check_row(
        self, values: dict[str, Any], raw_row: dict[str, Any], *, user: AnyUser
    ) -> list[tuple[str, str, str]]:
        problems = _person_name_check(values, raw_row)
        if (values.get("unit") is None) == (values.get("person") is None):
            problems.append(
                (
                    "unit",
                    _("获奖单位和获奖个人人员编号必须填写且只填写其中一项。"),
                    _("单位荣誉只填获奖单位；个人荣誉只填人员编号。"),
                )
            )
        return problems


# --- 8. evaluations -----------------------------------------------------------------------------


class EvaluationResultResource(HongdunResource):
    kind_code = "evaluations"
    # 年度 and 评议机关 name the round together with 评议名称 (read by RoundWidget); they are the
    # round's own fields, not the result's.
    round_year = Column(
        "round__year",
        "年度",
        IntegerCellWidget(minimum=1949, maximum=2100),
        required=True,
        readonly=True,
    )
    round = Column("round", "评议名称", RoundWidget(), required=True, width=26)
    round_body = Column(
        "round__evaluator_body", "评议机关", TextWidget(100), width=18, readonly=True
    )
    unit = Column("unit", "被评议单位", unit_widget(), required=True, width=20)
    votes_for = Column("votes_for", "满意票", IntegerCellWidget())
    votes_basic = Column("votes_basic", "基本满意票", IntegerCellWidget())
    votes_against = Column("votes_against", "不满意票", IntegerCellWidget())
    votes_abstain = Column("votes_abstain", "弃权票", IntegerCellWidget())
    score = Column("score", "综合得分", DecimalCellWidget(places=2))
    grade = Column("grade", "评议等次", choices_of(EvaluationResult, "grade"))
    rank = Column("rank", "名次", IntegerCellWidget(minimum=1))
    peer_count = Column("peer_count", "同类参评数", IntegerCellWidget(minimum=1))

    Meta = _resource_meta(EvaluationResult, ("round", "unit"))


class EvaluationKind(ExcelKind):
    record_kind = RecordKind.INTEGRITY
    code = "evaluations"
    label = gettext_lazy("评议结果")
    sheet_title = "评议结果"
    resource_class = EvaluationResultResource
    scope_attribute = "unit"
    year_path = "round__year"
    notes = (
        gettext_lazy(
            "一个单位在一次评议中的结果一行。评议（名称、年度、评议机关）须先在系统中登记。"
        ),
    )

    def check_row(
        self, values: dict[str, Any], raw_row: dict[str, Any], *, user: AnyUser
    ) -> list[tuple[str, str, str]]:
        rank, peers = values.get("rank"), values.get("peer_count")
        if rank and peers and rank > peers:
            return [
                (
                    "rank",
                    _("名次 %(rank)d 大于同类参评数 %(peers)d。") % {"rank": rank, "peers": peers},
                    _("请核对名次和同类参评数。"),
                )
            ]
        return []


# --- 9. donations -------------------------------------------------------------------------------


class DonationResource(HongdunResource):
    kind_code = "donations"
    campaign = Column(
        "campaign",
        "捐款活动",
        LookupWidget(
            DonationCampaign,
            "title",
            noun=gettext_lazy("捐款活动"),
            fix=gettext_lazy("请填写系统中已登记的捐款活动名称。"),
        ),
        required=True,
        width=24,
    )
    person = Column("person", "人员编号", person_widget(), required=True, example="BT0001")
    person_name = Column("person__name", "姓名", TextWidget(50), readonly=True)
    amount = Column("amount", "金额（元）", DecimalCellWidget(places=2), example="100")
    in_kind_value = Column("in_kind_value", "物资折价（元）", DecimalCellWidget(places=2))
    donated_on = Column("donated_on", "日期", DateCellWidget(), required=True)

    Meta = _resource_meta(Donation, ("campaign", "person"))


class DonationKind(ExcelKind):
    record_kind = RecordKind.CULTURE
    code = "donations"
    label = gettext_lazy("捐款明细")
    sheet_title = "捐款明细"
    resource_class = DonationResource
    scope_attribute = "person"
    year_path = "donated_on__year"
    # Not derived on create only: the unit follows the donation date, which a re-import may
    # correct (derivations.derive_donation).
    notes = (
        gettext_lazy(
            "本系统干部职工的捐款和特殊党费，一人一活动一行；系统外捐款人请在捐款活动页面登记。"
        ),
    )

    def check_row(
        self, values: dict[str, Any], raw_row: dict[str, Any], *, user: AnyUser
    ) -> list[tuple[str, str, str]]:
        problems = _person_name_check(values, raw_row)
        amount = values.get("amount") or 0
        in_kind = values.get("in_kind_value") or 0
        if amount <= 0 and in_kind <= 0:
            problems.append(
                (
                    "amount",
                    _("金额和物资折价至少一项要大于 0。"),
                    _("请填写捐款金额（元）或物资折价（元）。"),
                )
            )
        return problems

    def filter_export(self, qs: models.QuerySet[Any], filters: dict[str, Any]) -> Any:
        return super().filter_export(qs.filter(person__isnull=False), filters)


# Every kind, in the order the pages list them; `registry.py` indexes them for the rest of the
# package (this module does not import the registry: imports go registry → resources).
KINDS_IN_ORDER: tuple[ExcelKind, ...] = (
    CadreKind(),
    PositionKind(),
    TrainingClassKind(),
    TrainingSessionKind(),
    AttendanceKind(),
    ExamResultKind(),
    HonourKind(),
    EvaluationKind(),
    DonationKind(),
)
KIND_BY_CODE: dict[str, ExcelKind] = {kind.code: kind for kind in KINDS_IN_ORDER}
