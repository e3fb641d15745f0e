"""Two requests race (PostgreSQL, concurrent connections): the database lets exactly one win."""

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, connections

from hongdun.core.exceptions import ApplicationError
from hongdun.registration.choices import ApplicationStatus
from hongdun.registration.models import Application, ApplicationEvent
from hongdun.registration.services import application_create_establishment, application_submit
from hongdun.registration.tests.conftest import complete_llc, reserve

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs concurrent connections; in-memory SQLite serialises all access",
    ),
    pytest.mark.django_db(transaction=True),
]


def _race(
    contenders: int, act: Callable[[], Any]
) -> tuple[list[Any], list[ApplicationError], list[BaseException]]:
    barrier = threading.Barrier(contenders)
    won: list[Any] = []
    refused: list[ApplicationError] = []
    failed: list[BaseException] = []

    def run() -> None:
        try:
            barrier.wait()
            won.append(act())
        except ApplicationError as error:
            refused.append(error)
        except BaseException as error:
            failed.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(contenders)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return won, refused, failed


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
