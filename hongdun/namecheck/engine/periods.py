"""Periods counted in calendar years, by the Civil Code's rules. Pure stdlib.

《中华人民共和国民法典》第二百零一条: a period counted in years, months or days starts on the day
after the event (the event's own day is not counted). 第二百零二条: a period counted in years or
months ends on the corresponding day of the last month; where that month has no such day, on its
last day. 第二百零三条 moves the last day of a period for *doing* something off a public holiday;
the protection of a name is not such a period, so it is not moved.

Used for GD2020 第十七条 (二)(三): a name given up (deregistration, change of name, 撤销) is
protected "未满一年", i.e. through the corresponding day one year later.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

__all__ = ["protected_since", "protection_end"]


def protection_end(event: date, years: int = 1) -> date:
    """The last day on which a name given up on `event` is still protected.

    2025-03-10 → 2026-03-10; 2024-02-29 → 2025-02-28 (no 29 February in 2025)."""
    year = event.year + years
    day = min(event.day, calendar.monthrange(year, event.month)[1])
    return date(year, event.month, day)


def protected_since(today: date, years: int = 1) -> date:
    """The earliest event day whose protection still covers `today`: a name given up on day d is
    protected on `today` exactly when d >= protected_since(today). (`protection_end` is
    non-decreasing in the event day, so the set of such days is a half-line.)"""
    year = today.year - years
    candidate = date(year, today.month, min(today.day, calendar.monthrange(year, today.month)[1]))
    while protection_end(candidate, years) < today:
        candidate += timedelta(days=1)
    while protection_end(candidate - timedelta(days=1), years) >= today:
        candidate -= timedelta(days=1)
    return candidate
