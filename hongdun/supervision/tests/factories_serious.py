"""Rows of the serious-violation list for tests: enterprises through the register's service,
abnormal listings in force as the abnormal lane's decision leaves them (status, date, number),
proposals through the services or as the scheduled run writes them."""

from __future__ import annotations

import datetime
import itertools
from typing import Any

from hongdun.accounts.models import User
from hongdun.enterprises.models import Enterprise
from hongdun.enterprises.tests.factories import register
from hongdun.orgs.models import Unit
from hongdun.registration.models import EnterpriseAuthorisation
from hongdun.supervision.choices import (
    AbnormalReason,
    ListingSource,
    ListingStatus,
    SeriousGround,
)
from hongdun.supervision.engine.deadlines import serious_decision_due, serious_mark
from hongdun.supervision.models import AbnormalListing, SeriousListing
from hongdun.supervision.rules import add_working_days, supervision_rules
from hongdun.supervision.standing import refresh_standing

_numbers = itertools.count(1)


def enterprise(authority: Unit, name: str = "", **extra: Any) -> Enterprise:
    n = next(_numbers)
    return register(
        name or f"包头市严重测试{n:03d}商贸有限公司",
        authority,
        legal_rep_name=extra.pop("legal_rep_name", f"法人{n}"),
        legal_rep_id_number=extra.pop("legal_rep_id_number", f"15020319800101{n:04d}"),
        **extra,
    )


def abnormal_listed(
    firm: Enterprise,
    *,
    listed_on: datetime.date,
    reason: int = AbnormalReason.NOT_FILED,
) -> AbnormalListing:
    """An abnormal listing in force (as `abnormal_confirm` leaves it) and the register's flags."""
    row = AbnormalListing.objects.create(
        enterprise=firm,
        reason=reason,
        status=ListingStatus.LISTED,
        source=ListingSource.SCHEDULED
        if reason == AbnormalReason.NOT_FILED
        else ListingSource.CLERK,
        report_year=listed_on.year - 1 if reason == AbnormalReason.NOT_FILED else None,
        facts="" if reason == AbnormalReason.NOT_FILED else "退信",
        basis_on=listed_on,
        decision_due_on=listed_on,
        authority_id=firm.registration_authority_id,
        listed_on=listed_on,
        document_number=f"包市监异字〔{listed_on.year}〕{next(_numbers)}号",
    )
    refresh_standing([firm.pk])
    return row


def escalation(abnormal: AbnormalListing) -> SeriousListing:
    """The candidate the scheduled run writes at the three-year mark."""
    assert abnormal.listed_on is not None
    mark = serious_mark(supervision_rules(), abnormal.listed_on)
    return SeriousListing.objects.create(
        enterprise=abnormal.enterprise,
        ground=SeriousGround.ABNORMAL_THREE_YEARS,
        abnormal_listing=abnormal,
        source=ListingSource.SCHEDULED,
        basis_on=mark,
        decision_due_on=serious_decision_due(supervision_rules(), mark, add_working_days),
        authority_id=abnormal.authority_id,
    )


def authorise(user: User, firm: Enterprise) -> EnterpriseAuthorisation:
    return EnterpriseAuthorisation.objects.create(
        enterprise=firm, user=user, basis=EnterpriseAuthorisation.Basis.LEGAL_REPRESENTATIVE
    )
