"""The scheme in force (hongdun.credit.schemes): created from the defaults once, parsed once per
version."""

import copy

import pytest
from django.db import IntegrityError

from hongdun.core.models import AuditLog
from hongdun.credit.engine.scheme import (
    DEFAULT_DEFINITION,
    DEFAULT_SAMPLING,
    SchemeError,
    default_scheme,
)
from hongdun.credit.models import CreditScheme
from hongdun.credit.schemes import DEFAULT_SCHEME_NAME, active_scheme, scheme_of
from hongdun.testing.race import needs_concurrent_connections, race_same


@pytest.mark.django_db
def test_the_first_call_creates_version_one_from_the_defaults_and_later_calls_reuse_it():
    row, scheme = active_scheme()
    assert (row.version, row.name, row.is_active) == (1, DEFAULT_SCHEME_NAME, True)
    assert row.activated_at is not None
    assert row.definition == DEFAULT_DEFINITION
    assert row.sampling == DEFAULT_SAMPLING
    assert scheme == default_scheme()
    again, scheme_again = active_scheme()
    assert again.pk == row.pk
    assert scheme_again is scheme
    assert CreditScheme.objects.count() == 1
    audit = AuditLog.objects.get(action="credit.scheme.create_default")
    assert audit.object_id == str(row.pk)
    assert audit.after is not None
    assert audit.after["version"] == 1


@pytest.mark.django_db
def test_the_active_row_is_used_and_an_inactive_history_gets_the_next_version():
    CreditScheme.objects.create(
        version=3, name="旧方案", definition=DEFAULT_DEFINITION, sampling=DEFAULT_SAMPLING
    )
    row, _scheme = active_scheme()
    assert row.version == 4
    assert row.is_active
    definition = copy.deepcopy(DEFAULT_DEFINITION)
    definition["thresholds"] = {"A": 5, "B": 20, "C": 50}
    row.is_active = False
    row.save()
    active = CreditScheme.objects.create(
        version=5, name="本地方案", definition=definition, sampling=DEFAULT_SAMPLING, is_active=True
    )
    got, scheme = active_scheme()
    assert got.pk == active.pk
    assert scheme.thresholds == {"A": 5, "B": 20, "C": 50}


@pytest.mark.django_db
def test_scheme_of_parses_each_version_once_and_tells_versions_apart():
    first = CreditScheme.objects.create(
        version=1, name="一", definition=DEFAULT_DEFINITION, sampling=DEFAULT_SAMPLING
    )
    definition = copy.deepcopy(DEFAULT_DEFINITION)
    definition["abnormal_floor"] = "B"
    second = CreditScheme.objects.create(
        version=2, name="二", definition=definition, sampling=DEFAULT_SAMPLING
    )
    assert scheme_of(first) is scheme_of(CreditScheme.objects.get(pk=first.pk))
    assert scheme_of(first).abnormal_floor == "C"
    assert scheme_of(second).abnormal_floor == "B"


@pytest.mark.django_db
def test_a_row_that_does_not_parse_says_why():
    definition = copy.deepcopy(DEFAULT_DEFINITION)
    definition["weights"]["filing"] = 50
    CreditScheme.objects.create(
        version=1, name="坏方案", definition=definition, sampling=DEFAULT_SAMPLING, is_active=True
    )
    with pytest.raises(SchemeError) as refused:
        active_scheme()
    assert refused.value.field == "weights"


@pytest.mark.django_db
def test_a_second_active_scheme_is_refused_by_the_database():
    active_scheme()
    with pytest.raises(IntegrityError):
        CreditScheme.objects.create(
            version=2, name="又一个", definition=DEFAULT_DEFINITION, is_active=True
        )


@needs_concurrent_connections
@pytest.mark.django_db(transaction=True)
def test_two_first_callers_at_once_make_one_scheme():
    outcome = race_same(4, lambda: active_scheme()[0].pk)
    assert outcome.failed == []
    assert outcome.refused == []
    assert len(set(outcome.won)) == 1
    assert CreditScheme.objects.count() == 1
    assert AuditLog.objects.filter(action="credit.scheme.create_default").count() == 1
