"""Two administrators at once: two activations leave one version active; two new versions get
two numbers (or one is told to retry), never a 500 or a duplicate."""

from __future__ import annotations

from typing import Any

import pytest

from hongdun.accounts.roles import Role
from hongdun.credit.engine.scheme import DEFAULT_DEFINITION, DEFAULT_SAMPLING
from hongdun.credit.models import CreditScheme
from hongdun.credit.services_schemes import scheme_activate, scheme_create_version
from hongdun.credit.tests import factories_classes as f
from hongdun.testing.race import needs_concurrent_connections, race

pytestmark = [pytest.mark.django_db(transaction=True), needs_concurrent_connections]


def test_two_activations_leave_one_active(bureau: Any, make_user: Any) -> None:
    first, second = (make_user(Role.ADMINISTRATOR, bureau["baotou"]) for _ in range(2))
    f.scheme(1)
    two, three = f.scheme(2, active=False), f.scheme(3, active=False)
    outcome = race([lambda: scheme_activate(two, first), lambda: scheme_activate(three, second)])
    assert not outcome.failed, outcome.failed
    assert len(outcome.won) + len(outcome.refused) == 2
    assert len(outcome.won) >= 1
    active = list(CreditScheme.objects.filter(is_active=True))
    assert len(active) == 1
    assert active[0].version in (2, 3)


def test_two_new_versions_get_distinct_numbers(bureau: Any, make_user: Any) -> None:
    first, second = (make_user(Role.ADMINISTRATOR, bureau["baotou"]) for _ in range(2))
    f.scheme(1)
    data = {"name": "新版本", "definition": DEFAULT_DEFINITION, "sampling": DEFAULT_SAMPLING}
    outcome = race(
        [lambda: scheme_create_version(data, first), lambda: scheme_create_version(data, second)]
    )
    assert not outcome.failed, outcome.failed
    versions = sorted(CreditScheme.objects.values_list("version", flat=True))
    assert versions == sorted(set(versions))
    assert len(versions) == 1 + len(outcome.won)
    assert CreditScheme.objects.filter(is_active=True).count() == 1
