"""One backend's search measurement, run by bench/run.py in its own process with DATABASE_URL set.

    DATABASE_URL=... DJANGO_SETTINGS_MODULE=config.settings.local \\
        python -m bench.search_bench --seed 20261127 --queries 200 --out var/bench/result.json

It draws a fixed query set from the data, checks every query against a `LIKE '%q%'` scan, times
Hongdun's public query and the baselines (LIKE; SQLite FTS5 trigram; PostgreSQL pg_trgm), prints
the tables and writes everything as JSON for run.py's summary.
"""

import argparse
import gc
import json
import os
import random
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.stats import Summary, fmt_ms, fmt_ratio, ratio, summarize  # noqa: E402

CATEGORIES = ("2-char", "3-4-char", "full-name", "uscc")
# Shares of the query mix, in CATEGORIES order.
SHARES = (0.40, 0.25, 0.20, 0.15)
PAGE = 20
GOAL_P99_MS = 10.0

TABLE = "enterprises_enterprise"
# The baselines answer the same question as Hongdun: a name fragment anywhere in the name, or an
# exact USCC (Hongdun routes a USCC-shaped input to the code; a naive search box ORs the two, as the
# staff list does). For name fragments the `uscc = q` arm is an index probe that never matches.
LIKE_WHERE = "name LIKE %s ESCAPE '\\' OR uscc = %s"
LIKE_COUNT = f"SELECT COUNT(*) FROM {TABLE} WHERE {LIKE_WHERE}"
LIKE_PAGE = f"SELECT id, name FROM {TABLE} WHERE {LIKE_WHERE} ORDER BY id LIMIT {PAGE}"
LIKE_IDS = f"SELECT id FROM {TABLE} WHERE {LIKE_WHERE}"

FTS_TABLE = "bench_fts"
FTS_WHERE = f"id IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s) OR uscc = %s"
FTS_COUNT = f"SELECT COUNT(*) FROM {TABLE} WHERE {FTS_WHERE}"
FTS_PAGE = f"SELECT id, name FROM {TABLE} WHERE {FTS_WHERE} ORDER BY id LIMIT {PAGE}"
FTS_IDS = f"SELECT id FROM {TABLE} WHERE {FTS_WHERE}"

TRGM_INDEX = "bench_name_trgm"


@dataclass(frozen=True, slots=True)
class Query:
    text: str
    category: str


