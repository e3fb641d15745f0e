"""Two reclassifications of one month at the same moment (cron and a supervisor): exactly one
writes the month's classes (PostgreSQL: the in-memory SQLite test database serialises access)."""

from datetime import date

import pytest

from hongdun.credit.choices import RunStatus
from hongdun.credit.models import Classification, ClassificationRun
from hongdun.credit.services_runs import reclassify
from hongdun.credit.tests.factories_runs import filed_on_time, firm, make_scheme
from hongdun.testing.race import needs_concurrent_connections, race_same

JULY = date(2026, 7, 1)


@needs_concurrent_connections
@pytest.mark.django_db(transaction=True)
def test_two_runs_of_one_month_at_once_classify_it_once(bureau):
    make_scheme()
    for _index in range(4):
        filed_on_time(firm(bureau), (2023, 2024, 2025))

    def run():
        return reclassify(JULY, today=date(2026, 7, 15)).status

    outcome = race_same(2, run)
    assert outcome.failed == []
    assert outcome.won == [RunStatus.SUCCEEDED]
    assert len(outcome.refused) == 1
    assert ClassificationRun.objects.filter(month=JULY, status=RunStatus.SUCCEEDED).count() == 1
    assert not ClassificationRun.objects.exclude(status=RunStatus.SUCCEEDED).exists()
    assert Classification.objects.count() == 4
