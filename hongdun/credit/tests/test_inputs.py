"""The classification inputs as of a day, read set-based from the records (docs/rules/credit.md
§3): one row per column, each with the records that should and should not count."""

import math
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hongdun.credit.engine.inputs import INPUT_FIELDS
from hongdun.credit.inputs_sql import closed_report_years, inputs_as_of, penalty_counts
from hongdun.credit.tests.factories_runs import (
    contribution,
    date_first_history,
    filed_on_time,
    finding,
    firm,
    immediate,
    move_address,
    rename,
    report,
)
from hongdun.enterprises.choices import EnterpriseStatus
from hongdun.enterprises.models import Enterprise
from hongdun.supervision.choices import InspectionResult, ListingStatus
from hongdun.supervision.models import AbnormalListing, SeriousListing
from hongdun.supervision.tests.factories_jobs import abnormal, serious

pytestmark = pytest.mark.django_db

DAY = date(2026, 7, 15)  # the windows of 2023, 2024 and 2025 have closed
YEARS = (2023, 2024, 2025)
BASELINE: dict[str, Any] = {
    "age_months": 136,  # established 2015-03-01
    "reports_due": 3,
    "reports_missing": 0,
    "reports_late": 0,
    "report_corrections": 0,
    "immediate_late": 0,
    "abnormal_listings": 0,
    "on_abnormal_list": False,
    "on_serious_list": False,
    "serious_history": 0,
    "licence_revoked": False,
    "penalties": 0,
    "inspection_problems": 0,
    "paid_in_ratio": None,
    "address_changes": 0,
    "related_listed": 0,
}

Build = Callable[[dict[str, Any], Callable[..., Any]], Enterprise]


def _plain(value: Any) -> Any:
    value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _inputs_of(enterprise: Enterprise, day: date = DAY) -> dict[str, Any]:
    ids, columns = inputs_as_of(day)
    index = list(ids).index(enterprise.pk)
    return {name: _plain(columns[name][index]) for name in INPUT_FIELDS}


def _filing(bureau: dict[str, Any], **extra: Any) -> Enterprise:
    enterprise = firm(bureau, **extra)
    filed_on_time(enterprise, YEARS)
    return enterprise


def _abnormal(enterprise: Enterprise, listed_on: date, removed_on: date | None = None) -> None:
    row = abnormal(
        enterprise,
        listed_on=listed_on,
        status=ListingStatus.REMOVED if removed_on else ListingStatus.LISTED,
    )
    AbnormalListing.objects.filter(pk=row.pk).update(removed_on=removed_on)


def _serious(enterprise: Enterprise, listed_on: date, removed_on: date | None = None) -> None:
    row = serious(
        enterprise,
        listed_on=listed_on,
        status=ListingStatus.REMOVED if removed_on else ListingStatus.LISTED,
    )
    SeriousListing.objects.filter(pk=row.pk).update(removed_on=removed_on)


# --- the cases -----------------------------------------------------------------------------------


def filed_late(bureau: dict[str, Any], make_user: Any) -> Enterprise:
    enterprise = firm(bureau)
    filed_on_time(enterprise, (2023, 2024))
    report(enterprise, 2025, filed_on=date(2026, 7, 2), late=True)
    return enterprise


def missing_and_draft(bureau: dict[str, Any], make_user: Any) -> Enterprise:
    enterprise = firm(bureau)
    filed_on_time(enterprise, (2023,))
    report(enterprise, 2024, filed_on=None)  # a draft is not a filing
    return enterprise


def filed_after_the_day(bureau: dict[str, Any], make_user: Any) -> Enterprise:
    enterprise = firm(bureau)
    filed_on_time(enterprise, (2023, 2024))
    report(enterprise, 2025, filed_on=date(2026, 8, 1), late=True)
    return enterprise


def young(bureau: dict[str, Any], make_user: Any) -> Enterprise:
    enterprise = firm(bureau, established_on=date(2024, 5, 10))
    filed_on_time(enterprise, (2024, 2025))  # first reports for its year of establishment
    return enterprise


