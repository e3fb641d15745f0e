"""The one check of a citizen identity number (公民身份号码, GB 11643-1999) for the whole project.

Pure Python (no Django): the Django validator and the translated messages are in
`hongdun.core.validators`.

What is an error and what is not:
- Errors: the format (18 characters, 17 digits and a digit or X), the birth date in positions 7–14
  (a real date, not in the future, not before 1900) and the ISO 7064 MOD 11-2 check digit. A number
  failing any of these cannot be anybody's.
- A warning at most: the address code (positions 1–6). It is the household registration's county
  when the number was *issued*, not necessarily the birthplace; the code keeps its holder for life
  after the county is renamed, merged or abolished, and an older cadre's number often carries a code
  created after their birth (issued in 1985 for a person born in 1950) or one retired since. So a
  code that is known to GB/T 2260 at any time is fine whatever the dates; only a code never seen
  there earns a warning, and the holder's document decides.
- 15-digit numbers (first-generation cards) are refused with the 18-digit number they convert
  to: first-generation cards stopped being valid on 2013-01-01 (公安部公告), every living holder
  has been issued an 18-digit number since, and storing one form keeps duplicates findable.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from functools import cache

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
EARLIEST_BIRTH = date(1900, 1, 1)


class Problem(StrEnum):
    LENGTH = "length"
    LEGACY_15 = "legacy_15"
    FORMAT = "format"
    BIRTH_DATE_INVALID = "birth_date_invalid"
    BIRTH_DATE_FUTURE = "birth_date_future"
    BIRTH_DATE_TOO_EARLY = "birth_date_too_early"
    CHECK_DIGIT = "check_digit"
    AREA_UNKNOWN = "area_unknown"


WARNINGS = frozenset({Problem.AREA_UNKNOWN})


def _(message: str) -> str:
    """Marks a template for `makemessages` without importing Django (the Django layer translates
    the template with gettext, then fills in the parameters)."""
    return message


# What is wrong and how to fix it; `%(name)s` placeholders are filled from `Finding.params`.
MESSAGES: dict[Problem, str] = {
    Problem.LENGTH: _(
        "公民身份号码应为 18 位，现为 %(length)s 位：请对照证件补全或删去多余的字符。"
    ),
    Problem.LEGACY_15: _(
        "这是 15 位的第一代身份证号码，已于 2013 年 1 月 1 日停止使用：请填写第二代身份证上的"
        " 18 位号码（由此推算应为 %(upgraded)s，请以证件为准）。"
    ),
    Problem.FORMAT: _("公民身份号码的前 17 位只能是数字，最后一位是数字或 X：请核对后重新填写。"),
    Problem.BIRTH_DATE_INVALID: _(
        "公民身份号码第 7–14 位的出生日期“%(digits)s”不是真实的日期：请核对这 8 位。"
    ),
    Problem.BIRTH_DATE_FUTURE: _("公民身份号码中的出生日期 %(date)s 晚于今天：请核对第 7–14 位。"),
    Problem.BIRTH_DATE_TOO_EARLY: _(
        "公民身份号码中的出生日期 %(date)s 早于 1900 年：请核对第 7–14 位。"
    ),
    Problem.CHECK_DIGIT: _(
        "公民身份号码的最后一位（校验码）与前 17 位不符：多为抄错一位或相邻两位颠倒，"
        "请对照证件逐位核对。"
    ),
    Problem.AREA_UNKNOWN: _(
        "公民身份号码前 6 位的地址码 %(area)s 不在行政区划代码表中：请对照证件核对；"
        "与证件一致时可照常保存。"
    ),
}


@dataclass(frozen=True)
class Finding:
    problem: Problem
    params: dict[str, str] = field(default_factory=dict)

    @property
    def is_error(self) -> bool:
        return self.problem not in WARNINGS

    @property
    def template(self) -> str:
        """The untranslated message template (fill with `params` after translating)."""
        return MESSAGES[self.problem]


@dataclass(frozen=True)
class ResidentIdCheck:
    """The normalised number, what is wrong with it, and what could be read from it."""

    number: str
    findings: tuple[Finding, ...]
    birth_date: date | None = None
    area_name: str = ""

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.is_error)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if not f.is_error)

    @property
    def is_valid(self) -> bool:
        return not self.errors


def resident_id_normalise(value: str) -> str:
    """Full-width digits and letters (typed with a Chinese IME) become ASCII; spaces go; x → X."""
    text = unicodedata.normalize("NFKC", value or "")
    return "".join(text.split()).upper()


def resident_id_check_digit(first17: str) -> str:
    """The GB 11643 check digit of 17 digits (ISO 7064 MOD 11-2)."""
    total = sum(int(digit) * weight for digit, weight in zip(first17, _WEIGHTS, strict=True))
    return _CHECK[total % 11]


def resident_id_from_legacy(number15: str) -> str:
    """The 18-digit form of a 15-digit number: the year gains "19" and a check digit is added
    (first-generation cards were issued only to people born in the 1900s)."""
    first17 = f"{number15[:6]}19{number15[6:]}"
    return first17 + resident_id_check_digit(first17)


def resident_id_check(value: str, *, today: date) -> ResidentIdCheck:
    """Every finding about `value`; `today` bounds the birth date (pass the local date)."""
    number = resident_id_normalise(value)
    if len(number) == 15 and number.isascii() and number.isdigit():
        return ResidentIdCheck(
            number,
            (Finding(Problem.LEGACY_15, {"upgraded": resident_id_from_legacy(number)}),),
        )
    if len(number) != 18:
        return ResidentIdCheck(number, (Finding(Problem.LENGTH, {"length": str(len(number))}),))
    if not (number[:17].isascii() and number[:17].isdigit() and number[17] in "0123456789X"):
        return ResidentIdCheck(number, (Finding(Problem.FORMAT),))
    digits = number[6:14]
    try:
        born = date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        return ResidentIdCheck(number, (Finding(Problem.BIRTH_DATE_INVALID, {"digits": digits}),))
    findings: list[Finding] = []
    if born > today:
        findings.append(Finding(Problem.BIRTH_DATE_FUTURE, {"date": born.isoformat()}))
    elif born < EARLIEST_BIRTH:
        findings.append(Finding(Problem.BIRTH_DATE_TOO_EARLY, {"date": born.isoformat()}))
    if number[17] != resident_id_check_digit(number[:17]):
        findings.append(Finding(Problem.CHECK_DIGIT))
    area = number[:6]
    area_name = area_name_of(area)
    if not area_name:
        findings.append(Finding(Problem.AREA_UNKNOWN, {"area": area}))
    return ResidentIdCheck(number, tuple(findings), birth_date=born, area_name=area_name)


@cache
def area_name_of(code: str) -> str:
    """The name(s) a six-digit address code has had in GB/T 2260, at any time ("" if never).

    Read from python-stdnum's copy of the code table, which records each county's years of use;
    the years are deliberately ignored (see the module's docstring).
    """
    from stdnum import numdb

    parts = dict(numdb.get("cn/loc").info(code))
    province = parts.get(code[:2], {}).get("province", "")
    county = parts.get(code[2:], {}).get("county", "")
    if not (province and county):
        return ""
    names = [entry.split("]", 1)[-1] for entry in county.split(",")]
    return province + "/".join(dict.fromkeys(names))
