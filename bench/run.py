"""`make bench`: Hongdun's public enterprise query against the baselines, at N enterprises.

For each backend (SQLite, PostgreSQL) it prepares a bench database once (migrate + seed_demo; later
runs reuse it), measures the search in a subprocess (bench/search_bench.py), then serves the search
page with gunicorn and loads it with wrk. Everything is printed in one run and ends with a summary
checked against the goals. See bench/README.md.
"""

import argparse
import json
import os
import platform
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.http_load import HttpResult, collectstatic, run_http_load  # noqa: E402
from bench.stats import fmt_ms, fmt_ratio, ratio  # noqa: E402

BENCH_DIR = ROOT / "var" / "bench"
PYTHON = str(Path(sys.executable))
GOAL_P99_MS = 10.0
GOAL_RPS = 300.0
SEED_TIMEOUT = 4 * 3600
MEASURE_TIMEOUT = 2 * 3600


def log(message: str = "") -> None:
    print(message, flush=True)


def now() -> datetime:
    """Local wall-clock time, for the reader."""
    return datetime.now(UTC).astimezone()


def stage(message: str) -> None:
    log("")
    log(f"### {message}  [{now():%H:%M:%S}]")


def failed(failures: list[str], backend: str, what: str, error: Exception) -> None:
    """Note a step that failed on one backend; the bench goes on with the others."""
    failures.append(f"{backend}: {what} failed: {error}")
    log(f"!! {backend}: {what} failed: {error}")


def write_outcome(
    args: argparse.Namespace, measure: Callable[[argparse.Namespace], dict[str, Any]]
) -> int:
    """The child process of a bench (`--measure`): measure, and write the outcome to `--out`."""
    outcome = measure(args)
    if args.out:
        args.out.write_text(json.dumps(outcome, ensure_ascii=False), encoding="utf-8")
    return 0


def measure_in_child(
    script: Path, out: Path, url: str, options: Sequence[str], timeout: float
) -> dict[str, Any]:
    """Run `script --measure --out OUT OPTIONS` against the database at `url`, in a process of its
    own (one backend's caches never help the next), and read the outcome it wrote."""
    out.unlink(missing_ok=True)
    command = [PYTHON, str(script), "--measure", "--out", str(out), *options]
    stream(command, django_env(url), timeout, prefix="")
    result: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return result


def log_goals(goals: Sequence[tuple[str, bool]], failures: Sequence[str], seconds: float) -> None:
    """The end of every benchmark's summary: each goal met or missed, what failed, the time."""
    log("")
    log("  Goals:")
    for text, ok in goals:
        log(f"    [{'PASS' if ok else 'MISS'}] {text}")
    for failure in failures:
        log(f"    [FAIL] {failure}")
    log(f"\n  total bench time {seconds / 60:,.1f} min")


@dataclass(slots=True)
class Prepared:
    backend: str
    url: str
    label: str  # file or database name
    reused: bool
    prep_seconds: float | None
    size_bytes: int
    seed: int | None


# --- machine --------------------------------------------------------------------------------------


def machine_lines(args: argparse.Namespace) -> list[str]:
    cpu = "unknown"
    memory = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 2**20:.1f} GiB"
                break
    except OSError:
        pass
    ncores = cores()
    pg = "not used"
    if "postgresql" in args.backends:
        pg = postgres_version(args.pg_url)
    return [
        f"date        {now():%Y-%m-%d %H:%M %Z}",
        f"machine     {ncores} cores (nproc), {cpu}, {memory} RAM, "
        f"{platform.system()} {platform.release()}",
        f"load avg    {load_average()} (1/5/15 min; other work on the machine skews latencies)",
        f"python      {platform.python_version()} ({sys.executable})",
        f"sqlite      {sqlite3.sqlite_version}",
        f"postgresql  {pg}",
        f"N           {args.enterprises:,} enterprises, seed {args.seed}, {args.queries} queries",
        f"backends    {', '.join(args.backends)}; http load {'on' if args.http else 'off'}",
    ]


