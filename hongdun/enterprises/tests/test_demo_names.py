"""Tests for the synthetic enterprise-name generator (pure Python, no database)."""

import os
import random
import re
from collections import Counter
from collections.abc import Sequence

import pytest

from hongdun.enterprises.demo_names import (
    BAOTOU_DIVISIONS,
    ENTERPRISE_TYPES,
    GeneratedName,
    NameGenerator,
)
from hongdun.testing.fresh_python import imports_of, run_python

N = 20_000
URBAN = {"150202", "150203", "150204", "150207"}  # 东河, 昆都仑, 青山, 九原

# Every way a Baotou division may be written inside a name, written out here independently of
# the generator: full names, stems, colloquial short forms and towns used for branches.
DIVISION_ALIASES = {
    "东河": "150202",
    "沙尔沁": "150202",
    "昆都仑": "150203",
    "昆区": "150203",
    "青山": "150204",
    "石拐": "150205",
    "五当召": "150205",
    "白云鄂博": "150206",
    "白云矿区": "150206",
    "白云区": "150206",
    "九原": "150207",
    "哈林格尔": "150207",
    "麻池": "150207",
    "土默特右旗": "150221",
    "土右旗": "150221",
    "萨拉齐": "150221",
    "美岱召": "150221",
    "固阳": "150222",
    "达尔罕茂明安联合旗": "150223",
    "达茂旗": "150223",
    "百灵庙": "150223",
    "高新区": "150271",
    "包头稀土高新技术产业开发区": "150271",
}


def _generate(seed: int, n: int, reserved: Sequence[str] = ()) -> list[tuple[GeneratedName, str]]:
    generator = NameGenerator(
        random.Random(seed), divisions=BAOTOU_DIVISIONS, reserved_trade_names=reserved
    )
    return [generator.generate() for _ in range(n)]


@pytest.fixture(scope="module")
def register() -> list[tuple[GeneratedName, str]]:
    return _generate(20261127, N)


def _mentioned_codes(name: str) -> set[str]:
    return {code for alias, code in DIVISION_ALIASES.items() if alias in name}


def test_same_seed_gives_the_same_names() -> None:
    assert _generate(42, 2_000) == _generate(42, 2_000)


def test_different_seeds_give_different_names() -> None:
    first = [name.name for name, _ in _generate(1, 1_000)]
    second = [name.name for name, _ in _generate(2, 1_000)]
    same_position = sum(a == b for a, b in zip(first, second, strict=True))
    assert same_position < 10
    assert len(set(first) & set(second)) < 100


def test_trade_name_is_contiguous_in_name_and_at_least_two_characters(
    register: list[tuple[GeneratedName, str]],
) -> None:
    for name, _ in register:
        assert name.trade_name in name.name, name
        assert len(name.trade_name) >= 2, name
        assert name.industry == "" or name.industry in name.name, name
        # The industry follows the 字号 (possibly after a bracketed region), never precedes it.
        if name.industry:
            assert name.name.index(name.trade_name) < name.name.rindex(name.industry), name


def test_type_shares_are_realistic(register: list[tuple[GeneratedName, str]]) -> None:
    counts = Counter(name.enterprise_type for name, _ in register)
    assert set(counts) == set(ENTERPRISE_TYPES)
    expected = {
        "llc": (0.55, 0.02),
        "individual_business": (0.30, 0.02),
        "branch": (0.05, 0.01),
        "partnership": (0.03, 0.008),
        "sole_proprietorship": (0.03, 0.008),
        "jsc": (0.02, 0.007),
        "farmer_cooperative": (0.02, 0.007),
    }
    for kind, (share, tolerance) in expected.items():
        assert abs(counts[kind] / N - share) <= tolerance, (kind, counts[kind] / N)


