"""Fixtures of the reporting tests: the workforce fixtures (users of every workforce role, a record
of every kind in two units), from which the figures are computed, and work waiting in every queue
for the workbench."""

from datetime import date, timedelta
from itertools import count
from typing import Any

import pytest
from django.core.cache import cache
from django.utils import timezone

from hongdun.accounts.models import User
from hongdun.accounts.roles import Role
from hongdun.consultation.models import FaqCategory, Question
from hongdun.consultation.services import question_submit
from hongdun.namecheck.choices import ReservationStatus, VerdictChoice
from hongdun.namecheck.tests.factories import reservation_row
from hongdun.orgs.models import Unit
from hongdun.registration.choices import ApplicationStatus
from hongdun.registration.review.tests.conftest import make_application
from hongdun.workforce.tests.conftest import samples, wf_users

__all__ = ["queues", "samples", "wf_users"]

_serial = count(1)


def _pending_name(applicant: User, registry: Unit, status: str = ReservationStatus.PENDING_REVIEW):
    n = next(_serial)
    name, trade_name = f"包头市宏{n}稀土材料有限公司", f"宏{n}"
    return reservation_row(
        applicant,
        registry,
        name,
        trade_name,
        industry_key="稀土材料",
        status=status,
        verdict=VerdictChoice.RESTRICTED,
    )


def _question(authority: Unit, *, overdue: bool = False) -> Question:
    category, _created = FaqCategory.objects.get_or_create(code="deregistration", name="注销")
    n = next(_serial)
    question = question_submit(
        user=None,
        client_address=f"10.77.{n // 250}.{n % 250}",
        category=category,
        authority=authority,
        title=f"简易注销的公示期怎么算 {n}",
        body="我们公司没有债务，想办理简易注销，公示期从哪天开始算？",
    )
    if overdue:
        Question.objects.filter(pk=question.pk).update(
            due_date=timezone.localdate() - timedelta(days=3)
        )
    return question


@pytest.fixture
def queues(bureau, role_users, make_user):
    """Work in Kundulun (the registrar's scope) and in Jiuyuan (out of it), of every kind."""
    cache.clear()  # the question service's rate limit counts by address in the cache
    applicant = make_user(Role.APPLICANT)
    kundulun, jiuyuan = bureau["kundulun"], bureau["jiuyuan"]
    _pending_name(applicant, kundulun)
    _pending_name(applicant, kundulun)
    _pending_name(applicant, kundulun, ReservationStatus.REFUSED)  # decided: not a to-do
    _pending_name(applicant, jiuyuan)
    _question(kundulun)
    _question(kundulun)
    _question(kundulun, overdue=True)
    _question(jiuyuan, overdue=True)
    today = timezone.localdate()

    def application(authority: Unit, submitted_on: date, **extra: Any) -> None:
        # An establishment names its reservation; a withdrawn one is no name-review to-do.
        reservation = _pending_name(applicant, authority, ReservationStatus.WITHDRAWN)
        make_application(
            applicant=applicant,
            authority=authority,
            reservation=reservation,
            submitted_on=submitted_on,
            **extra,
        )

    application(kundulun, date(2026, 1, 5))
    application(kundulun, today)
    application(kundulun, today, status=ApplicationStatus.SUSPENDED, suspended_on=today)
    application(  # decided: not a to-do
        kundulun, today, status=ApplicationStatus.APPROVED, decided_at=timezone.now()
    )
    application(jiuyuan, date(2026, 1, 5))
    return role_users
