"""Races on PostgreSQL: two clerks confirming the same candidate give one decision; two clerks
confirming different candidates of one authority at once draw different document numbers; two
removal decisions on one application give one."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from hongdun.supervision.choices import ListingStatus, RemovalGround, RequestStatus
from hongdun.supervision.models import AbnormalListing, RemovalRequest
from hongdun.supervision.services_abnormal import (
    abnormal_confirm,
    removal_apply,
    removal_decide,
)
from hongdun.supervision.tests.abnormal_fixtures import (
    kundulun_company,
    listed,
    other_supervisor,
    propose,
    supervisor,
)
from hongdun.testing.race import needs_concurrent_connections, race

__all__ = ["kundulun_company", "other_supervisor", "supervisor"]


def _confirm(user, pk: int) -> Callable[[], AbnormalListing]:
    def act() -> AbnormalListing:
        return abnormal_confirm(actor=user, listing=AbnormalListing.objects.get(pk=pk))

    return act


@needs_concurrent_connections
@pytest.mark.django_db(transaction=True)
def test_two_clerks_confirming_one_candidate_give_one_decision(
    kundulun_company, supervisor, other_supervisor
):
    candidate = propose(kundulun_company, supervisor)
    outcome = race([_confirm(supervisor, candidate.pk), _confirm(other_supervisor, candidate.pk)])
    assert outcome.failed == []
    assert len(outcome.won) == 1
    assert len(outcome.refused) == 1
    assert "无需重复操作" in outcome.refused[0].message
    row = AbnormalListing.objects.get(pk=candidate.pk)
    assert row.status == ListingStatus.LISTED
    assert row.decided_by == outcome.won[0].decided_by


@needs_concurrent_connections
@pytest.mark.django_db(transaction=True)
def test_two_candidates_of_one_authority_draw_different_numbers(
    bureau, supervisor, other_supervisor
):
    from hongdun.enterprises.tests.factories import register

    first = propose(register("包头市竞争编号甲有限公司", bureau["kundulun"]), supervisor)
    second = propose(register("包头市竞争编号乙有限公司", bureau["kundulun"]), supervisor)
    outcome = race([_confirm(supervisor, first.pk), _confirm(other_supervisor, second.pk)])
    assert outcome.failed == []
    assert outcome.refused == []
    numbers = sorted(row.document_number[-3:] for row in outcome.won)
    assert numbers == ["〕1号", "〕2号"]


@needs_concurrent_connections
@pytest.mark.django_db(transaction=True)
def test_two_removal_decisions_give_one(kundulun_company, supervisor, other_supervisor):
    row = listed(kundulun_company, supervisor)
    request = removal_apply(
        actor=supervisor, listing=row, ground=RemovalGround.REACHABLE, statement="上门核实"
    )

    def decide(user) -> Callable[[], RemovalRequest]:
        def act() -> RemovalRequest:
            fresh = RemovalRequest.objects.select_related("listing").get(pk=request.pk)
            return removal_decide(actor=user, request=fresh, grant=True)

        return act

    outcome = race([decide(supervisor), decide(other_supervisor)])
    assert outcome.failed == []
    assert len(outcome.won) == 1
    assert len(outcome.refused) == 1
    assert RemovalRequest.objects.get(pk=request.pk).status == RequestStatus.GRANTED
    assert AbnormalListing.objects.get(pk=row.pk).status == ListingStatus.REMOVED
