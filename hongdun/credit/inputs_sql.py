"""The classification inputs of every enterprise on the register as of a day, read set-based
(docs/rules/credit.md §3).

`inputs_as_of(day)` returns the enterprises' ids (ascending) and one numpy column per input field
(`hongdun.credit.engine.inputs.INPUT_FIELDS`, the stored columns of `Classification`). Each group
of columns is one SQL statement over one register (the enterprises with their last three annual
reports, the report corrections, the immediate disclosures, the two lists, the inspections, the
contributions, the register's change history, the people the enterprises share); each statement
is compiled by the ORM or written once for both SQLite and PostgreSQL, read through a raw cursor
and spread onto the enterprise columns with numpy. Nothing loops over enterprises in Python.

"As of day D" means what the records said at the end of D (China time): a report counts as filed
if it was first submitted by then, a listing is in force if it was listed on or before D and not
removed by D, and the windows of "the last N years" are the N years ending with D.

Who is classified: every enterprise established by D that was on the register on D, that is one
that is 存续 or 吊销 now, or that left the register (注销, 撤销登记, 迁出) after D.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
from django.conf import settings
from django.db import connection
from django.db.models import (
    Case,
    Count,
    DecimalField,
    FilteredRelation,
    FloatField,
    IntegerField,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast
from numpy.typing import NDArray

from hongdun.credit.engine.inputs import INPUT_FIELDS, dtype_of
from hongdun.disclosure.choices import VersionStatus
from hongdun.disclosure.engine.window import window
from hongdun.disclosure.models import AnnualReportVersion, ImmediateDisclosure
from hongdun.disclosure.progress import due_condition
from hongdun.disclosure.rules import window_rules
from hongdun.enterprises.choices import EnterpriseStatus
from hongdun.enterprises.models import Enterprise, EnterpriseContribution, EnterpriseInvestor
from hongdun.supervision.choices import InspectionResult, ListingStatus
from hongdun.supervision.models import AbnormalListing, InspectionTask, SeriousListing

# The windows of the indicators (docs/rules/credit.md §2): annual reports of the last three
# closed filing windows; late disclosures, listings and inspection findings of the last three
# years; address changes of the last two.
REPORT_WINDOWS = 3
RECENT_YEARS = 3
ADDRESS_YEARS = 2
# Inspection results that count as a finding against the enterprise.
INSPECTION_FINDINGS = (
    InspectionResult.PROBLEMS,
    InspectionResult.REFUSED,
    InspectionResult.NOT_FOUND,
)
# A listing that was once in force keeps its listing day, whether it is still listed or removed.
ONCE_LISTED = (ListingStatus.LISTED, ListingStatus.REMOVED)
ON_REGISTER = (EnterpriseStatus.ACTIVE, EnterpriseStatus.LICENCE_REVOKED)

Columns = dict[str, NDArray[Any]]


@dataclass(frozen=True)
class Period:
    """The day D and the bounds every statement compares with."""

    day: datetime.date
    # The first moment after D (China time): a timestamp counts if it is before it.
    end: datetime.datetime
    # The first day of the last RECENT_YEARS / ADDRESS_YEARS years ending with D.
    recent_from: datetime.date
    address_from: datetime.date
    # The report years of the last three filing windows closed by D, the latest last.
    report_years: tuple[int, ...]


def years_before(day: datetime.date, years: int) -> datetime.date:
    """The same day `years` earlier; 29 February without one becomes 28 February."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def closed_report_years(day: datetime.date, count: int = REPORT_WINDOWS) -> tuple[int, ...]:
    """The report years of the last `count` filing windows that closed before `day` (the
    disclosure rules' window: the report for Y is filed in Y + 1)."""
    rules = window_rules()
    latest = day.year - 1
    while window(latest, rules)[1] >= day:
        latest -= 1
    return tuple(range(latest - count + 1, latest + 1))


def period(day: datetime.date) -> Period:
    china = ZoneInfo(settings.TIME_ZONE)
    next_day = day + datetime.timedelta(days=1)
    return Period(
        day=day,
        end=datetime.datetime(next_day.year, next_day.month, next_day.day, tzinfo=china),
        recent_from=years_before(day, RECENT_YEARS) + datetime.timedelta(days=1),
        address_from=years_before(day, ADDRESS_YEARS) + datetime.timedelta(days=1),
        report_years=closed_report_years(day),
    )


# --- penalties (the enforcement register, issue 12) ----------------------------------------------


