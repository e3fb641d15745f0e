"""The columns a dated personal record takes from its context, derived and checked in one place.

An attendance, a study attendance, an exam result and a donation each carry the unit the person
belonged to *on the day* (docs/workforce-figures.md: "the unit at the time"), so that figures by
unit read one table and a later transfer does not move past training, exams or donations to the
new unit. One hook per record type derives those columns and reports what cannot be derived; the
record-type declarations (registry.py) point at the hooks, and every write path calls them: the
back-office form and any service caller through ``services.record_save``, the Excel import
(``excel.kinds.ExcelKind.derive``) and django-import-export's standard import of the same templates.

A hook takes the record's values as a mapping (attribute -> value, related objects as instances)
and a ``UnitTimeline``, fills the derived attributes in place, and returns the problems as
``(attribute, message, fix)`` — the shape the Excel row errors and the form errors both show.
"""

from collections.abc import Callable, Iterable, Iterator, MutableMapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import models, transaction
from django.utils.translation import gettext as _

from hongdun.core.models import AuditLog
from hongdun.orgs.models import Unit
from hongdun.workforce.choices import ATTENDED_STATUSES
from hongdun.workforce.models import (
    Attendance,
    Donation,
    ExamResult,
    Person,
    StudyAttendance,
    UnitMembership,
)
from hongdun.workforce.person_times import person_times_rebuild

# (attribute, message, fix): the attribute names the form field or the Excel column at fault.
Problem = tuple[str, str, str]
DeriveHook = Callable[[MutableMapping[str, Any], "UnitTimeline"], list[Problem]]

IN_CHUNK = 500
REPAIR_CHUNK = 2000


class UnitTimeline:
    """The dated unit memberships of persons, read once per person (or preloaded for a whole
    file) and answered from memory: an import of 50,000 rows asks per distinct person, not per row.
    """

    def __init__(self) -> None:
        self._spans: dict[int, list[tuple[date, date | None, Unit]]] = {}

    def preload(self, person_ids: Iterable[int]) -> None:
        wanted = sorted({pk for pk in person_ids if pk not in self._spans})
        for start in range(0, len(wanted), IN_CHUNK):
            part = wanted[start : start + IN_CHUNK]
            for pk in part:
                self._spans[pk] = []
            memberships = (
                UnitMembership.objects.filter(person_id__in=part)
                .select_related("unit")
                .order_by("person_id", "start_date")
            )
            for membership in memberships:
                self._spans[membership.person_id].append(
                    (membership.start_date, membership.end_date, membership.unit)
                )

    def spans(self, person: Person) -> list[tuple[date, date | None, Unit]]:
        if person.pk not in self._spans:
            self.preload([person.pk])
        return self._spans[person.pk]

    def unit_on(self, person: Person, on: date) -> Unit | None:
        """The unit of the membership in force on `on` (the latest started, if they overlap)."""
        found = None
        for start, end, unit in self.spans(person):
            if start <= on and (end is None or end >= on):
                found = unit
        return found

    def last_unit_before(self, person: Person, on: date) -> Unit | None:
        """The unit of the latest membership started on or before `on`, ended or not."""
        found = None
        for start, _end, unit in self.spans(person):
            if start <= on:
                found = unit
        return found


def _no_unit_problem(person: Person, on: date, attribute: str) -> Problem:
    return (
        attribute,
        _("%(name)s（%(number)s）在 %(date)s 没有所在单位的任职记录，无法确定当时的单位。")
        % {"name": person.name, "number": person.employee_number, "date": on.isoformat()},
        _("请先在该人员的“单位经历”中补录 %(date)s 所在的单位，再保存或导入。")
        % {"date": on.isoformat()},
    )


def unit_at_the_time(
    person: Person, on: date, timeline: UnitTimeline, *, after_leaving: bool = False
) -> Unit | None:
    """The person's unit on `on`, or None when their memberships do not say.

    A person with no dated membership at all (rows written before memberships were kept) has only
    the unit on the person record to go by. `after_leaving` also accepts the last unit a person
    belonged to before `on` — retired staff donate under the unit they retired from.
    """
    if not timeline.spans(person):
        return person.unit
    unit = timeline.unit_on(person, on)
    if unit is None and after_leaving:
        unit = timeline.last_unit_before(person, on)
    return unit


def _unit_at_the_time(
    values: MutableMapping[str, Any],
    timeline: UnitTimeline,
    *,
    on: date,
    attribute: str,
    after_leaving: bool = False,
) -> list[Problem]:
    """Set values["unit"] to the person's unit on `on`, or report that it is unknown."""
    person: Person = values["person"]
    unit = unit_at_the_time(person, on, timeline, after_leaving=after_leaving)
    if unit is None:
        return [_no_unit_problem(person, on, attribute)]
    values["unit"] = unit
    return []


def derive_attendance(values: MutableMapping[str, Any], timeline: UnitTimeline) -> list[Problem]:
    """Class and date from the session; hours from the session when attended and left blank; the
    person's unit on the session's date."""
    session = values.get("session")
    if session is None:
        return []
    values["training_class"] = session.training_class
    values["date"] = session.date
    attended = values.get("status") in ATTENDED_STATUSES
    # Blank (the template) or 0 (the form's default) for someone who attended: the session's hours.
    if values.get("hours") is None or (attended and not values["hours"]):
        values["hours"] = session.hours if attended else 0
    if values.get("person") is None:
        return []
    return _unit_at_the_time(values, timeline, on=session.date, attribute="person")


