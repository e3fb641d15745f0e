"""`make bench BENCH_SUITES=supervision`: issue 10's supervision wing at N enterprises (default
1,000,000), on SQLite and PostgreSQL, on the disclosure suite's bench databases.

Per backend it prepares (or reuses) the very database the disclosure suite uses
(`bench.disclosure_bench.prepare_sqlite` / `prepare_postgresql`: the register and five years of
annual reports), then in a subprocess with Django set up on it measures

(a) the 1 July proposal for the last closed report year: `july_proposals(day=, run=,
    commit=True)`, the set-based pass, in transactions that are rolled back (the database stays
    reusable), next to the per-enterprise ORM loop a developer would otherwise write, run over one
    registration authority of about --naive-limit enterprises and scaled to the city; on that
    authority both must propose exactly the same enterprises;
(b) a random-inspection draw over the whole city (3 %, 5 % for one enterprise type): the population
    read (`population(plan)`) and the engine (`draw_sample` + `assign_inspectors`, a generated
    roster of 200 inspectors with conflicts) timed apart; the same seed must give the same draw,
    another seed another.

The summary prints the goals (issue 10) next to the results. See bench/README.md.
"""

import argparse
import random
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.disclosure_bench import machine_lines, prepare  # noqa: E402
from bench.run import (  # noqa: E402
    BENCH_DIR,
    failed,
    load_average,
    log,
    log_goals,
    measure_in_child,
    stage,
    write_outcome,
)
from bench.stats import fmt_ms, fmt_ratio, ratio, summarize  # noqa: E402

GOAL_JULY_S = 10.0
GOAL_DRAW_S = 1.0
MEASURE_TIMEOUT = 3 * 3600
QUICK_ENTERPRISES = 3_000
CHINA = ZoneInfo("Asia/Shanghai")
BASE_RATIO = Decimal("0.03")
GROUP_RATIO = Decimal("0.05")
INSPECTORS = 200
RELATIONS_PER_INSPECTOR = 20


# --- measurement (child process, Django set up on the bench database) -----------------------------


def _proposal_day(today: date) -> date:
    """The proposal day of the last report year whose filing window has closed by `today`."""
    from hongdun.supervision.engine.deadlines import proposal_day
    from hongdun.supervision.rules import supervision_rules

    rules = supervision_rules()
    this_year = proposal_day(rules, today.year)
    return this_year if today >= this_year else proposal_day(rules, today.year - 1)


def _rolled_back(call: Callable[[], Any]) -> Any:
    """`call()` inside a transaction that is rolled back afterwards; its return value."""
    from django.db import transaction

    with transaction.atomic():
        outcome = call()
        transaction.set_rollback(True)
    return outcome


