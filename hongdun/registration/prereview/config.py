"""Rule data: thresholds, tables and UNVERIFIED choices, from `data/rules.json` or a given file.

Everything the law leaves to the deployment (and every rule docs/rules/registration.md marks
UNVERIFIED) is here, so a bureau changes behaviour by editing data, not code.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from hongdun.orgs.levels import AuthorityLevel

DEFAULT_RULES_FILE = Path(__file__).resolve().parent / "data" / "rules.json"


class RuleConfigError(ValueError):
    """The rule file is missing a key or has a value of the wrong kind."""


@dataclass(frozen=True, slots=True)
class Delegation:
    """A higher authority hands the registration of an entity type to a lower one
    (《市场主体登记管理条例实施细则》第四条第二款), by a document, for a period."""

    entity_type: str
    division_code: str  # the authority that may now register it
    document: str  # the delegating decision (文号), shown in the file
    valid_from: date
    valid_until: date | None = None  # None: until revoked

    def in_force(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)

    @classmethod
    def from_mapping(cls, raw: Mapping[str, Any]) -> Delegation:
        until = raw.get("valid_until")
        delegation = cls(
            entity_type=str(raw["entity_type"]),
            division_code=str(raw["division_code"]),
            document=str(raw["document"]),
            valid_from=date.fromisoformat(raw["valid_from"]),
            valid_until=date.fromisoformat(until) if until else None,
        )
        if not delegation.document.strip():
            raise ValueError("a delegation must name its document")
        return delegation


@dataclass(frozen=True, slots=True)
class RuleConfig:
    contribution_years: int
    five_year_types: frozenset[str]
    capital_equals_sum_types: frozenset[str]
    capital_required_types: frozenset[str]
    capital_forbidden_types: frozenset[str]
    full_payment_types: frozenset[str]
    abnormal_capital_threshold: Decimal
    member_counts: Mapping[str, tuple[int, int | None]]
    member_roles: Mapping[str, frozenset[str]]
    natural_person_only_types: frozenset[str]
    min_general_partners: int
    limited_partnership_max_members: int
    forbidden_forms: Mapping[str, frozenset[str]]
    legacy_cutoff: date
    legacy_llc_latest_due: date
    legacy_jsc_pay_by: date
    pre_approval_stale_days: int
    change_resolution_days: int
    capital_reduction_notice_days: int
    simplified_notice_days: int
    simplified_final_window_days: int
    individual_objection_days: int
    deregistration_after_liquidation_days: int
    liquidation_committee_publish_days: int
    company_types: frozenset[str]
    required_materials: Mapping[str, Any]
    articles_change_items: frozenset[str]
    change_items_for_types: Mapping[str, frozenset[str]]
    name_forms: Mapping[str, tuple[tuple[str, ...], tuple[str, ...]]]
    reserved_prefixes: tuple[str, ...]
    min_trade_name_chars: int
    disqualification_severity: str
    disqualification_posts: Mapping[str, frozenset[str]]
    check_jurisdiction: bool
    address_min_chars: int
    address_separators: tuple[str, ...]
    min_scope_entries: int
    # 实施细则第四条: the lowest authority level that registers each entity type (absent = any).
    authority_levels: Mapping[str, AuthorityLevel]
    delegations: tuple[Delegation, ...]

    @classmethod
    def from_mapping(cls, raw: Mapping[str, Any]) -> RuleConfig:
        try:
            return cls(
                contribution_years=int(raw["contribution_years"]),
                five_year_types=frozenset(raw["five_year_types"]),
                capital_equals_sum_types=frozenset(raw["capital_equals_sum_types"]),
                capital_required_types=frozenset(raw["capital_required_types"]),
                capital_forbidden_types=frozenset(raw["capital_forbidden_types"]),
                full_payment_types=frozenset(raw["full_payment_types"]),
                abnormal_capital_threshold=Decimal(str(raw["abnormal_capital_threshold"])),
                member_counts={
                    k: (int(v[0]), None if v[1] is None else int(v[1]))
                    for k, v in raw["member_counts"].items()
                },
                member_roles={k: frozenset(v) for k, v in raw["member_roles"].items()},
                natural_person_only_types=frozenset(raw["natural_person_only_types"]),
                min_general_partners=int(raw["min_general_partners"]),
                limited_partnership_max_members=int(raw["limited_partnership_max_members"]),
                forbidden_forms={k: frozenset(v) for k, v in raw["forbidden_forms"].items()},
                legacy_cutoff=date.fromisoformat(raw["legacy_cutoff"]),
                legacy_llc_latest_due=date.fromisoformat(raw["legacy_llc_latest_due"]),
                legacy_jsc_pay_by=date.fromisoformat(raw["legacy_jsc_pay_by"]),
                pre_approval_stale_days=int(raw["pre_approval_stale_days"]),
                change_resolution_days=int(raw["change_resolution_days"]),
                capital_reduction_notice_days=int(raw["capital_reduction_notice_days"]),
                simplified_notice_days=int(raw["simplified_notice_days"]),
                simplified_final_window_days=int(raw["simplified_final_window_days"]),
                individual_objection_days=int(raw["individual_objection_days"]),
                deregistration_after_liquidation_days=int(
                    raw["deregistration_after_liquidation_days"]
                ),
                liquidation_committee_publish_days=int(raw["liquidation_committee_publish_days"]),
                company_types=frozenset(raw["company_types"]),
                required_materials=raw["required_materials"],
                articles_change_items=frozenset(raw["articles_change_items"]),
                change_items_for_types={
                    k: frozenset(v) for k, v in raw["change_items_for_types"].items()
                },
                name_forms={
                    k: (tuple(v["endings"]), tuple(v["forbidden"]))
                    for k, v in raw["name_forms"].items()
                },
                reserved_prefixes=tuple(raw["reserved_prefixes"]),
                min_trade_name_chars=int(raw["min_trade_name_chars"]),
                disqualification_severity=str(raw["disqualification_severity"]),
                disqualification_posts={
                    k: frozenset(v) for k, v in raw["disqualification_posts"].items()
                },
                check_jurisdiction=bool(raw["check_jurisdiction"]),
                address_min_chars=int(raw["address_min_chars"]),
                address_separators=tuple(raw["address_separators"]),
                min_scope_entries=int(raw["min_scope_entries"]),
                authority_levels={k: AuthorityLevel(v) for k, v in raw["authority_levels"].items()},
                delegations=tuple(Delegation.from_mapping(d) for d in raw["delegations"]),
            )
        except (KeyError, TypeError, ValueError, ArithmeticError) as error:
            raise RuleConfigError(f"invalid pre-review rule data: {error!r}") from error

    def replace(self, **changes: Any) -> RuleConfig:
        """A copy with some values changed (tests and deployments that tweak one threshold)."""
        values = {name: getattr(self, name) for name in self.__dataclass_fields__}
        values.update(changes)
        return RuleConfig(**values)


def load_rules_file(path: Path | str) -> RuleConfig:
    with Path(path).open(encoding="utf-8") as handle:
        return RuleConfig.from_mapping(json.load(handle))


@cache
def default_rules() -> RuleConfig:
    return load_rules_file(DEFAULT_RULES_FILE)
