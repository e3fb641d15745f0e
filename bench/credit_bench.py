"""`make bench BENCH_SUITES=credit`: issue 11's monthly credit-risk reclassification at N
enterprises (default 1,000,000), on SQLite and PostgreSQL, on the disclosure suite's bench
databases.

Per backend it prepares (or reuses) the very database the disclosure suite uses
(`bench.disclosure_bench.prepare_sqlite` / `prepare_postgresql`: the register, five years of annual
reports, the supervision demo's lists and inspections), then in a subprocess with Django set up on
it measures

(a) the monthly reclassification, `hongdun.credit.services_runs.reclassify`: the inputs of every
    enterprise read as of the day (set-based), the engine, the bulk write of one row per enterprise
    with its stored inputs (what explanations and re-runs read) and the diff against the previous
    month with the reasons of each move. A baseline month is classified first (untimed) so that
    every timed run has a previous month to compare with; then one run per distinct month, each
    deleted after it was timed (the baseline last), so the database ends as it began;
(b) the re-run of the first timed month from its stored inputs (`rerun`), which must give the same
    classes and scores;
(c) next to them the per-enterprise ORM loop a developer would otherwise write (for each
    enterprise: the queries for its inputs, the engine on its one row, a save), over a random
    sample of --naive-limit enterprises in a rolled-back transaction, extrapolated to the register;
    on its sample it must give the same inputs and classes as the set-based run.

The summary prints the goal (issue 11: ≤ 60 s at 1M on each backend) as PASS or FAIL next to the
median. See bench/README.md.
"""

import argparse
import json
import random
import sys
import time
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.disclosure_bench import machine_lines, prepare_postgresql, prepare_sqlite  # noqa: E402
from bench.run import BENCH_DIR, PYTHON, django_env, load_average, log, stage, stream  # noqa: E402
from bench.stats import fmt_ms, fmt_ratio, ratio, summarize  # noqa: E402

GOAL_S = 60.0
MEASURE_TIMEOUT = 3 * 3600
QUICK_ENTERPRISES = 3_000
CHINA = ZoneInfo("Asia/Shanghai")


# --- measurement (child process, Django set up on the bench database) -----------------------------


def _month_before(month: date) -> date:
    return (month - timedelta(days=1)).replace(day=1)


def _free_months(count: int) -> list[date]:
    """`count` + 1 months without a classification, the latest the current month: the first is
    the baseline, the others are timed (oldest first)."""
    from hongdun.credit.models import ClassificationRun

    taken = set(ClassificationRun.objects.values_list("month", flat=True))
    months: list[date] = []
    month = datetime.now(CHINA).date().replace(day=1)
    while len(months) < count + 1:
        if month not in taken:
            months.append(month)
        month = _month_before(month)
    return sorted(months)


def _delete_run(run_id: int) -> float:
    """Remove a bench run, its classes and its audit entry; the seconds it took."""
    from django.db import connection, transaction

    from hongdun.core.models import AuditLog
    from hongdun.credit.models import Classification, ClassificationRun

    started = time.perf_counter()
    table = connection.ops.quote_name(Classification._meta.db_table)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE run_id = %s", [run_id])
        ClassificationRun.objects.filter(pk=run_id).delete()
        AuditLog.objects.filter(
            object_type="credit.classificationrun", object_id=str(run_id)
        ).delete()
    return time.perf_counter() - started


def _progress(started: float) -> Any:
    def say(text: str) -> None:
        log(f"    [{time.perf_counter() - started:7.1f}s] {text}")

    return say


