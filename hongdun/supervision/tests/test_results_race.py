"""Two "not found" results for one enterprise entered at the same moment (two plans' tasks) give
one reason-4 candidate, both tasks linked to it; two publications of the same results publish
them once (PostgreSQL: the in-memory SQLite test database serialises all access)."""

import datetime
from typing import Any

import pytest
from django.utils import timezone

from hongdun.accounts.roles import Role
from hongdun.supervision.choices import InspectionResult
from hongdun.supervision.models import AbnormalListing, InspectionTask
from hongdun.supervision.services_results import (
    inspection_result_enter,
    inspection_results_publish,
)
from hongdun.supervision.tests.factories_results import (
    make_enterprise,
    make_inspector,
    make_plan,
    make_task,
)
from hongdun.testing.race import needs_concurrent_connections, race


@needs_concurrent_connections
@pytest.mark.django_db(transaction=True)
def test_two_not_found_results_at_once_propose_once(bureau: Any, make_user: Any) -> None:
    kundulun = bureau["kundulun"]
    supervisor = make_user(Role.SUPERVISOR, kundulun)
    a = make_inspector(kundulun, "R1")
    b = make_inspector(kundulun, "R2")
    enterprise = make_enterprise(kundulun, "包头市无法联系商贸有限公司")
    tasks = [make_task(make_plan(kundulun, title=f"计划{n}"), enterprise, a, b) for n in range(2)]
    yesterday = timezone.localdate() - datetime.timedelta(days=1)

    def enter(task: InspectionTask) -> Any:
        return lambda: (
            inspection_result_enter(
                task=task,
                actor=supervisor,
                result=InspectionResult.NOT_FOUND,
                inspected_on=yesterday,
                findings="住所无人",
            ).task.pk
        )

    outcome = race([enter(task) for task in tasks])
    assert outcome.failed == []
    assert outcome.refused == []
    assert sorted(outcome.won) == sorted(task.pk for task in tasks)
    listing = AbnormalListing.objects.get()
    assert set(InspectionTask.objects.values_list("listing", flat=True)) == {listing.pk}

    def publish() -> int:
        return len(inspection_results_publish(actor=supervisor, tasks=tasks))

    outcome = race([publish, publish])
    assert outcome.failed == []
    assert outcome.won == [2]
    assert len(outcome.refused) == 1
