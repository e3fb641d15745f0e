"""The annual report's checks, table-driven (docs/rules/disclosure.md §2.5): every problem at once,
each with its field, severity and message key."""

from datetime import date
from decimal import Decimal

import pytest

from hongdun.disclosure import models
from hongdun.disclosure.engine import checks
from hongdun.disclosure.engine.checks import Facts, Severity, check

COMPANY = Facts(
    report_year=2025,
    established_on=date(2020, 5, 1),
    company=True,
    registered_capital=Decimal("1000000.00"),
)
E, W = Severity.ERROR, Severity.WARNING


def problems(values, *, facts=COMPANY, complete=False, **rows):
    return {
        (p.field, p.severity, p.code)
        for p in check(values, facts=facts, complete=complete, **rows).problems
    }


def test_the_engines_figures_are_fields_of_the_report():
    fields = {field.name for field in models.AnnualReportVersion._meta.get_fields()}
    assert set(checks.SECTION_SEVEN_FIGURES) <= fields
    assert set(checks.SECTION_SEVEN_FIGURES) >= checks.MAY_BE_NEGATIVE


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        # assets = liabilities + equity: balanced, no problem
        ({"total_assets": "100", "total_liabilities": "60", "owners_equity": "40"}, set()),
        # unbalanced: a warning on total_assets
        (
            {"total_assets": "100", "total_liabilities": "60", "owners_equity": "30"},
            {("total_assets", W, "balance_sheet")},
        ),
        # negative equity balances too
        ({"total_assets": "100", "total_liabilities": "150", "owners_equity": "-50"}, set()),
        # one figure missing: nothing to compare
        ({"total_assets": "100", "total_liabilities": "60"}, set()),
        # negative assets: an error
        ({"total_assets": "-1"}, {("total_assets", E, "negative")}),
        ({"total_liabilities": "-0.01"}, {("total_liabilities", E, "negative")}),
        ({"guarantees_amount": "-5"}, {("guarantees_amount", E, "negative")}),
        ({"total_revenue": "-5"}, {("total_revenue", E, "negative")}),
        ({"main_business_revenue": "-5"}, {("main_business_revenue", E, "negative")}),
        ({"total_tax": "-5"}, {("total_tax", E, "negative")}),
        # profit, net profit and equity may be negative
        ({"total_profit": "-5", "net_profit": "-4.50", "owners_equity": "-1"}, set()),
        # text in a number field
        ({"total_assets": "一百万"}, {("total_assets", E, "not_a_number")}),
        ({"net_profit": "abc"}, {("net_profit", E, "not_a_number")}),
        ({"total_tax": "1.005"}, {("total_tax", E, "too_many_decimals")}),
        ({"total_tax": "1e20"}, {("total_tax", E, "too_large")}),
        ({"total_tax": "1,234.50"}, set()),
        # employees: a non-negative whole number
        ({"employees": "12"}, set()),
        ({"employees": "0"}, set()),
        ({"employees": "12.5"}, {("employees", E, "not_a_whole_number")}),
        ({"employees": "-3"}, {("employees", E, "negative_count")}),
        ({"employees": "十二"}, {("employees", E, "not_a_whole_number")}),
        # main-business revenue is part of total revenue
        (
            {"total_revenue": "10", "main_business_revenue": "11"},
            {("main_business_revenue", W, "main_above_total")},
        ),
    ],
)
def test_figures(values, expected):
    assert problems(values) == expected


def test_all_problems_at_once():
    found = problems(
        {
            "total_assets": "-1",
            "employees": "x",
            "net_profit": "y",
            "email": "nope",
            "postal_code": "01400",
        }
    )
    assert found == {
        ("total_assets", E, "negative"),
        ("employees", E, "not_a_whole_number"),
        ("net_profit", E, "not_a_number"),
        ("email", E, "email"),
        ("postal_code", E, "postal_code"),
    }


def row(name="张三", subscribed="1000000", paid="0", **extra):
    return {
        "investor_name": name,
        "subscribed_amount": subscribed,
        "subscribed_on": "2030-01-01",
        "subscribed_form": "money",
        "paid_amount": paid,
        "paid_on": "",
        "paid_form": "",
        **extra,
    }


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([row()], set()),
        # subscribed total differs from the registered capital: a warning
        (
            [row(subscribed="600000"), row(name="李四", subscribed="300000")],
            {("contributions", W, "subscribed_vs_capital")},
        ),
        # paid-in above subscribed: a warning (the spec's §2.6 item 4)
        (
            [row(paid="1200000", paid_form="money", paid_on="2024-01-01")],
            {("contributions.0.paid_amount", W, "paid_above_subscribed")},
        ),
        # paid-in without its form
        (
            [row(paid="10", paid_on="2024-01-01")],
            {("contributions.0.paid_form", E, "required")},
        ),
        # negative subscribed amount, a forbidden form
        (
            [row(subscribed="-1", subscribed_form="labour")],
            {
                ("contributions.0.subscribed_amount", E, "negative"),
                ("contributions.0.subscribed_form", E, "choice"),
            },
        ),
        # a blank spare row is ignored
        ([row(), dict.fromkeys(row(), "")], set()),
    ],
)
def test_contributions(rows, expected):
    assert problems({}, contributions=rows) == expected


