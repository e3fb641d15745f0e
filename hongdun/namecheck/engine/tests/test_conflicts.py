"""Conflict rules (docs/rules/names.md §1.4–§1.8): every example of the rules as a row, status
windows,
exceptions, scope, heuristics and the hypothesis properties of issue 3."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import NamedTuple

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hongdun.namecheck.engine.conflicts import (
    MAX_CONFLICTS,
    RULES,
    HeuristicTables,
    _probe_keys_long,
    _probes,
    conflict_findings,
    load_heuristic_tables,
)
from hongdun.namecheck.engine.index import ANY_INDUSTRY, F_EXACT, KEY_MASK, T_SAME, NameIndex
from hongdun.namecheck.engine.parse import parse
from hongdun.namecheck.engine.periods import protection_end
from hongdun.namecheck.engine.reference import load_reference
from hongdun.namecheck.engine.types import (
    CheckContext,
    EngineConfig,
    Finding,
    NameStatus,
    ParsedName,
    StoredName,
    Verdict,
)

REF = load_reference()
REG = "110105"  # one registration authority
OTHER_REG = "110108"
AS_OF = date(2026, 11, 27)
CONFIG = EngineConfig()


def stored(
    name: str,
    id_: int = 1,
    *,
    registry: str = REG,
    status: NameStatus = NameStatus.REGISTERED,
    status_date: date | None = None,
    reserved_until: date | None = None,
    owner: str = "",
) -> StoredName:
    return StoredName(id_, name, registry, status, status_date, reserved_until, owner)


def build(existing: Sequence[str | StoredName]) -> NameIndex:
    records = []
    for i, item in enumerate(existing, 1):
        s = stored(item, i) if isinstance(item, str) else item
        records.append((s, parse(s.name, REF)))
    return NameIndex.build(records)


def conflicts_of(
    index: NameIndex,
    proposed: str,
    ctx: CheckContext | None = None,
    config: EngineConfig = CONFIG,
    declared: str = "",
) -> list[Finding]:
    ctx = ctx or CheckContext(registry=REG, as_of=AS_OF)
    return conflict_findings(
        parse(proposed, REF), ctx, index, config, declared_industry_key=declared
    )


def verdict_of(findings: Sequence[Finding]) -> Verdict:
    return max((f.verdict for f in findings), key=lambda v: v.severity, default=Verdict.PASS)


# --- every conflict example of docs/rules/names.md §1.4–§1.7 --------------------------------------

H_2IN3 = "H-CONTAINS-2IN3"

# (section, existing names, proposed name, expected verdict, a rule id that must fire)
SPEC_EXAMPLES: list[tuple[str, tuple[str, ...], str, Verdict, str | None]] = [
    # §1.4 C-SAME-1
    ("1.4", ("杭州云栖有限公司",), "杭州云栖贸易有限公司", Verdict.IDENTICAL, "C-SAME-1"),
    ("1.4", ("北京红光酒业有限公司",), "北京红光物业管理有限公司", Verdict.PASS, None),
    # §1.5 BD2017 Art 3
    ("3.1", ("北京红光酒业有限公司",), "北京红光酒业有限公司", Verdict.IDENTICAL, "C-CMP-3.1"),
    (
        "3.2",
        ("北京红光酒业发展有限公司",),
        "红光(北京)酒业发展有限公司",
        Verdict.IDENTICAL,
        "C-CMP-3.2",
    ),
    (
        "3.2",
        ("红光（北京）酒业发展有限公司",),
        "北京红光酒业发展有限公司",
        Verdict.IDENTICAL,
        "C-CMP-3.2",
    ),
    ("3.3", ("北京红光酒业有限公司",), "红光酒业有限公司", Verdict.IDENTICAL, "C-CMP-3.3"),
    ("3.3", ("北京红光酒业有限公司",), "北京红光酒厂", Verdict.IDENTICAL, "C-CMP-3.3"),
    ("3.3", ("红光酒业有限公司",), "北京红光酒业有限公司", Verdict.IDENTICAL, "C-CMP-3.3"),
    ("3.3", ("北京红光酒厂",), "北京红光酒业有限公司", Verdict.IDENTICAL, "C-CMP-3.3"),
    # §1.5 BD2017 Art 4
    ("4.1", ("万青地产有限公司",), "万青房地产有限公司", Verdict.SIMILAR, "C-CMP-4.1"),
    ("4.1", ("万青地产有限公司",), "万青置业有限公司", Verdict.SIMILAR, "C-CMP-4.1"),
    ("4.1", ("万青房地产有限公司",), "万青地产有限公司", Verdict.SIMILAR, "C-CMP-4.1"),
    ("4.1", ("万达地产有限公司",), "万达置业有限公司", Verdict.SIMILAR, "C-CMP-4.1"),  # draft
    (
        "4.2",
        ("北京牛栏山酒业有限公司",),
        "北京牛兰山酒业有限公司",
        Verdict.SIMILAR,
        "C-CMP-4.2",
    ),
    (
        "4.2",
        ("北京牛栏山酒业有限公司",),
        "北京牛蓝山白酒有限公司",
        Verdict.SIMILAR,
        "C-CMP-4.2",
    ),
    (
        "4.3",
        ("北京阿里巴巴网络科技有限公司",),
        "北京阿里巴巴巴巴网络科技有限公司",
        Verdict.SIMILAR,
        "C-CMP-4.3",
    ),
    (
        "4.3",
        ("北京阿里巴巴巴巴网络科技有限公司",),
        "北京阿里巴巴网络科技有限公司",
        Verdict.SIMILAR,
        "C-CMP-4.3",
    ),
    # §1.7 practitioner heuristics
    ("1.7", ("北京红光酒业有限公司",), "北京红光酒业股份有限公司", Verdict.IDENTICAL, "C-CMP-3.3"),
    ("1.7", ("北京红光酒业有限公司",), "北京红光白酒有限公司", Verdict.SIMILAR, "C-CMP-4.1"),
    ("1.7", ("北京顶峰科技有限公司",), "北京顶锋科技有限公司", Verdict.SIMILAR, "H-LOOKALIKE"),
    ("1.7", ("北京顶峰科技有限公司",), "北京顶锋科技有限公司", Verdict.SIMILAR, "C-CMP-4.2"),
    ("1.7", ("北京晨马商贸有限公司",), "北京辰马商贸有限公司", Verdict.SIMILAR, "H-LOOKALIKE"),
    ("1.7", ("杭州云栖有限公司",), "杭州云栖股份有限公司", Verdict.IDENTICAL, "H-FORM-ONLY"),
    ("1.7", ("杭州顶峰有限公司",), "杭州顶锋有限公司", Verdict.SIMILAR, "H-LOOKALIKE"),
    ("1.7", ("北京希望饲料有限公司",), "北京新希望饲料有限公司", Verdict.SIMILAR, "H-NEW-OLD"),
    ("1.7", ("北京新希望饲料有限公司",), "北京希望饲料有限公司", Verdict.SIMILAR, "H-NEW-OLD"),
    (
        "1.7",
        ("北京东方教育科技有限公司",),
        "北京新东方教育科技有限公司",
        Verdict.SIMILAR,
        "H-NEW-OLD",
    ),
    (
        "1.7",
        ("北京宝路食品有限公司",),
        "北京万宝路食品有限公司",
        Verdict.SIMILAR,
        "H-CONTAINS-2IN3",
    ),
    (
        "1.7",
        ("北京宝路食品有限公司",),
        "北京路路宝食品有限公司",
        Verdict.SIMILAR,
        "H-CONTAINS-2IN3",
    ),
    # issue 3: homophones including polyphonic characters, a different order
    ("4.2", ("北京长虹电器有限公司",), "北京常虹电器有限公司", Verdict.SIMILAR, "C-CMP-4.2"),
    ("order", ("北京红光酒业有限公司",), "北京光红酒业有限公司", Verdict.SIMILAR, "H-ORDER"),
]


class SpecExample(NamedTuple):
    section: str
    existing: tuple[str, ...]
    proposed: str
    expected: Verdict
    rule: str | None


# One test case per example (test_check.py runs each through the whole check as well).
each_spec_example = pytest.mark.parametrize(
    "example",
    [SpecExample(*row) for row in SPEC_EXAMPLES],
    ids=[f"{row[0]}:{row[1][0]}→{row[2]}" for row in SPEC_EXAMPLES],
)


@each_spec_example
def test_spec_examples(example: SpecExample) -> None:
    found = conflicts_of(build(example.existing), example.proposed)
    assert verdict_of(found) is example.expected, [(f.rule, f.conflicts) for f in found]
    if example.rule is not None:
        fired = {f.rule: f for f in found}
        assert example.rule in fired
        assert fired[example.rule].conflicts == example.existing[:1]
        assert fired[example.rule].article == RULES[example.rule].article
        assert fired[example.rule].message
        assert fired[example.rule].fix


def test_every_rule_is_exercised_by_a_spec_row() -> None:
    covered = {row[4] for row in SPEC_EXAMPLES} | {"C-SAME-1"}
    assert set(RULES) <= covered


def test_findings_cite_articles() -> None:
    found = {f.rule: f for f in conflicts_of(build(["杭州云栖有限公司"]), "杭州云栖贸易有限公司")}
    same = found["C-SAME-1"]
    assert same.article == "《企业名称登记管理规定》第十七条"
    assert same.verdict is Verdict.IDENTICAL
    assert same.part == "云栖"
    assert "云栖" in same.message
    assert "字号" in same.fix
    assert RULES["C-CMP-4.3"].article == "《企业名称相同相近比对规则》第四条第（三）项"


def test_pass_when_nothing_related() -> None:
    index = build(["北京红光酒业有限公司", "北京阿里巴巴网络科技有限公司"])
    assert conflicts_of(index, "北京瀚昱网络科技有限公司") == []


# --- scope (C-SCOPE-1) and industry ------------------------------------------------------------


def test_other_registry_never_conflicts() -> None:
    index = build([stored("北京红光酒业有限公司", registry=OTHER_REG)])
    assert conflicts_of(index, "北京红光酒业有限公司") == []
    ctx = CheckContext(registry=OTHER_REG, as_of=AS_OF)
    assert verdict_of(conflicts_of(index, "北京红光酒业有限公司", ctx)) is Verdict.IDENTICAL


def test_unknown_registry_passes() -> None:
    index = build(["北京红光酒业有限公司"])
    ctx = CheckContext(registry="999999", as_of=AS_OF)
    assert conflicts_of(index, "北京红光酒业有限公司", ctx) == []


def test_similar_rules_need_the_same_industry() -> None:
    index = build(["北京牛栏山酒业有限公司", "北京阿里巴巴网络科技有限公司"])
    assert conflicts_of(index, "北京牛兰山物业管理有限公司") == []
    assert conflicts_of(index, "北京阿里巴巴巴巴酒业有限公司") == []


def test_name_without_industry_conflicts_with_every_industry() -> None:
    index = build(["杭州云栖物业管理有限公司", "杭州云栖酒业有限公司"])
    found = {f.rule: f for f in conflicts_of(index, "杭州云栖有限公司")}
    assert set(found["C-SAME-1"].conflicts) == {"杭州云栖物业管理有限公司", "杭州云栖酒业有限公司"}


def test_declared_industry_scopes_a_name_without_industry() -> None:
    index = build(["杭州云栖物业管理有限公司", "杭州云栖贸易有限公司"])
    key = "贸易"
    found = {f.rule: f for f in conflicts_of(index, "杭州云栖有限公司", declared=key)}
    assert found["C-SAME-1"].conflicts == ("杭州云栖贸易有限公司",)


def test_stored_name_without_industry_conflicts_with_any_industry() -> None:
    index = build(["杭州云栖有限公司"])
    for proposed in ("杭州云栖贸易有限公司", "杭州云栖物业管理有限公司", "杭州云栖酒业有限公司"):
        assert verdict_of(conflicts_of(index, proposed)) is Verdict.IDENTICAL


def test_synonym_industry_can_count_as_identical() -> None:
    index = build(["万青地产有限公司"])
    assert verdict_of(conflicts_of(index, "万青置业有限公司")) is Verdict.SIMILAR
    strict = EngineConfig(synonym_industry_identical=True)
    found = {f.rule for f in conflicts_of(index, "万青置业有限公司", config=strict)}
    assert {"C-SAME-1", "C-CMP-4.1"} <= found


# --- status windows (GD2020 Arts 17–18) ------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "status_date", "reserved_until", "expected"),
    [
        (NameStatus.REGISTERED, None, None, Verdict.IDENTICAL),
        (NameStatus.RESERVED, None, AS_OF - timedelta(days=1), Verdict.PASS),
        (NameStatus.RESERVED, None, AS_OF, Verdict.IDENTICAL),
        (NameStatus.RESERVED, None, AS_OF + timedelta(days=60), Verdict.IDENTICAL),
        (NameStatus.RESERVED, None, None, Verdict.IDENTICAL),
        (NameStatus.DEREGISTERED, AS_OF - timedelta(days=200), None, Verdict.IDENTICAL),
        (NameStatus.DEREGISTERED, AS_OF - timedelta(days=364), None, Verdict.IDENTICAL),
        # 民法典第二百零一、二百零二条: protected through the corresponding day a year later.
        (NameStatus.DEREGISTERED, date(2025, 11, 27), None, Verdict.IDENTICAL),
        (NameStatus.DEREGISTERED, date(2025, 11, 26), None, Verdict.PASS),
        (NameStatus.DEREGISTERED, AS_OF - timedelta(days=400), None, Verdict.PASS),
        (NameStatus.DEREGISTERED, None, None, Verdict.PASS),
        (NameStatus.RENAMED, AS_OF - timedelta(days=30), None, Verdict.IDENTICAL),
        (NameStatus.RENAMED, AS_OF - timedelta(days=500), None, Verdict.PASS),
        (NameStatus.REGISTRATION_REVOKED, AS_OF - timedelta(days=100), None, Verdict.IDENTICAL),
        (NameStatus.REGISTRATION_REVOKED, AS_OF - timedelta(days=366), None, Verdict.PASS),
        (NameStatus.REGISTRATION_REVOKED, date(2025, 11, 27), None, Verdict.IDENTICAL),
    ],
)
def test_status_windows(
    status: NameStatus,
    status_date: date | None,
    reserved_until: date | None,
    expected: Verdict,
) -> None:
    record = stored(
        "北京红光酒业有限公司",
        status=status,
        status_date=status_date,
        reserved_until=reserved_until,
    )
    found = conflicts_of(build([record]), "北京红光酒业有限公司")
    assert verdict_of(found) is expected


def test_protection_years_is_configurable() -> None:
    record = stored(
        "北京红光酒业有限公司",
        status=NameStatus.DEREGISTERED,
        status_date=AS_OF - timedelta(days=400),
    )
    config = EngineConfig(protection_years=2)
    found = conflicts_of(build([record]), "北京红光酒业有限公司", config=config)
    assert verdict_of(found) is Verdict.IDENTICAL


@pytest.mark.parametrize(
    ("given_up", "as_of", "expected"),
    [
        # the anniversary is the last protected day; the day after it the name is free
        (date(2025, 3, 10), date(2026, 3, 10), Verdict.IDENTICAL),
        (date(2025, 3, 10), date(2026, 3, 11), Verdict.PASS),
        (date(2025, 3, 10), date(2025, 3, 10), Verdict.IDENTICAL),
        # leap years: 366 days between the event and its anniversary, both counted as one year
        (date(2023, 3, 1), date(2024, 2, 29), Verdict.IDENTICAL),
        (date(2023, 3, 1), date(2024, 3, 1), Verdict.IDENTICAL),
        (date(2023, 3, 1), date(2024, 3, 2), Verdict.PASS),
        (date(2024, 3, 1), date(2025, 3, 1), Verdict.IDENTICAL),
        (date(2024, 3, 1), date(2025, 3, 2), Verdict.PASS),
        # 29 February has no corresponding day in 2025: the period ends on 28 February
        (date(2024, 2, 29), date(2025, 2, 28), Verdict.IDENTICAL),
        (date(2024, 2, 29), date(2025, 3, 1), Verdict.PASS),
        (date(2024, 2, 28), date(2025, 2, 28), Verdict.IDENTICAL),
        (date(2024, 2, 28), date(2025, 3, 1), Verdict.PASS),
        # year end
        (date(2025, 12, 31), date(2026, 12, 31), Verdict.IDENTICAL),
        (date(2025, 12, 31), date(2027, 1, 1), Verdict.PASS),
    ],
)
@pytest.mark.parametrize(
    "status", [NameStatus.DEREGISTERED, NameStatus.RENAMED, NameStatus.REGISTRATION_REVOKED]
)
def test_within_one_year_is_a_calendar_year(
    status: NameStatus, given_up: date, as_of: date, expected: Verdict
) -> None:
    record = stored("北京红光酒业有限公司", status=status, status_date=given_up)
    ctx = CheckContext(registry=REG, as_of=as_of)
    found = conflicts_of(build([record]), "北京红光酒业有限公司", ctx)
    assert verdict_of(found) is expected


def test_given_up_names_only_count_for_identical_rules() -> None:
    record = stored(
        "北京牛栏山酒业有限公司",
        status=NameStatus.DEREGISTERED,
        status_date=AS_OF - timedelta(days=100),
    )
    index = build([record])
    assert conflicts_of(index, "北京牛兰山酒业有限公司") == []  # homophone of a given-up name
    found = conflicts_of(index, "北京牛栏山酒业有限公司")
    assert [f.rule for f in found] == ["C-SAME-1"]


def test_as_of_defaults_to_today() -> None:
    record = stored(
        "北京红光酒业有限公司",
        status=NameStatus.RESERVED,
        reserved_until=date.today() + timedelta(days=30),  # noqa: DTZ011 - matches the default
    )
    ctx = CheckContext(registry=REG)
    assert (
        verdict_of(conflicts_of(build([record]), "北京红光酒业有限公司", ctx)) is Verdict.IDENTICAL
    )


# --- exceptions (docs/rules/names.md §1.8) --------------------------------------------------------


def test_investment_relation_exception() -> None:
    index = build([stored("北京红光酒业有限公司", owner="91110105MA00000001")])
    ctx = CheckContext(registry=REG, as_of=AS_OF, related_owners=frozenset({"91110105MA00000001"}))
    assert conflicts_of(index, "北京红光酒业有限公司", ctx) == []
    assert conflicts_of(index, "北京红光白酒有限公司", ctx) == []  # similar rules too
    other = CheckContext(registry=REG, as_of=AS_OF, related_owners=frozenset({"someone else"}))
    assert verdict_of(conflicts_of(index, "北京红光酒业有限公司", other)) is Verdict.IDENTICAL


def test_own_names_never_conflict() -> None:
    index = build([stored("北京红光酒业有限公司", owner="A1")])
    ctx = CheckContext(registry=REG, as_of=AS_OF, own_owner="A1")
    assert conflicts_of(index, "北京红光酒业有限公司", ctx) == []


def test_exception_only_removes_the_related_name() -> None:
    index = build(
        [
            stored("北京红光酒业有限公司", 1, owner="A1"),
            stored("红光酒业有限公司", 2, owner="B2"),
        ]
    )
    ctx = CheckContext(registry=REG, as_of=AS_OF, related_owners=frozenset({"A1"}))
    found = {f.rule: f for f in conflicts_of(index, "北京红光酒业有限公司", ctx)}
    assert found["C-SAME-1"].conflicts == ("红光酒业有限公司",)


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (NameStatus.DEREGISTERED, Verdict.PASS),
        (NameStatus.RENAMED, Verdict.PASS),
        (
            NameStatus.REGISTRATION_REVOKED,
            Verdict.IDENTICAL,
        ),  # Art 17(三) has no transfer exception
    ],
)
def test_transfer_exception(status: NameStatus, expected: Verdict) -> None:
    record = stored("北京红光酒业有限公司", status=status, status_date=AS_OF - timedelta(days=100))
    index = build([record])
    ctx = CheckContext(
        registry=REG, as_of=AS_OF, transferred_names=frozenset({"北京 红光酒业有限公司"})
    )
    assert verdict_of(conflicts_of(index, "北京红光酒业有限公司", ctx)) is expected
    plain = CheckContext(registry=REG, as_of=AS_OF)
    assert verdict_of(conflicts_of(index, "北京红光酒业有限公司", plain)) is Verdict.IDENTICAL


def test_transfer_does_not_cover_a_registered_name() -> None:
    index = build(["北京红光酒业有限公司"])
    ctx = CheckContext(
        registry=REG, as_of=AS_OF, transferred_names=frozenset({"北京红光酒业有限公司"})
    )
    assert verdict_of(conflicts_of(index, "北京红光酒业有限公司", ctx)) is Verdict.IDENTICAL


# --- heuristics switches, tables, the conflicts list ---------------------------------------


def test_heuristics_can_be_switched_off() -> None:
    index = build(["北京宝路食品有限公司", "北京晨马商贸有限公司"])
    off = EngineConfig(heuristics=frozenset())
    assert conflicts_of(index, "北京路路宝食品有限公司", config=off) == []
    assert verdict_of(conflicts_of(index, "北京路路宝食品有限公司")) is Verdict.SIMILAR
    only_4_2 = {f.rule for f in conflicts_of(index, "北京辰马商贸有限公司", config=off)}
    assert only_4_2 == {"C-CMP-4.2"}


def test_lookalike_with_a_different_sound() -> None:
    index = build(["北京未来科技有限公司"])
    found = {f.rule for f in conflicts_of(index, "北京末来科技有限公司")}
    assert found == {"H-LOOKALIKE"}


def test_heuristic_tables_from_data_files() -> None:
    tables = load_heuristic_tables()
    assert {"新", "老", "大"} <= tables.modifiers
    assert "锋" in tables.lookalikes["峰"]
    assert "峰" in tables.lookalikes["锋"]
    custom = HeuristicTables(["旧"], {"甲": ["乙"]})
    assert custom.modifiers == frozenset({"旧"})
    assert custom.modifier_lengths == frozenset({1})
    index = build(["北京希望饲料有限公司"])
    parsed = parse("北京旧希望饲料有限公司", REF)
    ctx = CheckContext(registry=REG, as_of=AS_OF)
    rules = {f.rule for f in conflict_findings(parsed, ctx, index, CONFIG, tables=custom)}
    assert "H-NEW-OLD" in rules


def test_conflicts_are_capped_and_ordered() -> None:
    names = [
        stored(f"{region}红光酒业有限公司", i)
        for i, region in enumerate(["上海", "天津", "重庆", "杭州", "广州", "深圳"], 1)
    ]
    names.append(
        stored("北京红光酒业股份有限公司", 20, status=NameStatus.RESERVED, reserved_until=AS_OF)
    )
    names.append(stored("北京红光酒业有限责任公司", 30))
    found = {f.rule: f for f in conflicts_of(build(names), "北京红光酒业有限公司")}
    same = found["C-SAME-1"]
    assert len(same.conflicts) == MAX_CONFLICTS
    assert "8个" in same.message
    # registered before reserved; the same region first
    assert same.conflicts[0] == "北京红光酒业有限责任公司"
    assert "北京红光酒业股份有限公司" not in same.conflicts[:1]


def test_repeated_names_are_listed_once_and_counted() -> None:
    index = build([stored("北京红光酒业有限公司", 1), stored("北京红光酒业有限公司", 2)])
    found = {f.rule: f for f in conflicts_of(index, "北京红光酒业有限责任公司")}
    assert found["C-SAME-1"].conflicts == ("北京红光酒业有限公司",)
    assert "2个" in found["C-SAME-1"].message


def test_full_name_equality_needs_the_whole_name() -> None:
    index = build(["红光商贸（北京）集团有限公司", "北京市红光商贸有限公司"])
    rules = {f.rule: f for f in conflicts_of(index, "红光(北京)商贸有限公司")}
    assert "C-CMP-3.1" not in rules  # 集团 and the bracket's place differ
    assert "C-CMP-3.2" not in rules  # 北京市 ≠ 北京: not the same characters
    assert set(rules["C-SAME-1"].conflicts) == {
        "红光商贸（北京）集团有限公司",
        "北京市红光商贸有限公司",
    }


def test_one_character_trade_name_still_compared() -> None:
    index = build(["杭州市云网络科技有限公司"])
    found = conflicts_of(index, "杭州市云网络科技有限公司")
    assert verdict_of(found) is Verdict.IDENTICAL


def test_empty_trade_name_has_no_conflicts() -> None:
    index = build(["北京红光酒业有限公司"])
    parsed = ParsedName(raw="有限公司", normalized="有限公司", form="有限公司")
    ctx = CheckContext(registry=REG, as_of=AS_OF)
    assert conflict_findings(parsed, ctx, index, CONFIG) == []


# --- properties (issue 3) ------------------------------------------------------------------

_POOL = "鑫华盛源泰恒通昌隆瑞兴德利富佳鹏和顺丰汇博创捷锦泽誉晟鼎嘉祥福永诚聚益凯辉腾"


def _hand(trade: str, industry: str = "商贸", key: str = "贸易") -> ParsedName:
    name = f"包头市{trade}{industry}有限公司"
    return ParsedName(
        raw=name,
        normalized=name,
        region="包头市",
        region_position="prefix",
        trade_name=trade,
        industry=industry,
        industry_key=key,
        form="有限公司",
    )


@settings(max_examples=60, deadline=None)
@given(
    trade=st.lists(st.sampled_from(_POOL), min_size=2, max_size=5, unique=True).map("".join),
    data=st.data(),
)
def test_any_reordering_of_a_registered_trade_name_is_flagged(
    trade: str, data: st.DataObject
) -> None:
    registered = _hand(trade)
    index = NameIndex.build([(stored(registered.raw), registered)])
    order = data.draw(st.permutations(list(trade)))
    proposed = _hand("".join(order))
    ctx = CheckContext(registry=REG, as_of=AS_OF)
    found = conflict_findings(proposed, ctx, index, CONFIG)
    assert verdict_of(found) in (Verdict.SIMILAR, Verdict.IDENTICAL)
    if "".join(order) != trade:
        assert "H-ORDER" in {f.rule for f in found}


@settings(max_examples=40, deadline=None)
@given(
    trade=st.lists(st.sampled_from(_POOL), min_size=2, max_size=4, unique=True).map("".join),
    days=st.integers(min_value=0, max_value=3000),
    extra=st.integers(min_value=0, max_value=2000),
)
def test_a_name_never_conflicts_with_itself_after_its_deregistration_year(
    trade: str, days: int, extra: int
) -> None:
    parsed = _hand(trade)
    deregistered = date(2020, 1, 1) + timedelta(days=days)
    record = stored(parsed.raw, status=NameStatus.DEREGISTERED, status_date=deregistered)
    index = NameIndex.build([(record, parsed)])
    # free from the day after the anniversary (民法典第二百零一、二百零二条)
    free_from = protection_end(deregistered) + timedelta(days=1)
    later = CheckContext(registry=REG, as_of=free_from + timedelta(days=extra))
    assert conflict_findings(parsed, later, index, CONFIG) == []
    within = CheckContext(registry=REG, as_of=deregistered + timedelta(days=extra % 365))
    assert verdict_of(conflict_findings(parsed, within, index, CONFIG)) is Verdict.IDENTICAL


@settings(max_examples=40, deadline=None)
@given(
    trade=st.lists(st.sampled_from(_POOL), min_size=2, max_size=4, unique=True).map("".join),
    noise=st.lists(st.sampled_from([" ", "\u3000", "·", "、", "-", "_", "."]), max_size=4),
    data=st.data(),
)
def test_punctuation_in_the_trade_name_never_changes_conflicts(
    trade: str, noise: list[str], data: st.DataObject
) -> None:
    registered = _hand(trade)
    index = NameIndex.build([(stored(registered.raw), registered)])
    noisy = list(trade)
    for mark in noise:
        noisy.insert(data.draw(st.integers(0, len(noisy))), mark)
    ctx = CheckContext(registry=REG, as_of=AS_OF)
    clean = conflict_findings(_hand(trade), ctx, index, CONFIG)
    dirty = conflict_findings(_hand("".join(noisy)), ctx, index, CONFIG)
    assert [(f.rule, f.conflicts) for f in dirty] == [(f.rule, f.conflicts) for f in clean]


# --- the two classification paths agree ---------------------------------------------------

_DENSE_TRADES = [
    "红光",
    "光红",
    "宏光",
    "红光源",
    "新红光",
    "红光鑫",
    "鑫红光",
    "万宝路",
    "宝路",
    "路路宝",
    "顶峰",
    "顶锋",
    "牛栏山",
    "牛兰山",
    "长虹",
    "常虹",
    "阿里巴巴",
    "阿里巴巴巴巴",
    "希望",
    "新希望",
    "晨马",
    "辰马",
    "未来",
    "末来",
    "云栖",
]
_DENSE_SHAPES = (
    "北京{t}酒业有限公司",
    "北京市{t}白酒有限公司",
    "{t}(北京)酒业有限公司",
    "{t}酒业有限公司",
    "北京{t}酒厂",
    "北京{t}贸易有限公司",
    "北京{t}商贸股份有限公司",
    "北京{t}有限公司",
    "北京{t}股份有限公司",
    "北京{t}物业管理有限公司",
)


def _dense_records() -> list[tuple[StoredName, ParsedName]]:
    import random

    rng = random.Random(5)
    out = []
    for i in range(1200):
        name = rng.choice(_DENSE_SHAPES).format(t=rng.choice(_DENSE_TRADES))
        u = rng.random()
        status, status_date, until = NameStatus.REGISTERED, None, None
        if u < 0.1:
            status, status_date = (
                NameStatus.DEREGISTERED,
                AS_OF - timedelta(days=rng.choice([30, 200, 400])),
            )
        elif u < 0.15:
            status, status_date = NameStatus.RENAMED, AS_OF - timedelta(days=20)
        elif u < 0.2:
            status, until = NameStatus.RESERVED, AS_OF + timedelta(days=rng.choice([-5, 0, 40]))
        registry = REG if rng.random() < 0.9 else OTHER_REG
        record = StoredName(i + 1, name, registry, status, status_date, until, f"o{i % 23}")
        out.append((record, parse(name, REF)))
    return out


@pytest.mark.parametrize("overlay", [False, True])
def test_bulk_and_one_by_one_classification_agree(
    overlay: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    import random

    from hongdun.namecheck.engine import conflicts

    records = _dense_records()
    rng = random.Random(3)
    index = NameIndex.build(records[:900] if overlay else records)
    if overlay:
        for s, p in records[900:]:
            index.add(s, p)
        for s, _ in rng.sample(records, 40):
            index.remove(s.id)
        for s, _ in rng.sample([r for r in records[:900] if r[0].id in index], 40):
            index.update_status(s.id, NameStatus.RENAMED, AS_OF - timedelta(days=10))
    names = [shape.format(t=t) for shape in _DENSE_SHAPES for t in _DENSE_TRADES]
    contexts = [
        CheckContext(registry=REG, as_of=AS_OF),
        CheckContext(
            registry=REG,
            as_of=AS_OF,
            related_owners=frozenset({"o3", "o7"}),
            own_owner="o9",
            transferred_names=frozenset(s.name for s, _ in rng.sample(records, 300)),
        ),
    ]
    seen: set[str] = set()
    for name in rng.sample(names, 120):
        parsed = parse(name, REF)
        for ctx in contexts:
            monkeypatch.setattr(conflicts, "BULK_THRESHOLD", -1)
            bulk = conflict_findings(parsed, ctx, index, CONFIG)
            monkeypatch.setattr(conflicts, "BULK_THRESHOLD", 10**9)
            single = conflict_findings(parsed, ctx, index, CONFIG)
            assert bulk == single, name
            seen.update(f.rule for f in single)
    assert seen == set(RULES)


# The probe keys of a check: the fast path (polynomials + seed powers, NameIndex.find) makes the
# same keys with the same tags as the reference path (make_key, NameIndex.lookup).
_PROBE_INDEX = build(["北京新华为科技有限公司", "北京华为商贸有限公司"])
_PROBE_CHARS = "华为新老大小峰锋晨辰长行乐重鑫鑫AБ𠀀"


@settings(max_examples=300, deadline=None)
@given(
    trade=st.text(alphabet=_PROBE_CHARS, min_size=1, max_size=15),
    q_key=st.sampled_from([0, -1, 1, 2]),
    heuristics=st.sets(st.sampled_from(["H-NEW-OLD", "H-CONTAINS-2IN3", "H-LOOKALIKE"])),
)
def test_fast_probes_make_the_reference_keys(trade: str, q_key: int, heuristics: set[str]) -> None:
    index = _PROBE_INDEX
    tables = HeuristicTables.from_groups(["新", "老", "大小"], ["峰锋", "晨辰", "己已巳"])
    frozen = frozenset(heuristics)
    new_old = "H-NEW-OLD" in frozen
    industries = (q_key, 0) if q_key > 0 else (0,)
    codes = [ord(c) for c in trade]
    reg = 0
    expected = _probe_keys_long(
        trade, codes, len(trade), reg, q_key, industries, index, frozen, tables, new_old
    )
    exact, probes = _probes(trade, codes, len(trade), index, frozen, tables, new_old)
    same = (len(trade) * 4 + F_EXACT, exact, T_SAME)
    if q_key:
        requests = [(i, [*probes, same]) for i in industries]
    else:
        requests = [(i, probes) for i in industries] + [(ANY_INDUSTRY, [same])]
    got: dict[int, dict[int, int]] = {}
    for ind, request in requests:
        sp = index.seed_powers(reg, ind)
        keys = got.setdefault(ind, {})
        for slot, p, tag in request:
            k = (sp[slot] + p) & KEY_MASK
            keys[k] = keys.get(k, 0) | tag
    assert got == expected
