"""The maintained tally of filing progress (docs/rules/disclosure.md §2.4).

Once a report year's window has opened, the set of enterprises that owe that year's report is
fixed: later registrations are established in a later year, and an enterprise that leaves the
register afterwards still owed it (`progress.due_condition`). No service moves an enterprise to
another authority or type. From then on only the first submission of a report changes the
counts, so `FilingTally` keeps them per (year, authority, type): built once by the exact grouped
query (`progress.progress_grouped`), then moved by one UPDATE in each first submission's
transaction. A status change dated before a window opened (a backdated revocation) or a
registration dated in a counted year re-counts the enterprise's own cell from the register.

`filing_tally_rebuild` replaces a year's tally; `filing_tallies_invalidate` drops every tally
after a bulk load that bypasses the services (the next read builds them again).
"""

from datetime import date

from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from hongdun.disclosure.engine.window import window
from hongdun.disclosure.models import AnnualReport, FilingTally, FilingTallyYear
from hongdun.disclosure.rules import window_rules
from hongdun.enterprises.choices import EnterpriseStatus
from hongdun.enterprises.hooks import EnterpriseChange
from hongdun.enterprises.models import Enterprise


def window_has_opened(year: int, today: date | None = None) -> bool:
    opens, _closes = window(year, window_rules())
    return (today or timezone.localdate()) >= opens


def _hold_filings() -> None:
    """Wait for the filings in flight and hold new ones until this transaction ends, so a count
    sees every filing that will not itself move the tally. PostgreSQL: a SHARE lock on the
    reports conflicts with every writer's lock. SQLite transactions are IMMEDIATE (one writer at
    a time), so the builder's transaction already excludes every other filing."""
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(AnnualReport._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {table} IN SHARE MODE")


def _count(year: int, **cell: object) -> list[FilingTally]:
    from hongdun.disclosure.progress import progress_grouped

    rows = progress_grouped(year=year, **cell)  # type: ignore[arg-type]
    return [
        FilingTally(
            year=year,
            authority_id=row["registration_authority_id"],
            enterprise_type=row["enterprise_type"],
            due=row["due"],
            filed_on_time=row["on_time"],
            filed_late=row["late"],
        )
        for row in rows
    ]


@transaction.atomic
def filing_tally_rebuild(year: int) -> int:
    """Count `year` again from the register with the grouped query and replace its tally, in
    one transaction; returns the number of cells."""
    FilingTallyYear.objects.get_or_create(year=year, defaults={"built_at": timezone.now()})
    FilingTallyYear.objects.select_for_update().filter(year=year).update(built_at=timezone.now())
    _hold_filings()
    FilingTally.objects.filter(year=year).delete()
    cells = FilingTally.objects.bulk_create(_count(year))
    return len(cells)


@transaction.atomic
def filing_tally_ensure(year: int) -> None:
    """Build `year`'s tally unless it exists. Two first readers at once: the second waits on the
    year's mark (unique) inserted by the first, finds it and builds nothing."""
    if FilingTallyYear.objects.filter(year=year).exists():
        return
    _mark, created = FilingTallyYear.objects.get_or_create(
        year=year, defaults={"built_at": timezone.now()}
    )
    if not created:
        return
    _hold_filings()
    FilingTally.objects.filter(year=year).delete()
    FilingTally.objects.bulk_create(_count(year))


def filing_tallies_invalidate() -> None:
    """Forget every tally (after a bulk load of reports or enterprises that bypassed the
    services); each year is built again the next time it is read."""
    with transaction.atomic():
        FilingTallyYear.objects.all().delete()
        FilingTally.objects.all().delete()


def tallied_years() -> list[int]:
    return list(FilingTallyYear.objects.values_list("year", flat=True))


def filing_tally_count(report: AnnualReport) -> None:
    """A report was submitted for the first time (called in the submission's transaction, after
    the report row is saved): add it to its cell, when its year is counted (else the build will
    count it)."""
    if not FilingTallyYear.objects.filter(year=report.year).exists():
        return
    enterprise = Enterprise.objects.only(
        "registration_authority_id", "enterprise_type", "established_on", "status", "status_date"
    ).get(pk=report.enterprise_id)
    if not _owes(enterprise, report.year):
        # e.g. a licence revoked (吊销) before the window opened: it may still file, but filing
        # progress does not count it as owing, and so neither as filed.
        return
    column = "filed_late" if report.filed_late else "filed_on_time"
    moved = FilingTally.objects.filter(
        year=report.year,
        authority_id=enterprise.registration_authority_id,
        enterprise_type=enterprise.enterprise_type,
    ).update(**{column: F(column) + 1})
    if not moved:  # a filer the build did not find due: count its cell from the register
        _recount_cell(report.year, enterprise)


def _owes(enterprise: Enterprise, year: int) -> bool:
    """`progress.due_condition` for one enterprise in hand."""
    opens, _closes = window(year, window_rules())
    return enterprise.established_on <= date(year, 12, 31) and (
        enterprise.status == EnterpriseStatus.ACTIVE
        or (enterprise.status_date is not None and enterprise.status_date >= opens)
    )


def _recount_cell(year: int, enterprise: Enterprise) -> None:
    _hold_filings()
    cell = Q(
        year=year,
        authority_id=enterprise.registration_authority_id,
        enterprise_type=enterprise.enterprise_type,
    )
    FilingTally.objects.filter(cell).delete()
    FilingTally.objects.bulk_create(
        _count(
            year,
            authority=enterprise.registration_authority_id,
            enterprise_type=enterprise.enterprise_type,
        )
    )


def tally_enterprise_changed(
    *,
    enterprise: Enterprise,
    change: EnterpriseChange,
    previous_name: str = "",
    effective_on: date | None = None,
) -> None:
    """Receiver of `enterprises.hooks.enterprise_changed`: keep the counted years exact when a
    registration or a status change reaches back into them. The usual changes (a registration
    established today, a departure dated today) reach no counted year and cost one query."""
    if change == "renamed":
        return
    years = tallied_years()
    if not years:
        return
    rules = window_rules()
    established = enterprise.established_on
    affected = []
    for year in years:
        if established > date(year, 12, 31):
            continue  # never owed it, before or after
        opens, _closes = window(year, rules)
        if (
            change == "registered"
            or effective_on is None
            or effective_on < opens
            or (change == "status" and _had_left_before(enterprise, opens))
        ):
            affected.append(year)
    for year in affected:
        _recount_cell(year, enterprise)


def _had_left_before(enterprise: Enterprise, opens: date) -> bool:
    """Had the enterprise already left the register before `opens` (a 吊销 followed now by
    注销 or 撤销登记 moves its status day, and with it whether it owed the year)?"""
    history = Enterprise.history.filter(id=enterprise.pk).exclude(status=EnterpriseStatus.ACTIVE)
    return bool(history.filter(status_date__lt=opens).exists())
