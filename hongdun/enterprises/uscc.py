"""Unified Social Credit Code (统一社会信用代码, USCC) per GB 32100-2015.

Pure Python on purpose: this module must import nothing from Django, so that it can be used from
scripts, data imports and tests without settings (a test checks this).

Structure of a code (18 characters, see docs/rules/uscc.md §1):

======== ==========================================================================
Position Meaning
======== ==========================================================================
1        登记管理部门代码, registering department (``9`` = 市场监管/工商; may be a letter)
2        机构类别代码, entity type within that department (``91`` = 企业, ``92`` = 个体工商户)
3-8      GB/T 2260 administrative-division code of the registering authority, 6 digits
9-17     主体标识码 = GB 11714 组织机构代码: 8 body characters plus its own check character
18       check character over positions 1-17 (GB/T 17710 / ISO 7064 style, mod 31)
======== ==========================================================================

Every character comes from :data:`ALPHABET`: digits and capital letters except I, O, Z, S and V.

The general check (:func:`validate`) is python-stdnum's ``stdnum.cn.uscc`` with one deliberate
difference: python-stdnum requires positions 1-2 to be digits, but GB 32100 allows letter
department codes (``Y`` = other departments; ``A`` and ``N``, believed to come from amendments,
UNVERIFIED), so a letter from :data:`ALPHABET` in position 1 or 2 is accepted here and checked
with the same mod-31 rule.
Strict mode adds the checks a checksum alone cannot give (docs/rules/uscc.md §2: the published
test string ``123456789012345678`` passes the checksum yet is not a real code).
"""

from __future__ import annotations

import enum
import types
from collections.abc import Collection, Mapping
from typing import Final

from stdnum.cn import uscc as stdnum_uscc
from stdnum.exceptions import InvalidChecksum, InvalidFormat, InvalidLength, ValidationError

__all__ = [
    "ALLOWED_CATEGORIES",
    "ALPHABET",
    "CATEGORY_NAMES",
    "CODE_LENGTH",
    "SERIAL_LIMIT",
    "UNVERIFIED_CATEGORIES",
    "UsccError",
    "UsccErrorKind",
    "check_character",
    "issue",
    "normalize",
    "org_code_check_character",
    "validate",
]

ALPHABET: Final = "0123456789ABCDEFGHJKLMNPQRTUWXY"
"""The 31 USCC characters; a character's value is its index (``A`` = 10 ... ``Y`` = 30)."""

CODE_LENGTH: Final = 18

SERIAL_LIMIT: Final = len(ALPHABET) ** 8
"""Exclusive upper bound for :func:`issue` serials: 8 body characters in base 31."""

_DIGITS: Final = "0123456789"
# Weights 3**(i-1) mod 31 for positions 1-17 (docs/rules/uscc.md §2).
_USCC_WEIGHTS: Final = tuple(pow(3, index, 31) for index in range(17))
_USCC_MODULUS: Final = 31
# GB 11714 weights for the 8 body characters of the organisation code (docs/rules/uscc.md §2).
_ORG_CODE_WEIGHTS: Final = (3, 7, 9, 10, 5, 8, 4, 2)
_ORG_CODE_MODULUS: Final = 11
# GB 11714 body characters are digits and *all* capital letters (A=10 ... Z=35), unlike USCC.
_ORG_CODE_BODY_CHARACTERS: Final = _DIGITS + "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
# Full-width ASCII forms sit at a fixed offset from ASCII; U+3000 is the full-width space.
_FULL_WIDTH_TO_ASCII: Final[Mapping[int, int]] = types.MappingProxyType(
    {code_point: code_point - 0xFEE0 for code_point in range(0xFF01, 0xFF5F)} | {0x3000: ord(" ")}
)

