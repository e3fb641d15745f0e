"""`make bench BENCH_SUITES=disclosure`: the public enterprise record and the filing progress with
five years of annual reports, at N enterprises (default 1,000,000), on SQLite and PostgreSQL.

Per backend it prepares a bench database once (migrate + seed_demo: the register and the demo's
five years of annual reports; later runs reuse it), then in a subprocess with Django set up on it
measures (a) the public page /enterprises/<uscc>/ in-process (Django test client: routing, every
query, the template) over random enterprises, (c) the filing progress for the whole city
(`filing_progress`, and its staff page when present) next to the naive loop that asks each
enterprise whether it filed, and then (b) loads the public page through gunicorn with wrk. The
summary prints the goals next to the results. See bench/README.md.
"""

import argparse
import contextlib
import cProfile
import gc
import io
import pstats
import random
import sqlite3
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.http_load import HttpResult, collectstatic, run_http_load  # noqa: E402
from bench.run import (  # noqa: E402
    BENCH_DIR,
    PYTHON,
    cores,
    django_env,
    failed,
    load_average,
    log,
    log_goals,
    measure_in_child,
    now,
    pg_connect,
    pg_database_url,
    postgres_version,
    stage,
    stream,
    write_outcome,
)
from bench.stats import fmt_ms, fmt_ratio, ratio, summarize  # noqa: E402

GOAL_PAGE_P99_MS = 20.0
GOAL_RPS = 300.0
GOAL_PROGRESS_P99_MS = 300.0
SEED_TIMEOUT = 6 * 3600
MEASURE_TIMEOUT = 3 * 3600
QUICK_ENTERPRISES = 3_000
CHINA = ZoneInfo("Asia/Shanghai")


# --- preparation (parent process) -----------------------------------------------------------------


def _seed(url: str, enterprises: int, seed: int, *, complete: bool) -> None:
    """migrate, then (unless the database already holds the enterprises and their reports)
    seed_demo, which is idempotent: on a database with the enterprises but no reports it adds
    the reports. The migration always runs, so that indexes added since are in place."""
    env = django_env(url)
    stream([PYTHON, "manage.py", "migrate", "--no-input", "-v", "1"], env, SEED_TIMEOUT)
    if complete:
        return
    stream(
        [
            PYTHON,
            "manage.py",
            "seed_demo",
            "--enterprises",
            str(enterprises),
            "--seed",
            str(seed),
            "--without-history",
            "--skip-checks",
        ],
        env,
        SEED_TIMEOUT,
    )


def _counts_sqlite(path: Path) -> tuple[int, int] | None:
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
        try:
            (enterprises,) = conn.execute("SELECT COUNT(*) FROM enterprises_enterprise").fetchone()
            (reports,) = conn.execute("SELECT COUNT(*) FROM disclosure_annualreport").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return None
    return int(enterprises), int(reports)


def prepare_sqlite(enterprises: int, seed: int) -> tuple[str, str, float]:
    path = BENCH_DIR / f"disclosure-{enterprises}.sqlite3"
    url = f"sqlite:///{path}"
    started = time.monotonic()
    found = _counts_sqlite(path) if path.exists() else None
    if found is not None and found[0] == enterprises:
        log(f"{path.relative_to(ROOT)} holds {found[0]:,} enterprises and {found[1]:,} reports")
    else:
        if path.exists():
            log(f"{path.relative_to(ROOT)} is incomplete ({found}); starting afresh")
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    _seed(
        url,
        enterprises,
        seed,
        complete=found is not None and found[0] == enterprises > 0 < found[1],
    )
    conn = sqlite3.connect(path, timeout=60)
    try:
        conn.execute("ANALYZE")
    finally:
        conn.close()
    return url, str(path.relative_to(ROOT)), time.monotonic() - started


