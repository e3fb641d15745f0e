"""Working-day calendar: real 2024-2026 holidays and make-up days, overrides, unknown years."""

import datetime
import logging

import chinese_calendar
import pytest

from hongdun.core.models import HolidayOverride
from hongdun.core.workdays import (
    add_working_days,
    is_working_day,
    library_years,
    working_days_between,
    working_days_left,
)

D = datetime.date

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("day", "working", "why"),
    [
        (D(2024, 2, 12), False, "2024 Spring Festival, a Monday"),
        (D(2024, 2, 4), True, "2024 Spring Festival make-up Sunday"),
        (D(2024, 2, 18), True, "2024 Spring Festival make-up Sunday"),
        (D(2024, 10, 7), False, "2024 National Day, a Monday"),
        (D(2024, 10, 12), True, "2024 National Day make-up Saturday"),
        (D(2025, 1, 26), True, "2025 Spring Festival make-up Sunday"),
        (D(2025, 2, 4), False, "2025 Spring Festival, a Tuesday"),
        (D(2025, 10, 8), False, "2025 National Day, a Wednesday"),
        (D(2025, 10, 11), True, "2025 National Day make-up Saturday"),
        (D(2026, 1, 4), True, "2026 New Year make-up Sunday"),
        (D(2026, 2, 14), True, "2026 Spring Festival make-up Saturday"),
        (D(2026, 2, 23), False, "2026 Spring Festival, a Monday"),
        (D(2026, 2, 28), True, "2026 Spring Festival make-up Saturday"),
        (D(2026, 10, 7), False, "2026 National Day, a Wednesday"),
        (D(2026, 10, 10), True, "2026 National Day make-up Saturday"),
        (D(2026, 11, 27), True, "an ordinary Friday"),
        (D(2026, 11, 28), False, "an ordinary Saturday"),
    ],
)
def test_is_working_day_follows_the_state_council_calendar(
    day: datetime.date, working: bool, why: str
) -> None:
    assert is_working_day(day) is working, why


@pytest.mark.parametrize(
    ("start", "n", "due", "why"),
    [
        (D(2024, 9, 30), 1, D(2024, 10, 8), "National Day week is skipped"),
        (D(2024, 9, 27), 1, D(2024, 9, 29), "the make-up Sunday counts"),
        (D(2024, 9, 27), 3, D(2024, 10, 8), "make-up Sunday, Monday, then after the holiday"),
        (D(2025, 1, 24), 3, D(2025, 2, 5), "make-up Sunday, Monday, then after Spring Festival"),
        (D(2026, 2, 13), 1, D(2026, 2, 14), "2026 make-up Saturday"),
        (D(2026, 2, 13), 2, D(2026, 2, 24), "Spring Festival through Monday 23rd"),
        (D(2025, 12, 31), 1, D(2026, 1, 4), "New Year holiday, then the make-up Sunday"),
        (D(2026, 11, 27), 5, D(2026, 12, 4), "an ordinary week"),
        (D(2026, 11, 28), 3, D(2026, 12, 2), "start on a Saturday: Monday is day 1"),
        (D(2026, 11, 27), 0, D(2026, 11, 27), "zero days"),
        (D(2024, 10, 8), -1, D(2024, 9, 30), "backwards over National Day"),
        (D(2026, 2, 24), -2, D(2026, 2, 13), "backwards over Spring Festival"),
    ],
)
def test_add_working_days(start: datetime.date, n: int, due: datetime.date, why: str) -> None:
    assert add_working_days(start, n) == due, why
    assert working_days_between(start, due) == n, why


@pytest.mark.parametrize(
    ("start", "end", "count"),
    [
        (D(2024, 9, 30), D(2024, 10, 8), 1),
        (D(2024, 10, 8), D(2024, 9, 30), -1),
        (D(2024, 10, 1), D(2024, 10, 7), 0),
        (D(2026, 2, 13), D(2026, 2, 24), 2),
        (D(2026, 11, 27), D(2026, 11, 27), 0),
        (D(2026, 11, 27), D(2026, 11, 30), 1),
    ],
)
def test_working_days_between_is_signed(
    start: datetime.date, end: datetime.date, count: int
) -> None:
    assert working_days_between(start, end) == count