def measure_july(args: argparse.Namespace, day: date) -> dict[str, Any]:
    from django.db.models import Count

    from hongdun.enterprises.models import Enterprise
    from hongdun.supervision.choices import JobName
    from hongdun.supervision.jobs import july_candidates, july_proposals
    from hongdun.supervision.models import AbnormalListing, ScheduledRun
    from hongdun.supervision.services_abnormal import LISTABLE_STATUSES

    report_year = day.year - 1
    out: dict[str, Any] = {"day": day.isoformat(), "report_year": report_year}
    listings_before = AbnormalListing.objects.count()
    history_before = AbnormalListing.history.model.objects.count()
    runs_before = ScheduledRun.objects.count()
    w = time.perf_counter()
    candidates = july_candidates(report_year).count()
    out["candidates"] = candidates
    out["count_ms"] = (time.perf_counter() - w) * 1000
    log(
        f"1 July proposal of {day} (report year {report_year}): {candidates:,} candidates "
        f"(july_candidates().count() {fmt_ms(out['count_ms'])} ms); "
        f"{listings_before:,} abnormal-list entries in the database"
    )

    # The slice the naive loop runs on: the whole city, or the authority whose listable
    # enterprises are nearest --naive-limit.
    listable = Enterprise.objects.filter(status__in=LISTABLE_STATUSES)
    city = listable.count()
    authority = None
    if city > args.naive_limit:
        sizes = dict(
            listable.order_by()
            .values_list("registration_authority_id")
            .annotate(n=Count("id"))
            .values_list("registration_authority_id", "n")
        )
        authority = min(sizes, key=lambda unit: (abs(sizes[unit] - args.naive_limit), unit))

    def set_based() -> tuple[dict[str, int], float, set[int]]:
        run = ScheduledRun.objects.create(job=JobName.JULY_PROPOSALS, run_date=day, committed=True)
        started = time.perf_counter()
        counts = july_proposals(day=day, run=run, commit=True)
        elapsed = (time.perf_counter() - started) * 1000
        mine = AbnormalListing.objects.filter(proposed_by_run=run)
        if authority is not None:
            mine = mine.filter(authority_id=authority)
        return counts, elapsed, set(mine.values_list("enterprise_id", flat=True))

    wall: list[float] = []
    proposed: set[int] = set()
    counts: dict[str, int] = {}
    for index in range(args.runs):
        counts, elapsed, ids = _rolled_back(set_based)
        wall.append(elapsed)
        if index == 0:
            proposed = ids
        log(f"  july_proposals run {index + 1}: {fmt_ms(elapsed)} ms, {counts}")
    out["set_based"] = {"wall": summarize(wall).as_dict(), "counts": counts}
    if counts.get("already_run"):
        log("!! a committed 1 July run of this year is in the database: nothing was proposed")

    # The baseline: one enterprise at a time.
    subset = listable if authority is None else listable.filter(registration_authority_id=authority)
    slice_size = subset.count()

    def naive() -> tuple[int, float, float, set[int]]:
        run = ScheduledRun.objects.create(job=JobName.JULY_PROPOSALS, run_date=day, committed=True)
        w, c = time.perf_counter(), time.process_time()
        created = _naive_july(subset, report_year, run)
        return (
            created,
            (time.perf_counter() - w) * 1000,
            (time.process_time() - c) * 1000,
            set(
                AbnormalListing.objects.filter(proposed_by_run=run).values_list(
                    "enterprise_id", flat=True
                )
            ),
        )

    created, naive_ms, naive_cpu, naive_ids = _rolled_back(naive)
    scale = city / max(1, slice_size)
    out["naive"] = {
        "authority": authority,
        "enterprises": slice_size,
        "city": city,
        "created": created,
        "wall_ms": naive_ms,
        "cpu_ms": naive_cpu,
        "city_wall_ms": naive_ms * scale,
        "extrapolated": authority is not None,
    }
    out["agree"] = naive_ids == proposed
    out["slice_proposed"] = len(proposed)
    where = f"authority {authority}" if authority is not None else "the whole city"
    log(
        f"naive loop over {slice_size:,} listable enterprises ({where}): {fmt_ms(naive_ms)} ms, "
        f"{created:,} proposed"
        + (
            f"; scaled to the city's {city:,}: {naive_ms * scale / 1000:,.1f} s"
            if authority is not None
            else ""
        )
    )
    log(
        f"same enterprises as the set-based pass on that slice: {out['agree']} "
        f"({len(naive_ids):,} vs {len(proposed):,}; only naive {len(naive_ids - proposed)}, "
        f"only set-based {len(proposed - naive_ids)})"
    )
    after = (
        AbnormalListing.objects.count(),
        AbnormalListing.history.model.objects.count(),
        ScheduledRun.objects.count(),
    )
    out["left_untouched"] = after == (listings_before, history_before, runs_before)
    log(f"database as before (entries, their history, runs): {out['left_untouched']}")
    return out


def _naive_july(enterprises: Any, report_year: int, run: Any) -> int:
    """The loop a developer would write: for each enterprise, is it due, did it file, is it
    already listed for reason 1; if not, create its entry (the model's save writes its history)."""
    from hongdun.disclosure.engine.window import window
    from hongdun.disclosure.models import AnnualReport
    from hongdun.disclosure.rules import window_rules
    from hongdun.enterprises.choices import EnterpriseStatus
    from hongdun.supervision.choices import (
        OPEN_LISTING_STATUSES,
        AbnormalReason,
        ListingSource,
        ListingStatus,
    )
    from hongdun.supervision.engine.deadlines import listing_decision_due
    from hongdun.supervision.models import AbnormalListing
    from hongdun.supervision.rules import add_working_days, supervision_rules

    opens, closes = window(report_year, window_rules())
    year_end = date(report_year, 12, 31)
    due_on = listing_decision_due(supervision_rules(), closes, add_working_days)
    created = 0
    rows = enterprises.only(
        "id", "status", "status_date", "established_on", "registration_authority_id"
    )
    for enterprise in rows.order_by("pk").iterator(chunk_size=2000):
        if enterprise.established_on > year_end:
            continue
        if enterprise.status != EnterpriseStatus.ACTIVE and not (
            enterprise.status_date is not None and enterprise.status_date >= opens
        ):
            continue
        if AnnualReport.objects.filter(
            enterprise_id=enterprise.pk, year=report_year, first_submitted_at__isnull=False
        ).exists():
            continue
        if AbnormalListing.objects.filter(
            enterprise_id=enterprise.pk,
            reason=AbnormalReason.NOT_FILED,
            status__in=OPEN_LISTING_STATUSES,
        ).exists():
            continue
        AbnormalListing.objects.create(
            enterprise_id=enterprise.pk,
            reason=AbnormalReason.NOT_FILED,
            status=ListingStatus.PROPOSED,
            source=ListingSource.SCHEDULED,
            report_year=report_year,
            basis_on=closes,
            decision_due_on=due_on,
            authority_id=enterprise.registration_authority_id,
            proposed_by_run=run,
        )
        created += 1
    return created


