"""Five years of fictional annual reports for the demo register, written in bulk.

For every enterprise and each report year from today's year − 5 to today's year − 1 whose filing
window has opened (and not before the year of establishment, nor after the enterprise left the
register) the loader decides, with a random generator seeded by the seed and the enterprise's id:
about 88 % filed on time (most in the last weeks of the window), about 5 % late (补报, on paper or
online after the window, `filed_late`), the rest never filed (a quarter of them with a draft
left unsubmitted); about 4 % of the reports filed on time are corrected once (two submitted
versions); a few enterprises hide some section-7 figures; individual businesses file the short
form and a few of them keep the whole report non-public. Figures are plausible (assets =
liabilities + equity, except for a deliberate mismatch in about 2 %), contact details and the
operating status are filled in, shareholders' contributions are copied from the register's
investors (or, where the register has none, one row from the legal representative and the
registered capital), and a few enterprises report websites and investments.

Idempotent: a (enterprise, year) that already has a report is skipped, and each enterprise's
decisions depend only on the seed and its id, so a second run adds nothing. Everything is
fictional (names, phone numbers, web addresses under example.com).
"""

import random
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.models import Max

from hongdun.accounts.models import User
from hongdun.disclosure.choices import (
    Channel,
    OperatingStatus,
    ReportForm,
    VersionStatus,
    WebsiteKind,
)
from hongdun.disclosure.engine.window import WindowRules, window, years_due
from hongdun.disclosure.models import (
    SECTION_SEVEN_FIGURES,
    AnnualReport,
    AnnualReportVersion,
    ReportContribution,
    ReportEquityTransfer,
    ReportInvestment,
    ReportWebsite,
)
from hongdun.disclosure.rules import window_rules
from hongdun.disclosure.tally import filing_tallies_invalidate
from hongdun.enterprises.choices import ContributionForm, EnterpriseStatus, EnterpriseType
from hongdun.enterprises.models import Enterprise, EnterpriseContribution

CHINA = ZoneInfo("Asia/Shanghai")
YEARS_BACK = 5
ON_TIME = 0.88
LATE = 0.05  # the rest (≈ 7 %) never file
DRAFT_AMONG_NEVER = 0.25
CORRECTED = 0.04
HIDES_FIGURES = 0.08
MISMATCH = 0.02
INDIVIDUAL_NOT_PUBLIC = 0.08
WEBSITE = 0.06
INVESTMENTS = 0.03
EQUITY_TRANSFER = 0.02
# Figures an enterprise that hides some typically keeps to itself.
HIDDEN_CHOICES = (
    ("total_profit", "net_profit"),
    ("total_revenue", "main_business_revenue", "total_profit", "net_profit"),
    ("total_assets", "total_liabilities", "owners_equity"),
    ("total_tax",),
)
INDIVIDUAL_FIGURES = ("employees", "total_revenue", "total_tax")
WITHOUT_CONTRIBUTIONS = {EnterpriseType.BRANCH, EnterpriseType.INDIVIDUAL_BUSINESS}
_ENTERPRISE_FIELDS = (
    "id",
    "uscc",
    "name",
    "trade_name",
    "enterprise_type",
    "legal_rep_name",
    "registered_capital",
    "established_on",
    "address",
    "status",
    "status_date",
)


@dataclass(slots=True)
class _Batch:
    reports: list[AnnualReport] = field(default_factory=list)
    # Per report (same order): its versions, each with its child rows.
    versions: list[list[tuple[AnnualReportVersion, list[Any]]]] = field(default_factory=list)


def demo_reports_load(
    *,
    seed: int,
    today: date | None = None,
    rules: WindowRules | None = None,
    batch_size: int = 2_000,
    progress: Callable[[str, int, int], None] | None = None,
) -> int:
    """Add the demo's annual reports; returns how many reports were added."""
    today = today or datetime.now(CHINA).date()
    rules = rules or window_rules()
    years = range(today.year - YEARS_BACK, today.year)
    clerk = User.objects.filter(username="supervisor").values_list("id", flat=True).first()
    with_investors = EnterpriseContribution.objects.exists()
    total = Enterprise.objects.count()
    ids = Enterprise.objects.order_by("id").values_list("id", flat=True)
    bounds = list(ids[::batch_size]) if total else []
    done = added = 0
    for number, low in enumerate(bounds):
        high = bounds[number + 1] if number + 1 < len(bounds) else None
        rows = Enterprise.objects.filter(id__gte=low).order_by("id")
        if high is not None:
            rows = rows.filter(id__lt=high)
        enterprises = list(rows.values(*_ENTERPRISE_FIELDS))
        with transaction.atomic():
            added += _load_batch(
                enterprises,
                seed=seed,
                today=today,
                rules=rules,
                years=years,
                clerk=clerk,
                with_investors=with_investors,
            )
        done += len(enterprises)
        if progress:
            progress("annual reports (enterprises)", done, total)
    _sequences_reset()
    if added:  # written around the filing services: the progress tallies are counted again
        filing_tallies_invalidate()
    return added


