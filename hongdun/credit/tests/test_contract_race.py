"""Races of 守合同重信用 (PostgreSQL): two supervisors approve one application at once (one
publicity, the other told), and the enterprise submits twice at once (one open application)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from hongdun.accounts.models import User
from hongdun.accounts.roles import Role
from hongdun.credit.choices import ApplicationStatus
from hongdun.credit.models import ContractCreditApplication, ContractCreditPublicity
from hongdun.credit.services_contract import contract_approve
from hongdun.credit.tests import factories_contract as f
from hongdun.testing.race import needs_concurrent_connections, race, race_same

pytestmark = [pytest.mark.django_db(transaction=True), needs_concurrent_connections]


def test_two_approvals_one_publicity(bureau: Any, make_user: Callable[..., User]) -> None:
    a = make_user(Role.SUPERVISOR, bureau["kundulun"])
    b = make_user(Role.SUPERVISOR, bureau["kundulun"])
    applicant = make_user(Role.APPLICANT)
    enterprise = f.firm(bureau["kundulun"])
    f.authorise(applicant, enterprise)
    row = f.apply(applicant, enterprise)

    def approve(user: User) -> Callable[[], ContractCreditPublicity]:
        def go() -> ContractCreditPublicity:
            return contract_approve(
                actor=user,
                application=ContractCreditApplication.objects.get(pk=row.pk),
                today=f.TODAY,
            )

        return go

    outcome = race([approve(a), approve(b)])
    assert len(outcome.won) == 1, outcome
    assert len(outcome.refused) == 1, outcome
    assert not outcome.failed, outcome
    assert ContractCreditPublicity.objects.count() == 1
    row.refresh_from_db()
    assert row.status == ApplicationStatus.APPROVED


def test_two_submissions_one_open_application(bureau: Any, make_user: Callable[..., User]) -> None:
    applicant = make_user(Role.APPLICANT)
    enterprise = f.firm(bureau["kundulun"])
    f.authorise(applicant, enterprise)
    outcome = race_same(2, lambda: f.apply(applicant, enterprise))
    assert len(outcome.won) == 1, outcome
    assert len(outcome.refused) == 1, outcome
    assert not outcome.failed, outcome
    assert ContractCreditApplication.objects.filter(status=ApplicationStatus.SUBMITTED).count() == 1