CATEGORY_NAMES: Final[Mapping[str, str]] = types.MappingProxyType(
    {
        # Source: GB 32100-2015 appendix A (登记管理部门代码 + 机构类别代码) and its amendment
        # XG1-2016. The standard's full text was not consulted ([R15] in docs/rules/sources.md);
        # only the entries outside UNVERIFIED_CATEGORIES are confirmed by the structure table or
        # by real published codes (docs/rules/uscc.md §1).
        "11": "机构编制: 机关",
        "12": "机构编制: 事业单位",
        "13": "机构编制: 中央编办直接管理机构编制的群众团体",
        "19": "机构编制: 其他",
        "21": "外交: 外国常驻新闻机构",
        "29": "外交: 其他",
        "31": "司法行政: 律师执业机构",
        "32": "司法行政: 公证处",
        "33": "司法行政: 基层法律服务所",
        "34": "司法行政: 司法鉴定机构",
        "35": "司法行政: 仲裁委员会",
        "39": "司法行政: 其他",
        "41": "文化: 外国在华文化中心",
        "49": "文化: 其他",
        "51": "民政: 社会团体",
        "52": "民政: 民办非企业单位",
        "53": "民政: 基金会",
        "59": "民政: 其他",
        "61": "旅游: 外国旅游部门常驻代表机构",
        "62": "旅游: 港澳台地区旅游部门常驻内地(大陆)代表机构",
        "69": "旅游: 其他",
        "71": "宗教: 宗教活动场所",
        "72": "宗教: 宗教院校",
        "79": "宗教: 其他",
        "81": "工会: 基层工会",
        "89": "工会: 其他",
        "91": "工商/市场监管: 企业",
        "92": "工商/市场监管: 个体工商户",
        "93": "工商/市场监管: 农民专业合作社",
        "A1": "中央军委改革和编制办公室: 军队事业单位",
        "A9": "中央军委改革和编制办公室: 其他",
        "N1": "农业: 组级集体经济组织",
        "N2": "农业: 村级集体经济组织",
        "N3": "农业: 乡镇级集体经济组织",
        "N9": "农业: 其他",
        "Y1": "其他",
    }
)
"""Known position 1-2 combinations (department + entity type) with their meaning."""

UNVERIFIED_CATEGORIES: Final[frozenset[str]] = frozenset(CATEGORY_NAMES) - {
    # Confirmed: 91/92/93 by the structure table, 12 and 51 by real published codes
    # (docs/rules/uscc.md §1).
    "12",
    "51",
    "91",
    "92",
    "93",
}
"""UNVERIFIED: combinations taken from secondary summaries of GB 32100-2015 / XG1-2016.

Whether ``A*`` and ``N*`` come from the 2016 amendment or a later one is also not verified.
Unverified rules are data (docs/rules/README.md): pass ``allowed_categories`` to override the
default.
"""

ALLOWED_CATEGORIES: Final[frozenset[str]] = frozenset(CATEGORY_NAMES)
"""Default set of position 1-2 combinations accepted in strict mode and by :func:`issue`."""


class UsccErrorKind(enum.StrEnum):
    """Why a code was rejected; the first three are the general check, the rest strict mode."""

    LENGTH = "length"
    """Not 18 characters after normalisation."""
    FORMAT = "format"
    """A character outside :data:`ALPHABET`, or a non-digit in positions 3-8."""
    CHECKSUM = "checksum"
    """Position 18 is not the mod-31 check character of positions 1-17."""
    ORG_CODE = "org_code"
    """Strict: position 17 is not the GB 11714 check character of positions 9-16."""
    DIVISION = "division"
    """Strict: positions 3-8 are not in the caller's set of known division codes."""
    CATEGORY = "category"
    """Strict: positions 1-2 are not an allowed department + entity-type combination."""


class UsccError(ValueError):
    """A code failed validation; ``kind`` says which rule it broke."""

    kind: UsccErrorKind

    def __init__(self, kind: UsccErrorKind, message: str) -> None:
        super().__init__(message)
        self.kind = kind


def normalize(raw: str) -> str:
    """Return ``raw`` without surrounding whitespace, internal spaces or ``-``, upper-cased.

    This is docs/rules/uscc.md §4 step 1. In addition, full-width forms (U+FF01-U+FF5E, e.g.
    ``９``, ``Ｌ``, ``－``) and the ideographic space U+3000 are first turned into their ASCII
    equivalents, because a Chinese input method types those; python-stdnum likewise accepts
    full-width digits. Nothing else is translated, and nothing is checked here.
    """
    ascii_text = raw.translate(_FULL_WIDTH_TO_ASCII)
    return ascii_text.strip().replace(" ", "").replace("-", "").upper()


def check_character(first17: str) -> str:
    """Return the USCC check character (position 18) for positions 1-17.

    Rule (docs/rules/uscc.md §2): value(c) is the index of c in :data:`ALPHABET`;
    S = Σ value(c_i) × w_i with w_i = 3^(i-1) mod 31; the check value is (31 - S mod 31) mod 31,
    shown as ``ALPHABET[value]``.

    Raises ValueError unless ``first17`` is exactly 17 characters from :data:`ALPHABET`.
    """
    if len(first17) != 17 or any(character not in ALPHABET for character in first17):
        raise ValueError(f"expected 17 characters from the USCC alphabet, got {first17!r}")
    total = sum(
        ALPHABET.index(character) * weight
        for character, weight in zip(first17, _USCC_WEIGHTS, strict=True)
    )
    return ALPHABET[(_USCC_MODULUS - total % _USCC_MODULUS) % _USCC_MODULUS]