def test_organisational_form_matches_type(register: list[tuple[GeneratedName, str]]) -> None:
    for name, _ in register:
        text, kind = name.name, name.enterprise_type
        if kind == "llc":
            assert text.endswith(("有限公司", "有限责任公司")), text
            assert "股份" not in text, text
        elif kind == "jsc":
            assert text.endswith(("股份有限公司", "股份公司")), text
        elif kind == "partnership":
            assert text.endswith(("（有限合伙）", "（普通合伙）", "（特殊普通合伙）")), text
            assert re.search(r"(企业|中心|事务所)（", text), text
        elif kind == "branch":
            assert text.endswith(("分公司", "分店", "分厂")), text
            parent = re.sub(r"(分公司|分店|分厂)$", "", text)
            assert "公司" in parent, text
        elif kind == "farmer_cooperative":
            assert text.endswith("合作社"), text
        else:  # 个体工商户 and 个人独资企业 may not use a company form
            assert "公司" not in text, text
            assert "合伙" not in text, text


def test_trade_name_lengths_follow_the_target_mix(
    register: list[tuple[GeneratedName, str]],
) -> None:
    lengths = Counter(min(len(name.trade_name), 5) for name, _ in register)
    assert 0.62 <= lengths[2] / N <= 0.80
    assert 0.12 <= lengths[3] / N <= 0.26
    assert 0.04 <= lengths[4] / N <= 0.12
    assert 0.005 <= lengths[5] / N <= 0.04


def test_popular_trade_names_recur_while_most_are_distinct(
    register: list[tuple[GeneratedName, str]],
) -> None:
    counts = Counter(name.trade_name for name, _ in register)
    top, top_count = counts.most_common(1)[0]
    assert len(top) == 2
    assert top_count >= 10
    # Tens of times, not hundreds: one 字号 must not swamp the register.
    assert top_count <= 200
    assert len(counts) >= 2_000
    # The popular ones recur across industries and divisions (what makes 相同/相近 checks work).
    industries = {name.industry for name, _ in register if name.trade_name == top}
    codes = {code for name, code in register if name.trade_name == top}
    assert len(industries) >= 5
    assert len(codes) >= 3


