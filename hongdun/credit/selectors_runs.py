"""Reads of the monthly classification runs and of an enterprise's classes over time
(docs/rules/credit.md §3). Internal to staff: the pages that show them check their grants."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from hongdun.credit.choices import RunStatus
from hongdun.credit.labels import INDICATOR_LABELS, OVERRIDE_LABELS
from hongdun.credit.models import Classification, ClassificationRun
from hongdun.enterprises.models import Enterprise

# The reason of a move that no input explains: the same inputs scored by a changed scheme
# (`ClassificationRun.move_reasons` keys are override codes, indicator codes or this).
SCHEME_CHANGED = "scheme"


def move_reason_label(code: str) -> str:
    """The Chinese name of a reason of `ClassificationRun.move_reasons`."""
    if code == SCHEME_CHANGED:
        return _("分类方案调整")
    if code and code in OVERRIDE_LABELS:
        return str(OVERRIDE_LABELS[code])
    return str(INDICATOR_LABELS.get(code, code))


def current_run() -> ClassificationRun | None:
    """The classes in force: the latest month that was classified successfully."""
    return (
        ClassificationRun.objects.filter(status=RunStatus.SUCCEEDED)
        .select_related("scheme")
        .order_by("-month", "-started_at")
        .first()
    )


def previous_run(month: datetime.date) -> ClassificationRun | None:
    """The latest succeeded run of a month before `month` (what a run of `month` compares with)."""
    return (
        ClassificationRun.objects.filter(status=RunStatus.SUCCEEDED, month__lt=month)
        .order_by("-month", "-started_at")
        .first()
    )


def failed_since_current() -> ClassificationRun | None:
    """The latest run that failed after the classes in force were made (the page says that the
    last month's classes stay in force, and why the new month has none)."""
    current = current_run()
    failed = ClassificationRun.objects.filter(status=RunStatus.FAILED)
    if current is not None:
        failed = failed.filter(started_at__gt=current.started_at)
    return failed.order_by("-started_at").first()


def runs() -> QuerySet[ClassificationRun]:
    """Every run, the latest month first (failed ones kept with their error)."""
    return ClassificationRun.objects.select_related("scheme", "triggered_by", "previous").order_by(
        "-month", "-started_at"
    )


def run_for_month(month: datetime.date) -> ClassificationRun | None:
    """The succeeded run of the month of `month` (any day of it)."""
    return (
        ClassificationRun.objects.filter(
            status=RunStatus.SUCCEEDED, month=datetime.date(month.year, month.month, 1)
        )
        .select_related("scheme")
        .first()
    )


def enterprise_history(enterprise: Enterprise | int) -> QuerySet[Classification]:
    """The enterprise's classes over time, the latest month first, each with its run (month,
    data day) and the scheme version that gave it (succeeded runs only)."""
    return (
        Classification.objects.filter(enterprise=enterprise, run__status=RunStatus.SUCCEEDED)
        .select_related("run", "run__scheme")
        .order_by("-run__month", "-run__started_at")
    )


def current_classification(enterprise: Enterprise | int) -> Classification | None:
    """The enterprise's class in force (of `current_run`), or None when it has none."""
    run = current_run()
    if run is None:
        return None
    return (
        Classification.objects.filter(run=run, enterprise=enterprise)
        .select_related("run", "run__scheme")
        .first()
    )
