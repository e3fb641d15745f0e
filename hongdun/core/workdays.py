"""Working-day calendar for statutory deadlines (工作日).

A day is a working day when an administrator's `HolidayOverride` says so; otherwise when the
chinese-calendar package says so (it knows the State Council's holidays and the 调休 make-up
Saturdays and Sundays up to its last year); otherwise, for a year the package does not know, when
it is Monday to Friday. A warning is logged once per year each time the tables are built, because a
statutory deadline computed that way ignores that year's public holidays until an administrator
enters them.

Each year is turned once into its working days, and the loaded years into one prefix-count array
(working days on or before each day), so counting working days is two array reads and adding them
one array read more: no library call per row or per day (bench/workdays_bench.py measures a queue
of 100,000 rows). The tables are kept per process; saving or deleting an override clears them in
this process at once and bumps a version in the shared cache, which other processes check at most
every `_VERSION_CHECK_SECONDS`. Dates from 1990 to 2100 are supported; others raise ValueError.

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

import datetime
import logging
import threading
import time
from array import array
from dataclasses import dataclass

import chinese_calendar
from django.core.cache import cache
from django.utils import timezone

logger = logging.getLogger(__name__)

_VERSION_KEY = "hongdun:workdays:version"
_VERSION_CHECK_SECONDS = 60.0

_LIBRARY_FIRST_YEAR = min(chinese_calendar.holidays).year
_LIBRARY_LAST_YEAR = max(chinese_calendar.holidays).year


# Deadlines are about the present; a bounded range keeps a stray date from building centuries.
MIN_YEAR, MAX_YEAR = 1990, 2100
_MIN_ORDINAL = datetime.date(MIN_YEAR, 1, 1).toordinal()
_MAX_ORDINAL = datetime.date(MAX_YEAR, 12, 31).toordinal()


def library_years() -> tuple[int, int]:
    """The first and last year whose holidays the installed chinese-calendar knows."""
    return _LIBRARY_FIRST_YEAR, _LIBRARY_LAST_YEAR


def year_is_known(year: int) -> bool:
    return _LIBRARY_FIRST_YEAR <= year <= _LIBRARY_LAST_YEAR


@dataclass(frozen=True)
class _Span:
    """Working days of the contiguous years first..last, ready for O(1) counting.

    `prefix[i]` is the number of working days on or before ordinal `base + i`, so the working days
    in (a, b] are `prefix[b - base] - prefix[a - base]`; `days` lists their ordinals in order, so
    the n-th working day after a is `days[prefix[a - base] + n - 1]`.
    """

    first: int
    last: int
    base: int  # ordinal of 1 January of `first`
    end: int  # ordinal of 31 December of `last`
    prefix: array  # array('l')
    days: list[int]

    def covers(self, low: int, high: int) -> bool:
        return self.base <= low and high <= self.end


_years: dict[int, tuple[int, ...]] = {}  # year -> sorted ordinals of its working days
_span: _Span | None = None
_lock = threading.Lock()
_seen_version: object = None
_checked_at = 0.0
_warned_years: set[int] = set()


def _library_working_day(day: datetime.date) -> bool:
    if day in chinese_calendar.workdays:
        return True
    return day.weekday() < 5 and day not in chinese_calendar.holidays


def _build_year(year: int) -> tuple[int, ...]:
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
    return tuple(ordinals)


def _check_version() -> None:
    """Drop the tables when another process changed an override (checked once a minute)."""
    global _seen_version, _checked_at, _span
    now = time.monotonic()
    if now - _checked_at < _VERSION_CHECK_SECONDS:
        return
    _checked_at = now
    version = cache.get(_VERSION_KEY)
    if version != _seen_version:
        with _lock:
            _years.clear()
            _span = None
            _seen_version = version


def _year(year: int) -> tuple[int, ...]:
    table = _years.get(year)
    if table is None:
        table = _build_year(year)
        with _lock:
            _years[year] = table
    return table


def _span_for(low: int, high: int) -> _Span:
    """A span covering the ordinals low..high (plus the years already loaded)."""
    global _span
    if low < _MIN_ORDINAL or high > _MAX_ORDINAL:
        raise ValueError(f"working days are computed for {MIN_YEAR}-{MAX_YEAR} only")
    _check_version()
    span = _span
    if span is not None and span.covers(low, high):
        return span
    first = datetime.date.fromordinal(low).year
    last = datetime.date.fromordinal(high).year
    if span is not None:
        first, last = min(first, span.first), max(last, span.last)
    base = datetime.date(first, 1, 1).toordinal()
    end = datetime.date(last, 12, 31).toordinal()
    days: list[int] = []
    for year in range(first, last + 1):
        days.extend(_year(year))
    prefix = array("l", [0]) * (end - base + 1)
    count, cursor = 0, 0
    for offset in range(end - base + 1):
        if cursor < len(days) and days[cursor] == base + offset:
            count += 1
            cursor += 1
        prefix[offset] = count
    span = _Span(first=first, last=last, base=base, end=end, prefix=prefix, days=days)
    with _lock:
        _span = span
    return span


def calendar_changed() -> None:
    """Called when an override is saved or deleted: rebuild here now, elsewhere within a minute."""
    global _seen_version, _checked_at, _span
    version = time.time_ns()
    cache.set(_VERSION_KEY, version, None)
    with _lock:
        _years.clear()
        _span = None
        _warned_years.clear()
        _seen_version = version
        _checked_at = time.monotonic()


def _ordinal(day: datetime.date) -> int:
    if type(day) is datetime.date:
        return day.toordinal()
    if isinstance(day, datetime.datetime):
        local = timezone.localtime(day) if timezone.is_aware(day) else day
        return local.date().toordinal()
    if isinstance(day, datetime.date):
        return day.toordinal()
    raise TypeError(f"expected a date, got {type(day).__name__}")


def is_working_day(day: datetime.date) -> bool:
    ordinal = _ordinal(day)
    span = _span_for(ordinal, ordinal)
    offset = ordinal - span.base
    return span.prefix[offset] != (span.prefix[offset - 1] if offset else 0)


def add_working_days(start: datetime.date, n: int) -> datetime.date:
    """The n-th working day after `start` (before it when n < 0); `start` itself never counts."""
    ordinal = _ordinal(start)
    if n == 0:
        return datetime.date.fromordinal(ordinal)
    # Chinese public holidays leave at least one working day in any four weeks, so a reach of 4n
    # weeks normally suffices; if overrides close a longer stretch, the reach doubles.
    reach = 28 * abs(n)
    while True:
        if n > 0:
            span = _span_for(ordinal, min(ordinal + reach, _MAX_ORDINAL))
            index = span.prefix[ordinal - span.base] + n - 1
            if index < len(span.days):
                return datetime.date.fromordinal(span.days[index])
        else:
            span = _span_for(max(ordinal - reach, _MIN_ORDINAL), ordinal)
            index = span.prefix[ordinal - 1 - span.base] + n  # prefix: days strictly before
            if index >= 0:
                return datetime.date.fromordinal(span.days[index])
        if reach > _MAX_ORDINAL - _MIN_ORDINAL:
            raise ValueError(f"no {abs(n)}th working day within {MIN_YEAR}-{MAX_YEAR}")
        reach *= 2


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days in (start, end]; negative when end is before start."""
    low, high = _ordinal(start), _ordinal(end)
    span = _span_for(min(low, high), max(low, high))
    return span.prefix[high - span.base] - span.prefix[low - span.base]


def working_days_left(deadline: datetime.date, today: datetime.date | None = None) -> int:
    """Working days from `today` (default: the local date now) until `deadline`; < 0 = overdue."""
    return working_days_between(today if today is not None else timezone.localdate(), deadline)


def years_needing_overrides(today: datetime.date | None = None) -> list[int]:
    """This year and next, where the library has no data and no override has been entered: the
    deadlines of those years fall back to Monday to Friday until an administrator fills them in."""
    from hongdun.core.models import HolidayOverride

    today = today or timezone.localdate()
    missing = []
    for year in (today.year, today.year + 1):
        if not year_is_known(year) and not HolidayOverride.objects.filter(date__year=year).exists():
            missing.append(year)
    return missing
