"""Reference data of the name engine: the tables of `engine/data/` in fast lookup form. Pure stdlib.

`load_reference()` reads the default data directory once per process (cached); a deployment passes
its own directory (a copy of `engine/data/` with local edits) to `load_reference(path)`. Every file
is UTF-8, tab-separated, with `#` comment lines; each file's header says where it comes from, how
far to trust it and how to edit it.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from hongdun.namecheck.engine.types import Verdict

__all__ = [
    "COUNTY_LEVEL_KINDS",
    "DEFAULT_DATA_DIR",
    "PREFECTURE_OR_ABOVE_KINDS",
    "FormInfo",
    "IndustryTerm",
    "LocalityMarker",
    "ProhibitedWord",
    "ReferenceData",
    "Region",
    "RegionAlias",
    "RestrictedWord",
    "clear_reference_cache",
    "load_reference",
]

DEFAULT_DATA_DIR = Path(__file__).resolve().parent / "data"

# Kinds of regions.tsv. County level: a division a 市场监管局 at county level registers in.
COUNTY_LEVEL_KINDS = frozenset({"district", "county", "county-city", "banner"})
PREFECTURE_OR_ABOVE_KINDS = frozenset({"country", "province", "city"})
REGION_KINDS = COUNTY_LEVEL_KINDS | PREFECTURE_OR_ABOVE_KINDS | {"development-zone"}
INDUSTRY_KINDS = frozenset({"industry", "generic", "qualifier"})
FORM_ROLES = frozenset({"form", "base", "marker", "group", "branch"})
PROHIBITED_SCOPES = frozenset({"trade_name", "trade_name_exact", "part", "anywhere"})
TRUST_LEVELS = frozenset({"A", "B", "C", "UNVERIFIED"})


@dataclass(frozen=True, slots=True)
class Region:
    """One administrative division (or development zone) of regions.tsv / region_aliases.tsv."""

    code: str  # 6-digit code, e.g. "150203"
    name: str  # full official name, e.g. "昆都仑区"
    # country | province | city | district | county | county-city | banner | development-zone
    kind: str
    parent: str  # parent code ("" for provinces)
    prefix: str  # significant code prefix: "15" (province), "1502" (city), "150203" (county level)
    parent_prefix: str  # the parent's prefix; for a 市辖区 this is its 设区的市 (or municipality)


@dataclass(frozen=True, slots=True)
class RegionAlias:
    """One way to write one or more divisions: a full name, a short form or a colloquial form."""

    text: str
    regions: tuple[Region, ...]
    full: bool  # the text is the full official name of one of `regions` (strong evidence)
    colloquial: bool  # from region_aliases.tsv with note "colloquial"


@dataclass(frozen=True, slots=True)
class IndustryTerm:
    term: str
    key: str  # canonical comparison key (synonyms and stem rule applied)
    kind: str  # industry | generic | qualifier
    trust: str


@dataclass(frozen=True, slots=True)
class FormInfo:
    form: str
    roles: frozenset[str]  # form | base | marker | group | branch
    valid_for: frozenset[str]  # enterprise types (llc, jsc, partnership, …, legacy)
    implies_industry: str  # industry key named by the form itself (酒店, 超市 …), else ""
    trust: str
    note: str


@dataclass(frozen=True, slots=True)
class ProhibitedWord:
    word: str
    rule: str  # P-1 … P-9, P-MISLEAD-1
    scope: str  # trade_name | trade_name_exact | part | anywhere
    article: str
    source: str
    except_in: tuple[str, ...]  # longer words inside which a hit does not count


@dataclass(frozen=True, slots=True)
class RestrictedWord:
    word: str
    rule: str
    position: str  # prefix | middle
    verdict: Verdict
    article: str
    switch: str  # EngineConfig attribute that enables the row; "" = always on
    source: str


@dataclass(frozen=True, slots=True)
class SectorWord:
    """A word a law reserves for firms a sector regulator has approved (R-SECTOR)."""

    word: str
    article: str
    regulator: str
    except_in: tuple[str, ...]  # longer words inside which the word is not the reserved one
    source: str


@dataclass(frozen=True, slots=True)
class WellKnownName:
    """A 字号 "有一定影响" (反不正当竞争法第六条第（二）项): `similar` when a 字号 uses it."""

    word: str
    holder: str
    exact: bool  # only when the 字号 is exactly the word


@dataclass(frozen=True, slots=True)
class LocalityMarker:
    """A zone (开发区 …) or town (镇 …) segment the parser accepts after a region."""

    marker: str
    kind: str  # zone | town
    min_before: int
    max_before: int
    county_only: bool  # only after a county-level division
    at_start: bool  # may open a name with no region before it (a zone standing alone)


@dataclass(frozen=True, slots=True, repr=False)
class ReferenceData:
    """All tables, loaded and indexed. Read-only by convention (plain dicts, for speed)."""

    data_dir: Path
    regions: Mapping[str, Region]  # by code
    region_aliases: Mapping[str, RegionAlias]  # by text
    region_alias_lengths: Mapping[
        str, tuple[int, ...]
    ]  # first 2 chars → alias lengths, longest first
    region_alias_max: int
    region_alias_suffix_lengths: Mapping[str, tuple[int, ...]]  # last 2 chars → alias lengths
    standalone_zone_aliases: frozenset[str]  # zone aliases that do not contain a region name
    locality_markers: tuple[LocalityMarker, ...]
    locality_end_chars: frozenset[str]  # last characters of the markers (a quick pre-check)
    industries: Mapping[str, IndustryTerm]
    industry_lengths: Mapping[
        str, tuple[int, ...]
    ]  # last 2 chars → term lengths (≥ 2), longest first
    industry_singles: frozenset[str]  # one-character terms (酒, 茶 …)
    forms: Mapping[str, FormInfo]  # every row of forms.tsv
    suffix_forms: Mapping[str, FormInfo]  # role `form`: matched as the name's last word
    suffix_form_lengths: Mapping[str, tuple[int, ...]]  # last char → form lengths, longest first
    markers: tuple[str, ...]  # bracketed markers, longest first
    marker_bases: Mapping[str, FormInfo]
    marker_base_lengths: Mapping[str, tuple[int, ...]]  # last char → base lengths
    group_markers: tuple[str, ...]  # （集团）, 集团
    branch_suffixes: Mapping[str, FormInfo]
    branch_suffix_lengths: Mapping[str, tuple[int, ...]]  # last char → suffix lengths
    parent_forms: tuple[str, ...]  # forms that may end a branch's parent (company forms first)
    parent_forms_fallback: tuple[str, ...]
    prohibited: tuple[ProhibitedWord, ...]
    prohibited_index: Mapping[str, Mapping[str, tuple[ProhibitedWord, ...]]]  # scope → char → words
    restricted: tuple[RestrictedWord, ...]
    sector_words: tuple[SectorWord, ...]
    well_known: tuple[WellKnownName, ...]
    # region names that are also ordinary words → "review" (restricted) or "allow" (N-ZIHAO-2)
    zihao_exceptions: Mapping[str, str]
    lookalikes: Mapping[str, frozenset[str]]
    new_old_prefixes: frozenset[str]
    region_words: frozenset[str]  # texts naming a county-level-or-above division (N-ZIHAO-2)

    def __repr__(self) -> str:
        return (
            f"ReferenceData({str(self.data_dir)!r}: {len(self.regions)} regions, "
            f"{len(self.region_aliases)} region names, {len(self.industries)} industry terms, "
            f"{len(self.forms)} forms, {len(self.prohibited)} prohibited words)"
        )


# --- reading ---------------------------------------------------------------------------------


def _rows(path: Path, min_columns: int, max_columns: int) -> Iterator[tuple[int, list[str]]]:
    """(line number, columns) for each data line; short rows are padded with ""."""
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            line = line.rstrip("\n").rstrip("\r")
            if not line.strip() or line.startswith("#"):
                continue
            columns = [c.strip() for c in line.split("\t")]
            if len(columns) < min_columns or len(columns) > max_columns:
                raise ValueError(
                    f"{path.name}:{number}: expected {min_columns}–{max_columns} tab-separated "
                    f"columns, got {len(columns)}"
                )
            columns += [""] * (max_columns - len(columns))
            yield number, columns


def _check(condition: bool, path: Path, number: int, message: str) -> None:
    if not condition:
        raise ValueError(f"{path.name}:{number}: {message}")


def _region_prefix(code: str, kind: str) -> str:
    if kind == "country":
        return ""
    if kind == "province":
        return code[:2]
    if kind == "city":
        return code[:4]
    return code


def _lengths_by(keys: Iterable[str], *, last: bool) -> dict[str, tuple[int, ...]]:
    """Word lengths bucketed by the first (or last) two characters, longest first."""
    buckets: dict[str, set[int]] = defaultdict(set)
    for key in keys:
        if len(key) >= 2:
            buckets[key[-2:] if last else key[:2]].add(len(key))
    return {c: tuple(sorted(lengths, reverse=True)) for c, lengths in buckets.items()}


def _lengths_by_last_char(keys: Iterable[str]) -> dict[str, tuple[int, ...]]:
    buckets: dict[str, set[int]] = defaultdict(set)
    for key in keys:
        buckets[key[-1]].add(len(key))
    return {c: tuple(sorted(lengths, reverse=True)) for c, lengths in buckets.items()}


def _load_regions(data_dir: Path) -> tuple[dict[str, Region], dict[str, RegionAlias]]:
    raw: dict[str, tuple[str, str, str]] = {}  # code → (name, kind, parent)
    shorts: dict[str, list[str]] = defaultdict(list)
    path = data_dir / "regions.tsv"
    for number, (code, name, kind, parent, forms) in _rows(path, 4, 5):
        _check(len(code) == 6 and code.isdigit(), path, number, f"bad code {code!r}")
        _check(kind in REGION_KINDS, path, number, f"unknown kind {kind!r}")
        _check(code not in raw, path, number, f"duplicate code {code}")
        raw[code] = (name, kind, parent)
        shorts[code].extend(f for f in forms.split(",") if f)

    alias_rows: list[tuple[str, str, bool]] = []  # (alias, code, colloquial)
    path = data_dir / "region_aliases.tsv"
    for number, (alias, code, name, kind, parent, note) in _rows(path, 2, 6):
        if code not in raw:
            _check(bool(name) and kind in REGION_KINDS, path, number, f"unknown code {code}")
            raw[code] = (name, kind, parent)
        alias_rows.append((alias, code, note.startswith("colloquial")))

    prefixes = {code: _region_prefix(code, kind) for code, (_, kind, _) in raw.items()}
    regions = {
        code: Region(code, name, kind, parent, prefixes[code], prefixes.get(parent, ""))
        for code, (name, kind, parent) in raw.items()
    }

    by_text: dict[str, dict[str, Region]] = defaultdict(dict)
    full: set[str] = set()
    colloquial: set[str] = set()
    for code, region in regions.items():
        by_text[region.name][code] = region
        full.add(region.name)
        for short in shorts.get(code, ()):
            by_text[short][code] = region
    for alias, code, is_colloquial in alias_rows:
        by_text[alias][code] = regions[code]
        if is_colloquial and alias not in full:
            colloquial.add(alias)
    aliases = {
        text: RegionAlias(
            text,
            tuple(sorted(found.values(), key=lambda r: r.code)),
            text in full,
            text in colloquial,
        )
        for text, found in by_text.items()
    }
    return regions, aliases


def _load_industries(data_dir: Path) -> dict[str, IndustryTerm]:
    path = data_dir / "industries.tsv"
    terms: dict[str, IndustryTerm] = {}
    for number, (term, key, kind, trust, _note) in _rows(path, 3, 5):
        _check(kind in INDUSTRY_KINDS, path, number, f"unknown kind {kind!r}")
        _check(term not in terms, path, number, f"duplicate term {term}")
        terms[term] = IndustryTerm(term, key or term, kind, trust or "C")
    return terms


def _load_forms(data_dir: Path) -> dict[str, FormInfo]:
    path = data_dir / "forms.tsv"
    forms: dict[str, FormInfo] = {}
    for number, (form, roles, valid_for, implies, trust, note) in _rows(path, 3, 6):
        role_set = frozenset(r for r in roles.split(",") if r)
        _check(bool(role_set) and role_set <= FORM_ROLES, path, number, f"bad role {roles!r}")
        _check(form not in forms, path, number, f"duplicate form {form}")
        forms[form] = FormInfo(
            form,
            role_set,
            frozenset(v for v in valid_for.split(",") if v),
            implies,
            trust or "C",
            note,
        )
    return forms


def _load_prohibited(data_dir: Path) -> tuple[ProhibitedWord, ...]:
    path = data_dir / "prohibited.tsv"
    words: list[ProhibitedWord] = []
    for number, (word, rule, scope, article, source, except_in) in _rows(path, 4, 6):
        _check(scope in PROHIBITED_SCOPES, path, number, f"unknown scope {scope!r}")
        _check(rule.startswith("P-"), path, number, f"unknown rule {rule!r}")
        exceptions = tuple(e for e in except_in.split(",") if e)
        _check(all(word in e for e in exceptions), path, number, "except_in must contain the word")
        words.append(ProhibitedWord(word, rule, scope, article, source, exceptions))
    return tuple(words)


def _load_restricted(data_dir: Path) -> tuple[RestrictedWord, ...]:
    path = data_dir / "restricted.tsv"
    words: list[RestrictedWord] = []
    for number, (word, rule, position, verdict, article, switch, source) in _rows(path, 5, 7):
        _check(position in ("prefix", "middle"), path, number, f"bad position {position!r}")
        _check(
            verdict in (Verdict.RESTRICTED, Verdict.PROHIBITED),
            path,
            number,
            f"bad verdict {verdict!r}",
        )
        words.append(
            RestrictedWord(word, rule, position, Verdict(verdict), article, switch, source)
        )
    return tuple(words)


def _load_markers(data_dir: Path) -> tuple[LocalityMarker, ...]:
    path = data_dir / "locality_markers.tsv"
    markers: list[LocalityMarker] = []
    for number, (marker, kind, low, high, after, start) in _rows(path, 6, 6):
        _check(kind in ("zone", "town"), path, number, f"bad kind {kind!r}")
        _check(low.isdigit() and high.isdigit() and int(low) <= int(high), path, number, "range")
        markers.append(
            LocalityMarker(marker, kind, int(low), int(high), after == "county", start == "yes")
        )
    return tuple(markers)


def _first_column(path: Path) -> frozenset[str]:
    return frozenset(columns[0] for _, columns in _rows(path, 1, 8))


def _load_sector_words(data_dir: Path) -> tuple[SectorWord, ...]:
    path = data_dir / "sector_words.tsv"
    words: list[SectorWord] = []
    for number, (word, article, regulator, except_in, source) in _rows(path, 3, 5):
        exceptions = tuple(e for e in except_in.split(",") if e)
        _check(all(word in e for e in exceptions), path, number, "except_in must contain the word")
        words.append(SectorWord(word, article, regulator, exceptions, source))
    return tuple(words)


def _load_well_known(data_dir: Path) -> tuple[WellKnownName, ...]:
    path = data_dir / "well_known.tsv"
    names: list[WellKnownName] = []
    for number, (word, holder, match) in _rows(path, 2, 3):
        _check(match in ("", "contains", "exact"), path, number, "match contains or exact")
        _check(len(word) >= 2, path, number, "a 字号 of two or more characters")
        names.append(WellKnownName(word, holder, match == "exact"))
    return tuple(names)


ZIHAO_DECISIONS = ("review", "allow")


def _load_zihao_exceptions(data_dir: Path) -> dict[str, str]:
    path = data_dir / "zihao_exceptions.tsv"
    decisions: dict[str, str] = {}
    for number, (word, _meaning, decision) in _rows(path, 1, 3):
        decision = decision or "review"
        _check(decision in ZIHAO_DECISIONS, path, number, "decision review or allow")
        decisions[word] = decision
    return decisions


def _load_lookalikes(data_dir: Path) -> dict[str, frozenset[str]]:
    pairs: dict[str, set[str]] = defaultdict(set)
    path = data_dir / "lookalikes.tsv"
    for number, (a, b, _note) in _rows(path, 2, 3):
        _check(len(a) == 1 and len(b) == 1 and a != b, path, number, "a pair of two characters")
        pairs[a].add(b)
        pairs[b].add(a)
    return {c: frozenset(others) for c, others in pairs.items()}


def _index_prohibited(
    words: tuple[ProhibitedWord, ...],
) -> dict[str, dict[str, tuple[ProhibitedWord, ...]]]:
    index: dict[str, dict[str, list[ProhibitedWord]]] = {
        s: defaultdict(list) for s in PROHIBITED_SCOPES
    }
    for word in words:
        index[word.scope][word.word[0]].append(word)
    return {
        scope: {c: tuple(sorted(ws, key=lambda w: -len(w.word))) for c, ws in by_char.items()}
        for scope, by_char in index.items()
    }


def _build(data_dir: Path) -> ReferenceData:
    regions, aliases = _load_regions(data_dir)
    industries = _load_industries(data_dir)
    forms = _load_forms(data_dir)
    prohibited = _load_prohibited(data_dir)
    locality = _load_markers(data_dir)

    suffix_forms = {f: info for f, info in forms.items() if "form" in info.roles}
    bases = {f: info for f, info in forms.items() if "base" in info.roles}
    branches = {f: info for f, info in forms.items() if "branch" in info.roles}
    markers = tuple(sorted((f for f, i in forms.items() if "marker" in i.roles), key=len)[::-1])
    groups = tuple(sorted((f for f, i in forms.items() if "group" in i.roles), key=len)[::-1])
    # A branch's parent ends in a company form (有限公司, 公司, 银行 …) or is itself a branch; other
    # forms (厂, 店 …) are tried only when no company form is found.
    parent_forms = tuple(
        sorted(
            (
                f
                for f, i in suffix_forms.items()
                if i.valid_for & {"llc", "jsc"} or f.endswith("公司")
            ),
            key=len,
            reverse=True,
        )
    ) + tuple(sorted(branches, key=len, reverse=True))
    fallback = tuple(sorted((f for f in suffix_forms if f not in parent_forms), key=len)[::-1])

    province_or_city = [
        a.text
        for a in aliases.values()
        if any(r.kind in PREFECTURE_OR_ABOVE_KINDS and r.kind != "country" for r in a.regions)
    ]
    standalone_zones = frozenset(
        a.text
        for a in aliases.values()
        if all(r.kind == "development-zone" for r in a.regions)
        and not any(a.text.startswith(p) for p in province_or_city)
    )
    region_words = frozenset(
        a.text for a in aliases.values() if any(r.kind != "development-zone" for r in a.regions)
    )

    return ReferenceData(
        data_dir=data_dir,
        regions=regions,
        region_aliases=aliases,
        region_alias_lengths=_lengths_by(aliases, last=False),
        region_alias_max=max(map(len, aliases)),
        region_alias_suffix_lengths=_lengths_by(aliases, last=True),
        standalone_zone_aliases=standalone_zones,
        locality_markers=locality,
        locality_end_chars=frozenset(m.marker[-1] for m in locality),
        industries=industries,
        industry_lengths=_lengths_by(industries, last=True),
        industry_singles=frozenset(t for t in industries if len(t) == 1),
        forms=forms,
        suffix_forms=suffix_forms,
        suffix_form_lengths=_lengths_by_last_char(suffix_forms),
        markers=markers,
        marker_bases=bases,
        marker_base_lengths=_lengths_by_last_char(bases),
        group_markers=groups,
        branch_suffixes=branches,
        branch_suffix_lengths=_lengths_by_last_char(branches),
        parent_forms=parent_forms,
        parent_forms_fallback=fallback,
        prohibited=prohibited,
        prohibited_index=_index_prohibited(prohibited),
        restricted=_load_restricted(data_dir),
        sector_words=_load_sector_words(data_dir),
        well_known=_load_well_known(data_dir),
        zihao_exceptions=_load_zihao_exceptions(data_dir),
        lookalikes=_load_lookalikes(data_dir),
        new_old_prefixes=_first_column(data_dir / "modifiers.tsv"),
        region_words=region_words,
    )


@functools.lru_cache(maxsize=8)
def _cached(data_dir: Path) -> ReferenceData:
    return _build(data_dir)


def load_reference(data_dir: Path | None = None) -> ReferenceData:
    """Load the tables of `data_dir` (default: the packaged `engine/data/`), cached per directory.

    Call `clear_reference_cache()` after editing the files of a running process's directory.
    """
    return _cached((data_dir or DEFAULT_DATA_DIR).resolve())


def clear_reference_cache() -> None:
    _cached.cache_clear()
