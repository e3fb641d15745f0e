"""Rows of 守合同重信用 for tests: enterprises through the register's service, authorised users,
applications through the service, and past publicities as approval and its endings leave them."""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal
from typing import Any

from hongdun.accounts.models import User
from hongdun.credit.choices import ApplicationStatus, ContractLevel, PublicityStatus
from hongdun.credit.models import ContractCreditApplication, ContractCreditPublicity
from hongdun.credit.services_contract import contract_apply
from hongdun.enterprises.models import Enterprise
from hongdun.enterprises.tests.factories import register
from hongdun.orgs.models import Unit
from hongdun.registration.models import EnterpriseAuthorisation
from hongdun.supervision.engine.deadlines import years_after

TODAY = datetime.date(2026, 6, 1)
_numbers = itertools.count(1)


def firm(
    authority: Unit, *, established_on: datetime.date = datetime.date(2015, 3, 1), name: str = ""
) -> Enterprise:
    n = next(_numbers)
    return register(
        name or f"包头市守重测试{n:03d}商贸有限公司",
        authority,
        established_on=established_on,
        legal_rep_name=f"法人{n}",
        legal_rep_id_number=f"15020319800101{n:04d}",
    )


def authorise(user: User, enterprise: Enterprise) -> EnterpriseAuthorisation:
    return EnterpriseAuthorisation.objects.create(
        enterprise=enterprise, user=user, basis=EnterpriseAuthorisation.Basis.LEGAL_REPRESENTATIVE
    )


def apply(
    user: User, enterprise: Enterprise, *, today: datetime.date = TODAY, **overrides: Any
) -> ContractCreditApplication:
    data: dict[str, Any] = {
        "year": today.year,
        "level": ContractLevel.A,
        "contract_management": "设合同管理科，专职合同管理员2名，合同台账按月归档。",
        "contracts_signed": 120,
        "contracts_performed": 120,
        "revenue": Decimal("3500.00"),
        "consent_to_publish": True,
        "leading_exception": "",
        "leading_evidence": "",
    }
    data.update(overrides)
    return contract_apply(actor=user, enterprise=enterprise, today=today, **data)


def publicity(
    enterprise: Enterprise,
    *,
    year: int,
    level: str = ContractLevel.A,
    status: str = PublicityStatus.EXPIRED,
    published_on: datetime.date | None = None,
    ended_on: datetime.date | None = None,
    end_reason: str = "",
) -> ContractCreditPublicity:
    """A past (or running) publicity with its approved application."""
    published = published_on or datetime.date(year, 5, 1)
    application = ContractCreditApplication.objects.create(
        enterprise=enterprise,
        authority_id=enterprise.registration_authority_id,
        year=year,
        level=level,
        contract_management="合同管理制度健全。",
        contracts_signed=10,
        contracts_performed=10,
        revenue=Decimal("100.00"),
        consent_to_publish=True,
        status=ApplicationStatus.APPROVED,
    )
    return ContractCreditPublicity.objects.create(
        enterprise=enterprise,
        application=application,
        authority_id=enterprise.registration_authority_id,
        level=level,
        year=year,
        published_on=published,
        expires_on=years_after(published, 2) - datetime.timedelta(days=1),
        status=status,
        ended_on=ended_on,
        end_reason=end_reason,
    )