def test_contributions_required_for_a_company_on_submission():
    found = problems({}, complete=True)
    assert ("contributions", E, "contributions_required") in found
    assert ("address", E, "required") in found
    assert ("total_assets", E, "required") in found


def test_capital_is_compared_for_companies_only():
    partnership = Facts(
        report_year=2025, established_on=date(2020, 1, 1), registered_capital=Decimal(5)
    )
    assert problems({}, facts=partnership, contributions=[row()]) == set()


@pytest.mark.parametrize(
    ("year", "established", "expected"),
    [
        (2025, date(2025, 12, 31), set()),
        (2024, date(2025, 1, 1), {("year", E, "before_establishment")}),
    ],
)
def test_report_year_before_establishment(year, established, expected):
    facts = Facts(report_year=year, established_on=established)
    assert problems({}, facts=facts) == expected


def test_individual_business_short_form():
    facts = Facts(report_year=2025, established_on=date(2020, 1, 1), individual_business=True)
    checked = check(
        {
            "employees": "2",
            "total_revenue": "50000",
            "total_tax": "0",
            "total_assets": "-5",  # not on the short form: ignored
            "capital_amount": "30000",
            "whole_report_public": "",
            "public_figures": ["employees", "total_assets"],
        },
        facts=facts,
        contributions=[row(subscribed="x")],
        complete=True,
    )
    assert {p.field for p in checked.problems} == {"address", "phone"}
    assert checked.values["total_assets"] is None
    assert checked.values["capital_amount"] == Decimal("30000.00")
    assert checked.values["whole_report_public"] is False
    assert checked.values["public_figures"] == ["employees"]
    assert checked.contributions == []


def test_publish_switches_keep_only_known_figures_in_form_order():
    checked = check(
        {"public_figures": ["net_profit", "employees", "password", "social_insurance.pension"]},
        facts=Facts(
            report_year=2025,
            established_on=date(2020, 1, 1),
            social_insurance_items={"pension": "count"},
        ),
    )
    assert checked.values["public_figures"] == [
        "employees",
        "net_profit",
        "social_insurance.pension",
    ]


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([{"kind": "website", "name": "官网", "url": "https://example.cn"}], set()),
        (
            [{"kind": "website", "name": "官网", "url": "example"}],
            {("websites.0.url", E, "url")},
        ),
        (
            [{"kind": "shop", "name": "店", "url": "https://a.cn"}],
            {("websites.0.kind", E, "choice")},
        ),
        # a spare form row: only its select has a value
        ([{"kind": "website", "name": "", "url": ""}], set()),
    ],
)
def test_websites(rows, expected):
    assert problems({}, websites=rows) == expected


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        (
            [
                {
                    "shareholder_name": "张三",
                    "ratio_before": "60",
                    "ratio_after": "40",
                    "changed_on": "2025-03-01",
                }
            ],
            set(),
        ),
        (
            [
                {
                    "shareholder_name": "张三",
                    "ratio_before": "160",
                    "ratio_after": "40",
                    "changed_on": "2024-03-01",
                }
            ],
            {
                ("equity_transfers.0.ratio_before", E, "ratio"),
                ("equity_transfers.0.changed_on", W, "outside_report_year"),
            },
        ),
        (
            [
                {
                    "shareholder_name": "张三",
                    "ratio_before": "60",
                    "ratio_after": "",
                    "changed_on": "03/01",
                }
            ],
            {
                ("equity_transfers.0.ratio_after", E, "required"),
                ("equity_transfers.0.changed_on", E, "not_a_date"),
            },
        ),
    ],
)
def test_equity_transfers(rows, expected):
    assert problems({}, equity_transfers=rows) == expected


def test_social_insurance_items():
    facts = Facts(
        report_year=2025,
        established_on=date(2020, 1, 1),
        social_insurance_items={"pension": "count", "paid": "amount"},
    )
    checked = check({}, facts=facts, social_insurance={"pension": "3.5", "paid": "100.10"})
    assert {(p.field, p.code) for p in checked.problems} == {
        ("social_insurance.pension", "not_a_whole_number")
    }
    assert checked.social_insurance == {"paid": "100.10"}