def corrected_twice(bureau: dict[str, Any], make_user: Any) -> Enterprise:
    enterprise = firm(bureau)
    report(enterprise, 2022, filed_on=date(2023, 3, 1), corrections=1)  # before the three years
    report(enterprise, 2023, filed_on=date(2024, 3, 1))
    report(
        enterprise, 2024, filed_on=date(2025, 3, 1), corrections=2, corrected_on=date(2025, 6, 1)
    )
    report(
        enterprise, 2025, filed_on=date(2026, 3, 1), corrections=1, corrected_on=date(2026, 8, 1)
    )
    return enterprise


def immediate_late(bureau: dict[str, Any], make_user: Any) -> Enterprise:
    enterprise = _filing(bureau)
    user = make_user(None)
    immediate(enterprise, user, published=date(2025, 1, 1), late=True)
    immediate(enterprise, user, published=date(2023, 1, 1), late=True)  # more than 3 years
    immediate(enterprise, user, published=date(2026, 1, 1), late=False)
    immediate(enterprise, user, published=date(2026, 8, 1), late=True)  # after the day
    return enterprise


def listed_and_removed(bureau: dict[str, Any], make_user: Any) -> Enterprise:
    enterprise = _filing(bureau)
    _abnormal(enterprise, date(2024, 1, 10), removed_on=date(2025, 3, 1))
    _abnormal(enterprise, date(2022, 5, 1), removed_on=date(2022, 12, 1))  # more than 3 years
    return enterprise


def on_abnormal_list(bureau: dict[str, Any], make_user: Any) -> Enterprise:
    enterprise = _filing(bureau)
    _abnormal(enterprise, date(2026, 3, 1))
    return enterprise


def removed_after_the_day(bureau: dict[str, Any], make_user: Any) -> Enterprise:
    enterprise = _filing(bureau)
    _abnormal(enterprise, date(2025, 1, 1), removed_on=date(2026, 9, 1))
    return enterprise


def listed_after_the_day(bureau: dict[str, Any], make_user: Any) -> Enterprise:
    enterprise = _filing(bureau)
    _abnormal(enterprise, date(2026, 8, 1))
    abnormal(enterprise, status=ListingStatus.PROPOSED, reason=2)  # a candidate, never listed
    return enterprise


def on_serious_list(bureau: dict[str, Any], make_user: Any) -> Enterprise:
    enterprise = _filing(bureau)
    _serious(enterprise, date(2025, 1, 1))
    return enterprise


def serious_before(bureau: dict[str, Any], make_user: Any) -> Enterprise:
    enterprise = _filing(bureau)
    _serious(enterprise, date(2019, 3, 1), removed_on=date(2024, 3, 1))
    _serious(enterprise, date(2026, 8, 1))  # after the day
    return enterprise


def revoked(bureau: dict[str, Any], make_user: Any) -> Enterprise:
    enterprise = _filing(bureau)
    Enterprise.objects.filter(pk=enterprise.pk).update(
        status=EnterpriseStatus.LICENCE_REVOKED, status_date=date(2026, 1, 10)
    )
    return enterprise


def revoked_after_the_day(bureau: dict[str, Any], make_user: Any) -> Enterprise:
    enterprise = _filing(bureau)
    Enterprise.objects.filter(pk=enterprise.pk).update(
        status=EnterpriseStatus.LICENCE_REVOKED, status_date=date(2026, 8, 1)
    )
    return enterprise


def inspection_problems(bureau: dict[str, Any], make_user: Any) -> Enterprise:
    enterprise = _filing(bureau)
    entered = date(2026, 7, 1)
    for result, inspected_on in (
        (InspectionResult.PROBLEMS, date(2025, 5, 1)),
        (InspectionResult.REFUSED, date(2024, 1, 1)),
        (InspectionResult.NOT_FOUND, date(2023, 1, 1)),  # more than 3 years
        (InspectionResult.NORMAL, date(2025, 6, 1)),
    ):
        finding(enterprise, result=result, inspected_on=inspected_on, entered=entered)
    finding(  # entered after the day
        enterprise,
        result=InspectionResult.PROBLEMS,
        inspected_on=date(2026, 7, 10),
        entered=date(2026, 7, 20),
    )
    return enterprise


