"""Well-formed sample applications, one per kind: the starting rows of tests and the benchmark.

Each builder returns an application that passes every rule; a test changes one thing with
`dataclasses.replace` and expects exactly the defect that change causes.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from hongdun.core.identity import resident_id_check_digit
from hongdun.registration.prereview.types import (
    ApplicationData,
    AuthorityData,
    ChangeItemData,
    DeregistrationData,
    EnterpriseFacts,
    MaterialData,
    MemberData,
    OfficerData,
    ReservationData,
    ScopeItemData,
    SubscriptionData,
)

AS_OF = date(2026, 11, 27)
KUNDULUN = AuthorityData(
    id=1,
    name="包头市市场监督管理局昆都仑区分局",
    division_code="150203",
    jurisdiction=frozenset({"150203"}),
)
# 股份有限公司 are registered at a city-level authority or above (实施细则第四条).
BAOTOU = AuthorityData(
    id=2,
    name="包头市市场监督管理局",
    division_code="150200",
    jurisdiction=frozenset({"150202", "150203", "150204", "150205", "150206", "150207"}),
)


def resident_id(serial: int, birth: str = "19850312", region: str = "150203") -> str:
    """A valid 18-character resident ID number (fictional) for the given serial."""
    first17 = f"{region}{birth}{serial % 1000:03d}"
    return first17 + resident_id_check_digit(first17)


GENERAL = ScopeItemData(wording="软件开发", code="I6511-01")
GENERAL_2 = ScopeItemData(wording="信息技术咨询服务", code="I6560-01")
PRE_PERMIT = ScopeItemData(
    wording="危险化学品经营",
    code="F5166-01",
    permit_stage="pre",
    permit_name="危险化学品经营许可",
    permit_authority="应急管理部门",
)
POST_PERMIT = ScopeItemData(
    wording="食品销售",
    code="F5122-01",
    permit_stage="post",
    permit_name="食品经营许可",
    permit_authority="市场监督管理部门",
)


def _materials(*kinds: str) -> tuple[MaterialData, ...]:
    return tuple(MaterialData(kind=k) for k in kinds)


# What a company's establishment needs (M1–M5), as the shipped rule file lists for llc and jsc.
COMPANY_MATERIAL_KINDS = (
    "application_form",
    "member_qualification",
    "address_proof",
    "articles",
    "appointment",
)
COMPANY_MATERIALS = _materials(*COMPANY_MATERIAL_KINDS)


def llc(as_of: date = AS_OF) -> ApplicationData:
    """Two shareholders, 1,000,000.00 yuan subscribed in money within five years."""
    due = as_of + timedelta(days=365 * 3)
    return ApplicationData(
        kind="establishment",
        entity_type="llc",
        authority=KUNDULUN,
        as_of=as_of,
        name="包头市青禾科技有限公司",
        reservation=ReservationData(
            name="包头市青禾科技有限公司",
            authority_id=KUNDULUN.id,
            status="reserved",
            reserved_until=as_of + timedelta(days=40),
            trade_name="青禾",
        ),
        registered_capital=Decimal("1000000.00"),
        address="内蒙古自治区包头市昆都仑区钢铁大街66号3号楼501室",
        address_division_code="150203",
        members=(
            MemberData(
                name="李青",
                role="shareholder",
                id_number=resident_id(1),
                subscriptions=(SubscriptionData(Decimal("600000.00"), "money", due),),
            ),
            MemberData(
                name="王禾",
                role="shareholder",
                id_number=resident_id(2),
                subscriptions=(
                    SubscriptionData(Decimal("300000.00"), "money", due),
                    SubscriptionData(Decimal("100000.00"), "intellectual_property", due),
                ),
            ),
        ),
        officers=(
            OfficerData(
                name="李青",
                id_number=resident_id(1),
                is_director=True,
                is_chair=True,
                is_manager=True,
                is_legal_representative=True,
            ),
            OfficerData(name="赵监", id_number=resident_id(3), is_supervisor=True),
        ),
        scope=(GENERAL, GENERAL_2),
        materials=COMPANY_MATERIALS,
    )


def jsc(as_of: date = AS_OF) -> ApplicationData:
    """A company limited by shares set up by promotion, promoters paid in full, at the city."""
    base = llc(as_of)
    return replace(
        base,
        entity_type="jsc",
        authority=BAOTOU,
        name="包头市青禾科技股份有限公司",
        reservation=replace(
            base.reservation,  # type: ignore[type-var]
            name="包头市青禾科技股份有限公司",
            authority_id=BAOTOU.id,
        ),
        members=tuple(
            replace(
                m,
                role="promoter",
                subscriptions=tuple(replace(s, paid_amount=s.amount) for s in m.subscriptions),
            )
            for m in base.members
        ),
        officers=(
            *base.officers,
            OfficerData(name="孙董", id_number=resident_id(4), is_director=True),
        ),
    )


def partnership(as_of: date = AS_OF) -> ApplicationData:
    base = llc(as_of)
    return replace(
        base,
        entity_type="partnership",
        name="包头市青禾咨询中心（有限合伙）",
        reservation=replace(base.reservation, name="包头市青禾咨询中心（有限合伙）"),  # type: ignore[type-var]
        registered_capital=None,
        members=(
            replace(base.members[0], role="general_partner"),
            replace(base.members[1], role="limited_partner"),
        ),
        officers=(
            OfficerData(name="李青", id_number=resident_id(1), is_legal_representative=True),
        ),
        materials=tuple(m for m in COMPANY_MATERIALS if m.kind != "appointment"),
    )


def individual_business(as_of: date = AS_OF) -> ApplicationData:
    base = llc(as_of)
    return replace(
        base,
        entity_type="individual_business",
        name="包头市昆都仑区青禾小吃店",
        reservation=replace(base.reservation, name="包头市昆都仑区青禾小吃店"),  # type: ignore[type-var]
        registered_capital=None,
        members=(MemberData(name="李青", role="operator", id_number=resident_id(1)),),
        officers=(
            OfficerData(name="李青", id_number=resident_id(1), is_legal_representative=True),
        ),
        scope=(GENERAL,),
        materials=_materials("application_form", "member_qualification", "address_proof"),
    )


def registered_llc(established_on: date = date(2019, 5, 20)) -> EnterpriseFacts:
    return EnterpriseFacts(
        name="包头市旧禾商贸有限公司",
        entity_type="llc",
        status="active",
        established_on=established_on,
        registered_capital=Decimal("500000.00"),
        authority_id=KUNDULUN.id,
        legal_rep_name="李青",
    )


def _about_registered_llc(kind: str, as_of: date, **fields: Any) -> ApplicationData:
    """An application about the registered llc (a change or a deregistration) at Kundulun."""
    return ApplicationData(
        kind=kind,
        entity_type="llc",
        authority=KUNDULUN,
        as_of=as_of,
        enterprise=registered_llc(),
        **fields,
    )


def change(as_of: date = AS_OF) -> ApplicationData:
    """A change of address within the district, decided ten days ago."""
    return _about_registered_llc(
        "change",
        as_of,
        address="内蒙古自治区包头市昆都仑区阿尔丁大街8号2层",
        address_division_code="150203",
        change_items=(
            ChangeItemData(
                "address",
                "内蒙古自治区包头市昆都仑区钢铁大街1号",
                "内蒙古自治区包头市昆都仑区阿尔丁大街8号2层",
            ),
        ),
        resolution_date=as_of - timedelta(days=10),
        materials=_materials("application_form", "resolution", "articles_amendment"),
    )


def deregistration(as_of: date = AS_OF) -> ApplicationData:
    """Ordinary deregistration after a liquidation that ended a week ago."""
    return _about_registered_llc(
        "deregistration",
        as_of,
        deregistration=DeregistrationData(
            mode="ordinary",
            reason="resolution",
            decision_date=as_of - timedelta(days=90),
            liquidation_committee_formed_on=as_of - timedelta(days=85),
            liquidation_committee_published_on=as_of - timedelta(days=80),
            liquidation_ended_on=as_of - timedelta(days=7),
            tax_cleared=True,
        ),
        materials=_materials(
            "application_form", "resolution", "liquidation_report", "tax_clearance"
        ),
    )


def simplified_deregistration(as_of: date = AS_OF) -> ApplicationData:
    """Simplified deregistration whose 20-day notice ended five days ago, with no objection."""
    notice_end = as_of - timedelta(days=5)
    return _about_registered_llc(
        "deregistration",
        as_of,
        deregistration=DeregistrationData(
            mode="simplified",
            reason="resolution",
            debts_settled=True,
            all_investors_committed=True,
            tax_cleared=True,
            notice_start=notice_end - timedelta(days=20),
            notice_end=notice_end,
        ),
        materials=_materials("application_form", "commitment"),
    )