def wait_for_quiet(limit: float, seconds: int) -> None:
    """On a shared machine: wait (at most `seconds`) until the 1-minute load average is below
    `limit`, so that other people's work does not end up in the latencies."""
    if seconds <= 0:
        return
    deadline = time.monotonic() + seconds
    said = 0.0
    while True:
        try:
            load = float(Path("/proc/loadavg").read_text().split()[0])
        except (OSError, ValueError):
            return
        if load < limit:
            log(f"load average {load:.2f} < {limit:g}: machine is quiet enough")
            return
        if time.monotonic() >= deadline:
            log(f"!! load average still {load:.2f} after waiting {seconds}s; measuring anyway")
            return
        if time.monotonic() - said >= 60:
            log(f"waiting for a quiet machine: load average {load:.2f} >= {limit:g} ...")
            said = time.monotonic()
        time.sleep(5)


def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


# --- PostgreSQL administration --------------------------------------------------------------------


def pg_database_url(base_url: str, name: str) -> str:
    parts = urllib.parse.urlsplit(base_url)
    return urllib.parse.urlunsplit(parts._replace(path="/" + name))


def pg_bench_name(base_url: str, enterprises: int) -> str:
    base = urllib.parse.urlsplit(base_url).path.lstrip("/") or "hongdun_bench"
    return f"{base}_{enterprises}"


def pg_connect(url: str, autocommit: bool = True) -> Any:
    import psycopg

    return psycopg.connect(url, autocommit=autocommit, connect_timeout=10)


def postgres_version(base_url: str) -> str:
    try:
        with pg_connect(pg_database_url(base_url, "postgres")) as conn:
            row = conn.execute("SELECT version()").fetchone()
            return str(row[0]) if row else "unknown"
    except Exception as error:
        return f"unreachable at {base_url} ({str(error).strip().splitlines()[0]})"


# --- preparation ----------------------------------------------------------------------------------


def django_env(database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DATABASE_URL": database_url,
        "HONGDUN_VAR_DIR": str(BENCH_DIR),
        "DJANGO_DEBUG": "0",
        "PYTHONUNBUFFERED": "1",
    }


