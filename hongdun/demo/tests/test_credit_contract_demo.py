"""The 守合同重信用 demo: A, AA and AAA publicities in force, one expired, one revoked, two
applications waiting, every publicity of an enterprise eligible when it was granted, and a
second run that adds nothing."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from hongdun.credit.choices import ApplicationStatus, ContractLevel, PublicityStatus
from hongdun.credit.models import ContractCreditApplication, ContractCreditPublicity
from hongdun.credit.selectors_contract import PublicFilters, public_active
from hongdun.demo.bureau import demo_enterprises_load
from hongdun.demo.credit_contract import demo_contract_credit_load

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 7)


def test_demo_publicities(bureau: Any) -> None:
    demo_enterprises_load(count=400, seed=3, with_history=False, today=TODAY)
    added = demo_contract_credit_load(seed=3, today=TODAY)
    assert added == ContractCreditPublicity.objects.count() == 13
    active = ContractCreditPublicity.objects.filter(status=PublicityStatus.ACTIVE)
    assert set(active.values_list("level", flat=True)) == set(ContractLevel.values)
    assert active.count() == 5
    assert public_active(PublicFilters(), today=TODAY).count() == 5
    ended = ContractCreditPublicity.objects.exclude(status=PublicityStatus.ACTIVE)
    assert ended.filter(status=PublicityStatus.REVOKED).count() == 1
    # Six superseded rounds (four on the way to AAA, two to AA) and one that ran its term.
    assert ended.filter(status=PublicityStatus.EXPIRED, end_reason="公示期届满。").count() == 1
    assert ended.filter(status=PublicityStatus.EXPIRED).count() == 7
    assert all(row.ended_on and row.ended_on <= TODAY for row in ended)
    assert all(row.published_on <= TODAY for row in ContractCreditPublicity.objects.all())
    assert ContractCreditApplication.objects.filter(status=ApplicationStatus.SUBMITTED).count() == 2
    aaa = active.get(level=ContractLevel.AAA)
    held = ContractCreditPublicity.objects.filter(
        enterprise=aaa.enterprise, year__in=(TODAY.year - 2, TODAY.year - 3)
    ).values_list("level", flat=True)
    assert sorted(held) == [ContractLevel.AA, ContractLevel.AA]
    for row in ContractCreditPublicity.objects.select_related("enterprise"):
        assert not row.enterprise.on_abnormal_list
        assert row.enterprise.established_on.year < row.year - 2
    assert demo_contract_credit_load(seed=3, today=TODAY) == 0
    assert ContractCreditPublicity.objects.count() == 13