def penalty_counts(day: datetime.date) -> Mapping[int, int]:
    """Administrative penalties decided in the last three years by `day`, per enterprise id
    (only the enterprises with at least one). Hongdun keeps no penalty decisions yet: the
    enforcement register (issue 12) fills this with one grouped query over its decisions; until
    then every enterprise has none and the indicator adds nothing."""
    return {}


# --- the statements ------------------------------------------------------------------------------


def _run(queryset_or_sql: QuerySet[Any] | tuple[str, Sequence[Any]]) -> list[tuple[Any, ...]]:
    """The rows of a compiled queryset (read through a raw cursor, past the ORM's row objects and
    converters) or of a statement with its parameters."""
    if isinstance(queryset_or_sql, QuerySet):
        sql, params = _run_sql(queryset_or_sql)
    else:
        sql, params = queryset_or_sql[0], tuple(queryset_or_sql[1])
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))
        return list(cursor.fetchall())


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _date(value: datetime.date) -> Any:
    return connection.ops.adapt_datefield_value(value)


def _datetime(value: datetime.datetime) -> Any:
    return connection.ops.adapt_datetimefield_value(value)


def _on_register(day: datetime.date) -> Q:
    return Q(established_on__lte=day) & (
        Q(status__in=ON_REGISTER) | Q(status_date__isnull=False, status_date__gt=day)
    )


def _one_if(condition: Q) -> Case:
    return Case(When(condition, then=1), default=0, output_field=IntegerField())


def _register(p: Period) -> QuerySet[Any]:
    """The enterprises on the register on D with their establishment day, whether their licence
    was revoked by D, and the reports of the last three windows: due (disclosure's
    `due_condition`), missing by D (not first submitted by the end of D) and filed late."""
    rules = window_rules()
    relations: dict[str, Any] = {}
    due: list[Case] = []
    missing: list[Case] = []
    late: list[Case] = []
    for index, year in enumerate(p.report_years):
        alias = f"report_{index}"
        relations[alias] = FilteredRelation(
            "annual_reports", condition=Q(annual_reports__year=year)
        )
        owes = due_condition(year, rules)
        filed = Q(**{f"{alias}__first_submitted_at__lt": p.end})
        due.append(_one_if(owes))
        missing.append(_one_if(owes & ~filed))
        late.append(_one_if(owes & filed & Q(**{f"{alias}__filed_late": True})))
    return (
        Enterprise.objects.filter(_on_register(p.day))
        .annotate(**relations)
        .annotate(
            due=sum(due[1:], due[0]),
            missing=sum(missing[1:], missing[0]),
            late=sum(late[1:], late[0]),
            revoked=_one_if(Q(status=EnterpriseStatus.LICENCE_REVOKED, status_date__lte=p.day)),
        )
        .order_by()
        .values_list("pk", "established_on", "due", "missing", "late", "revoked")
    )


def _corrections(p: Period) -> QuerySet[Any]:
    """Per enterprise, the corrections of the reports of the last three windows submitted by the
    end of D: the submitted versions beyond each report's first. The first submitted version of
    a report is its version 1 (a draft given up is deleted and the next one numbered from the
    highest left), so they are the submitted versions numbered above 1, which the (report,
    number) index finds without reading the report's other versions."""
    return (
        AnnualReportVersion.objects.filter(
            report__year__in=p.report_years,
            number__gt=1,
            status=VersionStatus.SUBMITTED,
            submitted_at__lt=p.end,
        )
        .order_by()
        .values("report__enterprise_id")
        .annotate(n=Count("pk"))
        .values_list("report__enterprise_id", "n")
    )


def _immediate_late(p: Period) -> QuerySet[Any]:
    start = datetime.datetime.combine(p.recent_from, datetime.time(), tzinfo=p.end.tzinfo)
    return (
        ImmediateDisclosure.objects.filter(
            late=True, published_at__gte=start, published_at__lt=p.end
        )
        .order_by()
        .values("enterprise_id")
        .annotate(n=Count("pk"))
        .values_list("enterprise_id", "n")
    )


def _in_force(day: datetime.date) -> Q:
    return Q(status__in=ONCE_LISTED, listed_on__lte=day) & (
        Q(removed_on__isnull=True) | Q(removed_on__gt=day)
    )


def _abnormal(p: Period) -> QuerySet[Any]:
    """Listings of the last three years (any reason, removed since or not) and whether one is
    in force on D."""
    return (
        AbnormalListing.objects.filter(status__in=ONCE_LISTED, listed_on__lte=p.day)
        .order_by()
        .values("enterprise_id")
        .annotate(
            recent=Sum(_one_if(Q(listed_on__gte=p.recent_from))),
            in_force=Sum(_one_if(_in_force(p.day))),
        )
        .filter(Q(recent__gt=0) | Q(in_force__gt=0))
        .values_list("enterprise_id", "recent", "in_force")
    )


