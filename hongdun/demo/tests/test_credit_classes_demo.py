"""The demo's credit-risk classes: the last 24 months, one run per month through the real service,
each compared with the month before, and a second load that adds nothing."""

import itertools
from datetime import date

import pytest

from hongdun.credit.choices import RunStatus
from hongdun.credit.models import Classification, ClassificationRun
from hongdun.credit.selectors_runs import current_run, enterprise_history
from hongdun.credit.services_runs import rerun
from hongdun.demo.bureau import demo_bureau_load, demo_enterprises_load
from hongdun.demo.credit_classes import demo_credit_classes_load, demo_months
from hongdun.demo.disclosure import demo_reports_load
from hongdun.enterprises.models import Enterprise

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 7)


def test_demo_months_are_the_last_24_oldest_first():
    months = demo_months(TODAY)
    assert len(months) == 24
    assert (months[0], months[-1]) == (date(2025, 1, 1), date(2026, 12, 1))
    assert demo_months(date(2026, 3, 31), 3) == [
        date(2026, 1, 1),
        date(2026, 2, 1),
        date(2026, 3, 1),
    ]


def test_the_demo_register_is_classified_for_24_months():
    demo_bureau_load()
    demo_enterprises_load(count=300, seed=5, with_history=False, today=TODAY)
    demo_reports_load(seed=5, today=TODAY, batch_size=300)
    progress: list[tuple[str, int, int]] = []
    added = demo_credit_classes_load(today=TODAY, progress=lambda *step: progress.append(step))
    assert added == 24
    assert progress[-1] == ("credit classes", 24, 24)
    runs = list(ClassificationRun.objects.order_by("month"))
    assert [run.month for run in runs] == demo_months(TODAY)
    assert all(run.status == RunStatus.SUCCEEDED and run.as_of == run.month for run in runs)
    assert runs[0].previous is None
    assert all(run.previous == before for before, run in itertools.pairwise(runs))
    for run in runs:
        assert sum(run.counts.values()) == Classification.objects.filter(run=run).count() > 0
        assert sum(run.moves.values()) == sum(
            sum(reasons.values()) for reasons in run.move_reasons.values()
        )
    # The register changes over two years: some classes move.
    assert any(run.moves for run in runs[1:])
    assert current_run() == runs[-1]
    oldest = Enterprise.objects.filter(established_on__lt=date(2024, 1, 1)).first()
    assert oldest is not None
    assert enterprise_history(oldest).count() == 24
    assert rerun(runs[-1]).same
    # Idempotent: the months are there, nothing is added.
    assert demo_credit_classes_load(today=TODAY) == 0
    assert ClassificationRun.objects.count() == 24


def test_a_missing_month_is_completed(db):
    demo_bureau_load()
    demo_enterprises_load(count=50, seed=6, with_history=False, today=TODAY)
    assert demo_credit_classes_load(today=TODAY, months=3) == 3
    ClassificationRun.objects.filter(month=date(2026, 12, 1)).delete()
    assert demo_credit_classes_load(today=TODAY, months=3) == 1
    assert set(ClassificationRun.objects.values_list("month", flat=True)) == {
        date(2026, 10, 1),
        date(2026, 11, 1),
        date(2026, 12, 1),
    }