def stream(
    command: Sequence[str], env: Mapping[str, str], timeout: float, prefix: str = "  | "
) -> None:
    """Run a command, echoing its output line by line; fail on a non-zero exit or the timeout."""
    log(f"$ {' '.join(command)}")
    process = subprocess.Popen(
        list(command),
        cwd=ROOT,
        env=dict(env),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    watchdog = threading.Timer(timeout, process.kill)
    watchdog.start()
    try:
        assert process.stdout is not None
        for line in process.stdout:
            log(prefix + line.rstrip())
        code = process.wait()
    finally:
        watchdog.cancel()
        if process.poll() is None:
            process.kill()
            process.wait()
    if code != 0:
        raise RuntimeError(f"{' '.join(command[1:3])} exited with {code} (timeout {timeout:.0f}s)")


def seed_commands(enterprises: int, seed: int) -> list[list[str]]:
    return [
        [PYTHON, "manage.py", "migrate", "--no-input", "-v", "1"],
        [
            PYTHON,
            "manage.py",
            "seed_demo",
            "--enterprises",
            str(enterprises),
            "--seed",
            str(seed),
            "--without-history",
        ],
    ]


def migrate_reused(url: str) -> None:
    """A reused database gets the migrations added since it was prepared, so that it has the
    schema (indexes) the code under test expects."""
    started = time.monotonic()
    stream(seed_commands(0, 0)[0], django_env(url), SEED_TIMEOUT)
    log(f"schema up to date ({time.monotonic() - started:.1f}s)")


def prep_record_path(label: str) -> Path:
    return BENCH_DIR / f"{label}.prepared.json"


def prep_record_read(label: str) -> dict[str, Any]:
    path = prep_record_path(label)
    try:
        return dict(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return {}


def prep_record_write(label: str, seconds: float, seed: int, enterprises: int) -> None:
    record = {
        "seconds": seconds,
        "seed": seed,
        "enterprises": enterprises,
        "prepared_at": f"{now():%Y-%m-%d %H:%M}",
    }
    prep_record_path(label).write_text(json.dumps(record), encoding="utf-8")


def sqlite_count(path: Path) -> int | None:
    """Enterprises in a bench file, or None when it is not a complete bench database."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
        try:
            (enterprises,) = conn.execute("SELECT COUNT(*) FROM enterprises_enterprise").fetchone()
            (grams,) = conn.execute("SELECT COUNT(*) FROM enterprises_searchgram").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return None
    return int(enterprises) if grams else None


def sqlite_free_bytes(path: Path) -> int:
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
        try:
            (pages,) = conn.execute("PRAGMA freelist_count").fetchone()
            (page_size,) = conn.execute("PRAGMA page_size").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return 0
    return int(pages) * int(page_size)


def prepare_sqlite(enterprises: int, seed: int) -> Prepared:
    path = BENCH_DIR / f"bench-{enterprises}.sqlite3"
    url = f"sqlite:///{path}"
    label = path.name
    found = sqlite_count(path) if path.exists() else None
    reused = found == enterprises
    if reused:
        log(f"reusing {path.relative_to(ROOT)}: it holds {enterprises:,} enterprises")
        migrate_reused(url)
        record = prep_record_read(label)
        seconds, data_seed = record.get("seconds"), record.get("seed")
    else:
        if path.exists():
            log(f"{path.relative_to(ROOT)} is incomplete ({found} enterprises); starting afresh")
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        started = time.monotonic()
        for command in seed_commands(enterprises, seed):
            stream(command, django_env(url), SEED_TIMEOUT)
        seconds, data_seed = time.monotonic() - started, seed
        prep_record_write(label, seconds, seed, enterprises)
    size = sum(
        Path(f"{path}{s}").stat().st_size for s in ("", "-wal") if Path(f"{path}{s}").exists()
    )
    free = sqlite_free_bytes(path)
    if free > 2**20:
        log(f"({free / 2**20:,.0f} MiB of the file are free pages, e.g. left by a migration)")
    return Prepared("sqlite", url, str(path.relative_to(ROOT)), reused, seconds, size, data_seed)


def prepare_postgresql(base_url: str, enterprises: int, seed: int) -> Prepared:
    name = pg_bench_name(base_url, enterprises)
    url = pg_database_url(base_url, name)
    admin_url = pg_database_url(base_url, "postgres")
    with pg_connect(admin_url) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        found: int | None = None
        if exists:
            try:
                with pg_connect(url) as conn:
                    found = int(
                        conn.execute("SELECT COUNT(*) FROM enterprises_enterprise").fetchone()[0]
                    )
                    grams = int(
                        conn.execute("SELECT COUNT(*) FROM enterprises_searchgram").fetchone()[0]
                    )
                    found = found if grams else None
            except Exception:
                found = None
        reused = found == enterprises
        if exists and not reused:
            log(f"database {name} is incomplete ({found} enterprises); dropping it")
            admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        if not reused:
            log(f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0")
            admin.execute(f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0")
    if reused:
        log(f"reusing PostgreSQL database {name}: it holds {enterprises:,} enterprises")
        migrate_reused(url)
        record = prep_record_read(f"pg-{name}")
        seconds, data_seed = record.get("seconds"), record.get("seed")
    else:
        started = time.monotonic()
        for command in seed_commands(enterprises, seed):
            stream(command, django_env(url), SEED_TIMEOUT)
        # After a bulk load autovacuum soon vacuums and analyzes the new tables (setting the
        # visibility map that index-only scans rely on); do it now so results do not depend on
        # whether it has run yet.
        log(f"VACUUM (ANALYZE) on {name} (what autovacuum does after a bulk load) ...")
        with pg_connect(url) as conn:
            conn.execute("VACUUM (ANALYZE)")
        seconds, data_seed = time.monotonic() - started, seed
        prep_record_write(f"pg-{name}", seconds, seed, enterprises)
    with pg_connect(url) as conn:
        size = int(conn.execute("SELECT pg_database_size(current_database())").fetchone()[0])
    return Prepared("postgresql", url, name, reused, seconds, size, data_seed)


# --- main -----------------------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--enterprises", type=int, default=1_000_000, help="register size (default 1,000,000)"
    )
    parser.add_argument("--seed", type=int, default=20261127, help="data and query seed")
    parser.add_argument("--queries", type=int, default=200, help="queries in the mix (default 200)")
    parser.add_argument(
        "--backends",
        default="sqlite,postgresql",
        type=lambda text: [b.strip() for b in text.split(",") if b.strip()],
        help="comma-separated: sqlite,postgresql (default both)",
    )
    parser.add_argument(
        "--http", action=argparse.BooleanOptionalAction, default=True, help="HTTP load test"
    )
    parser.add_argument(
        "--pg-url",
        default="postgres://postgres@127.0.0.1:5432/hongdun_bench",
        help="server and base name; the database used is <name>_<N>",
    )
    parser.add_argument("--prepare-only", action="store_true", help="only prepare the databases")
    parser.add_argument(
        "--search",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="measure the query latency and the baselines (--no-search: only draw the queries "
        "for the HTTP load)",
    )
    parser.add_argument("--http-duration", type=int, default=20, help="seconds of measured load")
    parser.add_argument(
        "--http-warmup", type=int, default=3, help="seconds of load before measuring"
    )
    parser.add_argument(
        "--http-connections", type=int, default=4, help="concurrent wrk connections"
    )
    parser.add_argument("--http-threads", type=int, default=1, help="wrk threads")
    parser.add_argument("--http-workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument(
        "--wait-quiet",
        type=int,
        default=0,
        metavar="SECONDS",
        help="before each timed stage wait up to SECONDS for the 1-min load average to drop "
        "below --quiet-load (for shared machines; default 0: do not wait)",
    )
    parser.add_argument("--quiet-load", type=float, default=1.0, help="see --wait-quiet")
    args = parser.parse_args(argv)
    unknown = set(args.backends) - {"sqlite", "postgresql"}
    if unknown or not args.backends:
        parser.error(f"unknown backends: {', '.join(sorted(unknown)) or '(none)'}")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    began = time.monotonic()
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    log("Hongdun search benchmark")
    for line in machine_lines(args):
        log("  " + line)

    prepared: list[Prepared] = []
    failures: list[str] = []
    for backend in args.backends:
        stage(f"prepare {backend} bench database ({args.enterprises:,} enterprises)")
        try:
            if backend == "sqlite":
                item = prepare_sqlite(args.enterprises, args.seed)
            else:
                item = prepare_postgresql(args.pg_url, args.enterprises, args.seed)
        except Exception as error:
            failed(failures, backend, "preparation", error)
            continue
        took = f"{item.prep_seconds:,.0f}s" if item.prep_seconds is not None else "unknown"
        how = f"reused (prepared earlier in {took})" if item.reused else f"prepared in {took}"
        log(f"{backend}: {item.label}, {how}, {item.size_bytes / 2**30:.2f} GiB on disk")
        if item.seed is not None and item.seed != args.seed:
            log(f"!! note: this database was seeded with seed {item.seed}, not {args.seed}")
        prepared.append(item)
    if args.prepare_only:
        log(f"\nprepared in {time.monotonic() - began:,.0f}s (--prepare-only)")
        return 1 if failures else 0

    results: dict[str, dict[str, Any]] = {}
    for item in prepared:
        stage(f"{'measure search' if args.search else 'draw the queries'} on {item.backend}")
        wait_for_quiet(args.quiet_load, args.wait_quiet)
        # --no-search keeps an earlier full result: the query set goes to its own file.
        kind = "result" if args.search else "queries"
        out = BENCH_DIR / f"{kind}-{item.backend}-{args.enterprises}.json"
        out.unlink(missing_ok=True)
        command = [
            PYTHON,
            "-m",
            "bench.search_bench",
            "--seed",
            str(args.seed),
            "--queries",
            str(args.queries),
            "--out",
            str(out),
            *([] if args.search else ["--queries-only"]),
        ]
        try:
            stream(command, django_env(item.url), MEASURE_TIMEOUT, prefix="")
            results[item.backend] = json.loads(out.read_text(encoding="utf-8"))
        except Exception as error:
            failed(failures, item.backend, "measurement", error)

    http: dict[str, HttpResult] = {}
    collected = False
    if args.http:
        for item in prepared:
            if item.backend not in results:
                continue
            stage(f"HTTP load on {item.backend}: gunicorn + wrk, GET /enterprises/?q=...")
            env = django_env(item.url)
            try:
                if not collected:  # one STATIC_ROOT (var/bench/static) serves every backend
                    collectstatic(env)
                    collected = True
                wait_for_quiet(args.quiet_load, args.wait_quiet)
                queries = [q["text"] for q in results[item.backend]["queries"]]
                http[item.backend] = run_http_load(
                    backend=item.backend,
                    env=env,
                    queries=queries,
                    duration=args.http_duration,
                    warmup=args.http_warmup,
                    connections=args.http_connections,
                    threads=args.http_threads,
                    workers=args.http_workers,
                    work_dir=BENCH_DIR,
                    db_pids=pg_backend_pids(item.url, item.label)
                    if item.backend == "postgresql"
                    else None,
                )
                h = http[item.backend]
                log(
                    f"{item.backend}: {h.rps:,.0f} req/s, p50 {fmt_ms(h.p50_ms)} ms, "
                    f"p99 {fmt_ms(h.p99_ms)} ms, "
                    f"{h.non2xx} non-2xx, {h.socket_errors} socket errors ({h.requests:,} requests)"
                )
                log(f"{item.backend}: {cpu_line(h)}")
            except Exception as error:
                failed(failures, item.backend, "HTTP load", error)

    print_summary(args, prepared, results, http, failures, time.monotonic() - began)
    return 1 if failures else 0


def cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def cpu_line(h: HttpResult) -> str:
    return (
        f"CPU per request {fmt_ms(h.cpu_ms)} ms (gunicorn {fmt_ms(h.cpu_app_ms)} + database server "
        f"{fmt_ms(h.cpu_db_ms)} + wrk {fmt_ms(h.cpu_wrk_ms)}): {cores()} cores saturate at "
        f"~{h.cpu_bound_rps(cores()):,.0f} req/s"
    )


def pg_backend_pids(url: str, name: str) -> Callable[[], list[int]]:
    """The PostgreSQL server processes serving the bench database (gunicorn's connections)."""

    def pids() -> list[int]:
        try:
            with pg_connect(pg_database_url(url, "postgres")) as conn:
                rows = conn.execute(
                    "SELECT pid FROM pg_stat_activity "
                    "WHERE datname = %s AND pid <> pg_backend_pid()",
                    [name],
                ).fetchall()
        except Exception:
            return []
        return [int(row[0]) for row in rows]

    return pids


def print_summary(
    args: argparse.Namespace,
    prepared: Sequence[Prepared],
    results: Mapping[str, dict[str, Any]],
    http: Mapping[str, HttpResult],
    failures: Sequence[str],
    seconds: float,
) -> None:
    stage(
        f"SUMMARY: {args.enterprises:,} enterprises, {args.queries} mixed queries, seed {args.seed}"
    )
    for line in machine_lines(args)[1:3]:
        log("  " + line)
    for item in prepared:
        took = f"{item.prep_seconds:,.0f}s" if item.prep_seconds is not None else "unknown"
        log(
            f"  {item.backend:<11} database {item.label}: {item.size_bytes / 2**30:.2f} GiB, "
            f"preparation {took}{' (earlier run)' if item.reused else ''}"
        )
    log("")
    header = (
        f"  {'backend':<11}{'engine':<14}{'p50 ms':>9}{'p99 ms':>9}{'max ms':>10}"
        f"{'p50 ratio':>11}{'p99 ratio':>11}"
    )
    if any("engines" in result for result in results.values()):
        log(header)
        log("  " + "-" * (len(header) - 2))
    goals: list[tuple[str, bool]] = []
    for backend, result in results.items():
        if "engines" not in result:  # --no-search: the queries were drawn, not measured
            continue
        ours = result["engines"]["hongdun"]["summary"]["all"]
        for name, engine in result["engines"].items():
            s = engine["summary"]["all"]
            r50 = "" if name == "hongdun" else fmt_ratio(ratio(s["p50"], ours["p50"]))
            r99 = "" if name == "hongdun" else fmt_ratio(ratio(s["p99"], ours["p99"]))
            log(
                f"  {backend:<11}{engine['label']:<14}{fmt_ms(s['p50']):>9}{fmt_ms(s['p99']):>9}"
                f"{fmt_ms(s['max']):>10}{r50:>11}{r99:>11}"
            )
        by_cat = ", ".join(
            f"{c} {fmt_ms(v['p99'])}"
            for c, v in result["engines"]["hongdun"]["summary"].items()
            if c != "all"
        )
        log(f"  {'':<11}Hongdun p99 by category (ms): {by_cat}")
        cpu = result["engines"]["hongdun"]["cpu_summary"]["all"]
        where = "whole query, in-process" if backend == "sqlite" else "client side only"
        log(
            f"  {'':<11}Hongdun CPU time ({where}): p50 {fmt_ms(cpu['p50'])} ms, "
            f"p99 {fmt_ms(cpu['p99'])} ms"
        )
        if result.get("recall"):
            r2 = result["recall"].get("2-char")
            if r2 and backend == "sqlite":
                log(
                    f"  {'':<11}FTS5 trigram on 2-char queries: "
                    f"recall {r2['complete']}/{r2['queries']} queries, "
                    f"{r2['rows_found']:,} of {r2['rows_expected']:,} rows"
                )
        goals.append(
            (
                f"{backend}: Hongdun p99 {fmt_ms(ours['p99'])} ms <= {GOAL_P99_MS:g} ms",
                ours["p99"] <= GOAL_P99_MS,
            )
        )
        goals.append(
            (
                f"{backend}: result sets identical to LIKE ({len(result['mismatches'])} mismatches "
                f"in {len(result['queries'])} queries)",
                not result["mismatches"],
            )
        )
    for backend, h in http.items():
        log(
            f"  {backend:<11}HTTP GET /enterprises/?q= ({h.workers} gunicorn workers, "
            f"wrk -t{h.threads} "
            f"-c{h.connections}, {h.seconds:.0f}s): {h.rps:,.0f} req/s, p50 {fmt_ms(h.p50_ms)} ms, "
            f"p99 {fmt_ms(h.p99_ms)} ms, max {fmt_ms(h.max_ms)} ms, non-2xx {h.non2xx}, "
            f"socket errors {h.socket_errors}"
        )
        log(f"  {'':<11}{cpu_line(h)}")
        goals.append(
            (
                f"{backend}: HTTP {h.rps:,.0f} req/s >= {GOAL_RPS:g} req/s with no errors",
                h.rps >= GOAL_RPS and h.non2xx == 0 and h.socket_errors == 0,
            )
        )
    log_goals(goals, failures, seconds)


if __name__ == "__main__":
    sys.exit(main())
