"""Name-check benchmark: Hongdun's conflict engine against the baselines a user would reach for.

    .venv/bin/python -m bench.namecheck_bench [--names 1000000] [--also 4000000]
        [--seed 20261127] [--queries 200] [--no-pg] [--no-http]

One run prints (see bench/NAMECHECK.md):

1. the data: Baotou-style names from `hongdun.enterprises.demo_names.NameGenerator`, registry =
   division code; 200 queries in the categories of `CATEGORIES` (exact 字号 reuse,
   homophone, permutation, +1 char, −1 char, new random); ground truth per query = every stored
   name the engine reports under a C-*/H-* rule (the display cap of 5 names per rule is lifted
   for that pass only);
2. Hongdun at --names: parse + build time, memory (`memory_bytes()`, process RSS, snapshot on
   disk), mmap load time, `check()` p50/p99/max warm and cold after a load in a fresh process,
   and where a check spends its time (parse / structure rules / conflicts, cProfile);
3. the baselines on the same names and queries: rapidfuzz `process.extract` over full names,
   PostgreSQL pg_trgm on a 字号 column, SQLite FTS5 trigram on 字号, with recall per category;
4. Hongdun again at --also names and a labelled projection to 60M names;
5. end to end: `POST /api/v1/namecheck/check` through gunicorn (bench/namecheck_http.py);
6. the goals of issue 3, each PASS or MISS (never asserted).

Everything runs on 127.0.0.1. Results are also written to var/namebench/result.json.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import json
import math
import os
import platform
import pstats
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.stats import fmt_ms, fmt_ratio, percentile  # noqa: E402
from hongdun.enterprises.demo_names import (  # noqa: E402
    BAOTOU_DIVISIONS,
    GeneratedName,
    NameGenerator,
)
from hongdun.namecheck.engine import (  # noqa: E402
    CheckContext,
    EngineConfig,
    NameIndex,
    ParsedName,
    ReferenceData,
    StoredName,
    check,
    conflict_findings,
    load_reference,
    parse,
    structure_findings,
)
from hongdun.namecheck.engine import conflicts as engine_conflicts  # noqa: E402
from hongdun.namecheck.engine.check import heuristic_tables  # noqa: E402

WORK_DIR = ROOT / "var" / "namebench"
PG_DB = "hongdun_namebench"
PG_DSN = "host=127.0.0.1 port=5432 user=postgres"

# Baotou's nine county-level divisions (GB/T 2260); the registry of a name is its division code.
# The generator also knows the hi-tech zone (150271), which is not a county-level division.
DIVISIONS: tuple[tuple[str, str], ...] = tuple(d for d in BAOTOU_DIVISIONS if d[0] != "150271")

# Query mix of the 2026-11 reference measurements (bench/NAMECHECK.md), scaled to --queries.
CATEGORIES: tuple[tuple[str, int, str], ...] = (
    ("exact", 50, "exact 字号 reuse"),
    ("homophone", 40, "homophone"),
    ("permutation", 30, "permutation"),
    ("plus1", 30, "+1 char"),
    ("minus1", 20, "−1 char"),
    ("new", 30, "new random"),
)
CATEGORY_LABEL = {key: label for key, _, label in CATEGORIES}

# Goals of issue 3 ("How it will be checked").
GOAL_P50_US = 50.0
GOAL_P99_US = 200.0
GOAL_MB_PER_M = 150.0
GOAL_RATIO = 1000.0
GOAL_HTTP_P99_MS = 20.0
PROJECT_TO = 60_000_000
WARM_PASSES = 5
COMPANY_TYPES = frozenset({"llc", "jsc"})


# --- output -------------------------------------------------------------------------------------


def log(message: str = "") -> None:
    print(message, flush=True)


def stage(message: str) -> None:
    load = os.getloadavg()[0]
    log("")
    log(f"### {message}  [{datetime.now(UTC).astimezone():%H:%M:%S}, load {load:.2f}]")


def wait_quiet(limit_s: float, threshold: float = 1.0) -> None:
    """Wait (at most limit_s) until the 1-minute load average drops below `threshold`."""
    deadline = time.monotonic() + limit_s
    while os.getloadavg()[0] >= threshold and time.monotonic() < deadline:
        time.sleep(10)
    log(
        f"load average now {os.getloadavg()[0]:.2f} (waited for < {threshold} up to {limit_s:.0f}s)"
    )


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    cells = [[str(h) for h in headers], *[[str(c) for c in row] for row in rows]]
    widths = [max(_width(row[i]) for row in cells) for i in range(len(headers))]

    def line(row: Sequence[str]) -> str:
        return (
            "| "
            + " | ".join(c + " " * (w - _width(c)) for c, w in zip(row, widths, strict=True))
            + " |"
        )

    log(line(cells[0]))
    log("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in cells[1:]:
        log(line(row))


def _width(text: str) -> int:
    """Display width: wide and full-width (East Asian) characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def fmt_us(value: float) -> str:
    if value < 10:
        return f"{value:.1f} µs"
    if value < 10_000:
        return f"{value:,.0f} µs"
    return f"{fmt_ms(value / 1000)} ms"


def fmt_mb(n_bytes: float) -> str:
    return f"{n_bytes / 1e6:,.1f} MB"


def fmt_s(seconds: float) -> str:
    return f"{seconds:,.1f} s"


def verdict_word(ok: bool) -> str:
    return "PASS" if ok else "MISS"


# --- process memory -------------------------------------------------------------------------------


def proc_status() -> dict[str, int]:
    """VmRSS / VmHWM / RssAnon / RssFile of this process, in bytes."""
    out: dict[str, int] = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM", "RssAnon", "RssFile"):
            out[key] = int(value.split()[0]) * 1024
    return out


def rss() -> int:
    return proc_status().get("VmRSS", 0)


def reset_peak_rss() -> bool:
    """Reset VmHWM to the current RSS (Linux: write 5 to /proc/self/clear_refs)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def dir_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def evict_from_page_cache(path: Path) -> None:
    """Best effort: drop the snapshot's files from the page cache (only these files)."""
    for file in path.rglob("*"):
        if not file.is_file():
            continue
        fd = os.open(file, os.O_RDONLY)
        try:
            os.fsync(fd)
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        finally:
            os.close(fd)


# --- data ---------------------------------------------------------------------------------------


def name_stream(seed: int) -> Iterator[tuple[GeneratedName, str]]:
    """The endless, deterministic stream of (name, division code); a prefix of it is a register."""
    generator = NameGenerator(random.Random(seed), divisions=list(DIVISIONS))
    while True:
        yield generator.generate()


@dataclass(slots=True)
class Corpus:
    """The first N names, kept for the baselines and the query set."""

    names: list[str] = field(default_factory=list)
    registries: list[str] = field(default_factory=list)
    gen_trades: list[str] = field(default_factory=list)
    industries: list[str] = field(default_factory=list)
    types: list[str] = field(default_factory=list)
    trades: list[str] = field(default_factory=list)  # parsed by the engine (filled by the build)

    def __len__(self) -> int:
        return len(self.names)