def measure_runs(args: argparse.Namespace) -> dict[str, Any]:
    from hongdun.credit.choices import RunStatus
    from hongdun.credit.models import Classification, ClassificationRun
    from hongdun.credit.services_runs import reclassify, rerun

    out: dict[str, Any] = {}
    runs_before = ClassificationRun.objects.count()
    rows_before = Classification.objects.count()
    months = _free_months(args.runs)
    today = datetime.now(CHINA).date()
    baseline_month, timed_months = months[0], months[1:]

    def as_of(month: date) -> date:
        return today if month == today.replace(day=1) else month

    log(f"baseline month {baseline_month:%Y-%m} (untimed, the previous month of every timed run)")
    started = time.perf_counter()
    baseline = reclassify(baseline_month, as_of=as_of(baseline_month), progress=_progress(started))
    if baseline.status != RunStatus.SUCCEEDED:
        raise RuntimeError(f"the baseline run failed: {baseline.error}")
    log(f"  baseline {time.perf_counter() - started:,.1f}s, {baseline.counts}")

    wall: list[float] = []
    first: dict[str, Any] = {}
    deletes: list[float] = []
    for index, month in enumerate(timed_months):
        log(f"timed run {index + 1}/{len(timed_months)}: {month:%Y-%m} as of {as_of(month)}")
        started = time.perf_counter()
        run = reclassify(month, as_of=as_of(month), progress=_progress(started))
        elapsed = (time.perf_counter() - started) * 1000
        if run.status != RunStatus.SUCCEEDED:
            raise RuntimeError(f"the run of {month:%Y-%m} failed: {run.error}")
        wall.append(elapsed)
        moved = sum(run.moves.values())
        log(
            f"  reclassify {month:%Y-%m}: {elapsed / 1000:,.1f}s, {sum(run.counts.values()):,} "
            f"enterprises {run.counts}, {moved:,} moved since {baseline_month:%Y-%m}"
        )
        if index == 0:
            first = {
                "month": month.isoformat(),
                "as_of": run.as_of.isoformat(),
                "counts": run.counts,
                "moves": run.moves,
                "move_reasons": run.move_reasons,
            }
            started = time.perf_counter()
            report = rerun(run)
            first["rerun_ms"] = (time.perf_counter() - started) * 1000
            first["rerun_same"] = report.same
            first["rerun_compared"] = report.compared
            log(
                f"  rerun {month:%Y-%m} from its stored inputs: {first['rerun_ms'] / 1000:,.1f}s, "
                f"{report.identical:,} identical, {report.different:,} different"
            )
            out["naive"] = measure_naive(args, run)
        deletes.append(_delete_run(run.pk))
    deletes.append(_delete_run(baseline.pk))
    log(f"bench runs deleted ({', '.join(f'{s:,.1f}s' for s in deletes)})")
    out["wall"] = summarize(wall).as_dict()
    out["first"] = first
    out["left_untouched"] = (ClassificationRun.objects.count(), Classification.objects.count()) == (
        runs_before,
        rows_before,
    )
    return out


# --- the per-enterprise loop ----------------------------------------------------------------------