def _load_batch(
    enterprises: list[dict[str, Any]],
    *,
    seed: int,
    today: date,
    rules: WindowRules,
    years: range,
    clerk: int | None,
    with_investors: bool,
) -> int:
    if not enterprises:
        return 0
    low, high = enterprises[0]["id"], enterprises[-1]["id"]
    existing = set(
        AnnualReport.objects.filter(enterprise_id__gte=low, enterprise_id__lte=high).values_list(
            "enterprise_id", "year"
        )
    )
    investors = _investors(low, high) if with_investors else {}
    batch = _Batch()
    for enterprise in enterprises:
        _plan_enterprise(
            batch,
            enterprise,
            rng=random.Random(seed * 2_000_003 + enterprise["id"]),
            today=today,
            rules=rules,
            years=years,
            existing=existing,
            clerk=clerk,
            investors=investors.get(enterprise["id"]),
            neighbours=enterprises,
        )
    if not batch.reports:
        return 0
    # Ids are given here, so that the reports can name their current version (the last one
    # submitted) in the same insert: the foreign keys are checked at commit.
    next_id = {model: _max_id(model) + 1 for model in _MODELS}
    versions: list[AnnualReportVersion] = []
    children: dict[type[models.Model], list[Any]] = defaultdict(list)
    for report, report_versions in zip(batch.reports, batch.versions, strict=True):
        report.pk = next_id[AnnualReport]
        next_id[AnnualReport] += 1
        for version, rows in report_versions:
            version.pk = next_id[AnnualReportVersion]
            next_id[AnnualReportVersion] += 1
            version.report_id = report.pk
            versions.append(version)
            if version.status == VersionStatus.SUBMITTED:
                report.current_version_id = version.pk
            for row in rows:
                row.pk = next_id[type(row)]
                next_id[type(row)] += 1
                row.version_id = version.pk
                children[type(row)].append(row)
    _insert(AnnualReport, batch.reports)
    _insert(AnnualReportVersion, versions)
    for model, rows in children.items():
        _insert(model, rows)
    return len(batch.reports)


_MODELS: tuple[type[models.Model], ...] = (
    AnnualReport,
    AnnualReportVersion,
    ReportContribution,
    ReportInvestment,
    ReportEquityTransfer,
    ReportWebsite,
)


def _max_id(model: type[models.Model]) -> int:
    return model._default_manager.aggregate(top=Max("pk"))["top"] or 0


def _insert(model: type[models.Model], rows: list[Any]) -> None:
    """INSERT the rows with one executemany: the values are adapted once per column kind,
    which is most of what bulk_create spends its time on for wide rows."""
    fields = list(model._meta.concrete_fields)
    stamp = connection.ops.adapt_datetimefield_value(datetime.now(CHINA))
    convert: list[Callable[[Any], Any]] = []
    for f in fields:
        if isinstance(f, models.DateTimeField) and (f.auto_now or f.auto_now_add):
            convert.append(lambda _v: stamp)
        elif isinstance(f, models.DateTimeField):
            convert.append(connection.ops.adapt_datetimefield_value)
        elif isinstance(f, models.DateField):
            convert.append(connection.ops.adapt_datefield_value)
        elif isinstance(f, models.JSONField):
            convert.append(lambda v, f=f: f.get_db_prep_save(v, connection))  # type: ignore[misc]
        else:
            convert.append(lambda v: v)
    names = [f.attname for f in fields]
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(str(f.column)) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608 - quoted metadata
    values = [
        tuple(c(getattr(row, n)) for c, n in zip(convert, names, strict=True)) for row in rows
    ]
    with connection.cursor() as cursor:
        for start in range(0, len(values), 5_000):
            cursor.executemany(sql, values[start : start + 5_000])


