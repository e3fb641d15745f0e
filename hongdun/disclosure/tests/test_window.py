"""The filing window and the correction rule, table-driven (docs/rules/disclosure.md §2.1, §2.3)."""

from datetime import date

import pytest

from hongdun.disclosure.engine.window import (
    FilingState,
    WindowRules,
    correction_allowed,
    filing_state,
    years_due,
)

ESTABLISHED_2020 = date(2020, 5, 1)


@pytest.mark.parametrize(
    ("report_year", "established_on", "today", "expected"),
    [
        # 31 December of the report year: the window has not opened.
        (2025, ESTABLISHED_2020, date(2025, 12, 31), FilingState.NOT_OPEN),
        # 1 January of the next year: open.
        (2025, ESTABLISHED_2020, date(2026, 1, 1), FilingState.OPEN),
        # 30 June (the day includes 23:59 China time: the caller passes the local date).
        (2025, ESTABLISHED_2020, date(2026, 6, 30), FilingState.OPEN),
        # 1 July 00:00 China time: closed, a filing now is late.
        (2025, ESTABLISHED_2020, date(2026, 7, 1), FilingState.CLOSED),
        # Established in 2025: the first report is for 2025, filed in the 2026 window.
        (2025, date(2025, 12, 31), date(2026, 3, 1), FilingState.OPEN),
        # ...and no report for 2024, the year before establishment.
        (2024, date(2025, 1, 1), date(2026, 3, 1), FilingState.BEFORE_ESTABLISHMENT),
    ],
)
def test_filing_state(report_year, established_on, today, expected):
    assert (
        filing_state(report_year=report_year, established_on=established_on, today=today)
        == expected
    )


@pytest.mark.parametrize(
    ("today", "allowed"),
    [(date(2026, 6, 30), True), (date(2026, 7, 1), False), (date(2026, 1, 2), True)],
)
def test_corrections_until_30_june_of_the_filing_year(today, allowed):
    assert correction_allowed(report_year=2025, today=today) is allowed


def test_a_deployment_moves_the_window():
    rules = WindowRules.parse("02-01", "07-31")
    assert filing_state(
        report_year=2025, established_on=ESTABLISHED_2020, today=date(2026, 1, 15), rules=rules
    ) == (FilingState.NOT_OPEN)
    assert filing_state(
        report_year=2025, established_on=ESTABLISHED_2020, today=date(2026, 7, 31), rules=rules
    ) == (FilingState.OPEN)
    assert correction_allowed(report_year=2025, today=date(2026, 7, 31), rules=rules)


@pytest.mark.parametrize("bad", ["13-01", "02-30", "6/30", ""])
def test_a_bad_window_setting_is_refused(bad):
    with pytest.raises(ValueError, match="MM-DD"):
        WindowRules.parse(bad, "06-30")


@pytest.mark.parametrize(
    ("established_on", "today", "expected"),
    [
        (date(2020, 5, 1), date(2026, 3, 1), range(2020, 2026)),
        (date(2020, 5, 1), date(2025, 12, 31), range(2020, 2025)),
        (date(2026, 2, 1), date(2026, 3, 1), range(2026, 2026)),  # nothing due yet
    ],
)
def test_years_due(established_on, today, expected):
    assert years_due(established_on=established_on, today=today) == expected