def generate_corpus(n: int, seed: int) -> tuple[Corpus, float]:
    corpus = Corpus()
    started = time.perf_counter()
    for i, (gen, code) in enumerate(name_stream(seed)):
        if i >= n:
            break
        corpus.names.append(gen.name)
        corpus.registries.append(code)
        corpus.gen_trades.append(gen.trade_name)
        corpus.industries.append(gen.industry)
        corpus.types.append(gen.enterprise_type)
        if (i + 1) % 500_000 == 0:
            log(f"  generated {i + 1:,} names ({time.perf_counter() - started:.1f}s)")
    return corpus, time.perf_counter() - started


# --- Hongdun: build -----------------------------------------------------------------------------


@dataclass(slots=True)
class BuildStats:
    names: int
    generate_s: float
    parse_s: float
    build_s: float
    memory_bytes: int
    array_bytes: dict[str, int]
    rss_delta: int  # VmRSS after the build (index alive, inputs freed) − before
    peak_delta: int  # VmHWM during the build − VmRSS before (-1 if unavailable)
    snapshot_bytes: int = 0
    save_s: float = 0.0
    trade_mismatch: int = 0  # parsed 字号 != generated 字号

    @property
    def total_s(self) -> float:
        return self.parse_s + self.build_s


def build_index(
    n: int, seed: int, ref: ReferenceData, corpus: Corpus | None
) -> tuple[NameIndex, BuildStats]:
    """Parse + build over the first n names of the stream (from `corpus` when given)."""
    gc.collect()
    before = rss()
    peak_ok = reset_peak_rss()
    timers = {"gen": 0.0, "parse": 0.0}
    mismatch = 0
    started = time.perf_counter()

    def source() -> Iterator[tuple[str, str, str]]:
        if corpus is not None:
            yield from zip(corpus.names, corpus.registries, corpus.gen_trades, strict=True)
            return
        clock = time.perf_counter
        stream = name_stream(seed)
        for _ in range(n):
            t0 = clock()
            gen, code = next(stream)
            timers["gen"] += clock() - t0
            yield gen.name, code, gen.trade_name

    def records() -> Iterator[tuple[StoredName, ParsedName]]:
        nonlocal mismatch
        clock = time.perf_counter
        keep = corpus.trades if corpus is not None else None
        for i, (name, code, gen_trade) in enumerate(source()):
            t0 = clock()
            parsed = parse(name, ref)
            timers["parse"] += clock() - t0
            if parsed.trade_name != gen_trade:
                mismatch += 1
            if keep is not None:
                keep.append(parsed.trade_name)
            yield StoredName(i, name, code), parsed

    last = [started]
    shown: set[tuple[str, int]] = set()

    def progress(what: str, done: int) -> None:
        now = time.perf_counter()
        if (what, done) in shown:
            return
        if what != "read" or now - last[0] > 30 or done == n:
            last[0] = now
            shown.add((what, done))
            log(f"  build: {what} {done:,} ({now - started:.1f}s)")

    index = NameIndex.build(records(), progress)
    wall = time.perf_counter() - started
    gc.collect()
    after = rss()
    peak = proc_status().get("VmHWM", 0) - before if peak_ok else -1
    build_s = wall - timers["gen"] - timers["parse"]
    stats = BuildStats(
        names=n,
        generate_s=timers["gen"],
        parse_s=timers["parse"],
        build_s=build_s,
        memory_bytes=index.memory_bytes(),
        array_bytes=index.array_bytes(),
        rss_delta=after - before,
        peak_delta=peak,
        trade_mismatch=mismatch,
    )
    return index, stats


def save_snapshot(index: NameIndex, stats: BuildStats) -> Path:
    target = WORK_DIR / "snapshots" / f"n{stats.names}"
    started = time.perf_counter()
    index.save(target)
    stats.save_s = time.perf_counter() - started
    stats.snapshot_bytes = dir_bytes(target)
    return target


# --- queries ------------------------------------------------------------------------------------


@dataclass(slots=True)
class Query:
    category: str
    name: str
    registry: str
    trade: str  # the 字号 as constructed (= the engine's parse, checked)
    source: int  # id of the stored name it was derived from (-1 for new random)


def _pinyin_of(chars: Iterable[str]) -> dict[str, str]:
    from pypinyin import Style, lazy_pinyin

    return {c: lazy_pinyin(c, style=Style.NORMAL)[0] for c in chars}


def make_queries(corpus: Corpus, ref: ReferenceData, total: int, seed: int) -> list[Query]:
    """The query mix of `CATEGORIES`, derived from company names of the register."""
    rng = random.Random(seed + 1)
    registered: set[tuple[str, str]] = set(zip(corpus.registries, corpus.trades, strict=True))
    char_freq = Counter(c for t in sorted(set(corpus.trades)) for c in t)
    pool = [c for c, _ in char_freq.most_common(600)]
    pinyin = _pinyin_of(pool)
    by_sound: dict[str, list[str]] = defaultdict(list)
    for c in pool:
        by_sound[pinyin[c]].append(c)
    candidates = [
        i
        for i in range(len(corpus))
        if corpus.types[i] in COMPANY_TYPES
        and corpus.industries[i]
        and corpus.trades[i] == corpus.gen_trades[i]
    ]
    scale = total / sum(count for _, count, _ in CATEGORIES)
    counts = {key: max(1, round(count * scale)) for key, count, _ in CATEGORIES}
    counts["exact"] += total - sum(counts.values())

    def variant(category: str, trade: str) -> str | None:
        if category == "exact":
            return trade
        if category == "homophone":
            positions = list(range(len(trade)))
            rng.shuffle(positions)
            for i in positions:
                others = [c for c in by_sound.get(pinyin.get(trade[i], ""), []) if c != trade[i]]
                if others:
                    return trade[:i] + rng.choice(others) + trade[i + 1 :]
            return None
        if category == "permutation":
            if len(set(trade)) < 2:
                return None
            chars = list(trade)
            while "".join(chars) == trade:
                rng.shuffle(chars)
            return "".join(chars)
        if category == "plus1":
            c = rng.choice(pool)
            return c + trade if rng.random() < 0.5 else trade + c
        if category == "minus1":
            if len(trade) < 3:
                return None
            return trade[1:] if rng.random() < 0.5 else trade[:-1]
        size = rng.choice((2, 2, 2, 3, 3, 4))
        return "".join(rng.choice(pool) for _ in range(size))

    queries: list[Query] = []
    for category, _, _ in CATEGORIES:
        made = 0
        attempts = 0
        while made < counts[category]:
            attempts += 1
            if attempts > 100_000:
                raise RuntimeError(f"could not construct {category} queries")
            i = rng.choice(candidates)
            trade = corpus.trades[i]
            new = variant(category, trade)
            if new is None or new in {q.trade for q in queries}:
                continue
            registry = corpus.registries[i]
            # Only exact reuse may hit the same 字号 in the registry; the other categories stay
            # what they claim to be. The new name must read back with the intended 字号.
            if category != "exact" and (registry, new) in registered:
                continue
            name = f"包头市{new}{corpus.industries[i]}有限公司"
            if parse(name, ref).trade_name != new:
                continue
            source = -1 if category == "new" else i
            queries.append(Query(category, name, registry, new, source))
            made += 1
    return queries


