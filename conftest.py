"""Fixtures shared by every app's tests: the demo bureau's org tree and one user per role."""

import os
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from hongdun.accounts.models import User
from hongdun.accounts.roles import Role
from hongdun.orgs.models import Unit

# The testing kit's suites assert like tests; let pytest explain their failures the same way
# (before any test module imports the kit).
pytest.register_assert_rewrite("hongdun.testing")

# The browser tests' fixtures (`browser`, `browser_pages`) live in the platform's testing kit.
pytest_plugins = ["hongdun.testing.browser"]

# Playwright's sync API runs an event loop in the test thread; Django would otherwise refuse
# ORM calls made there (the browser tests only read what the server wrote).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def bureau(db: None) -> dict[str, Unit]:
    """The Baotou org tree (units keyed by code) without enterprises or demo users."""
    from hongdun.demo.bureau import demo_bureau_load

    return demo_bureau_load()


@pytest.fixture
def isolated_name_index(settings: Any, tmp_path: Any) -> Iterator[None]:
    """The test's own name-index snapshot directory, and a fresh process-wide name index."""
    from hongdun.namecheck import index_store

    settings.VAR_DIR = tmp_path
    index_store.store().reset()
    yield
    index_store.store().reset()


@pytest.fixture
def make_user(db: None) -> Callable[..., User]:
    counter = iter(range(1, 10_000))

    def make(role: str | None, unit: Unit | None = None, **extra: Any) -> User:
        user = User.objects.create_user(
            username=f"{role or 'nobody'}-{next(counter)}",
            password="pw-for-tests-only",  # noqa: S106
            **extra,
        )
        user.unit = unit
        user.save()
        if role:
            user.groups.add(Group.objects.get_or_create(name=role)[0])
        return user

    return make


@pytest.fixture
def login(client: Client) -> Callable[[User | None], Client]:
    def as_user(user: User | None) -> Client:
        client.logout()
        if user is not None:
            client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return as_user


@pytest.fixture
def role_users(bureau: dict[str, Unit], make_user: Callable[..., User]) -> dict[str, User]:
    """One user per role; staff in Kundulun's branch, plus an out-of-scope registrar in Jiuyuan."""
    users = {
        Role.APPLICANT: make_user(Role.APPLICANT),
        Role.REGISTRAR: make_user(Role.REGISTRAR, bureau["kundulun"]),
        Role.SUPERVISOR: make_user(Role.SUPERVISOR, bureau["kundulun"]),
        Role.PERSONNEL: make_user(Role.PERSONNEL, bureau["personnel-office"]),
        Role.DISCIPLINE: make_user(Role.DISCIPLINE, bureau["discipline-office"]),
        Role.LEADER: make_user(Role.LEADER, bureau["baotou"]),
        Role.ADMINISTRATOR: make_user(Role.ADMINISTRATOR, bureau["baotou"]),
        "out_of_scope_registrar": make_user(Role.REGISTRAR, bureau["jiuyuan"]),
        "no_role": make_user(None),
    }
    return users


@pytest.fixture(autouse=True)
def _fresh_working_day_calendar() -> Iterator[None]:
    """The working-day tables are cached per process; a rolled-back test's holiday overrides must
    not leak into the next test."""
    from hongdun.core.workdays import calendar_changed

    yield
    calendar_changed()


@pytest.fixture(autouse=True)
def _fresh_public_record_cache() -> None:
    """The test cache lives as long as the process while each test's rows are rolled back (and
    their ids given out again): a record cached by an earlier test must not answer this one."""
    from hongdun.enterprises.public_cache import public_cache_reset

    public_cache_reset()