def _sequences_reset() -> None:
    """After inserting with explicit ids, PostgreSQL's sequences must move past them."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(_MODELS))
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


def _investors(low: int, high: int) -> dict[int, list[tuple[Any, ...]]]:
    """The register's contributions of the batch's enterprises, by enterprise id."""
    found: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    rows = (
        EnterpriseContribution.objects.filter(
            investor__enterprise_id__gte=low, investor__enterprise_id__lte=high
        )
        .order_by("investor__enterprise_id", "investor__position", "investor_id", "id")
        .values_list(
            "investor__enterprise_id",
            "investor__name",
            "subscribed_amount",
            "form",
            "subscribed_due",
            "paid_amount",
            "paid_on",
        )
    )
    for enterprise_id, *row in rows:
        found[enterprise_id].append(tuple(row))
    return found


def _moment(day: date, rng: random.Random) -> datetime:
    """A time of day in office hours on `day`, China time."""
    return datetime.combine(day, time(8, 30), tzinfo=CHINA) + timedelta(
        seconds=rng.randrange(0, 9 * 3600)
    )


def _money(value: float) -> Decimal:
    return Decimal(f"{value:.2f}")


@dataclass(slots=True)
class _Profile:
    """What stays the same across an enterprise's reports."""

    phone: str
    email: str
    postal_code: str
    employees: float
    assets_per_employee: float
    growth: float
    hides: tuple[str, ...]
    website: tuple[str, str, str] | None
    investments: list[tuple[str, str]]
    individual_public: bool


def _profile(
    rng: random.Random, enterprise: dict[str, Any], neighbours: list[dict[str, Any]]
) -> _Profile:
    etype = enterprise["enterprise_type"]
    employees = 1 + rng.lognormvariate(1.4, 1.0) * (8 if etype == EnterpriseType.JSC else 1)
    website: tuple[str, str, str] | None = None
    if rng.random() < WEBSITE:
        if rng.random() < 0.5:
            website = (
                WebsiteKind.WEBSITE,
                f"{enterprise['trade_name'] or enterprise['name'][:4]}官网",
                f"https://e{enterprise['id']}.example.com/",
            )
        else:
            website = (
                WebsiteKind.ONLINE_SHOP,
                f"{enterprise['trade_name'] or enterprise['name'][:4]}旗舰店",
                f"https://shop.example.com/{enterprise['uscc']}",
            )
    investments: list[tuple[str, str]] = []
    # Its own generator: how many draws picking among the neighbours takes depends on the batch.
    picker = random.Random(rng.random())
    if etype not in WITHOUT_CONTRIBUTIONS and rng.random() < INVESTMENTS:
        for other in picker.sample(neighbours, k=min(len(neighbours), picker.randint(1, 2))):
            if other["id"] != enterprise["id"]:
                investments.append((other["name"], other["uscc"]))
    return _Profile(
        phone=f"0472-{rng.randrange(2_000_000, 8_000_000)}"
        if rng.random() < 0.6
        else f"1{rng.choice('3578')}{rng.randrange(0, 10**9):09d}",
        email=f"contact{enterprise['id']}@example.com" if rng.random() < 0.55 else "",
        postal_code=f"0140{rng.randrange(10, 80)}",
        employees=employees,
        assets_per_employee=rng.uniform(60_000, 600_000),
        growth=rng.uniform(-0.08, 0.18),
        hides=rng.choice(HIDDEN_CHOICES) if rng.random() < HIDES_FIGURES else (),
        website=website,
        investments=investments,
        individual_public=rng.random() >= INDIVIDUAL_NOT_PUBLIC,
    )


def _plan_enterprise(
    batch: _Batch,
    enterprise: dict[str, Any],
    *,
    rng: random.Random,
    today: date,
    rules: WindowRules,
    years: range,
    existing: set[tuple[int, int]],
    clerk: int | None,
    investors: list[tuple[Any, ...]] | None,
    neighbours: list[dict[str, Any]],
) -> None:
    profile = _profile(rng, enterprise, neighbours)
    established: date = enterprise["established_on"]
    left_on: date | None = (
        enterprise["status_date"] if enterprise["status"] != EnterpriseStatus.ACTIVE else None
    )
    due = years_due(established_on=established, today=today, rules=rules)
    for year in years:
        if year not in due:
            continue
        # Every draw happens whatever is skipped below, so the decisions stay the same however
        # many years already exist.
        roll, draft, figures_rng = rng.random(), rng.random(), random.Random(rng.random())
        opens, closes = window(year, rules)
        if roll < ON_TIME:
            span = (closes - opens).days
            filed_on: date | None = opens + timedelta(days=int(span * (1 - rng.random() ** 2.5)))
            late = False
        elif roll < ON_TIME + LATE:
            filed_on = closes + timedelta(days=1 + int(400 * rng.random() ** 2))
            late = True
        else:
            filed_on, late = None, False
        if (enterprise["id"], year) in existing:
            continue
        if left_on is not None and (year >= left_on.year or (filed_on and filed_on > left_on)):
            continue
        if filed_on is not None and filed_on > today:
            continue  # not yet: the window is still open, or the late filing is still to come
        if filed_on is None and draft >= DRAFT_AMONG_NEVER:
            continue
        _plan_report(
            batch,
            enterprise,
            profile,
            rng=figures_rng,
            year=year,
            filed_on=filed_on,
            late=late,
            today=today,
            rules=rules,
            clerk=clerk,
            investors=investors,
            last_year=left_on is not None and year == left_on.year - 1,
        )


