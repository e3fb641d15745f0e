"""Conflict rules: the proposed name against the stored names of the same registry.

Rules (docs/rules/names.md):

* identical — C-SAME-1 (GD2020 Art 17, with its status windows and exceptions), C-CMP-3.1/3.2/3.3
  (BD2017 Art 3, the comparison system's "相同" categories);
* similar — C-CMP-4.1/4.2/4.3 (BD2017 Art 4), and the practitioner heuristics of §1.7,
  switchable through ``EngineConfig.heuristics``: H-NEW-OLD, H-CONTAINS-2IN3, H-LOOKALIKE,
  H-FORM-ONLY, and H-ORDER (the same 字号 characters in another order: a practitioner signal, not
  BD2017 Art 3(二), which is about the order of region, 字号, industry and form).

Scope: only names of the same registry (C-SCOPE-1) and of a compatible industry — the same
canonical industry key, or either name without an industry term (GD2020 Art 17: "同行业或者不使用
行业、经营特点表述"). Identical rules see registered names, live reservations and names given up
(deregistered, renamed, revoked) within ``config.protection_years`` calendar years (periods.py);
similar rules see only registered names and live reservations (BD2017 compares "已登记、核准"
names). The exceptions of §1.8 apply to every rule: the applicant's own names, owners with an
investment relation or an authorisation, and (for deregistered or renamed names only,
Art 17(二)) names transferred to the applicant.

Every rule is a fixed set of key probes (see index.py); this module only builds the probes and
classifies the few candidates they return. A stored name may appear under several rules (for
example C-SAME-1, the legal ground, and C-CMP-3.3, the comparison category).
"""

from __future__ import annotations

import functools
import time
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

from .index import (
    ANY_INDUSTRY,
    B_POWERS,
    F_EXACT,
    F_PINYIN,
    F_SORTED,
    F_SUB,
    KEY_MASK,
    MAX_SUB_SOURCE,
    SEED_POWER_SIZES,
    T_CONTAINS_QUERY,
    T_IN_QUERY,
    T_LOOKALIKE,
    T_NEW_OLD,
    T_PAIR,
    T_PINYIN,
    T_SAME,
    T_SORTED,
    NameIndex,
    day_number,
    industry_stem,
    make_key,
    owner_hash,
    poly,
    substring_polys,
    trade_key,
)
from .periods import protected_since
from .types import CheckContext, EngineConfig, Finding, ParsedName, Verdict

_EPOCH_DATE = date(1970, 1, 1)

__all__ = [
    "DEFAULT_LOOKALIKES",
    "DEFAULT_MODIFIERS",
    "RULES",
    "HeuristicTables",
    "conflict_findings",
    "fold_name",
    "load_heuristic_tables",
    "today_in_china",
]

MAX_CONFLICTS = 5
_MAX_LOOKALIKE_VARIANTS = 16
_CHINA = timezone(timedelta(hours=8))
_DATA = Path(__file__).resolve().parent / "data"

DEFAULT_MODIFIERS: tuple[str, ...] = ("新", "老", "大", "小")
# A few pairs of look-alike characters from docs/rules/names.md §1.7 and common practice; the
# deployment's
# table is engine/data/lookalikes.tsv.
DEFAULT_LOOKALIKES: tuple[str, ...] = ("峰锋", "晨辰", "未末", "己已巳", "日曰", "戊戌戍", "鸟乌")


@dataclass(frozen=True, slots=True)
class _Rule:
    id: str
    verdict: Verdict
    article: str
    message: str  # formatted with {t} (proposed 字号) and {n} (number of stored names)
    fix: str


_FIX_CHANGE = "更换字号，或在字号中加字使其明显区别于已有名称。"
_FIX_SAME = (
    "更换字号，或在字号中加字以示区别；如与对方存在投资关系或授权、或已受让该名称，"
    "请在申报时提供证明。"
)
_BD3 = "《企业名称相同相近比对规则》第三条"
_BD4 = "《企业名称相同相近比对规则》第四条"
_PRACTICE = "登记实务近似判断参考（非法定条款）"

