"""Rule tests: every example of docs/rules/names.md §1.1–§1.3 (and the §1.2 word lists) as a
table row."""

from __future__ import annotations

import shutil
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hongdun.namecheck.engine.parse import parse
from hongdun.namecheck.engine.reference import DEFAULT_DATA_DIR, ReferenceData, load_reference
from hongdun.namecheck.engine.rules import (
    form_findings,
    region_codes,
    region_findings,
    structure_findings,
)
from hongdun.namecheck.engine.types import EngineConfig, Finding, Verdict

P = Verdict.PROHIBITED
R = Verdict.RESTRICTED


@pytest.fixture(scope="module")
def ref() -> ReferenceData:
    return load_reference()


def findings(name: str, ref: ReferenceData, config: EngineConfig | None = None) -> list[Finding]:
    return structure_findings(parse(name, ref), name, ref, config or EngineConfig())


def rules_of(found: list[Finding]) -> set[tuple[str, Verdict]]:
    return {(f.rule, f.verdict) for f in found}


# (name, expected (rule, verdict) set). An empty set means the name passes every name-only rule.
EXACT_CASES: list[tuple[str, set[tuple[str, Verdict]]]] = [
    # §1.1 N-STRUCT-1
    ("杭州市云栖网络科技有限公司", set()),
    ("北京红光酒业发展有限公司", set()),
    # §1.1 N-CHAR-1 (peer test suite)
    ("杭州市A1云栖网络科技有限公司", {("N-CHAR-1", P)}),
    ("杭州市云栖2024网络科技有限公司", {("N-CHAR-1", P)}),
    # a 字号 of letters only also has no Han character (N-ZIHAO-1)
    ("杭州市ｙｕｎｑｉ网络科技有限公司", {("N-CHAR-1", P), ("N-ZIHAO-1", P)}),
    ("杭州市yúnqī网络科技有限公司", {("N-CHAR-1", P), ("N-ZIHAO-1", P)}),
    # §1.1 N-REGION-2
    ("海淀区云栖科技有限公司", {("N-REGION-2", P)}),
    ("北京市海淀区云栖科技有限公司", set()),
    ("内蒙古昆都仑区红光商贸有限公司", {("N-REGION-2", P)}),
    ("内蒙古自治区包头市昆都仑区红光商贸有限公司", set()),
    ("稀土高新区红光科技有限公司", {("N-REGION-2", P)}),
    ("高新区红光科技有限公司", {("N-REGION-2", P)}),
    ("包头市稀土高新区红光科技有限公司", set()),
    ("包头稀土高新区红光科技有限公司", set()),
    # §1.1 N-REGION-3
    ("红光(北京)酒业发展有限公司", set()),
    ("企帮宝信息科技(甘肃)有限公司", set()),
    ("红光酒业发展北京有限公司", {("N-REGION-3", P)}),
    # §1.1 N-ZIHAO-1/2/3 (ZN2025's 某某市 written as 包头市)
    ("杭州市云网络科技有限公司", {("N-ZIHAO-1", P)}),
    ("包头市商贸有限公司", {("N-ZIHAO-1", P)}),
    ("北京杭州科技有限公司", {("N-ZIHAO-2", P)}),
    ("北京商贸科技有限公司", {("N-ZIHAO-2", P)}),
    # 东方 has another meaning (zihao_exceptions.tsv): a registrar's judgment
    # (docs/rules/names.md §5.5)
    ("北京东方科技有限公司", {("N-ZIHAO-2", R)}),
    ("包头市沃动机械有限公司", set()),
    ("包头市动力机械有限公司", {("N-ZIHAO-3", P)}),
    ("包头市精密机械有限公司", {("N-ZIHAO-3", P)}),
    # §1.1 N-FORM-1, N-BRANCH-1, N-GROUP-1
    ("包头市红光商贸", {("N-FORM-1", P)}),
    ("常州途畅互联网科技有限公司合肥分公司", set()),
    ("泽信控股邯郸分公司", {("N-BRANCH-1", P)}),
    ("包头市红光商贸集团有限公司", set()),
    ("包头市红光商贸（集团）有限公司", set()),
    ("包头市红光集团商贸有限公司", {("N-GROUP-1", P)}),
    # §1.2 peer tests
    ("杭州市共产党云网络科技有限公司", {("P-3", P)}),
    ("杭州市解放军云网络科技有限公司", {("P-3", P)}),
    ("杭州市美国云栖网络科技有限公司", {("P-4", P)}),
    ("杭州市联合国云网络科技有限公司", {("P-4", P)}),
    ("杭州市第一云栖网络科技有限公司", {("P-MISLEAD-1", P)}),
    # §1.2 exceptions and words straddling two parts
    ("包头市大和谐商贸有限公司", set()),
    ("上海军华商贸有限公司", set()),  # 上海|军华: not 海军
    ("包头市冠军用品有限公司", set()),  # 冠军|用品: not 军用
    ("包头市巴黎春天百货有限公司", set()),  # 巴黎春天: another meaning as a whole
    ("包头市巴黎红光百货有限公司", {("P-4", P)}),
    # §1.3 R-1 (peer suite: 需核准, not 驳回), R-2, R-3
    ("中国云栖科技有限公司", {("R-1", R)}),
    ("中华云栖科技有限公司", {("R-1", R)}),
    ("中央云栖科技有限公司", {("R-1", R)}),
    ("全国云栖科技有限公司", {("R-1", R)}),
    ("国家云栖科技有限公司", {("R-1", R)}),
    ("北京红光中国商贸有限公司", {("R-2", P)}),
    ("北京红光全国商贸有限公司", {("R-2", P)}),
    ("北京红光中华文化传播有限公司", set()),  # 中华 qualifies the industry
    ("天津超平国际贸易有限公司", set()),  # 国际 as an industry qualifier
    ("科丝美诗(中国)化妆品有限公司", set()),  # R-3 FIE marker
    ("红光控股有限公司中国分公司", set()),  # a foreign firm's China branch
    # §1.3 R-4 with the legacy switch off (default)
    ("国际红光商贸有限公司", set()),
]


