"""Fixtures of the immediate-disclosure tests: two enterprises of different authorities, each
with an authorised portal user."""

from collections.abc import Callable

import pytest

from hongdun.accounts.models import User
from hongdun.accounts.roles import Role
from hongdun.disclosure.tests.immediate.factories import ESTABLISHED, authorise
from hongdun.enterprises.models import Enterprise
from hongdun.enterprises.tests.factories import register
from hongdun.orgs.models import Unit


@pytest.fixture
def kundulun_company(bureau: dict[str, Unit]) -> Enterprise:
    return register(
        "包头市昆都仑区即时公示有限公司", bureau["kundulun"], established_on=ESTABLISHED
    )


@pytest.fixture
def jiuyuan_company(bureau: dict[str, Unit]) -> Enterprise:
    return register("包头市九原区另一家有限公司", bureau["jiuyuan"], established_on=ESTABLISHED)


@pytest.fixture
def discloser(make_user: Callable[..., User], kundulun_company: Enterprise) -> User:
    """A portal user authorised for the Kundulun company."""
    user = make_user(Role.APPLICANT)
    authorise(user, kundulun_company)
    return user


@pytest.fixture
def other_discloser(make_user: Callable[..., User], jiuyuan_company: Enterprise) -> User:
    """A portal user authorised for another enterprise only."""
    user = make_user(Role.APPLICANT)
    authorise(user, jiuyuan_company)
    return user