# --- Hongdun: checks ----------------------------------------------------------------------------


@dataclass(slots=True)
class Truth:
    names: frozenset[str]  # conflicting stored names (in the query's registry)
    rules: tuple[str, ...]
    verdict: str


def ground_truth(
    queries: Sequence[Query], index: NameIndex, ref: ReferenceData, config: EngineConfig
) -> list[Truth]:
    """Every stored name the engine flags under a C-*/H-* rule (display cap lifted)."""
    saved = engine_conflicts.MAX_CONFLICTS
    engine_conflicts.MAX_CONFLICTS = 10**9
    try:
        out = []
        for q in queries:
            result = check(q.name, CheckContext(registry=q.registry), index, ref, config)
            conflict = [f for f in result.findings if f.rule.startswith(("C-", "H-"))]
            out.append(
                Truth(
                    frozenset(n for f in conflict for n in f.conflicts),
                    tuple(f.rule for f in conflict),
                    str(result.verdict),
                )
            )
        return out
    finally:
        engine_conflicts.MAX_CONFLICTS = saved


def time_checks(
    queries: Sequence[Query],
    index: NameIndex,
    ref: ReferenceData,
    config: EngineConfig,
    passes: int,
) -> list[list[float]]:
    """Microseconds per check: one list per query (one sample per pass)."""
    clock = time.perf_counter_ns
    contexts = [CheckContext(registry=q.registry) for q in queries]
    samples: list[list[float]] = [[] for _ in queries]
    for _ in range(passes):
        for i, (q, ctx) in enumerate(zip(queries, contexts, strict=True)):
            t0 = clock()
            check(q.name, ctx, index, ref, config)
            samples[i].append((clock() - t0) / 1000)
    return samples


def time_checks_cpu(
    queries: Sequence[Query],
    index: NameIndex,
    ref: ReferenceData,
    config: EngineConfig,
    passes: int,
) -> tuple[list[float], float]:
    """CPU time (`process_time_ns`) per check in microseconds, and the cost of one clock read.

    On the shared machine a wall-clock sample that straddles a preemption gains a scheduler
    time slice (~4 ms); CPU time does not, so its p99 is the engine's own tail. Each sample
    includes about one clock read (the second number), which is not subtracted.
    """
    cpu = time.process_time_ns
    contexts = [CheckContext(registry=q.registry) for q in queries]
    out: list[float] = []
    for _ in range(passes):
        for q, ctx in zip(queries, contexts, strict=True):
            t0 = cpu()
            check(q.name, ctx, index, ref, config)
            out.append((cpu() - t0) / 1000)
    t0 = cpu()
    for _ in range(1000):
        cpu()
    return out, (cpu() - t0) / 1000 / 1000


@dataclass(slots=True)
class Latency:
    n: int
    p50: float
    p99: float
    max: float
    mean: float


def latency(samples_us: Sequence[float]) -> Latency:
    return Latency(
        n=len(samples_us),
        p50=percentile(samples_us, 50),
        p99=percentile(samples_us, 99),
        max=max(samples_us),
        mean=sum(samples_us) / len(samples_us),
    )


def flat(samples: Sequence[Sequence[float]]) -> list[float]:
    return [s for row in samples for s in row]


def stage_breakdown(
    queries: Sequence[Query], index: NameIndex, ref: ReferenceData, config: EngineConfig
) -> dict[str, Latency]:
    """Where a check spends its time: parse, structure/content rules, conflict probes."""
    tables = heuristic_tables(ref)
    clock = time.perf_counter_ns
    parse_us: list[float] = []
    rules_us: list[float] = []
    conflicts_us: list[float] = []
    for _ in range(3):
        for q in queries:
            ctx = CheckContext(registry=q.registry)
            t0 = clock()
            parsed = parse(q.name, ref)
            t1 = clock()
            structure_findings(parsed, q.name, ref, config)
            t2 = clock()
            conflict_findings(parsed, ctx, index, config, tables=tables)
            t3 = clock()
            parse_us.append((t1 - t0) / 1000)
            rules_us.append((t2 - t1) / 1000)
            conflicts_us.append((t3 - t2) / 1000)
    return {
        "parse": latency(parse_us),
        "structure rules (N/P/R)": latency(rules_us),
        "conflict rules (C/H)": latency(conflicts_us),
    }


def profile_checks(
    queries: Sequence[Query], index: NameIndex, ref: ReferenceData, config: EngineConfig
) -> list[tuple[str, int, float, float]]:
    """cProfile of one warm pass: (function, calls, own ms, cumulative ms), top by own time."""
    contexts = [CheckContext(registry=q.registry) for q in queries]
    profiler = cProfile.Profile()
    profiler.enable()
    for q, ctx in zip(queries, contexts, strict=True):
        check(q.name, ctx, index, ref, config)
    profiler.disable()
    stats = pstats.Stats(profiler)
    rows: list[tuple[str, int, float, float]] = []
    raw: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    for (filename, line, func), (_, calls, own, cum, _) in raw.items():
        where = filename.split("/hongdun/")[-1] if "/hongdun/" in filename else filename
        label = f"{where}:{line}({func})" if line else func
        rows.append((label, int(calls), own * 1000, cum * 1000))
    rows.sort(key=lambda r: -r[2])
    return rows[:14]


# --- Hongdun: load + cold start in a fresh process ----------------------------------------------


def run_load_worker(snapshot: Path, queries: Sequence[Query]) -> dict[str, Any]:
    """Evict the snapshot from the page cache, then load and check in a new process."""
    evict_from_page_cache(snapshot)
    return _run_worker(["--worker", str(snapshot)], queries)


def run_trend_worker(snapshots: Sequence[Path], queries: Sequence[Query]) -> dict[str, Any]:
    """Load several snapshots in one fresh process and time them in alternating passes, so
    that machine-load drift hits every size alike (the basis of the latency trend)."""
    return _run_worker(["--trend-worker", *map(str, snapshots)], queries)


def _run_worker(args: Sequence[str], queries: Sequence[Query]) -> dict[str, Any]:
    with tempfile.NamedTemporaryFile(
        "w", suffix=".json", prefix="namebench-q-", delete=False, encoding="utf-8"
    ) as handle:
        json.dump([asdict(q) for q in queries], handle, ensure_ascii=False)
        qfile = Path(handle.name)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "bench.namecheck_bench", "--queries-file", str(qfile), *args],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=3600,
            check=False,
        )
    finally:
        qfile.unlink(missing_ok=True)
    for line in done.stdout.splitlines():
        if line.startswith("WORKER "):
            result: dict[str, Any] = json.loads(line[len("WORKER ") :])
            return result
    raise RuntimeError(f"load worker failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")