def _plan_report(
    batch: _Batch,
    enterprise: dict[str, Any],
    profile: _Profile,
    *,
    rng: random.Random,
    year: int,
    filed_on: date | None,
    late: bool,
    today: date,
    rules: WindowRules,
    clerk: int | None,
    investors: list[tuple[Any, ...]] | None,
    last_year: bool,
) -> None:
    individual = enterprise["enterprise_type"] == EnterpriseType.INDIVIDUAL_BUSINESS
    report = AnnualReport(
        enterprise_id=enterprise["id"],
        year=year,
        form=ReportForm.INDIVIDUAL_BUSINESS if individual else ReportForm.ENTERPRISE,
        filed_late=late and filed_on is not None,
        whole_report_public=profile.individual_public if individual else True,
    )
    base = _version(enterprise, profile, rng=rng, year=year, investors=investors, last=last_year)
    base_version = base[0]
    versions: list[tuple[AnnualReportVersion, list[Any]]] = []
    if filed_on is None:
        base_version.status = VersionStatus.DRAFT
        versions.append(base)
    else:
        submitted_at = _moment(filed_on, rng)
        report.first_submitted_at = submitted_at
        base_version.status = VersionStatus.SUBMITTED
        base_version.submitted_at = submitted_at
        paper = late and rng.random() < 0.5
        base_version.channel = Channel.PAPER if paper else Channel.ONLINE
        base_version.submitted_by_id = clerk if paper else None
        versions.append(base)
        last_day = min(today, date(year + 1, *rules.corrections_until))
        if not late and rng.random() < CORRECTED and last_day > filed_on:
            corrected_on = filed_on + timedelta(days=rng.randint(1, (last_day - filed_on).days))
            versions.append(_correction(base, rng=rng, at=_moment(corrected_on, rng)))
    batch.reports.append(report)
    batch.versions.append(versions)


