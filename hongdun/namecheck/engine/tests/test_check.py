"""The whole check: parse + structure rules + conflicts, the verdict, blocking, suggestions."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hongdun.namecheck.engine import (
    CheckContext,
    EngineConfig,
    NameIndex,
    NameStatus,
    StoredName,
    Verdict,
    check,
    check_many,
    is_blocking,
    load_reference,
    parse,
    suggest_alternatives,
)
from hongdun.namecheck.engine.periods import protection_end
from hongdun.namecheck.engine.tests.test_conflicts import SpecExample, each_spec_example

REF = load_reference()
# A registry key that is not a division code: the conflict examples mix 北京 and 杭州 names, and
# N-REGION-1 (the region must be the authority's) is tested on its own in test_fidelity.py.
REG = "registry-1"
AS_OF = date(2026, 11, 27)
CTX = CheckContext(registry=REG, as_of=AS_OF)


def build(existing: Sequence[str | StoredName]) -> NameIndex:
    records = []
    for i, item in enumerate(existing, 1):
        stored = StoredName(i, item, REG) if isinstance(item, str) else item
        records.append((stored, parse(stored.name, REF)))
    return NameIndex.build(records)


EMPTY = build([])


@each_spec_example
def test_spec_examples_through_the_whole_check(example: SpecExample) -> None:
    result = check(example.proposed, CTX, build(example.existing), REF)
    assert result.verdict is example.expected, [(f.rule, f.verdict) for f in result.findings]
    assert result.name == example.proposed
    assert result.parsed.raw == example.proposed
    if example.rule is not None:
        assert example.rule in {f.rule for f in result.findings}


def test_structure_and_conflict_findings_combine() -> None:
    index = build(["杭州市云网络科技有限公司"])
    result = check("杭州市云网络科技有限公司", CTX, index, REF)
    rules = [f.rule for f in result.findings]
    assert "N-ZIHAO-1" in rules  # a one-character 字号 (prohibited) …
    assert "C-SAME-1" in rules  # … that is also taken
    assert result.verdict is Verdict.PROHIBITED
    severities = [f.verdict.severity for f in result.findings]
    assert severities == sorted(severities, reverse=True)


def test_defaults_load_reference_and_config() -> None:
    result = check("北京红光酒业有限公司", CTX, build(["北京红光酒业有限公司"]))
    assert result.verdict is Verdict.IDENTICAL


@pytest.mark.parametrize(
    ("existing", "proposed", "verdict", "blocking", "blocking_when_similar_blocks"),
    [
        ((), "北京瀚昱网络科技有限公司", Verdict.PASS, False, False),
        (("万青地产有限公司",), "万青置业有限公司", Verdict.SIMILAR, False, True),
        (("北京红光酒业有限公司",), "北京红光酒厂", Verdict.IDENTICAL, True, True),
        ((), "中国瀚昱科技有限公司", Verdict.RESTRICTED, True, True),
        ((), "杭州市云网络科技有限公司", Verdict.PROHIBITED, True, True),
    ],
)
def test_is_blocking(
    existing: tuple[str, ...],
    proposed: str,
    verdict: Verdict,
    blocking: bool,
    blocking_when_similar_blocks: bool,
) -> None:
    result = check(proposed, CTX, build(existing), REF)
    assert result.verdict is verdict
    assert is_blocking(result) is blocking
    assert is_blocking(result, EngineConfig()) is blocking
    assert is_blocking(result, EngineConfig(similar_blocks=True)) is blocking_when_similar_blocks


def test_declared_industry_places_a_name_without_industry() -> None:
    index = build(["杭州云栖物业管理有限公司"])
    assert check("杭州云栖有限公司", CTX, index, REF).verdict is Verdict.IDENTICAL
    declared = CheckContext(registry=REG, as_of=AS_OF, industry="贸易")
    assert check("杭州云栖有限公司", declared, index, REF).verdict is Verdict.PASS
    same = CheckContext(registry=REG, as_of=AS_OF, industry="物业管理")
    assert check("杭州云栖有限公司", same, index, REF).verdict is Verdict.IDENTICAL


def test_check_many_keeps_the_order() -> None:
    index = build(["北京红光酒业有限公司", "万青地产有限公司"])
    names = ["北京红光酒厂", "北京瀚昱网络科技有限公司", "万青置业有限公司"]
    results = check_many(names, CTX, index, REF)
    assert [r.name for r in results] == names
    assert [r.verdict for r in results] == [Verdict.IDENTICAL, Verdict.PASS, Verdict.SIMILAR]
    assert check_many(names, CTX, index) == results


def test_suggest_alternatives_pass_and_keep_the_parts() -> None:
    index = build(["北京红光酒业有限公司", "北京红昱酒业有限公司", "北京红瀚酒业有限公司"])
    suggestions = suggest_alternatives("北京红光酒业有限公司", CTX, index, REF, limit=5)
    assert len(suggestions) == 5
    assert len(set(suggestions)) == 5
    for name in suggestions:
        result = check(name, CTX, index, REF)
        assert result.verdict is Verdict.PASS, (name, result.findings)
        assert result.parsed.region == "北京"
        assert result.parsed.industry == "酒业"
        assert result.parsed.form == "有限公司"
    assert "北京红昱酒业有限公司" not in suggestions


def test_suggest_alternatives_for_a_bracketed_region_and_a_short_trade_name() -> None:
    index = build(["红光（北京）酒业发展有限公司"])
    for name in suggest_alternatives("红光(北京)酒业发展有限公司", CTX, index, REF, limit=2):
        assert name.endswith("（北京）酒业发展有限公司")
        assert check(name, CTX, index, REF).verdict is Verdict.PASS
    short = suggest_alternatives("杭州市云网络科技有限公司", CTX, EMPTY, REF, limit=3)
    assert short
    for name in short:
        assert check(name, CTX, EMPTY, REF).verdict is Verdict.PASS


def test_no_suggestions_for_a_name_that_passes() -> None:
    assert suggest_alternatives("北京瀚昱网络科技有限公司", CTX, EMPTY, REF) == []
    assert suggest_alternatives("北京红光酒业有限公司", CTX, EMPTY, REF, limit=0) == []


# --- properties (issue 3) ------------------------------------------------------------------

EXISTING = (
    "北京红光酒业有限公司",
    "万青地产有限公司",
    "北京牛栏山酒业有限公司",
    "北京阿里巴巴网络科技有限公司",
    "杭州云栖有限公司",
    "北京宝路食品有限公司",
)
PROPOSED = (
    "北京红光酒业有限公司",
    "红光(北京)酒业有限公司",
    "北京红光酒厂",
    "北京红光物业管理有限公司",
    "万青置业有限公司",
    "北京牛蓝山白酒有限公司",
    "北京阿里巴巴巴巴网络科技有限公司",
    "杭州云栖贸易有限公司",
    "北京万宝路食品有限公司",
    "北京瀚昱网络科技有限公司",
)
NOISY_INDEX = build(EXISTING)
_NOISE = [" ", "\u3000", "·", "、", ",", "，", "-", ".", "。", "_", "\t"]


@settings(max_examples=80, deadline=None)
@given(
    name=st.sampled_from(PROPOSED),
    marks=st.lists(st.tuples(st.sampled_from(_NOISE), st.integers(0, 40)), max_size=4),
    widen=st.booleans(),
)
def test_spaces_brackets_and_punctuation_never_change_the_conflicts(
    name: str, marks: list[tuple[str, int]], widen: bool
) -> None:
    # Conflict keys ignore punctuation and spaces; the character rule does not
    # (docs/rules/names.md §5.2): a typed symbol or space is reported, `·` is allowed by
    # default, bracket widths are neutral.
    noisy = name.replace("(", "（").replace(")", "）") if widen else name.replace("（", "(")
    noisy = noisy.replace("）", ")") if not widen else noisy
    for mark, at in marks:
        at = at % (len(noisy) + 1)
        noisy = noisy[:at] + mark + noisy[at:]
    clean = check(name, CTX, NOISY_INDEX, REF)
    dirty = check(noisy, CTX, NOISY_INDEX, REF)
    conflict_rules = {f.rule for f in dirty.findings if f.rule.startswith(("C-", "H-"))}
    assert conflict_rules == {f.rule for f in clean.findings if f.rule.startswith(("C-", "H-"))}
    typed = noisy.strip()
    flagged = any(m in typed for m, _ in marks if m != "·")
    char_rule = [f for f in dirty.findings if f.rule == "N-CHAR-1"]
    assert bool(char_rule) is flagged, (noisy, dirty.findings)
    if not flagged:
        assert dirty.verdict is clean.verdict


_SYMBOLS = [
    "@",
    "#",
    "+",
    ".",
    "_",
    "!",
    "&",
    "*",
    "%",
    "$",
    "~",
    "=",
    "?",
    "/",
    "、",
    "，",
    "。",
    "-",
]


@settings(max_examples=150, deadline=None)
@given(
    name=st.sampled_from(PROPOSED),
    symbol=st.sampled_from(_SYMBOLS),
    at=st.integers(0, 40),
)
def test_inserting_a_symbol_never_turns_a_refused_name_into_a_pass(
    name: str, symbol: str, at: int
) -> None:
    at = at % (len(name) + 1)
    noisy = name[:at] + symbol + name[at:]
    clean = check(name, CTX, NOISY_INDEX, REF)
    dirty = check(noisy, CTX, NOISY_INDEX, REF)
    assert dirty.verdict.severity >= clean.verdict.severity
    if noisy.strip() != name:
        assert dirty.verdict is Verdict.PROHIBITED
        assert any(f.rule == "N-CHAR-1" and symbol in f.part for f in dirty.findings)


@settings(max_examples=40, deadline=None)
@given(
    name=st.sampled_from(PROPOSED),
    days=st.integers(0, 3000),
    after=st.integers(0, 3000),
)
def test_a_name_never_conflicts_with_itself_after_its_deregistration_year(
    name: str, days: int, after: int
) -> None:
    deregistered = date(2019, 6, 1) + timedelta(days=days)
    record = StoredName(1, name, REG, NameStatus.DEREGISTERED, status_date=deregistered)
    index = build([record])
    as_of = protection_end(deregistered) + timedelta(days=1 + after)
    result = check(name, CheckContext(registry=REG, as_of=as_of), index, REF)
    assert not [f for f in result.findings if f.rule.startswith(("C-", "H-"))]
    assert (
        result.verdict is check(name, CheckContext(registry=REG, as_of=as_of), EMPTY, REF).verdict
    )


def test_suggest_alternatives_reuses_a_given_check_result() -> None:
    index = build(["北京红光酒业有限公司"])
    name = "北京红光酒业有限公司"
    result = check(name, CTX, index, REF)
    expected = suggest_alternatives(name, CTX, index, REF, limit=3)
    assert expected
    assert suggest_alternatives(name, CTX, index, REF, limit=3, result=result) == expected
    # The given result is what decides (a passing name gets no alternatives) ...
    passing = dataclasses.replace(result, verdict=Verdict.PASS, findings=())
    assert suggest_alternatives(name, CTX, index, REF, limit=3, result=passing) == []
    # ... unless it is the result of another name.
    other = check("北京瀚海酒业有限公司", CTX, index, REF)
    assert suggest_alternatives(name, CTX, index, REF, limit=3, result=other) == expected


# --- suggestions for refused names (issue 13 item 12) ------------------------------------------

BAOTOU = CheckContext(registry="150203", as_of=AS_OF)


@pytest.mark.parametrize(
    ("refused", "offending"),
    [
        ("包头市共产党云网络科技有限公司", "共产党"),
        ("包头市解放军云科技有限公司", "解放军"),
        ("包头市德意志机械有限公司", "德意志"),
        ("包头市赌王娱乐有限公司", "赌王"),
        ("包头市少将科技有限公司", "少将"),
        ("包头市红光银行有限公司", "银行"),
        ("包头市世卫医疗器械有限公司", "世卫"),
        ("中国红光机械有限公司", "中国"),
    ],
)
def test_suggestions_for_a_refused_name_drop_the_offending_word(
    refused: str, offending: str
) -> None:
    suggestions = suggest_alternatives(refused, BAOTOU, EMPTY, REF, limit=5)
    assert suggestions, refused
    for name in suggestions:
        assert offending not in name
        assert check(name, BAOTOU, EMPTY, REF).verdict is Verdict.PASS, name


def test_suggestions_keep_the_applicants_own_characters() -> None:
    # 共产党云 → the applicant's 云 plus one pool character, never 共产瀚 (one character swapped)
    suggestions = suggest_alternatives("包头市共产党云网络科技有限公司", BAOTOU, EMPTY, REF)
    assert suggestions
    for name in suggestions:
        trade = check(name, BAOTOU, EMPTY, REF).parsed.trade_name
        assert "云" in trade
        assert len(trade) == 2
        assert not any(c in trade for c in "共产党")


@pytest.mark.parametrize(
    ("refused", "expected_start"),
    [
        ("上海红光科技有限公司", "包头市"),  # N-REGION-1: the authority's region instead
        ("杭州云科技有限公司", "包头市"),  # a region name hiding a one-character 字号
        ("包头市红光@科技有限公司", "包头市红光"),  # the symbol goes, the applicant's 字号 stays
        ("包头市鑫源貿易有限公司", "包头市鑫源贸易"),  # 繁体字 → 规范汉字
    ],
)
def test_suggestions_repair_the_region_symbols_and_characters(
    refused: str, expected_start: str
) -> None:
    suggestions = suggest_alternatives(refused, BAOTOU, EMPTY, REF, limit=3)
    assert suggestions
    assert suggestions[0].startswith(expected_start)
    for name in suggestions:
        assert check(name, BAOTOU, EMPTY, REF).verdict is Verdict.PASS


@settings(max_examples=60, deadline=None)
@given(word=st.sampled_from([w.word for w in REF.prohibited if len(w.word) >= 2]))
def test_no_suggestion_ever_contains_a_prohibited_word_it_was_refused_for(word: str) -> None:
    refused = f"包头市{word}云栖科技有限公司"
    result = check(refused, BAOTOU, EMPTY, REF)
    for name in suggest_alternatives(refused, BAOTOU, EMPTY, REF, limit=3, result=result):
        outcome = check(name, BAOTOU, EMPTY, REF)
        assert outcome.verdict is Verdict.PASS, (name, outcome.findings)
        if any(f.part == word for f in result.findings):
            assert word not in name