def org_code_check_character(body8: str) -> str:
    """Return the GB 11714 organisation-code check character (USCC position 17) for 8 characters.

    Rule (docs/rules/uscc.md §2): digits are worth 0-9 and letters A=10 ... Z=35;
    S = Σ value × w with weights 3, 7, 9, 10, 5, 8, 4, 2; C = 11 - S mod 11, written ``X`` for 10
    and ``0`` for 11.

    Raises ValueError unless ``body8`` is exactly 8 ASCII digits or capital letters.
    """
    if len(body8) != 8 or any(character not in _ORG_CODE_BODY_CHARACTERS for character in body8):
        raise ValueError(f"expected 8 digits or capital letters, got {body8!r}")
    total = sum(
        _ORG_CODE_BODY_CHARACTERS.index(character) * weight
        for character, weight in zip(body8, _ORG_CODE_WEIGHTS, strict=True)
    )
    check_value = _ORG_CODE_MODULUS - total % _ORG_CODE_MODULUS
    if check_value == 10:
        return "X"
    if check_value == 11:
        return "0"
    return str(check_value)


def validate(
    raw: str,
    *,
    strict: bool = False,
    known_divisions: Collection[str] | None = None,
    allowed_categories: Collection[str] | None = None,
) -> str:
    """Return the normalised code, or raise :class:`UsccError` saying which rule failed.

    General rules, checked in this order (docs/rules/uscc.md §4 steps 2-4):

    1. after :func:`normalize`, exactly 18 characters, else ``LENGTH``;
    2. positions 1-2 and 9-18 in :data:`ALPHABET`, positions 3-8 ASCII digits, else ``FORMAT``;
    3. position 18 equals :func:`check_character` of positions 1-17, else ``CHECKSUM``.

    ASCII codes whose positions 1-2 are digits are checked by python-stdnum (its errors are
    mapped to the kinds above). python-stdnum rejects a letter in position 1 or 2 as a format
    error, but GB 32100 allows one (e.g. ``Y1``), so such codes, and codes with non-ASCII
    characters left after normalisation, are checked here with the same rules in the same order.

    With ``strict=True``, by position (docs/rules/uscc.md §4, strict mode):

    4. positions 1-2 in ``allowed_categories`` (default :data:`ALLOWED_CATEGORIES`), else
       ``CATEGORY``;
    5. if ``known_divisions`` is given, positions 3-8 in it, else ``DIVISION``;
    6. position 17 equals :func:`org_code_check_character` of positions 9-16, else ``ORG_CODE``.

    ``known_divisions`` and ``allowed_categories`` are ignored unless ``strict`` is true.
    """
    code = normalize(raw)
    # python-stdnum silently translates some non-ASCII characters (e.g. full-width digits, which
    # normalize() has already handled), so anything non-ASCII left is checked here instead: the
    # returned code must be exactly the string that was checked.
    if _has_letter_in_prefix(code) or not code.isascii():
        _check_general_rules_locally(code)
    else:
        _check_general_rules_with_stdnum(code)
    if strict:
        _check_strict_rules(
            code,
            known_divisions=known_divisions,
            allowed_categories=(
                ALLOWED_CATEGORIES if allowed_categories is None else allowed_categories
            ),
        )
    return code