def _serious(p: Period) -> QuerySet[Any]:
    """Whether a serious listing is in force on D, and how many earlier ones were removed."""
    return (
        SeriousListing.objects.filter(status__in=ONCE_LISTED, listed_on__lte=p.day)
        .order_by()
        .values("enterprise_id")
        .annotate(
            in_force=Sum(_one_if(_in_force(p.day))),
            removed=Sum(_one_if(Q(removed_on__isnull=False, removed_on__lte=p.day))),
        )
        .values_list("enterprise_id", "in_force", "removed")
    )


def _inspections(p: Period) -> QuerySet[Any]:
    return (
        InspectionTask.objects.filter(
            result__in=INSPECTION_FINDINGS,
            inspected_on__gte=p.recent_from,
            inspected_on__lte=p.day,
            result_entered_at__lt=p.end,
        )
        .order_by()
        .values("enterprise_id")
        .annotate(n=Count("pk"))
        .values_list("enterprise_id", "n")
    )


def _contributions(p: Period) -> QuerySet[Any]:
    """Per enterprise with subscribed capital: the paid-in sum (what was paid by D, or with no
    payment day recorded) over the subscribed sum (subscribed amounts are positive, a
    constraint of the register)."""
    paid_by_day = Q(paid_on__isnull=True) | Q(paid_on__lte=p.day)
    paid = Sum(
        Case(
            When(paid_by_day, then="paid_amount"),
            default=Value(0),
            output_field=DecimalField(max_digits=18, decimal_places=2),
        )
    )
    return (
        EnterpriseContribution.objects.order_by()
        .values("investor__enterprise_id")
        .annotate(
            ratio=Cast(paid, FloatField()) / Cast(Sum("subscribed_amount"), FloatField()),
        )
        .values_list("investor__enterprise_id", "ratio")
    )


def _address_changes(p: Period) -> tuple[str, list[Any]]:
    """Versions of the register's history in the last two years whose address differs from the
    version before (of the enterprises with a version in those years)."""
    history = Enterprise.history.model
    table = _q(history._meta.db_table)
    start = datetime.datetime.combine(p.address_from, datetime.time(), tzinfo=p.end.tzinfo)
    sql = (
        "SELECT h.id, COUNT(*) FROM ("  # noqa: S608 (identifiers from the model's metadata)
        "SELECT id, history_date, address, LAG(address) OVER "
        "(PARTITION BY id ORDER BY history_date, history_id) AS previous "
        f"FROM {table} WHERE history_date < %s AND id IN "
        f"(SELECT id FROM {table} WHERE history_date >= %s AND history_date < %s)"
        ") h WHERE h.previous IS NOT NULL AND h.address <> h.previous AND h.history_date >= %s "
        "GROUP BY h.id"
    )
    end, begin = _datetime(p.end), _datetime(start)
    return sql, [end, begin, end, begin]


def _related_listed(p: Period) -> tuple[str, list[Any]]:
    """Per enterprise, the other enterprises on either list on D that share a person with it:
    its legal representative's or an investor's id number is their legal representative's or an
    investor's id number."""
    enterprise = _q(Enterprise._meta.db_table)
    investor = _q(EnterpriseInvestor._meta.db_table)
    abnormal_sql, abnormal_params = _run_sql(
        AbnormalListing.objects.filter(_in_force(p.day)).order_by().values("enterprise_id")
    )
    serious_sql, serious_params = _run_sql(
        SeriousListing.objects.filter(_in_force(p.day)).order_by().values("enterprise_id")
    )
    sql = (
        f"WITH listed AS ({abnormal_sql} UNION {serious_sql}), "  # noqa: S608
        "listed_people AS ("
        f"SELECT legal_rep_id_number AS person, id AS enterprise_id FROM {enterprise} "
        "WHERE id IN (SELECT enterprise_id FROM listed) AND legal_rep_id_number <> '' "
        f"UNION SELECT id_number, enterprise_id FROM {investor} "
        "WHERE enterprise_id IN (SELECT enterprise_id FROM listed) AND id_number <> ''), "
        "people AS ("
        f"SELECT legal_rep_id_number AS person, id AS enterprise_id FROM {enterprise} "
        "WHERE legal_rep_id_number IN (SELECT person FROM listed_people) "
        f"UNION SELECT id_number, enterprise_id FROM {investor} "
        "WHERE id_number IN (SELECT person FROM listed_people)) "
        "SELECT p.enterprise_id, COUNT(DISTINCT l.enterprise_id) FROM people p "
        "JOIN listed_people l ON l.person = p.person AND l.enterprise_id <> p.enterprise_id "
        "GROUP BY p.enterprise_id"
    )
    return sql, [*abnormal_params, *serious_params]


