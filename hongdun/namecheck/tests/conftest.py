"""Fixtures for the name-declaration tests: an isolated index per test, registries, people."""

from collections.abc import Callable
from datetime import date

import pytest

from hongdun.accounts.models import User
from hongdun.accounts.roles import Role
from hongdun.enterprises.models import Enterprise
from hongdun.enterprises.tests.factories import register
from hongdun.orgs.models import Unit

TODAY = date(2026, 11, 27)


@pytest.fixture(autouse=True)
def _isolated_index(isolated_name_index: None) -> None:
    """Each test gets its own snapshot directory and a fresh process-wide index."""


@pytest.fixture
def kundulun(bureau: dict[str, Unit]) -> Unit:
    return bureau["kundulun"]


@pytest.fixture
def donghe(bureau: dict[str, Unit]) -> Unit:
    return bureau["donghe"]


@pytest.fixture
def applicant(make_user: Callable[..., User]) -> User:
    return make_user(Role.APPLICANT, email="applicant@example.invalid", full_name="申报人甲")


@pytest.fixture
def other_applicant(make_user: Callable[..., User]) -> User:
    return make_user(Role.APPLICANT, email="other@example.invalid")


@pytest.fixture
def reviewer(make_user: Callable[..., User], bureau: dict[str, Unit]) -> User:
    """A registrar of Kundulun's branch: may review declarations at Kundulun (150203)."""
    return make_user(Role.REGISTRAR, bureau["kundulun"])


@pytest.fixture
def outsider_registrar(make_user: Callable[..., User], bureau: dict[str, Unit]) -> User:
    """A registrar of Jiuyuan's branch: Kundulun is outside their scope."""
    return make_user(Role.REGISTRAR, bureau["jiuyuan"])


@pytest.fixture
def hongguang(kundulun: Unit) -> Enterprise:
    """A registered name at Kundulun: 字号 红光, industry 机械设备."""
    return register("包头市红光机械设备有限公司", kundulun, trade_name="红光")