def paid_in(bureau: dict[str, Any], make_user: Any) -> Enterprise:
    enterprise = _filing(bureau)
    contribution(enterprise, subscribed="100", paid="50")
    contribution(enterprise, subscribed="100", paid="100", paid_on=date(2025, 1, 1))
    contribution(enterprise, subscribed="200", paid="200", paid_on=date(2026, 8, 1))  # after
    return enterprise


def address_changed_twice(bureau: dict[str, Any], make_user: Any) -> Enterprise:
    enterprise = _filing(bureau)
    date_first_history(enterprise, date(2020, 1, 1))
    move_address(enterprise, "包头市昆都仑区阿尔丁大街2号", date(2023, 3, 1))  # > 2 years
    move_address(enterprise, "包头市青山区幸福路3号", date(2025, 1, 10))
    rename(enterprise, "包头市信用改名商贸有限公司", date(2025, 6, 1))  # not the address
    move_address(enterprise, "包头市东河区巴彦塔拉大街4号", date(2026, 2, 10))
    move_address(enterprise, "包头市九原区建华南路5号", date(2026, 8, 1))  # after the day
    return enterprise


def related_on_lists(bureau: dict[str, Any], make_user: Any) -> Enterprise:
    person = "150203197505050011"
    enterprise = _filing(bureau, legal_rep_id_number=person)
    same_rep_listed = _filing(bureau, legal_rep_id_number=person)
    _abnormal(same_rep_listed, date(2026, 3, 1))
    investor_serious = _filing(bureau)
    contribution(investor_serious, subscribed="10", paid="0", id_number=person)
    _serious(investor_serious, date(2025, 1, 1))
    listed_later = _filing(bureau, legal_rep_id_number=person)
    _abnormal(listed_later, date(2026, 8, 1))
    removed = _filing(bureau, legal_rep_id_number=person)
    _abnormal(removed, date(2025, 1, 1), removed_on=date(2026, 1, 1))
    _filing(bureau, legal_rep_id_number=person)  # related, on no list
    stranger = _filing(bureau)
    _abnormal(stranger, date(2026, 3, 1))
    return enterprise


def itself_listed(bureau: dict[str, Any], make_user: Any) -> Enterprise:
    person = "150203197606060022"
    enterprise = _filing(bureau, legal_rep_id_number=person)
    contribution(enterprise, subscribed="10", paid="10", id_number=person)
    _abnormal(enterprise, date(2026, 3, 1))
    return enterprise


CASES: list[tuple[Build, dict[str, Any]]] = [
    (filed_late, {"reports_late": 1}),
    (missing_and_draft, {"reports_missing": 2}),
    (filed_after_the_day, {"reports_missing": 1}),
    (young, {"age_months": 26, "reports_due": 2}),
    (corrected_twice, {"report_corrections": 2}),
    (immediate_late, {"immediate_late": 1}),
    (listed_and_removed, {"abnormal_listings": 1}),
    (on_abnormal_list, {"abnormal_listings": 1, "on_abnormal_list": True}),
    (removed_after_the_day, {"abnormal_listings": 1, "on_abnormal_list": True}),
    (listed_after_the_day, {}),
    (on_serious_list, {"on_serious_list": True}),
    (serious_before, {"serious_history": 1}),
    (revoked, {"licence_revoked": True}),
    (revoked_after_the_day, {}),
    (inspection_problems, {"inspection_problems": 2}),
    (paid_in, {"paid_in_ratio": 0.375}),
    (address_changed_twice, {"address_changes": 2}),
    (related_on_lists, {"related_listed": 2}),
    (
        itself_listed,
        {"abnormal_listings": 1, "on_abnormal_list": True, "paid_in_ratio": 1.0},
    ),
]


@pytest.mark.parametrize(("build", "expected"), CASES, ids=[case.__name__ for case, _ in CASES])
def test_each_input_column(bureau, make_user, build, expected):
    enterprise = build(bureau, make_user)
    assert _inputs_of(enterprise) == {**BASELINE, **expected}


