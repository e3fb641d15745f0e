"""Filing progress of annual reports (年报进度) and the enterprises that have not filed
(docs/rules/disclosure.md §2.4): selectors for the staff pages, the reminder job and the bench.

Who owes the report for year Y ("due"): an enterprise established on or before 31 December of Y
that was still in the register when the window for Y opened — its status is 存续 now, or it left
the register (注销, 吊销, 撤销登记, 迁出) on or after the window's first day. One that left
before the window opened owes nothing; one that left during the window still owed it.

Its status for Y: **filed on time** (a submitted report not marked late), **filed late** (a
submitted report marked late: filed after the window, or a late 补报 recorded by a supervisor),
or **not filed** (no report, or only a draft).

Everything here is set-based: the counts are one GROUP BY over the enterprises in reach with a
LEFT JOIN to that year's reports and conditional counts; the list is one anti-join. Nothing loops
over enterprises. Once a year's window has opened its counts are read from the maintained tally
(hongdun/disclosure/tally.py), which that GROUP BY builds and against which it is tested.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Exists, FilteredRelation, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import get_language

from hongdun.accounts.types import AnyUser
from hongdun.core.scope import restrict, units_in_reach
from hongdun.disclosure.engine.window import FilingState, WindowRules, deadline, window
from hongdun.disclosure.models import AnnualReport, FilingEnterprise, FilingTally, ReportReminder
from hongdun.disclosure.permissions import ANNUAL_REPORT
from hongdun.disclosure.rules import window_rules
from hongdun.enterprises.choices import EnterpriseStatus, EnterpriseType
from hongdun.orgs.models import Unit

# The first report year of the annual-report system (filed in 2014, [R6] in force 2014-10-01).
FIRST_REPORT_YEAR = 2013


def latest_open_year(today: date | None = None, rules: WindowRules | None = None) -> int:
    """The latest report year whose filing window has opened by `today` (China time)."""
    today = today or timezone.localdate()
    rules = rules or window_rules()
    opens, _closes = window(today.year - 1, rules)
    return today.year - 1 if today >= opens else today.year - 2


def open_window_year(today: date | None = None, rules: WindowRules | None = None) -> int | None:
    """The report year whose window is open on `today`, or None between windows."""
    today = today or timezone.localdate()
    rules = rules or window_rules()
    opens, closes = window(today.year - 1, rules)
    return today.year - 1 if opens <= today <= closes else None


def report_years(today: date | None = None) -> list[int]:
    """The report years a page may choose, the latest first."""
    return list(range(latest_open_year(today), FIRST_REPORT_YEAR - 1, -1))


def window_state(year: int, today: date | None = None) -> FilingState:
    today = today or timezone.localdate()
    opens, closes = window(year, window_rules())
    if today < opens:
        return FilingState.NOT_OPEN
    return FilingState.CLOSED if today > closes else FilingState.OPEN


def due_condition(year: int, rules: WindowRules | None = None) -> Q:
    """The enterprises that owe the report for `year` (module docstring), as a filter."""
    opens, _closes = window(year, rules or window_rules())
    return Q(established_on__lte=date(year, 12, 31)) & (
        Q(status=EnterpriseStatus.ACTIVE) | Q(status_date__gte=opens)
    )


def _filed(prefix: str = "") -> Q:
    return Q(**{f"{prefix}first_submitted_at__isnull": False})


def enterprises_due(
    *,
    user: AnyUser,
    year: int,
    authority: Unit | int | None = None,
    enterprise_type: str = "",
    established_from: date | None = None,
    established_to: date | None = None,
) -> QuerySet[FilingEnterprise]:
    """The enterprises in the user's reach (kind "disclosure.annualreport") that owe the report
    for `year`, narrowed by the filters."""
    qs = restrict(FilingEnterprise.objects.all(), user).filter(due_condition(year))
    if authority is not None:
        qs = qs.filter(registration_authority=authority)
    if enterprise_type:
        qs = qs.filter(enterprise_type=enterprise_type)
    if established_from is not None:
        qs = qs.filter(established_on__gte=established_from)
    if established_to is not None:
        qs = qs.filter(established_on__lte=established_to)
    return qs


@dataclass
class ProgressRow:
    """Counts for one group (an authority, a type, or the total)."""

    key: Any
    label: str
    due: int = 0
    on_time: int = 0
    late: int = 0

    @property
    def filed(self) -> int:
        return self.on_time + self.late

    @property
    def not_filed(self) -> int:
        return self.due - self.filed

    @property
    def rate(self) -> float | None:
        """Filed as a percentage of due, one decimal; None when nothing is due."""
        return round(100 * self.filed / self.due, 1) if self.due else None

    def add(self, due: int, on_time: int, late: int) -> None:
        self.due += due
        self.on_time += on_time
        self.late += late


@dataclass
class FilingProgress:
    year: int
    opens: date
    closes: date
    state: FilingState
    total: ProgressRow
    by_authority: list[ProgressRow] = field(default_factory=list)
    by_type: list[ProgressRow] = field(default_factory=list)


def _grouped(qs: QuerySet[FilingEnterprise], year: int) -> list[dict[str, Any]]:
    report = "report_of_year__"
    rows = (
        qs.annotate(
            report_of_year=FilteredRelation(
                "annual_reports", condition=Q(annual_reports__year=year)
            )
        )
        .order_by()
        .values("registration_authority_id", "enterprise_type")
        .annotate(
            due=Count("pk"),
            on_time=Count("pk", filter=_filed(report) & Q(report_of_year__filed_late=False)),
            late=Count("pk", filter=_filed(report) & Q(report_of_year__filed_late=True)),
        )
    )
    return [dict(row) for row in rows]


def progress_grouped(
    *, year: int, authority: Unit | int | None = None, enterprise_type: str = ""
) -> list[dict[str, Any]]:
    """The reference count over the whole register (no scope): one GROUP BY per (authority,
    type) of how many are due, filed on time and filed late. The tally is built from it.

    The LEFT JOIN carries the year in its ON clause (FilteredRelation), so each enterprise meets
    at most its one report of that year (unique per enterprise and year) and an enterprise that
    never started a report still counts as due."""
    qs = FilingEnterprise.objects.filter(due_condition(year))
    if authority is not None:
        qs = qs.filter(registration_authority=authority)
    if enterprise_type:
        qs = qs.filter(enterprise_type=enterprise_type)
    return _grouped(qs, year)


def progress_counts_grouped(
    *, user: AnyUser, year: int, authority: Unit | int | None = None
) -> list[dict[str, Any]]:
    """The grouped query over the enterprises in the user's reach, straight from the register
    (the years whose window has not opened, and the reference the tally is tested against)."""
    return _grouped(enterprises_due(user=user, year=year, authority=authority), year)


def progress_counts(
    *,
    user: AnyUser,
    year: int,
    authority: Unit | int | None = None,
    today: date | None = None,
) -> list[dict[str, Any]]:
    """Per (authority, type) in the user's reach: how many are due, filed on time and filed late.

    For a year whose window has opened these are the maintained tally's cells (built on the
    first read, hongdun/disclosure/tally.py), restricted by the same scope rule as the register;
    before that, the grouped query over the register."""
    from hongdun.disclosure.tally import filing_tally_ensure, window_has_opened

    if not window_has_opened(year, today):
        return progress_counts_grouped(user=user, year=year, authority=authority)
    filing_tally_ensure(year)
    cells = restrict(FilingTally.objects.filter(year=year), user)
    if authority is not None:
        cells = cells.filter(authority=authority)
    return [
        {
            "registration_authority_id": authority_id,
            "enterprise_type": enterprise_type,
            "due": due,
            "on_time": on_time,
            "late": late,
        }
        for authority_id, enterprise_type, due, on_time, late in cells.order_by().values_list(
            "authority_id", "enterprise_type", "due", "filed_on_time", "filed_late"
        )
        if due
    ]


def filing_progress(
    *,
    user: AnyUser,
    year: int | None = None,
    authority: Unit | int | None = None,
    today: date | None = None,
) -> FilingProgress:
    """Filing progress for `year` (default: the latest year whose window has opened) over the
    enterprises in the user's reach, by registration authority and by enterprise type."""
    today = today or timezone.localdate()
    year = year if year is not None else latest_open_year(today)
    opens, closes = window(year, window_rules())
    counts = progress_counts(user=user, year=year, authority=authority, today=today)
    authority_ids = {row["registration_authority_id"] for row in counts}
    units = {unit.pk: unit for unit in Unit.objects.filter(pk__in=authority_ids)}
    by_authority = {
        unit.pk: ProgressRow(key=unit.pk, label=unit.display_name(get_language() or ""))
        for unit in sorted(units.values(), key=lambda u: (u.ordering_key, u.code))
    }
    by_type = {
        value: ProgressRow(key=value, label=str(label)) for value, label in EnterpriseType.choices
    }
    total = ProgressRow(key=None, label="")
    for row in counts:
        numbers = (row["due"], row["on_time"], row["late"])
        by_authority[row["registration_authority_id"]].add(*numbers)
        by_type.setdefault(
            row["enterprise_type"], ProgressRow(key=row["enterprise_type"], label="")
        ).add(*numbers)
        total.add(*numbers)
    return FilingProgress(
        year=year,
        opens=opens,
        closes=closes,
        state=window_state(year, today),
        total=total,
        by_authority=list(by_authority.values()),
        by_type=[row for row in by_type.values() if row.due],
    )