TREND_ROUNDS = 8


def trend_worker(snapshots: Sequence[Path], qfile: Path) -> None:
    queries = [Query(**q) for q in json.loads(qfile.read_text(encoding="utf-8"))]
    config = EngineConfig()
    ref = load_reference()
    indexes = [NameIndex.load(path, mmap=True) for path in snapshots]
    for index in indexes:  # page in what the queries touch
        time_checks(queries, index, ref, config, 2)
    samples: list[list[float]] = [[] for _ in indexes]
    for _ in range(TREND_ROUNDS):
        for k, index in enumerate(indexes):
            samples[k].extend(flat(time_checks(queries, index, ref, config, 1)))
    print("WORKER " + json.dumps({"samples": samples}), flush=True)


def load_worker(snapshot: Path, qfile: Path) -> None:
    """Body of the fresh process: RSS before/after, load time, cold and warm checks."""
    queries = [Query(**q) for q in json.loads(qfile.read_text(encoding="utf-8"))]
    config = EngineConfig()
    t0 = time.perf_counter()
    ref = load_reference()
    reference_s = time.perf_counter() - t0
    # The engine's own caches that a first check fills regardless of the index.
    heuristic_tables(ref)
    gc.collect()
    before = proc_status()
    t0 = time.perf_counter()
    index = NameIndex.load(snapshot, mmap=True)
    load_s = time.perf_counter() - t0
    after_load = proc_status()
    cold = time_checks(queries, index, ref, config, 1)
    after_cold = proc_status()
    warm = time_checks(queries, index, ref, config, WARM_PASSES)
    after_warm = proc_status()
    # Page in every array (the index's own memory maps) to see the full resident size.
    arrays: dict[str, Any] = getattr(index, "_a", {})
    touched = 0
    for arr in arrays.values():
        view = memoryview(arr).cast("B") if arr.flags.c_contiguous else None
        if view is not None:
            for pos in range(0, len(view), 4096):
                touched += view[pos]
    full = proc_status()
    payload = {
        "reference_s": reference_s,
        "load_s": load_s,
        "rss_before": before["VmRSS"],
        "rss_after_load": after_load["VmRSS"],
        "rss_after_cold": after_cold["VmRSS"],
        "rss_after_warm": after_warm["VmRSS"],
        "rss_full": full["VmRSS"],
        "rss_file_full": full.get("RssFile", 0) - before.get("RssFile", 0),
        "first_check_us": cold[0][0],
        "cold": flat(cold),
        "warm": flat(warm),
        "touched": touched & 1,
    }
    print("WORKER " + json.dumps(payload), flush=True)


# --- baselines ----------------------------------------------------------------------------------


@dataclass(slots=True)
class Baseline:
    engine: str
    build_s: float | None
    size_bytes: int | None
    size_note: str
    times_us: list[float]
    hits: dict[int, bool]  # query index → found (only queries that were run)
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def found(q: Query, truth: Truth, ids: Iterable[int], corpus: Corpus) -> bool:
    return any(corpus.registries[i] == q.registry and corpus.names[i] in truth.names for i in ids)


def stratified_order(queries: Sequence[Query]) -> list[int]:
    """Query indices round-robin over the categories (a prefix is a fair sample)."""
    by_cat: dict[str, list[int]] = defaultdict(list)
    for i, q in enumerate(queries):
        by_cat[q.category].append(i)
    order: list[int] = []
    lists = [by_cat[key] for key, _, _ in CATEGORIES]
    for k in range(max(len(x) for x in lists)):
        order.extend(x[k] for x in lists if k < len(x))
    return order


def bench_rapidfuzz(
    queries: Sequence[Query], truths: Sequence[Truth], corpus: Corpus, budget_s: float
) -> Baseline:
    from rapidfuzz import fuzz, process

    names = corpus.names
    times: list[float] = []
    hits: dict[int, bool] = {}
    started = time.perf_counter()
    order = stratified_order(queries)
    for k, i in enumerate(order):
        q = queries[i]
        t0 = time.perf_counter_ns()
        result = process.extract(q.name, names, scorer=fuzz.ratio, limit=10, processor=None)
        times.append((time.perf_counter_ns() - t0) / 1000)
        hits[i] = found(q, truths[i], (r[2] for r in result), corpus)
        elapsed = time.perf_counter() - started
        if k + 1 >= 20 and elapsed > budget_s:
            break
        if (k + 1) % 25 == 0:
            log(f"  rapidfuzz: {k + 1} queries ({elapsed:.0f}s)")
    note = (
        f"all {len(queries)} queries"
        if len(hits) == len(queries)
        else f"{len(hits)} of {len(queries)} queries (stratified subset; --rapidfuzz-seconds)"
    )
    return Baseline(
        "rapidfuzz extract, fuzz.ratio, full names", 0.0, None, "names in RAM", times, hits, note
    )


def bench_pg(queries: Sequence[Query], truths: Sequence[Truth], corpus: Corpus) -> Baseline:
    import psycopg

    with psycopg.connect(f"{PG_DSN} dbname=postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {PG_DB}")
        conn.execute(
            f"CREATE DATABASE {PG_DB} ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' "
            "LC_CTYPE 'C.UTF-8' TEMPLATE template0"
        )
    with psycopg.connect(f"{PG_DSN} dbname={PG_DB}", autocommit=True) as conn:
        version = str(conn.execute("SHOW server_version").fetchone()[0])  # type: ignore[index]
        conn.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        trgm = conn.execute("SELECT show_trgm('红光')").fetchone()
        conn.execute("CREATE TABLE names (id integer, registry text, name text, tn text)")
        t0 = time.perf_counter()
        with conn.cursor() as cur, cur.copy("COPY names (id, registry, name, tn) FROM STDIN") as cp:
            for i, (reg, name, tn) in enumerate(
                zip(corpus.registries, corpus.names, corpus.trades, strict=True)
            ):
                cp.write_row((i, reg, name, tn))
        copy_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        conn.execute("CREATE INDEX names_tn_trgm ON names USING gin (tn gin_trgm_ops)")
        index_s = time.perf_counter() - t0
        conn.execute("ANALYZE names")
        sizes = conn.execute(
            "SELECT pg_relation_size('names'), pg_relation_size('names_tn_trgm')"
        ).fetchone()
        assert sizes is not None
        threshold = conn.execute("SHOW pg_trgm.similarity_threshold").fetchone()
        sql = "SELECT id FROM names WHERE tn %% %s ORDER BY similarity(tn, %s) DESC LIMIT 10"
        hits: dict[int, bool] = {}
        for i, q in enumerate(queries):  # warm-up pass, also the results
            rows = conn.execute(sql, (q.trade, q.trade), prepare=True).fetchall()
            hits[i] = found(q, truths[i], (r[0] for r in rows), corpus)
        times: list[float] = []
        for q in queries:
            t0n = time.perf_counter_ns()
            conn.execute(sql, (q.trade, q.trade), prepare=True).fetchall()
            times.append((time.perf_counter_ns() - t0n) / 1000)
    log(
        f"  PostgreSQL {version}: COPY {copy_s:.1f}s, GIN gin_trgm_ops {index_s:.1f}s, "
        f"table {fmt_mb(sizes[0])}, index {fmt_mb(sizes[1])}; "
        f"show_trgm('红光') = {trgm[0] if trgm else None}; "
        f"pg_trgm.similarity_threshold = {threshold[0] if threshold else '?'}"
    )
    return Baseline(
        "PostgreSQL pg_trgm, 字号 column (tn % q ORDER BY similarity)",
        copy_s + index_s,
        int(sizes[1]),
        "GIN index (table +" + fmt_mb(sizes[0]) + ")",
        times,
        hits,
        f"PostgreSQL {version}; build = COPY {copy_s:.1f}s + GIN {index_s:.1f}s",
        {"copy_s": copy_s, "index_s": index_s, "table_bytes": int(sizes[0])},
    )


