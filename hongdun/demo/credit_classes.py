"""The demo register's credit-risk classes for the last 24 months (docs/rules/credit.md §3).

Loaded after the supervision demo (its lists and inspection findings are inputs): one monthly run
per month through the real service (`hongdun.credit.services_runs.reclassify`), the oldest month
first so that each compares with the month before it, each as of the month's first day, with the
scheme in force (the default scheme, created by the first run, when the deployment has none).

Idempotent: a month that already has its classes is skipped, so a second run adds nothing and a
run cut short completes the missing months.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.utils import timezone

from hongdun.credit.choices import RunStatus
from hongdun.credit.models import ClassificationRun
from hongdun.credit.services_runs import reclassify

ProgressFn = Callable[[str, int, int], None]

DEMO_MONTHS = 24


def demo_months(today: datetime.date, count: int = DEMO_MONTHS) -> list[datetime.date]:
    """The first days of the last `count` months up to `today`'s, the oldest first."""
    months = [today.replace(day=1)]
    while len(months) < count:
        months.append((months[-1] - datetime.timedelta(days=1)).replace(day=1))
    return sorted(months)


def demo_credit_classes_load(
    *,
    today: datetime.date | None = None,
    months: int = DEMO_MONTHS,
    progress: ProgressFn | None = None,
) -> int:
    """Classify each of the last `months` months not classified yet; returns the runs added.
    Raises RuntimeError if a month fails (its failed run says why)."""
    today = today or timezone.localdate()
    wanted = demo_months(today, months)
    done = set(
        ClassificationRun.objects.filter(status=RunStatus.SUCCEEDED, month__in=wanted).values_list(
            "month", flat=True
        )
    )
    missing = [month for month in wanted if month not in done]
    for index, month in enumerate(missing, start=1):
        run = reclassify(month, as_of=month, today=today)
        if run.status != RunStatus.SUCCEEDED:
            raise RuntimeError(f"the demo classification of {month:%Y-%m} failed: {run.error}")
        if progress is not None:
            progress("credit classes", index, len(missing))
    return len(missing)