def not_filed(
    *,
    user: AnyUser,
    year: int,
    authority: Unit | int | None = None,
    enterprise_type: str = "",
    established_from: date | None = None,
    established_to: date | None = None,
) -> QuerySet[FilingEnterprise]:
    """The enterprises in reach that owe the report for `year` and have not filed it (a draft is
    not a filing), with whether a draft exists and when they were reminded. Ordered by id, so
    a page of the list walks the register in key order and stops after a page's worth of rows
    instead of sorting every enterprise that has not filed."""
    reports = AnnualReport.objects.filter(enterprise=OuterRef("pk"), year=year)
    return (
        enterprises_due(
            user=user,
            year=year,
            authority=authority,
            enterprise_type=enterprise_type,
            established_from=established_from,
            established_to=established_to,
        )
        .filter(~Exists(reports.filter(_filed())))
        .annotate(
            has_draft=Exists(reports),
            reminded_at=Subquery(
                ReportReminder.objects.filter(enterprise=OuterRef("pk"), year=year).values(
                    "sent_at"
                )[:1]
            ),
        )
        .select_related("registration_authority")
        .order_by("id")
    )


def progress_authorities(*, user: AnyUser) -> QuerySet[Unit]:
    """The registration authorities whose enterprises' filing the user may follow."""
    return units_in_reach(user, ANNUAL_REPORT).filter(is_registration_authority=True)


def report_deadline(year: int) -> date:
    return deadline(year, window_rules())
