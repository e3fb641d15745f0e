"""Reads of the credit-risk classes for the staff pages (docs/rules/credit.md §8): the run in
force and the failure notice, the distribution and moves of a unit subtree, the trend over the
last months, the list of enterprises with their current class, and one enterprise's history.

Every read of classes goes through `restrict` (kind "credit.classification", by the enterprise's
registration authority); the runs and schemes are city-wide (kind "credit.scheme"). City-wide
figures for a reader whose reach is the whole city come from what the run stored (its counts and
moves), so the landing page does not count a million rows on every visit."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils.translation import gettext as _

from hongdun.accounts.types import AnyUser
from hongdun.core.scope import Action, reachable, restrict, unit_in_reach
from hongdun.credit.choices import RiskClass, RunStatus
from hongdun.credit.models import Classification, ClassificationRun
from hongdun.credit.permissions import CLASSIFICATION
from hongdun.enterprises.models import Enterprise
from hongdun.enterprises.selectors import _name_postings, search_query_parse
from hongdun.orgs.models import Unit

# The list counts at most this many rows; beyond it the page says "more than" and asks for
# narrower filters (as the clerk's queue does): counting a million rows on every page costs more
# than the rest of the page, and nobody pages through 400 pages of 25.
COUNT_LIMIT = 10_000
TREND_SPANS = (12, 24)
TREND_CACHE_SECONDS = 6 * 3600


# --- runs -----------------------------------------------------------------------------------


def run_in_force() -> ClassificationRun | None:
    """The latest succeeded run: its classes are the ones in force."""
    return (
        ClassificationRun.objects.filter(status=RunStatus.SUCCEEDED)
        .select_related("scheme", "previous")
        .order_by("-month", "-started_at")
        .first()
    )


@dataclass(frozen=True)
class FailureNotice:
    """The latest run failed: its month and error, and the month whose classes stay in force."""

    failed: ClassificationRun
    in_force: ClassificationRun | None

    @property
    def text(self) -> str:
        month = f"{self.failed.month:%Y-%m}"
        error = self.failed.error or _("未记录原因")
        if self.in_force is None:
            return _("本月（%(month)s）分类失败：%(error)s；尚无可沿用的分类结果") % {
                "month": month,
                "error": error,
            }
        return _("本月（%(month)s）分类失败：%(error)s；仍沿用 %(previous)s 的分类结果") % {
            "month": month,
            "error": error,
            "previous": f"{self.in_force.month:%Y-%m}",
        }


def failure_notice(in_force: ClassificationRun | None) -> FailureNotice | None:
    """A notice when the most recent finished run failed and its month has no succeeded run."""
    latest = (
        ClassificationRun.objects.exclude(status=RunStatus.RUNNING)
        .order_by("-month", "-started_at")
        .first()
    )
    if latest is None or latest.status != RunStatus.FAILED:
        return None
    if in_force is not None and in_force.month >= latest.month:
        return None
    return FailureNotice(failed=latest, in_force=in_force)


def succeeded_runs(limit: int) -> list[ClassificationRun]:
    """The last `limit` succeeded runs, oldest first (one per month by constraint)."""
    runs = list(
        ClassificationRun.objects.filter(status=RunStatus.SUCCEEDED).order_by("-month")[:limit]
    )
    return runs[::-1]


def runs_list() -> QuerySet[ClassificationRun]:
    return ClassificationRun.objects.select_related("scheme", "triggered_by").order_by(
        "-month", "-started_at", "-pk"
    )


def run_get(pk: int) -> ClassificationRun:
    try:
        return ClassificationRun.objects.select_related("scheme", "triggered_by", "previous").get(
            pk=pk
        )
    except ClassificationRun.DoesNotExist as error:
        raise Http404(_("没有找到该分类批次。")) from error


# --- scope and units ------------------------------------------------------------------------


def _subtree_ids(unit_id: int) -> list[int]:
    return list(Unit.objects.descendants(unit_id, include_self=True).values_list("pk", flat=True))


def whole_city(user: AnyUser, unit_id: int | None) -> bool:
    """Does the reader see every enterprise with no unit chosen? Then the run's own counts are
    the answer."""
    return unit_id is None and reachable(user, CLASSIFICATION, Action.VIEW).everything


def classes_in_reach(
    user: AnyUser, run: ClassificationRun, unit_id: int | None = None
) -> QuerySet[Classification]:
    rows = restrict(Classification.objects.filter(run=run), user)
    if unit_id is not None:
        rows = rows.filter(enterprise__registration_authority__in=_subtree_ids(unit_id))
    return rows


def class_order(keys: Iterable[str]) -> list[str]:
    present = set(keys)
    return [value for value in RiskClass.values if value in present]


# --- distribution ----------------------------------------------------------------------------


@dataclass
class Distribution:
    run: ClassificationRun
    counts: dict[str, int]
    total: int
    moves: dict[tuple[str, str], int]
    classes: list[str]
    move_reasons: list[tuple[str, str, int, list[tuple[str, int]]]] = field(default_factory=list)
    reasons_city_wide: bool = True

    @property
    def matrix(self) -> list[tuple[str, list[tuple[str, int]]]]:
        """Rows "from", columns "to"; the diagonal (no move) is left out as 0."""
        return [
            (source, [(target, self.moves.get((source, target), 0)) for target in self.classes])
            for source in self.classes
        ]

    @property
    def moved(self) -> int:
        return sum(self.moves.values())


def _parse_moves(stored: dict[str, Any]) -> dict[tuple[str, str], int]:
    moves: dict[tuple[str, str], int] = {}
    for key, count in stored.items():
        source, _sep, target = str(key).partition(">")
        if source and target and source != target:
            moves[(source, target)] = int(count)
    return moves


def _top_reasons(
    run: ClassificationRun, top: int = 3
) -> list[tuple[str, str, int, list[tuple[str, int]]]]:
    """Per move (from, to): its count and its most frequent reasons, as the run stored them."""
    rows = []
    moves = _parse_moves(run.moves)
    for key, reasons in (run.move_reasons or {}).items():
        source, _sep, target = str(key).partition(">")
        ranked = sorted(
            ((str(name), int(n)) for name, n in dict(reasons).items()), key=lambda r: -r[1]
        )
        rows.append((source, target, moves.get((source, target), 0), ranked[:top]))
    rows.sort(key=lambda r: -r[2])
    return rows


def previous_class_subquery(run: ClassificationRun) -> Subquery:
    return Subquery(
        Classification.objects.filter(
            run_id=run.previous_id, enterprise_id=OuterRef("enterprise_id")
        ).values("risk_class")[:1]
    )


def distribution(
    *, user: AnyUser, run: ClassificationRun, unit_id: int | None = None
) -> Distribution:
    """Counts per class of the run and the moves against its previous run, for the reader's
    reach (and the chosen unit's subtree)."""
    if whole_city(user, unit_id):
        counts = {str(k): int(v) for k, v in (run.counts or {}).items() if k in RiskClass.values}
        moves = _parse_moves(run.moves or {})
    else:
        rows = classes_in_reach(user, run, unit_id)
        counts = {
            row["risk_class"]: row["n"]
            for row in rows.order_by().values("risk_class").annotate(n=Count("pk"))
        }
        moves = {}
        if run.previous_id is not None:
            moved = (
                rows.annotate(previous_class=previous_class_subquery(run))
                .exclude(previous_class=None)
                .exclude(previous_class=F("risk_class"))
                .order_by()
                .values("previous_class", "risk_class")
                .annotate(n=Count("pk"))
            )
            moves = {(r["previous_class"], r["risk_class"]): r["n"] for r in moved}
    classes = class_order(
        [*counts, *(s for s, _t in moves), *(t for _s, t in moves), "A", "B", "C", "D"]
    )
    return Distribution(
        run=run,
        counts={c: counts.get(c, 0) for c in classes},
        total=sum(counts.values()),
        moves=moves,
        classes=classes,
        move_reasons=_top_reasons(run),
        reasons_city_wide=not whole_city(user, unit_id),
    )


def trend(
    *, user: AnyUser, runs: Sequence[ClassificationRun], unit_id: int | None = None
) -> dict[str, list[int]]:
    """Per class, its count in each of `runs` (oldest first), for the reader's reach. A past
    run's classes never change, so a subtree's figures are cached per set of runs."""
    if not runs:
        return {}
    if whole_city(user, unit_id):
        per_run = [{str(k): int(v) for k, v in (run.counts or {}).items()} for run in runs]
    else:
        reach = reachable(user, CLASSIFICATION, Action.VIEW)
        scope = "all" if reach.everything else ",".join(map(str, sorted(reach.unit_ids)))
        runs_key = ",".join(f"{r.pk}@{r.started_at.isoformat()}" for r in runs)
        key_text = f"{scope}|{unit_id}|{runs_key}"
        key = "credit-trend:" + hashlib.sha256(key_text.encode()).hexdigest()
        cached = cache.get(key)
        if cached is None:
            rows = restrict(Classification.objects.filter(run__in=list(runs)), user)
            if unit_id is not None:
                rows = rows.filter(enterprise__registration_authority__in=_subtree_ids(unit_id))
            found: dict[int, dict[str, int]] = {}
            for row in rows.order_by().values("run_id", "risk_class").annotate(n=Count("pk")):
                found.setdefault(row["run_id"], {})[row["risk_class"]] = row["n"]
            cached = [found.get(run.pk, {}) for run in runs]
            cache.set(key, cached, TREND_CACHE_SECONDS)
        per_run = cached
    classes = class_order({c for counts in per_run for c in counts} | {"A", "B", "C", "D"})
    return {c: [counts.get(c, 0) for counts in per_run] for c in classes}


# --- the list ------------------------------------------------------------------------------


class MovedFilter:
    MOVED = "moved"
    UP = "up"
    DOWN = "down"
    STAYED = "stayed"


def class_list(
    *, user: AnyUser, run: ClassificationRun, filters: dict[str, Any]
) -> QuerySet[Classification]:
    """The run's classes in the reader's reach, filtered, in enterprise order (the unique
    (run, enterprise) index walks it)."""
    rows = classes_in_reach(user, run, filters.get("unit"))
    if filters.get("risk_class"):
        rows = rows.filter(risk_class=filters["risk_class"])
    override = filters.get("override")
    if override == "any":
        rows = rows.exclude(override="")
    elif override == "none":
        rows = rows.filter(override="")
    elif override:
        rows = rows.filter(override=override)
    moved = filters.get("moved")
    if moved:
        rows = rows.annotate(previous_class=previous_class_subquery(run))
        if moved == MovedFilter.STAYED:
            rows = rows.filter(Q(previous_class=None) | Q(previous_class=F("risk_class")))
        else:
            rows = rows.exclude(previous_class=None).exclude(previous_class=F("risk_class"))
            # Classes run from low risk (A) to high: a move "up" is to a lower letter.
            if moved == MovedFilter.UP:
                rows = rows.filter(previous_class__gt=F("risk_class"))
            elif moved == MovedFilter.DOWN:
                rows = rows.filter(previous_class__lt=F("risk_class"))
    text = str(filters.get("q") or "").strip()
    if text:
        query = search_query_parse(text)
        if query.kind == "uscc":
            rows = rows.filter(enterprise__uscc=query.text)
        else:
            # The register's indexed name search (the same postings as the public query).
            postings, _count = _name_postings(query.text)
            if postings is None:
                return rows.none()
            rows = rows.filter(enterprise_id__in=postings.values("enterprise_id"))
    return rows.order_by("enterprise_id")


class ClassRows:
    """The list for the paginator, in two steps: the ids of one page (a narrow read along the
    run's index), then those rows with their enterprise, authority and previous class. `count()`
    stops at `limit`; `more` then says there are more rows than counted."""

    def __init__(
        self,
        queryset: QuerySet[Classification],
        run: ClassificationRun,
        *,
        limit: int = COUNT_LIMIT,
    ) -> None:
        self.queryset = queryset
        self.run = run
        self.limit = limit
        self.more = False
        self.ordered = True

    def count(self) -> int:
        counted = self.queryset.order_by().values("pk")[: self.limit + 1].count()
        self.more = counted > self.limit
        return min(counted, self.limit)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[Classification]:
        ids = list(self.queryset.values_list("id", flat=True)[index])
        return with_details(Classification.objects.filter(id__in=ids), self.run, order=ids)


def with_details(
    rows: QuerySet[Classification], run: ClassificationRun, *, order: list[int] | None = None
) -> list[Classification]:
    found: list[Classification] = list(
        rows.select_related("enterprise", "enterprise__registration_authority").annotate(
            previous_class=previous_class_subquery(run)
        )
    )
    if order is None:
        return found
    by_id = {row.pk: row for row in found}
    return [by_id[pk] for pk in order if pk in by_id]


# --- one enterprise -------------------------------------------------------------------------


def enterprise_for_classes(*, user: AnyUser, pk: int) -> Enterprise:
    """The enterprise if its classes are in the reader's reach; otherwise it does not exist."""
    enterprise = Enterprise.objects.select_related("registration_authority").filter(pk=pk).first()
    if enterprise is None or not unit_in_reach(
        user, CLASSIFICATION, enterprise.registration_authority_id
    ):
        raise Http404(_("没有找到该市场主体，或它不在您的管辖范围内。"))
    return enterprise
