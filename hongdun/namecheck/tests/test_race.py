"""Two applicants reserve the same name at the same moment: exactly one gets it (PostgreSQL)."""

import pytest
from django.db import connection

from hongdun.core.exceptions import ApplicationError
from hongdun.namecheck.choices import ReservationStatus
from hongdun.namecheck.models import NameIndexEvent, NameReservation
from hongdun.namecheck.services import reservation_create
from hongdun.namecheck.tests.conftest import TODAY
from hongdun.testing.race import barrier, race, race_same

NAME = "包头市沃动机械有限公司"


def _hold_after_the_check(monkeypatch, threads: int) -> None:
    """Hold every thread after its in-memory check until `threads` have checked: each one saw the
    name free, so only the database can settle the race."""
    from hongdun.namecheck import index_store

    checked = barrier(threads)
    original = index_store.IndexStore.check

    def check_then_wait(self, names, ctx, config=None):
        results = original(self, names, ctx, config)
        checked.wait()
        return results

    monkeypatch.setattr(index_store.IndexStore, "check", check_then_wait)


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs concurrent connections; the in-memory SQLite test database serialises all access",
)
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("contenders", "all_pass_the_check"), [(2, True), (6, True), (6, False)])
def test_simultaneous_reservations_of_one_name(
    bureau, make_user, monkeypatch, contenders, all_pass_the_check
):
    from hongdun.namecheck import index_store

    applicants = [make_user("applicant") for _ in range(contenders)]
    index_store.store().catch_up()
    if all_pass_the_check:
        _hold_after_the_check(monkeypatch, contenders)

    def contend(applicant):
        return lambda: (
            reservation_create(
                applicant=applicant,
                registry=bureau["kundulun"],
                industry="",
                name=NAME,
                as_of=TODAY,
            ).pk
        )

    outcome = race([contend(a) for a in applicants])
    assert outcome.failed == []
    assert len(outcome.won) == 1
    assert len(outcome.refused) == contenders - 1
    for error in outcome.refused:
        assert error.field == "name"
        assert error.extra["verdict"] == "identical"
        if all_pass_the_check:
            assert error.message == "该名称刚被他人申报保留，请换一个名称。"
    if all_pass_the_check:
        monkeypatch.undo()
    assert NameReservation.objects.filter(status=ReservationStatus.RESERVED).count() == 1
    assert NameIndexEvent.objects.filter(op="add").count() == 1
    # and from now on everyone's index knows the name is taken
    index_store.store().catch_up()
    other = make_user("applicant")
    with pytest.raises(ApplicationError) as caught:
        reservation_create(
            applicant=other, registry=bureau["kundulun"], industry="", name=NAME, as_of=TODAY
        )
    assert caught.value.extra["findings"]


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs concurrent connections; the in-memory SQLite test database serialises all access",
)
@pytest.mark.django_db(transaction=True)
def test_a_double_submission_by_one_applicant(bureau, make_user, monkeypatch):
    """Two tabs of one applicant submit at once: one reservation, and the other is told it is
    already theirs (not that someone else took it)."""
    from hongdun.namecheck import index_store

    applicant = make_user("applicant")
    index_store.store().catch_up()
    _hold_after_the_check(monkeypatch, 2)

    def submit() -> NameReservation:
        return reservation_create(
            applicant=applicant,
            registry=bureau["kundulun"],
            industry="",
            name=NAME,
            as_of=TODAY,
        )

    outcome = race_same(2, submit)
    assert outcome.failed == []
    reservations = outcome.won
    errors = outcome.refused
    assert len(reservations) == 1
    assert len(errors) == 1
    assert "您已申报保留" in errors[0].message
