"""Two corrections of the same disclosure at the same moment: one is published, the other is
told to correct the latest one (PostgreSQL: the row lock on the original settles it)."""

from collections.abc import Callable

import pytest

from hongdun.disclosure.choices import ImmediateKind
from hongdun.disclosure.immediate_services import immediate_disclosure_correct
from hongdun.disclosure.models import ImmediateDisclosure
from hongdun.disclosure.tests.immediate.factories import VALID, publish
from hongdun.testing.race import needs_concurrent_connections, race


@needs_concurrent_connections
@pytest.mark.django_db(transaction=True)
def test_two_corrections_at_once_give_one(discloser, kundulun_company):
    original = publish(discloser, kundulun_company)

    def correct(content: str) -> Callable[[], ImmediateDisclosure]:
        def act() -> ImmediateDisclosure:
            fresh = ImmediateDisclosure.objects.select_related("enterprise").get(pk=original.pk)
            details = {**VALID[ImmediateKind.PENALTY], "content": content}
            return immediate_disclosure_correct(user=discloser, original=fresh, details=details)

        return act

    outcome = race([correct("警告"), correct("罚款五千元")])
    assert outcome.failed == []
    assert len(outcome.won) == 1
    assert [error.field for error in outcome.refused] == ["corrects"]
    assert ImmediateDisclosure.objects.filter(corrects=original).count() == 1