def test_agrees_with_stepping_day_by_day_through_the_library() -> None:
    """The binary-search tables against the obvious loop over chinese_calendar.is_workday."""

    def reference(start: datetime.date, n: int) -> datetime.date:
        day = start
        while n:
            day += datetime.timedelta(days=1)
            if chinese_calendar.is_workday(day):
                n -= 1
        return day

    start = D(2024, 1, 1)
    while start < D(2026, 11, 1):
        for n in (1, 3, 5, 20):
            assert add_working_days(start, n) == reference(start, n), (start, n)
        start += datetime.timedelta(days=11)


@pytest.mark.parametrize(
    ("deadline", "today", "left"),
    [
        (D(2026, 12, 4), D(2026, 11, 27), 5),
        (D(2026, 11, 27), D(2026, 11, 27), 0),
        (D(2026, 11, 30), D(2026, 11, 28), 1),
        (D(2026, 11, 26), D(2026, 11, 27), -1),
        (D(2026, 10, 8), D(2026, 9, 30), 1),
    ],
)
def test_working_days_left(deadline: datetime.date, today: datetime.date, left: int) -> None:
    assert working_days_left(deadline, today) == left


def test_overrides_beat_the_library_and_take_effect_at_once() -> None:
    friday, saturday = D(2026, 11, 27), D(2026, 11, 28)
    assert is_working_day(friday)
    assert not is_working_day(saturday)
    assert add_working_days(D(2026, 11, 26), 1) == friday

    HolidayOverride.objects.create(date=friday, kind=HolidayOverride.Kind.HOLIDAY, name="test")
    make_up = HolidayOverride.objects.create(
        date=saturday, kind=HolidayOverride.Kind.WORKING_DAY, name="test"
    )
    assert not is_working_day(friday)
    assert is_working_day(saturday)
    assert add_working_days(D(2026, 11, 26), 1) == saturday

    make_up.delete()
    assert not is_working_day(saturday)
    assert add_working_days(D(2026, 11, 26), 1) == D(2026, 11, 30)


def test_unknown_year_falls_back_to_monday_to_friday_with_a_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    last = library_years()[1]
    year = last + 1
    new_year = D(year, 1, 1)
    with caplog.at_level(logging.WARNING, logger="hongdun.core.workdays"):
        assert is_working_day(new_year) is (new_year.weekday() < 5)
        assert is_working_day(D(year, 1, 2)) is (D(year, 1, 2).weekday() < 5)
    warnings = [r for r in caplog.records if str(year) in r.getMessage()]
    assert len(warnings) == 1, "one warning per year, not per day"
    assert chinese_calendar.is_workday(D(last, 12, 31)) == is_working_day(D(last, 12, 31))


def test_overrides_fill_in_a_year_the_library_does_not_know() -> None:
    # 2026-12-31 is a Thursday; 2027-01-01 a Friday, which the fallback treats as a working day.
    assert add_working_days(D(2026, 12, 31), 1) == D(2027, 1, 1)
    HolidayOverride.objects.create(
        date=D(2027, 1, 1), kind=HolidayOverride.Kind.HOLIDAY, name="元旦"
    )
    HolidayOverride.objects.create(
        date=D(2027, 1, 2), kind=HolidayOverride.Kind.WORKING_DAY, name="test make-up Saturday"
    )
    assert not is_working_day(D(2027, 1, 1))
    assert add_working_days(D(2026, 12, 31), 1) == D(2027, 1, 2)
    assert working_days_between(D(2026, 12, 30), D(2027, 1, 4)) == 3


def test_aware_datetimes_use_the_local_date() -> None:
    # 2026-10-07 16:30 UTC is 2026-10-08 00:30 in Shanghai: the first working day after the holiday.
    moment = datetime.datetime(2026, 10, 7, 16, 30, tzinfo=datetime.UTC)
    assert is_working_day(moment)


@pytest.mark.parametrize("value", ["2026-11-27", 20261127, None])
def test_rejects_values_that_are_not_dates(value: object) -> None:
    with pytest.raises(TypeError):
        is_working_day(value)  # type: ignore[arg-type]


def test_unique_date() -> None:
    from django.db import IntegrityError

    HolidayOverride.objects.create(date=D(2027, 2, 8), kind="holiday", name="a")
    with pytest.raises(IntegrityError):
        HolidayOverride.objects.create(date=D(2027, 2, 8), kind="working_day", name="b")
