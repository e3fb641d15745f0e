"""The supervision deadlines (engine/deadlines.py), table-driven, on a calendar written out here:
the State Council's 2026 arrangement (Spring Festival 15–23 February with 14 and 28 February
worked; National Day and Mid-Autumn 1–7 October with 20 September and 10 October worked; the
other 2026 holidays), Monday to Friday in other years. One test checks that the app's calendar
gives the same days."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest

from hongdun.supervision.engine.deadlines import (
    SupervisionRules,
    bar_last_day,
    inspection_publish_due,
    listing_decision_due,
    objection_last_day,
    proposal_day,
    removal_decision_due,
    serious_decision_due,
    serious_mark,
    serious_reminder_on,
    serious_removal_eligible_on,
    years_after,
)
from hongdun.testing.fresh_python import imports_of

D = datetime.date


def _days(first: D, last: D) -> set[D]:
    return {first + datetime.timedelta(n) for n in range((last - first).days + 1)}


HOLIDAYS_2026 = (
    _days(D(2026, 1, 1), D(2026, 1, 3))
    | _days(D(2026, 2, 15), D(2026, 2, 23))
    | _days(D(2026, 4, 4), D(2026, 4, 6))
    | _days(D(2026, 5, 1), D(2026, 5, 5))
    | _days(D(2026, 6, 19), D(2026, 6, 21))
    | _days(D(2026, 10, 1), D(2026, 10, 7))
)
WORKED_WEEKENDS_2026 = {
    D(2026, 1, 4),
    D(2026, 2, 14),
    D(2026, 2, 28),
    D(2026, 5, 9),
    D(2026, 9, 20),
    D(2026, 10, 10),
}


def is_working_day(day: D) -> bool:
    if day in WORKED_WEEKENDS_2026:
        return True
    if day in HOLIDAYS_2026:
        return False
    return day.weekday() < 5


def add_working_days(start: D, n: int) -> D:
    """The calendar's convention (hongdun.core.workdays): `start` never counts; n ≥ 0 here."""
    day = start
    while n > 0:
        day += datetime.timedelta(1)
        if is_working_day(day):
            n -= 1
    return day


RULES = SupervisionRules()


# The deadlines counted from one day: (the rule, the day it counts from, its last day, why).
LISTING, REMOVAL, OBJECTION = listing_decision_due, removal_decision_due, objection_last_day


@pytest.mark.parametrize(
    ("rule", "start", "expected", "why"),
    [
        # the listing decision: 10 working days from the basis
        (LISTING, D(2026, 6, 30), D(2026, 7, 14), "10 working days after 30 June"),
        (LISTING, D(2025, 6, 30), D(2025, 7, 14), "a year without holidays in the period"),
        (
            LISTING,
            D(2026, 9, 28),
            D(2026, 10, 16),
            "across National Day (7 days off, 10 Oct worked)",
        ),
        (LISTING, D(2026, 2, 13), D(2026, 3, 5), "across Spring Festival (14 and 28 Feb worked)"),
        (LISTING, D(2026, 4, 30), D(2026, 5, 18), "across Labour Day (9 May worked)"),
        (LISTING, D(2026, 10, 3), D(2026, 10, 20), "a basis inside the holiday"),
        # the removal decision: 5 working days from the application
        (
            REMOVAL,
            D(2026, 9, 28),
            D(2026, 10, 10),
            "5 working days across National Day end on a worked Saturday",
        ),
        (REMOVAL, D(2026, 2, 13), D(2026, 2, 27), "5 working days across Spring Festival"),
        (REMOVAL, D(2026, 7, 6), D(2026, 7, 13), "an ordinary week"),
        (REMOVAL, D(2026, 7, 10), D(2026, 7, 17), "applied on a Friday"),
        # the objection period: 30 days from the listing, moved past days off
        (OBJECTION, D(2026, 7, 14), D(2026, 8, 13), "30 days, a Thursday"),
        (OBJECTION, D(2026, 9, 1), D(2026, 10, 8), "day 30 is 1 October: moved past the holiday"),
        (OBJECTION, D(2026, 9, 5), D(2026, 10, 8), "day 30 inside the holiday"),
        (OBJECTION, D(2026, 8, 27), D(2026, 9, 28), "day 30 a Saturday: moved to Monday"),
        (OBJECTION, D(2026, 8, 21), D(2026, 9, 20), "day 30 a Sunday that is worked: not moved"),
        (OBJECTION, D(2026, 1, 15), D(2026, 2, 14), "day 30 a Saturday that is worked: not moved"),
        (OBJECTION, D(2026, 1, 16), D(2026, 2, 24), "day 30 is 15 Feb: moved past Spring Festival"),
    ],
)
def test_deadline(rule: Any, start: D, expected: D, why: str) -> None:
    assert rule(RULES, start, add_working_days) == expected, why


