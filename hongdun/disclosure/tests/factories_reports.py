"""Fixtures of the annual-report filing tests: an open window, an enterprise, its authorised user.

The window is configured, not faked: `open_window` sets the deployment's window to the whole
filing year (01-01 to 12-31), so the report for last year is open today whatever today is, the
report for the year before last is past its window and its corrections, and this year's is not
open yet.
"""

from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from hongdun.accounts.models import User
from hongdun.accounts.roles import Role
from hongdun.disclosure.rules import window_rules
from hongdun.disclosure.services import ReportContent
from hongdun.enterprises.choices import EnterpriseType
from hongdun.enterprises.models import Enterprise, EnterpriseContribution, EnterpriseInvestor
from hongdun.enterprises.tests.factories import register
from hongdun.orgs.models import Unit
from hongdun.registration.models import EnterpriseAuthorisation


def open_year() -> int:
    return timezone.localdate().year - 1


@pytest.fixture
def open_window(settings: Any) -> Iterator[int]:
    """The report year whose window is open today (see the module's docstring)."""
    settings.HONGDUN = {
        **settings.HONGDUN,
        "ANNUAL_REPORT_OPENS": "01-01",
        "ANNUAL_REPORT_CLOSES": "12-31",
        "ANNUAL_REPORT_CORRECTIONS_UNTIL": "12-31",
    }
    window_rules.cache_clear()
    yield open_year()
    window_rules.cache_clear()


def authorise(user: User, enterprise: Enterprise) -> EnterpriseAuthorisation:
    return EnterpriseAuthorisation.objects.create(
        enterprise=enterprise,
        user=user,
        basis=EnterpriseAuthorisation.Basis.LEGAL_REPRESENTATIVE,
    )


def company(
    unit: Unit,
    name: str = "包头市青山钢材有限公司",
    established_on: date = date(2015, 3, 1),
    **extra: Any,
) -> Enterprise:
    enterprise = register(name, unit, established_on=established_on, **extra)
    investor = EnterpriseInvestor.objects.create(
        enterprise=enterprise, role="shareholder", name="王建国", id_number="150203198001011234"
    )
    EnterpriseContribution.objects.create(
        investor=investor,
        subscribed_amount=Decimal("1000000.00"),
        form="money",
        subscribed_due=date(2030, 12, 31),
        paid_amount=Decimal("200000.00"),
        paid_on=date(2016, 1, 5),
    )
    return enterprise


@pytest.fixture
def report_enterprise(bureau: dict[str, Unit]) -> Enterprise:
    return company(bureau["kundulun"])


@pytest.fixture
def filer(make_user: Callable[..., User], report_enterprise: Enterprise) -> User:
    user = make_user(Role.APPLICANT)
    authorise(user, report_enterprise)
    return user


@pytest.fixture
def individual_business(bureau: dict[str, Unit]) -> Enterprise:
    return register(
        "昆都仑区老王烧麦馆",
        bureau["kundulun"],
        enterprise_type=EnterpriseType.INDIVIDUAL_BUSINESS,
        registered_capital=None,
        established_on=date(2018, 6, 1),
    )


def complete_content(**values: Any) -> ReportContent:
    """A complete company report that balances (no problem at all)."""
    return ReportContent(
        values={
            "address": "内蒙古自治区包头市昆都仑区钢铁大街1号",
            "postal_code": "014010",
            "phone": "0472-1234567",
            "email": "office@qingshan.example.cn",
            "operating_status": "operating",
            "has_website": True,
            "employees": "25",
            "total_assets": "5000000",
            "total_liabilities": "3000000",
            "guarantees_amount": "0",
            "owners_equity": "2000000",
            "total_revenue": "8000000",
            "main_business_revenue": "7500000",
            "total_profit": "-120000",
            "net_profit": "-120000",
            "total_tax": "300000",
            "public_figures": ["employees", "total_assets", "total_revenue", "total_tax"],
            **values,
        },
        contributions=[
            {
                "investor_name": "王建国",
                "subscribed_amount": "1000000",
                "subscribed_on": "2030-12-31",
                "subscribed_form": "money",
                "paid_amount": "200000",
                "paid_on": "2016-01-05",
                "paid_form": "money",
            }
        ],
        investments=[],
        equity_transfers=[],
        websites=[
            {"kind": "website", "name": "青山钢材官网", "url": "https://qingshan.example.cn"}
        ],
        social_insurance={"pension_insured": "25", "pension_paid": "180000"},
    )


def short_form_content(**values: Any) -> ReportContent:
    """A complete individual business's report (the short form)."""
    return ReportContent(
        values={
            "address": "包头市昆都仑区阿尔丁大街5号",
            "phone": "13800000000",
            "employees": "3",
            "total_revenue": "120000",
            "total_tax": "0",
            "capital_amount": "50000",
            **values,
        }
    )
