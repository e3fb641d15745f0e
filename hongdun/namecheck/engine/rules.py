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

from hongdun.namecheck.engine.normalize import normalize
from hongdun.namecheck.engine.parse import RegionMatch, han_length, industry_words, match_region
from hongdun.namecheck.engine.reference import ProhibitedWord, ReferenceData, Region
from hongdun.namecheck.engine.types import EngineConfig, Finding, ParsedName, Verdict

__all__ = [
    "form_findings",
    "region_codes",
    "region_findings",
    "structure_findings",
]

GD = "《企业名称登记管理规定》"
SSBF = "《企业名称登记管理规定实施办法》"
GSF = "《中华人民共和国公司法》第七条"
HHQY = "《中华人民共和国合伙企业法》第十五条"

_PINYIN = frozenset("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ")

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


def _foreign_runs(raw: str) -> list[str]:
    """Runs of Latin letters (with pinyin tone marks) and Arabic digits, after NFKC."""
    text = normalize(raw)
    runs: list[str] = []
    current: list[str] = []
    for c in text:
        if ("a" <= c.lower() <= "z") or ("0" <= c <= "9") or c.lower() in _PINYIN:
            current.append(c)
        elif current:
            runs.append("".join(current))
            current = []
    if current:
        runs.append("".join(current))
    return runs


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


def _symbol_runs(raw: str) -> list[str]:
    """Emoji and other symbols, and letters of scripts that are neither Han nor Latin; normalize()
    drops symbols so that punctuation never changes a verdict, so this looks at the raw text."""
    found: list[str] = []
    for char in unicodedata.normalize("NFKC", raw):
        category = unicodedata.category(char)
        if category in {"So", "Sk", "Co", "Cs"} or (
            category.startswith("L")
            and not ("a" <= char.lower() <= "z" or char.lower() in _PINYIN)
            and not unicodedata.name(char, "").startswith("CJK")
            and not _is_allowed_other_script(char)
        ):
            found.append(char)
    return found


# Han characters of the basic block and extension A, and brackets: none of them is a letter,
# digit, pinyin or symbol for N-CHAR-1 (checked character by character in the tests), so a name
# made of nothing else needs no per-character look-up. Almost every name is such a name.
_PLAIN_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff（）()]*")


def _char_findings(raw: str) -> list[Finding]:
    if _PLAIN_HAN.fullmatch(raw):
        return []
    runs = _foreign_runs(raw) + _symbol_runs(raw)
    if not runs:
        return []
    part = "、".join(dict.fromkeys(runs))
    return [
        _finding(
            "N-CHAR-1",
            Verdict.PROHIBITED,
            f"{GD}第五条",
            f"名称含有字母、拼音、阿拉伯数字或者符号“{part}”；企业名称应当使用规范汉字。",
            f"删除“{part}”，改用规范汉字（数字写作汉字，如“2024”改为“二零二四”或删去）；"
            "民族自治地方可同时使用本地通用的民族文字。",
            part,
        )
    ]


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


# --- 字号 --------------------------------------------------------------------------------------


def _zihao_findings(parsed: ParsedName, ref: ReferenceData) -> list[Finding]:
    trade = parsed.trade_name
    name = parsed.normalized
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
    if trade in ref.zihao_exceptions:
        return findings
    if trade in ref.region_words:
        findings.append(
            _finding(
                "N-ZIHAO-2",
                Verdict.PROHIBITED,
                f"{GD}第八条第二款",
                f"县级以上地方行政区划名称“{trade}”不得作为字号（另有含义的除外）。",
                f"更换字号；如需表明所在地，将“{trade}”作为行政区划放在名称开头。",
                trade,
            )
        )
        return findings
    term = ref.industries.get(trade)
    if term is not None and term.kind == "qualifier":
        findings.append(_not_distinctive(trade, parsed.industry))
    elif term is not None or trade in ref.forms:
        findings.append(
            _industry_as_zihao(trade, "行业或者经营特点" if term is not None else "组织形式")
        )
    return findings


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
    if not (
        (trade_re and trade_re.search(parsed.trade_name))
        or (part_re and (part_re.search(parsed.trade_name) or part_re.search(parsed.industry)))
        or (anywhere_re and anywhere_re.search(parsed.normalized))
    ):
        return []  # no prohibited word occurs where its scope looks (most names)
    index = ref.prohibited_index
    found: dict[str, ProhibitedWord] = {}
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
        where = "字号" if word.scope == "trade_name" else "名称"
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
    findings += _char_findings(raw)
    findings += _region_structure(parsed, ref, enterprise_type == "individual_business")
    findings += _zihao_findings(parsed, ref)
    findings += _form_structure(parsed)
    findings += _group_structure(parsed)
    findings += _prohibited_findings(parsed, ref)
    findings += _restricted_findings(parsed, ref, config)
    return findings