def _version(
    enterprise: dict[str, Any],
    profile: _Profile,
    *,
    rng: random.Random,
    year: int,
    investors: list[tuple[Any, ...]] | None,
    last: bool,
) -> tuple[AnnualReportVersion, list[Any]]:
    etype = enterprise["enterprise_type"]
    individual = etype == EnterpriseType.INDIVIDUAL_BUSINESS
    scale = (1 + profile.growth) ** (year - enterprise["established_on"].year)
    employees = max(1, round(profile.employees * scale * rng.uniform(0.9, 1.1)))
    status = OperatingStatus.OPERATING
    if last:
        status = OperatingStatus.LIQUIDATING
    elif rng.random() < 0.02:
        status = OperatingStatus.SUSPENDED
    version = AnnualReportVersion(
        number=1,
        address=enterprise["address"],
        postal_code=profile.postal_code,
        phone=profile.phone,
        email=profile.email,
        operating_status=status,
        employees=employees,
    )
    children: list[Any] = []
    revenue = employees * profile.assets_per_employee * rng.uniform(0.3, 1.8)
    tax = revenue * rng.uniform(0.005, 0.06)
    if individual:
        capital = enterprise["registered_capital"]
        version.capital_amount = capital
        version.total_revenue = _money(revenue)
        version.total_tax = _money(tax)
        version.public_figures = list(INDIVIDUAL_FIGURES)
    else:
        assets = employees * profile.assets_per_employee * rng.uniform(0.85, 1.15)
        ratio = rng.uniform(0.1, 0.9) if rng.random() > 0.04 else rng.uniform(1.0, 1.3)
        liabilities = assets * ratio
        equity = assets - liabilities
        if rng.random() < MISMATCH:
            equity *= rng.choice((0.9, 1.1, 10))  # a slip the checks warn about
        profit = revenue * rng.uniform(-0.08, 0.14)
        version.total_assets = _money(assets)
        version.total_liabilities = _money(liabilities)
        version.owners_equity = _money(equity)
        version.total_revenue = _money(revenue)
        version.main_business_revenue = _money(revenue * rng.uniform(0.75, 1.0))
        version.total_profit = _money(profit)
        version.net_profit = _money(profit * 0.75 if profit > 0 else profit)
        version.total_tax = _money(tax)
        version.has_guarantees = rng.random() < 0.03
        version.guarantees_amount = (
            _money(assets * rng.uniform(0.05, 0.3)) if version.has_guarantees else Decimal(0)
        )
        version.public_figures = [f for f in SECTION_SEVEN_FIGURES if f not in profile.hides]
        if etype not in WITHOUT_CONTRIBUTIONS:
            children.extend(_contributions(enterprise, year=year, investors=investors))
    if profile.website:
        kind, name, url = profile.website
        version.has_website = True
        children.append(ReportWebsite(position=1, kind=kind, name=name, url=url))
    if profile.investments:
        version.has_investments = True
        children.extend(
            ReportInvestment(position=n, enterprise_name=name, uscc=code)
            for n, (name, code) in enumerate(profile.investments, start=1)
        )
    contributions = [c for c in children if isinstance(c, ReportContribution)]
    if etype == EnterpriseType.LLC and contributions and rng.random() < EQUITY_TRANSFER:
        before = 100 if len(contributions) == 1 else rng.choice((10, 20, 30, 40))
        version.has_equity_transfer = True
        children.append(
            ReportEquityTransfer(
                position=1,
                shareholder_name=contributions[0].investor_name,
                ratio_before=Decimal(before),
                ratio_after=Decimal(
                    before - 10 if before == 100 else before + rng.choice((-10, 10))
                ),
                changed_on=date(year, rng.randint(1, 12), rng.randint(1, 28)),
            )
        )
    return version, children


def _contributions(
    enterprise: dict[str, Any], *, year: int, investors: list[tuple[Any, ...]] | None
) -> list[ReportContribution]:
    """The shareholders' contributions as of the end of the report year."""
    year_end = date(year, 12, 31)
    if investors:
        rows = []
        for position, (name, subscribed, form, due, paid, paid_on) in enumerate(investors, 1):
            paid_then = paid if paid_on is None or paid_on <= year_end else Decimal(0)
            rows.append(
                ReportContribution(
                    position=position,
                    investor_name=name,
                    subscribed_amount=subscribed,
                    subscribed_on=due,
                    subscribed_form=form,
                    paid_amount=paid_then,
                    paid_on=paid_on if paid_then else None,
                    paid_form=form if paid_then else "",
                )
            )
        return rows
    capital = enterprise["registered_capital"]
    if not capital:
        return []
    established: date = enterprise["established_on"]
    # Paid in at establishment for the older half, by instalments otherwise (fictional).
    paid = capital if established.day % 2 else Decimal(0)
    return [
        ReportContribution(
            position=1,
            investor_name=enterprise["legal_rep_name"],
            subscribed_amount=capital,
            subscribed_on=established + timedelta(days=5 * 365),
            subscribed_form=ContributionForm.MONEY,
            paid_amount=paid,
            paid_on=established if paid else None,
            paid_form=ContributionForm.MONEY if paid else "",
        )
    ]


def _correction(
    base: tuple[AnnualReportVersion, list[Any]], *, rng: random.Random, at: datetime
) -> tuple[AnnualReportVersion, list[Any]]:
    """A second submitted version: the same report with a figure and a contact detail fixed."""
    first, children = base
    second = AnnualReportVersion(
        **{
            f.attname: getattr(first, f.attname)
            for f in AnnualReportVersion._meta.concrete_fields
            if not f.primary_key and f.attname not in ("created_at", "updated_at")
        }
    )
    second.number = 2
    second.submitted_at = at
    second.correction_note = rng.choice(
        ("更正从业人数。", "更正联系电话。", "更正资产负债数据。", "补充网站信息。")
    )
    second.employees = (first.employees or 1) + rng.randint(1, 5)
    second.public_figures = list(first.public_figures)
    copies = []
    for row in children:
        copy = type(row)(
            **{
                f.attname: getattr(row, f.attname)
                for f in type(row)._meta.concrete_fields
                if not f.primary_key and f.attname != "version_id"
            }
        )
        copies.append(copy)
    return second, copies
