"""Builders for figure tests: every record is made explicitly so counts are checked by hand."""

from datetime import date
from decimal import Decimal
from itertools import count
from typing import Any

from hongdun.orgs.models import Unit
from hongdun.orgs.selectors import unit_subtree_ids
from hongdun.reporting.workforce.figure_types import FigureScope, IntegrityAccess
from hongdun.workforce.choices import (
    EducationLevel,
    Gender,
    Rank,
    StaffCategory,
    StudyMode,
    TeamLevel,
    TeamRole,
)
from hongdun.workforce.models import (
    EducationRecord,
    LeadershipTeam,
    Person,
    RankRecord,
    TeamMembership,
    UnitMembership,
)

_numbers = count(1)


def person(
    unit: Unit,
    *,
    born: date = date(1970, 6, 1),
    gender: str = Gender.MALE,
    ethnicity: str = "01",
    category: str = StaffCategory.CIVIL_SERVANT,
    joined: date = date(2000, 1, 1),
    left: date | None = None,
    name: str | None = None,
    **extra: Any,
) -> Person:
    number = next(_numbers)
    created = Person.objects.create(
        employee_number=f"T{number:05d}",
        name=name or f"测试人员{number}",
        gender=gender,
        birth_date=born,
        ethnicity=ethnicity,
        staff_category=category,
        unit=unit,
        **extra,
    )
    UnitMembership.objects.create(person=created, unit=unit, start_date=joined, end_date=left)
    return created


def rank(who: Person, value: str, since: date, until: date | None = None) -> RankRecord:
    return RankRecord.objects.create(person=who, rank=value, start_date=since, end_date=until)


def education(
    who: Person, level: str, finished: date, school: str = "内蒙古大学"
) -> EducationRecord:
    return EducationRecord.objects.create(
        person=who, mode=StudyMode.FULL_TIME, level=level, school=school, end_date=finished
    )


def team(unit: Unit, level: str = TeamLevel.GRASSROOTS_BUREAU) -> LeadershipTeam:
    return LeadershipTeam.objects.get_or_create(
        unit=unit, defaults={"name": f"{unit.name}领导班子", "level": level}
    )[0]


def member(
    on: LeadershipTeam,
    who: Person,
    role: str = TeamRole.DEPUTY,
    since: date = date(2005, 1, 1),
    until: date | None = None,
) -> TeamMembership:
    return TeamMembership.objects.create(
        team=on, person=who, role=role, start_date=since, end_date=until
    )


def scope_of(
    root: Unit,
    *,
    as_of: date,
    start: date | None = None,
    end: date | None = None,
    persons: bool = True,
    integrity: IntegrityAccess = IntegrityAccess.FULL,
) -> FigureScope:
    return FigureScope(
        unit_ids=tuple(sorted(unit_subtree_ids(unit=root))),
        as_of=as_of,
        period_start=start or date(as_of.year, 1, 1),
        period_end=end or as_of,
        persons_visible=persons,
        integrity=integrity,
        root_id=root.pk,
        root_name=root.name,
    )


__all__ = [
    "Decimal",
    "EducationLevel",
    "Rank",
    "education",
    "member",
    "person",
    "rank",
    "scope_of",
    "team",
]