def bench_fts(queries: Sequence[Query], truths: Sequence[Truth], corpus: Corpus) -> Baseline:
    tmp = Path(tempfile.mkdtemp(prefix="namebench-fts-"))
    path = tmp / "fts.sqlite3"
    try:
        db = sqlite3.connect(path)
        db.execute("CREATE VIRTUAL TABLE fts USING fts5(tn, tokenize='trigram')")
        t0 = time.perf_counter()
        db.executemany("INSERT INTO fts(rowid, tn) VALUES (?, ?)", enumerate(corpus.trades))
        db.commit()
        build_s = time.perf_counter() - t0
        size = path.stat().st_size
        sql = "SELECT rowid FROM fts WHERE fts MATCH ? ORDER BY rank LIMIT 10"
        hits: dict[int, bool] = {}
        rows_by_len: dict[str, list[int]] = defaultdict(list)
        for i, q in enumerate(queries):
            pattern = '"' + q.trade.replace('"', '""') + '"'
            rows = db.execute(sql, (pattern,)).fetchall()
            hits[i] = found(q, truths[i], (r[0] for r in rows), corpus)
            rows_by_len["2" if len(q.trade) == 2 else "≥3"].append(len(rows))
        times: list[float] = []
        for q in queries:
            pattern = '"' + q.trade.replace('"', '""') + '"'
            t0n = time.perf_counter_ns()
            db.execute(sql, (pattern,)).fetchall()
            times.append((time.perf_counter_ns() - t0n) / 1000)
        db.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    two = rows_by_len.get("2", [])
    longer = rows_by_len.get("≥3", [])
    with_rows = sum(1 for r in two if r)
    note = (
        f"SQLite {sqlite3.sqlite_version}; 2-char 字号: {len(two)} queries, "
        f"{with_rows} returned any row ({sum(two)} rows in all); "
        f"≥3 chars: {len(longer)} queries, {sum(1 for r in longer if r)} returned rows"
    )
    log(f"  {note}")
    return Baseline(
        "SQLite FTS5 trigram, 字号 (MATCH)",
        build_s,
        size,
        "file",
        times,
        hits,
        note,
        {"two_char_queries": len(two), "two_char_with_rows": with_rows},
    )


# --- reports ------------------------------------------------------------------------------------


def recall_cells(
    queries: Sequence[Query], truths: Sequence[Truth], hits: dict[int, bool] | None
) -> list[str]:
    """found/with-conflicts per category, then overall."""
    cells = []
    total_found = total_n = 0
    for key, _, _ in CATEGORIES:
        idx = [
            i
            for i, q in enumerate(queries)
            if q.category == key and truths[i].names and (hits is None or i in hits)
        ]
        n = len(idx)
        k = n if hits is None else sum(1 for i in idx if hits[i])
        total_found += k
        total_n += n
        cells.append(f"{k}/{n}" if n else "–")
    cells.append(f"{total_found}/{total_n} ({100 * total_found / max(1, total_n):.0f}%)")
    return cells


def print_query_set(queries: Sequence[Query], truths: Sequence[Truth]) -> None:
    rows = []
    for key, _, label in CATEGORIES:
        idx = [i for i, q in enumerate(queries) if q.category == key]
        with_gt = [i for i in idx if truths[i].names]
        verdicts = Counter(truths[i].verdict for i in idx)
        rules = Counter(r for i in idx for r in dict.fromkeys(truths[i].rules))
        sizes = [len(truths[i].names) for i in with_gt] or [0]
        example = queries[idx[0]]
        rows.append(
            [
                label,
                len(idx),
                len(with_gt),
                " ".join(f"{v}:{c}" for v, c in sorted(verdicts.items())),
                ", ".join(f"{r}×{c}" for r, c in rules.most_common(4)),
                f"{percentile(sizes, 50):.0f} / {max(sizes)}",
                f"{example.name} ({example.registry})",
            ]
        )
    table(
        [
            "category",
            "n",
            "with conflicts",
            "engine verdicts",
            "top rules",
            "flagged names p50/max",
            "example",
        ],
        rows,
    )


def print_scale(results: Sequence[dict[str, Any]]) -> None:
    rows = []
    for r in results:
        b: BuildStats = r["build"]
        w: dict[str, Any] = r["worker"]
        per_m = 1e6 / b.names
        rows.append(
            [
                f"{b.names:,}",
                fmt_s(b.parse_s),
                fmt_s(b.build_s),
                fmt_s(b.total_s),
                fmt_mb(b.memory_bytes * per_m),
                fmt_mb((w["rss_after_warm"] - w["rss_before"]) * per_m),
                fmt_mb((w["rss_full"] - w["rss_before"]) * per_m),
                fmt_mb(b.rss_delta * per_m),
                fmt_mb(b.snapshot_bytes * per_m),
                f"{w['load_s'] * 1000:.0f} ms",
            ]
        )
    table(
        [
            "names",
            "parse",
            "build",
            "parse+build",
            "memory_bytes()/M",
            "RSS Δ load+queries/M",
            "RSS Δ all paged in/M",
            "RSS Δ in-process build/M",
            "snapshot/M",
            "mmap load",
        ],
        rows,
    )
    rows = []
    for r in results:
        b = r["build"]
        w = r["worker"]
        warm: Latency = r["warm"]
        mm = latency(w["warm"])
        cold = latency(w["cold"])
        rows.append(
            [
                f"{b.names:,}",
                f"{fmt_us(warm.p50)} / {fmt_us(warm.p99)} / {fmt_us(warm.max)} (n={warm.n})",
                f"{fmt_us(mm.p50)} / {fmt_us(mm.p99)} / {fmt_us(mm.max)}",
                f"{fmt_us(cold.p50)} / {fmt_us(cold.p99)} / {fmt_us(cold.max)}",
                fmt_us(w["first_check_us"]),
            ]
        )
    table(
        [
            "names",
            "warm, built in-process: p50 / p99 / max",
            "warm, mmap-loaded (fresh process)",
            "cold pass after load (page cache evicted)",
            "first check after load",
        ],
        rows,
    )


