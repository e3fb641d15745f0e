"""Two committed runs of a step at the same moment (cron and a supervisor's button) write once
(PostgreSQL: the in-memory SQLite test database serialises all access)."""

from datetime import date, timedelta

import pytest

from hongdun.core.models import Notification
from hongdun.disclosure.tests.factories_progress import authorise
from hongdun.enterprises.tests.factories import register
from hongdun.supervision import jobs
from hongdun.supervision.choices import AbnormalReason, JobName, ListingSource
from hongdun.supervision.engine.deadlines import years_after
from hongdun.supervision.models import AbnormalListing, SeriousListing
from hongdun.supervision.services_abnormal import abnormal_propose
from hongdun.supervision.tests.factories_jobs import abnormal
from hongdun.testing.race import needs_concurrent_connections, race, race_same

JULY = date(2026, 7, 1)


def _non_filers(bureau, count: int):
    return [
        register(f"包头市并发{i}号商贸有限公司", bureau["kundulun"], trade_name=f"并发{i}号")
        for i in range(count)
    ]


@needs_concurrent_connections
@pytest.mark.django_db(transaction=True)
def test_two_july_runs_at_once_propose_each_enterprise_once(bureau):
    made = _non_filers(bureau, 5)

    def run():
        return jobs.run_step(job=JobName.JULY_PROPOSALS, day=JULY, commit=True).counts

    outcome = race_same(3, run)
    assert outcome.failed == []
    assert sorted(counts["proposed"] for counts in outcome.won) == [0, 0, 5]
    assert AbnormalListing.objects.count() == 5
    assert set(AbnormalListing.objects.values_list("enterprise_id", flat=True)) == {
        e.pk for e in made
    }


@needs_concurrent_connections
@pytest.mark.django_db(transaction=True)
def test_a_clerk_and_the_july_run_at_once_leave_one_open_entry(bureau):
    (enterprise,) = _non_filers(bureau, 1)

    def clerk():
        return abnormal_propose(
            actor=None,
            enterprise=enterprise,
            reason=AbnormalReason.NOT_FILED,
            basis_on=date(2026, 6, 30),
            source=ListingSource.CLERK,
            report_year=2025,
            today=JULY,
        ).pk

    def scheduled():
        return jobs.run_step(job=JobName.JULY_PROPOSALS, day=JULY, commit=True).counts

    outcome = race([clerk, scheduled])
    assert outcome.failed == []
    assert AbnormalListing.objects.filter(enterprise=enterprise).count() == 1


@needs_concurrent_connections
@pytest.mark.django_db(transaction=True)
def test_two_escalation_and_reminder_runs_at_once_write_once(bureau, make_user):
    day = date(2026, 7, 20)
    enterprises = _non_filers(bureau, 3)
    for enterprise in enterprises:
        abnormal(enterprise, listed_on=date(2023, 7, 20))
        authorise(enterprise, make_user(None))

    def escalate():
        return jobs.run_step(job=JobName.SERIOUS_ESCALATIONS, day=day, commit=True).counts

    outcome = race_same(2, escalate)
    assert outcome.failed == []
    assert sorted(c["proposed"] for c in outcome.won) == [0, 3]
    assert SeriousListing.objects.count() == 3

    reminder_day = years_after(date(2023, 7, 20), 3) - timedelta(days=60)

    def remind():
        return jobs.run_step(job=JobName.THREE_YEAR_REMINDERS, day=reminder_day, commit=True).counts

    outcome = race_same(2, remind)
    assert outcome.failed == []
    assert sorted(c["notices"] for c in outcome.won) == [0, 3]
    assert Notification.objects.count() == 3