def _naive_inputs(enterprise: Any, day: date) -> dict[str, Any]:
    """One enterprise's inputs as a developer would read them: a query or two per indicator."""
    from django.db.models import Q

    from hongdun.credit.inputs_sql import (
        INSPECTION_FINDINGS,
        ONCE_LISTED,
        penalty_counts,
        period,
    )
    from hongdun.disclosure.choices import VersionStatus
    from hongdun.disclosure.engine.window import window
    from hongdun.disclosure.models import AnnualReport, AnnualReportVersion, ImmediateDisclosure
    from hongdun.disclosure.rules import window_rules
    from hongdun.enterprises.choices import EnterpriseStatus
    from hongdun.enterprises.models import EnterpriseContribution, EnterpriseInvestor
    from hongdun.supervision.models import AbnormalListing, InspectionTask, SeriousListing

    p = period(day)
    rules = window_rules()
    values: dict[str, Any] = {}
    established = enterprise.established_on
    age = (day.year - established.year) * 12 + day.month - established.month
    values["age_months"] = max(age - (established.day > day.day), 0)
    due = missing = late = 0
    for year in p.report_years:
        opens, _closes = window(year, rules)
        owes = established <= date(year, 12, 31) and (
            enterprise.status == EnterpriseStatus.ACTIVE
            or (enterprise.status_date is not None and enterprise.status_date >= opens)
        )
        if not owes:
            continue
        due += 1
        report = AnnualReport.objects.filter(enterprise_id=enterprise.pk, year=year).first()
        if (
            report is None
            or report.first_submitted_at is None
            or report.first_submitted_at >= p.end
        ):
            missing += 1
        elif report.filed_late:
            late += 1
    values.update(reports_due=due, reports_missing=missing, reports_late=late)
    corrections = 0
    for report in AnnualReport.objects.filter(enterprise_id=enterprise.pk, year__in=p.report_years):
        submitted = AnnualReportVersion.objects.filter(
            report=report, status=VersionStatus.SUBMITTED, submitted_at__lt=p.end
        ).count()
        corrections += max(submitted - 1, 0)
    values["report_corrections"] = corrections
    recent_start = datetime(
        p.recent_from.year, p.recent_from.month, p.recent_from.day, tzinfo=CHINA
    )
    values["immediate_late"] = ImmediateDisclosure.objects.filter(
        enterprise_id=enterprise.pk,
        late=True,
        published_at__gte=recent_start,
        published_at__lt=p.end,
    ).count()

    def in_force(model: Any, enterprise_id: int) -> bool:
        return (
            model.objects.filter(
                enterprise_id=enterprise_id, status__in=ONCE_LISTED, listed_on__lte=day
            )
            .filter(Q(removed_on__isnull=True) | Q(removed_on__gt=day))
            .exists()
        )

    values["abnormal_listings"] = AbnormalListing.objects.filter(
        enterprise_id=enterprise.pk,
        status__in=ONCE_LISTED,
        listed_on__gte=p.recent_from,
        listed_on__lte=day,
    ).count()
    values["on_abnormal_list"] = in_force(AbnormalListing, enterprise.pk)
    values["on_serious_list"] = in_force(SeriousListing, enterprise.pk)
    values["serious_history"] = SeriousListing.objects.filter(
        enterprise_id=enterprise.pk, status__in=ONCE_LISTED, listed_on__lte=day, removed_on__lte=day
    ).count()
    values["licence_revoked"] = (
        enterprise.status == EnterpriseStatus.LICENCE_REVOKED
        and enterprise.status_date is not None
        and enterprise.status_date <= day
    )
    values["penalties"] = penalty_counts(day).get(enterprise.pk, 0)
    values["inspection_problems"] = InspectionTask.objects.filter(
        enterprise_id=enterprise.pk,
        result__in=INSPECTION_FINDINGS,
        inspected_on__gte=p.recent_from,
        inspected_on__lte=day,
        result_entered_at__lt=p.end,
    ).count()
    paid = subscribed = 0.0
    for row in EnterpriseContribution.objects.filter(investor__enterprise_id=enterprise.pk):
        subscribed += float(row.subscribed_amount)
        if row.paid_on is None or row.paid_on <= day:
            paid += float(row.paid_amount)
    values["paid_in_ratio"] = paid / subscribed if subscribed else None
    address_from = datetime(
        p.address_from.year, p.address_from.month, p.address_from.day, tzinfo=CHINA
    )
    changes = 0
    previous = None
    for version in enterprise.history.filter(history_date__lt=p.end).order_by(
        "history_date", "history_id"
    ):
        if (
            previous is not None
            and version.address != previous
            and version.history_date >= address_from
        ):
            changes += 1
        previous = version.address
    values["address_changes"] = changes
    people = {enterprise.legal_rep_id_number} - {""}
    people |= set(
        EnterpriseInvestor.objects.filter(enterprise_id=enterprise.pk)
        .exclude(id_number="")
        .values_list("id_number", flat=True)
    )
    related: set[int] = set()
    if people:
        related |= set(
            type(enterprise)
            .objects.filter(legal_rep_id_number__in=people)
            .exclude(pk=enterprise.pk)
            .values_list("pk", flat=True)
        )
        related |= set(
            EnterpriseInvestor.objects.filter(id_number__in=people)
            .exclude(enterprise_id=enterprise.pk)
            .values_list("enterprise_id", flat=True)
        )
    values["related_listed"] = sum(
        1
        for other in related
        if in_force(AbnormalListing, other) or in_force(SeriousListing, other)
    )
    return values


def _same_inputs(stored: dict[str, Any] | None, loop: dict[str, Any]) -> bool:
    """The stored inputs equal the loop's (the paid-in ratio to rounding: the database divides
    its sums, the loop adds Python floats)."""
    if stored is None:
        return False
    for name, value in loop.items():
        mine = stored[name]
        if name == "paid_in_ratio" and value is not None and mine is not None:
            if abs(mine - value) > 1e-9:
                return False
        elif mine != value:
            return False
    return True


