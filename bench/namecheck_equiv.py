"""Same answers, before and after an engine change; and CPU time per check, before and after.

    .venv/bin/python bench/namecheck_equiv.py prepare --names 200000
    .venv/bin/python bench/namecheck_equiv.py dump --names 200000 --out var/namecheck_dev/a.txt
    .venv/bin/python bench/namecheck_equiv.py snapshot --names 1000000 --dir var/namecheck_dev/s
    .venv/bin/python bench/namecheck_equiv.py time --snapshot var/namecheck_dev/s --passes 7

`prepare` generates the register once (NameGenerator, the seed of bench/namecheck_bench.py) and
the 200 benchmark queries, so that two versions of the engine see the same names and queries.
`dump` builds an index of those names — with a mix of statuses (deregistered, renamed, revoked,
reserved, some long ago) and owners, so that the status windows and the §1.8 exceptions are
exercised — and writes every answer of a fixed set of checks, one line each: the 200 queries,
3,000 registered names, odd inputs, 500 of them again with a declared industry, some with an
own owner, related owners or transferred names, the alternatives of 60 queries, the uncapped
conflict lists (the benchmark's ground truth), and the same again after overlay updates (adds,
removals, status changes). Two dumps are compared with `cmp` or `diff`.

To run the code of another commit, export it and run this file from there (it puts its own
checkout first on sys.path):

    git archive <commit> hongdun bench | tar -x -C /tmp/before
    cp bench/namecheck_equiv.py /tmp/before/bench/
    (cd /tmp/before && /work/.../.venv/bin/python bench/namecheck_equiv.py dump ...)

`time` loads a snapshot (`snapshot` writes one; the snapshot format belongs to the code that
wrote it) into RAM and times `check()` over the 200 queries: `process_time_ns` (CPU time of
this process, so other processes' load counts less) and `perf_counter_ns` per check, per pass.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.stats import percentile  # noqa: E402
from hongdun.namecheck.engine import (  # noqa: E402
    CheckContext,
    CheckResult,
    EngineConfig,
    NameIndex,
    NameStatus,
    StoredName,
    check,
    conflict_findings,
    load_reference,
    parse,
    structure_findings,
    suggest_alternatives,
)
from hongdun.namecheck.engine import conflicts as engine_conflicts  # noqa: E402
from hongdun.namecheck.engine.check import heuristic_tables  # noqa: E402

DEV_DIR = Path(os.environ.get("NAMECHECK_DEV_DIR", str(ROOT / "var" / "namecheck_dev")))
AS_OF = date(2026, 11, 27)
SEED = 20261127

ODD_INPUTS = (
    "",
    " ",
    "有限公司",
    "包头",
    "A",
    "包头市ABC科技有限公司",
    "包头市😀科技有限公司",
    "包头市华 为 科技有限公司",
    "包头市（昆都仑）华为科技有限公司",
    "华为（包头）科技有限公司",
    "包头市华为科技有限公司昆都仑分公司",
    "内蒙古自治区包头市东河区鑫鑫商贸有限责任公司",
    "包头市新鑫鑫商贸有限公司",
    "包头市一二三四五六七八九十十一十二十三科技有限公司",
    "包头市ＡＢＣ１２３商贸有限公司",
    "包头市国际贸易有限公司",
    "中国华为科技有限公司",
    "包头市鑫",
    "包头市鑫鑫",
    "包头市〔鑫鑫〕商贸有限公司",
    "包头市法轮功科技有限公司",
    "包头市美国商贸有限公司",
    "包头市公安局服务有限公司",
    "包头市第一科技有限公司",
    "包头市鑫鑫人民法院咨询有限公司",
    "包头市华军用品有限公司",
    "中华鑫鑫商贸有限公司",
    "包头市鑫中国科技有限公司",
    "包头市鑫鑫国际贸易有限公司",
    "包头市国际鑫鑫贸易有限公司",
    "国际鑫鑫贸易有限公司",
    "包头市大和商贸有限公司",
)


def _corpus_path(n: int) -> Path:
    return DEV_DIR / f"corpus_{n}.json"


def prepare(n: int) -> None:
    """Generate the register and the benchmark queries once (JSON; read by every version)."""
    from bench.namecheck_bench import generate_corpus, make_queries

    ref = load_reference()
    corpus, gen_s = generate_corpus(n, SEED)
    corpus.trades = [parse(name, ref).trade_name for name in corpus.names]
    queries = make_queries(corpus, ref, 200, SEED)
    DEV_DIR.mkdir(parents=True, exist_ok=True)
    data = {
        "names": corpus.names,
        "registries": corpus.registries,
        "industries": corpus.industries,
        "queries": [(q.category, q.name, q.registry, q.source) for q in queries],
    }
    _corpus_path(n).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    print(f"prepared {n:,} names ({gen_s:.1f}s) and {len(queries)} queries")


def _load_corpus(n: int) -> dict[str, list[Any]]:
    data: dict[str, list[Any]] = json.loads(_corpus_path(n).read_text(encoding="utf-8"))
    return data


def _stored(i: int, name: str, registry: str) -> StoredName:
    """Deterministic statuses and owners, so that windows and exceptions are exercised."""
    status = NameStatus.REGISTERED
    status_date = reserved_until = None
    if i % 97 == 5:
        status, status_date = NameStatus.DEREGISTERED, AS_OF - timedelta(days=i % 500)
    elif i % 89 == 7:
        status, status_date = NameStatus.RENAMED, AS_OF - timedelta(days=i % 400)
    elif i % 83 == 3:
        status, status_date = NameStatus.REGISTRATION_REVOKED, AS_OF - timedelta(days=i % 700)
    elif i % 71 == 11:
        status, reserved_until = NameStatus.RESERVED, AS_OF + timedelta(days=i % 60 - 30)
    owner = f"owner{i % 5000}" if i % 3 == 0 else ""
    return StoredName(i, name, registry, status, status_date, reserved_until, owner)


def build(n: int) -> tuple[NameIndex, dict[str, list[Any]]]:
    ref = load_reference()
    data = _load_corpus(n)
    records = (
        (_stored(i, name, reg), parse(name, ref))
        for i, (name, reg) in enumerate(zip(data["names"], data["registries"], strict=True))
    )
    return NameIndex.build(records), data


def _line(tag: str, result: CheckResult) -> str:
    p = result.parsed
    findings = [
        (f.rule, str(f.verdict), f.article, f.message, f.fix, f.part, list(f.conflicts))
        for f in result.findings
    ]
    parts = [
        p.raw,
        p.normalized,
        p.region,
        p.region_position,
        p.trade_name,
        p.industry,
        p.industry_key,
        p.form,
        p.group_marker,
        p.branch_parent,
        p.branch_locality,
        p.branch_suffix,
        p.fie_marker,
    ]
    return json.dumps([tag, result.name, str(result.verdict), parts, findings], ensure_ascii=False)


def dump(n: int, out: Path) -> None:
    ref = load_reference()
    config = EngineConfig()
    started = time.perf_counter()
    index, data = build(n)
    names, registries, industries = data["names"], data["registries"], data["industries"]
    rng = random.Random(SEED + 7)
    queries = [(name, reg) for _, name, reg, _ in data["queries"]]
    registered = [(names[i], registries[i]) for i in rng.sample(range(len(names)), 3000)]
    odd = [(name, registries[k % len(registries)]) for k, name in enumerate(ODD_INPUTS)]
    odd.append(("包头市华为科技有限公司", "999999"))  # unknown registry
    base = queries + registered + odd
    lines: list[str] = []
    n_checks = 0

    def run(tag: str, cases: list[tuple[str, CheckContext]]) -> None:
        nonlocal n_checks
        for name, ctx in cases:
            lines.append(_line(tag, check(name, ctx, index, ref, config)))
            n_checks += 1

    run("plain", [(name, CheckContext(registry=reg, as_of=AS_OF)) for name, reg in base])
    declared = [
        (name, CheckContext(registry=reg, industry=industries[rng.randrange(len(industries))]))
        for name, reg in rng.sample(base, 500)
    ]
    run(
        "industry",
        [(name, CheckContext(ctx.registry, ctx.industry, AS_OF)) for name, ctx in declared],
    )
    # Exceptions (§1.8): own owner, related owners, transferred names.
    exc: list[tuple[str, CheckContext]] = []
    for k, (name, reg) in enumerate(queries + registered[:300]):
        owners = frozenset(f"owner{(k * 7 + j) % 5000}" for j in range(40))
        transferred = frozenset(names[(k * 13 + j) % len(names)] for j in range(200))
        exc.append(
            (
                name,
                CheckContext(
                    registry=reg,
                    as_of=AS_OF + timedelta(days=k % 90 - 45),
                    related_owners=owners,
                    transferred_names=transferred,
                    own_owner=f"owner{k % 5000}",
                ),
            )
        )
    run("exceptions", exc)
    # The benchmark's ground truth: the display cap lifted.
    saved = engine_conflicts.MAX_CONFLICTS
    engine_conflicts.MAX_CONFLICTS = 10**9
    try:
        run("uncapped", [(name, CheckContext(registry=reg, as_of=AS_OF)) for name, reg in queries])
    finally:
        engine_conflicts.MAX_CONFLICTS = saved
    # Alternatives of 60 queries (blocked and not).
    for name, reg in queries[:40] + queries[-20:]:
        ctx = CheckContext(registry=reg, as_of=AS_OF)
        found = suggest_alternatives(name, ctx, index, ref, config)
        lines.append(json.dumps(["suggest", name, found], ensure_ascii=False))
    # Overlay: adds (new ids, some with a queried 字号), removals, status changes.
    for k in range(300):
        src = queries[k % len(queries)]
        reg = src[1] if k % 2 else registries[k]
        name = src[0] if k % 3 else names[(k * 31) % len(names)]
        stored = _stored(10_000_000 + k, name, reg)
        index.add(stored, parse(name, ref))
    for k in range(100):
        index.remove((k * 1009) % len(names))
    for k in range(200):
        ext = (k * 997 + 1) % len(names)
        if k % 2:
            index.update_status(ext, NameStatus.DEREGISTERED, AS_OF - timedelta(days=k))
        else:
            index.update_status(ext, NameStatus.RESERVED, reserved_until=AS_OF + timedelta(days=k))
    run(
        "overlay",
        [
            (name, CheckContext(registry=reg, as_of=AS_OF))
            for name, reg in queries + registered[:500]
        ],
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(
        f"{n_checks:,} checks and 60 suggestion lists written to {out} "
        f"({time.perf_counter() - started:.0f}s)"
    )


def snapshot(n: int, directory: Path) -> None:
    index, _ = build(n)
    index.save(directory)
    per_million = index.memory_bytes() / n
    print(f"snapshot of {n:,} names in {directory}; memory_bytes {per_million:.1f} MB per million")


def _pct(values: list[int], p: float) -> float:
    """Percentile of nanosecond samples, in microseconds (bench.stats, as the benchmark)."""
    return percentile([v / 1000 for v in values], p)


def timing(directory: Path, n: int, passes: int, stages: bool) -> None:
    ref = load_reference()
    config = EngineConfig()
    index = NameIndex.load(directory, mmap=False)
    data = _load_corpus(n)
    cases = [(name, CheckContext(registry=reg)) for _, name, reg, _ in data["queries"]]
    cpu = time.process_time_ns
    wall = time.perf_counter_ns
    for name, ctx in cases:  # warm-up
        check(name, ctx, index, ref, config)
    cpu_s: list[int] = []
    wall_s: list[int] = []
    totals: list[int] = []
    for _ in range(passes):
        t_pass = cpu()
        for name, ctx in cases:
            c0, w0 = cpu(), wall()
            check(name, ctx, index, ref, config)
            w1, c1 = wall(), cpu()
            cpu_s.append(c1 - c0)
            wall_s.append(w1 - w0)
        totals.append(cpu() - t_pass)
    load = os.getloadavg()
    out = {
        "cpu_p50": _pct(cpu_s, 50),
        "cpu_p99": _pct(cpu_s, 99),
        "wall_p50": _pct(wall_s, 50),
        "wall_p99": _pct(wall_s, 99),
        "best_pass_cpu_mean": min(totals) / len(cases) / 1000,
        "load": [round(x, 2) for x in load],
        "memory_mb_per_m": index.memory_bytes() / len(index),
    }
    if stages:
        tables = heuristic_tables(ref)
        parts: dict[str, list[int]] = {"parse": [], "rules": [], "conflicts": []}
        for _ in range(passes):
            for name, ctx in cases:
                c0 = cpu()
                parsed = parse(name, ref)
                c1 = cpu()
                structure_findings(parsed, name, ref, config)
                c2 = cpu()
                conflict_findings(parsed, ctx, index, config, tables=tables)
                c3 = cpu()
                parts["parse"].append(c1 - c0)
                parts["rules"].append(c2 - c1)
                parts["conflicts"].append(c3 - c2)
        for key, values in parts.items():
            out[f"{key}_p50"] = _pct(values, 50)
            out[f"{key}_p99"] = _pct(values, 99)
    print(json.dumps({k: round(v, 1) if isinstance(v, float) else v for k, v in out.items()}))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("command", choices=("prepare", "dump", "snapshot", "time"))
    parser.add_argument("--names", type=int, default=200_000)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--dir", type=Path)
    parser.add_argument("--snapshot", type=Path)
    parser.add_argument("--passes", type=int, default=7)
    parser.add_argument("--stages", action="store_true")
    args = parser.parse_args()
    if args.command == "prepare":
        prepare(args.names)
    elif args.command == "dump":
        dump(args.names, args.out or DEV_DIR / "dump.txt")
    elif args.command == "snapshot":
        snapshot(args.names, args.dir)
    else:
        timing(args.snapshot, args.names, args.passes, args.stages)


if __name__ == "__main__":
    main()
