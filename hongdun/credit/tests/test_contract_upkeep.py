"""守合同重信用 upkeep: the scheduled step expires and revokes set-based and idempotently, its dry
run counts only, penalties revoke once a penalty register answers, and a confirmed listing
revokes at once (the post_save receiver, after commit)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.db.models import QuerySet
from django.utils import timezone

from hongdun.accounts.models import User
from hongdun.accounts.roles import Role
from hongdun.core.models import AuditLog, Notification
from hongdun.credit.choices import ContractLevel, PublicityStatus
from hongdun.credit.models import ContractCreditPublicity
from hongdun.credit.services_contract import (
    contract_approve,
    contract_upkeep,
    register_penalty_source,
    unregister_penalty_source,
)
from hongdun.credit.tests import factories_contract as f
from hongdun.enterprises.models import Enterprise
from hongdun.supervision import jobs
from hongdun.supervision.choices import JobName, SeriousGround
from hongdun.supervision.models import ScheduledRun
from hongdun.supervision.services_serious import serious_confirm, serious_propose
from hongdun.supervision.tests.factories_serious import abnormal_listed

pytestmark = pytest.mark.django_db

D = datetime.date
DAY = D(2026, 6, 1)


@pytest.fixture
def applicant(make_user: Callable[..., User]) -> User:
    return make_user(Role.APPLICANT)


@pytest.fixture
def firms(bureau: Any, applicant: User) -> list[Enterprise]:
    made = [f.firm(bureau["kundulun"]) for _ in range(4)]
    for enterprise in made:
        f.authorise(applicant, enterprise)
    return made


def _active(enterprise: Enterprise, published_on: datetime.date) -> ContractCreditPublicity:
    return f.publicity(
        enterprise,
        year=published_on.year,
        status=PublicityStatus.ACTIVE,
        published_on=published_on,
    )


def _statuses(rows: list[ContractCreditPublicity]) -> list[str]:
    return [ContractCreditPublicity.objects.get(pk=row.pk).status for row in rows]


def test_upkeep_expires_revokes_and_is_idempotent(firms: list[Enterprise], applicant: User) -> None:
    ran_out = _active(firms[0], D(2024, 6, 1))  # last day 2026-05-31
    last_day = _active(firms[1], D(2024, 6, 2))  # last day 2026-06-01: still running
    abnormal = _active(firms[2], D(2025, 5, 1))
    serious = _active(firms[3], D(2025, 5, 1))
    listing = abnormal_listed(firms[2], listed_on=D(2026, 5, 20))
    Enterprise.objects.filter(pk=firms[3].pk).update(on_serious_list=True)

    dry = contract_upkeep(day=DAY, run=None, commit=False)
    assert dry == {
        "expired": 1,
        "revoked_abnormal": 1,
        "revoked_serious": 1,
        "revoked_penalised": 0,
    }
    assert _statuses([ran_out, last_day, abnormal, serious]) == [PublicityStatus.ACTIVE] * 4

    counts = contract_upkeep(day=DAY, run=None, commit=True)
    assert counts == dry
    assert _statuses([ran_out, last_day, abnormal, serious]) == [
        PublicityStatus.EXPIRED,
        PublicityStatus.ACTIVE,
        PublicityStatus.REVOKED,
        PublicityStatus.REVOKED,
    ]
    abnormal.refresh_from_db()
    assert abnormal.ended_on == DAY
    assert "经营异常名录" in abnormal.end_reason
    assert str(listing.listed_on) in abnormal.end_reason
    serious.refresh_from_db()
    assert "严重违法失信名单" in serious.end_reason
    ran_out.refresh_from_db()
    assert (ran_out.ended_on, ran_out.end_reason) == (DAY, "公示期届满。")
    assert ran_out.history.count() == 2
    assert AuditLog.objects.filter(action="credit.contract.publicity_expire").count() == 1
    assert AuditLog.objects.filter(action="credit.contract.publicity_revoke_listed").count() == 2
    # The enterprise's users are told of each revocation (not of expiry).
    assert Notification.objects.filter(user=applicant, title__contains="撤销").count() == 2

    again = contract_upkeep(day=DAY, run=None, commit=True)
    assert again == {
        "expired": 0,
        "revoked_abnormal": 0,
        "revoked_serious": 0,
        "revoked_penalised": 0,
    }


def test_a_revoked_listing_bars_a_new_application(firms: list[Enterprise], applicant: User) -> None:
    _active(firms[0], D(2025, 5, 1))
    Enterprise.objects.filter(pk=firms[0].pk).update(on_abnormal_list=True)
    contract_upkeep(day=DAY, run=None, commit=True)
    Enterprise.objects.filter(pk=firms[0].pk).update(on_abnormal_list=False)
    with pytest.raises(Exception, match="2030-06-01起"):
        f.apply(applicant, firms[0], today=D(2027, 1, 5), year=2027)


def test_penalties_revoke_once_a_register_answers(firms: list[Enterprise]) -> None:
    penalised = _active(firms[0], D(2025, 5, 1))
    clean = _active(firms[1], D(2025, 5, 1))
    assert contract_upkeep(day=DAY, run=None, commit=True)["revoked_penalised"] == 0
    seen: list[tuple[Decimal, datetime.date]] = []

    def source(threshold: Decimal, since: datetime.date) -> QuerySet[Enterprise]:
        seen.append((threshold, since))
        return Enterprise.objects.filter(pk=firms[0].pk)

    register_penalty_source(source)
    try:
        counts = contract_upkeep(day=DAY, run=None, commit=True)
    finally:
        unregister_penalty_source(source)
    assert counts["revoked_penalised"] == 1
    assert seen == [(Decimal("10000"), D(2024, 6, 1))]
    assert _statuses([penalised, clean]) == [PublicityStatus.REVOKED, PublicityStatus.ACTIVE]
    penalised.refresh_from_db()
    assert "10000" in penalised.end_reason


def test_the_step_runs_through_run_scheduled(firms: list[Enterprise]) -> None:
    ran_out = _active(firms[0], D(2024, 6, 1))
    run = jobs.run_step(job=JobName.CONTRACT_CREDIT_UPKEEP, day=DAY, commit=True)
    assert run.counts["expired"] == 1
    assert ScheduledRun.objects.filter(job=JobName.CONTRACT_CREDIT_UPKEEP).count() == 1
    assert _statuses([ran_out]) == [PublicityStatus.EXPIRED]
    dry = jobs.run_step(job=JobName.CONTRACT_CREDIT_UPKEEP, day=DAY, commit=False)
    assert dry.counts["expired"] == 0


def test_a_confirmed_listing_revokes_at_once(
    firms: list[Enterprise],
    applicant: User,
    make_user: Callable[..., User],
    bureau: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    supervisor = make_user(Role.SUPERVISOR, bureau["kundulun"])
    today = timezone.localdate()  # the receiver revokes as of the day it runs
    row = f.apply(applicant, firms[0], today=today, year=today.year)
    publicity = contract_approve(actor=supervisor, application=row, today=today)
    other = _active(firms[1], today - datetime.timedelta(days=30))
    proposal = serious_propose(
        actor=supervisor,
        enterprise=firms[0],
        ground=SeriousGround.SERIOUS_PENALTY,
        legal_basis="《市场监督管理严重违法失信名单管理办法》",
        facts="受到较重行政处罚。",
        basis_on=today,
        today=today,
    )
    # A proposal is not a listing: nothing is revoked.
    assert _statuses([publicity]) == [PublicityStatus.ACTIVE]
    with django_capture_on_commit_callbacks(execute=True):
        serious_confirm(
            actor=supervisor,
            listing=proposal,
            decided_on=today,
            document_number="包市监严字〔2026〕7号",
            today=today,
        )
    publicity.refresh_from_db()
    assert publicity.status == PublicityStatus.REVOKED
    assert publicity.ended_on == today
    assert f"于{today.isoformat()}被列入严重违法失信名单" in publicity.end_reason
    assert _statuses([other]) == [PublicityStatus.ACTIVE]
    assert publicity.level == ContractLevel.A