def measure_naive(args: argparse.Namespace, run: Any) -> dict[str, Any]:
    """The loop over a random sample, in a transaction rolled back; compared with `run`."""
    from django.db import transaction

    from hongdun.credit.choices import RunStatus
    from hongdun.credit.engine.classify import classify
    from hongdun.credit.engine.inputs import INPUT_FIELDS, one
    from hongdun.credit.inputs_sql import inputs_as_of
    from hongdun.credit.models import Classification, ClassificationRun
    from hongdun.credit.schemes import scheme_of

    ids, _columns = inputs_as_of(run.as_of)
    population = len(ids)
    rng = random.Random(args.seed)
    sample = sorted(rng.sample(ids.tolist(), min(args.naive_limit, population)))
    stored: dict[int, dict[str, Any]] = {
        row["enterprise_id"]: dict(row)
        for row in Classification.objects.filter(run=run, enterprise_id__in=sample).values()
    }
    from hongdun.enterprises.models import Enterprise

    scheme = scheme_of(run.scheme)
    agree = True
    mismatches: list[str] = []
    with transaction.atomic():
        naive_run = ClassificationRun.objects.create(
            month=date(1990, 1, 1),  # rolled back: only a row for the loop's results to point to
            as_of=run.as_of,
            scheme=run.scheme,
            status=RunStatus.FAILED,
        )
        started = time.perf_counter()
        for enterprise in Enterprise.objects.filter(pk__in=sample).order_by("pk").iterator(500):
            values = _naive_inputs(enterprise, run.as_of)
            result = classify(one(values), scheme)
            Classification(
                run=naive_run,
                enterprise=enterprise,
                risk_class=str(result.classes[0]),
                score=float(result.scores[0]),
                override=str(result.overrides[0]),
                **{name: values[name] for name in INPUT_FIELDS},
            ).save()
            mine = stored.get(enterprise.pk)
            theirs = {name: mine[name] for name in INPUT_FIELDS} if mine else None
            if not _same_inputs(theirs, values) or (
                mine is not None and mine["risk_class"] != str(result.classes[0])
            ):
                agree = False
                if len(mismatches) < 5:
                    mismatches.append(f"{enterprise.pk}: loop {values} vs set-based {theirs}")
        elapsed = (time.perf_counter() - started) * 1000
        transaction.set_rollback(True)
    scaled = elapsed * population / max(1, len(sample))
    log(
        f"  per-enterprise loop over {len(sample):,} of {population:,}: {elapsed / 1000:,.1f}s; "
        f"scaled to the register {scaled / 1000:,.0f}s; same inputs and classes: {agree}"
    )
    for line in mismatches:
        log(f"    !! {line}")
    return {
        "sample": len(sample),
        "population": population,
        "wall_ms": elapsed,
        "scaled_ms": scaled,
        "agree": agree,
    }


def measure(args: argparse.Namespace) -> dict[str, Any]:
    import django

    django.setup()
    from django.db import connection

    from hongdun.enterprises.models import Enterprise

    result: dict[str, Any] = {
        "backend": connection.vendor,
        "enterprises": Enterprise.objects.count(),
    }
    log(f"data: {result['enterprises']:,} enterprises; load average {load_average()}")
    result["runs"] = measure_runs(args)
    log(f"load average {load_average()}")
    return result


