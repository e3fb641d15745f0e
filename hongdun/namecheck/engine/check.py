"""The whole check of one proposed name: parse, structure rules, conflicts, verdict.

Verdict order (docs/rules/names.md §2.3): prohibited → restricted → identical → similar → pass;
the overall
verdict is the most severe finding's. Whether a result blocks self-declaration is a deployment
decision for `similar` (C-MODE): see `is_blocking`.
"""

from __future__ import annotations

import unicodedata
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
    similar too when the deployment sets `similar_blocks` (docs/rules/names.md C-MODE)."""
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


def _offending_words(result: CheckResult) -> list[str]:
    """The words a prohibited or restricted finding names (共产党, 银行, 德意志 …), longest first.

    Rules about the shape of the 字号 (too short, a region name) name the 字号 or the region
    itself; those are not words to drop but parts to rebuild, so they are left out here."""
    words = {
        f.part
        for f in result.findings
        if f.verdict in (Verdict.PROHIBITED, Verdict.RESTRICTED)
        and f.part
        and f.rule.startswith(("P-", "R-", "S-"))
    }
    return sorted(words, key=len, reverse=True)


def _seat_region(registry: str, ref: ReferenceData) -> str:
    """A region text that is within the authority's division: its 设区的市 for a 市辖区 (a district
    needs its city in front, GD2020 第七条), else its own name."""
    seat = ref.regions.get(registry)
    if seat is None:
        return ""
    if seat.kind == "district" and seat.parent in ref.regions:
        return ref.regions[seat.parent].name
    return seat.name


def _rebuilt_base(
    result: CheckResult, ctx: CheckContext, ref: ReferenceData
) -> tuple[str, str, str] | None:
    """(text before the 字号, the applicant's own 字号 characters, text after it) with every
    offending word and character removed, or None when nothing offends (only conflicts)."""
    parsed = result.parsed
    offending = _offending_words(result)
    rules = {f.rule for f in result.findings}
    if not offending and not rules & _REBUILT_RULES:
        return None
    text = parsed.normalized
    trade = parsed.trade_name
    start = len(parsed.region) if parsed.region_position == "prefix" else 0
    at = text.find(trade, start) if trade else -1
    if at < 0:
        head, tail = (text[:start], text[start:]) if start else ("", text)
        trade = ""
    else:
        head, tail = text[:at], text[at + len(trade) :]
    own = "".join(c for c in trade if unicodedata.category(c) == "Lo")  # letters and digits go
    for word in offending:
        own = own.replace(word, "")
        head = head.replace(word, "")
        tail = tail.replace(word, "")
    if "N-ZIHAO-2" in rules:
        # a region name used as (or in front of) the 字号: keep only what is not the region
        for finding in result.findings:
            if finding.rule == "N-ZIHAO-2" and finding.part:
                own = own.replace(finding.part, "")
    if "N-REGION-1" in rules and parsed.region_position == "prefix":
        head = _seat_region(ctx.registry, ref) + head[len(parsed.region) :]
    elif not parsed.region and "N-ZIHAO-2" in rules:
        head = _seat_region(ctx.registry, ref) + head  # 杭州云 → the authority's region + 云…
    return head, own, tail


_REBUILT_RULES = frozenset({"N-CHAR-1", "N-ZIHAO-2", "N-REGION-1", "N-ZIHAO-1"})


def _rebuilt_trades(own: str, pool: str) -> Iterable[str]:
    """字号 made of the applicant's remaining characters and pool characters, at least two."""
    seen: set[str] = set()
    if len(own) >= 2:
        seen.add(own)
        yield own
    for c in pool:
        for candidate in (own + c, c + own) if own else ():
            if len(candidate) >= 2 and candidate not in seen:
                seen.add(candidate)
                yield candidate
    if not own:
        for a in pool:
            for b in pool:
                if a != b and a + b not in seen:
                    seen.add(a + b)
                    yield a + b


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
    """Names that pass every rule (`check` verdict `pass`), keeping region, industry and form.

    For a name that only conflicts, the 字号 varies by one character from `pool`. For a name
    with prohibited or restricted content (docs/rules/names.md §1.2–§1.3, §5.9), the suggestion
    is rebuilt from the applicant's own parts without the offending words (共产党云 → 云 + a pool
    character, never 共产瀚), a wrong region is replaced by the authority's, and symbols and
    letters are dropped; no suggestion contains an offending word. Empty when the name already
    passes or nothing passing is found.

    `result`: the caller's `check` of `raw` with the same context, index and configuration, so
    that it is not checked twice."""
    ref = ref if ref is not None else load_reference()
    config = config if config is not None else _DEFAULT_CONFIG
    if result is None or result.name != raw:
        result = check(raw, ctx, index, ref, config)
    if result.verdict is Verdict.PASS or limit <= 0:
        return []
    rebuilt = _rebuilt_base(result, ctx, ref)
    if rebuilt is not None:
        head, own, tail = rebuilt
        offending = _offending_words(result)
        candidates: Iterable[tuple[str, str]] = (
            (head + variant + tail, variant) for variant in _rebuilt_trades(own, pool)
        )
    else:
        parsed = result.parsed
        trade = parsed.trade_name
        text = parsed.normalized
        start = len(parsed.region) if parsed.region_position == "prefix" else 0
        at = text.find(trade, start) if trade else -1
        if at < 0:
            return []
        offending = []
        candidates = (
            (text[:at] + variant + text[at + len(trade) :], variant)
            for variant in _variants(trade, pool)
        )
    found: list[str] = []
    for attempt, (candidate, variant) in enumerate(candidates):
        if attempt >= _MAX_SUGGESTION_CHECKS:
            break
        if candidate == raw or any(word in candidate for word in offending):
            continue
        outcome = check(candidate, ctx, index, ref, config)
        # The variant must be read back as the 字号 (not swallowed into the region or industry).
        if outcome.verdict is Verdict.PASS and trade_key(outcome.parsed.trade_name) == variant:
            found.append(candidate)
            if len(found) >= limit:
                break
    return found
