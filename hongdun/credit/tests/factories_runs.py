"""Records the classification reads, as the services of their registers leave them (for the
inputs and run tests): enterprises, annual reports and their versions, immediate disclosures,
listings, inspections, contributions and the register's change history."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from hongdun.accounts.models import User
from hongdun.credit.engine.scheme import DEFAULT_SAMPLING
from hongdun.credit.models import CreditScheme
from hongdun.disclosure.choices import ImmediateKind, ReportForm, VersionStatus
from hongdun.disclosure.models import AnnualReport, AnnualReportVersion, ImmediateDisclosure
from hongdun.enterprises.choices import ContributionForm, MemberRole
from hongdun.enterprises.models import Enterprise, EnterpriseContribution, EnterpriseInvestor
from hongdun.enterprises.tests.factories import register
from hongdun.orgs.models import Unit
from hongdun.supervision.models import InspectionTask
from hongdun.supervision.tests.factories_jobs import inspection_plan, task

_numbers = itertools.count(1)

# A scheme whose classes the tests can work out by hand: a missing report of three is 20 points
# (B), two are 40 (C); a listing of the last three years 10; an inspection finding 10.
TEST_DEFINITION: dict[str, Any] = {
    "weights": {"filing": 60, "abnormal_history": 20, "inspection_findings": 20},
    "thresholds": {"A": 15, "B": 35, "C": 55},
}


def moment(day: date, hour: int = 2) -> datetime:
    """A moment of `day` in China time (02:00 UTC is 10:00 in Beijing)."""
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def make_scheme(definition: dict[str, Any] | None = None, *, version: int = 1) -> CreditScheme:
    CreditScheme.objects.filter(is_active=True).update(is_active=False)
    return CreditScheme.objects.create(
        version=version,
        name=f"测试方案{version}",
        definition=definition or TEST_DEFINITION,
        sampling=DEFAULT_SAMPLING,
        is_active=True,
    )


def firm(
    bureau: dict[str, Unit], *, established_on: date = date(2015, 3, 1), **extra: Any
) -> Enterprise:
    """An enterprise with a legal representative of its own (no relation to the others)."""
    number = next(_numbers)
    return register(
        f"包头市信用{number}号商贸有限公司",
        bureau["kundulun"],
        trade_name=f"信用{number}号",
        established_on=established_on,
        legal_rep_id_number=extra.pop("legal_rep_id_number", f"1502031980{number:08d}"),
        **extra,
    )


def report(
    enterprise: Enterprise,
    year: int,
    *,
    filed_on: date | None,
    late: bool = False,
    corrections: int = 0,
    corrected_on: date | None = None,
) -> AnnualReport:
    """A report first submitted on `filed_on` (None: only a draft), with its versions: the first
    and `corrections` later ones, submitted on `corrected_on`."""
    row = AnnualReport.objects.create(
        enterprise=enterprise,
        year=year,
        form=ReportForm.ENTERPRISE,
        first_submitted_at=moment(filed_on) if filed_on else None,
        filed_late=late,
    )
    AnnualReportVersion.objects.create(
        report=row,
        number=1,
        status=VersionStatus.SUBMITTED if filed_on else VersionStatus.DRAFT,
        submitted_at=moment(filed_on) if filed_on else None,
    )
    for number in range(2, corrections + 2):
        AnnualReportVersion.objects.create(
            report=row,
            number=number,
            status=VersionStatus.SUBMITTED,
            submitted_at=moment(corrected_on or filed_on or date(2026, 1, 1)),
        )
    return row


def filed_on_time(enterprise: Enterprise, years: range | tuple[int, ...]) -> None:
    for year in years:
        report(enterprise, year, filed_on=date(year + 1, 3, 1))


def immediate(enterprise: Enterprise, user: User, *, published: date, late: bool) -> None:
    ImmediateDisclosure.objects.create(
        enterprise=enterprise,
        kind=ImmediateKind.LICENCE,
        occurred_on=published,
        due_on=published,
        published_at=moment(published),
        published_by=user,
        late=late,
    )


def finding(
    enterprise: Enterprise, *, result: str, inspected_on: date, entered: date
) -> InspectionTask:
    """A task of a plan of its own (one task per plan and enterprise) with its result."""
    unit = Unit.objects.get(pk=enterprise.registration_authority_id)
    row = task(inspection_plan(unit), enterprise, result=result)
    InspectionTask.objects.filter(pk=row.pk).update(
        inspected_on=inspected_on, result_entered_at=moment(entered)
    )
    return row


def contribution(
    enterprise: Enterprise,
    *,
    subscribed: str,
    paid: str,
    paid_on: date | None = None,
    id_number: str = "",
) -> EnterpriseInvestor:
    investor = EnterpriseInvestor.objects.create(
        enterprise=enterprise,
        role=MemberRole.SHAREHOLDER,
        name=f"股东{next(_numbers)}",
        id_number=id_number or f"1502041990{next(_numbers):08d}",
    )
    EnterpriseContribution.objects.create(
        investor=investor,
        subscribed_amount=Decimal(subscribed),
        paid_amount=Decimal(paid),
        form=ContributionForm.MONEY,
        paid_on=paid_on,
    )
    return investor


def move_address(enterprise: Enterprise, address: str, on: date) -> None:
    """Change the address through the model (its history row), dated `on`."""
    enterprise.address = address
    enterprise.save()
    latest = enterprise.history.order_by("-history_id").first()
    type(latest).objects.filter(pk=latest.pk).update(history_date=moment(on))


def rename(enterprise: Enterprise, name: str, on: date) -> None:
    enterprise.name = name
    enterprise.save()
    latest = enterprise.history.order_by("-history_id").first()
    type(latest).objects.filter(pk=latest.pk).update(history_date=moment(on))


def date_first_history(enterprise: Enterprise, on: date) -> None:
    first = enterprise.history.order_by("history_id").first()
    type(first).objects.filter(pk=first.pk).update(history_date=moment(on))
