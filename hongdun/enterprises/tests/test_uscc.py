"""Tests for hongdun.enterprises.uscc (rules: docs/rules/uscc.md). Plain pytest, no Django."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.cn import uscc as stdnum_uscc

from hongdun.enterprises.uscc import (
    ALLOWED_CATEGORIES,
    ALPHABET,
    SERIAL_LIMIT,
    UNVERIFIED_CATEGORIES,
    UsccError,
    UsccErrorKind,
    check_character,
    issue,
    normalize,
    org_code_check_character,
    validate,
)
from hongdun.testing.fresh_python import imports_of

PUBLISHED_NUMBERS_FILE = Path(__file__).parent / "data" / "stdnum_uscc_valid.txt"


def _read_published_numbers() -> list[str]:
    lines = PUBLISHED_NUMBERS_FILE.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


PUBLISHED_NUMBERS = _read_published_numbers()

# Positions 3-8 (indexes 2-7) must be digits, so a letter there is a format error, not checksum.
DIVISION_INDEXES = range(2, 8)


def _expected_kind_for_corruption(corrupted: str) -> UsccErrorKind:
    """A corrupted code fails on FORMAT if a letter landed in positions 3-8, else on CHECKSUM."""
    if any(not character.isdigit() for character in corrupted[2:8]):
        return UsccErrorKind.FORMAT
    return UsccErrorKind.CHECKSUM


def _with_check_character(first17: str) -> str:
    return first17 + check_character(first17)


# --- python-stdnum's published numbers ---------------------------------------------------------


def test_data_file_names_its_source_and_holds_every_published_number() -> None:
    header = PUBLISHED_NUMBERS_FILE.read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("#")
    for required in ("arthurdejong/python-stdnum", "tests/test_cn_uscc.doctest", "LGPL-2.1"):
        assert required in header
    # 383 at upstream commit 1ccbd3c; commit f3ce70c, which added the module, had 200.
    assert len(PUBLISHED_NUMBERS) == 383
    assert len(set(PUBLISHED_NUMBERS)) == len(PUBLISHED_NUMBERS)


@pytest.mark.parametrize("number", PUBLISHED_NUMBERS)
def test_published_number_is_valid_in_general_and_strict_mode(number: str) -> None:
    assert validate(number) == number
    assert validate(number, strict=True) == number
    # Our own implementation of the algorithm agrees with python-stdnum on every real code.
    assert check_character(number[:17]) == number[17]
    assert org_code_check_character(number[8:16]) == number[16]


@pytest.mark.parametrize("number", PUBLISHED_NUMBERS)
def test_every_single_character_substitution_is_detected(number: str) -> None:
    for index in range(18):
        for replacement in ALPHABET:
            if replacement == number[index]:
                continue
            corrupted = number[:index] + replacement + number[index + 1 :]
            with pytest.raises(UsccError) as caught:
                validate(corrupted)
            assert caught.value.kind is _expected_kind_for_corruption(corrupted), corrupted


@pytest.mark.parametrize("number", PUBLISHED_NUMBERS)
def test_every_adjacent_transposition_is_detected(number: str) -> None:
    for index in range(17):
        if number[index] == number[index + 1]:
            continue
        swapped = number[:index] + number[index + 1] + number[index] + number[index + 2 :]
        with pytest.raises(UsccError) as caught:
            validate(swapped)
        assert caught.value.kind is _expected_kind_for_corruption(swapped), swapped


# --- corner cases (docs/rules/uscc.md §3) and other sample codes ----------------------------------

VALID_ROWS = [
    # (input, normalised result)
    ("91110000600037341L", "91110000600037341L"),
    ("91 110000 600037341L", "91110000600037341L"),
    ("  91-110000-600037341l\t", "91110000600037341L"),
    ("91350100M000100Y43", "91350100M000100Y43"),
    ("91310115591693856A", "91310115591693856A"),
    ("91310110666007217T", "91310110666007217T"),
    # Full-width characters and the ideographic space, as typed with a Chinese input method.
    ("９１１１００００６０００３７３４１Ｌ", "91110000600037341L"),
    ("91\u3000110000－600037341l", "91110000600037341L"),
]


@pytest.mark.parametrize(("raw", "expected"), VALID_ROWS)
def test_valid_sample_codes(raw: str, expected: str) -> None:
    assert validate(raw) == expected
    assert validate(raw, strict=True) == expected


INVALID_ROWS = [
    # (input, kind, why)
    ("12345", UsccErrorKind.LENGTH, "too short"),
    ("", UsccErrorKind.LENGTH, "empty"),
    ("91110000600037341LL", UsccErrorKind.LENGTH, "19 characters"),
    # python-stdnum calls this FORMAT (letter in position 1). GB 32100 allows letter departments
    # (A = 中央军委改革和编制办公室), so we accept the letter and then check the sum: 'A' is worth
    # 10 instead of 9 at weight 1, so the check character no longer matches -> CHECKSUM.
    ("A1110000600037341L", UsccErrorKind.CHECKSUM, "letter department, wrong check char"),
    ("9111000060003IOZSV", UsccErrorKind.FORMAT, "I, O, Z, S, V are not in the alphabet"),
    ("91110000600037341N", UsccErrorKind.CHECKSUM, "wrong check character"),
    ("91350200M000000510", UsccErrorKind.CHECKSUM, "published as 'still to debug'"),
    ("91350128M00000019A", UsccErrorKind.CHECKSUM, "published as 'still to debug'"),
    ("91A10000600037341L", UsccErrorKind.FORMAT, "letter in the division code"),
    ("I1110000600037341L", UsccErrorKind.FORMAT, "I is not in the alphabet, even in position 1"),
    ("\u0669" + "1110000600037341L", UsccErrorKind.FORMAT, "Arabic-Indic digit nine"),
    ("\u0669" + "111", UsccErrorKind.LENGTH, "non-ASCII input is still length-checked first"),
    ("²1110000600037341L", UsccErrorKind.FORMAT, "only full-width forms are translated"),
    ("91\u2013110000600037341L", UsccErrorKind.LENGTH, "an en dash is not a separator"),
    ("91110000600037341_", UsccErrorKind.FORMAT, "underscore is not a separator"),
]


@pytest.mark.parametrize(("raw", "kind", "why"), INVALID_ROWS)
def test_invalid_sample_codes(raw: str, kind: UsccErrorKind, why: str) -> None:
    for strict in (False, True):
        with pytest.raises(UsccError) as caught:
            validate(raw, strict=strict)
        assert caught.value.kind is kind, why


def test_stdnum_rejects_letter_department_that_we_accept() -> None:
    # The documented difference from python-stdnum (uscc.md §4 step 3): GB 32100 allows e.g. 'Y1'.
    letter_department_code = _with_check_character("Y1110000600037341")
    assert not stdnum_uscc.is_valid(letter_department_code)
    assert validate(letter_department_code) == letter_department_code
    assert validate(letter_department_code, strict=True) == letter_department_code


@pytest.mark.parametrize("prefix", ["A1", "A9", "N1", "N2", "N3", "N9", "Y1"])
def test_letter_department_codes_with_correct_check_character_are_valid(prefix: str) -> None:
    code = _with_check_character(prefix + "110000600037341")
    assert validate(code, strict=True) == code


def test_letter_in_position_two_is_checked_with_the_same_rule() -> None:
    # Not an allowed category, but a general validator must still accept the characters.
    code = _with_check_character("9A110000600037341")
    assert validate(code) == code
    with pytest.raises(UsccError) as caught:
        validate(code, strict=True)
    assert caught.value.kind is UsccErrorKind.CATEGORY


def test_worked_example_from_the_spec() -> None:
    code = "91350100M000100Y43"
    values = [ALPHABET.index(character) for character in code[:17]]
    assert values == [9, 1, 3, 5, 0, 1, 0, 0, 21, 0, 0, 0, 1, 0, 0, 30, 4]
    weights = [pow(3, index, 31) for index in range(17)]
    assert weights == [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    total = sum(value * weight for value, weight in zip(values, weights, strict=True))
    assert (total, total % 31) == (1640, 28)
    assert check_character(code[:17]) == "3"
    # GB 11714 part: M000100Y -> sum 139, 139 mod 11 = 7, 11 - 7 = 4.
    assert org_code_check_character("M000100Y") == "4"


def test_checksum_only_string_fails_strict_on_org_code() -> None:
    # Published test string: passes the mod-31 checksum but is not a real code (uscc.md §2).
    assert validate("123456789012345678") == "123456789012345678"
    with pytest.raises(UsccError) as caught:
        validate("123456789012345678", strict=True)
    assert caught.value.kind is UsccErrorKind.ORG_CODE


# --- strict mode -------------------------------------------------------------------------------

STRICT_ROWS = [
    # (code, known_divisions, allowed_categories, expected kind or None when valid)
    ("91110000600037341L", None, None, None),
    ("91110000600037341L", {"110000"}, None, None),
    ("91110000600037341L", {"150202", "150203"}, None, UsccErrorKind.DIVISION),
    ("91110000600037341L", set(), None, UsccErrorKind.DIVISION),
    ("91110000600037341L", None, {"92"}, UsccErrorKind.CATEGORY),
    (_with_check_character("94110000600037341"), None, None, UsccErrorKind.CATEGORY),
    (_with_check_character("94110000600037341"), None, {"94"}, None),
    # Category is checked before division, division before the organisation code.
    (_with_check_character("94110000600037342"), {"150202"}, None, UsccErrorKind.CATEGORY),
    (_with_check_character("91110000600037342"), {"150202"}, None, UsccErrorKind.DIVISION),
    (_with_check_character("91110000600037342"), {"110000"}, None, UsccErrorKind.ORG_CODE),
]


@pytest.mark.parametrize(
    ("code", "known_divisions", "allowed_categories", "expected_kind"), STRICT_ROWS
)
def test_strict_mode(
    code: str,
    known_divisions: set[str] | None,
    allowed_categories: set[str] | None,
    expected_kind: UsccErrorKind | None,
) -> None:
    # Non-strict mode ignores these rules: every row passes the general check.
    assert validate(code, known_divisions=known_divisions) == code
    if expected_kind is None:
        assert (
            validate(
                code,
                strict=True,
                known_divisions=known_divisions,
                allowed_categories=allowed_categories,
            )
            == code
        )
        return
    with pytest.raises(UsccError) as caught:
        validate(
            code,
            strict=True,
            known_divisions=known_divisions,
            allowed_categories=allowed_categories,
        )
    assert caught.value.kind is expected_kind


def test_allowed_categories_cover_the_required_combinations() -> None:
    required = {
        *("11", "12", "13", "19"),  # 机构编制
        *("21", "29"),  # 外交
        *("31", "32", "33", "34", "35", "39"),  # 司法行政
        *("41", "49"),  # 文化
        *("51", "52", "53", "59"),  # 民政
        *("61", "62", "69"),  # 旅游
        *("71", "72", "79"),  # 宗教
        *("81", "89"),  # 工会
        *("91", "92", "93"),  # 工商 / 市场监管
        *("A1", "A9"),  # 中央军委改革和编制办公室
        *("N1", "N2", "N3", "N9"),  # 农业
        "Y1",  # 其他
    }
    assert required <= ALLOWED_CATEGORIES
    assert UNVERIFIED_CATEGORIES < ALLOWED_CATEGORIES
    assert {"12", "91", "92", "93"}.isdisjoint(UNVERIFIED_CATEGORIES)


# --- helpers: normalize, check characters, error type -----------------------------------------

NORMALIZE_ROWS = [
    ("91110000600037341L", "91110000600037341L"),
    (" 91 110000 600037341l ", "91110000600037341L"),
    ("91-110000-600037341-l", "91110000600037341L"),
    ("\n91350100m000100y43\t", "91350100M000100Y43"),
    ("９１３５０１００ｍ０００１００ｙ４３", "91350100M000100Y43"),
    ("\u300091 110000\u3000600037341L\u3000", "91110000600037341L"),
    ("", ""),
]


@pytest.mark.parametrize(("raw", "expected"), NORMALIZE_ROWS)
def test_normalize(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


ORG_CODE_ROWS = [
    # (8 body characters, check character): X and 0 are the two special results.
    ("M000100Y", "4"),
    ("71526726", "X"),
    ("56010553", "X"),
    ("MA2PENA3", "0"),
    ("60003734", "1"),
]


@pytest.mark.parametrize(("body", "expected"), ORG_CODE_ROWS)
def test_org_code_check_character(body: str, expected: str) -> None:
    assert org_code_check_character(body) == expected


@pytest.mark.parametrize("body", ["", "M000100", "M000100YY", "m000100Y", "M000-00Y", "M000100Ÿ"])
def test_org_code_check_character_rejects_bad_body(body: str) -> None:
    with pytest.raises(ValueError, match="8 digits or capital letters"):
        org_code_check_character(body)


@pytest.mark.parametrize(
    "first17",
    ["", "9111000060003734", "91110000600037341L", "9111000060003734I", "9111000060003734a"],
)
def test_check_character_rejects_bad_input(first17: str) -> None:
    with pytest.raises(ValueError, match="17 characters"):
        check_character(first17)


def test_usccerror_is_a_valueerror_with_a_kind() -> None:
    with pytest.raises(ValueError, match="18 characters") as caught:
        validate("12345")
    assert isinstance(caught.value, UsccError)
    assert caught.value.kind is UsccErrorKind.LENGTH
    # A StrEnum, so the kind can go straight into JSON or a form error code.
    assert str(caught.value.kind) == "length"


# --- issue() -----------------------------------------------------------------------------------

ISSUE_DIVISIONS = ("150202", "150203")


def test_issued_codes_are_valid_and_distinct() -> None:
    serial_count = 20_000
    issued: set[str] = set()
    for division_code in ISSUE_DIVISIONS:
        for serial in range(serial_count):
            code = issue(category="1", division_code=division_code, serial=serial)
            assert code[:8] == "91" + division_code
            assert validate(code, strict=True, known_divisions=ISSUE_DIVISIONS) == code
            issued.add(code)
    assert len(issued) == serial_count * len(ISSUE_DIVISIONS)


@pytest.mark.parametrize(
    ("serial", "body"),
    [
        (0, "00000000"),
        (1, "00000001"),
        (30, "0000000Y"),
        (31, "00000010"),
        (SERIAL_LIMIT - 1, "YYYYYYYY"),
    ],
)
def test_issued_body_is_serial_in_base_31(serial: int, body: str) -> None:
    code = issue(category="2", division_code="150202", serial=serial)
    assert code[8:16] == body
    assert validate(code, strict=True) == code


@pytest.mark.parametrize(("department", "category"), [("9", "3"), ("5", "1"), ("Y", "1")])
def test_issue_other_departments(department: str, category: str) -> None:
    code = issue(department=department, category=category, division_code="150202", serial=12345)
    assert code.startswith(department + category + "150202")
    assert validate(code, strict=True, known_divisions={"150202"}) == code


@given(
    serial=st.integers(min_value=0, max_value=SERIAL_LIMIT - 1),
    division_code=st.from_regex(r"\A[0-9]{6}\Z"),
    category=st.sampled_from(["1", "2", "3"]),
)
def test_issue_property_valid_and_serial_recoverable(
    serial: int, division_code: str, category: str
) -> None:
    code = issue(category=category, division_code=division_code, serial=serial)
    assert validate(code, strict=True, known_divisions={division_code}) == code
    # Injectivity: the serial can be read back from the body.
    recovered = 0
    for character in code[8:16]:
        recovered = recovered * len(ALPHABET) + ALPHABET.index(character)
    assert recovered == serial


ISSUE_BAD_INPUT_ROWS = [
    # (keyword arguments, message fragment)
    ({"category": "1", "division_code": "15020", "serial": 1}, "6 digits"),
    ({"category": "1", "division_code": "1502020", "serial": 1}, "6 digits"),
    ({"category": "1", "division_code": "15020A", "serial": 1}, "6 digits"),
    ({"category": "1", "division_code": "１５０２０２", "serial": 1}, "6 digits"),
    ({"category": "1", "division_code": "", "serial": 1}, "6 digits"),
    ({"category": "4", "division_code": "150202", "serial": 1}, "not allowed"),
    ({"category": "", "division_code": "150202", "serial": 1}, "not allowed"),
    ({"category": "12", "division_code": "150202", "serial": 1}, "not allowed"),
    ({"department": "", "category": "91", "division_code": "150202", "serial": 1}, "not allowed"),
    ({"department": "I", "category": "1", "division_code": "150202", "serial": 1}, "not allowed"),
    ({"category": "1", "division_code": "150202", "serial": -1}, "serial"),
    ({"category": "1", "division_code": "150202", "serial": SERIAL_LIMIT}, "serial"),
]


@pytest.mark.parametrize(("kwargs", "message"), ISSUE_BAD_INPUT_ROWS)
def test_issue_rejects_bad_input(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        issue(**kwargs)  # type: ignore[arg-type]


def test_issue_respects_allowed_categories_override() -> None:
    code = issue(category="4", division_code="150202", serial=7, allowed_categories={"94"})
    assert validate(code, strict=True, allowed_categories={"94"}) == code
    with pytest.raises(ValueError, match="not allowed"):
        issue(category="1", division_code="150202", serial=7, allowed_categories={"94"})


# --- purity ------------------------------------------------------------------------------------


def test_module_imports_nothing_from_django() -> None:
    _, django = imports_of("hongdun.enterprises.uscc")
    assert django == []