def issue(
    *,
    department: str = "9",
    category: str,
    division_code: str,
    serial: int,
    allowed_categories: Collection[str] | None = None,
) -> str:
    """Build a valid code from its parts (docs/rules/uscc.md §4 step 5).

    The result is ``department`` + ``category`` + ``division_code`` + an 8-character body +
    GB 11714 check character + USCC check character. The body is ``serial`` written in base 31
    over :data:`ALPHABET`, 8 characters wide with leading ``0``: a bijection from
    ``range(SERIAL_LIMIT)`` onto 8-character bodies, so distinct serials give distinct codes for
    the same department, category and division. Every body character is also a valid GB 11714
    body character, so the result passes :func:`validate` in strict mode.

    Not issuing a serial twice, and keeping away from codes other authorities issued for the same
    division (e.g. by reserving a serial range), is the caller's job.

    Raises ValueError if ``department`` + ``category`` is not in ``allowed_categories`` (default
    :data:`ALLOWED_CATEGORIES`), ``division_code`` is not 6 ASCII digits, or ``serial`` is
    outside ``0 <= serial < SERIAL_LIMIT``.
    """
    prefix = department + category
    allowed = ALLOWED_CATEGORIES if allowed_categories is None else allowed_categories
    if len(department) != 1 or len(category) != 1 or prefix not in allowed:
        raise ValueError(f"department {department!r} + category {category!r} is not allowed")
    if not _is_ascii_digits(division_code, length=6):
        raise ValueError(f"division code must be 6 digits, got {division_code!r}")
    if not 0 <= serial < SERIAL_LIMIT:
        raise ValueError(f"serial must be in range(0, {SERIAL_LIMIT}), got {serial}")
    body = _to_base31_body(serial)
    first17 = prefix + division_code + body + org_code_check_character(body)
    return first17 + check_character(first17)


def _to_base31_body(serial: int) -> str:
    """Write ``serial`` as 8 base-31 digits over ALPHABET, most significant first."""
    base = len(ALPHABET)
    characters = []
    for _ in range(8):
        serial, remainder = divmod(serial, base)
        characters.append(ALPHABET[remainder])
    return "".join(reversed(characters))


def _is_ascii_digits(text: str, *, length: int) -> bool:
    # str.isdigit() would also accept e.g. Arabic-Indic and superscript digits.
    return len(text) == length and all(character in _DIGITS for character in text)


def _has_letter_in_prefix(code: str) -> bool:
    """True when positions 1-2 are from ALPHABET and at least one of them is a letter.

    Positions 1-2 are what python-stdnum checks more narrowly than GB 32100.
    """
    prefix = code[:2]
    return all(character in ALPHABET for character in prefix) and not _is_ascii_digits(
        prefix, length=2
    )


def _check_general_rules_with_stdnum(code: str) -> None:
    """Run python-stdnum's check and translate its exception classes into UsccErrorKind."""
    try:
        stdnum_uscc.validate(code)
    except InvalidLength as error:
        raise UsccError(
            UsccErrorKind.LENGTH, f"USCC must be {CODE_LENGTH} characters, got {len(code)}"
        ) from error
    except InvalidFormat as error:
        raise UsccError(
            UsccErrorKind.FORMAT, f"USCC {code!r} contains a character not allowed there"
        ) from error
    except InvalidChecksum as error:
        raise UsccError(
            UsccErrorKind.CHECKSUM, f"USCC {code!r} has a wrong check character"
        ) from error
    except ValidationError as error:
        # python-stdnum only raises the three above today; anything new is about the characters.
        raise UsccError(UsccErrorKind.FORMAT, f"USCC {code!r} is malformed: {error}") from error


def _check_general_rules_locally(code: str) -> None:
    """The same rules, in the same order, as python-stdnum, but positions 1-2 may be letters."""
    if len(code) != CODE_LENGTH:
        raise UsccError(
            UsccErrorKind.LENGTH, f"USCC must be {CODE_LENGTH} characters, got {len(code)}"
        )
    characters_allowed = all(character in ALPHABET for character in code[:2] + code[8:])
    if not characters_allowed or not _is_ascii_digits(code[2:8], length=6):
        raise UsccError(
            UsccErrorKind.FORMAT, f"USCC {code!r} contains a character not allowed there"
        )
    if code[17] != check_character(code[:17]):
        raise UsccError(UsccErrorKind.CHECKSUM, f"USCC {code!r} has a wrong check character")


def _check_strict_rules(
    code: str, *, known_divisions: Collection[str] | None, allowed_categories: Collection[str]
) -> None:
    """Positions 1-2, 3-8 and 9-17 of a code that already passed the general rules."""
    if code[:2] not in allowed_categories:
        raise UsccError(
            UsccErrorKind.CATEGORY, f"USCC {code!r}: {code[:2]!r} is not an allowed category"
        )
    if known_divisions is not None and code[2:8] not in known_divisions:
        raise UsccError(
            UsccErrorKind.DIVISION, f"USCC {code!r}: {code[2:8]!r} is not a known division code"
        )
    if code[16] != org_code_check_character(code[8:16]):
        raise UsccError(
            UsccErrorKind.ORG_CODE,
            f"USCC {code!r}: {code[16]!r} is not the GB 11714 check character of {code[8:16]!r}",
        )
