"""Workforce fixtures: users of every relevant kind and a record of every kind in two units."""

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from hongdun.accounts.models import User
from hongdun.accounts.roles import Role
from hongdun.orgs.models import Unit
from hongdun.workforce import models as wf
from hongdun.workforce.tests.factories import ID_NUMBERS, PHONES, build_sample, make_person


def _make_head(make_user: Callable[..., User], unit: Unit, number: str) -> User:
    """A registrar (a role with no workforce rights) who heads `unit` through a position."""
    user = make_user(Role.REGISTRAR, unit)
    person = make_person(unit, number, user=user, name=f"负责人{number}")
    wf.PositionRecord.objects.create(
        person=person,
        unit=unit,
        title="局长",
        rank="section_chief",
        is_unit_head=True,
        start_date=date(2005, 1, 1),
    )
    return user


@pytest.fixture
def wf_users(bureau: dict[str, Unit], make_user: Callable[..., User]) -> dict[str, User]:
    return {
        "personnel": make_user(Role.PERSONNEL, bureau["personnel-office"]),
        "discipline": make_user(Role.DISCIPLINE, bureau["discipline-office"]),
        "leader": make_user(Role.LEADER, bureau["baotou"]),
        "administrator": make_user(Role.ADMINISTRATOR, bureau["baotou"]),
        "registrar": make_user(Role.REGISTRAR, bureau["kundulun"]),
        "applicant": make_user(Role.APPLICANT),
        "county_personnel": make_user(Role.PERSONNEL, bureau["jiuyuan"]),
        "kundulun_head": _make_head(make_user, bureau["kundulun"], "H1"),
        "jiuyuan_head": _make_head(make_user, bureau["jiuyuan"], "H2"),
    }


@pytest.fixture
def samples(bureau: dict[str, Unit], wf_users: dict[str, User]) -> dict[str, dict[str, Any]]:
    """Every kind of record once in Kundulun's branch and once in Jiuyuan's."""
    return {
        "kundulun": build_sample(bureau["kundulun"], "K", ID_NUMBERS[0], PHONES[0]),
        "jiuyuan": build_sample(bureau["jiuyuan"], "J", ID_NUMBERS[1], PHONES[1]),
    }
