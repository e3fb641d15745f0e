"""Two requests race (PostgreSQL, concurrent connections): the database lets exactly one win."""

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from hongdun.registration.choices import ApplicationStatus
from hongdun.registration.models import Application, ApplicationEvent
from hongdun.registration.services import application_create_establishment, application_submit
from hongdun.registration.tests.conftest import complete_llc, reserve
from hongdun.testing.race import race_same

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs concurrent connections; in-memory SQLite serialises all access",
    ),
    pytest.mark.django_db(transaction=True),
]


def _race(
    contenders: int, act: Callable[[], Any]
) -> tuple[list[Any], list[Any], list[BaseException]]:
    outcome = race_same(contenders, act)
    return outcome.won, outcome.refused, outcome.failed


def test_double_submit_submits_once(bureau: dict[str, Any], make_user: Callable[..., Any]) -> None:
    applicant = make_user("applicant")
    application = complete_llc(
        applicant, reserve(applicant, bureau["kundulun"], "包头市并发科技有限公司", "并发")
    )
    won, refused, failed = _race(
        4, lambda: application_submit(applicant=applicant, application=application)
    )
    assert failed == []
    assert len(won) == 1
    assert len(refused) == 3
    assert all(error.field == "status" for error in refused)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert ApplicationEvent.objects.filter(application=application, action="submit").count() == 1


def test_one_open_application_per_reservation_under_race(
    bureau: dict[str, Any], make_user: Callable[..., Any]
) -> None:
    applicant = make_user("applicant")
    reservation = reserve(applicant, bureau["kundulun"], "包头市同时科技有限公司", "同时")
    won, refused, failed = _race(
        4,
        lambda: application_create_establishment(
            applicant=applicant, reservation=reservation, entity_type="llc"
        ),
    )
    assert failed == []
    assert len(won) == 1
    assert len(refused) == 3
    assert Application.objects.filter(name_reservation=reservation).count() == 1
