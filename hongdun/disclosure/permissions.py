"""Row scope of annual reports and immediate disclosures (ADR 0013): each belongs to the unit
that registered its enterprise. Who reads them, and how far, is their rows of
`hongdun.core.scope_rules`. Unpublished section-7 figures are shown only to the enterprise's
authorised users and to staff the table lets VIEW the report."""

from django.utils.translation import gettext_lazy as _

from hongdun.core.scope import register_kind, register_model

ANNUAL_REPORT = "disclosure.annualreport"
IMMEDIATE_DISCLOSURE = "disclosure.immediate"


def declare_scope() -> None:
    from hongdun.disclosure.models import (
        AnnualReport,
        AnnualReportVersion,
        FilingEnterprise,
        FilingTally,
        ImmediateDisclosure,
    )

    register_kind(ANNUAL_REPORT, label=_("年度报告"))
    register_model(AnnualReport, kind=ANNUAL_REPORT, unit="enterprise__registration_authority")
    register_model(
        AnnualReportVersion, kind=ANNUAL_REPORT, unit="report__enterprise__registration_authority"
    )
    # The enterprises that owe reports, as filing progress reads them (disclosure/progress.py).
    register_model(FilingEnterprise, kind=ANNUAL_REPORT, unit="registration_authority")
    # Its maintained counts per authority, read through the same rule (disclosure/tally.py).
    register_model(FilingTally, kind=ANNUAL_REPORT, unit="authority")
    register_kind(IMMEDIATE_DISCLOSURE, label=_("即时信息"))
    register_model(
        ImmediateDisclosure, kind=IMMEDIATE_DISCLOSURE, unit="enterprise__registration_authority"
    )
