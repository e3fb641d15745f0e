"""Pure rules behind the workforce figures: ages, streaks, rates, money. No Django import.

Each rule is what an auditor would ask about ("how old on the report date?", "is 4 years running
counted to the report year?", "how is 71.35 % rounded?"), so it lives here with table tests.
"""

from collections.abc import Iterable
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

PERCENT_PLACES = Decimal("0.1")
MONEY_PLACES = Decimal("0.01")
AGE_PLACES = Decimal("0.1")


def age_on(birth_date: date, as_of: date) -> int:
    """Whole years completed on `as_of`; a 29 February birthday is reached on 1 March."""
    if as_of < birth_date:
        raise ValueError("as_of precedes birth_date")
    had_birthday = (as_of.month, as_of.day) >= (birth_date.month, birth_date.day)
    return as_of.year - birth_date.year - (0 if had_birthday else 1)


def birth_date_bounds_for_age(age_from: int, age_to: int, as_of: date) -> tuple[date, date]:
    """Birth dates (inclusive) of people whose `age_on(as_of)` lies in [age_from, age_to].

    Lets the database filter ages with the birth-date index instead of computing ages row by row.
    """
    if age_from > age_to or age_from < 0:
        raise ValueError("age range is empty")
    latest = _years_before(as_of, age_from)
    earliest_exclusive = _years_before(as_of, age_to + 1)
    return date.fromordinal(earliest_exclusive.toordinal() + 1), latest


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a common year: that birthday is reached on 1 March
        return date(day.year - years, 2, 28)


def streak_ending(years: Iterable[int], year: int) -> int:
    """How many consecutive years up to and including `year` are in `years` (0 if `year` is not)."""
    held = set(years)
    count = 0
    while year - count in held:
        count += 1
    return count


def longest_streak(years: Iterable[int]) -> int:
    held = set(years)
    return max((streak_ending(held, y) for y in held if y + 1 not in held), default=0)


def rate_percent(numerator: int, denominator: int) -> Decimal | None:
    """numerator / denominator in percent, half-up to one decimal; None if nothing to divide by."""
    if denominator < 0 or numerator < 0:
        raise ValueError("counts cannot be negative")
    if denominator == 0:
        return None
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(PERCENT_PLACES, ROUND_HALF_UP)


def per_person(total: Decimal, persons: int) -> Decimal | None:
    """Average amount per person in yuan, half-up to the fen; None for nobody."""
    if persons == 0:
        return None
    return (Decimal(total) / persons).quantize(MONEY_PLACES, ROUND_HALF_UP)


def mean_age(age_sum: int, people: int) -> Decimal | None:
    if people == 0:
        return None
    return (Decimal(age_sum) / people).quantize(AGE_PLACES, ROUND_HALF_UP)


def gap_to_target(
    actual: Decimal | None, target: Decimal | None, *, at_least: bool = True
) -> Decimal | None:
    """Points still missing (positive) or exceeded (negative or zero); None if either is unknown.

    For an "at most" target (e.g. an average-age ceiling) the sign is reversed so positive always
    means "short of the target".
    """
    if actual is None or target is None:
        return None
    return (target - actual) if at_least else (actual - target)


def meets_target(
    actual: Decimal | None, target: Decimal | None, *, at_least: bool = True
) -> bool | None:
    gap = gap_to_target(actual, target, at_least=at_least)
    return None if gap is None else gap <= 0
