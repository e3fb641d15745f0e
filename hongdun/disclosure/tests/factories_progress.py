"""A small register with every filing status for report year 2025 (the window 2026-01-01 to
2026-06-30), for the progress, list, export and reminder tests."""

from dataclasses import dataclass
from datetime import UTC, date, datetime

from hongdun.accounts.models import User
from hongdun.disclosure.choices import ReportForm
from hongdun.disclosure.models import AnnualReport
from hongdun.enterprises.choices import EnterpriseStatus, EnterpriseType
from hongdun.enterprises.models import Enterprise
from hongdun.enterprises.tests.factories import register
from hongdun.orgs.models import Unit
from hongdun.registration.models import EnterpriseAuthorisation

YEAR = 2025


def report(
    enterprise: Enterprise, *, year: int = YEAR, filed_on: date | None, late: bool = False
) -> AnnualReport:
    """A report row as the filing services leave it: submitted (filed_on) or a draft (None)."""
    form = (
        ReportForm.INDIVIDUAL_BUSINESS
        if enterprise.enterprise_type == EnterpriseType.INDIVIDUAL_BUSINESS
        else ReportForm.ENTERPRISE
    )
    submitted = (
        datetime(filed_on.year, filed_on.month, filed_on.day, 2, tzinfo=UTC) if filed_on else None
    )
    return AnnualReport.objects.create(
        enterprise=enterprise, year=year, form=form, first_submitted_at=submitted, filed_late=late
    )


def leave_register(enterprise: Enterprise, status: str, on: date) -> None:
    Enterprise.objects.filter(pk=enterprise.pk).update(status=status, status_date=on)
    enterprise.refresh_from_db()


def authorise(enterprise: Enterprise, user: User, **extra: object) -> EnterpriseAuthorisation:
    return EnterpriseAuthorisation.objects.create(
        enterprise=enterprise,
        user=user,
        basis=EnterpriseAuthorisation.Basis.LEGAL_REPRESENTATIVE,
        **extra,
    )


@dataclass
class FilingRegister:
    on_time: Enterprise
    late: Enterprise
    no_report: Enterprise  # an individual business that never started one
    draft_only: Enterprise
    not_yet_due: Enterprise  # established after 31 December 2025
    left_before: Enterprise  # deregistered before the window opened: owes nothing
    left_during: Enterprise  # deregistered during the window, not filed: owed it
    other_year_only: Enterprise  # filed 2024, not 2025
    out_of_scope: Enterprise  # in Jiuyuan, not filed


def filing_register(bureau: dict[str, Unit]) -> FilingRegister:
    kundulun, jiuyuan = bureau["kundulun"], bureau["jiuyuan"]
    made = FilingRegister(
        on_time=register("包头市按时机械有限公司", kundulun, trade_name="按时"),
        late=register("包头市逾期商贸有限公司", kundulun, trade_name="逾期"),
        no_report=register(
            "昆都仑区未报小吃店",
            kundulun,
            trade_name="未报",
            enterprise_type=EnterpriseType.INDIVIDUAL_BUSINESS,
            established_on=date(2020, 6, 1),
        ),
        draft_only=register(
            "包头市草稿科技有限公司",
            kundulun,
            trade_name="草稿",
            established_on=date(2019, 4, 1),
        ),
        not_yet_due=register(
            "包头市新设科技有限公司",
            kundulun,
            trade_name="新设",
            established_on=date(2026, 2, 1),
        ),
        left_before=register("包头市早销商贸有限公司", kundulun, trade_name="早销"),
        left_during=register("包头市中销商贸有限公司", kundulun, trade_name="中销"),
        other_year_only=register("包头市去年建材有限公司", kundulun, trade_name="去年"),
        out_of_scope=register("包头市九原未报有限公司", jiuyuan, trade_name="九原未报"),
    )
    report(made.on_time, filed_on=date(2026, 3, 10))
    report(made.on_time, year=2024, filed_on=date(2025, 3, 10))
    report(made.late, filed_on=date(2026, 8, 3), late=True)
    report(made.draft_only, filed_on=None)
    report(made.other_year_only, year=2024, filed_on=date(2025, 5, 1))
    leave_register(made.left_before, EnterpriseStatus.DEREGISTERED, date(2025, 11, 1))
    leave_register(made.left_during, EnterpriseStatus.DEREGISTERED, date(2026, 3, 1))
    return made
