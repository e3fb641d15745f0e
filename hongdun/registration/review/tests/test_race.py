"""Two clerks act on the same application at the same moment: exactly one succeeds, the other is
told why, and the register changes once (PostgreSQL: the row lock settles it)."""

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from hongdun.accounts.models import User
from hongdun.enterprises.models import Enterprise
from hongdun.registration.choices import ApplicationStatus as S
from hongdun.registration.models import ApplicationEvent
from hongdun.registration.review import services
from hongdun.registration.review.models import IssuedDocument
from hongdun.registration.review.tests.conftest import TODAY
from hongdun.testing.race import race

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs concurrent connections; the in-memory SQLite test database serialises all access",
)

ACTIONS = {
    "approve": lambda clerk, pk: services.application_approve(
        clerk=clerk, application=pk, expected_status=S.ACCEPTED, as_of=TODAY
    ),
    "refuse": lambda clerk, pk: services.application_refuse(
        clerk=clerk, application=pk, reason="材料与事实不符。", expected_status=S.ACCEPTED
    ),
    "correct": lambda clerk, pk: services.application_require_correction(
        clerk=clerk, application=pk, items=[{"message": "章程未签字。"}], expected_status=S.ACCEPTED
    ),
    "suspend": lambda clerk, pk: services.application_suspend(
        clerk=clerk,
        application=pk,
        reason="股权归属涉诉。",
        basis="(2026)内0203民初1号",
        expected_status=S.ACCEPTED,
    ),
}


def _race(
    clerks: list[Any], pk: int, actions: list[str]
) -> tuple[list[Any], list[Any], list[BaseException]]:
    def act(clerk: User, action: str) -> Callable[[], Any]:
        return lambda: ACTIONS[action](clerk, pk)

    outcome = race([act(c, a) for c, a in zip(clerks, actions, strict=True)])
    return outcome.won, outcome.refused, outcome.failed


@needs_postgresql
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "actions",
    [
        ["approve", "approve"],
        ["approve", "refuse"],
        ["refuse", "correct"],
        ["approve", "approve", "correct"],
        ["approve", "suspend"],
        ["suspend", "suspend"],
    ],
)
def test_two_clerks_decide_at_once(clerk, second_clerk, city_clerk, establishment, actions):
    services.application_accept(clerk=clerk, application=establishment)
    enterprises_before = Enterprise.objects.count()
    clerks = [clerk, second_clerk, city_clerk][: len(actions)]
    won, refused, failed = _race(clerks, establishment.pk, actions)
    assert failed == []
    assert len(won) == 1
    assert len(refused) == len(actions) - 1
    for error in refused:
        assert error.field == "status"
        assert "刚被" in error.message  # told that someone else acted, and who
    establishment.refresh_from_db()
    assert establishment.status == won[0].status
    decisions = ApplicationEvent.objects.filter(application=establishment).exclude(action="accept")
    assert decisions.count() == 1
    approved = establishment.status == S.APPROVED
    assert Enterprise.objects.count() == enterprises_before + (1 if approved else 0)
    assert IssuedDocument.objects.filter(application=establishment).count() == (
        1 if establishment.status in (S.APPROVED, S.REFUSED) else 0
    )