def _city_unit() -> Any:
    """The root unit whose subtree holds the most registration authorities (the city bureau)."""
    from hongdun.orgs.models import Unit
    from hongdun.supervision.population import subtree_ids

    roots = list(Unit.objects.filter(parent__isnull=True))
    authorities = set(
        Unit.objects.filter(is_registration_authority=True).values_list("pk", flat=True)
    )
    return max(roots, key=lambda root: (len(authorities & set(subtree_ids(root))), -root.pk))


def _seed_hex(rng: random.Random) -> str:
    return f"{rng.getrandbits(128):032x}"


def measure_draw(args: argparse.Namespace, day: date) -> dict[str, Any]:
    import gc

    from hongdun.supervision.engine.draw import assign_inspectors, draw_sample, group_size
    from hongdun.supervision.models import InspectionPlan
    from hongdun.supervision.population import population, population_counts

    rng = random.Random(args.seed)
    unit = _city_unit()
    plan = InspectionPlan(
        unit=unit,
        year=day.year,
        title="bench",
        ratio=BASE_RATIO,
        group_by="enterprise_type",
        filters={},
    )
    groups = population_counts(plan)
    # 5 % for the second-largest enterprise type (the largest keeps the plan's 3 %).
    ordered = sorted(groups, key=lambda group: (-groups[group], group))
    special = ordered[1] if len(ordered) > 1 else ordered[0]
    plan.group_ratios = {special: str(GROUP_RATIO)}
    ratios = {group: GROUP_RATIO if group == special else BASE_RATIO for group in groups}
    out: dict[str, Any] = {
        "unit": f"{unit.pk} {unit.name}",
        "groups": groups,
        "special": special,
        "population": sum(groups.values()),
    }
    log(
        f"draw plan over {unit.name}: {out['population']:,} enterprises in {len(groups)} "
        f"types, {BASE_RATIO * 100:g} % ({GROUP_RATIO * 100:g} % for {special})"
    )

    rows = population(plan)  # warm-up, and the population the engine runs on
    ids = [pk for pk, _group in rows]
    roster = sorted(rng.sample(range(1, 10_000_000), INSPECTORS))
    seed = _seed_hex(rng)
    other_seed = _seed_hex(rng)
    # Conflicts as the records give them: recorded relations (20 random enterprises per
    # inspector) and last year's inspections (a draw of last year with another seed).
    conflicts: set[tuple[int, int]] = {
        (person, enterprise)
        for person in roster
        for enterprise in rng.sample(ids, min(len(ids), RELATIONS_PER_INSPECTOR))
    }
    relations = len(conflicts)
    last_year = assign_inspectors(
        draw_sample(rows, BASE_RATIO, {}, _seed_hex(rng)), roster, set(), _seed_hex(rng)
    )
    conflicts.update((a, enterprise) for enterprise, (a, _b) in last_year.items())
    conflicts.update((b, enterprise) for enterprise, (_a, b) in last_year.items())
    out["roster"] = len(roster)
    out["conflicts"] = len(conflicts)
    log(
        f"roster {len(roster)} generated inspectors; {len(conflicts):,} conflict pairs "
        f"({relations:,} relations + last year's {len(last_year):,} inspections)"
    )

    def engine(seed_: str) -> tuple[list[tuple[int, int, str]], dict[int, tuple[int, int]]]:
        sample = draw_sample(rows, BASE_RATIO, plan.group_ratios, seed_)
        return sample, assign_inspectors(sample, roster, conflicts, seed_)

    engine(seed)  # warm-up
    read_ms: list[float] = []
    sample_ms: list[float] = []
    assign_ms: list[float] = []
    total_ms: list[float] = []
    first: Any = None
    for _ in range(args.draw_runs):
        gc.collect()
        t0 = time.perf_counter()
        read = population(plan)
        t1 = time.perf_counter()
        sample = draw_sample(read, BASE_RATIO, plan.group_ratios, seed)
        t2 = time.perf_counter()
        pairs = assign_inspectors(sample, roster, conflicts, seed)
        t3 = time.perf_counter()
        read_ms.append((t1 - t0) * 1000)
        sample_ms.append((t2 - t1) * 1000)
        assign_ms.append((t3 - t2) * 1000)
        total_ms.append((t3 - t0) * 1000)
        if first is None:
            first = (read, sample, pairs)
    read, sample, pairs = first
    engine_ms = [s + a for s, a in zip(sample_ms, assign_ms, strict=True)]
    out["read"] = summarize(read_ms).as_dict()
    out["draw_sample"] = summarize(sample_ms).as_dict()
    out["assign"] = summarize(assign_ms).as_dict()
    out["engine"] = summarize(engine_ms).as_dict()
    out["total"] = summarize(total_ms).as_dict()

    drawn = Counter(group for _rank, _pk, group in sample)
    expected = {group: group_size(ratios[group], n) for group, n in groups.items()}
    out["drawn"] = dict(drawn)
    out["per_group_ok"] = {g: drawn.get(g, 0) for g in groups} == expected
    out["population_same"] = read == rows
    again = engine(seed)
    other = engine(other_seed)
    out["reproducible"] = again == (sample, pairs) and read == rows
    out["other_seed_differs"] = [pk for _r, pk, _g in other[0]] != [pk for _r, pk, _g in sample]
    loads = Counter(person for pair in pairs.values() for person in pair)
    out["assigned"] = len(pairs)
    out["load_spread"] = (min(loads[p] for p in roster), max(loads[p] for p in roster))
    out["conflict_free"] = all(
        (a, pk) not in conflicts and (b, pk) not in conflicts and a != b
        for pk, (a, b) in pairs.items()
    )
    for label, key in (
        ("population read", "read"),
        ("draw_sample", "draw_sample"),
        ("assign_inspectors", "assign"),
        ("engine (draw + assign)", "engine"),
        ("read + engine", "total"),
    ):
        s = out[key]
        log(
            f"  {label:24} p50 {fmt_ms(s['p50'])} ms, p99 {fmt_ms(s['p99'])} ms, "
            f"max {fmt_ms(s['max'])} ms ({s['n']} runs)"
        )
    log(
        f"drawn {len(sample):,} of {len(rows):,}; per group "
        + ", ".join(f"{g} {drawn.get(g, 0):,}/{groups[g]:,}" for g in ordered)
        + f"; each group ceil(ratio x n): {out['per_group_ok']}"
    )
    log(
        f"same seed, same draw and pairs: {out['reproducible']}; another seed, another draw: "
        f"{out['other_seed_differs']}; pairs free of conflict: {out['conflict_free']}; "
        f"enterprises per inspector {out['load_spread'][0]}-{out['load_spread'][1]}"
    )
    return out