def test_a_related_enterprise_sees_the_other_listed_one(bureau):
    person = "150203197707070033"
    first = _filing(bureau, legal_rep_id_number=person)
    second = _filing(bureau)
    contribution(second, subscribed="10", paid="10", id_number=person)
    _abnormal(first, date(2026, 3, 1))
    _serious(second, date(2026, 3, 1))
    assert _inputs_of(first)["related_listed"] == 1
    assert _inputs_of(second)["related_listed"] == 1


@pytest.mark.parametrize(
    ("status", "status_date", "established_on", "classified"),
    [
        (EnterpriseStatus.ACTIVE, None, date(2015, 3, 1), True),
        (EnterpriseStatus.ACTIVE, None, date(2026, 7, 15), True),
        (EnterpriseStatus.ACTIVE, None, date(2026, 7, 16), False),  # not yet established
        (EnterpriseStatus.LICENCE_REVOKED, date(2020, 1, 1), date(2015, 3, 1), True),
        (EnterpriseStatus.DEREGISTERED, date(2026, 1, 1), date(2015, 3, 1), False),
        (EnterpriseStatus.DEREGISTERED, date(2026, 8, 1), date(2015, 3, 1), True),
        (EnterpriseStatus.REGISTRATION_REVOKED, date(2026, 7, 15), date(2015, 3, 1), False),
        (EnterpriseStatus.MOVED_OUT, date(2026, 7, 16), date(2015, 3, 1), True),
    ],
)
def test_who_is_on_the_register_on_the_day(bureau, status, status_date, established_on, classified):
    enterprise = firm(bureau, established_on=established_on)
    Enterprise.objects.filter(pk=enterprise.pk).update(status=status, status_date=status_date)
    ids, _columns = inputs_as_of(DAY)
    assert (enterprise.pk in set(ids.tolist())) is classified


@pytest.mark.parametrize(
    ("established_on", "months"),
    [
        (date(2026, 7, 15), 0),
        (date(2026, 6, 16), 0),
        (date(2026, 6, 15), 1),
        (date(2016, 7, 31), 119),
        (date(2016, 7, 15), 120),
        (date(2024, 2, 29), 28),
    ],
)
def test_age_in_whole_months(bureau, established_on, months):
    enterprise = firm(bureau, established_on=established_on)
    assert _inputs_of(enterprise)["age_months"] == months


@pytest.mark.parametrize(
    ("day", "years"),
    [
        (date(2026, 6, 30), (2022, 2023, 2024)),  # the 2025 window closes that day
        (date(2026, 7, 1), (2023, 2024, 2025)),
        (date(2026, 1, 1), (2022, 2023, 2024)),
        (date(2026, 12, 31), (2023, 2024, 2025)),
    ],
)
def test_the_last_three_closed_windows(day, years):
    assert closed_report_years(day) == years


def test_reports_due_follow_the_day(bureau):
    enterprise = firm(bureau)
    filed_on_time(enterprise, (2022, 2023, 2024))
    assert _inputs_of(enterprise, date(2026, 6, 1))["reports_missing"] == 0
    assert _inputs_of(enterprise, date(2026, 7, 1))["reports_missing"] == 1


def test_penalties_are_none_until_the_enforcement_register(bureau):
    _filing(bureau)
    assert penalty_counts(DAY) == {}
    _ids, columns = inputs_as_of(DAY)
    assert columns["penalties"].tolist() == [0]


def test_the_statements_do_not_grow_with_the_register(bureau):
    """Set-based: the same statements for two enterprises as for twelve."""
    related_on_lists(bureau, None)
    with CaptureQueriesContext(connection) as few:
        small = inputs_as_of(DAY)
    for _index in range(10):
        paid_in(bureau, None)
    with CaptureQueriesContext(connection) as many:
        large = inputs_as_of(DAY)
    assert len(large[0]) == len(small[0]) + 10 == 17
    assert len(many.captured_queries) == len(few.captured_queries) <= 12


def test_an_empty_register_gives_empty_columns(db):
    ids, columns = inputs_as_of(DAY)
    assert len(ids) == 0
    assert set(columns) == set(INPUT_FIELDS)
    assert all(len(column) == 0 for column in columns.values())
