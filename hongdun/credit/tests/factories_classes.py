"""Schemes, runs and classes for the staff pages' tests, written as the monthly run stores them
(the pages read the stored rows; the run itself is the job's and is tested there)."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from hongdun.credit.choices import RunStatus
from hongdun.credit.engine.scheme import DEFAULT_DEFINITION, DEFAULT_SAMPLING
from hongdun.credit.models import Classification, ClassificationRun, CreditScheme
from hongdun.enterprises.models import Enterprise


def scheme(version: int = 1, *, active: bool = True, **fields: Any) -> CreditScheme:
    return CreditScheme.objects.create(
        version=version,
        name=fields.pop("name", f"方案{version}"),
        definition=fields.pop("definition", DEFAULT_DEFINITION),
        sampling=fields.pop("sampling", DEFAULT_SAMPLING),
        is_active=active,
        activated_at=timezone.now() if active else None,
        **fields,
    )


def run(
    month: datetime.date,
    used: CreditScheme,
    *,
    status: str = RunStatus.SUCCEEDED,
    previous: ClassificationRun | None = None,
    **fields: Any,
) -> ClassificationRun:
    row = ClassificationRun.objects.create(
        month=month,
        as_of=fields.pop("as_of", month),
        scheme=used,
        status=status,
        previous=previous,
        **fields,
    )
    if status != RunStatus.RUNNING:
        row.finished_at = row.started_at + datetime.timedelta(seconds=42)
        row.save(update_fields=["finished_at"])
    return row


def classify(
    run_row: ClassificationRun,
    enterprise: Enterprise,
    risk_class: str,
    *,
    score: float = 0.0,
    override: str = "",
    **inputs: Any,
) -> Classification:
    return Classification.objects.create(
        run=run_row,
        enterprise=enterprise,
        risk_class=risk_class,
        score=score,
        override=override,
        **inputs,
    )


def store_counts(run_row: ClassificationRun) -> ClassificationRun:
    """The distribution and moves the job stores on a run, computed from its rows."""
    counts: dict[str, int] = {}
    for row in Classification.objects.filter(run=run_row):
        counts[row.risk_class] = counts.get(row.risk_class, 0) + 1
    moves: dict[str, int] = {}
    if run_row.previous_id is not None:
        before = dict(
            Classification.objects.filter(run_id=run_row.previous_id).values_list(
                "enterprise_id", "risk_class"
            )
        )
        for row in Classification.objects.filter(run=run_row):
            old = before.get(row.enterprise_id)
            if old and old != row.risk_class:
                key = f"{old}>{row.risk_class}"
                moves[key] = moves.get(key, 0) + 1
    run_row.counts = counts
    run_row.moves = moves
    run_row.save(update_fields=["counts", "moves"])
    return run_row