def _run_sql(queryset: QuerySet[Any]) -> tuple[str, tuple[Any, ...]]:
    sql, params = queryset.query.sql_with_params()
    return sql, tuple(params)


# --- assembling the columns ----------------------------------------------------------------------


def _positions(
    ids: NDArray[np.int64], keys: NDArray[np.int64]
) -> tuple[NDArray[Any], NDArray[Any]]:
    """Where each key sits in the sorted `ids`, and which keys are there at all (a statement may
    return enterprises that are not on the register on D)."""
    if not len(ids) or not len(keys):
        return np.zeros(0, dtype=np.int64), np.zeros(len(keys), dtype=bool)
    where = np.searchsorted(ids, keys)
    found = where < len(ids)
    found[found] = ids[where[found]] == keys[found]
    return where[found], found


def _spread(
    ids: NDArray[np.int64],
    columns: Columns,
    rows: Sequence[Sequence[Any]],
    fields: Sequence[str | None],
    convert: Callable[[NDArray[Any]], NDArray[Any]] | None = None,
) -> None:
    """Put the values of `rows` (enterprise id first, then one value per field; None skips a
    value) into the columns, at their enterprises' positions."""
    if not rows:
        return
    table = np.array(rows, dtype=object)
    keys = table[:, 0].astype(np.int64)
    where, found = _positions(ids, keys)
    for offset, name in enumerate(fields, start=1):
        if name is None:
            continue
        values = table[found, offset]
        column = columns[name]
        column[where] = convert(values) if convert else values.astype(column.dtype)


def _age_months(established: NDArray[Any], day: datetime.date) -> NDArray[np.int64]:
    """Whole months from establishment to `day` (0 for one established this month); the days
    come as dates (PostgreSQL) or ISO strings (SQLite)."""
    days = established.astype("datetime64[D]")
    months = days.astype("datetime64[M]")
    day_of_month = (days - months.astype("datetime64[D]")).astype(np.int64) + 1
    today = np.datetime64(day, "D")
    age = (today.astype("datetime64[M]") - months).astype(np.int64)
    age -= (day_of_month > day.day).astype(np.int64)
    return np.maximum(age, 0)


def inputs_as_of(day: datetime.date) -> tuple[NDArray[np.int64], Columns]:
    """The ids of the enterprises on the register on `day` (ascending) and their inputs, one
    numpy column per `INPUT_FIELDS` name (module docstring)."""
    p = period(day)
    register = np.array(_run(_register(p)), dtype=object).reshape(-1, 6)
    register = register[np.argsort(register[:, 0].astype(np.int64), kind="stable")]
    count = len(register)
    ids = register[:, 0].astype(np.int64)
    columns: Columns = {
        name: np.full(count, np.nan, dtype=np.float64)
        if dtype_of(name) is np.float64
        else np.zeros(count, dtype=dtype_of(name))
        for name in INPUT_FIELDS
    }
    if not count:
        return ids, columns
    columns["age_months"] = _age_months(register[:, 1], day)
    for offset, name in enumerate(("reports_due", "reports_missing", "reports_late"), start=2):
        columns[name] = register[:, offset].astype(np.int64)
    columns["licence_revoked"] = register[:, 5].astype(np.int64) > 0
    del register
    _spread(ids, columns, _run(_corrections(p)), ["report_corrections"])
    _spread(ids, columns, _run(_immediate_late(p)), ["immediate_late"])
    abnormal = _run(_abnormal(p))
    _spread(ids, columns, abnormal, ["abnormal_listings", None])
    _spread(
        ids,
        columns,
        abnormal,
        [None, "on_abnormal_list"],
        convert=lambda values: values.astype(np.int64) > 0,
    )
    serious = _run(_serious(p))
    _spread(
        ids,
        columns,
        serious,
        ["on_serious_list", None],
        convert=lambda values: values.astype(np.int64) > 0,
    )
    _spread(ids, columns, serious, [None, "serious_history"])
    penalties = sorted(penalty_counts(day).items())
    _spread(ids, columns, penalties, ["penalties"])
    _spread(ids, columns, _run(_inspections(p)), ["inspection_problems"])
    _spread(ids, columns, _run(_contributions(p)), ["paid_in_ratio"])
    _spread(ids, columns, _run(_address_changes(p)), ["address_changes"])
    _spread(ids, columns, _run(_related_listed(p)), ["related_listed"])
    return ids, columns