@pytest.mark.parametrize(
    ("listed", "mark", "reminder", "bar_last", "removal_eligible"),
    [
        (D(2026, 7, 14), D(2029, 7, 14), D(2029, 5, 15), D(2029, 7, 13), D(2031, 7, 14)),
        (D(2024, 2, 29), D(2027, 2, 28), D(2026, 12, 30), D(2027, 2, 27), D(2029, 2, 28)),
        (D(2025, 2, 28), D(2028, 2, 28), D(2027, 12, 30), D(2028, 2, 27), D(2030, 2, 28)),
        (D(2025, 3, 1), D(2028, 3, 1), D(2028, 1, 1), D(2028, 2, 29), D(2030, 3, 1)),
    ],
)
def test_year_periods(listed: D, mark: D, reminder: D, bar_last: D, removal_eligible: D) -> None:
    assert serious_mark(RULES, listed) == mark
    assert serious_reminder_on(RULES, listed) == reminder
    assert (mark - reminder).days == 60
    assert bar_last_day(RULES, listed) == bar_last
    assert serious_removal_eligible_on(RULES, listed) == removal_eligible


@pytest.mark.parametrize(
    ("start", "years", "expected"),
    [
        (D(2024, 2, 29), 1, D(2025, 2, 28)),
        (D(2024, 2, 29), 4, D(2028, 2, 29)),
        (D(2023, 12, 31), 3, D(2026, 12, 31)),
    ],
)
def test_years_after(start: D, years: int, expected: D) -> None:
    assert years_after(start, years) == expected


def test_serious_decision_and_inspection_publication_count_working_days() -> None:
    assert serious_decision_due(RULES, D(2026, 9, 28), add_working_days) == D(2026, 10, 16)
    assert inspection_publish_due(RULES, D(2026, 9, 28), add_working_days) == D(2026, 10, 30)


def test_proposal_day() -> None:
    assert proposal_day(RULES, 2026) == D(2026, 7, 1)
    parsed = SupervisionRules.parse({"SUPERVISION_LISTING_PROPOSAL_DAY": "07-15"})
    assert proposal_day(parsed, 2027) == D(2027, 7, 15)


def test_parse_reads_every_setting() -> None:
    rules = SupervisionRules.parse(
        {
            "SUPERVISION_LISTING_DECISION_WORKING_DAYS": "7",
            "SUPERVISION_REMOVAL_DECISION_WORKING_DAYS": 7,
            "SUPERVISION_OBJECTION_DAYS": "45",
            "INSPECTION_MIN_RATIO": "0.05",
        }
    )
    assert rules.listing_decision_working_days == 7
    assert rules.removal_decision_working_days == 7
    assert rules.objection_days == 45
    assert rules.inspection_min_ratio == Decimal("0.05")
    assert removal_decision_due(rules, D(2026, 9, 28), add_working_days) == D(2026, 10, 13)
    assert SupervisionRules.parse({}) == SupervisionRules()


@pytest.mark.parametrize(
    ("config", "names"),
    [
        ({"SUPERVISION_LISTING_DECISION_WORKING_DAYS": "ten"}, "SUPERVISION_LISTING_DECISION"),
        ({"SUPERVISION_REMOVAL_DECISION_WORKING_DAYS": "-1"}, "must not be negative"),
        ({"SUPERVISION_OBJECTION_DAYS": "3.5"}, "SUPERVISION_OBJECTION_DAYS"),
        ({"SUPERVISION_LISTING_PROPOSAL_DAY": "02-29"}, "MM-DD"),
        ({"SUPERVISION_LISTING_PROPOSAL_DAY": "13-01"}, "MM-DD"),
        ({"SUPERVISION_LISTING_PROPOSAL_DAY": "7/1"}, "MM-DD"),
        ({"INSPECTION_MIN_RATIO": "three percent"}, "INSPECTION_MIN_RATIO"),
        ({"INSPECTION_MIN_RATIO": "0"}, "(0, 1]"),
        ({"INSPECTION_MIN_RATIO": "1.5"}, "(0, 1]"),
    ],
)
def test_parse_refuses_bad_values(config: dict[str, object], names: str) -> None:
    with pytest.raises(ValueError, match=names.replace("(", r"\(").replace("]", r"\]")):
        SupervisionRules.parse(config)


def test_the_engine_imports_no_django() -> None:
    _modules, django_modules = imports_of("hongdun.supervision.engine")
    assert django_modules == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("basis", "n"),
    [
        (D(2026, 6, 30), 10),
        (D(2026, 9, 28), 10),
        (D(2026, 9, 28), 5),
        (D(2026, 2, 13), 10),
        (D(2026, 2, 13), 5),
    ],
)
def test_the_apps_calendar_agrees(basis: D, n: int) -> None:
    from hongdun.supervision.rules import add_working_days as app_add

    assert app_add(basis, n) == add_working_days(basis, n)