def measure(args: argparse.Namespace) -> dict[str, Any]:
    import django

    django.setup()
    from django.db import connection

    from hongdun.enterprises.models import Enterprise

    day = _proposal_day(datetime.now(CHINA).date())
    result: dict[str, Any] = {
        "backend": connection.vendor,
        "enterprises": Enterprise.objects.count(),
    }
    log(f"data: {result['enterprises']:,} enterprises; load average {load_average()}")
    result["july"] = measure_july(args, day)
    log(f"load average {load_average()}")
    result["draw"] = measure_draw(args, day)
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
        help="data seed (the disclosure suite's, so its databases are reused) and draw seed",
    )
    parser.add_argument("--runs", type=int, default=3, help="1 July proposal runs timed (3)")
    parser.add_argument("--draw-runs", type=int, default=10, help="draws timed (10)")
    parser.add_argument(
        "--naive-limit",
        type=int,
        default=20_000,
        help="above this many listable enterprises the naive loop runs on one authority of "
        "about this size and is scaled to the city (default 20,000)",
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
    if args.runs < 1 or args.draw_runs < 1:
        parser.error("--runs and --draw-runs must be at least 1")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.measure:
        return write_outcome(args, measure)
    began = time.monotonic()
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    backends = ["sqlite", "postgres"] if args.backend == "both" else [args.backend]
    log("Hongdun supervision benchmark: the 1 July proposal and the random-inspection draw")
    for line in machine_lines(args, backends):
        log("  " + line)
    results: dict[str, dict[str, Any]] = {}
    failures: list[str] = []
    for backend in backends:
        stage(f"prepare {backend} ({args.enterprises:,} enterprises, the disclosure suite's data)")
        try:
            url, label, seconds = prepare(backend, args)
        except Exception as error:
            failed(failures, backend, "preparation", error)
            continue
        log(f"{backend}: {label} ready in {seconds:,.0f}s")
        stage(f"measure on {backend}")
        out = BENCH_DIR / f"supervision-result-{backend}-{args.enterprises}.json"
        options = [
            "--seed",
            str(args.seed),
            "--runs",
            str(args.runs),
            "--draw-runs",
            str(args.draw_runs),
            "--naive-limit",
            str(args.naive_limit),
        ]
        try:
            results[backend] = measure_in_child(Path(__file__), out, url, options, MEASURE_TIMEOUT)
        except Exception as error:
            failed(failures, backend, "measurement", error)
            continue
        results[backend]["label"] = label
        results[backend]["prepare_seconds"] = seconds
    summary(args, backends, results, failures, time.monotonic() - began)
    return 1 if failures else 0


def summary(
    args: argparse.Namespace,
    backends: Sequence[str],
    results: dict[str, dict[str, Any]],
    failures: list[str],
    seconds: float,
) -> None:
    stage(f"SUMMARY: {args.enterprises:,} enterprises")
    for line in machine_lines(args, backends)[1:3]:
        log("  " + line)
    goals: list[tuple[str, bool]] = []
    for backend, result in results.items():
        log(
            f"  {backend}: {result['label']}, {result['enterprises']:,} enterprises "
            f"(prepared/checked in {result['prepare_seconds']:,.0f}s)"
        )
        july = result["july"]
        s = july["set_based"]["wall"]
        naive = july["naive"]
        scaled = f" (scaled from {naive['enterprises']:,})" * bool(naive["extrapolated"])
        log(
            f"    1 July proposal {july['day']} (report year {july['report_year']}): "
            f"{july['set_based']['counts'].get('proposed', 0):,} proposed of "
            f"{july['candidates']:,} candidates; set-based p50 {fmt_ms(s['p50'])} ms, "
            f"max {fmt_ms(s['max'])} ms ({s['n']} runs); per-enterprise loop "
            f"{fmt_ms(naive['city_wall_ms'])} ms{scaled} = "
            f"{fmt_ratio(ratio(naive['city_wall_ms'], s['p50']))} the p50"
        )
        goals.append(
            (
                f"{backend}: 1 July proposal, slowest of {s['n']} runs {fmt_ms(s['max'])} ms "
                f"<= {GOAL_JULY_S * 1000:,.0f} ms, every candidate proposed",
                s["max"] <= GOAL_JULY_S * 1000
                and july["set_based"]["counts"].get("proposed", 0) == july["candidates"],
            )
        )
        goals.append(
            (
                f"{backend}: the loop proposes the same {july['slice_proposed']:,} enterprises "
                f"on its slice; database left as it was",
                bool(july["agree"] and july["left_untouched"]),
            )
        )
        draw = result["draw"]
        log(
            f"    draw over {draw['population']:,} ({BASE_RATIO * 100:g} %, "
            f"{GROUP_RATIO * 100:g} % for {draw['special']}): {sum(draw['drawn'].values()):,} "
            f"drawn, {draw['roster']} inspectors, {draw['conflicts']:,} conflicts"
        )
        for label, key in (
            ("population read", "read"),
            ("engine (draw_sample + assign_inspectors)", "engine"),
            ("read + engine", "total"),
        ):
            d = draw[key]
            log(
                f"      {label:42} p50 {fmt_ms(d['p50'])} ms, p99 {fmt_ms(d['p99'])} ms "
                f"({d['n']} runs)"
            )
        goals.append(
            (
                f"{backend}: draw, population read + engine p99 {fmt_ms(draw['total']['p99'])} ms "
                f"<= {GOAL_DRAW_S * 1000:g} ms (engine alone p99 "
                f"{fmt_ms(draw['engine']['p99'])} ms)",
                draw["total"]["p99"] <= GOAL_DRAW_S * 1000,
            )
        )
        goals.append(
            (
                f"{backend}: draw reproducible (same seed same draw and pairs, another seed "
                f"another draw), per-group counts ceil(ratio x n), pairs free of conflict",
                bool(
                    draw["reproducible"]
                    and draw["other_seed_differs"]
                    and draw["per_group_ok"]
                    and draw["conflict_free"]
                ),
            )
        )
    log_goals(goals, failures, seconds)


if __name__ == "__main__":
    sys.exit(main())
