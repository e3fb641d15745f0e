"""Fixtures shared by the annual-report and filing-progress tests (the immediate-disclosure tests
below have their own in immediate/conftest.py)."""

from collections.abc import Callable

import pytest

from hongdun.accounts.models import User
from hongdun.accounts.roles import Role
from hongdun.disclosure.tests.factories_progress import FilingRegister, filing_register
from hongdun.disclosure.tests.factories_reports import (  # noqa: F401 - fixtures
    filer,
    individual_business,
    open_window,
    report_enterprise,
)
from hongdun.orgs.models import Unit


@pytest.fixture
def filings(bureau: dict[str, Unit]) -> FilingRegister:
    """The filing register of factories_progress: enterprises due in YEAR in every state."""
    return filing_register(bureau)


@pytest.fixture
def jiuyuan_supervisor(make_user: Callable[..., User], bureau: dict[str, Unit]) -> User:
    return make_user(Role.SUPERVISOR, bureau["jiuyuan"])