def derive_study_attendance(
    values: MutableMapping[str, Any], timeline: UnitTimeline
) -> list[Problem]:
    """Date from the study session; the person's unit on that date."""
    session = values.get("session")
    if session is None:
        return []
    values["date"] = session.date
    if values.get("person") is None:
        return []
    return _unit_at_the_time(values, timeline, on=session.date, attribute="person")


def derive_exam_result(values: MutableMapping[str, Any], timeline: UnitTimeline) -> list[Problem]:
    """The person's unit on the day the exam was held."""
    exam = values.get("exam")
    if exam is None or values.get("person") is None:
        return []
    return _unit_at_the_time(values, timeline, on=exam.held_on, attribute="person")


def derive_donation(values: MutableMapping[str, Any], timeline: UnitTimeline) -> list[Problem]:
    """A donation by a person of the bureau counts under their unit on the donation date (for the
    retired, the unit they retired from); an outside donor's row keeps the unit it is recorded
    under, which must be given."""
    on = values.get("donated_on")
    if values.get("person") is not None:
        if on is None:
            return []  # the required date is reported by the form or the template
        return _unit_at_the_time(values, timeline, on=on, attribute="person", after_leaving=True)
    if values.get("unit") is None and values.get("donor_name"):
        return [
            (
                "unit",
                _("系统外捐款人的捐款须填写登记单位。"),
                _("请选择组织或登记这笔捐款的单位。"),
            )
        ]
    return []


class InstanceValues(MutableMapping[str, Any]):
    """A model instance seen as the mapping of values the hooks work on (an unset relation reads
    as None instead of raising)."""

    def __init__(self, instance: models.Model):
        self.instance = instance

    def __getitem__(self, key: str) -> Any:
        try:
            return getattr(self.instance, key, None)
        except models.ObjectDoesNotExist:
            return None

    def __setitem__(self, key: str, value: Any) -> None:
        setattr(self.instance, key, value)

    def __delitem__(self, key: str) -> None:
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return iter(f.name for f in self.instance._meta.concrete_fields)

    def __len__(self) -> int:
        return len(self.instance._meta.concrete_fields)


# --- repairing rows written before the hooks -----------------------------------------------------

# (model, path of the record's date, whether a retired person's last unit counts)
DATED_PERSONAL_RECORDS: tuple[tuple[type[models.Model], str, bool], ...] = (
    (Attendance, "date", False),
    (StudyAttendance, "date", False),
    (ExamResult, "exam__held_on", False),
    (Donation, "donated_on", True),
)


@dataclass
class RepairCount:
    checked: int = 0
    moved: int = 0
    unknown: int = 0  # no membership covers the date: left as it is, for a person to look at


def units_at_the_time_repair(*, actor: Any, apply: bool) -> dict[str, RepairCount]:
    """Find the attendance, exam and donation rows whose unit is not the person's unit on the
    row's date (the Excel import wrote the current unit until the derive hooks), and with `apply`
    move them, rebuild the person-times of the classes touched (ADR 0011) and audit each move —
    all in one transaction."""
    counts: dict[str, RepairCount] = {}
    with transaction.atomic():
        for model, date_path, after_leaving in DATED_PERSONAL_RECORDS:
            label = model._meta.model_name or ""
            count = counts[label] = RepairCount()
            rows = (
                model._default_manager.filter(person__isnull=False)
                .select_related("person", "person__unit")
                .annotate(on=models.F(date_path))
                .order_by("pk")
            )
            timeline = UnitTimeline()
            moved: list[Any] = []
            audits: list[AuditLog] = []
            for start in range(0, rows.count(), REPAIR_CHUNK):
                chunk: list[Any] = list(rows[start : start + REPAIR_CHUNK])
                timeline.preload(row.person_id for row in chunk)
                for row in chunk:
                    count.checked += 1
                    unit = unit_at_the_time(
                        row.person, row.on, timeline, after_leaving=after_leaving
                    )
                    if unit is None:
                        count.unknown += 1
                        continue
                    old_unit_id = row.unit_id
                    if unit.pk == old_unit_id:
                        continue
                    count.moved += 1
                    row.unit_id = unit.pk
                    moved.append(row)
                    audits.append(
                        AuditLog(
                            actor=actor if getattr(actor, "is_authenticated", False) else None,
                            action=f"workforce.{label}.unit_at_the_time",
                            object_type=model._meta.label_lower,
                            object_id=str(row.pk),
                            object_repr=f"{row.person.name} {row.on.isoformat()}",
                            before={"unit": old_unit_id},
                            after={"unit": unit.pk},
                        )
                    )
            if apply and moved:
                model._default_manager.bulk_update(moved, ["unit"], batch_size=REPAIR_CHUNK)
                AuditLog.objects.bulk_create(audits, batch_size=REPAIR_CHUNK)
                if model is Attendance:
                    person_times_rebuild({row.training_class_id for row in moved})
    return counts