RULES: dict[str, _Rule] = {
    r.id: r
    for r in (
        _Rule(
            "C-SAME-1",
            Verdict.IDENTICAL,
            "《企业名称登记管理规定》第十七条",
            "字号“{t}”与同一登记机关{n}个已登记、保留期内或注销（变更、撤销）未满一年的企业名称"
            "字号相同，且属同一行业或其中一方未使用行业表述。",
            _FIX_SAME,
        ),
        _Rule(
            "C-CMP-3.1",
            Verdict.IDENTICAL,
            _BD3 + "第（一）项",
            "与同一登记机关已登记、核准的企业名称完全相同。",
            _FIX_CHANGE,
        ),
        _Rule(
            "C-CMP-3.2",
            Verdict.IDENTICAL,
            _BD3 + "第（二）项",
            "与同一登记机关已登记、核准的企业名称行政区划、字号、行业和组织形式排列顺序不同"
            "但文字相同。",
            _FIX_CHANGE,
        ),
        _Rule(
            "C-CMP-3.3",
            Verdict.IDENTICAL,
            _BD3 + "第（三）项",
            "与同一登记机关已登记、核准的企业名称字号“{t}”、行业文字相同，仅行政区划或者组织形式"
            "不同。",
            _FIX_CHANGE,
        ),
        _Rule(
            "C-CMP-4.1",
            Verdict.SIMILAR,
            _BD4 + "第（一）项",
            "与同一登记机关同行业企业名称字号“{t}”相同，行业表述不同但含义相同。",
            _FIX_CHANGE,
        ),
        _Rule(
            "C-CMP-4.2",
            Verdict.SIMILAR,
            _BD4 + "第（二）项",
            "字号“{t}”与同一登记机关{n}个同行业企业名称的字号读音相同。",
            "更换读音不同的字号。",
        ),
        _Rule(
            "C-CMP-4.3",
            Verdict.SIMILAR,
            _BD4 + "第（三）项",
            "字号“{t}”包含同一登记机关{n}个同行业企业名称的字号，或被其包含。",
            _FIX_CHANGE,
        ),
        _Rule(
            "H-ORDER",
            Verdict.SIMILAR,
            _PRACTICE,
            "字号“{t}”与同一登记机关{n}个同行业企业名称的字号文字相同、仅字序不同。",
            _FIX_CHANGE,
        ),
        _Rule(
            "H-NEW-OLD",
            Verdict.SIMILAR,
            _PRACTICE,
            "字号“{t}”与同一登记机关同行业企业名称的字号仅相差“新”“老”“大”等字。",
            _FIX_CHANGE,
        ),
        _Rule(
            "H-CONTAINS-2IN3",
            Verdict.SIMILAR,
            _PRACTICE,
            "三字字号“{t}”包含同一登记机关同行业企业名称的两字字号的全部文字。",
            _FIX_CHANGE,
        ),
        _Rule(
            "H-LOOKALIKE",
            Verdict.SIMILAR,
            _PRACTICE,
            "字号“{t}”与同一登记机关同行业企业名称的字号仅有一字字形相近。",
            _FIX_CHANGE,
        ),
        _Rule(
            "H-FORM-ONLY",
            Verdict.SIMILAR,
            _PRACTICE,
            "双方均未使用行业表述，字号“{t}”相同，仅组织形式不同。",
            _FIX_CHANGE,
        ),
    )
}
_ORDER = {rule: i for i, rule in enumerate(RULES)}


# --- heuristic tables ---------------------------------------------------------------------------


class HeuristicTables:
    """Data for the §1.7 heuristics: 新/老/大-style prefixes and look-alike characters."""

    __slots__ = ("lookalikes", "modifier_lengths", "modifiers")

    def __init__(
        self,
        modifiers: Iterable[str] = DEFAULT_MODIFIERS,
        lookalikes: Mapping[str, Iterable[str]] | None = None,
    ) -> None:
        self.modifiers: frozenset[str] = frozenset(m for m in modifiers if m)
        self.modifier_lengths: frozenset[int] = frozenset(len(m) for m in self.modifiers)
        self.lookalikes: dict[str, tuple[str, ...]] = {
            c: tuple(sorted(others)) for c, others in (lookalikes or {}).items()
        }

    @classmethod
    def from_groups(cls, modifiers: Iterable[str], groups: Iterable[str]) -> HeuristicTables:
        """Look-alikes given as groups of characters that all look alike (e.g. "己已巳")."""
        table: dict[str, set[str]] = {}
        for group in groups:
            for c in group:
                table.setdefault(c, set()).update(o for o in group if o != c)
        return cls(modifiers, table)


