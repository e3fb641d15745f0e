"""Parsing a name into region, 字号, industry and form (docs/rules/names.md §2.1).

Pure stdlib, no regex.

Pipeline, on the normalised name:

1. **Branch split.** A name ending in a branch suffix (分公司, 分店 …) is split into the parent's
   full name, the branch locality and the suffix; the parent is the longest prefix ending in a
   company form (有限公司 …), else in another form. A parent without a form keeps a trailing
   region name as the locality (泽信控股|邯郸|分公司); N-BRANCH-1 then reports the missing form.
2. **Form.** A bracketed liability marker (（有限合伙）…) with the base before it (合伙企业, 中心
   …), or else the longest form suffix; then 集团 / （集团） before it. A form that also names the
   business (酒店, 超市 …) yields to the shorter form when the word before it is a longer industry
   term (烟酒|店, not 烟|酒店).
3. **Bracketed region.** The right-most bracket whose content is a region (or 中国: the FIE marker
   of R-3), before the form or between 字号 and industry. A name with a bracketed region has no
   leading one (安顺（包头）钢材: 安顺 is the 字号).
4. **Leading region.** The longest region name at the start, then further names that are divisions
   *inside* the previous one (内蒙古自治区|包头市|昆都仑区; 北京|杭州 is not a chain), then an
   optional zone (开发区 …) or, after a county-level division, a town (千灯镇).
5. **Industry.** The longest chain of lexicon terms ending the rest (酒业|发展): of all readings the
   one reaching furthest left, then the one with fewest terms (企业管理|顾问, not 管理顾问 with 企业
   left over). A one-character term (酒, 茶 …) only as the last word before the form.
6. **字号** = what remains.

Ambiguity (docs/rules/names.md §2.1). When the 字号 would have fewer than two characters, these
readings are
tried in order and the first leaving two or more characters wins:

1. drop the last region name if it is a generated short form of a county-level division
   (和平|饭店, 栖霞山|综合开发, 内蒙古|东胜鑫|园林绿化) — not a full name (朝阳区), not a
   colloquial alias (昆区);
2. for a 1-character 字号, a shorter industry reading: a shorter chain (金珠宝|商贸), another
   reading whose extra 字号 characters are not themselves an industry term (峰新|能源科技, but not
   云网络|科技: 杭州市|云|网络科技 keeps its 1-character 字号 for N-ZIHAO-1), or no industry when
   the chain is a single weak word — one character, generic or a qualifier (鑫茶|超市, 中节能|环保);
3. for a 1-character 字号, drop a short-form prefecture (金华鑫|智能科技); with no 字号 at all it
   stays a region (北海|地产发展 is a name without 字号);
4. for a 1-character 字号, drop a zone or town segment.

A name with no region at the start or in brackets may carry a province or prefecture name without
brackets after the 字号 (新月能源|石家庄|公司, 中节能|秦皇岛|环保); it becomes the region with
`region_position = "middle"`.
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Mapping
from typing import NamedTuple

from hongdun.namecheck.engine.normalize import normalize
from hongdun.namecheck.engine.reference import (
    COUNTY_LEVEL_KINDS,
    PREFECTURE_OR_ABOVE_KINDS,
    ReferenceData,
    Region,
)
from hongdun.namecheck.engine.types import ParsedName

__all__ = [
    "RegionMatch",
    "han_length",
    "industry_key",
    "industry_words",
    "match_region",
    "parse",
    "parse_many",
    "parse_normalized",
]

_OPEN = "（"
_CLOSE = "）"

Steps = dict[
    int, tuple[int, int]
]  # position → (terms on the best path from the end, next position)


class RegionMatch(NamedTuple):
    """The region at the start of a text: a chain of division names plus a zone/town segment."""

    end: int  # characters consumed
    elements: tuple[tuple[str, tuple[Region, ...]], ...]  # (text, divisions it can be) per name
    locality: str = ""  # zone or town segment after the chain, e.g. 开发区, 千灯镇
    locality_kind: str = ""  # "zone" | "town" | ""

    @property
    def text(self) -> str:
        return "".join(t for t, _ in self.elements) + self.locality


_NO_REGION = RegionMatch(0, ())


def han_length(text: str) -> int:
    """Number of Han characters (a 字号 needs two: N-ZIHAO-1)."""
    return sum(
        1
        for c in text
        if "\u4e00" <= c <= "\u9fff"
        or "\u3400" <= c <= "\u4dbf"
        or "\uf900" <= c <= "\ufaff"
        or "\U00020000" <= c <= "\U0003134f"
    )


# --- region ----------------------------------------------------------------------------------


def _chain(text: str, ref: ReferenceData) -> list[tuple[str, tuple[Region, ...]]]:
    """Greedy chain of nested division names at the start of `text`."""
    aliases = ref.region_aliases
    lengths_by_first = ref.region_alias_lengths
    n = len(text)
    pos = 0
    elements: list[tuple[str, tuple[Region, ...]]] = []
    while pos < n:
        lengths = lengths_by_first.get(text[pos : pos + 2])
        if lengths is None:
            break
        previous = tuple({r.prefix for r in elements[-1][1]}) if elements else ()
        for k in lengths:
            if pos + k > n:
                continue
            alias = aliases.get(text[pos : pos + k])
            if alias is None:
                continue
            if previous:
                found = tuple(
                    r
                    for r in alias.regions
                    if any(r.prefix.startswith(p) and len(r.prefix) > len(p) for p in previous)
                )
                if not found:
                    continue
            else:
                found = alias.regions
            elements.append((alias.text, found))
            pos += k
            break
        else:
            break
    return elements


def _locality(
    text: str,
    pos: int,
    elements: list[tuple[str, tuple[Region, ...]]],
    ref: ReferenceData,
    whole: bool,
) -> tuple[int, str]:
    """End and kind of a zone/town segment starting at `pos`, or (pos, "")."""
    if ref.locality_end_chars.isdisjoint(text[pos : pos + 12]):
        return pos, ""
    room = 0 if whole else 1  # inside a name, a 字号 must still follow
    county = bool(elements) and any(r.kind in COUNTY_LEVEL_KINDS for r in elements[-1][1])
    best_end = 0
    best_kind = ""
    best = (0, 0)
    for marker in ref.locality_markers:
        if not elements and not marker.at_start:
            continue
        if marker.county_only and not county:
            continue
        word = marker.marker
        i = text.find(word, pos + marker.min_before, pos + marker.max_before + len(word))
        if i < 0 or len(text) - (i + len(word)) < room:
            continue
        end = i + len(word)
        if _OPEN in text[pos:end] or _CLOSE in text[pos:end]:
            continue
        # The earliest marker wins; at the same place the longer one (奎聚街道, not 奎聚街).
        if best_end == 0 or (i, -len(word)) < best:
            best, best_end, best_kind = (i, -len(word)), end, marker.kind
    if best_end:
        return best_end, best_kind
    return pos, ""


def match_region(
    text: str, ref: ReferenceData, *, locality: bool = True, whole: bool = False
) -> RegionMatch:
    """The region at the start of `text` (docs/rules/names.md §2.1 step 5).

    `whole`: `text` is a region on its own (e.g. `ParsedName.region`), so a zone or town segment may
    end it; inside a name the segment must leave room for a 字号.
    """
    elements = _chain(text, ref)
    pos = 0
    for element, _ in elements:
        pos += len(element)
    if locality:
        end, kind = _locality(text, pos, elements, ref, whole)
        if kind:
            return RegionMatch(end, tuple(elements), text[pos:end], kind)
    return RegionMatch(pos, tuple(elements)) if elements else _NO_REGION


def _shorter_region(
    reading: str, match: RegionMatch, head: str, p: int, ref: ReferenceData
) -> RegionMatch | None:
    """A weaker region reading to try when the 字号 is too short, or None.

    weak: the last name is a generated short form of a county-level division (和平, 东胜);
    short: with a 1-character 字号, the last name is a short form of a prefecture (金华|鑫 →
    金华鑫; a province short form is kept: 内蒙古|乌 is not 内蒙古乌);
    locality: without the zone/town segment.
    """
    if reading == "locality":
        if p == 1 and match.locality:
            return match_region(head, ref, locality=False)
        return None
    if not match.elements or match.locality or (reading == "short" and p != 1):
        return None
    text, regions = match.elements[-1]
    alias = ref.region_aliases.get(text)
    if alias is None or alias.full or alias.colloquial:
        return None
    county = all(r.kind in COUNTY_LEVEL_KINDS for r in regions)
    if reading == "weak" and county:
        return _without_last(match)
    if reading == "short" and all(r.kind == "city" for r in regions):
        return _without_last(match)
    return None


def _without_last(match: RegionMatch) -> RegionMatch:
    elements = match.elements[:-1]
    if not elements:
        return _NO_REGION
    return RegionMatch(sum(len(t) for t, _ in elements), elements)


def _suffix_region(text: str, ref: ReferenceData) -> int:
    """Length of a province/prefecture name ending `text` that leaves ≥ 2 characters, else 0."""
    aliases = ref.region_aliases
    limit = len(text) - 2
    for k in ref.region_alias_suffix_lengths.get(text[-2:], ()):
        if k > limit:
            continue
        alias = aliases.get(text[-k:])
        if alias is not None and any(
            r.kind in PREFECTURE_OR_ABOVE_KINDS and r.kind != "country" for r in alias.regions
        ):
            return k
    return 0


# --- industry --------------------------------------------------------------------------------


def _industry_steps(text: str, ref: ReferenceData) -> Steps:
    """Every position from which the rest of `text` reads as a chain of industry terms.

    steps[p] = (number of terms, next position) on the reading from p with the fewest terms;
    steps[len(text)] = (0, -1). A one-character term may only be the last word.
    """
    terms = ref.industries
    lengths_by_last = ref.industry_lengths
    n = len(text)
    steps: Steps = {n: (0, -1)}
    if n and text[-1] in ref.industry_singles:
        steps[n - 1] = (1, n)
    for end in range(n, 1, -1):
        here = steps.get(end)
        if here is None:
            continue
        lengths = lengths_by_last.get(text[end - 2 : end])
        if lengths is None:
            continue
        count = here[0] + 1
        for k in lengths:
            if k <= end and text[end - k : end] in terms:
                start = end - k
                known = steps.get(start)
                if known is None or count < known[0]:
                    steps[start] = (count, end)
    return steps


def _words(text: str, steps: Steps, start: int) -> list[str]:
    words: list[str] = []
    p = start
    end = len(text)
    while p != end:
        q = steps[p][1]
        words.append(text[p:q])
        p = q
    return words


def _fallback(text: str, steps: Steps, best: int, ref: ReferenceData) -> int:
    """A split leaving a 字号 of ≥ 2 characters instead of the 1 character at `best`, or 0."""
    n = len(text)
    path = set()
    p = best
    while p != n:
        path.add(p)
        p = steps[p][1]
    for q in sorted(steps):
        if q < 2 or q == n:
            continue
        if q in path:
            return q  # a shorter chain: 金珠宝|商贸
        moved = text[best:q]
        if 0 not in _industry_steps(moved, ref) and not _lone_weak(text, steps, q, ref):
            return q  # the extra 字号 characters are not an industry term: 峰新|能源科技
    if _lone_weak(text, steps, best, ref):
        return n  # a single weak word: 鑫茶|超市, 中节能|环保
    return 0


def _lone_weak(text: str, steps: Steps, start: int, ref: ReferenceData) -> bool:
    """The industry from `start` is one weak word: one character, generic or a qualifier."""
    if steps[start][1] != len(text):
        return False
    term = ref.industries[text[start:]]
    return len(term.term) == 1 or term.kind != "industry"


def _split(rest: str, tail: str, ref: ReferenceData) -> tuple[str, Steps, int]:
    """(text, steps, start of the industry) for the text between region and form."""
    if tail:
        tail_steps = _industry_steps(tail, ref)
        if 0 in tail_steps:
            # 红光（北京）酒业发展: the text after the bracket is the industry.
            offset = len(rest)
            steps = {
                p + offset: (c, q + offset if q >= 0 else q) for p, (c, q) in tail_steps.items()
            }
            return rest + tail, steps, offset
        rest = rest + tail
    steps = _industry_steps(rest, ref)
    return rest, steps, min(steps)


def _split_trade(text: str, ref: ReferenceData) -> tuple[str, list[str]]:
    """(字号, industry words) of a text with no region."""
    steps = _industry_steps(text, ref)
    p = min(steps)
    if p == 1:
        p = _fallback(text, steps, p, ref) or p
    return text[:p], _words(text, steps, p)


def industry_words(industry: str, ref: ReferenceData) -> list[str]:
    """The lexicon terms of an industry text, left to right (酒业发展 → [酒业, 发展])."""
    steps = _industry_steps(industry, ref)
    p = min(steps)
    words = _words(industry, steps, p)
    return [industry[:p], *words] if p else words


def _key(words: list[str], ref: ReferenceData, implied: str) -> str:
    terms = ref.industries
    if len(words) == 1:
        term = terms.get(words[0])
        return term.key if term is not None else words[0]
    keys: list[str] = []
    others: list[str] = []
    for word in words:
        term = terms.get(word)
        if term is None:
            keys.append(word)
        elif term.kind == "industry":
            keys.append(term.key)
        else:
            others.append(term.key)
    return "".join(keys or others) or implied


def industry_key(industry: str, ref: ReferenceData, implied: str = "") -> str:
    """Canonical key: synonyms and stems of the terms; generic words and qualifiers are dropped
    unless nothing else is left (酒业发展 → 酒, 置业 → 房地产, 实业发展 → 实业)."""
    return _key(industry_words(industry, ref), ref, implied) if industry else implied


# --- forms and branches ----------------------------------------------------------------------


def _longest_suffix(
    text: str, table: Container[str], lengths: Mapping[str, tuple[int, ...]]
) -> str:
    """The longest word of `table` ending `text` (`lengths`: word lengths by last character)."""
    if not text:
        return ""
    n = len(text)
    for k in lengths.get(text[-1], ()):
        if k <= n and text[n - k :] in table:
            return text[n - k :]
    return ""


def _longest_industry_suffix(text: str, ref: ReferenceData) -> int:
    for k in ref.industry_lengths.get(text[-2:], ()):
        if k <= len(text) and text[-k:] in ref.industries:
            return k
    return 1 if text and text[-1] in ref.industry_singles else 0


def _split_form(name: str, ref: ReferenceData) -> tuple[str, str, str, str]:
    """(body, form, group marker, implied industry key)."""
    body = name
    form = ""
    implied = ""
    if name.endswith(_CLOSE) and (marker := _marker(name, ref)):
        body = body[: -len(marker)]
        base = _longest_suffix(body, ref.marker_bases, ref.marker_base_lengths)
        if base and len(base) < len(body):
            body = body[: -len(base)]
        else:
            base = ""
        form = base + marker
    else:
        found = _longest_suffix(body, ref.suffix_forms, ref.suffix_form_lengths)
        if found:
            info = ref.suffix_forms[found]
            if info.implies_industry and len(found) >= 2:
                # 烟酒店 is 烟酒 + 店, not 烟 + 酒店: a longer industry term wins.
                shorter = _longest_suffix(found[1:], ref.suffix_forms, ref.suffix_form_lengths)
                if shorter:
                    head = len(found) - len(shorter)
                    if _longest_industry_suffix(name[: -len(shorter)], ref) > head:
                        found = shorter
                        info = ref.suffix_forms[found]
            form = found
            implied = info.implies_industry
            body = body[: -len(found)]
    group = ""
    if body.endswith(("集团", "（集团）")):
        for marker in ref.group_markers:
            if body.endswith(marker) and len(body) > len(marker):
                group = marker
                body = body[: -len(marker)]
                break
    return body, form, group, implied


def _marker(name: str, ref: ReferenceData) -> str:
    for marker in ref.markers:
        if name.endswith(marker):
            return marker
    return ""


def _split_branch(text: str, ref: ReferenceData) -> tuple[str, str, str] | None:
    """(parent, locality, suffix) for a branch name, else None."""
    suffix = _longest_suffix(text, ref.branch_suffixes, ref.branch_suffix_lengths)
    if not suffix or len(suffix) >= len(text):
        return None
    pre = text[: -len(suffix)]
    end = -1
    for group in (ref.parent_forms, ref.parent_forms_fallback):
        for form in group:
            i = pre.rfind(form)
            if i >= 0 and i + len(form) > end:
                end = i + len(form)
        if end > 0:
            return pre[:end], pre[end:], suffix
    # No parent form (N-BRANCH-1): a trailing region name is the locality.
    for k in ref.region_alias_suffix_lengths.get(pre[-2:], ()):
        if k < len(pre) and pre[-k:] in ref.region_aliases:
            return pre[:-k], pre[-k:], suffix
    return pre, "", suffix


def _bracket(body: str, ref: ReferenceData) -> tuple[str, str, str, bool]:
    """(head, tail, bracketed region, FIE marker) — the right-most recognised bracket."""
    start = len(body)
    while True:
        i = body.rfind(_OPEN, 0, start)
        if i < 0:
            return body, "", "", False
        j = body.find(_CLOSE, i)
        if j > i:
            content = body[i + 1 : j]
            if content == "中国":
                return body[:i], body[j + 1 :], "", True
            if content in ref.region_aliases:
                return body[:i], body[j + 1 :], content, False
        start = i


# --- the parser ------------------------------------------------------------------------------


def _split_body(
    head: str, tail: str, bracketed: bool, ref: ReferenceData
) -> tuple[RegionMatch, str, str, list[str]]:
    """(region match, middle region, 字号, industry words) for the text before the form."""
    match = _NO_REGION if bracketed else match_region(head, ref)
    text, steps, p = _split(head[match.end :], tail, ref)
    if p < 2:
        # Readings in order of preference; the first leaving a 字号 of ≥ 2 characters wins.
        for reading in ("weak", "industry", "short", "locality"):
            if reading == "industry":
                q = _fallback(text, steps, p, ref) if p == 1 else 0
                if q:
                    p = q
                    break
                continue
            shorter = _shorter_region(reading, match, head, p, ref)
            if shorter is None:
                continue
            text2, steps2, p2 = _split(head[shorter.end :], tail, ref)
            if p2 == 1:
                p2 = _fallback(text2, steps2, p2, ref) or p2
            if p2 >= 2:
                match, text, steps, p = shorter, text2, steps2, p2
                break
    trade = text[:p]
    words = _words(text, steps, p)
    middle = ""
    if not bracketed and not match.elements and not match.locality:
        # An unbracketed province/prefecture after the 字号: before the form, else the industry.
        k = 0 if tail else _suffix_region(text, ref)
        if k:
            middle = text[-k:]
            trade, words = _split_trade(text[:-k], ref)
        else:
            k = _suffix_region(trade, ref)
            if k:
                middle = trade[-k:]
                trade, head_words = _split_trade(trade[:-k], ref)
                words = head_words + words
    return match, middle, trade, words


def parse_normalized(raw: str, text: str, ref: ReferenceData) -> ParsedName:
    """Parse an already normalised name (`text`); `raw` is kept for N-CHAR-1."""
    branch_parent = branch_locality = branch_suffix = ""
    name = text
    split = _split_branch(name, ref)
    if split is not None:
        branch_parent, branch_locality, branch_suffix = split
        name = branch_parent
        # A branch of a branch (…分公司昆区支公司): parse the innermost parent.
        inner = _split_branch(name, ref)
        while inner is not None and inner[0] != name:
            name = inner[0]
            inner = _split_branch(name, ref)

    body, form, group, implied = _split_form(name, ref)
    if _OPEN in body:
        head, tail, bracket_region, fie = _bracket(body, ref)
    else:
        head, tail, bracket_region, fie = body, "", "", False
    match, middle, trade, words = _split_body(head, tail, bool(bracket_region), ref)
    if match.end:
        region, position = head[: match.end], "prefix"
    elif bracket_region:
        region, position = bracket_region, "bracket"
    elif middle:
        region, position = middle, "middle"
    else:
        region, position = "", ""
    # Positional for speed, in the field order of types.ParsedName (test_parse checks the order).
    return ParsedName(
        raw,
        text,
        region,
        position,
        trade,
        "".join(words),
        _key(words, ref, implied),
        form,
        group,
        branch_parent,
        branch_locality,
        branch_suffix,
        fie,
    )


def parse(raw: str, ref: ReferenceData) -> ParsedName:
    """Cut a proposed enterprise name into its parts (docs/rules/names.md §2.1)."""
    return parse_normalized(raw, normalize(raw), ref)


def parse_many(raws: Iterable[str], ref: ReferenceData) -> list[ParsedName]:
    """`parse` over many names (batch checks, index builds)."""
    return [parse_normalized(raw, normalize(raw), ref) for raw in raws]
