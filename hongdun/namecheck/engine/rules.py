"""Structure, prohibited and restricted rules on one parsed name (docs/rules/names.md §1.1–§1.3).

Pure stdlib.

`structure_findings(parsed, raw, ref, config)` runs every rule that needs nothing but the name:

* N-CHAR-1 (letters, pinyin, Arabic digits), N-REGION-2 (a 市辖区 or a development zone alone),
  N-REGION-3 (a region after the 字号 without brackets), N-ZIHAO-1/2/3, N-FORM-1 (no form),
  N-BRANCH-1 (a branch whose parent has no form), N-GROUP-1 (集团 out of place);
* P-* from prohibited.tsv, R-1/R-2/R-4 from restricted.tsv (R-3, the FIE marker （中国）, is allowed
  and produces no finding).

Rules that need more than the name are helpers for the caller that knows more:
`region_findings(parsed, registry, ref)` (N-REGION-1: the region must be where the firm is) and
`form_findings(parsed, enterprise_type, ref)` (N-FORM-1: the form must fit the declared type).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import replace

from hongdun.namecheck.engine.normalize import NONSTANDARD_CHARS, fold_nonstandard
from hongdun.namecheck.engine.parse import RegionMatch, han_length, industry_words, match_region
from hongdun.namecheck.engine.reference import ProhibitedWord, ReferenceData, Region
from hongdun.namecheck.engine.types import EngineConfig, Finding, ParsedName, Verdict

__all__ = [
    "form_findings",
    "located_region_findings",
    "region_codes",
    "region_findings",
    "structure_findings",
]

GD = "《企业名称登记管理规定》"
SSBF = "《企业名称登记管理规定实施办法》"
GSF = "《中华人民共和国公司法》第七条"
HHQY = "《中华人民共和国合伙企业法》第十五条"

P_MESSAGES = {
    "P-1": "名称含有损害国家尊严或者利益的内容“{w}”。",
    "P-2": "名称含有损害社会公共利益或者妨碍社会公共秩序的内容“{w}”。",
    "P-3": (
        "名称使用或者变相使用政党、党政军机关、群团组织名称及其简称、特定称谓或者部队番号“{w}”。"
    ),
    "P-4": "名称使用外国国家（地区）、国际组织名称及其通用简称、特定称谓“{w}”。",
    "P-5": "名称含有淫秽、色情、赌博、迷信、恐怖、暴力的内容“{w}”。",
    "P-6": "名称含有民族、种族、宗教、性别歧视的内容“{w}”。",
    "P-7": "名称含有违背公序良俗或者可能有其他不良影响的内容“{w}”。",
    "P-8": "字号含有“{w}”，可能使公众受骗或者产生误解。",
    "P-MISLEAD-1": (
        "字号含有“{w}”（“国家级”“最高级”“最佳”“第一”等绝对化用语），可能使公众受骗或者产生误解。"
    ),
    "P-9": "名称含有法律、行政法规以及国家规定禁止的内容“{w}”。",
}

ENTERPRISE_TYPE_NAMES = {
    "llc": "有限责任公司",
    "jsc": "股份有限公司",
    "partnership": "合伙企业",
    "sole_proprietorship": "个人独资企业",
    "branch": "分支机构",
    "individual_business": "个体工商户",
    "farmer_cooperative": "农民专业合作社",
}


def _finding(
    rule: str, verdict: Verdict, article: str, message: str, fix: str, part: str
) -> Finding:
    return Finding(rule=rule, verdict=verdict, article=article, message=message, fix=fix, part=part)


# --- N-CHAR-1 --------------------------------------------------------------------------------
#
# The rule runs on what the applicant typed (docs/rules/names.md §5.2): a name may contain 规范汉字,
# the script an ethnic autonomous area adds (GD2020 Art 5), brackets only where the structure puts
# them (a region after the 字号, 实施办法 2023 第九条; （集团）; （有限合伙） and the other form
# markers; the FIE marker （中国）), and `·` when the deployment allows it (EngineConfig).
# Everything else — letters, pinyin, Arabic digits, punctuation, symbols, spaces inside the name,
# 繁体字 and 异体字 — is reported. `normalize` removes punctuation from the comparison keys only.


def _is_allowed_other_script(char: str) -> bool:
    """Scripts an ethnic autonomous area may add (GD2020 Art 5): Mongolian here, Tibetan,
    Uyghur (Arabic script), Yi and Tai Le. A deployment elsewhere extends this tuple."""
    code = ord(char)
    return any(low <= code <= high for low, high in _LOCAL_SCRIPTS)


_LOCAL_SCRIPTS = (
    (0x1800, 0x18AF),  # Mongolian
    (0x0F00, 0x0FFF),  # Tibetan
    (0x0600, 0x06FF),  # Arabic (Uyghur, Kazakh)
    (0xA000, 0xA4CF),  # Yi
    (0x1950, 0x197F),  # Tai Le
)
_MIDDLE_DOTS = frozenset("\u00b7\u30fb")  # 间隔号 ·, and the katakana middle dot IMEs produce
_LING = "\u3007"  # 〇, a 规范汉字 outside the ideograph blocks
_OPEN_BRACKETS = frozenset("(（")
_CLOSE_BRACKETS = frozenset(")）")


def _is_han(char: str) -> bool:
    return char == _LING or unicodedata.name(char, "").startswith("CJK UNIFIED IDEOGRAPH")


def _bracket_contents(text: str) -> tuple[list[str], bool]:
    """The texts inside brackets, and whether every bracket is paired (no nesting)."""
    contents: list[str] = []
    start = -1
    for i, char in enumerate(text):
        if char in _OPEN_BRACKETS:
            if start >= 0:
                return contents, False
            start = i
        elif char in _CLOSE_BRACKETS:
            if start < 0:
                return contents, False
            contents.append(text[start + 1 : i])
            start = -1
    return contents, start < 0


def _allowed_in_brackets(content: str, ref: ReferenceData) -> bool:
    """A region name (after the 字号, or inside a branch's parent name), 集团, a form marker
    such as 有限合伙, or the FIE marker 中国."""
    if content in ref.region_aliases or content in ("集团", "中国"):
        return True
    return f"（{content}）" in ref.markers


# Names made only of basic-block Han characters need no per-character look-up unless one of them
# is a 繁体字/异体字; almost every name is such a name.
_PLAIN_HAN = re.compile(r"[\u4e00-\u9fff]*")


def _char_findings(raw: str, ref: ReferenceData, config: EngineConfig) -> list[Finding]:
    text = unicodedata.normalize("NFKC", raw).strip()
    if _PLAIN_HAN.fullmatch(text) and NONSTANDARD_CHARS.keys().isdisjoint(text):
        return []
    foreign: list[str] = []  # letters, digits, symbols, spaces: runs as typed
    nonstandard: list[str] = []
    run: list[str] = []
    brackets = False
    for typed in raw.strip():
        ok = True
        for char in unicodedata.normalize("NFKC", typed):
            if char in _OPEN_BRACKETS or char in _CLOSE_BRACKETS:
                brackets = True
            elif char in NONSTANDARD_CHARS:
                nonstandard.append(char)
            elif not (
                _is_han(char)
                or _is_allowed_other_script(char)
                or (config.allow_middle_dot and char in _MIDDLE_DOTS)
            ):
                ok = False
        if ok:
            if run:
                foreign.append("".join(run))
                run = []
        else:
            run.append(typed)
    if run:
        foreign.append("".join(run))
    findings: list[Finding] = []
    if foreign:
        part = "、".join(dict.fromkeys(r if r.strip() else "空格" for r in foreign))
        findings.append(
            _finding(
                "N-CHAR-1",
                Verdict.PROHIBITED,
                f"{GD}第五条",
                f"名称含有字母、拼音、阿拉伯数字、标点、符号或者空格“{part}”；"
                "企业名称应当使用规范汉字。",
                f"删除“{part}”，改用规范汉字（数字写作汉字，如“2024”改为“二零二四”或删去）；"
                "民族自治地方可同时使用本地通用的民族文字。",
                part,
            )
        )
    if nonstandard:
        chars = "".join(dict.fromkeys(nonstandard))
        standard = "".join(NONSTANDARD_CHARS[c] for c in chars)
        findings.append(
            _finding(
                "N-CHAR-1",
                Verdict.PROHIBITED,
                f"{GD}第五条；《通用规范汉字表》",
                f"名称含有繁体字或者异体字“{chars}”；企业名称应当使用规范汉字。",
                f"将“{chars}”改为规范汉字“{standard}”。",
                chars,
            )
        )
    if brackets:
        contents, paired = _bracket_contents(text)
        bad = [c for c in contents if not _allowed_in_brackets(fold_nonstandard(c), ref)]
        if not paired or bad:
            part = "、".join(f"（{c}）" for c in bad) or "括号"
            findings.append(
                _finding(
                    "N-CHAR-1",
                    Verdict.PROHIBITED,
                    f"{GD}第五条；{SSBF}第九条",
                    f"名称中的括号“{part}”使用不当：括号只能用于置于字号之后的行政区划名称、"
                    "“（集团）”、合伙企业等组织形式的标注和外商投资企业的“（中国）”，且应成对使用。",
                    "删除多余的括号，或只用括号标注行政区划名称等上述内容。",
                    part,
                )
            )
    return findings


# --- derived tables --------------------------------------------------------------------------


class _Derived:
    """What the rules derive from one reference data set, so that a check does not redo it:
    the region matches of region texts (a small vocabulary: a name's region is a division name,
    and most names of a registry start with the same few), the first characters of the
    prohibited words, and the restricted words by position."""

    __slots__ = (
        "prohibited",
        "ref",
        "region_findings",
        "regions",
        "restricted_middle",
        "restricted_prefix",
        "sector",
        "well_known_contains",
        "well_known_exact",
    )

    def __init__(self, ref: ReferenceData) -> None:
        self.ref = ref
        self.regions: dict[str, RegionMatch] = {}
        self.region_findings: dict[tuple[str, bool], tuple[Finding, ...]] = {}
        # One alternation per scope: a C-level search tells whether any word occurs at all.
        self.prohibited: dict[str, re.Pattern[str]] = {
            scope: re.compile("|".join(re.escape(w.word) for ws in by_char.values() for w in ws))
            for scope, by_char in ref.prohibited_index.items()
            if by_char
        }
        self.sector = (
            re.compile("|".join(re.escape(w.word) for w in ref.sector_words))
            if ref.sector_words
            else None
        )
        contains = [w for w in ref.well_known if not w.exact]
        self.well_known_contains = (
            re.compile("|".join(re.escape(w.word) for w in contains)) if contains else None
        )
        self.well_known_exact = {w.word: w for w in ref.well_known}
        self.restricted_prefix = tuple(r.word for r in ref.restricted if r.position == "prefix")
        self.restricted_middle = tuple(r.word for r in ref.restricted if r.position != "prefix")


_derived_cache: dict[int, _Derived] = {}
_MAX_CACHED_REGIONS = 4096


def _derived(ref: ReferenceData) -> _Derived:
    derived = _derived_cache.get(id(ref))
    if derived is None or derived.ref is not ref:
        derived = _derived_cache[id(ref)] = _Derived(ref)
    return derived


def _whole_region(region: str, ref: ReferenceData) -> RegionMatch:
    """`match_region(region, ref, whole=True)`, cached per region text (a pure function of it)."""
    cache = _derived(ref).regions
    match = cache.get(region)
    if match is None:
        if len(cache) >= _MAX_CACHED_REGIONS:
            cache.clear()
        match = cache[region] = match_region(region, ref, whole=True)
    return match


# --- regions ---------------------------------------------------------------------------------


def _region_match_parts(
    parsed: ParsedName, ref: ReferenceData
) -> list[tuple[str, tuple[Region, ...]]]:
    if not parsed.region:
        return []
    return list(_whole_region(parsed.region, ref).elements)


def region_codes(parsed: ParsedName, ref: ReferenceData) -> frozenset[str]:
    """Codes of the divisions the name's region can mean (the most specific named level)."""
    elements = _region_match_parts(parsed, ref)
    if not elements:
        return frozenset()
    return frozenset(r.code for r in elements[-1][1])


def _region_structure(parsed: ParsedName, ref: ReferenceData, shop: bool) -> list[Finding]:
    if not parsed.region:
        return []
    cache = _derived(ref).region_findings
    key = (parsed.region, shop)
    found = cache.get(key)
    if found is None:
        if len(cache) >= _MAX_CACHED_REGIONS:
            cache.clear()
        found = cache[key] = tuple(_region_name_findings(parsed.region, ref, shop))
    findings = list(found)
    if parsed.region_position == "middle":
        findings.append(
            _finding(
                "N-REGION-3",
                Verdict.PROHIBITED,
                f"{SSBF}第九条",
                f"行政区划名称“{parsed.region}”置于字号之后、组织形式之前，应当加注括号。",
                f"写作“（{parsed.region}）”，或将“{parsed.region}”移到名称开头。",
                parsed.region,
            )
        )
    return findings


def _region_name_findings(region: str, ref: ReferenceData, shop: bool) -> list[Finding]:
    """N-REGION-2 of a region text (a function of the text alone: cached by the caller)."""
    findings: list[Finding] = []
    match = _whole_region(region, ref)
    article = f"{GD}第七条"
    zone = ""
    if not match.elements and match.locality_kind == "zone":
        zone = match.locality
    elif match.elements and match.elements[0][0] in ref.standalone_zone_aliases:
        zone = match.elements[0][0]
    if zone:
        findings.append(
            _finding(
                "N-REGION-2",
                Verdict.PROHIBITED,
                article,
                f"开发区、垦区等区域名称“{zone}”不得单独使用，应当与行政区划名称连用。",
                f"在“{zone}”前加上所在的行政区划名称，如“包头市{zone}”。",
                zone,
            )
        )
    seen: set[str] = set()
    # 个体工商户 may be named after their 县（市）or 市辖区 alone (《个体工商户名称登记管理办法》
    # (2009) 第六条, quoted from memory: UNVERIFIED), so the district rule is not applied to them.
    for index, (text, regions) in enumerate(() if shop else match.elements):
        if not regions or not all(r.kind == "district" for r in regions):
            continue
        before = {r.prefix for _, rs in match.elements[:index] for r in rs}
        if any(r.parent_prefix in before for r in regions):
            continue
        cities = sorted({ref.regions[r.parent].name for r in regions if r.parent in ref.regions})
        city = "或".join(f"“{c}”" for c in cities) or "所属设区的市的名称"
        if text in seen:
            continue
        seen.add(text)
        findings.append(
            _finding(
                "N-REGION-2",
                Verdict.PROHIBITED,
                article,
                f"市辖区名称“{text}”在企业名称中使用时，应当同时冠以其所属的设区的市的行政区划名称。",
                f"在“{text}”前加上{city}，如“{cities[0] if cities else ''}{text}”。",
                text,
            )
        )
    return findings


def region_findings(parsed: ParsedName, registry: str, ref: ReferenceData) -> list[Finding]:
    """N-REGION-1: the region must be a county-level-or-above division where the firm is located.

    `registry` is the division code of the registration authority (e.g. "150203"). Unknown codes and
    names without a region produce no finding.
    """
    seat = ref.regions.get(registry)
    elements = _region_match_parts(parsed, ref)
    if seat is None or not elements:
        return []
    candidates = elements[-1][1]
    for region in candidates:
        if seat.prefix.startswith(region.prefix) or region.prefix.startswith(seat.prefix):
            return []
    text = elements[-1][0]
    return [
        _finding(
            "N-REGION-1",
            Verdict.PROHIBITED,
            f"{GD}第七条",
            f"名称中的行政区划“{text}”不是企业所在地（{seat.name}）的县级以上行政区划。",
            f"改用企业所在地的行政区划名称，如“{seat.name}”或其上级行政区划。",
            text,
        )
    ]


def located_region_findings(parsed: ParsedName, registry: str, ref: ReferenceData) -> list[Finding]:
    """N-REGION-1 as `check` runs it: for a branch, the region is its locality (the parent's
    region is where the parent is); a name whose only region may be meant as the 字号 (大同科技)
    is left to the registrar's review of N-ZIHAO-2."""
    if parsed.branch_suffix:
        if parsed.branch_locality not in ref.region_aliases:
            return []
        parsed = replace(parsed, region=parsed.branch_locality, region_position="prefix")
    elif _region_read_as_zihao(parsed, ref):
        return []
    return region_findings(parsed, registry, ref)


# --- 字号 --------------------------------------------------------------------------------------


def _zihao_findings(parsed: ParsedName, ref: ReferenceData) -> list[Finding]:
    trade = parsed.trade_name
    name = parsed.normalized
    if not trade and _region_read_as_zihao(parsed, ref):
        # 大同科技有限公司: 大同 is either the region (then the 字号 is missing) or a 字号 with
        # another meaning; the registrar decides which.
        return _region_zihao_findings(parsed.region, replace(parsed, region=""), ref) or []
    if not trade:
        words = industry_words(parsed.industry, ref) if parsed.industry else []
        first = ref.industries.get(words[0]) if words else None
        if first is not None and len(words) > 1:
            # The first industry word stands where the 字号 belongs: 动力|机械, 商贸|科技.
            rest = parsed.industry[len(first.term) :]
            if first.kind == "qualifier":
                return [_not_distinctive(first.term, rest)]
            return [_industry_as_zihao(first.term, "行业或者经营特点")]
        return [
            _finding(
                "N-ZIHAO-1",
                Verdict.PROHIBITED,
                f"{GD}第六条、第八条第一款",
                "名称缺少字号；字号应当由两个以上汉字组成。",
                "在行政区划与行业表述之间加入由两个以上汉字组成的字号。",
                name,
            )
        ]
    findings: list[Finding] = []
    if han_length(trade) < 2:
        findings.append(
            _finding(
                "N-ZIHAO-1",
                Verdict.PROHIBITED,
                f"{GD}第八条第一款",
                f"字号“{trade}”不足两个汉字；字号应当由两个以上汉字组成。",
                f"字号至少两个汉字，例如在“{trade}”后加字。",
                trade,
            )
        )
    region_findings_ = _region_zihao_findings(trade, parsed, ref)
    if region_findings_ is not None:
        return findings + region_findings_
    term = ref.industries.get(trade)
    if term is not None and term.kind == "qualifier":
        findings.append(_not_distinctive(trade, parsed.industry))
    elif term is not None or trade in ref.forms:
        findings.append(
            _industry_as_zihao(trade, "行业或者经营特点" if term is not None else "组织形式")
        )
    return findings


def _region_read_as_zihao(parsed: ParsedName, ref: ReferenceData) -> bool:
    """A name with no 字号 whose only region is a region name that is also an ordinary word
    (大同科技有限公司): the word may be meant as the 字号."""
    return (
        parsed.region_position == "prefix"
        and parsed.region in ref.zihao_exceptions
        and bool(parsed.industry)
        and not parsed.branch_suffix
    )


def _region_prefix_of(trade: str, ref: ReferenceData) -> str:
    """The longest county-level-or-above region name the 字号 starts with ("" if none)."""
    for k in ref.region_alias_lengths.get(trade[:2], ()):
        if k < len(trade) and trade[:k] in ref.region_words:
            return trade[:k]
    return ""


def _names_the_place(word: str, parsed: ParsedName, ref: ReferenceData) -> bool:
    """Whether the region word in the 字号 is the name's own region (包头市包头…): then it plainly
    means the place, whatever other meaning the word has."""
    alias = ref.region_aliases.get(word)
    if alias is None or not parsed.region:
        return False
    own = {r.code for _, regions in _region_match_parts(parsed, ref) for r in regions}
    return any(r.code in own for r in alias.regions)


def _region_zihao_findings(
    trade: str, parsed: ParsedName, ref: ReferenceData
) -> list[Finding] | None:
    """N-ZIHAO-2 for a 字号 that is, or starts with, a county-level-or-above region name
    (GD2020 第八条第二款; 实施办法 2023 第十条). None when it neither is nor starts with one.

    A region name that is also an ordinary word (zihao_exceptions.tsv) gets `restricted`: whether
    the other meaning is meant is for the registrar (docs/rules/names.md §5.5), unless the table
    says `allow`. Otherwise, and whenever the word is the name's own region, it is refused. A
    字号 that starts with a region name is never a pass (杭州云 is 杭州 + a one-character 字号)."""
    if trade in ref.region_words:
        word, rest = trade, ""
    else:
        # Only a region name followed by one character hides a one-character 字号; a longer 字号
        # that merely starts with a region name (阿里巴巴, 解放军…) is judged as a whole.
        word = _region_prefix_of(trade, ref)
        if not word or han_length(trade) - len(word) != 1:
            return None
        rest = trade[len(word) :]
    decision = ref.zihao_exceptions.get(word, "")
    if not _names_the_place(word, parsed, ref):
        if decision == "allow":
            return []
        if decision == "review":
            return [
                _finding(
                    "N-ZIHAO-2",
                    Verdict.RESTRICTED,
                    f"{GD}第八条第二款；{SSBF}第十条",
                    f"字号“{trade}”{'就是' if not rest else '以'}县级以上行政区划名称“{word}”"
                    f"{'' if not rest else '开头'}；只有在另有含义、且公众能够清楚识别、"
                    "不与该地方相关联时才可使用，须由登记机关审查，不能自主申报。",
                    f"如需自主申报，更换字号，不以“{word}”作字号或字号开头；"
                    "否则提交登记机关审查并说明该字号的其他含义。",
                    word,
                )
            ]
    if rest:
        return [
            _finding(
                "N-ZIHAO-2",
                Verdict.PROHIBITED,
                f"{GD}第八条",
                f"字号“{trade}”以县级以上行政区划名称“{word}”开头，去掉行政区划后字号只剩"
                f"“{rest}”；行政区划名称不得作为字号，字号应当由两个以上汉字组成。",
                f"将“{word}”作为行政区划放在名称开头（写作“{word}市”等），"
                "并使用由两个以上汉字组成的字号。",
                word,
            )
        ]
    return [
        _finding(
            "N-ZIHAO-2",
            Verdict.PROHIBITED,
            f"{GD}第八条第二款",
            f"县级以上地方行政区划名称“{trade}”不得作为字号（另有含义的除外）。",
            f"更换字号；如需表明所在地，将“{trade}”作为行政区划放在名称开头。",
            trade,
        )
    ]


def _industry_as_zihao(word: str, what: str) -> Finding:
    return _finding(
        "N-ZIHAO-2",
        Verdict.PROHIBITED,
        f"{GD}第八条第二款",
        f"{what}用语“{word}”不得作为字号（另有含义的除外）。",
        "更换为具有显著性的字号，行业表述放在字号之后。",
        word,
    )


def _not_distinctive(word: str, industry: str) -> Finding:
    return _finding(
        "N-ZIHAO-3",
        Verdict.PROHIBITED,
        f"{SSBF}第十条",
        f"“{word}”与行业表述“{industry}”连用读作行业修饰语，作为字号不具有显著性。",
        f"换用具有显著性的字号（如“沃动”而不是“{word}”）。",
        word,
    )


# --- form, branch, group ---------------------------------------------------------------------


def _form_structure(parsed: ParsedName) -> list[Finding]:
    findings: list[Finding] = []
    if parsed.branch_suffix:
        if not parsed.form:
            parent = parsed.branch_parent or parsed.normalized
            findings.append(
                _finding(
                    "N-BRANCH-1",
                    Verdict.PROHIBITED,
                    f"{GD}第十三条",
                    f"分支机构名称应当冠以其所从属企业的名称；“{parent}”不是带组织形式的完整企业名称。",
                    f"写出所属企业的完整名称（含组织形式，如“{parent}有限公司”），"
                    f"再缀以“{parsed.branch_locality}{parsed.branch_suffix}”。",
                    parent,
                )
            )
    elif not parsed.form and not parsed.group_marker:
        findings.append(
            _finding(
                "N-FORM-1",
                Verdict.PROHIBITED,
                f"{GD}第十条",
                "名称缺少组织形式；企业应当根据其组织结构或者责任形式在名称中标明组织形式。",
                "在名称末尾标明组织形式，如“有限公司”“股份有限公司”“（有限合伙）”。",
                parsed.normalized,
            )
        )
    return findings


def _group_structure(parsed: ParsedName) -> list[Finding]:
    for part in (parsed.trade_name, parsed.industry):
        if "集团" in part:
            word = "（集团）" if "（集团）" in part else "集团"
            return [
                _finding(
                    "N-GROUP-1",
                    Verdict.PROHIBITED,
                    f"{GD}第十四条",
                    f"“{word}”字样只能放在组织形式之前（如“…集团有限公司”）。",
                    f"将“{word}”移到组织形式之前，或删除。",
                    word,
                )
            ]
    return []


def form_findings(parsed: ParsedName, enterprise_type: str, ref: ReferenceData) -> list[Finding]:
    """N-FORM-1 / N-BRANCH-1 against the declared enterprise type.

    `enterprise_type` is one of hongdun.enterprises ENTERPRISE_TYPES (llc, jsc, partnership,
    sole_proprietorship, branch, individual_business, farmer_cooperative). A missing form is
    reported
    by `structure_findings`, not here.
    """
    kind_name = ENTERPRISE_TYPE_NAMES.get(enterprise_type, enterprise_type)
    if enterprise_type == "branch":
        if parsed.branch_suffix:
            return []
        return [
            _finding(
                "N-BRANCH-1",
                Verdict.PROHIBITED,
                f"{GD}第十三条",
                "分支机构名称应当冠以所从属企业的名称，并缀以“分公司”“分厂”“分店”等字词。",
                "在所属企业的完整名称后加上所在地和“分公司”等字词，如“…有限公司包头分公司”。",
                parsed.normalized,
            )
        ]
    if parsed.branch_suffix:
        return [
            _finding(
                "N-FORM-1",
                Verdict.PROHIBITED,
                f"{GD}第十条",
                f"{kind_name}不是分支机构，名称不得以“{parsed.branch_suffix}”结尾。",
                f"删除“{parsed.branch_locality}{parsed.branch_suffix}”，标明与{kind_name}相符的组织形式。",
                parsed.branch_suffix,
            )
        ]
    form = parsed.form
    if not form:
        return []
    marker = next((m for m in ref.markers if form.endswith(m)), "")
    info = ref.forms.get(marker or form)
    valid = info.valid_for if info is not None else frozenset()
    if enterprise_type == "partnership" and not marker:
        return [
            _finding(
                "N-FORM-1",
                Verdict.PROHIBITED,
                HHQY,
                "合伙企业名称中应当标明“普通合伙”“特殊普通合伙”或者“有限合伙”字样。",
                f"在名称末尾加注，如“{form}（有限合伙）”或“合伙企业（普通合伙）”。",
                form,
            )
        ]
    if enterprise_type in valid:
        return []
    article = GSF if enterprise_type in ("llc", "jsc") else f"{GD}第十条"
    expected = {
        "llc": "“有限责任公司”或者“有限公司”",
        "jsc": "“股份有限公司”或者“股份公司”",
        "partnership": "“（普通合伙）”“（特殊普通合伙）”或者“（有限合伙）”",
        "farmer_cooperative": "“专业合作社”或者“合作社”",
    }.get(enterprise_type, "“厂”“店”“部”“中心”“工作室”等非公司组织形式")
    return [
        _finding(
            "N-FORM-1",
            Verdict.PROHIBITED,
            article,
            f"组织形式“{form}”与{kind_name}的组织结构或者责任形式不符。",
            f"{kind_name}应当标明{expected}。",
            form,
        )
    ]


# --- prohibited and restricted words ---------------------------------------------------------


def _hits(text: str, index: Mapping[str, tuple[ProhibitedWord, ...]]) -> Iterable[ProhibitedWord]:
    for i, char in enumerate(text):
        words = index.get(char)
        if not words:
            continue
        for word in words:
            if text.startswith(word.word, i) and not _excepted(text, i, word):
                yield word


def _excepted(text: str, i: int, word: ProhibitedWord) -> bool:
    end = i + len(word.word)
    for exception in word.except_in:
        start = text.find(exception)
        while start >= 0:
            if start <= i and end <= start + len(exception):
                return True
            start = text.find(exception, start + 1)
    return False


def _prohibited_findings(parsed: ParsedName, ref: ReferenceData) -> list[Finding]:
    patterns = _derived(ref).prohibited
    trade_re, part_re, anywhere_re = (
        patterns.get("trade_name"),
        patterns.get("part"),
        patterns.get("anywhere"),
    )
    exact = ref.prohibited_index.get("trade_name_exact", {})
    exact_hit = next(
        (w for w in exact.get(parsed.trade_name[:1], ()) if w.word == parsed.trade_name), None
    )
    if not (
        exact_hit is not None
        or (trade_re and trade_re.search(parsed.trade_name))
        or (part_re and (part_re.search(parsed.trade_name) or part_re.search(parsed.industry)))
        or (anywhere_re and anywhere_re.search(parsed.normalized))
    ):
        return []  # no prohibited word occurs where its scope looks (most names)
    index = ref.prohibited_index
    found: dict[str, ProhibitedWord] = {}
    if exact_hit is not None:
        found[exact_hit.word] = exact_hit
    scopes = (
        ("trade_name", (parsed.trade_name,)),
        ("part", (parsed.trade_name, parsed.industry)),
        ("anywhere", (parsed.normalized,)),
    )
    for scope, texts in scopes:
        by_char = index.get(scope, {})
        for text in texts:
            for word in _hits(text, by_char):
                found.setdefault(word.word, word)
    findings: list[Finding] = []
    for word in found.values():
        template = P_MESSAGES.get(word.rule, "名称含有禁用内容“{w}”。")
        where = "字号" if word.scope.startswith("trade_name") else "名称"
        findings.append(
            _finding(
                word.rule,
                Verdict.PROHIBITED,
                word.article,
                template.format(w=word.word),
                f"删除{where}中的“{word.word}”，换用其他字词。",
                word.word,
            )
        )
    return findings


def _restricted_findings(
    parsed: ParsedName, ref: ReferenceData, config: EngineConfig
) -> list[Finding]:
    name = parsed.normalized
    trade = parsed.trade_name
    derived = _derived(ref)
    if not name.startswith(derived.restricted_prefix) and not (
        trade and any(word in trade for word in derived.restricted_middle)
    ):
        return []  # no restricted word where a row would look for it (most names)
    trade_start = name.find(trade) if trade else -1
    findings: list[Finding] = []
    for row in ref.restricted:
        if row.switch and not getattr(config, row.switch, False):
            continue
        word = row.word
        if row.position == "prefix":
            if name.startswith(word):
                findings.append(
                    _finding(
                        row.rule,
                        row.verdict,
                        row.article,
                        f"名称冠以“{word}”，应当按照有关规定从严审核，并报国务院批准，不能自主申报。",
                        f"如无批准文件，删除名称开头的“{word}”；否则提交审批。",
                        word,
                    )
                    if row.rule == "R-1"
                    else _finding(
                        row.rule,
                        row.verdict,
                        row.article,
                        f"名称冠以“{word}”，按原《企业名称禁限用规则》须经核准，不能自主申报。",
                        f"删除名称开头的“{word}”，或提交核准。",
                        word,
                    )
                )
        elif trade and word in trade:
            i = trade.find(word)
            if trade_start >= 0 and trade_start + i == 0:
                continue  # at the very start: R-1, not R-2
            findings.append(
                _finding(
                    row.rule,
                    row.verdict,
                    row.article,
                    f"名称中间含有“{word}”，该字词应当是行业限定语，此处不是（位于字号“{trade}”中）。",
                    f"删除字号中的“{word}”；如确为行业限定语，应紧接行业表述使用（如“{word}画”）。",
                    word,
                )
            )
    return findings


def _sector_findings(parsed: ParsedName, ref: ReferenceData) -> list[Finding]:
    """R-SECTOR: words a sector law reserves for approved firms (docs/rules/names.md §5.6)."""
    pattern = _derived(ref).sector
    name = parsed.normalized
    if pattern is None or not pattern.search(name):
        return []
    findings: list[Finding] = []
    for row in ref.sector_words:
        start = name.find(row.word)
        while start >= 0:
            if not any(_covers(name, start, row.word, e) for e in row.except_in):
                break
            start = name.find(row.word, start + 1)
        if start < 0:
            continue
        findings.append(
            _finding(
                "R-SECTOR",
                Verdict.RESTRICTED,
                row.article,
                f"名称中使用“{row.word}”字样，须经{row.regulator}批准，不能自主申报。",
                f"如无批准文件，删除“{row.word}”字样；已经批准的，提交登记机关审查并附批准文件。",
                row.word,
            )
        )
    return findings


def _covers(name: str, start: int, word: str, longer: str) -> bool:
    """Whether an occurrence of `longer` in `name` covers the word at `start`."""
    at = name.find(longer)
    while at >= 0:
        if at <= start and start + len(word) <= at + len(longer):
            return True
        at = name.find(longer, at + 1)
    return False


_UNFAIR_COMPETITION = "《中华人民共和国反不正当竞争法》第六条第（二）项"


def _well_known_findings(parsed: ParsedName, ref: ReferenceData) -> list[Finding]:
    """S-FAMOUS-1: a 字号 that is or contains a well-known 字号 (well_known.tsv)."""
    trade = parsed.trade_name
    if not trade:
        return []
    derived = _derived(ref)
    hit = derived.well_known_exact.get(trade)
    if hit is None and derived.well_known_contains is not None:
        match = derived.well_known_contains.search(trade)
        if match is not None:
            hit = derived.well_known_exact.get(match.group(0))
    if hit is None:
        return []
    return [
        _finding(
            "S-FAMOUS-1",
            Verdict.SIMILAR,
            _UNFAIR_COMPETITION,
            f"字号“{trade}”与有一定影响的企业名称（字号）“{hit.word}”（{hit.holder}）相同或者近似，"
            "可能引人误认为是他人的商品或者与他人存在特定联系。",
            f"更换字号，不使用“{hit.word}”；如与其存在投资关系或者已获授权，请在申报时提供证明。",
            hit.word,
        )
    ]


# --- entry point -----------------------------------------------------------------------------


def structure_findings(
    parsed: ParsedName,
    raw: str,
    ref: ReferenceData,
    config: EngineConfig,
    *,
    enterprise_type: str = "",
) -> list[Finding]:
    """Every name-only rule of docs/rules/names.md §1.1–§1.3 that fires on this name, in rule order.

    `enterprise_type` (optional, one of ENTERPRISE_TYPES): for "individual_business" a 市辖区 name
    without its city is accepted (see `_region_structure`).
    """
    findings: list[Finding] = []
    findings += _char_findings(raw, ref, config)
    findings += _region_structure(parsed, ref, enterprise_type == "individual_business")
    findings += _zihao_findings(parsed, ref)
    findings += _form_structure(parsed)
    findings += _group_structure(parsed)
    findings += _prohibited_findings(parsed, ref)
    findings += _restricted_findings(parsed, ref, config)
    findings += _sector_findings(parsed, ref)
    findings += _well_known_findings(parsed, ref)
    return findings