@dataclass(slots=True)
class EngineRun:
    """Timings (ms) and answers of one engine over the query list, in query order."""

    name: str
    label: str
    times_ms: list[float] = field(default_factory=list)
    cpu_ms: list[float] = field(default_factory=list)  # CPU time of this (the client) thread
    counts: list[int] = field(default_factory=list)
    pages: list[list[int]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def log(message: str) -> None:
    print(message, flush=True)


def loadavg() -> float:
    """The 1-minute load average: other work on the machine shows up in the latencies."""
    try:
        return float(Path("/proc/loadavg").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return float("nan")


def is_han(text: str) -> bool:
    return bool(text) and all("\u4e00" <= ch <= "\u9fff" for ch in text)


# --- the query set --------------------------------------------------------------------------------


def category_sizes(total: int) -> list[int]:
    sizes = [round(total * share) for share in SHARES[:-1]]
    return [*sizes, total - sum(sizes)]


def build_queries(rows: Sequence[tuple[str, str, str]], *, seed: int, total: int) -> list[Query]:
    """A reproducible mix drawn from the data: rows are (name, trade_name, uscc) in id order.

    Picking a random enterprise and then a piece of its trade name weights trade names by how
    often they occur, as real traffic does (popular 字号 such as 红光 are searched the most).
    """
    rng = random.Random(seed)
    n2, n34, nfull, nuscc = category_sizes(total)
    seen: set[str] = set()
    out: list[Query] = []

    def draw(
        category: str, wanted: int, make: Callable[[tuple[str, str, str]], str | None]
    ) -> None:
        got = 0
        for _attempt in range(wanted * 2_000):
            if got == wanted:
                return
            text = make(rows[rng.randrange(len(rows))])
            if text and text not in seen:
                seen.add(text)
                out.append(Query(text=text, category=category))
                got += 1
        raise RuntimeError(f"could not draw {wanted} distinct {category} queries from the data")

    def two_chars(row: tuple[str, str, str]) -> str | None:
        trade = row[1]
        if len(trade) < 2:
            return None
        start = rng.randrange(len(trade) - 1)
        text = trade[start : start + 2]
        return text if is_han(text) else None

    def three_four(row: tuple[str, str, str]) -> str | None:
        name, trade = row[0], row[1]
        if rng.random() < 0.5:
            # The trade name plus the first character of the industry: 红光机, 鑫源建.
            at = name.find(trade) if len(trade) in (2, 3) else -1
            if at < 0 or at + len(trade) >= len(name):
                return None
            text = name[at : at + len(trade) + 1]
        else:
            size = rng.choice((3, 4))
            if len(name) < size:
                return None
            start = rng.randrange(len(name) - size + 1)
            text = name[start : start + size]
        return text if is_han(text) else None

    draw("2-char", n2, two_chars)
    draw("3-4-char", n34, three_four)
    draw("full-name", nfull, lambda row: row[0])
    draw("uscc", nuscc, lambda row: row[2])
    rng.shuffle(out)  # a mixed stream, as users type it
    return out


def like_pattern(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def fts_phrase(text: str) -> str:
    """The query as one FTS5 string (a phrase): double quotes doubled."""
    return '"' + text.replace('"', '""') + '"'


# --- engines --------------------------------------------------------------------------------------


def run_engine(
    run: EngineRun, queries: Sequence[Query], answer: Callable[[str], tuple[int, list[int]]]
) -> None:
    gc.collect()
    for query in queries:
        cpu = time.thread_time()
        started = time.perf_counter()
        try:
            count, page = answer(query.text)
        except Exception as error:  # a query the engine refuses is a result too
            count, page = -1, []
            run.errors.append(f"{query.text}: {error!r}")
        run.times_ms.append((time.perf_counter() - started) * 1000)
        run.cpu_ms.append((time.thread_time() - cpu) * 1000)
        run.counts.append(count)
        run.pages.append(page)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seed", type=int, default=20261127)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--label", default="")
    parser.add_argument(
        "--queries-only",
        action="store_true",
        help="only draw the query set and write it to --out (for an HTTP-only run)",
    )
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    import django

    django.setup()

    from django.db import connection, transaction

    from hongdun.enterprises.selectors import enterprise_search, enterprise_search_ids

    vendor = connection.vendor
    title = "SQLite" if vendor == "sqlite" else "PostgreSQL"
    cursor = connection.cursor()

    def scalar(sql: str, params: Sequence[Any] = ()) -> Any:
        cursor.execute(sql, params)
        row = cursor.fetchone()
        return row[0] if row else None

    total_enterprises = int(scalar(f"SELECT COUNT(*) FROM {TABLE}"))
    log(
        f"[{title}] {total_enterprises:,} enterprises; "
        f"drawing {args.queries} queries (seed {args.seed})"
    )
    started = time.perf_counter()
    cursor.execute(f"SELECT name, trade_name, uscc FROM {TABLE} ORDER BY id")
    rows: list[tuple[str, str, str]] = cursor.fetchall()
    queries = build_queries(rows, seed=args.seed, total=args.queries)
    del rows
    gc.collect()
    by_category = Counter(q.category for q in queries)
    log(
        f"[{title}] query set ready in {time.perf_counter() - started:.1f}s: "
        + ", ".join(f"{by_category[c]} {c}" for c in CATEGORIES)
        + "; e.g. "
        + ", ".join(next(q.text for q in queries if q.category == c) for c in CATEGORIES)
    )

    if args.queries_only:
        args.out.write_text(
            json.dumps({"backend": vendor, "queries": [asdict(q) for q in queries]}),
            encoding="utf-8",
        )
        return 0

    result: dict[str, Any] = {
        "backend": vendor,
        "enterprises": total_enterprises,
        "seed": args.seed,
        "queries": [asdict(q) for q in queries],
        "goal_p99_ms": GOAL_P99_MS,
    }
    result["server"] = server_settings(cursor, vendor)

    # --- extra baselines' indexes, built once and kept in the bench database ----------------------
    notes: list[str] = []
    extra: str | None = None
    if vendor == "sqlite":
        result["fts_build_seconds"], built = ensure_fts(cursor, transaction)
        verb = "built" if built else "already built (build took"
        tail = "" if built else ")"
        log(
            f"[{title}] FTS5 trigram table {FTS_TABLE}: "
            f"{verb} {result['fts_build_seconds']:.1f}s{tail}"
        )
        extra = "fts5"
    else:
        seconds, built, problem = ensure_trgm(cursor)
        result["trgm_build_seconds"] = seconds
        if problem:
            notes.append(f"pg_trgm baseline skipped: {problem}")
            log(f"[{title}] pg_trgm is not available: {problem}")
        else:
            verb = "built" if built else "already built (build took"
            tail = "" if built else ")"
            log(f"[{title}] pg_trgm GIN index {TRGM_INDEX}: {verb} {seconds:.1f}s{tail}")
            extra = "trgm"
        notes.append(
            "PostgreSQL baselines run with jit=off (a 1M-row scan would pay JIT compilation on "
            "every query); Hongdun runs with the server defaults, as in production"
        )

    result["sizes"] = storage_sizes(cursor, vendor)

    # --- answers ----------------------------------------------------------------------------------
    def hongdun(text: str) -> tuple[int, list[int]]:
        page = enterprise_search(raw_query=text, page=1)
        return page.count, [e.pk for e in page.results]

    def like(text: str) -> tuple[int, list[int]]:
        params = (like_pattern(text), text)
        count = int(scalar(LIKE_COUNT, params))
        cursor.execute(LIKE_PAGE, params)
        return count, [row[0] for row in cursor.fetchall()]

    def fts(text: str) -> tuple[int, list[int]]:
        params = (fts_phrase(text), text)
        count = int(scalar(FTS_COUNT, params))
        cursor.execute(FTS_PAGE, params)
        return count, [row[0] for row in cursor.fetchall()]

    def ids(sql: str, params: Sequence[Any]) -> set[int]:
        cursor.execute(sql, params)
        return {row[0] for row in cursor.fetchall()}

    def session(engine: str) -> None:
        """PostgreSQL settings per engine: server defaults for Hongdun; no JIT for the baselines,
        and for the plain LIKE scan no bitmap scans, i.e. no use of the pg_trgm GIN index."""
        if vendor != "postgresql":
            return
        cursor.execute("RESET jit" if engine == "hongdun" else "SET jit = off")
        cursor.execute(
            "SET enable_bitmapscan = off" if engine == "like" else "RESET enable_bitmapscan"
        )

    # --- correctness: every query, full id sets (these passes also warm the caches) ---------------
    log(f"[{title}] correctness: Hongdun's full id set vs LIKE '%q%' for every query ...")
    started = time.perf_counter()
    reference: list[set[int]] = []
    hongdun_sets: list[set[int] | None] = []
    session("like")
    for i, query in enumerate(queries, start=1):
        reference.append(ids(LIKE_IDS, (like_pattern(query.text), query.text)))
        if i % 50 == 0 or i == len(queries):
            log(f"  LIKE {i}/{len(queries)} ({time.perf_counter() - started:.1f}s)")
    session("hongdun")
    for query in queries:
        try:
            hongdun_sets.append(enterprise_search_ids(raw_query=query.text))
        except Exception as error:
            log(f"  Hongdun refused {query.text!r}: {error!r}")
            hongdun_sets.append(None)
    extra_sets: list[set[int]] = []
    if extra:
        log(
            f"[{title}] correctness: {'FTS5 trigram' if extra == 'fts5' else 'pg_trgm'} id sets ..."
        )
        for query in queries:
            if extra == "fts5":
                extra_sets.append(ids(FTS_IDS, (fts_phrase(query.text), query.text)))
            else:
                session("trgm")
                extra_sets.append(ids(LIKE_IDS, (like_pattern(query.text), query.text)))

    # --- timings ----------------------------------------------------------------------------------
    session("hongdun")
    log(f"[{title}] warm-up: Hongdun over all {len(queries)} queries")
    run_engine(EngineRun("warmup", "warm-up"), queries, hongdun)
    engines: list[EngineRun] = []
    plan: list[tuple[EngineRun, Callable[[str], tuple[int, list[int]]]]] = [
        (EngineRun("hongdun", "Hongdun"), hongdun),
        (EngineRun("like", "LIKE '%q%'"), like),
    ]
    if extra == "fts5":
        plan.append((EngineRun("fts5", "FTS5 trigram"), fts))
    elif extra == "trgm":
        plan.append((EngineRun("trgm", "pg_trgm GIN"), like))
    loads: dict[str, list[float]] = {}
    for run, answer in plan:
        log(
            f"[{title}] timing {run.label}: count + first page of {PAGE}, "
            f"{len(queries)} queries (load average {loadavg():.2f}) ..."
        )
        session(run.name)
        before = loadavg()
        started = time.perf_counter()
        run_engine(run, queries, answer)
        took = time.perf_counter() - started
        loads[run.name] = [before, loadavg()]
        log(f"  done in {took:.1f}s (load average {loads[run.name][1]:.2f})")
        engines.append(run)
    session("hongdun")
    result["loadavg"] = loads
    if extra == "trgm":
        result["trgm_plans"] = trgm_plans(cursor, queries)
        session("hongdun")

    # --- checks -----------------------------------------------------------------------------------
    ours = engines[0]
    like_run = engines[1]
    mismatches: list[dict[str, Any]] = []
    for i, query in enumerate(queries):
        expected = reference[i]
        got = hongdun_sets[i]
        problems = []
        if got is None:
            problems.append("refused")
        elif got != expected:
            problems.append(
                f"id set differs: {len(got - expected)} extra, {len(expected - got)} missing"
            )
        if ours.counts[i] != len(expected):
            problems.append(f"count {ours.counts[i]} != {len(expected)}")
        page = ours.pages[i]
        if (
            len(page) != min(PAGE, len(expected))
            or len(set(page)) != len(page)
            or not set(page) <= expected
        ):
            problems.append(f"first page wrong ({len(page)} rows)")
        if like_run.counts[i] != len(expected):
            problems.append(f"LIKE count {like_run.counts[i]} != LIKE id set {len(expected)}")
        if problems:
            mismatches.append(
                {"query": query.text, "category": query.category, "problems": problems}
            )

    recall: dict[str, dict[str, int]] = {}
    if extra_sets:
        for category in CATEGORIES:
            indices = [i for i, q in enumerate(queries) if q.category == category]
            recall[category] = {
                "queries": len(indices),
                "complete": sum(1 for i in indices if reference[i] <= extra_sets[i]),
                "exact": sum(1 for i in indices if reference[i] == extra_sets[i]),
                "rows_expected": sum(len(reference[i]) for i in indices),
                "rows_found": sum(len(reference[i] & extra_sets[i]) for i in indices),
                "rows_extra": sum(len(extra_sets[i] - reference[i]) for i in indices),
                "zero_results": sum(1 for i in indices if not extra_sets[i] and reference[i]),
            }

    # --- report -----------------------------------------------------------------------------------
    result["engines"] = {}
    for run in engines:
        result["engines"][run.name] = {
            "label": run.label,
            "summary": table_summaries(run.times_ms, queries),
            "cpu_summary": table_summaries(run.cpu_ms, queries),
            "errors": run.errors,
        }
    result["mismatches"] = mismatches
    result["recall"] = recall
    result["notes"] = notes
    worst = sorted(range(len(queries)), key=lambda i: ours.times_ms[i], reverse=True)[:5]
    result["worst"] = [
        {
            "query": queries[i].text,
            "category": queries[i].category,
            "count": ours.counts[i],
            "ms": ours.times_ms[i],
        }
        for i in worst
    ]
    result["per_query"] = [
        {
            "query": q.text,
            "category": q.category,
            "like_count": len(reference[i]),
            **{f"{run.name}_ms": run.times_ms[i] for run in engines},
            **{f"{run.name}_cpu_ms": run.cpu_ms[i] for run in engines},
        }
        for i, q in enumerate(queries)
    ]
    print_report(title, result, engines, queries)
    result["diagnosis"] = diagnose(
        title, vendor, connection, cursor, [queries[i] for i in worst], ours.times_ms[worst[0]]
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


def table_summaries(
    times: Sequence[float], queries: Sequence[Query]
) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    for category in (*CATEGORIES, "all"):
        samples = [
            t for t, q in zip(times, queries, strict=True) if category in ("all", q.category)
        ]
        out[category] = summarize(samples).as_dict()
    return out


def print_report(
    title: str, result: dict[str, Any], engines: Sequence[EngineRun], queries: Sequence[Query]
) -> None:
    n = result["enterprises"]
    log("")
    log(
        f"== {title}: {n:,} enterprises, {len(queries)} queries; "
        f"latency of count + first page of {PAGE} =="
    )
    header = (
        f"{'engine':<14}{'category':<11}{'n':>4}{'p50 ms':>9}{'p99 ms':>9}{'max ms':>9}"
        f"{'p50 ratio':>10}{'p99 ratio':>10}{'cpu p50':>9}{'cpu p99':>9}"
    )
    log(header)
    log("-" * len(header))
    base = result["engines"]["hongdun"]["summary"]
    for run in engines:
        summaries = result["engines"][run.name]["summary"]
        cpu_summaries = result["engines"][run.name]["cpu_summary"]
        for category in (*CATEGORIES, "all"):
            s = Summary(**summaries[category])
            cpu = Summary(**cpu_summaries[category])
            ours = Summary(**base[category])
            ratios = (
                ("", "")
                if run.name == "hongdun"
                else (fmt_ratio(ratio(s.p50, ours.p50)), fmt_ratio(ratio(s.p99, ours.p99)))
            )
            log(
                f"{run.label:<14}{category:<11}{s.n:>4}{fmt_ms(s.p50):>9}{fmt_ms(s.p99):>9}"
                f"{fmt_ms(s.max):>9}{ratios[0]:>10}{ratios[1]:>10}"
                f"{fmt_ms(cpu.p50):>9}{fmt_ms(cpu.p99):>9}"
            )
        log("")
    log("ratio = baseline / Hongdun (same category); percentiles are nearest-rank (bench/stats.py)")
    if result["backend"] == "sqlite":
        log(
            "cpu = CPU time of the benchmark thread; SQLite runs in-process, so it is the whole "
            "cost of the query without time spent waiting for a core"
        )
    else:
        log("cpu = CPU time of the client thread only (Django + driver), not of the server")
    for run in engines:
        if run.errors:
            log(f"{run.label}: {len(run.errors)} queries failed, e.g. {run.errors[0]}")

    mismatches = result["mismatches"]
    log(
        f"Correctness, every query vs LIKE '%q%' (full id sets, counts, first page): "
        f"{len(mismatches)} mismatches in {len(queries)} queries"
    )
    for item in mismatches[:10]:
        log(f"  MISMATCH [{item['category']}] {item['query']}: {'; '.join(item['problems'])}")
    if result["recall"]:
        label = "FTS5 trigram" if result["backend"] == "sqlite" else "pg_trgm"
        log(
            f"{label} recall vs LIKE "
            "(queries returning every LIKE row; rows found of rows expected):"
        )
        for category, r in result["recall"].items():
            flag = ""
            if r["rows_found"] == 0 and r["rows_expected"]:
                flag = "   <- finds NOTHING (silently)"
            elif r["complete"] < r["queries"]:
                flag = f"   <- {r['queries'] - r['complete']} queries incomplete"
            log(
                f"  {category:<10} recall {r['complete']}/{r['queries']} queries, "
                f"{r['rows_found']:,} of {r['rows_expected']:,} rows"
                + (f", {r['rows_extra']:,} extra rows" if r["rows_extra"] else "")
                + flag
            )
    for category, plan in result.get("trgm_plans", {}).items():
        log(f"pg_trgm plan, {category} ({plan})")
    for note in result["notes"]:
        log(f"Note: {note}")
    loads = result.get("loadavg", {})
    if loads:
        log(
            "Load average (1 min) before/after each timing pass: "
            + ", ".join(f"{name} {a:.2f}/{b:.2f}" for name, (a, b) in loads.items())
        )
        cores = os.cpu_count() or 1
        if max(max(pair) for pair in loads.values()) > cores:
            log(
                f"WARNING: load average above {cores} (the core count): other work was running, "
                "latencies are pessimistic; re-run on a quiet machine"
            )
    log("Worst 5 Hongdun queries:")
    for w in result["worst"]:
        log(f"  {fmt_ms(w['ms']):>8} ms  [{w['category']}] {w['query']}  ({w['count']:,} matches)")
    sizes = result["sizes"]
    if sizes:
        log("Storage: " + ", ".join(f"{k} {v / 2**20:,.0f} MiB" for k, v in sizes.items()))


# --- one-time extra indexes -----------------------------------------------------------------------


def meta_get(cursor: Any, key: str) -> str | None:
    cursor.execute(
        "CREATE TABLE IF NOT EXISTS bench_meta (key VARCHAR(100) PRIMARY KEY, value TEXT)"
    )
    cursor.execute("SELECT value FROM bench_meta WHERE key = %s", [key])
    row = cursor.fetchone()
    return str(row[0]) if row else None


def meta_set(cursor: Any, key: str, value: str) -> None:
    cursor.execute("DELETE FROM bench_meta WHERE key = %s", [key])
    cursor.execute("INSERT INTO bench_meta (key, value) VALUES (%s, %s)", [key, value])


def ensure_fts(cursor: Any, transaction: Any) -> tuple[float, bool]:
    """The FTS5 trigram table over the names (external content: it stores only the index)."""
    cursor.execute("SELECT 1 FROM sqlite_master WHERE name = %s", [FTS_TABLE])
    exists = cursor.fetchone() is not None
    recorded = meta_get(cursor, "fts_build_seconds")
    if exists and recorded is not None:
        return float(recorded), False
    log(f"building FTS5 trigram table {FTS_TABLE} (once) ...")
    started = time.perf_counter()
    with transaction.atomic():
        cursor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")
        cursor.execute(
            f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(name, content='{TABLE}', "
            "content_rowid='id', tokenize='trigram')"
        )
        cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")
        seconds = time.perf_counter() - started
        meta_set(cursor, "fts_build_seconds", f"{seconds:.3f}")
    return seconds, True


def ensure_trgm(cursor: Any) -> tuple[float, bool, str | None]:
    """pg_trgm's GIN index on the name; (build seconds, built now, why unavailable)."""
    try:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except Exception as error:
        return 0.0, False, str(error).strip().splitlines()[0]
    cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = %s", [TRGM_INDEX])
    exists = cursor.fetchone() is not None
    recorded = meta_get(cursor, "trgm_build_seconds")
    if exists and recorded is not None:
        return float(recorded), False, None
    log(f"building pg_trgm GIN index {TRGM_INDEX} (once) ...")
    started = time.perf_counter()
    cursor.execute(f"DROP INDEX IF EXISTS {TRGM_INDEX}")
    cursor.execute(f"CREATE INDEX {TRGM_INDEX} ON {TABLE} USING gin (name gin_trgm_ops)")
    cursor.execute(f"ANALYZE {TABLE}")
    seconds = time.perf_counter() - started
    meta_set(cursor, "trgm_build_seconds", f"{seconds:.3f}")
    return seconds, True, None


def trgm_plans(cursor: Any, queries: Sequence[Query]) -> dict[str, str]:
    """How PostgreSQL answers the LIKE count with the pg_trgm index, per category (scan nodes)."""
    cursor.execute("SET jit = off")
    cursor.execute("RESET enable_bitmapscan")
    plans: dict[str, str] = {}
    for category in CATEGORIES:
        query = next((q for q in queries if q.category == category), None)
        if query is None:
            continue
        cursor.execute("EXPLAIN " + LIKE_COUNT, (like_pattern(query.text), query.text))
        nodes = [str(row[0]).strip().lstrip("-> ").split("  (")[0] for row in cursor.fetchall()]
        scans = [n for n in nodes if "Scan" in n]
        plans[category] = f"{query.text}: {'; '.join(scans) or nodes[0]}"
    return plans


def storage_sizes(cursor: Any, vendor: str) -> dict[str, int]:
    """Bytes on disk: the register, Hongdun's n-gram index and the baselines' indexes."""
    groups = {
        "enterprises (table+indexes)": [TABLE],
        "Hongdun n-gram index": ["enterprises_searchgram", "enterprises_searchposting"],
        "FTS5 trigram": [FTS_TABLE],
        "pg_trgm GIN": [TRGM_INDEX],
    }
    sizes: dict[str, int] = {}
    try:
        if vendor == "sqlite":
            cursor.execute(
                "SELECT name, tbl_name FROM sqlite_master WHERE type IN ('table', 'index')"
            )
            owner = dict(cursor.fetchall())
            cursor.execute("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name")
            per_object = cursor.fetchall()
            for label, tables in groups.items():
                total = 0
                for name, size in per_object:
                    table = owner.get(name, name)
                    if table in tables or any(
                        table.startswith(f"{t}_") and t == FTS_TABLE for t in tables
                    ):
                        total += int(size)
                if total:
                    sizes[label] = total
        else:
            for label, tables in groups.items():
                cursor.execute(
                    "SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
                    "WHERE c.relname = ANY(%s) AND c.relkind IN ('r', 'i')",
                    [tables],
                )
                total = int(cursor.fetchone()[0])
                if label == "enterprises (table+indexes)":
                    cursor.execute(
                        "SELECT COALESCE(pg_relation_size(to_regclass(%s)), 0)", [TRGM_INDEX]
                    )
                    total -= int(cursor.fetchone()[0])
                if total:
                    sizes[label] = total
    except Exception as error:  # dbstat may be compiled out; sizes are a nicety
        log(f"(storage breakdown unavailable: {error})")
    return sizes


def server_settings(cursor: Any, vendor: str) -> dict[str, str]:
    if vendor == "sqlite":
        out = {}
        for pragma in ("page_size", "cache_size", "mmap_size", "journal_mode"):
            cursor.execute(f"PRAGMA {pragma}")
            out[pragma] = str(cursor.fetchone()[0])
        return out
    out = {}
    for name in (
        "server_version",
        "shared_buffers",
        "work_mem",
        "effective_cache_size",
        "max_parallel_workers_per_gather",
        "jit",
        "lc_ctype",
    ):
        cursor.execute(f"SHOW {name}")
        out[name] = str(cursor.fetchone()[0])
    return out


# --- diagnosis of the slowest Hongdun queries -----------------------------------------------------


def diagnose(
    title: str, vendor: str, connection: Any, cursor: Any, worst: Sequence[Query], worst_ms: float
) -> list[dict[str, Any]]:
    """Re-run the slowest queries recording each SQL statement, and EXPLAIN the slowest statement.

    Always done for the slowest query; for the worst five when the p99 goal is missed.
    """
    from hongdun.enterprises.selectors import enterprise_search

    chosen = list(worst if worst_ms > GOAL_P99_MS else worst[:1])
    log("")
    log(f"[{title}] statements of the slowest Hongdun {'queries' if len(chosen) > 1 else 'query'}:")
    out: list[dict[str, Any]] = []
    for query in chosen:
        recorder = StatementRecorder()
        statements = recorder.statements
        started = time.perf_counter()
        with connection.execute_wrapper(recorder):
            page = enterprise_search(raw_query=query.text, page=1)
        total = (time.perf_counter() - started) * 1000
        log(
            f"  {query.text} [{query.category}]: {fmt_ms(total)} ms, {page.count:,} matches, "
            f"{len(statements)} statements"
        )
        for ms, sql, _params in statements:
            log(f"    {fmt_ms(ms):>8} ms  {shorten(sql)}")
        slowest = max(statements, key=lambda s: s[0]) if statements else None
        plan: list[str] = []
        if slowest:
            prefix = "EXPLAIN QUERY PLAN " if vendor == "sqlite" else "EXPLAIN (ANALYZE, BUFFERS) "
            cursor.execute(prefix + slowest[1], slowest[2])
            rows = cursor.fetchall()
            plan = [str(row[-1]) for row in rows]
            log(f"    plan of the slowest ({prefix.strip()}):")
            for line in plan:
                log(f"      {line}")
        out.append(
            {
                "query": query.text,
                "category": query.category,
                "ms": total,
                "count": page.count,
                "statements": [
                    {"ms": ms, "sql": sql, "params": repr(p)} for ms, sql, p in statements
                ],
                "plan": plan,
            }
        )
    return out


class StatementRecorder:
    """A Django execute wrapper that records (ms, sql, params) of every statement."""

    def __init__(self) -> None:
        self.statements: list[tuple[float, str, Any]] = []

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.statements.append(((time.perf_counter() - started) * 1000, sql, params))


def shorten(sql: str, width: int = 150) -> str:
    flat = " ".join(sql.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


if __name__ == "__main__":
    sys.exit(main())