def prepare_postgresql(base_url: str, enterprises: int, seed: int) -> tuple[str, str, float]:
    name = f"{base_url.rsplit('/', 1)[1] or 'hd_bench'}_{enterprises}"
    url = pg_database_url(base_url, name)
    started = time.monotonic()
    with pg_connect(pg_database_url(base_url, "postgres")) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        found = None
        reports = 0
        if exists:
            try:
                with pg_connect(url) as conn:
                    found = int(
                        conn.execute("SELECT COUNT(*) FROM enterprises_enterprise").fetchone()[0]
                    )
                    reports = int(
                        conn.execute("SELECT COUNT(*) FROM disclosure_annualreport").fetchone()[0]
                    )
            except Exception:
                found = None
        if exists and found not in (0, enterprises):
            log(f"database {name} is incomplete ({found} enterprises); dropping it")
            admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = None
        if not exists:
            log(f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0")
            admin.execute(f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0")
    complete = found == enterprises and reports > 0
    log(f"database {name}: {found} enterprises, {reports:,} reports" if exists else "")
    _seed(url, enterprises, seed, complete=complete)
    log(f"VACUUM (ANALYZE) on {name} (what autovacuum does after a bulk load) ...")
    with pg_connect(url) as conn:
        conn.execute("VACUUM (ANALYZE)")
    return url, name, time.monotonic() - started


def prepare(backend: str, args: argparse.Namespace) -> tuple[str, str, float]:
    """The bench database of `backend` ("sqlite" or "postgres"): its URL, label, seconds taken."""
    if backend == "sqlite":
        return prepare_sqlite(args.enterprises, args.seed)
    return prepare_postgresql(args.pg_url, args.enterprises, args.seed)


# --- measurement (child process, Django set up on the bench database) -----------------------------


def _timed(call: Callable[[], Any], runs: int) -> tuple[list[float], list[float], Any]:
    wall: list[float] = []
    cpu: list[float] = []
    result = None
    for _ in range(runs):
        w, c = time.perf_counter(), time.process_time()
        result = call()
        cpu.append((time.process_time() - c) * 1000)
        wall.append((time.perf_counter() - w) * 1000)
    return wall, cpu, result


def _profile(call: Callable[[], Any], runs: int, lines: int = 18) -> str:
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(runs):
        call()
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(lines)
    return out.getvalue()


def measure(args: argparse.Namespace) -> dict[str, Any]:
    import django

    django.setup()
    from django.db import connection
    from django.db.models import Count, Q
    from django.test import Client
    from django.urls import NoReverseMatch, reverse

    from hongdun.accounts.models import User
    from hongdun.disclosure.models import AnnualReport, AnnualReportVersion
    from hongdun.disclosure.progress import filing_progress, progress_counts_grouped
    from hongdun.enterprises.choices import EnterpriseStatus
    from hongdun.enterprises.models import Enterprise
    from hongdun.enterprises.public_cache import public_cache_reset

    rng = random.Random(args.seed)
    result: dict[str, Any] = {"backend": connection.vendor}
    facts = {
        "enterprises": Enterprise.objects.count(),
        "reports": AnnualReport.objects.count(),
        "filed": AnnualReport.objects.filter(first_submitted_at__isnull=False).count(),
        "versions": AnnualReportVersion.objects.count(),
    }
    result["facts"] = facts
    log(
        f"data: {facts['enterprises']:,} enterprises, {facts['reports']:,} annual reports "
        f"({facts['filed']:,} filed), {facts['versions']:,} versions"
    )

    # (a) the public page, in-process, over random enterprises
    low = Enterprise.objects.order_by("id").values_list("id", flat=True).first() or 0
    high = Enterprise.objects.order_by("-id").values_list("id", flat=True).first() or 0
    wanted = sorted({rng.randint(low, high) for _ in range(args.samples * 2)})
    codes = list(Enterprise.objects.filter(id__in=wanted).values_list("uscc", flat=True))
    rng.shuffle(codes)
    codes = codes[: args.samples]
    paths = [reverse("enterprises:detail", args=[code]) for code in codes]
    result["paths"] = paths
    client = Client(HTTP_HOST="127.0.0.1")  # an allowed host: DEBUG is off, as in production
    for path in paths[:20]:  # warm-up: imports, template loading, caches
        client.get(path)

    def page_pass() -> dict[str, Any]:
        statuses: dict[int, int] = defaultdict(int)
        sizes: list[int] = []
        with_reports = 0
        wall: list[float] = []
        cpu: list[float] = []
        gc.collect()
        for path in paths:
            w, c = time.perf_counter(), time.process_time()
            response = client.get(path)
            body = response.content
            cpu.append((time.process_time() - c) * 1000)
            wall.append((time.perf_counter() - w) * 1000)
            statuses[response.status_code] += 1
            sizes.append(len(body))
            with_reports += "年度报告".encode() in body
        return {
            "wall": summarize(wall).as_dict(),
            "cpu": summarize(cpu).as_dict(),
            "statuses": dict(statuses),
            "mean_bytes": sum(sizes) / len(sizes),
            "with_reports": with_reports,
        }

    # Uncached: every record rendered (the first request for an enterprise, or the first after
    # a write to it); then the same pages again, from the public-record cache.
    public_cache_reset()
    result["page_uncached"] = page_pass()
    result["page"] = page_pass()
    cold = result["page_uncached"]
    log(
        f"public page, uncached render: p50 {fmt_ms(cold['wall']['p50'])} ms, "
        f"p99 {fmt_ms(cold['wall']['p99'])} ms, max {fmt_ms(cold['wall']['max'])} ms "
        f"(CPU p50 {fmt_ms(cold['cpu']['p50'])}, p99 {fmt_ms(cold['cpu']['p99'])})"
    )
    statuses = result["page"]["statuses"]
    with_reports = result["page"]["with_reports"]
    page = result["page"]
    log(
        f"public page, cached: {len(paths)} enterprises, p50 {fmt_ms(page['wall']['p50'])} ms, "
        f"p99 {fmt_ms(page['wall']['p99'])} ms, max {fmt_ms(page['wall']['max'])} ms "
        f"(CPU p50 {fmt_ms(page['cpu']['p50'])}, p99 {fmt_ms(page['cpu']['p99'])}); "
        f"statuses {dict(statuses)}; {page['mean_bytes'] / 1024:.0f} KiB mean; "
        f"{with_reports} pages mention 年度报告"
    )
    if page["wall"]["p99"] > GOAL_PAGE_P99_MS or args.profile:
        slow = paths[: min(40, len(paths))]
        log(f"profile of {len(slow)} page requests (cumulative):")
        result["page_profile"] = _profile(lambda: [client.get(p) for p in slow], 1)
        log(result["page_profile"])

    # (c) filing progress for the whole city, next to the naive loop
    # The last report year whose window has closed by the demo's today (China time).
    year = datetime.now(CHINA).year - 1
    leader = User.objects.filter(username="leader").first()
    result["progress"] = {"year": year}

    ours_total = None
    if leader is not None:
        filing_progress(user=leader, year=year)  # warm-up
        gc.collect()
        wall, cpu, progress = _timed(
            lambda: filing_progress(user=leader, year=year), args.progress_runs
        )
        total = progress.total
        ours_total = (total.due, total.on_time, total.late)
        result["progress"]["selector"] = {
            "wall": summarize(wall).as_dict(),
            "cpu": summarize(cpu).as_dict(),
            "total": ours_total,
        }
        log(
            f"filing_progress(year={year}) for the city: p50 {fmt_ms(summarize(wall).p50)} ms, "
            f"p99 {fmt_ms(summarize(wall).p99)} ms; due {total.due:,}, on time "
            f"{total.on_time:,}, late {total.late:,}"
        )
        if summarize(wall).p99 > GOAL_PROGRESS_P99_MS or args.profile:
            result["progress"]["explain"] = _explain_progress(
                lambda: filing_progress(user=leader, year=year)
            )
            log(result["progress"]["explain"])
        try:
            url = reverse("disclosure-progress:progress") + f"?year={year}"
        except NoReverseMatch:
            url = None
            log("the progress staff page is not routed on this branch; selector only")
        if url:
            staff = Client(HTTP_HOST="127.0.0.1")
            staff.force_login(leader)
            first = staff.get(url)
            if first.status_code == 200:
                gc.collect()
                wall, cpu, _ = _timed(lambda: staff.get(url), args.progress_runs)
                result["progress"]["page"] = {
                    "url": url,
                    "wall": summarize(wall).as_dict(),
                    "cpu": summarize(cpu).as_dict(),
                }
                log(
                    f"progress page {url}: p50 {fmt_ms(summarize(wall).p50)} ms, "
                    f"p99 {fmt_ms(summarize(wall).p99)} ms"
                )
            else:
                log(f"progress page {url} answered {first.status_code}; not measured")

    # The second baseline: the exact grouped query the tally replaced (and is built from).
    if leader is not None and ours_total is not None:
        gc.collect()
        wall, _cpu, rows = _timed(
            lambda: progress_counts_grouped(user=leader, year=year), args.progress_runs
        )
        grouped_total = tuple(sum(row[k] for row in rows) for k in ("due", "on_time", "late"))
        result["progress"]["grouped"] = {
            "wall": summarize(wall).as_dict(),
            "total": grouped_total,
            "agree": grouped_total == tuple(ours_total),
        }
        log(
            f"grouped query (the tally's reference): p50 {fmt_ms(summarize(wall).p50)} ms, "
            f"p99 {fmt_ms(summarize(wall).p99)} ms; same totals as the tally: "
            f"{grouped_total == tuple(ours_total)}"
        )

    # The naive loop a developer would otherwise write: every enterprise asked whether it filed.
    opens = date(year + 1, 1, 1)
    # Due: established by the end of the year and still registered when the window opened.
    due = Enterprise.objects.filter(established_on__lte=date(year, 12, 31)).filter(
        Q(status=EnterpriseStatus.ACTIVE) | Q(status_date__gte=opens)
    )
    city_due = due.count()
    subset = due
    authority = None
    if city_due > args.naive_limit:
        # One authority, the one whose count is nearest the limit, then scaled by the city's.
        sizes_by_unit = dict(
            due.order_by().values_list("registration_authority_id").annotate(n=Count("id"))
        )
        authority = min(sizes_by_unit, key=lambda unit: abs(sizes_by_unit[unit] - args.naive_limit))
        subset = due.filter(registration_authority_id=authority)
    w, c = time.perf_counter(), time.process_time()
    naive_total = _naive_progress(subset, year)
    naive_wall = (time.perf_counter() - w) * 1000
    naive_cpu = (time.process_time() - c) * 1000
    scale = city_due / max(1, naive_total[0])
    result["progress"]["naive"] = {
        "enterprises": naive_total[0],
        "city_due": city_due,
        "wall_ms": naive_wall,
        "cpu_ms": naive_cpu,
        "city_wall_ms": naive_wall * scale,
        "extrapolated": authority is not None,
        "total": naive_total,
    }
    log(
        f"naive loop over {naive_total[0]:,} enterprises"
        f"{f' (authority {authority})' if authority else ' (the whole city)'}: "
        f"{naive_wall / 1000:,.1f} s"
        + (
            f", scaled to the city's {city_due:,}: {naive_wall * scale / 1000:,.1f} s"
            if authority
            else ""
        )
    )
    if leader is not None:
        check = filing_progress(user=leader, year=year, authority=authority) if authority else None
        expected = (check.total.due, check.total.on_time, check.total.late) if check else ours_total
        result["progress"]["agree"] = tuple(expected or ()) == tuple(naive_total)
        log(f"same counts as the naive loop: {result['progress']['agree']}")
        log(f"  (due, on time, late): {expected} vs {naive_total}")
    return result


def _naive_progress(enterprises: Any, year: int) -> tuple[int, int, int]:
    """Due, on time, late: one query per enterprise."""
    from hongdun.disclosure.models import AnnualReport

    due = on_time = late = 0
    for enterprise in enterprises.only("id", "registration_authority_id").iterator(chunk_size=2000):
        due += 1
        report = (
            AnnualReport.objects.filter(enterprise=enterprise, year=year)
            .only("first_submitted_at", "filed_late")
            .first()
        )
        if report is not None and report.first_submitted_at is not None:
            if report.filed_late:
                late += 1
            else:
                on_time += 1
    return due, on_time, late


def _explain_progress(call: Callable[[], Any]) -> str:
    """Every statement of one call with its time, and the plan of the slowest."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        call()
    lines = [f"  {float(q['time']) * 1000:8.1f} ms  {q['sql'][:160]}" for q in captured]
    slowest = max(captured.captured_queries, key=lambda q: float(q["time"]), default=None)
    if slowest is not None:
        prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN (ANALYZE) "
        with connection.cursor() as cursor:
            cursor.execute(prefix + slowest["sql"])
            lines += ["  plan of the slowest:"] + [f"    {row}" for row in cursor.fetchall()]
    return "\n".join(lines)


# --- main (parent process) ------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--enterprises", type=int, default=1_000_000, help="default 1,000,000")
    parser.add_argument(
        "--quick",
        action="store_true",
        help=f"smoke run: {QUICK_ENTERPRISES:,} enterprises, fewer samples, 5 s of HTTP load",
    )
    parser.add_argument(
        "--backend", choices=("sqlite", "postgres", "both"), default="both", help="default both"
    )
    parser.add_argument("--seed", type=int, default=20261207, help="data and sample seed")
    parser.add_argument("--samples", type=int, default=500, help="public pages timed (500)")
    parser.add_argument("--progress-runs", type=int, default=30, help="progress runs timed (30)")
    parser.add_argument(
        "--naive-limit",
        type=int,
        default=20_000,
        help="above this many due enterprises the naive loop runs on one authority of about "
        "this size and is scaled to the city (default 20,000)",
    )
    parser.add_argument(
        "--pg-url",
        default="postgres://postgres@127.0.0.1:5432/hd_bench",
        help="server and base name; the database used is <name>_<N>",
    )
    parser.add_argument("--http", action=argparse.BooleanOptionalAction, default=True)
    parser.add_argument("--http-duration", type=int, default=20)
    parser.add_argument("--http-warmup", type=int, default=3)
    parser.add_argument("--http-connections", type=int, default=4)
    parser.add_argument("--http-workers", type=int, default=2)
    parser.add_argument("--profile", action="store_true", help="profile even when goals are met")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.quick:
        if args.enterprises == 1_000_000:
            args.enterprises = QUICK_ENTERPRISES
        args.samples = min(args.samples, 150)
        args.progress_runs = min(args.progress_runs, 10)
        args.http_duration = min(args.http_duration, 5)
        args.http_warmup = min(args.http_warmup, 2)
    return args


def machine_lines(args: argparse.Namespace, backends: Sequence[str]) -> list[str]:
    cpu = "unknown"
    with contextlib.suppress(OSError, StopIteration):
        cpu = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    return [
        f"date        {now():%Y-%m-%d %H:%M %Z}",
        f"machine     {cores()} cores (nproc), {cpu}",
        f"load avg    {load_average()} (1/5/15 min; other work on the machine skews latencies)",
        f"sqlite      {sqlite3.sqlite_version}",
        f"postgresql  {postgres_version(args.pg_url) if 'postgres' in backends else 'not used'}",
        f"N           {args.enterprises:,} enterprises, seed {args.seed}",
    ]


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.measure:
        return write_outcome(args, measure)
    began = time.monotonic()
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    backends = ["sqlite", "postgres"] if args.backend == "both" else [args.backend]
    log("Hongdun disclosure benchmark: public enterprise page and filing progress")
    for line in machine_lines(args, backends):
        log("  " + line)
    results: dict[str, dict[str, Any]] = {}
    http: dict[str, HttpResult] = {}
    failures: list[str] = []
    collected = False
    for backend in backends:
        stage(f"prepare {backend} ({args.enterprises:,} enterprises, five years of reports)")
        try:
            url, label, seconds = prepare(backend, args)
        except Exception as error:
            failed(failures, backend, "preparation", error)
            continue
        log(f"{backend}: {label} ready in {seconds:,.0f}s")
        if not collected:  # DEBUG off: the pages need the static manifest, in-process too
            collectstatic(django_env(url))
            collected = True
        stage(f"measure on {backend}")
        out = BENCH_DIR / f"disclosure-result-{backend}-{args.enterprises}.json"
        options = [
            "--seed",
            str(args.seed),
            "--samples",
            str(args.samples),
            "--progress-runs",
            str(args.progress_runs),
            "--naive-limit",
            str(args.naive_limit),
            *(["--profile"] if args.profile else []),
        ]
        try:
            results[backend] = measure_in_child(Path(__file__), out, url, options, MEASURE_TIMEOUT)
        except Exception as error:
            failed(failures, backend, "measurement", error)
            continue
        results[backend]["prepare_seconds"] = seconds
        if not args.http:
            continue
        stage(f"HTTP load on {backend}: gunicorn + wrk, GET /enterprises/<uscc>/")
        env = django_env(url)
        try:
            http[backend] = run_http_load(
                backend=f"disclosure-{backend}",
                env=env,
                queries=[],
                paths=results[backend]["paths"],
                duration=args.http_duration,
                warmup=args.http_warmup,
                connections=args.http_connections,
                threads=1,
                workers=args.http_workers,
                work_dir=BENCH_DIR,
            )
        except Exception as error:
            failed(failures, backend, "HTTP load", error)
    summary(args, backends, results, http, failures, time.monotonic() - began)
    return 1 if failures else 0


def summary(
    args: argparse.Namespace,
    backends: Sequence[str],
    results: dict[str, dict[str, Any]],
    http: dict[str, HttpResult],
    failures: list[str],
    seconds: float,
) -> None:
    stage(f"SUMMARY: {args.enterprises:,} enterprises, five years of annual reports")
    for line in machine_lines(args, backends)[1:3]:
        log("  " + line)
    goals: list[tuple[str, bool]] = []
    for backend, result in results.items():
        facts = result["facts"]
        log(
            f"  {backend}: {facts['enterprises']:,} enterprises, {facts['reports']:,} reports, "
            f"{facts['versions']:,} versions "
            f"(prepared/checked in {result['prepare_seconds']:,.0f}s)"
        )
        page = result["page"]["wall"]
        log(
            f"    public page in-process ({page['n']} enterprises): p50 {fmt_ms(page['p50'])} ms, "
            f"p99 {fmt_ms(page['p99'])} ms, max {fmt_ms(page['max'])} ms; "
            f"CPU p50 {fmt_ms(result['page']['cpu']['p50'])} ms; goal p99 <= "
            f"{GOAL_PAGE_P99_MS:g} ms (cached)"
        )
        if "page_uncached" in result:
            cold = result["page_uncached"]
            log(
                f"    public page uncached render: p50 {fmt_ms(cold['wall']['p50'])} ms, "
                f"p99 {fmt_ms(cold['wall']['p99'])} ms, max {fmt_ms(cold['wall']['max'])} ms; "
                f"CPU p50 {fmt_ms(cold['cpu']['p50'])} ms"
            )
        goals.append(
            (
                f"{backend}: public page p99 {fmt_ms(page['p99'])} ms <= {GOAL_PAGE_P99_MS:g} ms, "
                f"all 200 ({result['page']['statuses']})",
                page["p99"] <= GOAL_PAGE_P99_MS and set(result["page"]["statuses"]) == {"200"},
            )
        )
        progress = result["progress"]
        naive = progress["naive"]
        for kind in ("selector", "page"):
            if kind not in progress:
                log(f"    progress {kind}: not measured (not on this branch)")
                continue
            s = progress[kind]["wall"]
            scaled = f" (scaled from {naive['enterprises']:,})" * bool(naive["extrapolated"])
            log(
                f"    progress {kind} for the city, {progress['year']}: p50 {fmt_ms(s['p50'])} ms, "
                f"p99 {fmt_ms(s['p99'])} ms; the naive loop "
                f"{fmt_ms(naive['city_wall_ms'])} ms{scaled}"
                f" = {fmt_ratio(ratio(naive['city_wall_ms'], s['p50']))} the p50"
            )
            goals.append(
                (
                    f"{backend}: progress {kind} p99 {fmt_ms(s['p99'])} ms <= "
                    f"{GOAL_PROGRESS_P99_MS:g} ms",
                    s["p99"] <= GOAL_PROGRESS_P99_MS,
                )
            )
        if "agree" in progress:
            goals.append((f"{backend}: progress counts equal the naive loop's", progress["agree"]))
    for backend, h in http.items():
        log(
            f"  {backend}: HTTP GET /enterprises/<uscc>/ ({h.workers} gunicorn workers, "
            f"wrk -c{h.connections}, {h.seconds:.0f}s): {h.rps:,.0f} req/s, p50 "
            f"{fmt_ms(h.p50_ms)} ms, p99 {fmt_ms(h.p99_ms)} ms, non-2xx {h.non2xx}; CPU per "
            f"request {fmt_ms(h.cpu_ms)} ms: {cores()} cores saturate at "
            f"~{h.cpu_bound_rps(cores()):,.0f} req/s"
        )
        goals.append(
            (
                f"{backend}: HTTP {h.rps:,.0f} req/s >= {GOAL_RPS:g} with no errors",
                h.rps >= GOAL_RPS and h.non2xx == 0 and h.socket_errors == 0,
            )
        )
    log_goals(goals, failures, seconds)


if __name__ == "__main__":
    sys.exit(main())