def test_distinct_trade_names_grow_with_register_size(
    register: list[tuple[GeneratedName, str]],
) -> None:
    small = {name.trade_name for name, _ in register[: N // 4]}
    large = {name.trade_name for name, _ in register}
    assert len(large) >= 2.5 * len(small)


def test_industry_terms_are_varied_and_uneven(register: list[tuple[GeneratedName, str]]) -> None:
    counts = Counter(
        name.industry for name, _ in register if name.enterprise_type in {"llc", "jsc", "branch"}
    )
    assert len(counts) >= 120
    top_three = {term for term, _ in counts.most_common(3)}
    assert top_three == {"商贸", "科技", "建筑工程"}


def test_region_shares(register: list[tuple[GeneratedName, str]]) -> None:
    city = sum(name.name.startswith("包头市") for name, _ in register) / N
    province = sum(name.name.startswith("内蒙古") for name, _ in register) / N
    bracketed = sum(bool(re.search(r"（(包头|内蒙古)）", name.name)) for name, _ in register) / N
    county = (
        sum(
            name.name.startswith(("土默特右旗", "土右旗", "固阳县", "达茂旗", "达尔罕茂明安联合旗"))
            for name, _ in register
        )
        / N
    )
    assert 0.45 <= city <= 0.65
    assert 0.06 <= province <= 0.15
    assert 0.02 <= bracketed <= 0.10
    assert 0.02 <= county <= 0.15
    assert any(name.name.startswith("昆区") for name, _ in register)


def test_division_code_agrees_with_any_division_named(
    register: list[tuple[GeneratedName, str]],
) -> None:
    mentioned = 0
    for name, code in register:
        codes = _mentioned_codes(name.name)
        if codes:
            mentioned += 1
            assert codes == {code}, (name.name, code)
    # Not vacuous: many names (most 个体工商户, co-operatives, branches) name their division.
    assert mentioned / N >= 0.25


def test_names_without_a_division_lean_to_urban_districts(
    register: list[tuple[GeneratedName, str]],
) -> None:
    codes = [code for name, code in register if not _mentioned_codes(name.name)]
    assert len(codes) >= N // 3
    assert sum(code in URBAN for code in codes) / len(codes) >= 0.75
    # Weighted, not exclusive: the other divisions get some of these names too.
    assert len(set(codes)) == len(BAOTOU_DIVISIONS)


def test_codes_come_from_the_given_divisions(register: list[tuple[GeneratedName, str]]) -> None:
    assert {code for _, code in register} == {code for code, _ in BAOTOU_DIVISIONS}


def test_no_whitespace_and_only_full_width_brackets(
    register: list[tuple[GeneratedName, str]],
) -> None:
    for name, _ in register:
        text = name.name
        assert not re.search(r"\s", text), text
        assert "(" not in text, text
        assert ")" not in text, text
        assert text.count("（") == text.count("）") <= 1, text
        # N-CHAR-1: no Latin letters or Arabic digits (full- or half-width).
        assert not re.search(r"[A-Za-z0-9Ａ-Ｚａ-ｚ０-９]", text), text


def test_trade_names_are_never_industry_terms_or_reserved_words(
    register: list[tuple[GeneratedName, str]],
) -> None:
    industries = {name.industry for name, _ in register}
    trade_names = {name.trade_name for name, _ in register}
    assert not trade_names & industries
    assert not trade_names & {"包头", "内蒙古", "北京", "蒙牛", "伊利"}
    reserved = {"红光", "鑫源", "宏达"}
    names = _generate(20261127, 5_000, reserved=[*reserved, "泰安市"])
    produced = {name.trade_name for name, _ in names}
    assert not produced & (reserved | {"泰安"})


def test_branch_is_registered_where_its_locality_is(
    register: list[tuple[GeneratedName, str]],
) -> None:
    branches = [(name, code) for name, code in register if name.enterprise_type == "branch"]
    located = 0
    for name, code in branches:
        match = re.fullmatch(r"(.*公司)(.*?)(分公司|分店|分厂)", name.name)
        assert match, name.name
        codes = _mentioned_codes(match.group(2))
        if codes:
            located += 1
            assert codes == {code}, name.name
    assert located >= len(branches) // 4


def test_other_cities_work_with_their_own_divisions() -> None:
    divisions = [("150102", "新城区"), ("150103", "回民区"), ("150121", "土默特左旗")]
    generator = NameGenerator(random.Random(5), divisions=divisions, city="呼和浩特市")
    names = [generator.generate() for _ in range(3_000)]
    assert {code for _, code in names} == {"150102", "150103", "150121"}
    assert not any("包头" in name.name for name, _ in names)
    assert sum(name.name.startswith("呼和浩特市") for name, _ in names) / len(names) >= 0.4
    for name, code in names:
        for division_code, division_name in divisions:
            if division_name in name.name:
                assert code == division_code, name.name


def test_output_does_not_depend_on_hash_randomisation() -> None:
    code = (
        "import random, hashlib; "
        "from hongdun.enterprises.demo_names import NameGenerator, BAOTOU_DIVISIONS; "
        "g = NameGenerator(random.Random(9), divisions=BAOTOU_DIVISIONS); "
        "print(hashlib.sha256(repr([g.generate() for _ in range(5000)]).encode()).hexdigest())"
    )
    digests = set()
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        digests.add(run_python(code, env=env).stdout.strip())
    assert len(digests) == 1


def test_divisions_are_required() -> None:
    with pytest.raises(ValueError, match="division"):
        NameGenerator(random.Random(0), divisions=[])


def test_module_does_not_import_django() -> None:
    _, django = imports_of("hongdun.enterprises.demo_names")
    assert django == []
