"""When an annual report may be filed and corrected (docs/rules/disclosure.md §2.1, §2.3).

《企业信息公示暂行条例》第八条: each year from 1 January to 30 June an enterprise files the report
for the previous year; an enterprise established in year N files from year N+1, so its first
report is for year N. 第十二条: a report may be corrected until 30 June of the filing year. The
window's first and last days are deployment data (`WindowRules`), read in China time: the caller
passes the local date of the moment being judged.
"""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


@dataclass(frozen=True)
class WindowRules:
    """The filing window within the filing year, as (month, day) of its first and last day."""

    opens: tuple[int, int] = (1, 1)
    closes: tuple[int, int] = (6, 30)
    # Corrections are allowed until this day of the filing year (第十二条: 30 June).
    corrections_until: tuple[int, int] = (6, 30)

    @classmethod
    def parse(cls, opens: str, closes: str, corrections_until: str | None = None) -> "WindowRules":
        """Rules from "MM-DD" strings (settings and environment)."""
        return cls(
            opens=_month_day(opens),
            closes=_month_day(closes),
            corrections_until=_month_day(corrections_until or closes),
        )


def _month_day(text: str) -> tuple[int, int]:
    month, _, day = text.strip().partition("-")
    try:
        parsed = (int(month), int(day))
        date(2024, *parsed)  # a leap year: refuses 02-30 and 13-01, accepts 02-29
    except ValueError:
        raise ValueError(f"not a day of the year as MM-DD: {text!r}") from None
    return parsed


class FilingState(StrEnum):
    BEFORE_ESTABLISHMENT = "before_establishment"  # the entity did not exist in that year
    NOT_OPEN = "not_open"  # the window for that year has not opened yet
    OPEN = "open"
    CLOSED = "closed"  # past the window: filed now, the report is late


def window(report_year: int, rules: WindowRules = WindowRules()) -> tuple[date, date]:
    """First and last day (inclusive) on which the report for `report_year` is filed on time."""
    filing_year = report_year + 1
    return date(filing_year, *rules.opens), date(filing_year, *rules.closes)


def filing_state(
    *, report_year: int, established_on: date, today: date, rules: WindowRules = WindowRules()
) -> FilingState:
    """Where `today` (China time) stands for the report of `report_year`."""
    if report_year < established_on.year:
        return FilingState.BEFORE_ESTABLISHMENT
    opens, closes = window(report_year, rules)
    if today < opens:
        return FilingState.NOT_OPEN
    if today > closes:
        return FilingState.CLOSED
    return FilingState.OPEN


def correction_allowed(
    *, report_year: int, today: date, rules: WindowRules = WindowRules()
) -> bool:
    """A filed report may be corrected until the correction deadline of its filing year."""
    return today <= date(report_year + 1, *rules.corrections_until)


def years_due(*, established_on: date, today: date, rules: WindowRules = WindowRules()) -> range:
    """Report years whose window has opened by `today`, from the year of establishment on."""
    last = today.year - 1 if today >= date(today.year, *rules.opens) else today.year - 2
    return range(established_on.year, last + 1)


def deadline(report_year: int, rules: WindowRules = WindowRules()) -> date:
    """The last day to file the report for `report_year` on time."""
    return window(report_year, rules)[1]
