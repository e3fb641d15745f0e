"""Two supervisors confirm the same candidate at once: one lists it, the other is told."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from hongdun.accounts.roles import Role
from hongdun.registration.models import DisqualifiedPerson
from hongdun.supervision.choices import ListingStatus, SeriousGround
from hongdun.supervision.models import SeriousListing
from hongdun.supervision.services_serious import serious_confirm, serious_propose
from hongdun.supervision.tests import factories_serious as f
from hongdun.testing.race import needs_concurrent_connections, race

pytestmark = [pytest.mark.django_db(transaction=True), needs_concurrent_connections]


def test_two_confirms_one_listing(bureau: Any, make_user: Any) -> None:
    day = datetime.date(2025, 6, 2)
    a = make_user(Role.SUPERVISOR, bureau["kundulun"])
    b = make_user(Role.SUPERVISOR, bureau["kundulun"])
    row = serious_propose(
        actor=a,
        enterprise=f.enterprise(bureau["kundulun"]),
        ground=SeriousGround.SERIOUS_PENALTY,
        legal_basis="依据",
        facts="事实",
        basis_on=day,
        today=day,
    )

    def confirm(user: Any, number: str) -> Any:
        def go() -> SeriousListing:
            return serious_confirm(
                actor=user,
                listing=SeriousListing.objects.get(pk=row.pk),
                decided_on=day,
                document_number=number,
                today=day,
            )

        return go

    outcome = race([confirm(a, "严1"), confirm(b, "严2")])
    assert len(outcome.won) == 1, outcome
    assert len(outcome.refused) == 1, outcome
    assert not outcome.failed, outcome
    row.refresh_from_db()
    assert row.status == ListingStatus.LISTED
    assert DisqualifiedPerson.objects.count() == 1
    assert row.disqualification_id == DisqualifiedPerson.objects.get().pk
