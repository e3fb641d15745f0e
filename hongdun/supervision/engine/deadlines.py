"""The supervision deadlines as pure functions (no Django: an auditor may ask how each is reckoned).

Working days come from the caller (`hongdun.core.workdays.add_working_days` in the app), so the
engine knows the rule, not the calendar. Periods in years end on the corresponding day of the
last year; a 29 February start without one ends on 28 February (《民法典》第二百零二条: 没有对应日
的，月末日为期间的最后一日). A period in calendar days whose last day is a rest day ends on the next
working day (第二百零三条). docs/rules/supervision.md lists every deadline with its source.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

AddWorkingDays = Callable[[datetime.date, int], datetime.date]


@dataclass(frozen=True, slots=True)
class SupervisionRules:
    """A deployment's periods (settings.HONGDUN["SUPERVISION_*"], ["INSPECTION_*"])."""

    proposal_month: int = 7
    proposal_day: int = 1
    listing_decision_working_days: int = 10
    removal_decision_working_days: int = 5
    objection_days: int = 30
    serious_after_years: int = 3
    serious_reminder_days: int = 60
    serious_decision_working_days: int = 10
    serious_bar_years: int = 3
    serious_removal_years: int = 5
    inspection_min_ratio: Decimal = Decimal("0.03")
    inspection_publish_working_days: int = 20

    @classmethod
    def parse(cls, config: dict[str, object]) -> SupervisionRules:
        """From the settings dict; a malformed value raises ValueError naming the setting."""

        def number(key: str, default: int) -> int:
            value = config.get(key, default)
            try:
                parsed = int(str(value))
            except ValueError:
                raise ValueError(f"{key} must be a whole number, not {value!r}") from None
            if parsed < 0:
                raise ValueError(f"{key} must not be negative, not {value!r}")
            return parsed

        day_text = str(config.get("SUPERVISION_LISTING_PROPOSAL_DAY", "07-01"))
        try:
            month, day = (int(part) for part in day_text.split("-"))
            datetime.date(2001, month, day)  # a non-leap year: 02-29 is refused
        except ValueError:
            raise ValueError(
                f"SUPERVISION_LISTING_PROPOSAL_DAY must be MM-DD, not {day_text!r}"
            ) from None
        ratio_text = str(config.get("INSPECTION_MIN_RATIO", "0.03"))
        try:
            ratio = Decimal(ratio_text)
        except ArithmeticError:
            raise ValueError(
                f"INSPECTION_MIN_RATIO must be a decimal, not {ratio_text!r}"
            ) from None
        if not Decimal(0) < ratio <= Decimal(1):
            raise ValueError(f"INSPECTION_MIN_RATIO must be in (0, 1], not {ratio_text!r}")
        return cls(
            proposal_month=month,
            proposal_day=day,
            listing_decision_working_days=number("SUPERVISION_LISTING_DECISION_WORKING_DAYS", 10),
            removal_decision_working_days=number("SUPERVISION_REMOVAL_DECISION_WORKING_DAYS", 5),
            objection_days=number("SUPERVISION_OBJECTION_DAYS", 30),
            serious_after_years=number("SUPERVISION_SERIOUS_AFTER_YEARS", 3),
            serious_reminder_days=number("SUPERVISION_SERIOUS_REMINDER_DAYS", 60),
            serious_decision_working_days=number("SUPERVISION_SERIOUS_DECISION_WORKING_DAYS", 10),
            serious_bar_years=number("SUPERVISION_SERIOUS_BAR_YEARS", 3),
            serious_removal_years=number("SUPERVISION_SERIOUS_REMOVAL_YEARS", 5),
            inspection_min_ratio=ratio,
            inspection_publish_working_days=number("INSPECTION_PUBLISH_WORKING_DAYS", 20),
        )


def years_after(start: datetime.date, years: int) -> datetime.date:
    """The corresponding day `years` later; 29 February without one becomes 28 February."""
    try:
        return start.replace(year=start.year + years)
    except ValueError:  # 29 February into a common year
        return start.replace(year=start.year + years, day=28)


def proposal_day(rules: SupervisionRules, year: int) -> datetime.date:
    """The day of `year` on which the scheduled run proposes the non-filers of year − 1."""
    return datetime.date(year, rules.proposal_month, rules.proposal_day)


def listing_decision_due(
    rules: SupervisionRules, basis_on: datetime.date, add_working_days: AddWorkingDays
) -> datetime.date:
    """A listing is decided within N working days of its basis day (the filing deadline for
    reason 1, the end of the ordered period for reason 2, verification for reasons 3 and 4)."""
    return add_working_days(basis_on, rules.listing_decision_working_days)


def removal_decision_due(
    rules: SupervisionRules, applied_on: datetime.date, add_working_days: AddWorkingDays
) -> datetime.date:
    return add_working_days(applied_on, rules.removal_decision_working_days)


def objection_last_day(
    rules: SupervisionRules, listed_on: datetime.date, add_working_days: AddWorkingDays
) -> datetime.date:
    """The last day an objection to a listing may be raised: N calendar days after the listing,
    moved to the next working day when that day is a rest day (第二百零三条)."""
    last = listed_on + datetime.timedelta(days=rules.objection_days)
    return add_working_days(last - datetime.timedelta(days=1), 1)


def serious_mark(rules: SupervisionRules, listed_on: datetime.date) -> datetime.date:
    """The day an abnormal listing has lasted the years after which it goes to the serious list."""
    return years_after(listed_on, rules.serious_after_years)


def serious_reminder_on(rules: SupervisionRules, listed_on: datetime.date) -> datetime.date:
    """The reminder goes N days before the mark."""
    return serious_mark(rules, listed_on) - datetime.timedelta(days=rules.serious_reminder_days)


def serious_decision_due(
    rules: SupervisionRules, mark: datetime.date, add_working_days: AddWorkingDays
) -> datetime.date:
    return add_working_days(mark, rules.serious_decision_working_days)


def bar_last_day(rules: SupervisionRules, listed_on: datetime.date) -> datetime.date:
    """The last day the legal representative is barred: the day before the bar's anniversary."""
    return years_after(listed_on, rules.serious_bar_years) - datetime.timedelta(days=1)


def serious_removal_eligible_on(rules: SupervisionRules, listed_on: datetime.date) -> datetime.date:
    """From this day a serious listing without a new violation falls due for removal."""
    return years_after(listed_on, rules.serious_removal_years)


def inspection_publish_due(
    rules: SupervisionRules, entered_on: datetime.date, add_working_days: AddWorkingDays
) -> datetime.date:
    """A result is published on the enterprise's public page within N working days of entry."""
    return add_working_days(entered_on, rules.inspection_publish_working_days)
