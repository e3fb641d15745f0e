"""Enterprises, inspectors and plans for the random-inspection tests."""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest

from hongdun.accounts.models import User
from hongdun.accounts.roles import Role
from hongdun.enterprises.choices import EnterpriseType
from hongdun.enterprises.models import Enterprise
from hongdun.enterprises.tests.factories import register
from hongdun.orgs.models import Unit
from hongdun.supervision.choices import InspectionKind
from hongdun.supervision.models import InspectionPlan
from hongdun.supervision.services_inspection import inspection_plan_create
from hongdun.workforce.models import EnforcementCredential, Person
from hongdun.workforce.tests.factories import make_person

TODAY = date(2026, 12, 7)


def credential(person: Person, number: str, **extra: Any) -> EnforcementCredential:
    values: dict[str, Any] = {
        "issued_by": "内蒙古自治区人民政府",
        "issued_on": TODAY - timedelta(days=400),
        "valid_until": TODAY + timedelta(days=400),
    }
    values.update(extra)
    return EnforcementCredential.objects.create(person=person, number=number, **values)


@dataclass
class World:
    bureau: dict[str, Unit]
    supervisor: User
    enterprises: list[Enterprise]
    far_enterprises: list[Enterprise]
    inspectors: list[Person]


def build_world(bureau: dict[str, Unit], make_user: Any, *, enterprises: int = 24) -> World:
    kundulun, jiuyuan = bureau["kundulun"], bureau["jiuyuan"]
    types = (EnterpriseType.LLC, EnterpriseType.PARTNERSHIP, EnterpriseType.SOLE_PROPRIETORSHIP)
    near = [
        register(
            f"包头市昆区抽查测试{index:03d}有限公司",
            kundulun,
            trade_name=f"抽查测试{index:03d}",
            enterprise_type=types[index % 3],
            established_on=date(2010 + index % 10, 1, 1),
        )
        for index in range(enterprises)
    ]
    far = [
        register(
            f"包头市九原抽查测试{index:03d}有限公司", jiuyuan, trade_name=f"九原抽查测试{index:03d}"
        )
        for index in range(3)
    ]
    station = bureau["kundulun-station-1"]
    inspectors = []
    for index in range(6):
        person = make_person(
            kundulun if index < 4 else station, f"INS{index}", name=f"检查员{index}"
        )
        credential(person, f"15020300{index:04d}")
        inspectors.append(person)
    # Not on the roster: an expired credential, a revoked one, a person of another branch.
    expired = make_person(kundulun, "INS-EXP", name="过期")
    credential(expired, "EXP-1", valid_until=TODAY - timedelta(days=1))
    revoked = make_person(kundulun, "INS-REV", name="注销")
    credential(revoked, "REV-1", revoked_on=TODAY - timedelta(days=10))
    credential(make_person(jiuyuan, "INS-FAR", name="九原检查员"), "FAR-1")
    return World(
        bureau=bureau,
        supervisor=make_user(Role.SUPERVISOR, kundulun),
        enterprises=near,
        far_enterprises=far,
        inspectors=inspectors,
    )


def plan_data(**extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "year": 2026,
        "title": "2026年度昆都仑区双随机抽查",
        "kind": InspectionKind.UNTARGETED,
        "ratio": "0.25",
        "group_by": "",
        "group_ratios": {},
        "filters": {},
    }
    data.update(extra)
    return data


def make_plan(world: World, **extra: Any) -> InspectionPlan:
    return inspection_plan_create(
        actor=world.supervisor, unit=world.bureau["kundulun"], data=plan_data(**extra)
    )


@pytest.fixture
def world(bureau: dict[str, Unit], make_user: Any) -> World:
    return build_world(bureau, make_user)