# --- main (parent process) ------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--enterprises", type=int, default=1_000_000, help="default 1,000,000")
    parser.add_argument(
        "--quick", action="store_true", help=f"smoke run: {QUICK_ENTERPRISES:,} enterprises"
    )
    parser.add_argument(
        "--backend", choices=("sqlite", "postgres", "both"), default="both", help="default both"
    )
    parser.add_argument(
        "--seed",
        type=int,
        default=20261207,
        help="data seed (the disclosure suite's, so its databases are reused) and sample seed",
    )
    parser.add_argument("--runs", type=int, default=3, help="timed monthly runs (3)")
    parser.add_argument(
        "--naive-limit",
        type=int,
        default=2_000,
        help="enterprises the per-enterprise loop runs over, scaled to the register (2,000)",
    )
    parser.add_argument(
        "--pg-url",
        default="postgres://postgres@127.0.0.1:5432/hd_bench",
        help="server and base name; the database used is <name>_<N> (the disclosure suite's)",
    )
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.quick and args.enterprises == 1_000_000:
        args.enterprises = QUICK_ENTERPRISES
    if args.runs < 1 or args.naive_limit < 1:
        parser.error("--runs and --naive-limit must be at least 1")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.measure:
        outcome = measure(args)
        if args.out:
            args.out.write_text(json.dumps(outcome, ensure_ascii=False), encoding="utf-8")
        return 0
    began = time.monotonic()
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    backends = ["sqlite", "postgres"] if args.backend == "both" else [args.backend]
    log("Hongdun credit benchmark: the monthly credit-risk reclassification")
    for line in machine_lines(args, backends):
        log("  " + line)
    results: dict[str, dict[str, Any]] = {}
    failures: list[str] = []
    for backend in backends:
        stage(f"prepare {backend} ({args.enterprises:,} enterprises, the disclosure suite's data)")
        try:
            if backend == "sqlite":
                url, label, seconds = prepare_sqlite(args.enterprises, args.seed)
            else:
                url, label, seconds = prepare_postgresql(args.pg_url, args.enterprises, args.seed)
        except Exception as error:
            failures.append(f"{backend}: preparation failed: {error}")
            log(f"!! {backend}: preparation failed: {error}")
            continue
        log(f"{backend}: {label} ready in {seconds:,.0f}s")
        stage(f"measure on {backend}")
        out = BENCH_DIR / f"credit-result-{backend}-{args.enterprises}.json"
        out.unlink(missing_ok=True)
        command = [
            PYTHON,
            str(Path(__file__)),
            "--measure",
            "--out",
            str(out),
            "--seed",
            str(args.seed),
            "--runs",
            str(args.runs),
            "--naive-limit",
            str(args.naive_limit),
        ]
        try:
            stream(command, django_env(url), MEASURE_TIMEOUT, prefix="")
            results[backend] = json.loads(out.read_text(encoding="utf-8"))
        except Exception as error:
            failures.append(f"{backend}: measurement failed: {error}")
            log(f"!! {backend}: measurement failed: {error}")
            continue
        results[backend]["label"] = label
        results[backend]["prepare_seconds"] = seconds
    summary(args, results, failures, time.monotonic() - began)
    return 1 if failures else 0


def summary(
    args: argparse.Namespace,
    results: dict[str, dict[str, Any]],
    failures: list[str],
    seconds: float,
) -> None:
    stage(f"SUMMARY: {args.enterprises:,} enterprises")
    goals: list[tuple[str, bool]] = []
    for backend, result in results.items():
        runs = result["runs"]
        wall = runs["wall"]
        naive = runs["naive"]
        first = runs["first"]
        log(
            f"  {backend}: {result['label']}, {result['enterprises']:,} enterprises "
            f"(prepared/checked in {result['prepare_seconds']:,.0f}s)"
        )
        log(
            f"    reclassify (inputs as of the day, engine, bulk write with stored inputs, diff "
            f"and reasons): median {fmt_ms(wall['p50'])} ms, max {fmt_ms(wall['max'])} ms "
            f"({wall['n']} months); classes {first['counts']}"
        )
        log(
            f"    per-enterprise ORM loop: {naive['sample']:,} enterprises in "
            f"{fmt_ms(naive['wall_ms'])} ms, extrapolated to {naive['population']:,}: "
            f"{fmt_ms(naive['scaled_ms'])} ms = {fmt_ratio(ratio(naive['scaled_ms'], wall['p50']))}"
            " the set-based median"
        )
        log(
            f"    re-run of {first['month'][:7]} from its stored inputs: "
            f"{fmt_ms(first['rerun_ms'])} ms, same classes and scores: {first['rerun_same']}"
        )
        goals.append(
            (
                f"{backend}: monthly reclassification median {fmt_ms(wall['p50'])} ms "
                f"<= {GOAL_S * 1000:,.0f} ms",
                wall["p50"] <= GOAL_S * 1000,
            )
        )
        goals.append(
            (
                f"{backend}: the loop gives the same inputs and classes on its "
                f"{naive['sample']:,} enterprises; the re-run the same classes; database left "
                "as it was",
                bool(naive["agree"] and first["rerun_same"] and runs["left_untouched"]),
            )
        )
    log("")
    log("  Goals:")
    for text, ok in goals:
        log(f"    [{'PASS' if ok else 'FAIL'}] {text}")
    for failure in failures:
        log(f"    [FAIL] {failure}")
    log(f"\n  total bench time {seconds / 60:,.1f} min")


if __name__ == "__main__":
    sys.exit(main())
