"""Working-day calendar for statutory deadlines (工作日).

A day is a working day when an administrator's `HolidayOverride` says so; otherwise when the
chinese-calendar package says so (it knows the State Council's holidays and the 调休 make-up
Saturdays and Sundays up to its last year); otherwise, for a year the package does not know, when
it is Monday to Friday. A warning is logged once per year each time the tables are built, because a
statutory deadline computed that way ignores that year's public holidays until an administrator
enters them.

Each year is turned once into a sorted tuple of working-day ordinals, so adding or counting working
days is a binary search, not a library call per day: a queue of 100,000 rows costs one lookup per
row. The per-year tables are kept per process; saving or deleting an override clears them in this
process at once and bumps a version in the shared cache, which other processes check at most every
`_VERSION_CHECK_SECONDS`.

Conventions:
- `add_working_days(start, n)`: the n-th working day after `start` (the day on which n working days
  after `start` have elapsed); `start` itself never counts, so a 3-working-day review starting on a
  Friday is due on Wednesday. n = 0 returns `start`; negative n counts backwards.
- `working_days_between(start, end)`: working days in (start, end], negative when end < start; so
  `working_days_between(d, add_working_days(d, n)) == n`.
- `working_days_left(deadline, today)`: `working_days_between(today, deadline)`: 0 means due today
  (or on the next working day if today is a rest day), negative means overdue by that many days.
"""

from __future__ import annotations

import bisect
import datetime
import logging
import threading
import time
from dataclasses import dataclass

import chinese_calendar
from django.core.cache import cache
from django.utils import timezone

logger = logging.getLogger(__name__)

_VERSION_KEY = "hongdun:workdays:version"
_VERSION_CHECK_SECONDS = 60.0

_LIBRARY_FIRST_YEAR = min(chinese_calendar.holidays).year
_LIBRARY_LAST_YEAR = max(chinese_calendar.holidays).year


def library_years() -> tuple[int, int]:
    """The first and last year whose holidays the installed chinese-calendar knows."""
    return _LIBRARY_FIRST_YEAR, _LIBRARY_LAST_YEAR


def year_is_known(year: int) -> bool:
    return _LIBRARY_FIRST_YEAR <= year <= _LIBRARY_LAST_YEAR


@dataclass(frozen=True)
class _Year:
    ordinals: tuple[int, ...]  # sorted ordinals of this year's working days
    members: frozenset[int]


_years: dict[int, _Year] = {}
_lock = threading.Lock()
_seen_version: object = None
_checked_at = 0.0
_warned_years: set[int] = set()


def _library_working_day(day: datetime.date) -> bool:
    if day in chinese_calendar.workdays:
        return True
    return day.weekday() < 5 and day not in chinese_calendar.holidays


def _build_year(year: int) -> _Year:
    from hongdun.core.models import HolidayOverride

    overrides = dict(HolidayOverride.objects.filter(date__year=year).values_list("date", "kind"))
    known = year_is_known(year)
    if not known and year not in _warned_years:
        _warned_years.add(year)
        logger.warning(
            "chinese-calendar has no holiday data for %s (it knows %s-%s); working days that year "
            "are Monday to Friday plus %d administrator override(s). Enter the State Council's "
            "holiday notice for %s as holiday overrides.",
            year,
            _LIBRARY_FIRST_YEAR,
            _LIBRARY_LAST_YEAR,
            len(overrides),
            year,
        )
    day = datetime.date(year, 1, 1)
    one = datetime.timedelta(days=1)
    ordinals: list[int] = []
    while day.year == year:
        kind = overrides.get(day)
        if kind is not None:
            working = kind == HolidayOverride.Kind.WORKING_DAY
        elif known:
            working = _library_working_day(day)
        else:
            working = day.weekday() < 5
        if working:
            ordinals.append(day.toordinal())
        day += one
    return _Year(ordinals=tuple(ordinals), members=frozenset(ordinals))


def _check_version() -> None:
    """Drop the per-year tables when another process changed an override."""
    global _seen_version, _checked_at
    now = time.monotonic()
    if now - _checked_at < _VERSION_CHECK_SECONDS:
        return
    _checked_at = now
    version = cache.get(_VERSION_KEY)
    if version != _seen_version:
        with _lock:
            _years.clear()
            _seen_version = version


def _year(year: int) -> _Year:
    _check_version()
    table = _years.get(year)
    if table is None:
        table = _build_year(year)
        with _lock:
            _years[year] = table
    return table


def calendar_changed() -> None:
    """Called when an override is saved or deleted: rebuild here now, elsewhere within a minute."""
    global _seen_version, _checked_at
    version = time.time_ns()
    cache.set(_VERSION_KEY, version, None)
    with _lock:
        _years.clear()
        _warned_years.clear()
        _seen_version = version
        _checked_at = time.monotonic()


def _as_date(day: datetime.date) -> datetime.date:
    if isinstance(day, datetime.datetime):
        return timezone.localtime(day).date() if timezone.is_aware(day) else day.date()
    if not isinstance(day, datetime.date):
        raise TypeError(f"expected a date, got {type(day).__name__}")
    return day


def is_working_day(day: datetime.date) -> bool:
    day = _as_date(day)
    return day.toordinal() in _year(day.year).members


def add_working_days(start: datetime.date, n: int) -> datetime.date:
    """The n-th working day after `start` (before it when n < 0); `start` itself never counts."""
    start = _as_date(start)
    if n == 0:
        return start
    ordinal = start.toordinal()
    year = start.year
    if n > 0:
        remaining = n
        table = _year(year).ordinals
        index = bisect.bisect_right(table, ordinal)
        while True:
            available = len(table) - index
            if remaining <= available:
                return datetime.date.fromordinal(table[index + remaining - 1])
            remaining -= available
            year += 1
            table = _year(year).ordinals
            index = 0
    remaining = -n
    table = _year(year).ordinals
    index = bisect.bisect_left(table, ordinal)  # working days strictly before start
    while True:
        if remaining <= index:
            return datetime.date.fromordinal(table[index - remaining])
        remaining -= index
        year -= 1
        table = _year(year).ordinals
        index = len(table)


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days in (start, end]; negative when end is before start."""
    start, end = _as_date(start), _as_date(end)
    if end < start:
        return -working_days_between(end, start)
    total = 0
    for year in range(start.year, end.year + 1):
        table = _year(year).ordinals
        high = bisect.bisect_right(table, end.toordinal()) if year == end.year else len(table)
        low = bisect.bisect_right(table, start.toordinal()) if year == start.year else 0
        total += high - low
    return total


def working_days_left(deadline: datetime.date, today: datetime.date | None = None) -> int:
    """Working days from `today` (default: the local date now) until `deadline`; < 0 = overdue."""
    return working_days_between(today if today is not None else timezone.localdate(), deadline)
