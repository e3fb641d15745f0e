"""Issue 13, rule fidelity: each class of the legal review as a table written from the law's text.

Rows cite the provision they come from. The authority is Kundulun (150203, a 市辖区 of 包头市)
unless a row says otherwise.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from hongdun.namecheck.engine import CheckContext, Verdict, check, load_reference
from hongdun.namecheck.engine.__main__ import build_from
from hongdun.namecheck.engine.types import EngineConfig, StoredName

REF = load_reference()
KUNDULUN = "150203"
AS_OF = date(2026, 12, 7)
EMPTY = build_from([], REF)
P, R, S, OK = Verdict.PROHIBITED, Verdict.RESTRICTED, Verdict.SIMILAR, Verdict.PASS


def verdict(name: str, registry: str = KUNDULUN, config: EngineConfig | None = None) -> Verdict:
    return check(name, CheckContext(registry=registry, as_of=AS_OF), EMPTY, REF, config).verdict


def rules(name: str, registry: str = KUNDULUN) -> set[str]:
    result = check(name, CheckContext(registry=registry, as_of=AS_OF), EMPTY, REF)
    return {f.rule for f in result.findings}


# --- 1. 规范汉字 only (GD2020 第五条; 通用规范汉字表) --------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("包头市鑫源貿易有限公司", P),  # 貿 is the traditional form of 贸
        ("包头市鑫源贸易有限公司", OK),
        ("包头市華光機械有限公司", P),  # 華, 機
        ("包头市峯源科技有限公司", P),  # 峯: 异体字 of 峰
        ("包头市栢林科技有限公司", P),  # 栢: 异体字 of 柏 (第一批异体字整理表)
        ("包头市乾元科技有限公司", OK),  # 乾 is itself a 规范汉字 (乾坤)
        ("包头市於菟科技有限公司", OK),  # 於 kept in the 2013 table (surname)
        ("包头市甦醒科技有限公司", OK),  # 甦 kept in the 2013 table
    ],
)
def test_only_standard_characters(name: str, expected: Verdict) -> None:
    assert verdict(name) is expected
    if expected is P:
        assert "N-CHAR-1" in rules(name)


@pytest.mark.parametrize(
    ("registered", "proposed"),
    [
        ("包头市鑫源贸易有限公司", "包头市鑫源貿易有限公司"),
        ("包头市华光机械有限公司", "包头市華光機械有限公司"),
        ("包头市峰源科技有限公司", "包头市峯源科技有限公司"),
    ],
)
def test_a_traditional_character_does_not_defeat_the_identical_check(
    registered: str, proposed: str
) -> None:
    index = build_from([StoredName(1, registered, KUNDULUN)], REF)
    result = check(proposed, CheckContext(registry=KUNDULUN, as_of=AS_OF), index, REF)
    found = {f.rule for f in result.findings}
    assert "C-SAME-1" in found
    assert "C-CMP-3.1" in found
    assert result.parsed.normalized == registered


# --- 2. the character rule runs on what was typed (docs/rules/names.md §5.2) ---------------


@pytest.mark.parametrize("symbol", [*list("@#+._!&*%$~=?/-"), "、", "，", "。", " ", "\u3000"])
def test_symbols_and_spaces_are_refused(symbol: str) -> None:
    assert verdict(f"包头市红光{symbol}科技有限公司") is P
    assert verdict(f"包头市红{symbol}光科技有限公司") is P


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("红光（包头）科技有限公司", OK),  # region after the 字号, in brackets (实施办法第九条)
        ("红光(包头)科技有限公司", OK),  # half-width brackets are the same brackets
        ("包头市红光科技集团有限公司", OK),
        ("包头市红光（集团）有限公司", OK),
        ("包头市红光投资合伙企业（有限合伙）", OK),
        ("包头市红光（科技）有限公司", P),  # brackets around an industry word
        ("包头市（红光）科技有限公司", P),  # brackets around the 字号
        ("包头市红光科技有限公司（", P),  # unpaired
        ("包头市红光【包头】科技有限公司", P),  # a region in brackets must follow the 字号 … and
    ],
)
def test_brackets_only_where_the_structure_puts_them(name: str, expected: Verdict) -> None:
    assert verdict(name) is expected, check(name, CheckContext(registry=KUNDULUN), EMPTY, REF)


def test_the_middle_dot_is_a_deployment_setting() -> None:
    name = "包头市阿拉坦·巴根科技有限公司"
    assert verdict(name, config=EngineConfig(allow_middle_dot=True)) is OK
    assert verdict(name, config=EngineConfig(allow_middle_dot=False)) is P


# --- 3. prohibited content (GD2020 第十一条) ---------------------------------------------------


@pytest.mark.parametrize(
    ("word", "rule"),
    [
        ("美利坚", "P-4"),
        ("德意志", "P-4"),
        ("英格兰", "P-4"),
        ("法兰西", "P-4"),
        ("大不列颠", "P-4"),
        ("哈萨克斯坦", "P-4"),
        ("世卫", "P-4"),
        ("奥委会", "P-4"),
        ("国际足联", "P-4"),
        ("红十字", "P-4"),
        ("赌王", "P-5"),
        ("大麻", "P-5"),
        ("冰毒", "P-5"),
        ("百家乐", "P-5"),
        ("基地组织", "P-5"),
        ("少将", "P-8"),
        ("警监", "P-8"),
        ("上校", "P-8"),
        ("博士", "P-8"),
        ("教授", "P-8"),
    ],
)
def test_prohibited_content_lists(word: str, rule: str) -> None:
    name = f"包头市{word}云栖科技有限公司"
    assert verdict(name) is P
    assert rule in rules(name)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("包头市智利科技有限公司", P),  # the 字号 is exactly a country's name
        (
            "包头市智利达科技有限公司",
            OK,
        ),  # 智利 "wisdom and profit" inside a 字号 with its own meaning
        ("包头市荷兰科技有限公司", P),
        ("包头市精英国际贸易有限公司", OK),  # 英国 only as the whole 字号, not inside 精英国际
        ("包头市博士伦眼镜有限公司", OK),  # an exception recorded with the word
    ],
)
def test_the_other_meaning_exception(name: str, expected: Verdict) -> None:
    assert verdict(name) is expected


# --- 4. a one-character 字号 behind a region written without 市 (第八条) -------------------------


@pytest.mark.parametrize(
    "name",
    [
        "杭州云科技有限公司",
        "包头云科技有限公司",
        "包头市杭州云科技有限公司",
        "昆都仑云科技有限公司",
    ],
)
def test_a_zihao_that_starts_with_a_region_never_passes(name: str) -> None:
    result = check(name, CheckContext(registry=KUNDULUN, as_of=AS_OF), EMPTY, REF)
    assert result.verdict in (P, R)
    assert result.verdict is P


# --- 5. region names that are also ordinary words (第八条第二款 "另有含义的除外") ---------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("包头市安康科技有限公司", R),
        ("包头市江山科技有限公司", R),
        ("包头市大同科技有限公司", R),
        ("大同科技有限公司", R),  # 大同 may be the 字号 (great harmony): a registrar decides
        ("包头市和平商贸有限公司", R),
        ("包头市包头科技有限公司", P),  # plainly the place: the name's own region
        ("包头市杭州科技有限公司", P),  # no other meaning
        ("包头市江山美科技有限公司", R),  # 江山 + one character: review, never a pass
    ],
)
def test_region_words_with_another_meaning_go_to_review(name: str, expected: Verdict) -> None:
    assert verdict(name) is expected
    assert "N-ZIHAO-2" in rules(name)


# --- 6. the region is where the enterprise is (第七条) ----------------------------------------


@pytest.mark.parametrize(
    ("name", "registry", "expected"),
    [
        ("上海红光科技有限公司", KUNDULUN, P),
        ("杭州市西湖区红光科技有限公司", KUNDULUN, P),
        ("北京红光科技有限公司", KUNDULUN, P),
        ("包头市红光科技有限公司", KUNDULUN, OK),
        ("包头红光科技有限公司", KUNDULUN, OK),
        ("内蒙古红光科技有限公司", KUNDULUN, OK),  # the province the firm is in
        ("包头市昆都仑区红光科技有限公司", KUNDULUN, OK),
        ("包头市青山区红光科技有限公司", KUNDULUN, P),  # a sibling district
        ("红光（上海）科技有限公司", KUNDULUN, P),  # a bracketed region is a region too
        ("包头市红光科技有限公司", "150200", OK),  # the city bureau
        ("上海红光科技有限公司", "310000", OK),
        ("红光科技有限公司", KUNDULUN, OK),  # no region (a cross-province firm may omit it)
        ("北京红光酒业有限公司包头分公司", KUNDULUN, OK),  # the parent is where the parent is
        ("北京红光酒业有限公司上海分公司", KUNDULUN, P),  # the branch is not in Shanghai
    ],
)
def test_the_region_must_be_where_the_enterprise_is(
    name: str, registry: str, expected: Verdict
) -> None:
    assert verdict(name, registry) is expected
    assert ("N-REGION-1" in rules(name, registry)) is (expected is P)


# --- 7. sector words and well-known names ------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected", "law"),
    [
        ("包头市红光银行有限公司", R, "商业银行法"),
        ("包头市红光保险代理有限公司", R, "保险法"),
        ("包头市红光证券有限公司", R, "证券法"),
        ("包头市红光基金管理有限公司", R, "证券投资基金法"),
        ("包头市红光期货有限公司", R, "期货和衍生品法"),
        ("包头市红光信托有限公司", R, "信托公司管理办法"),
        ("包头市红光融资担保有限公司", R, "融资担保公司监督管理条例"),
        ("包头市红光金融服务有限公司", R, "防范和处置非法集资条例"),
        ("包头市红光律师事务所", R, "律师法"),
        ("包头市红光会计师事务所", R, "注册会计师法"),
        ("包头市红光汽车保险杠有限公司", OK, ""),  # 保险杠 is a bumper
    ],
)
def test_sector_words_need_the_regulators_approval(name: str, expected: Verdict, law: str) -> None:
    result = check(name, CheckContext(registry=KUNDULUN, as_of=AS_OF), EMPTY, REF)
    assert result.verdict is expected, result.findings
    if law:
        sector = [f for f in result.findings if f.rule == "R-SECTOR"]
        assert sector
        assert law in sector[0].article


def test_well_known_names_give_similar_with_the_reason() -> None:
    result = check("包头市华为通讯有限公司", CheckContext(registry=KUNDULUN), EMPTY, REF)
    assert result.verdict is S
    famous = [f for f in result.findings if f.rule == "S-FAMOUS-1"]
    assert famous
    assert "反不正当竞争法" in famous[0].article
    assert "华为" in famous[0].message


# --- 13. a reordered 字号 is a practitioner signal, not BD2017 第三条（二） ---------------------


def test_a_reordered_zihao_is_a_heuristic_without_the_article() -> None:
    index = build_from([StoredName(1, "包头市红光酒业有限公司", KUNDULUN)], REF)
    ctx = CheckContext(registry=KUNDULUN, as_of=AS_OF)
    result = check("包头市光红酒业有限公司", ctx, index, REF)
    order = [f for f in result.findings if f.rule == "H-ORDER"]
    assert order
    assert "比对规则" not in order[0].article
    off = EngineConfig(heuristics=frozenset())
    quiet = check("包头市光红酒业有限公司", ctx, index, REF, off)
    assert not [f for f in quiet.findings if f.rule == "H-ORDER"]


# --- the command line the reviewer uses ---------------------------------------------------------


def _cli(tmp_path: Path, existing: str, *args: str) -> list[dict[str, object]]:
    path = tmp_path / "existing.tsv"
    path.write_text(existing, encoding="utf-8")
    out = subprocess.run(  # noqa: S603 - our own module, fixed arguments
        [sys.executable, "-m", "hongdun.namecheck.engine", "check", "--existing", str(path), *args],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[4],
    ).stdout
    return [json.loads(line) for line in out.splitlines()]


def test_cli_region_script_and_statuses(tmp_path: Path) -> None:
    existing = (
        "包头市红光机械有限公司\t150203\t吊销\t2020-01-01\n"  # licence revoked: keeps its name
        "包头市蓝海机械有限公司\t150203\t撤销\t2025-12-07\n"  # registration revoked a year ago
        "包头市青松机械有限公司\t150203\t撤销\t2025-12-06\n"
    )
    results = _cli(
        tmp_path,
        existing,
        "--registry",
        "150203",
        "--as-of",
        "2026-12-07",
        "包头市红光机械有限公司",
        "包头市蓝海机械有限公司",
        "包头市青松机械有限公司",
        "上海绿洲机械有限公司",
        "包头市鑫源貿易有限公司",
    )
    assert [r["verdict"] for r in results] == [
        "identical",
        "identical",
        "pass",
        "prohibited",
        "prohibited",
    ]
