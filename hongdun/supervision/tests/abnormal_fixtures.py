"""Fixtures of the abnormal-list tests: two enterprises of different authorities, their
authorised portal users, the supervisors of each authority, and helpers that propose, list and
file through the real services (imported into each test module by name)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from hongdun.accounts.models import User
from hongdun.accounts.roles import Role
from hongdun.disclosure.choices import ReportForm, VersionStatus
from hongdun.disclosure.models import AnnualReport, AnnualReportVersion
from hongdun.enterprises.models import Enterprise
from hongdun.enterprises.tests.factories import register
from hongdun.orgs.models import Unit
from hongdun.registration.models import EnterpriseAuthorisation
from hongdun.supervision.choices import AbnormalReason, ListingSource
from hongdun.supervision.models import AbnormalListing
from hongdun.supervision.services_abnormal import (
    abnormal_confirm,
    abnormal_propose,
    missing_report_years,
)


def today() -> datetime.date:
    return timezone.localdate()


def established() -> datetime.date:
    return datetime.date(today().year - 3, 3, 1)


def authorise(user: User, enterprise: Enterprise) -> EnterpriseAuthorisation:
    return EnterpriseAuthorisation.objects.create(
        enterprise=enterprise, user=user, basis=EnterpriseAuthorisation.Basis.LEGAL_REPRESENTATIVE
    )


def file_report(enterprise: Enterprise, year: int, *, at: datetime.datetime | None = None) -> Any:
    """A submitted report for `year` (the filing itself is the disclosure app's, tested there)."""
    moment = at or timezone.now()
    report = AnnualReport.objects.create(
        enterprise=enterprise, year=year, form=ReportForm.ENTERPRISE, first_submitted_at=moment
    )
    version = AnnualReportVersion.objects.create(
        report=report, number=1, status=VersionStatus.SUBMITTED, submitted_at=moment
    )
    report.current_version = version
    report.save(update_fields=["current_version"])
    return report


def file_all_missing(enterprise: Enterprise) -> list[int]:
    years = missing_report_years(enterprise, today())
    for year in years:
        file_report(enterprise, year)
    return years


def propose(
    enterprise: Enterprise,
    actor: User | None,
    *,
    reason: int = AbnormalReason.UNREACHABLE,
    basis_on: datetime.date | None = None,
    report_year: int | None = None,
) -> AbnormalListing:
    return abnormal_propose(
        actor=actor,
        enterprise=enterprise,
        reason=reason,
        basis_on=basis_on or today(),
        source=ListingSource.SCHEDULED
        if reason == AbnormalReason.NOT_FILED
        else ListingSource.VERIFICATION,
        facts="" if reason == AbnormalReason.NOT_FILED else "核查：登记的住所无此企业。",
        report_year=report_year,
    )


def listed(
    enterprise: Enterprise,
    supervisor: User,
    *,
    reason: int = AbnormalReason.UNREACHABLE,
    decided_on: datetime.date | None = None,
) -> AbnormalListing:
    """An entry in force, listed on `decided_on` (today by default)."""
    day = decided_on or today()
    candidate = propose(enterprise, supervisor, reason=reason, basis_on=day)
    return abnormal_confirm(actor=supervisor, listing=candidate, decided_on=day)


@pytest.fixture
def kundulun_company(bureau: dict[str, Unit]) -> Enterprise:
    return register(
        "包头市昆都仑区异常名录测试有限公司", bureau["kundulun"], established_on=established()
    )


@pytest.fixture
def jiuyuan_company(bureau: dict[str, Unit]) -> Enterprise:
    return register(
        "包头市九原区异常名录测试有限公司", bureau["jiuyuan"], established_on=established()
    )


@pytest.fixture
def supervisor(make_user: Callable[..., User], bureau: dict[str, Unit]) -> User:
    return make_user(Role.SUPERVISOR, bureau["kundulun"], first_name="监管员甲")


@pytest.fixture
def other_supervisor(make_user: Callable[..., User], bureau: dict[str, Unit]) -> User:
    return make_user(Role.SUPERVISOR, bureau["kundulun"], first_name="监管员乙")


@pytest.fixture
def jiuyuan_supervisor(make_user: Callable[..., User], bureau: dict[str, Unit]) -> User:
    return make_user(Role.SUPERVISOR, bureau["jiuyuan"])


@pytest.fixture
def owner(make_user: Callable[..., User], kundulun_company: Enterprise) -> User:
    """The Kundulun company's authorised portal user."""
    user = make_user(Role.APPLICANT)
    authorise(user, kundulun_company)
    return user


@pytest.fixture
def stranger(make_user: Callable[..., User], jiuyuan_company: Enterprise) -> User:
    """A portal user authorised for another enterprise only."""
    user = make_user(Role.APPLICANT)
    authorise(user, jiuyuan_company)
    return user
