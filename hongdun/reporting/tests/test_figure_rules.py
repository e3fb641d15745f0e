"""Table-driven tests of the pure figure rules (ages, streaks, rates, money)."""

from datetime import date
from decimal import Decimal

import pytest

from hongdun.reporting.workforce.figure_rules import (
    age_on,
    birth_date_bounds_for_age,
    gap_to_target,
    longest_streak,
    mean_age,
    meets_target,
    per_person,
    rate_percent,
    streak_ending,
)


@pytest.mark.parametrize(
    ("birth", "as_of", "age"),
    [
        (date(1968, 6, 15), date(2008, 6, 14), 39),  # the day before the 40th birthday
        (date(1968, 6, 15), date(2008, 6, 15), 40),  # on the birthday
        (date(1968, 6, 15), date(2008, 12, 31), 40),  # the article's year end
        (date(1973, 1, 1), date(2008, 12, 31), 35),
        (date(1973, 12, 31), date(2008, 12, 30), 34),
        (date(1980, 2, 29), date(2007, 2, 28), 26),  # leap-day birthday, common year: not yet
        (date(1980, 2, 29), date(2007, 3, 1), 27),
        (date(1980, 2, 29), date(2008, 2, 29), 28),
        (date(2008, 5, 12), date(2008, 5, 12), 0),
    ],
)
def test_age_on_counts_whole_years_on_the_report_date(birth: date, as_of: date, age: int) -> None:
    assert age_on(birth, as_of) == age


def test_age_on_rejects_a_report_date_before_birth() -> None:
    with pytest.raises(ValueError, match="precedes"):
        age_on(date(2000, 1, 1), date(1999, 12, 31))


@pytest.mark.parametrize(
    ("age_from", "age_to", "as_of"),
    [
        (35, 45, date(2008, 12, 31)),
        (0, 35, date(2008, 2, 29)),
        (40, 40, date(2007, 3, 1)),
        (30, 39, date(2008, 1, 1)),
    ],
)
def test_birth_date_bounds_agree_with_age_on(age_from: int, age_to: int, as_of: date) -> None:
    earliest, latest = birth_date_bounds_for_age(age_from, age_to, as_of)
    day = date(as_of.year - age_to - 2, 1, 1)
    while day <= date(as_of.year - age_from + 1, 12, 31) and day <= as_of:
        inside = earliest <= day <= latest
        assert inside == (age_from <= age_on(day, as_of) <= age_to), day
        day = date.fromordinal(day.toordinal() + 1)


def test_birth_date_bounds_reject_an_empty_range() -> None:
    with pytest.raises(ValueError, match="empty"):
        birth_date_bounds_for_age(45, 35, date(2008, 1, 1))


@pytest.mark.parametrize(
    ("years", "year", "streak"),
    [
        (
            [2005, 2006, 2007, 2008],
            2008,
            4,
        ),  # the registration hall's 最佳服务窗口: 4 years running
        ([2005, 2006, 2007, 2008], 2007, 3),  # as of an earlier report year
        ([2004, 2006, 2007, 2008], 2008, 3),  # a gap breaks the run
        ([2005, 2006, 2007], 2008, 0),  # not awarded in the report year
        ([], 2008, 0),
        ([2008, 2008, 2007], 2008, 2),  # duplicates count once
    ],
)
def test_streak_ending_counts_consecutive_years_up_to_the_report_year(
    years: list[int], year: int, streak: int
) -> None:
    assert streak_ending(years, year) == streak


@pytest.mark.parametrize(
    ("years", "longest"),
    [([2001, 2002, 2005, 2006, 2007], 3), ([2008], 1), ([], 0), ([2003, 2001], 1)],
)
def test_longest_streak(years: list[int], longest: int) -> None:
    assert longest_streak(years) == longest


@pytest.mark.parametrize(
    ("numerator", "denominator", "percent"),
    [
        (714, 1000, Decimal("71.4")),
        (68, 100, Decimal("68.0")),
        (17, 25, Decimal("68.0")),
        (2855, 4000, Decimal("71.4")),  # 71.375 rounds half up
        (1, 8, Decimal("12.5")),
        (1, 3, Decimal("33.3")),
        (2, 3, Decimal("66.7")),
        (0, 5, Decimal("0.0")),
        (5, 5, Decimal("100.0")),
        (0, 0, None),
    ],
)
def test_rate_percent_rounds_half_up_to_one_decimal(
    numerator: int, denominator: int, percent: Decimal | None
) -> None:
    assert rate_percent(numerator, denominator) == percent


def test_rate_percent_rejects_negative_counts() -> None:
    with pytest.raises(ValueError, match="negative"):
        rate_percent(-1, 3)


@pytest.mark.parametrize(
    ("total", "persons", "average"),
    [
        (Decimal("149060"), 684, Decimal("217.92")),  # the article's special party dues
        (Decimal("155710"), 1000, Decimal("155.71")),
        (Decimal("10"), 3, Decimal("3.33")),
        (Decimal("0.05"), 2, Decimal("0.03")),  # half up at the fen
        (Decimal("100"), 0, None),
    ],
)
def test_per_person(total: Decimal, persons: int, average: Decimal | None) -> None:
    assert per_person(total, persons) == average


@pytest.mark.parametrize(
    ("age_sum", "people", "mean"),
    [(80, 2, Decimal("40.0")), (121, 3, Decimal("40.3")), (105, 2, Decimal("52.5")), (0, 0, None)],
)
def test_mean_age(age_sum: int, people: int, mean: Decimal | None) -> None:
    assert mean_age(age_sum, people) == mean


@pytest.mark.parametrize(
    ("actual", "target", "at_least", "gap", "met"),
    [
        (
            Decimal("68.0"),
            Decimal("70.0"),
            True,
            Decimal("2.0"),
            False,
        ),  # bachelor+ short of a 70 % target
        (Decimal("72.5"), Decimal("70.0"), True, Decimal("-2.5"), True),
        (Decimal("70.0"), Decimal("70.0"), True, Decimal("0.0"), True),
        (
            Decimal("41.2"),
            Decimal("40.0"),
            False,
            Decimal("1.2"),
            False,
        ),  # average age above a ceiling
        (Decimal("38.0"), Decimal("40.0"), False, Decimal("-2.0"), True),
        (None, Decimal("40.0"), True, None, None),
        (Decimal("40.0"), None, True, None, None),
    ],
)
def test_gap_to_target(
    actual: Decimal | None,
    target: Decimal | None,
    at_least: bool,
    gap: Decimal | None,
    met: bool | None,
) -> None:
    assert gap_to_target(actual, target, at_least=at_least) == gap
    assert meets_target(actual, target, at_least=at_least) == met
