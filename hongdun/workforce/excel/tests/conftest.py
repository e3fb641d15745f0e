"""Fixtures for the Excel tests: a few people, a training class with sessions, staff of each
kind, and helpers that build workbooks the way Excel, WPS and LibreOffice users produce them."""

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from hongdun.accounts.models import User
from hongdun.accounts.roles import Role
from hongdun.orgs.models import Unit
from hongdun.workforce.choices import EmploymentStatus, Rank, TrainingCategory
from hongdun.workforce.models import (
    Person,
    PositionRecord,
    TrainingClass,
    TrainingSession,
)


@pytest.fixture(autouse=True)
def private_root(settings: Any, tmp_path: Path) -> Path:
    """Uploaded files of each test go to its own directory, never to var/."""
    settings.PRIVATE_ROOT = tmp_path / "private"
    return Path(settings.PRIVATE_ROOT)


def make_person(number: str, name: str, unit: Unit, **extra: Any) -> Person:
    values: dict[str, Any] = {
        "employee_number": number,
        "name": name,
        "gender": "1",
        "birth_date": dt.date(1975, 3, 1),
        "unit": unit,
        "status": EmploymentStatus.ACTIVE,
    }
    values.update(extra)
    return Person.objects.create(**values)


@pytest.fixture
def people(bureau: dict[str, Unit]) -> dict[str, Person]:
    """Two people in Kundulun, one in a Kundulun station, two in Jiuyuan."""
    return {
        "BT001": make_person("BT001", "王建国", bureau["kundulun"]),
        "BT002": make_person("BT002", "李秀英", bureau["kundulun"], gender="2"),
        "BT003": make_person("BT003", "张伟", bureau["kundulun-station-1"]),
        "BT101": make_person("BT101", "刘洋", bureau["jiuyuan"]),
        "BT102": make_person("BT102", "陈静", bureau["jiuyuan"], gender="2"),
    }


@pytest.fixture
def training(bureau: dict[str, Unit]) -> dict[str, Any]:
    """A class organised by the city bureau with two sessions of 3.5 and 4 hours."""
    training_class = TrainingClass.objects.create(
        code="2007-PX-001",
        title="依法行政专题培训班",
        organiser=bureau["baotou"],
        category=TrainingCategory.LAW,
        hours=Decimal("7.5"),
        start_date=dt.date(2007, 4, 2),
        end_date=dt.date(2007, 4, 3),
    )
    first = TrainingSession.objects.create(
        training_class=training_class,
        sequence=1,
        date=dt.date(2007, 4, 2),
        hours=Decimal("3.5"),
    )
    second = TrainingSession.objects.create(
        training_class=training_class,
        sequence=2,
        date=dt.date(2007, 4, 3),
        hours=Decimal("4.0"),
    )
    return {"class": training_class, "sessions": [first, second]}


@pytest.fixture
def staff(
    bureau: dict[str, Unit], make_user: Callable[..., User], people: dict[str, Person]
) -> dict[str, User]:
    """Staff by role: the city personnel office (whole bureau), Kundulun's personnel clerk (its
    subtree), the discipline office, a leader, a registrar, and Jiuyuan's head (by position)."""
    jiuyuan_head = make_user(None, bureau["jiuyuan"])
    head_person = people["BT101"]
    head_person.user = jiuyuan_head
    head_person.save()
    PositionRecord.objects.create(
        person=head_person,
        unit=bureau["jiuyuan"],
        title="局长",
        rank=Rank.SECTION_CHIEF,
        is_unit_head=True,
        start_date=dt.date(2005, 1, 1),
    )
    return {
        "personnel": make_user(Role.PERSONNEL, bureau["personnel-office"]),
        "personnel_kundulun": make_user(Role.PERSONNEL, bureau["kundulun"]),
        "personnel_other": make_user(Role.PERSONNEL, bureau["personnel-office"]),
        "discipline": make_user(Role.DISCIPLINE, bureau["discipline-office"]),
        "leader": make_user(Role.LEADER, bureau["baotou"]),
        "registrar": make_user(Role.REGISTRAR, bureau["kundulun"]),
        "jiuyuan_head": jiuyuan_head,
        "no_role": make_user(None, bureau["kundulun"]),
    }