@dataclass(slots=True)
class Projection:
    bytes_per_name: float
    memory_60m: float
    alpha_p50: float
    alpha_p99: float
    p50_60m: float
    p99_60m: float
    rss_per_name: float
    rss_60m: float


def project(small: dict[str, Any], large: dict[str, Any]) -> Projection:
    b1: BuildStats = small["build"]
    b2: BuildStats = large["build"]
    # Memory: a line through the two measured points (intercept = fixed tables).
    slope = (b2.memory_bytes - b1.memory_bytes) / (b2.names - b1.names)
    intercept = b1.memory_bytes - slope * b1.names
    mem = intercept + slope * PROJECT_TO
    r1 = small["worker"]["rss_full"] - small["worker"]["rss_before"]
    r2 = large["worker"]["rss_full"] - large["worker"]["rss_before"]
    rss_slope = (r2 - r1) / (b2.names - b1.names)
    rss_60m = r1 + rss_slope * (PROJECT_TO - b1.names)
    w1: Latency = small.get("trend", small["warm"])
    w2: Latency = large.get("trend", large["warm"])
    growth = math.log(b2.names / b1.names)

    def alpha(a: float, b: float) -> float:
        return max(0.0, math.log(b / a) / growth) if a > 0 and b > 0 else 0.0

    a50, a99 = alpha(w1.p50, w2.p50), alpha(w1.p99, w2.p99)
    factor = PROJECT_TO / b2.names
    return Projection(
        slope, mem, a50, a99, w2.p50 * factor**a50, w2.p99 * factor**a99, rss_slope, rss_60m
    )


# --- main ---------------------------------------------------------------------------------------


def machine_line() -> str:
    cpu = "?"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    load = os.getloadavg()
    return (
        f"{platform.node()} · {os.cpu_count()} CPUs ({cpu}) · Python {platform.python_version()} · "
        f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"
    )


