"""The administrative level of a registration authority, read from its GB/T 2260 division code.

Which level may decide a matter is law (e.g. 《市场主体登记管理条例实施细则》第四条: 股份有限公司
登记由地市级以上登记机关负责; 《企业名称登记管理规定》第十二条: 冠"中国"等 needs 国务院 approval),
so rules compare levels, not unit kinds. The level follows from the division code alone: a code
ending in "0000" is a province, one ending in "00" a prefecture-level city, anything else a county,
county-level city or 市辖区. `NATIONAL` is above every local authority (国务院, and
国家市场监督管理总局 for it); no unit of a local bureau has it. No Django import: the pure
engines use it too.
"""

from __future__ import annotations

import enum


def _(message: str) -> str:
    """Marks a string for `makemessages` without importing Django; callers translate it."""
    return message


class AuthorityLevel(enum.StrEnum):
    COUNTY = "county"
    CITY = "city"
    PROVINCE = "province"
    NATIONAL = "national"

    @property
    def rank(self) -> int:
        return _RANK[self]

    def covers(self, required: AuthorityLevel) -> bool:
        """Whether an authority at this level may decide a matter that needs `required`."""
        return self.rank >= required.rank


_RANK = {
    AuthorityLevel.COUNTY: 0,
    AuthorityLevel.CITY: 1,
    AuthorityLevel.PROVINCE: 2,
    AuthorityLevel.NATIONAL: 3,
}

# How the levels are named to users, as in "地市级以上登记机关" (the Django layer translates).
LEVEL_NAMES = {
    AuthorityLevel.COUNTY: _("县级"),
    AuthorityLevel.CITY: _("地市级"),
    AuthorityLevel.PROVINCE: _("省级"),
    AuthorityLevel.NATIONAL: _("国家"),
}


def division_level(division_code: str) -> AuthorityLevel:
    """The level of a 6-digit division code; ValueError for anything else."""
    code = (division_code or "").strip()
    if len(code) != 6 or not code.isdigit():
        raise ValueError(f"not a 6-digit division code: {division_code!r}")
    if code.endswith("0000"):
        return AuthorityLevel.PROVINCE
    if code.endswith("00"):
        return AuthorityLevel.CITY
    return AuthorityLevel.COUNTY
