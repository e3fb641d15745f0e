"""The engine's inputs and outputs: frozen dataclasses, no Django. Shared by every engine module.

Verdict order (docs/rules/names.md §2.3): prohibited → restricted → identical → similar → pass.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date


class Verdict(enum.StrEnum):
    PASS = "pass"  # noqa: S105 - a verdict, not a password
    SIMILAR = "similar"
    IDENTICAL = "identical"
    RESTRICTED = "restricted"
    PROHIBITED = "prohibited"

    @property
    def severity(self) -> int:
        """Higher is worse; the overall verdict is the most severe finding's."""
        return _SEVERITY[self]


_SEVERITY = {
    Verdict.PASS: 0,
    Verdict.SIMILAR: 1,
    Verdict.IDENTICAL: 2,
    Verdict.RESTRICTED: 3,
    Verdict.PROHIBITED: 4,
}


class NameStatus(enum.StrEnum):
    """Status of a stored name, as far as conflicts care (GD2020 Arts 17–18)."""

    REGISTERED = "registered"  # a live enterprise's current name
    RESERVED = "reserved"  # reserved through name declaration until `until`
    DEREGISTERED = "deregistered"  # enterprise deregistered on `status_date`
    RENAMED = "renamed"  # a former name, given up on `status_date`
    # 撤销登记 (条例第四十条): the registration or the change of name was revoked on `status_date`
    # and the name given up (GD2020 第十七条(三)). Not 吊销营业执照 (licence revoked): such an
    # enterprise still exists and its name stays REGISTERED until it is deregistered.
    REGISTRATION_REVOKED = "registration_revoked"


@dataclass(frozen=True, slots=True)
class ParsedName:
    """A name cut into its parts (docs/rules/names.md §2.1). Empty string = part absent."""

    raw: str
    normalized: str  # NFKC, brackets unified to full-width （）, spaces removed
    region: str = ""  # as written, e.g. "包头市", "北京", "内蒙古自治区包头市"
    region_position: str = ""  # "prefix" | "bracket" | ""
    trade_name: str = ""  # 字号
    industry: str = ""  # as written, e.g. "机械设备", "酒业发展"
    industry_key: str = ""  # canonical key after synonyms/stems, e.g. "房地产" for 置业/地产
    form: str = ""  # organisational form, e.g. "有限公司", "（有限合伙）", "厂"
    group_marker: str = ""  # "集团" or "（集团）" before the form
    branch_parent: str = ""  # for branches: the parent's full name
    branch_locality: str = ""  # e.g. "合肥", "昆都仑"
    branch_suffix: str = ""  # e.g. "分公司"
    fie_marker: bool = False  # "（中国）" after the trade name


@dataclass(frozen=True, slots=True)
class Finding:
    """One rule that fired, with what a clerk or an applicant needs to act on it."""

    rule: str  # rule id from docs/rules/names.md, e.g. "C-SAME-1", "N-ZIHAO-1", "P-4"
    verdict: Verdict
    article: str  # the cited provision, e.g. "《企业名称登记管理规定》第十七条"
    message: str  # plain Chinese explanation of what is wrong
    fix: str  # what to change
    part: str = ""  # the offending part of the name, e.g. the 字号 or a word
    conflicts: tuple[str, ...] = ()  # conflicting stored names (at most a few, most relevant first)


@dataclass(frozen=True, slots=True)
class CheckResult:
    name: str
    parsed: ParsedName
    verdict: Verdict
    findings: tuple[Finding, ...] = ()


@dataclass(frozen=True, slots=True)
class StoredName:
    """A name the index knows: registered, reserved, or recently given up."""

    id: int  # stable id (enterprise id, reservation id, or history id) chosen by the caller
    name: str
    registry: str  # registration authority key, e.g. division code "150203"
    status: NameStatus = NameStatus.REGISTERED
    status_date: date | None = None  # when deregistered / renamed / revoked
    reserved_until: date | None = None  # for RESERVED
    owner: str = ""  # opaque key of the holder (USCC or applicant id), for the exception inputs


@dataclass(frozen=True, slots=True)
class CheckContext:
    """Who is asking, where, and which exceptions (docs/rules/names.md §1.8) apply."""

    registry: str
    industry: str = ""  # the applicant's declared industry (optional; parsed industry otherwise)
    as_of: date | None = None  # the day of the check (status windows are counted from it)
    related_owners: frozenset[str] = frozenset()  # owners with an investment relation/authorisation
    transferred_names: frozenset[str] = frozenset()  # names transferred to the applicant
    own_owner: str = ""  # the applicant's own key: its own names never conflict with it


@dataclass(frozen=True, slots=True)
class EngineConfig:
    """Deployment switches; all UNVERIFIED rules are data or switches, not code."""

    similar_blocks: bool = False  # C-MODE: `similar` is a warning unless set
    legacy_guoji_prefix: bool = False  # treat a "国际" prefix as restricted
    heuristics: frozenset[str] = field(
        default_factory=lambda: frozenset(
            {"H-NEW-OLD", "H-CONTAINS-2IN3", "H-LOOKALIKE", "H-FORM-ONLY", "H-ORDER"}
        )
    )
    # C-SAME-1 (二)(三) "未满一年": a name given up stays protected for this many calendar years,
    # counted by the Civil Code's period rules (民法典第二百零一条、第二百零二条): the day of the
    # event is not counted and the period ends at the end of the corresponding day (the month's
    # last day where there is none, e.g. 29 February). See `protection_end`.
    protection_years: int = 1
    # N-CHAR-1: whether the 间隔号 `·` may appear (transliterated personal names used as 字号,
    # 实施办法 2023 第十条第三款). A deployment that never registers such names turns it off.
    allow_middle_dot: bool = True
    # Same 字号 + synonymous industry wording (万青地产/万青置业): BD2017 Art 4(一) says 相近
    # (similar, the default); set to read GD2020 Art 17 "同行业" strictly and report identical.
    synonym_industry_identical: bool = False
