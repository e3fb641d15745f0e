"""Inputs and outputs of the pre-review: frozen dataclasses, no Django.

The Django layer (`registration.prereview_adapter`) reads an application, its reservation or
enterprise, the catalogue and the disqualification list, and builds an `ApplicationData`; the
rules read nothing else. Amounts are `Decimal` to the cent; dates are `date`.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any


class Severity(enum.StrEnum):
    """`error` blocks submission; `manual` passes it flagged for the clerk; `warning` advises."""

    ERROR = "error"
    MANUAL = "manual"
    WARNING = "warning"


class Section(enum.StrEnum):
    """The part of the application form a defect belongs to (for showing it beside the field)."""

    BASIC = "basic"
    NAME = "name"
    CAPITAL = "capital"
    MEMBERS = "members"
    OFFICERS = "officers"
    SCOPE = "scope"
    MATERIALS = "materials"
    CHANGE = "change"
    DEREGISTRATION = "deregistration"


@dataclass(frozen=True, slots=True)
class Defect:
    """One defect of the one-time list (一次性告知).

    `message` and `fix` are Chinese templates marked for translation, with `%(name)s`
    placeholders filled from `params`; the Django layer translates and fills them.
    `field` is a path into the application: "registered_capital",
    "members.0.subscriptions.1.due_date", "officers.2", "scope.3", "materials.articles",
    "deregistration.on_abnormal_list".
    """

    rule: str
    field: str
    section: Section
    severity: Severity
    article: str
    message: str
    fix: str
    params: Mapping[str, Any] = dataclasses.field(default_factory=dict)

    @property
    def blocks(self) -> bool:
        return self.severity == Severity.ERROR


@dataclass(frozen=True, slots=True)
class SubscriptionData:
    amount: Decimal
    form: str
    due_date: date | None = None
    paid_amount: Decimal = Decimal("0")


@dataclass(frozen=True, slots=True)
class MemberData:
    name: str
    role: str
    kind: str = "natural_person"
    id_type: str = "resident_id"
    id_number: str = ""
    subscriptions: tuple[SubscriptionData, ...] = ()


@dataclass(frozen=True, slots=True)
class OfficerData:
    name: str
    id_type: str = "resident_id"
    id_number: str = ""
    is_director: bool = False
    is_chair: bool = False
    is_supervisor: bool = False
    is_manager: bool = False
    is_other_senior_manager: bool = False
    is_legal_representative: bool = False

    @property
    def is_senior_manager(self) -> bool:
        return self.is_manager or self.is_other_senior_manager


@dataclass(frozen=True, slots=True)
class ScopeItemData:
    """An applied scope entry. `code` empty or `in_catalogue` false = free text, not allowed."""

    wording: str
    code: str = ""
    in_catalogue: bool = True
    active: bool = True
    permit_stage: str = "none"  # none | pre | post
    permit_name: str = ""
    permit_authority: str = ""


@dataclass(frozen=True, slots=True)
class MaterialData:
    kind: str
    scope_code: str = ""
    issued_on: date | None = None
    valid_until: date | None = None


@dataclass(frozen=True, slots=True)
class ReservationData:
    """The name reservation used: its state as of the check, and the engine's parse of the name."""

    name: str
    authority_id: int
    status: str  # namecheck ReservationStatus value
    reserved_until: date | None
    trade_name: str
    needs_pre_approval: bool = False
    owned_by_applicant: bool = True


@dataclass(frozen=True, slots=True)
class NameRegionData:
    """N-REGION-1 as the name engine read the name at this authority (《企业名称登记管理规定》
    第七条): the region written in the name is not where the enterprise is. The Django layer runs
    the engine's rule with the authority's division code; the pre-review only reports it."""

    region: str  # the region as written in the name, e.g. "上海", "杭州市西湖区"
    seat: str  # the authority's division, e.g. "昆都仑区"


@dataclass(frozen=True, slots=True)
class AuthorityData:
    """The competent authority and the county-level division codes its jurisdiction covers."""

    id: int
    name: str
    division_code: str
    jurisdiction: frozenset[str]


@dataclass(frozen=True, slots=True)
class EnterpriseFacts:
    """What the register says about the target enterprise of a change or deregistration."""

    name: str
    entity_type: str
    status: str  # enterprises EnterpriseStatus value
    established_on: date
    registered_capital: Decimal | None = None
    authority_id: int = 0
    legal_rep_name: str = ""
    listed_unreachable: bool = False  # 通过登记的住所无法联系 (实施细则第二十条第二款)


@dataclass(frozen=True, slots=True)
class ChangeItemData:
    item: str
    old_value: str = ""
    new_value: str = ""


@dataclass(frozen=True, slots=True)
class DeregistrationData:
    mode: str  # ordinary | simplified
    reason: str = ""
    decision_date: date | None = None
    liquidation_required: bool = True
    liquidation_committee_formed_on: date | None = None
    liquidation_committee_published_on: date | None = None
    liquidation_ended_on: date | None = None
    tax_cleared: bool = False
    debts_settled: bool = False
    all_investors_committed: bool = False
    branches_deregistered: bool = True
    on_abnormal_list: bool = False
    on_serious_violation_list: bool = False
    equity_frozen_or_pledged: bool = False
    has_chattel_mortgage: bool = False
    has_outside_investments: bool = False
    under_investigation: bool = False
    in_litigation: bool = False
    penalty_unexecuted: bool = False
    needs_approval: bool = False
    # The simplified notice, when it has been published.
    notice_start: date | None = None
    notice_end: date | None = None
    objections_open: int = 0  # pending or upheld objections to the notice


@dataclass(frozen=True, slots=True)
class Disqualification:
    ground: str  # DisqualificationGround value
    barred_until: date | None = None  # None = no end date


class Phase(enum.StrEnum):
    """What the applicant is about to do: publish a 简易注销 notice, or file the application."""

    SUBMIT = "submit"
    PUBLISH_NOTICE = "publish_notice"


@dataclass(frozen=True, slots=True)
class ApplicationData:
    kind: str  # establishment | change | deregistration
    entity_type: str
    authority: AuthorityData
    as_of: date  # the check date; for establishment, the expected licence date
    phase: Phase = Phase.SUBMIT
    name: str = ""
    reservation: ReservationData | None = None
    # Set when the name's region is not where the authority is (None: the name is located here,
    # has no region, or was not read).
    name_region: NameRegionData | None = None
    enterprise: EnterpriseFacts | None = None
    parent_enterprise: EnterpriseFacts | None = None
    registered_capital: Decimal | None = None
    currency: str = "CNY"
    is_foreign_invested: bool = False
    jsc_by_public_offering: bool = False
    address: str = ""
    address_division_code: str = ""
    no_supervisor: bool = False
    audit_committee: bool = False
    members: tuple[MemberData, ...] = ()
    officers: tuple[OfficerData, ...] = ()
    scope: tuple[ScopeItemData, ...] = ()
    materials: tuple[MaterialData, ...] = ()
    change_items: tuple[ChangeItemData, ...] = ()
    resolution_date: date | None = None
    new_legal_rep_signed: bool = False
    capital_reduction_notice_on: date | None = None
    deregistration: DeregistrationData | None = None
    disqualifications: Mapping[str, tuple[Disqualification, ...]] = dataclasses.field(
        default_factory=dict
    )
