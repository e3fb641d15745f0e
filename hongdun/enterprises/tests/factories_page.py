"""Register facts for the public-record tests, written directly (the services that write them
belong to another part of issue 9); each save is stamped with its effective date, as the
register's services stamp theirs, so the history reads as the change record would."""

from datetime import date
from decimal import Decimal
from typing import Any

from hongdun.enterprises.choices import ContributionForm, IdType, MemberKind, MemberRole
from hongdun.enterprises.models import (
    Enterprise,
    EnterpriseBranch,
    EnterpriseContribution,
    EnterpriseInvestor,
    EnterpriseOfficer,
    LiquidationMember,
)
from hongdun.enterprises.services import history_stamp


def investor(
    enterprise: Enterprise,
    name: str,
    *,
    on: date | None = None,
    kind: str = MemberKind.NATURAL_PERSON,
    role: str = MemberRole.SHAREHOLDER,
    id_number: str = "150203198001019999",
    subscribed: Decimal = Decimal("600000.00"),
    paid: Decimal = Decimal("200000.00"),
    form: str = ContributionForm.MONEY,
    position: int = 0,
) -> EnterpriseInvestor:
    when = on or enterprise.established_on
    row = EnterpriseInvestor(
        enterprise=enterprise,
        name=name,
        kind=kind,
        role=role,
        id_type=IdType.USCC if kind == MemberKind.LEGAL_ENTITY else IdType.RESIDENT_ID,
        id_number=id_number,
        position=position,
    )
    history_stamp(row, on=when)
    row.save()
    contribution = EnterpriseContribution(
        investor=row,
        subscribed_amount=subscribed,
        form=form,
        subscribed_due=date(2035, 12, 31),
        paid_amount=paid,
        paid_on=when if paid else None,
    )
    history_stamp(contribution, on=when)
    contribution.save()
    return row


def officer(
    enterprise: Enterprise,
    name: str,
    *,
    on: date | None = None,
    id_number: str = "150203197505058888",
    **posts: bool,
) -> EnterpriseOfficer:
    row = EnterpriseOfficer(enterprise=enterprise, name=name, id_number=id_number, **posts)
    history_stamp(row, on=on or enterprise.established_on)
    row.save()
    return row


def change(row: Any, *, on: date, **values: Any) -> Any:
    for key, value in values.items():
        setattr(row, key, value)
    history_stamp(row, on=on)
    row.save()
    return row


def remove(row: Any, *, on: date) -> None:
    history_stamp(row, on=on)
    row.delete()


def branch(enterprise: Enterprise, name: str, *, uscc: str = "", on: date) -> EnterpriseBranch:
    return EnterpriseBranch.objects.create(
        enterprise=enterprise,
        name=name,
        uscc=uscc,
        registration_authority_name="包头市市场监督管理局昆都仑区分局",
        recorded_on=on,
    )


def liquidation_member(
    enterprise: Enterprise, name: str, *, leader: bool = False, on: date
) -> LiquidationMember:
    return LiquidationMember.objects.create(
        enterprise=enterprise, name=name, is_leader=leader, phone="13800000000", recorded_on=on
    )