def _is_cjk(text: str) -> bool:
    return bool(text) and all(unicodedata.name(c, "").startswith("CJK") for c in text)


def _tsv_rows(path: Path) -> list[list[str]]:
    rows: list[list[str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].rstrip()
        if line.strip():
            rows.append([field.strip() for field in line.split("\t")])
    return rows


def load_heuristic_tables(data_dir: Path | None = None) -> HeuristicTables:
    """modifiers.tsv (a prefix in the first column) and lookalikes.tsv (the leading columns that
    are Chinese characters form one group, e.g. ``峰<TAB>锋<TAB>note``); defaults if missing."""
    directory = data_dir or _DATA
    modifiers: tuple[str, ...] = DEFAULT_MODIFIERS
    groups: tuple[str, ...] = DEFAULT_LOOKALIKES
    mod_path = directory / "modifiers.tsv"
    if mod_path.is_file():
        found = tuple(row[0] for row in _tsv_rows(mod_path) if _is_cjk(row[0]))
        if found:
            modifiers = found
    look_path = directory / "lookalikes.tsv"
    if look_path.is_file():
        found_groups: list[str] = []
        for row in _tsv_rows(look_path):
            chars = ""
            for column in row:
                if not _is_cjk(column):
                    break
                chars += column
            if len(chars) >= 2:
                found_groups.append(chars)
        if found_groups:
            groups = tuple(found_groups)
    return HeuristicTables.from_groups(modifiers, groups)


@lru_cache(maxsize=1)
def _default_tables() -> HeuristicTables:
    return load_heuristic_tables()


# --- helpers ------------------------------------------------------------------------------------


def today_in_china() -> date:
    return datetime.now(_CHINA).date()


_CHINA_OFFSET_S = 8 * 3600


def _today_number() -> int:
    """day_number(today_in_china()) from the clock directly: POSIX time has 86,400 s a day, so
    the day in UTC+8 is the integer part of (time + 8 h) / 1 day (a third of the time)."""
    return int((time.time() + _CHINA_OFFSET_S) // 86_400)


@functools.lru_cache(maxsize=64)
def _window_start(today: int, years: int) -> int:
    """The day number of the earliest day on which a name given up is still protected today
    (periods.protected_since; cached: one computation per day and setting)."""
    return day_number(protected_since(_EPOCH_DATE + timedelta(days=today), years))


def fold_name(name: str) -> str:
    """A full name as compared for equality: NFKC, without spaces, brackets or punctuation."""
    return trade_key(name)


def _lookalike_variants(trade: str, table: Mapping[str, tuple[str, ...]]) -> list[str]:
    out: list[str] = []
    for i, ch in enumerate(trade):
        for other in table.get(ch, ()):
            out.append(trade[:i] + other + trade[i + 1 :])
            if len(out) >= _MAX_LOOKALIKE_VARIANTS:
                return out
    return out


# Record status codes (index.STATUS_CODES); 2–4 are names given up.
_REGISTERED, _RESERVED = 0, 1
_TRANSFERABLE = frozenset({2, 3})  # deregistered, renamed: GD2020 Art 17(二)


def conflict_findings(
    parsed: ParsedName,
    ctx: CheckContext,
    index: NameIndex,
    config: EngineConfig,
    *,
    tables: HeuristicTables | None = None,
    declared_industry_key: str = "",
) -> list[Finding]:
    """Identical and similar findings for `parsed` against the stored names of ctx.registry.

    `declared_industry_key` is the canonical key of the applicant's declared industry
    (ctx.industry); it places a name without any industry wording in that industry.
    """
    trade = trade_key(parsed.trade_name)
    length = len(trade)
    reg = index.registry_id(ctx.registry)
    if not length or reg is None:
        return []
    heuristics = config.heuristics
    tables = tables if tables is not None else _default_tables()
    modifiers = tables.modifiers
    new_old = "H-NEW-OLD" in heuristics

    # Industry scope: the name's own key (wording, or implied by a form such as 饭店), else the
    # declared one. With a key: probe that key and "no industry term" (0); with none at all: the
    # same 字号 in every industry (C-SAME-1), similar rules only among names without a term.
    q_term = bool(parsed.industry or parsed.industry_key)
    q_key = index.industry_key_id(parsed.industry_key or parsed.industry or declared_industry_key)
    industries = (q_key, 0) if q_key > 0 else (0,)

    codes = [ord(c) for c in trade]
    if length < SEED_POWER_SIZES:
        exact, probes = _probes(trade, codes, length, index, heuristics, tables, new_old)
        same_probe = (length * _SLOTS + F_EXACT, exact, T_SAME)
        if q_key:
            requests = [(ind, [*probes, same_probe]) for ind in industries]
        else:
            requests = [(ind, probes) for ind in industries]
            requests.append((ANY_INDUSTRY, [same_probe]))
        found = index.find(reg, requests)
    else:
        found = index.lookup(
            _probe_keys_long(
                trade, codes, length, reg, q_key, industries, index, heuristics, tables, new_old
            )
        )
    if not found:
        return []

    # The proposed name's parts, as ids of the index's tables.
    q_text = index.industry_text_id(parsed.industry)
    q_stem = industry_stem(parsed.industry)
    q_region = index.region_id(parsed.region)
    q_form = index.form_id(parsed.form)
    today = day_number(ctx.as_of) if ctx.as_of is not None else _today_number()
    window = _window_start(today, config.protection_years)
    own = owner_hash(ctx.own_owner)
    related = frozenset(map(owner_hash, ctx.related_owners)) if ctx.related_owners else _NONE
    transferred = (
        frozenset(map(fold_name, ctx.transferred_names)) if ctx.transferred_names else _NONE
    )
    synonym_same = config.synonym_industry_identical
    form_only = "H-FORM-ONLY" in heuristics
    order_on = "H-ORDER" in heuristics
    mod_lengths = tables.modifier_lengths if new_old else frozenset()

    # Per group: the same 字号 or not, which similar rules its tags stand for, industry term.
    plan: list[tuple[int, bool, tuple[str, ...], bool]] = []
    for gref, tags in found.items():
        same = bool(tags & T_SAME)
        group_rules: tuple[str, ...] = ()
        if not same:
            group_rules = _RULES_BY_TAGS[tags]
            if not order_on and "H-ORDER" in group_rules:
                group_rules = tuple(r for r in group_rules if r != "H-ORDER")
            if not tags & T_NEW_OLD and tags & T_CONTAINS_QUERY and mod_lengths:
                g_trade = index.group_trade(gref)
                extra = len(g_trade) - length
                if (
                    extra in mod_lengths
                    and g_trade[:extra] in modifiers
                    and g_trade[extra:] == trade
                ):
                    group_rules = _RULES_BY_TAGS[tags | T_NEW_OLD]
            if not group_rules:
                continue
        plan.append((gref, same, group_rules, index.group_industry(gref) != 0))
    if not plan:
        return []

    query = _Query(
        trade,
        q_term,
        q_key,
        q_text,
        q_stem,
        q_region,
        q_form,
        fold_name(parsed.normalized or parsed.raw),
        today,
        window,
        own,
        related,
        transferred,
        synonym_same,
        form_only,
        {},
    )
    n_records = 0
    for entry in plan:
        n_records += index.group_size(entry[0])
    if n_records > BULK_THRESHOLD:
        results = _classify_bulk(plan, query, index)
    else:
        results = _classify(plan, query, index)

    findings: list[Finding] = []
    names_by_ref = query.names
    for rule_id in sorted(results, key=_ORDER.__getitem__):
        count, top = results[rule_id]
        spec = RULES[rule_id]
        names: list[str] = []
        for ref in top:
            name = names_by_ref.get(ref)
            if name is None:
                name = names_by_ref[ref] = index.name(ref)
            if name not in names:
                names.append(name)
                if len(names) == MAX_CONFLICTS:
                    break
        findings.append(
            Finding(  # positional (faster), in the field order of types.Finding
                rule_id,
                spec.verdict,
                spec.article,
                spec.message.format(t=trade, n=count),
                spec.fix,
                parsed.trade_name,
                tuple(names),
            )
        )
    return findings


def _rules_of_tags(tags: int) -> tuple[str, ...]:
    """The similar rules a group found by these probe tags stands for (not the same 字号)."""
    found: list[str] = []
    if tags & T_PINYIN:
        found.append("C-CMP-4.2")
    if tags & (T_CONTAINS_QUERY | T_IN_QUERY):
        found.append("C-CMP-4.3")
    if tags & T_SORTED:
        found.append("H-ORDER")
    if tags & T_NEW_OLD:
        found.append("H-NEW-OLD")
    if tags & T_PAIR:
        found.append("H-CONTAINS-2IN3")
    if tags & T_LOOKALIKE:
        found.append("H-LOOKALIKE")
    return tuple(found)


# Every combination of the eight tag bits, computed once.
_RULES_BY_TAGS: tuple[tuple[str, ...], ...] = tuple(_rules_of_tags(t) for t in range(256))
_NONE: frozenset[Any] = frozenset()


_B = B_POWERS[1]
_M64 = (1 << 64) - 1
_SLOTS = 4  # seed_powers holds the four families of one size at [size * 4 + family]


def _probes(
    trade: str,
    codes: list[int],
    length: int,
    index: NameIndex,
    heuristics: frozenset[str],
    tables: HeuristicTables,
    new_old: bool,
) -> tuple[int, list[tuple[int, int, int]]]:
    """(exact polynomial, [(slot, seed-free polynomial, tag bits)]) of the proposed 字号.

    A slot is ``size * 4 + family`` (see `NameIndex.seed_powers`); the T_SAME probe is not in
    the list (its industries differ). The keys are those of `_probe_keys_long`. A key probed
    twice (a repeated substring) is simply looked up twice: the tags are OR-ed either way.
    """
    b = _B
    m = _M64
    exact = 0
    for c in codes:
        exact = (exact * b + c) & m
    probes: list[tuple[int, int, int]] = []
    if length < 2:
        return exact, probes
    add = probes.append
    h = 0
    for c in sorted(codes):
        h = (h * b + c) & m
    base = length * _SLOTS
    add((base + F_SORTED, h, T_SORTED))
    add((base + F_SUB, exact, T_CONTAINS_QUERY))
    for p in index.pinyin.polys(trade):
        add((base + F_PINYIN, p, T_PINYIN))
    if 3 <= length <= MAX_SUB_SOURCE:
        modifiers = tables.modifiers
        for i in range(length):
            h = 0
            for j in range(i, length - 1 if i == 0 else length):
                h = (h * b + codes[j]) & m
                if j > i:
                    tag = T_IN_QUERY
                    if new_old and j == length - 1 and trade[:i] in modifiers:
                        tag |= T_NEW_OLD
                    add(((j - i + 1) * _SLOTS + F_EXACT, h, tag))
    if length == 3 and "H-CONTAINS-2IN3" in heuristics:
        c0, c1, c2 = codes
        for x, y in ((c0, c1), (c0, c2), (c1, c2)):
            add((2 * _SLOTS + F_SORTED, ((x * b + y) if x <= y else (y * b + x)) & m, T_PAIR))
    lookalikes = tables.lookalikes
    if lookalikes and "H-LOOKALIKE" in heuristics:
        n_variants = 0
        base += F_EXACT
        for i, ch in enumerate(trade):
            others = lookalikes.get(ch)
            if not others:
                continue
            weight = B_POWERS[length - 1 - i]
            for other in others:
                if len(other) == 1:
                    p = (exact + (ord(other) - codes[i]) * weight) & m
                else:  # a table built by hand may hold longer strings: hash the variant
                    p = poly(map(ord, trade[:i] + other + trade[i + 1 :]))
                add((base, p, T_LOOKALIKE))
                n_variants += 1
                if n_variants >= _MAX_LOOKALIKE_VARIANTS:
                    break
            else:
                continue
            break
    return exact, probes


def _probe_keys_long(
    trade: str,
    codes: list[int],
    length: int,
    reg: int,
    q_key: int,
    industries: tuple[int, ...],
    index: NameIndex,
    heuristics: frozenset[str],
    tables: HeuristicTables,
    new_old: bool,
) -> dict[int, dict[int, int]]:
    """`_probe_keys` for a 字号 of SEED_POWER_SIZES characters or more (keys by `make_key`)."""
    modifiers = tables.modifiers
    exact = poly(codes)
    by_industry: dict[int, dict[int, int]] = {ind: {} for ind in industries}
    for ind in industries if q_key else (ANY_INDUSTRY,):
        seed = index.family_seeds(reg, ind)[F_EXACT]
        by_industry.setdefault(ind, {})[make_key(seed, exact, length)] = T_SAME
    if length >= 2:
        polys: list[tuple[int, int, int, int]] = [
            (F_SORTED, poly(sorted(codes)), length, T_SORTED),
            (F_SUB, exact, length, T_CONTAINS_QUERY),
        ]
        for p in index.pinyin.polys(trade):
            polys.append((F_PINYIN, p, length, T_PINYIN))
        for p, size, start, end in substring_polys(trade):
            tag = T_IN_QUERY
            if new_old and end == length and trade[:start] in modifiers:
                tag |= T_NEW_OLD
            polys.append((F_EXACT, p, size, tag))
        if length == 3 and "H-CONTAINS-2IN3" in heuristics:
            pairs = {
                (min(codes[a], codes[b]), max(codes[a], codes[b]))
                for a, b in ((0, 1), (0, 2), (1, 2))
            }
            for pair in pairs:
                polys.append((F_SORTED, poly(pair), 2, T_PAIR))
        if "H-LOOKALIKE" in heuristics and tables.lookalikes:
            for variant in _lookalike_variants(trade, tables.lookalikes):
                polys.append((F_EXACT, poly(map(ord, variant)), length, T_LOOKALIKE))
        fast = length < len(B_POWERS)
        for ind in industries:
            seeds = index.family_seeds(reg, ind)
            tags_by_key = by_industry[ind]
            for family, p, size, tag in polys:
                if fast:
                    k = (seeds[family] * B_POWERS[size] + p) & KEY_MASK
                else:
                    k = make_key(seeds[family], p, size)
                tags_by_key[k] = tags_by_key.get(k, 0) | tag
    return by_industry


# Above this many candidate records, they are classified with numpy columns instead of one by
# one (a popular 字号 in a large registry); both ways give the same findings (tested).
BULK_THRESHOLD = 128

Rank = tuple[int, int, int]  # (registered 0 / reserved 1 / given up 2, other region, ext id)
Results = dict[str, tuple[int, list[int]]]  # rule → (number of stored names, the top refs)


class _Query(NamedTuple):
    """The proposed name's parts as ids of the index's tables, and the check's context."""

    trade: str
    term: bool  # the name has an industry term (wording, or implied by its form)
    key: int
    text: int
    stem: str
    region: int
    form: int
    folded: str  # the whole name as compared (fold_name)
    today: int
    window: int  # day number: names given up on or after it are still protected
    own: int
    related: frozenset[int]
    transferred: frozenset[str]
    synonym_same: bool
    form_only: bool
    names: dict[int, str]  # stored names read during this check, by record ref


def _name(index: NameIndex, q: _Query, ref: int) -> str:
    """A stored name, read once per check (classification and findings both need it)."""
    name = q.names.get(ref)
    if name is None:
        name = q.names[ref] = index.name(ref)
    return name


def _top(hits: dict[str, list[tuple[Rank, int]]]) -> dict[str, tuple[int, list[tuple[Rank, int]]]]:
    # Twice the display cap: stored names may repeat (the same name under several ids).
    keep = 2 * MAX_CONFLICTS
    return {rule: (len(found), sorted(found)[:keep]) for rule, found in hits.items()}


def _same_text_rule(index: NameIndex, ref: int, q: _Query) -> str | None:
    """C-CMP-3.1 when the whole names are equal, C-CMP-3.2 when they have the same characters
    in another order (region, 字号, industry and form already compared equal)."""
    stored = fold_name(_name(index, q, ref))
    if stored == q.folded:
        return "C-CMP-3.1"
    if sorted(stored) == sorted(q.folded):
        return "C-CMP-3.2"
    return None


def _classify(
    plan: list[tuple[int, bool, tuple[str, ...], bool]], q: _Query, index: NameIndex
) -> Results:
    """Record by record (few candidates): what _finish(_classify_ranked(…)) gives, in one pass."""
    keep = 2 * MAX_CONFLICTS
    return {
        rule: (len(found), [ref for _, ref in sorted(found)[:keep]])
        for rule, found in _collect(plan, q, index).items()
    }


def _finish(ranked: dict[str, tuple[int, list[tuple[Rank, int]]]]) -> Results:
    return {rule: (count, [ref for _, ref in top]) for rule, (count, top) in ranked.items()}


def _classify_ranked(
    plan: list[tuple[int, bool, tuple[str, ...], bool]],
    q: _Query,
    index: NameIndex,
    overlay_only: bool = False,
) -> dict[str, tuple[int, list[tuple[Rank, int]]]]:
    return _top(_collect(plan, q, index, overlay_only))


def _collect(
    plan: list[tuple[int, bool, tuple[str, ...], bool]],
    q: _Query,
    index: NameIndex,
    overlay_only: bool = False,
) -> dict[str, list[tuple[Rank, int]]]:
    """Every (rank, record ref) per rule, record by record."""
    hits: dict[str, list[tuple[Rank, int]]] = {}
    today, window = q.today, q.window
    records_of = index.overlay_records if overlay_only else index.group_records
    for gref, same, group_rules, r_term in plan:
        for ref in records_of(gref):
            rec = index.record(ref)
            status = rec.status
            if status == _REGISTERED:
                live = True
            elif status == _RESERVED:
                if rec.day < today:
                    continue  # the reservation has expired
                live = True
            else:
                live = False
                if rec.day < window:
                    continue  # protection ended (民法典 period rules), or no date known
            if not live and not same:
                continue
            if rec.owner and (rec.owner == q.own or rec.owner in q.related):
                continue  # the applicant's own name, or an investment relation / authorisation
            # Most relevant first: registered, reserved, given up; same region; oldest id.
            rank = (
                (0 if live else 2) + (status == _RESERVED),
                int(rec.region != q.region),
                rec.ext_id,
            )
            if not same:
                for rule in group_rules:
                    hits.setdefault(rule, []).append((rank, ref))
                continue
            rules: list[str] = []
            same_words = index.industry_stem_of(rec.industry_text) == q.stem
            if (
                not q.term or not r_term or same_words or q.synonym_same
            ) and not (  # (synonym_same: a compatible key is "同行业" even with other wording)
                q.transferred
                and status in _TRANSFERABLE
                and fold_name(_name(index, q, ref)) in q.transferred
            ):
                rules.append("C-SAME-1")
            if live:
                if q.term and r_term and not same_words:
                    rules.append("C-CMP-4.1")
                elif q.term == r_term:  # the same industry words (after 业/行/厂/店), or none
                    region_same = rec.region == q.region
                    form_same = rec.form == q.form
                    if not (region_same and form_same):
                        rules.append("C-CMP-3.3")
                    elif rec.industry_text == q.text:
                        same_text = _same_text_rule(index, ref, q)
                        if same_text:
                            rules.append(same_text)
                    if q.form_only and not q.term and not form_same:
                        rules.append("H-FORM-ONLY")
            for rule in rules:
                hits.setdefault(rule, []).append((rank, ref))
    return hits


def _classify_bulk(
    plan: list[tuple[int, bool, tuple[str, ...], bool]], q: _Query, index: NameIndex
) -> Results:
    """The same classification with numpy columns, for many candidate records."""
    base = [entry for entry in plan if index.is_base_group(entry[0])]
    # Overlay records (new groups, or additions to base groups) one by one: they are few.
    ranked = _classify_ranked(plan, q, index, overlay_only=True)
    if not base:
        return _finish(ranked)
    cols = index.bulk_records([g for g, _, _, _ in base])
    gpos = cols.group_pos
    same_g = np.array([same for _, same, _, _ in base], dtype=bool)
    term_g = np.array([term for _, _, _, term in base], dtype=bool)
    status, day = cols.status, cols.day
    live = (status == _REGISTERED) | ((status == _RESERVED) & (day >= q.today))
    recent = (status > _RESERVED) & (day >= q.window)
    same = same_g[gpos]
    keep = live | (recent & same)
    owner = cols.owner
    if q.own or q.related:
        others = np.array(sorted(q.related | {q.own} - {0}), dtype=np.uint64)
        keep &= ~((owner != 0) & np.isin(owner, others))
    rank0 = np.where(live, (status == _RESERVED).astype(np.int64), 2)
    rank1 = (cols.region != q.region).astype(np.int64)
    masks: dict[str, npt.NDArray[np.bool_]] = {}
    live_other = keep & live & ~same
    for rule in dict.fromkeys(r for _, _, rules, _ in base for r in rules):
        rule_g = np.array([rule in rules for _, _, rules, _ in base], dtype=bool)
        masks[rule] = live_other & rule_g[gpos]
    if same_g.any():
        r_term = term_g[gpos]
        same_words = index.base_stem_ids()[cols.industry_text] == index.stem_id(q.stem)
        c_same = keep & same & (~np.bool_(q.term) | ~r_term | same_words | q.synonym_same)
        if q.transferred:
            transferable = c_same & recent & ((status == 2) | (status == 3))
            for i in np.flatnonzero(transferable).tolist():
                if fold_name(_name(index, q, int(cols.refs[i]))) in q.transferred:
                    c_same[i] = False
        masks["C-SAME-1"] = c_same
        live_same = keep & live & same
        masks["C-CMP-4.1"] = live_same & q.term & r_term & ~same_words
        words = live_same & ~(q.term & r_term & ~same_words) & (r_term == q.term)
        region_same = cols.region == q.region
        form_same = cols.form == q.form
        masks["C-CMP-3.3"] = words & ~(region_same & form_same)
        same_text = words & region_same & form_same & (cols.industry_text == q.text)
        rule_31 = np.zeros(len(same_text), dtype=bool)
        rule_32 = np.zeros(len(same_text), dtype=bool)
        for i in np.flatnonzero(same_text).tolist():
            found = _same_text_rule(index, int(cols.refs[i]), q)
            if found == "C-CMP-3.1":
                rule_31[i] = True
            elif found == "C-CMP-3.2":
                rule_32[i] = True
        masks["C-CMP-3.1"] = rule_31
        masks["C-CMP-3.2"] = rule_32
        if q.form_only and not q.term:
            masks["H-FORM-ONLY"] = words & ~form_same
    results: Results = {}
    for rule, mask in masks.items():
        picked = np.flatnonzero(mask)
        extra_count, extra_top = ranked.pop(rule, (0, []))
        if not len(picked) and not extra_count:
            continue
        order = np.lexsort((cols.ext_id[picked], rank1[picked], rank0[picked]))[: 2 * MAX_CONFLICTS]
        top = [
            ((int(rank0[i]), int(rank1[i]), int(cols.ext_id[i])), int(cols.refs[i]))
            for i in picked[order].tolist()
        ]
        merged = sorted(top + extra_top)[: 2 * MAX_CONFLICTS]
        results[rule] = (len(picked) + extra_count, [ref for _, ref in merged])
    results.update(_finish(ranked))
    return results