@pytest.mark.parametrize(("name", "expected"), EXACT_CASES, ids=[c[0] for c in EXACT_CASES])
def test_structure_rules(ref: ReferenceData, name: str, expected: set[tuple[str, Verdict]]) -> None:
    assert rules_of(findings(name, ref)) == expected


def test_legacy_guoji_prefix(ref: ReferenceData) -> None:
    found = findings("国际红光商贸有限公司", ref, EngineConfig(legacy_guoji_prefix=True))
    assert rules_of(found) == {("R-4", R)}
    assert found[0].part == "国际"


# §1.2: every example word of the table, placed in the 字号. Only the P rule is asserted.
P_WORDS = {
    "P-1": "支那 黑太阳 大地主 九一一 东突 占中 大东亚 大和 福尔摩萨",
    "P-3": (
        "共产党 解放军 国防 八一 军用 军供 军需 军服 军品 军队 部队 陆军 "
        "国务院 人大 政协 共青团 妇联 公安 法院 检察院"
    ),
    "P-4": "美国 日本 英国 法国 德国 联合国 欧盟 世界卫生组织",
    "P-5": "妻妾成群 海洛因 推牌九",
    "P-7": "董存瑞 雷锋 毛泽东 周恩来 邓小平 藏独 汪精卫 秦桧 张子善",
    "P-MISLEAD-1": "国家级 最高级 最佳 第一",
}
P_ROWS = [(rule, word) for rule, words in P_WORDS.items() for word in words.split()]


@pytest.mark.parametrize(("rule", "word"), P_ROWS, ids=[w for _, w in P_ROWS])
def test_prohibited_words(ref: ReferenceData, rule: str, word: str) -> None:
    name = f"包头市{word}红光商贸有限公司"
    found = [f for f in findings(name, ref) if f.rule == rule]
    assert found, name
    assert found[0].verdict is P
    assert found[0].part == word
    assert "第十一条" in found[0].article


def test_every_finding_is_complete(ref: ReferenceData) -> None:
    names = [n for n, _ in EXACT_CASES] + [f"包头市{w}红光商贸有限公司" for _, w in P_ROWS]
    for name in names:
        for finding in findings(name, ref, EngineConfig(legacy_guoji_prefix=True)):
            assert finding.rule, finding
            assert finding.article.startswith("《"), finding
            assert finding.message, finding
            assert finding.fix, finding
            assert finding.part, finding