def hongdun_size(
    n: int,
    seed: int,
    ref: ReferenceData,
    corpus: Corpus | None,
) -> tuple[dict[str, Any], NameIndex]:
    stage(f"Hongdun at {n:,} names: parse + build")
    index, build = build_index(n, seed, ref, corpus)
    log(
        f"  parse {fmt_s(build.parse_s)} + build {fmt_s(build.build_s)} = {fmt_s(build.total_s)}"
        f" (generating the names: {fmt_s(build.generate_s) if corpus is None else 'before'}); "
        f"parsed 字号 ≠ generated 字号 for {build.trade_mismatch:,} names"
    )
    log(
        f"  memory_bytes() {fmt_mb(build.memory_bytes)}; in-process RSS Δ {fmt_mb(build.rss_delta)}"
        f" (peak Δ {fmt_mb(build.peak_delta) if build.peak_delta >= 0 else '?'})"
    )
    biggest = sorted(build.array_bytes.items(), key=lambda kv: -kv[1])[:6]
    log("  largest arrays: " + ", ".join(f"{k} {fmt_mb(v)}" for k, v in biggest))
    snapshot = save_snapshot(index, build)
    log(
        f"  snapshot {snapshot.relative_to(ROOT)}: {fmt_mb(build.snapshot_bytes)}, "
        f"saved in {fmt_s(build.save_s)}"
    )
    return {"build": build, "snapshot": snapshot}, index


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else "")
    parser.add_argument("--names", type=int, default=1_000_000)
    parser.add_argument("--also", type=int, default=4_000_000, help="second size (0: skip)")
    parser.add_argument("--seed", type=int, default=20261127)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--no-pg", action="store_true")
    parser.add_argument("--no-http", action="store_true")
    parser.add_argument(
        "--rapidfuzz-seconds", type=float, default=240.0, help="time budget (min 20 queries)"
    )
    parser.add_argument(
        "--http-enterprises", type=int, default=1_000_000, help="size of the HTTP bench database"
    )
    parser.add_argument("--http-seconds", type=int, default=60, help="paced HTTP phase")
    parser.add_argument("--worker", metavar="SNAPSHOT", help=argparse.SUPPRESS)
    parser.add_argument("--trend-worker", nargs="+", metavar="SNAPSHOT", help=argparse.SUPPRESS)
    parser.add_argument("--queries-file", type=Path, help=argparse.SUPPRESS)
    parser.add_argument(
        "--wait-quiet",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="first wait up to this long for the 1-minute load average to drop below 1",
    )
    args = parser.parse_args(argv)
    if args.worker:
        load_worker(Path(args.worker), args.queries_file)
        return 0
    if args.trend_worker:
        trend_worker([Path(p) for p in args.trend_worker], args.queries_file)
        return 0
    if args.wait_quiet > 0:
        wait_quiet(args.wait_quiet)

    WORK_DIR.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    log(f"# Hongdun name-check benchmark — {datetime.now(UTC).astimezone():%Y-%m-%d %H:%M %Z}")
    log(machine_line())
    log(
        f"names {args.names:,} (+ {args.also:,}), seed {args.seed}, {args.queries} queries, "
        f"registries = {len(DIVISIONS)} Baotou divisions"
    )
    config = EngineConfig()
    log(f"engine config: all rules on; heuristics {sorted(config.heuristics)}")
    ref = load_reference()

    # 1. data --------------------------------------------------------------------------------
    stage(f"Data: {args.names:,} names from NameGenerator(random.Random({args.seed}))")
    corpus, gen_s = generate_corpus(args.names, args.seed)
    log(
        f"  generated in {fmt_s(gen_s)}; {len(set(corpus.gen_trades)):,} distinct 字号; "
        f"per registry: "
        + ", ".join(f"{c} {n:,}" for c, n in sorted(Counter(corpus.registries).items()))
    )

    # 2. Hongdun at N --------------------------------------------------------------------------
    first, index = hongdun_size(args.names, args.seed, ref, corpus)

    stage("Queries and ground truth")
    queries = make_queries(corpus, ref, args.queries, args.seed)
    t0 = time.perf_counter()
    truths = ground_truth(queries, index, ref, config)
    log(
        f"  {len(queries)} queries; ground truth in {(time.perf_counter() - t0) * 1000:.0f} ms "
        "(every C-*/H-* conflict name, display cap lifted)"
    )
    print_query_set(queries, truths)

    stage(f"Hongdun check() at {args.names:,}: warm ({WARM_PASSES} passes after 1 warm-up)")
    time_checks(queries, index, ref, config, 1)
    warm_samples = time_checks(queries, index, ref, config, WARM_PASSES)
    first["warm"] = latency(flat(warm_samples))
    first["per_query_us"] = [statistics_median(s) for s in warm_samples]
    w = first["warm"]
    log(
        f"  p50 {fmt_us(w.p50)}, p99 {fmt_us(w.p99)}, max {fmt_us(w.max)}, mean {fmt_us(w.mean)}"
        f" (n={w.n})"
    )
    cpu_samples, clock_us = time_checks_cpu(queries, index, ref, config, WARM_PASSES)
    first["warm_cpu"] = wc = latency(cpu_samples)
    log(
        f"  CPU time (process_time, {WARM_PASSES} more passes): p50 {fmt_us(wc.p50)}, "
        f"p99 {fmt_us(wc.p99)}, max {fmt_us(wc.max)}, mean {fmt_us(wc.mean)} (n={wc.n}; "
        f"one clock read {clock_us:.2f} µs, included)"
    )
    by_cat = []
    for key, _, label in CATEGORIES:
        cat = [
            s
            for q, row in zip(queries, warm_samples, strict=True)
            if q.category == key
            for s in row
        ]
        c = latency(cat)
        by_cat.append([label, fmt_us(c.p50), fmt_us(c.p99), fmt_us(c.max)])
    table(["category", "p50", "p99", "max"], by_cat)
    breakdown = stage_breakdown(queries, index, ref, config)
    log("  where the time goes (each stage timed alone, 3 passes):")
    table(
        ["stage", "p50", "p99", "max"],
        [[k, fmt_us(v.p50), fmt_us(v.p99), fmt_us(v.max)] for k, v in breakdown.items()],
    )
    prof = profile_checks(queries, index, ref, config)
    log("  cProfile of one warm pass (200 checks), top functions by own time:")
    table(
        ["function", "calls", "own ms", "cum ms"],
        [[f, c, f"{o:.1f}", f"{cu:.1f}"] for f, c, o, cu in prof],
    )

    stage(f"Hongdun at {args.names:,}: load from the snapshot (mmap) in a fresh process")
    first["worker"] = run_load_worker(first["snapshot"], queries)
    wk = first["worker"]
    log(
        f"  load {wk['load_s'] * 1000:.0f} ms (reference data {wk['reference_s'] * 1000:.0f} ms "
        f"before); first check {fmt_us(wk['first_check_us'])}; RSS Δ after load "
        f"{fmt_mb(wk['rss_after_load'] - wk['rss_before'])}, after queries "
        f"{fmt_mb(wk['rss_after_warm'] - wk['rss_before'])}, all pages in "
        f"{fmt_mb(wk['rss_full'] - wk['rss_before'])}"
    )
    del index
    gc.collect()

    # 3. baselines -----------------------------------------------------------------------------
    baselines: list[Baseline] = []
    stage("Baseline: rapidfuzz process.extract(query, full_names, scorer=fuzz.ratio, limit=10)")
    baselines.append(bench_rapidfuzz(queries, truths, corpus, args.rapidfuzz_seconds))
    if not args.no_pg:
        stage(f"Baseline: PostgreSQL pg_trgm (scratch database {PG_DB}, C.UTF-8)")
        try:
            baselines.append(bench_pg(queries, truths, corpus))
        except Exception as error:
            log(f"  PostgreSQL baseline failed: {error!r}")
    stage("Baseline: SQLite FTS5 tokenize='trigram' on 字号 (temp file)")
    baselines.append(bench_fts(queries, truths, corpus))

    stage(f"Comparison at {args.names:,} names (same names, same {len(queries)} queries)")
    b1: BuildStats = first["build"]
    per_query = first["per_query_us"]
    header = [
        "engine",
        "build",
        "size",
        "p50",
        "p99",
        *[lbl for _, _, lbl in CATEGORIES],
        "all (found/with conflicts)",
        "p50 ÷ Hongdun p50",
    ]
    rows: list[list[object]] = [
        [
            "Hongdun check(), all rules",
            fmt_s(b1.total_s),
            f"{fmt_mb(b1.memory_bytes)} (snapshot {fmt_mb(b1.snapshot_bytes)})",
            fmt_us(w.p50),
            fmt_us(w.p99),
            *recall_cells(queries, truths, None),
            "1x (ground truth)",
        ]
    ]
    ratios: dict[str, float] = {}
    for b in baselines:
        lat = latency(b.times_us)
        ours = percentile([per_query[i] for i in b.hits], 50)
        ratios[b.engine] = lat.p50 / ours
        rows.append(
            [
                b.engine,
                "–" if b.build_s is None else fmt_s(b.build_s),
                "–" if b.size_bytes is None else f"{fmt_mb(b.size_bytes)} {b.size_note}",
                fmt_us(lat.p50),
                fmt_us(lat.p99),
                *recall_cells(queries, truths, b.hits),
                fmt_ratio(ratios[b.engine]),
            ]
        )
    table(header, rows)
    log(
        "  recall cell = queries whose top-10 / result set holds ≥1 name the engine flags, out of "
        "the queries of that category with ≥1 flagged name; 'p50 ÷ Hongdun p50' compares medians "
        "over the same queries."
    )
    for b in baselines:
        if b.note:
            log(f"  {b.engine}: {b.note}")

    # 4. scale -------------------------------------------------------------------------------
    results = [first]
    del corpus
    gc.collect()
    if args.also:
        second, index = hongdun_size(args.also, args.seed, ref, None)
        time_checks(queries, index, ref, config, 1)
        samples = time_checks(queries, index, ref, config, WARM_PASSES)
        second["warm"] = latency(flat(samples))
        del index
        gc.collect()
        stage(f"Hongdun at {args.also:,}: load from the snapshot (mmap) in a fresh process")
        second["worker"] = run_load_worker(second["snapshot"], queries)
        results.append(second)
    stage("Scale: Hongdun measured")
    print_scale(results)
    proj: Projection | None = None
    if len(results) > 1:
        stage("Latency trend: both snapshots in one fresh process, alternating passes")
        trend = run_trend_worker([r["snapshot"] for r in results], queries)
        rows = []
        for r, samples in zip(results, trend["samples"], strict=True):
            r["trend"] = latency(samples)
            t: Latency = r["trend"]
            rows.append([f"{r['build'].names:,}", fmt_us(t.p50), fmt_us(t.p99), fmt_us(t.max), t.n])
        table(["names", "p50", "p99", "max", "n"], rows)
        log(
            f"  ({TREND_ROUNDS} rounds × {len(queries)} queries per size, after 2 warm-up passes;"
            " machine-load drift hits both sizes alike, so this is the basis of the trend)"
        )
        proj = project(results[0], results[1])
        log("")
        log(
            f"PROJECTION to {PROJECT_TO:,} names (NOT measured; memory linear in names through "
            f"the two measured points, latency ∝ names^α fitted to the interleaved "
            f"{results[0]['build'].names:,} → "
            f"{results[1]['build'].names:,}):"
        )
        table(
            ["quantity", "projected at 60M", "basis"],
            [
                [
                    "index memory (memory_bytes())",
                    fmt_mb(proj.memory_60m),
                    f"{proj.bytes_per_name:.1f} B per added name",
                ],
                ["  per million names", fmt_mb(proj.memory_60m / 60), ""],
                [
                    "process RSS, snapshot mmap all paged in",
                    fmt_mb(proj.rss_60m),
                    f"{proj.rss_per_name:.1f} B per added name",
                ],
                ["  per million names", fmt_mb(proj.rss_60m / 60), ""],
                ["check() p50 warm", fmt_us(proj.p50_60m), f"α = {proj.alpha_p50:.3f}"],
                ["check() p99 warm", fmt_us(proj.p99_60m), f"α = {proj.alpha_p99:.3f}"],
            ],
        )
        log(
            "  caveat: the synthetic register has 9 registries and a bounded 字号 pool, so a "
            "registry's popular 字号 groups grow with N; a national register spreads 60M names "
            "over ~3,000 registries, so this per-registry density is pessimistic."
        )

    # 5. end to end --------------------------------------------------------------------------
    http: dict[str, Any] | None = None
    if not args.no_http:
        stage("End to end: POST /api/v1/namecheck/check through gunicorn")
        from bench.namecheck_http import run_http

        try:
            http = run_http(
                [q.name for q in queries],
                enterprises=args.http_enterprises,
                seed=args.seed,
                seconds=args.http_seconds,
                log=log,
            )
        except Exception as error:
            log(f"  HTTP benchmark failed: {error!r}")

    # 6. goals -------------------------------------------------------------------------------
    stage("Goals (issue 3) — PASS/MISS, not asserted")
    goals: list[list[str]] = []

    def goal(label: str, shown: str, met: bool) -> None:
        goals.append([label, shown, verdict_word(met)])

    goal(
        f"check() p50 ≤ {GOAL_P50_US:.0f} µs at {args.names:,}", fmt_us(w.p50), w.p50 <= GOAL_P50_US
    )
    goal(
        f"check() p99 ≤ {GOAL_P99_US:.0f} µs at {args.names:,}", fmt_us(w.p99), w.p99 <= GOAL_P99_US
    )
    wc = first["warm_cpu"]
    for label, value, target in (("p50", wc.p50, GOAL_P50_US), ("p99", wc.p99, GOAL_P99_US)):
        goal(
            f"check() CPU-time {label} ≤ {target:.0f} µs at {args.names:,}",
            fmt_us(value),
            value <= target,
        )
    per_m_mem = b1.memory_bytes * 1e6 / b1.names
    goal(
        f"memory_bytes() ≤ {GOAL_MB_PER_M:.0f} MB per million names",
        fmt_mb(per_m_mem),
        per_m_mem <= GOAL_MB_PER_M * 1e6,
    )
    full_rss = (wk["rss_full"] - wk["rss_before"]) * 1e6 / b1.names
    goal(
        f"RSS (snapshot mmap, all paged in) ≤ {GOAL_MB_PER_M:.0f} MB per million",
        fmt_mb(full_rss),
        full_rss <= GOAL_MB_PER_M * 1e6,
    )
    rf = next((b for b in baselines if b.engine.startswith("rapidfuzz")), None)
    if rf is not None:
        speedup = ratios[rf.engine]
        goal(
            f"≥ {GOAL_RATIO:,.0f}× faster than rapidfuzz (p50)",
            fmt_ratio(speedup),
            speedup >= GOAL_RATIO,
        )
    if len(results) > 1:
        big: Latency = results[1]["warm"]
        goal(
            f"check() p50 ≤ {GOAL_P50_US:.0f} µs at {args.also:,}",
            fmt_us(big.p50),
            big.p50 <= GOAL_P50_US,
        )
        goal(
            f"check() p99 ≤ {GOAL_P99_US:.0f} µs at {args.also:,}",
            fmt_us(big.p99),
            big.p99 <= GOAL_P99_US,
        )
    if proj is not None:
        goals.append(
            [
                "projected 60M: memory ≤ 150 MB per million",
                fmt_mb(proj.memory_60m / 60),
                verdict_word(proj.memory_60m / 60 <= GOAL_MB_PER_M * 1e6) + " (projection)",
            ]
        )
        goals.append(
            [
                "projected 60M: p50 ≤ 50 µs / p99 ≤ 200 µs",
                f"{fmt_us(proj.p50_60m)} / {fmt_us(proj.p99_60m)}",
                verdict_word(proj.p50_60m <= GOAL_P50_US and proj.p99_60m <= GOAL_P99_US)
                + " (projection)",
            ]
        )
    if http is not None and http.get("paced"):
        p99 = float(http["paced"]["p99_ms"])
        goal(
            f"POST /api/v1/namecheck/check p99 ≤ {GOAL_HTTP_P99_MS:.0f} ms",
            f"{p99:.1f} ms",
            p99 <= GOAL_HTTP_P99_MS,
        )
    table(["goal", "measured", "result"], goals)
    log(f"\ntotal {fmt_s(time.perf_counter() - started)}; {machine_line()}")

    out = {
        "date": datetime.now(UTC).astimezone().isoformat(timespec="seconds"),
        "args": vars(args),
        "machine": machine_line(),
        "sizes": [
            {
                "build": asdict(r["build"]),
                "warm": asdict(r["warm"]),
                "warm_cpu": asdict(r["warm_cpu"]) if "warm_cpu" in r else None,
                "trend": asdict(r["trend"]) if "trend" in r else None,
                "worker": {k: v for k, v in r["worker"].items() if k not in ("cold", "warm")},
                "worker_warm": asdict(latency(r["worker"]["warm"])),
                "worker_cold": asdict(latency(r["worker"]["cold"])),
            }
            for r in results
        ],
        "breakdown": {k: asdict(v) for k, v in breakdown.items()},
        "baselines": [
            {
                "engine": b.engine,
                "build_s": b.build_s,
                "size_bytes": b.size_bytes,
                "latency_us": asdict(latency(b.times_us)),
                "recall": recall_cells(queries, truths, b.hits),
                "ratio_p50": ratios[b.engine],
                "note": b.note,
                "extra": b.extra,
            }
            for b in baselines
        ],
        "projection": asdict(proj) if proj else None,
        "http": http,
        "goals": goals,
        "queries": [
            asdict(q) | {"flagged": len(t.names), "verdict": t.verdict}
            for q, t in zip(queries, truths, strict=True)
        ],
    }
    (WORK_DIR / "result.json").write_text(
        json.dumps(out, ensure_ascii=False, indent=1, default=str), encoding="utf-8"
    )
    log(f"results written to {(WORK_DIR / 'result.json').relative_to(ROOT)}")
    return 0


def statistics_median(values: Sequence[float]) -> float:
    return percentile(values, 50)


if __name__ == "__main__":
    raise SystemExit(main())
