"""The whole check of one proposed name: parse, structure rules, conflicts, verdict.

Verdict order (names.md §2.3): prohibited → restricted → identical → similar → pass; the overall
verdict is the most severe finding's. Whether a result blocks self-declaration is a deployment
decision for `similar` (C-MODE): see `is_blocking`.
"""

from __future__ import annotations

from collections.abc import Iterable

from .conflicts import HeuristicTables, conflict_findings
from .index import NameIndex, trade_key
from .parse import industry_key, parse
from .reference import ReferenceData, load_reference
from .rules import located_region_findings, structure_findings
from .types import CheckContext, CheckResult, EngineConfig, Finding, Verdict

__all__ = [
    "SUGGESTION_POOL",
    "check",
    "check_many",
    "heuristic_tables",
    "is_blocking",
    "suggest_alternatives",
]

_BLOCKING = frozenset({Verdict.IDENTICAL, Verdict.RESTRICTED, Verdict.PROHIBITED})
_DEFAULT_CONFIG = EngineConfig()

# Characters for alternative 字号: common, positive, and none of them a 新/老/大-style prefix or a
# look-alike of a common character, so that a variation is not itself "similar". Every proposal
# is checked before it is offered.
SUGGESTION_POOL = "瀚昱澜睿朗钧翊霖骏祺璟煜铂宸熠沐禾屹峻岚弈珩韬玥琛筠晗铠湛澄"
_MAX_SUGGESTION_CHECKS = 200

_tables_cache: dict[int, tuple[ReferenceData, HeuristicTables]] = {}


def heuristic_tables(ref: ReferenceData) -> HeuristicTables:
    """The §1.7 heuristic data (prefixes, look-alikes) of a reference data set, cached."""
    cached = _tables_cache.get(id(ref))
    if cached is None or cached[0] is not ref:
        cached = (ref, HeuristicTables(ref.new_old_prefixes, ref.lookalikes))
        _tables_cache[id(ref)] = cached
    return cached[1]


def is_blocking(result: CheckResult, config: EngineConfig | None = None) -> bool:
    """Whether the name cannot be self-declared: identical, restricted or prohibited, and
    similar too when the deployment sets `similar_blocks` (names.md C-MODE)."""
    if result.verdict in _BLOCKING:
        return True
    return result.verdict is Verdict.SIMILAR and (config or _DEFAULT_CONFIG).similar_blocks


def _by_severity(finding: Finding) -> int:
    return -finding.verdict.severity


def check(
    raw: str,
    ctx: CheckContext,
    index: NameIndex,
    ref: ReferenceData | None = None,
    config: EngineConfig | None = None,
) -> CheckResult:
    """Check one proposed name against the rules and the stored names of ctx.registry."""
    ref = ref if ref is not None else load_reference()
    config = config if config is not None else _DEFAULT_CONFIG
    parsed = parse(raw, ref)
    findings = structure_findings(parsed, raw, ref, config)
    # N-REGION-1 (GD2020 第七条): the region must be where the enterprise is, i.e. within the
    # registration authority's division (ctx.registry is its division code).
    findings += located_region_findings(parsed, ctx.registry, ref)
    declared = industry_key(ctx.industry, ref) if ctx.industry else ""
    findings += conflict_findings(
        parsed,
        ctx,
        index,
        config,
        tables=heuristic_tables(ref),
        declared_industry_key=declared,
    )
    # Most severe first; rule order is kept within a verdict. The overall verdict is then the
    # first finding's.
    if len(findings) > 1:
        findings.sort(key=_by_severity)
    verdict = findings[0].verdict if findings else Verdict.PASS
    return CheckResult(raw, parsed, verdict, tuple(findings))


def check_many(
    names: Iterable[str],
    ctx: CheckContext,
    index: NameIndex,
    ref: ReferenceData | None = None,
    config: EngineConfig | None = None,
) -> list[CheckResult]:
    """`check` over many names (batch files, the batch API)."""
    ref = ref if ref is not None else load_reference()
    config = config if config is not None else _DEFAULT_CONFIG
    return [check(name, ctx, index, ref, config) for name in names]


def _variants(trade: str, pool: str) -> Iterable[str]:
    """New 字号: replace the last, first or a middle character, or add one, from the pool."""
    seen = {trade}
    for c in pool:
        candidates = [trade[:-1] + c, c + trade[1:], trade + c]
        if len(trade) >= 3:
            middle = len(trade) // 2
            candidates.append(trade[:middle] + c + trade[middle + 1 :])
        if len(trade) < 2:
            candidates = [trade + c, c + trade]
        for candidate in candidates:
            if candidate not in seen:
                seen.add(candidate)
                yield candidate


def suggest_alternatives(
    raw: str,
    ctx: CheckContext,
    index: NameIndex,
    ref: ReferenceData | None = None,
    config: EngineConfig | None = None,
    limit: int = 5,
    pool: str = SUGGESTION_POOL,
    *,
    result: CheckResult | None = None,
) -> list[str]:
    """Names that pass (`check` verdict `pass`), keeping region, industry and form and varying
    the 字号 by one character from `pool`. Empty when the name already passes or has no 字号.

    `result`: the caller's `check` of `raw` with the same context, index and configuration, so
    that it is not checked twice."""
    ref = ref if ref is not None else load_reference()
    config = config if config is not None else _DEFAULT_CONFIG
    if result is None or result.name != raw:
        result = check(raw, ctx, index, ref, config)
    if result.verdict is Verdict.PASS or limit <= 0:
        return []
    parsed = result.parsed
    trade = parsed.trade_name
    text = parsed.normalized
    start = len(parsed.region) if parsed.region_position == "prefix" else 0
    at = text.find(trade, start) if trade else -1
    if at < 0:
        return []
    found: list[str] = []
    for attempt, variant in enumerate(_variants(trade, pool)):
        if attempt >= _MAX_SUGGESTION_CHECKS:
            break
        candidate = text[:at] + variant + text[at + len(trade) :]
        outcome = check(candidate, ctx, index, ref, config)
        # The variant must be read back as the 字号 (not swallowed into the region or industry).
        if outcome.verdict is Verdict.PASS and trade_key(outcome.parsed.trade_name) == variant:
            found.append(candidate)
            if len(found) >= limit:
                break
    return found
