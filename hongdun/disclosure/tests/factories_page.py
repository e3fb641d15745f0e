"""Annual reports for the public-record tests, written directly (filing services belong to
another part of issue 9): a report with submitted versions, the first filing and corrections."""

from datetime import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from hongdun.disclosure.choices import ReportForm, VersionStatus
from hongdun.disclosure.models import (
    AnnualReport,
    AnnualReportVersion,
    ReportContribution,
    ReportInvestment,
    ReportWebsite,
)
from hongdun.enterprises.models import Enterprise

# Distinctive values: a hidden figure's digits must be findable if they leak anywhere.
FIGURES: dict[str, Any] = {
    "employees": 37,
    "total_assets": Decimal("987654321.12"),
    "total_liabilities": Decimal("123456789.34"),
    "guarantees_amount": Decimal("0.00"),
    "owners_equity": Decimal("864197531.78"),
    "total_revenue": Decimal("555444333.21"),
    "main_business_revenue": Decimal("444333222.10"),
    "total_profit": Decimal("-7654321.09"),
    "net_profit": Decimal("-7000001.01"),
    "total_tax": Decimal("2345678.90"),
}


def moment(text: str) -> datetime:
    return timezone.make_aware(datetime.fromisoformat(text))


def report(
    enterprise: Enterprise,
    year: int,
    *,
    form: str = ReportForm.ENTERPRISE,
    whole_report_public: bool = True,
    filed_late: bool = False,
    submitted: list[str] | None = None,
    public_figures: list[str] | None = None,
    figures: dict[str, Any] | None = None,
    draft: dict[str, Any] | None = None,
    **fields: Any,
) -> AnnualReport:
    """A report with one submitted version per time in `submitted` (ISO datetimes, China time),
    each publishing `public_figures`; `draft` adds an unsubmitted version with those figures."""
    times = submitted if submitted is not None else [f"{year + 1}-03-01T10:00:00"]
    row = AnnualReport.objects.create(
        enterprise=enterprise,
        year=year,
        form=form,
        whole_report_public=whole_report_public,
        filed_late=filed_late,
        first_submitted_at=moment(times[0]) if times else None,
    )
    values = {**FIGURES, **(figures or {})}
    version = None
    for number, text in enumerate(times, start=1):
        version = AnnualReportVersion.objects.create(
            report=row,
            number=number,
            status=VersionStatus.SUBMITTED,
            submitted_at=moment(text),
            correction_note="更正从业人数" if number > 1 else "",
            address=fields.get("address", "包头市昆都仑区钢铁大街1号"),
            postal_code="014010",
            phone="0472-5123456",
            email="office@example.com",
            public_figures=list(public_figures if public_figures is not None else []),
            **{**values, "employees": values["employees"] + number - 1},
        )
        ReportContribution.objects.create(
            version=version,
            investor_name="张晓东",
            subscribed_amount=Decimal("600000.00"),
            subscribed_form="money",
            paid_amount=Decimal("200000.00"),
        )
        ReportInvestment.objects.create(
            version=version, enterprise_name="包头市子公司有限公司", uscc=""
        )
        ReportWebsite.objects.create(
            version=version, kind="website", name="官网", url="https://example.com/"
        )
    if draft is not None:
        AnnualReportVersion.objects.create(
            report=row, number=len(times) + 1, status=VersionStatus.DRAFT, **draft
        )
    if version is not None:
        row.current_version = version
        row.save(update_fields=["current_version"])
    return row