def test_zihao_fix_text(ref: ReferenceData) -> None:
    (finding,) = findings("杭州市云网络科技有限公司", ref)
    assert finding.part == "云"
    assert finding.fix == "字号至少两个汉字，例如在“云”后加字。"
    assert finding.article == "《企业名称登记管理规定》第八条第一款"


def test_char_rule_reports_the_offending_text(ref: ReferenceData) -> None:
    (finding,) = findings("杭州市A1云栖网络科技有限公司", ref)
    assert finding.part == "A1"
    assert finding.article == "《企业名称登记管理规定》第五条"


def test_individual_business_may_use_its_district_alone(ref: ReferenceData) -> None:
    name = "昆都仑区红光五金店"
    parsed = parse(name, ref)
    assert rules_of(structure_findings(parsed, name, ref, EngineConfig())) == {("N-REGION-2", P)}
    shop = structure_findings(
        parsed, name, ref, EngineConfig(), enterprise_type="individual_business"
    )
    assert shop == []


def test_district_fix_names_the_city(ref: ReferenceData) -> None:
    (finding,) = findings("海淀区云栖科技有限公司", ref)
    assert finding.part == "海淀区"
    assert "北京市" in finding.fix


# --- helpers for the caller that knows the enterprise type and the registry ------------------

FORM_CASES = [
    ("包头市红光商贸有限公司", "llc", set()),
    ("包头市红光商贸有限责任公司", "llc", set()),
    ("包头市红光商贸股份有限公司", "jsc", set()),
    ("包头市红光商贸有限公司", "jsc", {("N-FORM-1", P)}),
    ("包头市红光商贸公司", "llc", {("N-FORM-1", P)}),
    ("包头市红光商贸有限公司", "sole_proprietorship", {("N-FORM-1", P)}),
    ("包头市红光商贸有限公司", "individual_business", {("N-FORM-1", P)}),
    ("包头市红光五金店", "individual_business", set()),
    ("包头市红光商贸部", "sole_proprietorship", set()),
    ("包头市红光投资管理中心（有限合伙）", "partnership", set()),
    ("包头市红光投资管理中心", "partnership", {("N-FORM-1", P)}),
    ("包头市红光投资管理中心（有限合伙）", "llc", {("N-FORM-1", P)}),
    ("包头市红光农机专业合作社", "farmer_cooperative", set()),
    ("常州途畅互联网科技有限公司合肥分公司", "branch", set()),
    ("包头市红光商贸有限公司", "branch", {("N-BRANCH-1", P)}),
    ("常州途畅互联网科技有限公司合肥分公司", "llc", {("N-FORM-1", P)}),
]


@pytest.mark.parametrize(("name", "kind", "expected"), FORM_CASES)
def test_form_matches_enterprise_type(
    ref: ReferenceData, name: str, kind: str, expected: set[tuple[str, Verdict]]
) -> None:
    assert rules_of(form_findings(parse(name, ref), kind, ref)) == expected


REGION_CASES = [
    ("包头市红光商贸有限公司", "150203", set()),
    ("内蒙古红光商贸有限公司", "150203", set()),
    ("包头市昆都仑区红光商贸有限公司", "150203", set()),
    ("包头市昆都仑区红光商贸有限公司", "150200", set()),
    ("包头市青山区红光商贸有限公司", "150203", {("N-REGION-1", P)}),
    ("北京市海淀区红光商贸有限公司", "150203", {("N-REGION-1", P)}),
    ("红光商贸（包头）有限公司", "150203", set()),
    ("红光商贸有限公司", "150203", set()),
    ("中国红光商贸有限公司", "150203", set()),  # R-1 is the rule here
]


@pytest.mark.parametrize(("name", "registry", "expected"), REGION_CASES)
def test_region_is_where_the_firm_is(
    ref: ReferenceData, name: str, registry: str, expected: set[tuple[str, Verdict]]
) -> None:
    assert rules_of(region_findings(parse(name, ref), registry, ref)) == expected


def test_region_codes(ref: ReferenceData) -> None:
    assert region_codes(parse("包头市昆都仑区红光商贸有限公司", ref), ref) == {"150203"}
    assert region_codes(parse("红光商贸（包头）有限公司", ref), ref) == {"150200"}
    assert region_codes(parse("红光商贸有限公司", ref), ref) == frozenset()


def test_a_deployment_edits_its_own_copy(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA_DIR, data)
    exceptions = data / "zihao_exceptions.tsv"
    lines = exceptions.read_text(encoding="utf-8").splitlines(keepends=True)
    exceptions.write_text("".join(x for x in lines if not x.startswith("东方")), encoding="utf-8")
    local = load_reference(data)
    assert local is not load_reference()
    assert ("N-ZIHAO-2", P) in rules_of(findings("北京东方科技有限公司", local))
    assert rules_of(findings("北京东方科技有限公司", load_reference())) == {("N-ZIHAO-2", R)}
    # `allow` accepts the word without review
    allowing = tmp_path / "allowing"
    shutil.copytree(DEFAULT_DATA_DIR, allowing)
    text = (allowing / "zihao_exceptions.tsv").read_text(encoding="utf-8")
    (allowing / "zihao_exceptions.tsv").write_text(
        text.replace("东方\tthe east (东方市, 海南)\treview", "东方\tthe east\tallow"),
        encoding="utf-8",
    )
    assert rules_of(findings("北京东方科技有限公司", load_reference(allowing))) == set()


_ALPHABET = list(
    "包头市红光商贸有限公司（）()分公司集团中国北京昆都仑区酒厂店 ·A1合伙企业有限合伙开发区镇"
)


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.text(max_size=40), st.text(alphabet=st.sampled_from(_ALPHABET), max_size=30)))
def test_rules_never_fail_on_any_text(text: str) -> None:
    ref = load_reference()
    parsed = parse(text, ref)
    for finding in structure_findings(parsed, text, ref, EngineConfig(legacy_guoji_prefix=True)):
        assert finding.verdict in (P, R)
    form_findings(parsed, "llc", ref)
    form_findings(parsed, "partnership", ref)
    form_findings(parsed, "branch", ref)
    region_findings(parsed, "150203", ref)


@pytest.mark.parametrize(
    ("name", "flagged"),
    [
        ("包头市红光😀机械有限公司", "😀"),
        ("包头市한국机械有限公司", "한"),
        ("包头市红光机械有限公司", None),
        # Inner Mongolia may add Mongolian script (GD2020 Art 5): not a violation.
        ("包头市ᠪᠤᠭᠤᠲᠤ红光机械有限公司", None),
        ("包头市红光·机械有限公司", None),
    ],
)
def test_symbols_and_other_scripts_break_the_han_character_rule(
    ref: ReferenceData, name: str, flagged: str | None
) -> None:
    findings = [
        f
        for f in structure_findings(parse(name, ref), name, ref, EngineConfig())
        if f.rule == "N-CHAR-1"
    ]
    if flagged is None:
        assert findings == []
    else:
        assert len(findings) == 1
        assert flagged in findings[0].part
        assert findings[0].verdict is Verdict.PROHIBITED


def test_plain_han_fast_path_skips_only_characters_the_full_rule_accepts(
    ref: ReferenceData,
) -> None:
    # `_char_findings` returns early for names made only of basic-block Han characters that are
    # not 繁体字/异体字; the early return must be what the per-character rule says for each.
    from hongdun.namecheck.engine.normalize import NONSTANDARD_CHARS
    from hongdun.namecheck.engine.rules import _PLAIN_HAN, _char_findings

    config = EngineConfig()
    accepted = [
        chr(code)
        for code in range(0x4E00, 0xA000)
        if _PLAIN_HAN.fullmatch(chr(code)) and chr(code) not in NONSTANDARD_CHARS
    ]
    assert len(accepted) == (0xA000 - 0x4E00) - sum(
        1 for c in NONSTANDARD_CHARS if 0x4E00 <= ord(c) < 0xA000
    )
    # the slow path, forced by a bracketed region, agrees for every such character
    flagged = [c for c in accepted if _char_findings(f"红光{c}（北京）有限公司", ref, config)]
    assert flagged == [c for c in flagged if not unicodedata.name(c, "")]
    # what it does not accept goes through the full rule
    for other in ("A", "１", "😀", "한", "·", " ", "ā", "\u200b", "（"):
        assert _PLAIN_HAN.fullmatch("包头市" + other + "机械有限公司") is None
