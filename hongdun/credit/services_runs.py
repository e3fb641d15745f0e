"""The monthly credit-risk reclassification (docs/rules/credit.md §3).

`reclassify(month)` classifies every enterprise on the register with the scheme in force, set-based:
the inputs are read as of one day by a handful of grouped statements (`inputs_sql.inputs_as_of`),
the engine classifies them all at once (numpy), and one `Classification` row per enterprise is
written in bulk (PostgreSQL: COPY; SQLite: executemany in chunks), with the inputs, so that the
month re-runs from what was stored (`rerun`). The run row records the distribution, the moves
against the previous succeeded month and why they moved.

The run row is written (status running) and committed before the data: a second run at the same
time is refused, and a run that fails is marked failed with its error in a transaction of its
own, after the data transaction rolled back, so that the last month's classes stay in force.
Called inside an outer transaction (the scheduled step), the same happens with savepoints.
"""

from __future__ import annotations

import datetime
import time
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Field
from django.utils import timezone
from django.utils.translation import gettext as _
from numpy.typing import NDArray

from hongdun.accounts.models import User
from hongdun.core.exceptions import ApplicationError
from hongdun.core.services import audit_record
from hongdun.credit.choices import RunStatus
from hongdun.credit.engine.classify import Classified, classify
from hongdun.credit.engine.inputs import INPUT_FIELDS, inputs_from_rows
from hongdun.credit.engine.scheme import Scheme, SchemeError, default_scheme
from hongdun.credit.inputs_sql import inputs_as_of
from hongdun.credit.models import Classification, ClassificationRun, CreditScheme
from hongdun.credit.schemes import active_scheme, scheme_of
from hongdun.credit.selectors_runs import SCHEME_CHANGED, current_run, previous_run
from hongdun.enterprises.models import Enterprise
from hongdun.supervision.models import ScheduledRun

__all__ = [
    "RerunDifference",
    "RerunReport",
    "current_run",
    "reclassification_step",
    "reclassify",
    "rerun",
]

Progress = Callable[[str], None]

# A run still "running" after this long was cut off (the process died): the next run marks it
# failed instead of waiting for it for ever. A city of a million enterprises takes about a minute.
STALE_AFTER = datetime.timedelta(hours=6)
# Rows per executemany on SQLite (one statement prepared, the rows bound in C).
SQLITE_CHUNK = 50_000
# Differences a re-run lists by enterprise (the counts cover all of them).
RERUN_EXAMPLES = 20
# The stored columns of a result, in the order the bulk write sends them.
RESULT_FIELDS = ("run", "enterprise", "risk_class", "score", "override")


def _month_start(value: datetime.date) -> datetime.date:
    return datetime.date(value.year, value.month, 1)


def _month_end(month: datetime.date) -> datetime.date:
    following = datetime.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return following - datetime.timedelta(days=1)


def _month_label(month: datetime.date) -> str:
    return _("%(year)s年%(month)s月") % {"year": month.year, "month": month.month}


def _as_of(
    month: datetime.date, as_of: datetime.date | None, today: datetime.date
) -> datetime.date:
    """The day the month's inputs are read as of: the given day, else today for the current
    month and the month's first day for a past one."""
    if month > _month_start(today):
        raise ApplicationError(
            _("不能对尚未开始的月份（%(month)s）分类，请选择本月或以前的月份。")
            % {"month": _month_label(month)},
            field="month",
        )
    if as_of is None:
        return today if month == _month_start(today) else month
    if not month <= as_of <= _month_end(month) or as_of > today:
        raise ApplicationError(
            _(
                "数据截止日须在%(month)s内且不晚于今天（%(today)s），请改为%(first)s至%(last)s之间的日期。"
            )
            % {
                "month": _month_label(month),
                "today": today.isoformat(),
                "first": month.isoformat(),
                "last": min(_month_end(month), today).isoformat(),
            },
            field="as_of",
        )
    return as_of


def _serialise() -> None:
    """One run starts at a time (PostgreSQL: a transaction-level advisory lock until the run row
    is written; SQLite transactions are IMMEDIATE, one writer at a time)."""
    if connection.vendor == "postgresql":
        key = zlib.crc32(b"hongdun.credit.services_runs.reclassify")
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])


def _fail(run: ClassificationRun, error: str, actor: User | None) -> None:
    run.status = RunStatus.FAILED
    run.error = error[:4000]
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "error", "finished_at"])
    audit_record(
        actor=actor,
        action="credit.run.failed",
        instance=run,
        after={"month": run.month.isoformat(), "as_of": run.as_of.isoformat(), "error": run.error},
    )


def _refuse_or_clear(month: datetime.date, actor: User | None) -> None:
    """Refuse while another run is running (one left running by a process that died long ago
    is marked failed first) or when the month already has its classes."""
    for running in ClassificationRun.objects.select_for_update().filter(status=RunStatus.RUNNING):
        if timezone.now() - running.started_at < STALE_AFTER:
            raise ApplicationError(
                _(
                    "%(month)s的信用风险分类正在运行（%(started)s开始），同一时间只能运行一次，"
                    "请待其结束后再试。"
                )
                % {
                    "month": _month_label(running.month),
                    "started": timezone.localtime(running.started_at).strftime("%Y-%m-%d %H:%M"),
                },
                field="month",
            )
        _fail(
            running,
            _("运行中断：超过%(hours)s小时未结束，视为失败。")
            % {"hours": int(STALE_AFTER.total_seconds() // 3600)},
            actor,
        )
    done = ClassificationRun.objects.filter(month=month, status=RunStatus.SUCCEEDED).first()
    if done is not None:
        raise ApplicationError(
            _(
                "%(month)s的信用风险分类已于%(finished)s完成，每月只分类一次；"
                "如需核对，请对该月重新计算（不写入）。"
            )
            % {
                "month": _month_label(month),
                "finished": timezone.localtime(done.finished_at or done.started_at).strftime(
                    "%Y-%m-%d %H:%M"
                ),
            },
            field="month",
        )


def _start(month: datetime.date, as_of: datetime.date, actor: User | None) -> ClassificationRun:
    """Write the run row (running), refusing as `_refuse_or_clear` says."""
    try:
        with transaction.atomic():
            _serialise()
            _refuse_or_clear(month, actor)
            row = CreditScheme.objects.filter(is_active=True).first()
            if row is None:
                row, _scheme = active_scheme()
            run = ClassificationRun.objects.create(
                month=month,
                as_of=as_of,
                scheme=row,
                status=RunStatus.RUNNING,
                previous=previous_run(month),
                triggered_by=actor,
            )
    except IntegrityError:
        # Another run got in between the check and the insert (the constraints settle it).
        raise ApplicationError(
            _("另一次信用风险分类刚刚开始或已完成%(month)s的分类，请刷新后查看。")
            % {"month": _month_label(month)},
            field="month",
        ) from None
    return run


# --- the bulk write ------------------------------------------------------------------------------


def _column(name: str) -> str:
    field = Classification._meta.get_field(name)
    assert isinstance(field, Field)  # noqa: S101 (concrete fields of the model)
    return str(field.column)


def _columns() -> list[str]:
    return [_column(name) for name in (*RESULT_FIELDS, *INPUT_FIELDS)]


def _rows(
    run: ClassificationRun,
    ids: NDArray[np.int64],
    inputs: dict[str, NDArray[Any]],
    result: Classified,
) -> Iterator[tuple[Any, ...]]:
    """The rows to write, as plain Python values (NaN ratio → NULL)."""
    ratio = inputs["paid_in_ratio"]
    as_objects = ratio.astype(object)
    as_objects[np.isnan(ratio)] = None
    ratio_values = as_objects.tolist()
    values: list[list[Any]] = [
        [run.pk] * len(ids),
        ids.tolist(),
        result.classes.tolist(),
        result.scores.tolist(),
        result.overrides.tolist(),
    ]
    for name in INPUT_FIELDS:
        values.append(ratio_values if name == "paid_in_ratio" else inputs[name].tolist())
    return zip(*values, strict=True)


def _chunks(rows: Iterator[tuple[Any, ...]], size: int) -> Iterable[list[tuple[Any, ...]]]:
    while True:
        chunk = [row for _index, row in zip(range(size), rows, strict=False)]
        if not chunk:
            return
        yield chunk


def _write(rows: Iterator[tuple[Any, ...]], progress: Progress | None, total: int) -> None:
    table = connection.ops.quote_name(Classification._meta.db_table)
    names = ", ".join(connection.ops.quote_name(column) for column in _columns())
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            # A month's worth of new rows: without fresh statistics the planner takes the two
            # runs the diff joins for a few rows each and nests its loops (quadratic).
            cursor.execute(f"ANALYZE {table}")
            return
        marks = ", ".join(["%s"] * len(_columns()))
        sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608 (identifiers only)
        written = 0
        for chunk in _chunks(rows, SQLITE_CHUNK):
            cursor.executemany(sql, chunk)
            written += len(chunk)
            if progress is not None and written < total:
                progress(
                    _("已写入 %(done)s/%(total)s") % {"done": f"{written:,}", "total": f"{total:,}"}
                )


# --- the diff against the previous month ---------------------------------------------------------


def _distribution(scheme: Scheme, classes: NDArray[np.str_]) -> dict[str, int]:
    found = Counter(classes.tolist())
    return {name: int(found.get(name, 0)) for name in scheme.classes}


def _movers(run: ClassificationRun, previous: ClassificationRun) -> list[tuple[Any, ...]]:
    """Per enterprise whose class changed since `previous`: its id, both classes, both
    overrides and its stored inputs of the previous month (one join of the two runs)."""
    table = connection.ops.quote_name(Classification._meta.db_table)
    inputs = ", ".join(f"p.{connection.ops.quote_name(name)}" for name in _input_columns())
    sql = (
        "SELECT c.enterprise_id, p.risk_class, c.risk_class, p.override, c.override, "  # noqa: S608
        f"{inputs} FROM {table} c JOIN {table} p "
        "ON p.enterprise_id = c.enterprise_id AND p.run_id = %s "
        "WHERE c.run_id = %s AND p.risk_class <> c.risk_class ORDER BY c.enterprise_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [previous.pk, run.pk])
        return list(cursor.fetchall())


def _input_columns() -> list[str]:
    return [_column(name) for name in INPUT_FIELDS]


def _points_matrix(
    points: dict[str, NDArray[np.float64]], codes: Sequence[str], rows: NDArray[np.intp]
) -> NDArray[np.float64]:
    """The points of `rows` (positions), one column per indicator code (0 where the scheme
    does not weigh it)."""
    return np.column_stack(
        [points[code][rows] if code in points else np.zeros(len(rows)) for code in codes]
    )


def _moves(
    run: ClassificationRun,
    previous: ClassificationRun | None,
    scheme: Scheme,
    ids: NDArray[np.int64],
    result: Classified,
) -> tuple[dict[str, int], dict[str, dict[str, int]]]:
    """How many moved from each class to each other since `previous`, and why: the override
    that now applies or no longer applies, else the indicator whose points changed most, else
    the scheme (the same inputs scored by a changed scheme)."""
    if previous is None:
        return {}, {}
    movers = _movers(run, previous)
    if not movers:
        return {}, {}
    try:
        before_scheme = scheme_of(previous.scheme)
    except SchemeError:
        before_scheme = scheme
    before = classify(inputs_from_rows([row[5:] for row in movers]), before_scheme)
    mover_ids = np.array([row[0] for row in movers], dtype=np.int64)
    positions = np.searchsorted(ids, mover_ids)
    codes = list(dict.fromkeys([*scheme.weights, *before_scheme.weights]))
    if codes:
        now_points = _points_matrix(result.points, codes, positions)
        before_points = _points_matrix(before.points, codes, np.arange(len(movers)))
        changed = np.abs(now_points - before_points)
    else:
        changed = np.zeros((len(movers), 1))
    biggest = changed.argmax(axis=1)
    moves: Counter[str] = Counter()
    reasons: dict[str, Counter[str]] = {}
    for index, (_id, was, now, override_was, override_now, *_inputs) in enumerate(movers):
        key = f"{was}>{now}"
        moves[key] += 1
        if override_now != override_was:
            reason = override_now or override_was
        elif codes and changed[index, biggest[index]] > 0:
            reason = codes[int(biggest[index])]
        else:
            reason = SCHEME_CHANGED
        reasons.setdefault(key, Counter())[reason] += 1
    return dict(sorted(moves.items())), {
        key: dict(counter.most_common()) for key, counter in sorted(reasons.items())
    }


# --- the run -------------------------------------------------------------------------------------


def _classify_month(
    run: ClassificationRun, progress: Progress | None
) -> tuple[dict[str, int], dict[str, int], dict[str, dict[str, int]]]:
    def say(text: str) -> None:
        if progress is not None:
            progress(text)

    started = time.monotonic()
    scheme = scheme_of(run.scheme)
    say(_("读取%(day)s的数据……") % {"day": run.as_of.isoformat()})
    ids, inputs = inputs_as_of(run.as_of)
    say(
        _("已读取 %(count)s 户企业的指标数据（%(seconds).1f秒）；分类……")
        % {"count": f"{len(ids):,}", "seconds": time.monotonic() - started}
    )
    result = classify(inputs, scheme)
    say(_("写入分类结果……"))
    _write(_rows(run, ids, inputs, result), progress, len(ids))
    say(_("已写入（%(seconds).1f秒）；与上次分类对比……") % {"seconds": time.monotonic() - started})
    counts = _distribution(scheme, result.classes)
    moves, reasons = _moves(run, run.previous, scheme, ids, result)
    return counts, moves, reasons


def reclassify(
    month: datetime.date,
    *,
    triggered_by: User | None = None,
    as_of: datetime.date | None = None,
    today: datetime.date | None = None,
    progress: Progress | None = None,
) -> ClassificationRun:
    """Classify every enterprise on the register for `month` (any day of it), its inputs read as
    of `as_of` (module docstring). Refuses (ApplicationError) a month not begun, a day outside the
    month, a second run while one runs, and a month already classified. Returns the run:
    succeeded, or failed with its error (nothing of it written, the last month still in force)."""
    actor = triggered_by if triggered_by is not None and triggered_by.is_authenticated else None
    today = today or timezone.localdate()
    month = _month_start(month)
    day = _as_of(month, as_of, today)
    run = _start(month, day, actor)
    try:
        with transaction.atomic():
            counts, moves, reasons = _classify_month(run, progress)
            run.status = RunStatus.SUCCEEDED
            run.finished_at = timezone.now()
            run.counts, run.moves, run.move_reasons = counts, moves, reasons
            run.save(update_fields=["status", "finished_at", "counts", "moves", "move_reasons"])
            audit_record(
                actor=actor,
                action="credit.run.succeeded",
                instance=run,
                after={
                    "month": month.isoformat(),
                    "as_of": day.isoformat(),
                    "scheme_version": run.scheme.version,
                    "counts": counts,
                    "moves": moves,
                },
            )
    except Exception as error:
        run.refresh_from_db()
        with transaction.atomic():
            _fail(run, f"{type(error).__name__}: {error}", actor)
    return run


# --- re-running a past month from its stored inputs ----------------------------------------------


@dataclass(frozen=True)
class RerunDifference:
    enterprise_id: int
    uscc: str
    name: str
    stored_class: str
    rerun_class: str
    stored_score: float
    rerun_score: float


@dataclass(frozen=True)
class RerunReport:
    run: ClassificationRun
    compared: int
    identical: int
    different: int
    differences: list[RerunDifference] = field(default_factory=list)

    @property
    def same(self) -> bool:
        return self.different == 0 and self.compared > 0


def rerun(run: ClassificationRun) -> RerunReport:
    """Classify the run's stored inputs again with the run's own scheme version and compare the
    classes and scores with what was stored. Writes nothing."""
    if run.status != RunStatus.SUCCEEDED:
        raise ApplicationError(
            _("%(month)s的这次分类未完成（%(status)s），没有可重新计算的数据。")
            % {"month": _month_label(run.month), "status": run.get_status_display()},
            field="run",
        )
    try:
        scheme = scheme_of(run.scheme)
    except SchemeError as error:
        raise ApplicationError(
            _("该批次使用的方案（版本%(version)s）无法解析：%(error)s")
            % {"version": run.scheme.version, "error": error},
            field="run",
        ) from error
    table = connection.ops.quote_name(Classification._meta.db_table)
    inputs_sql = ", ".join(connection.ops.quote_name(name) for name in _input_columns())
    sql = (
        f"SELECT enterprise_id, risk_class, score, {inputs_sql} FROM {table} "  # noqa: S608
        "WHERE run_id = %s ORDER BY enterprise_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [run.pk])
        stored = list(cursor.fetchall())
    result = classify(inputs_from_rows([row[3:] for row in stored]), scheme)
    stored_classes = np.array([row[1] for row in stored], dtype="<U1")
    stored_scores = np.array([row[2] for row in stored], dtype=np.float64)
    differ = (stored_classes != result.classes) | (stored_scores != result.scores)
    where = np.flatnonzero(differ)[:RERUN_EXAMPLES]
    names = {
        pk: (uscc, name)
        for pk, uscc, name in Enterprise.objects.filter(
            pk__in=[stored[index][0] for index in where]
        ).values_list("pk", "uscc", "name")
    }
    examples = [
        RerunDifference(
            enterprise_id=stored[index][0],
            uscc=names.get(stored[index][0], ("", ""))[0],
            name=names.get(stored[index][0], ("", ""))[1],
            stored_class=str(stored_classes[index]),
            rerun_class=str(result.classes[index]),
            stored_score=float(stored_scores[index]),
            rerun_score=float(result.scores[index]),
        )
        for index in where
    ]
    different = int(differ.sum())
    return RerunReport(
        run=run,
        compared=len(stored),
        identical=len(stored) - different,
        different=different,
        differences=examples,
    )


# --- the scheduled step --------------------------------------------------------------------------


def reclassify_day(month: datetime.date) -> datetime.date:
    """The day of `month` the scheduled run reclassifies it (HONGDUN["CREDIT_RECLASSIFY_DAY"],
    the month's last day for a month shorter than that)."""
    wanted = int(settings.HONGDUN["CREDIT_RECLASSIFY_DAY"])
    return min(
        month.replace(day=1) + datetime.timedelta(days=max(wanted, 1) - 1), _month_end(month)
    )


def reclassification_step(
    *, day: datetime.date, run: ScheduledRun | None, commit: bool
) -> dict[str, int]:
    """`run_scheduled`'s monthly step: the first run on or after the reclassification day of a
    month classifies that month as of that day. A dry run counts the classes it would give and
    writes nothing. A failed classification leaves its failed run row and the last month's
    classes (a savepoint inside the step's transaction) and is reported as {"failed": 1}."""
    month = _month_start(day)
    if day < reclassify_day(month):
        return {"not_due": 1}
    if ClassificationRun.objects.filter(month=month, status=RunStatus.SUCCEEDED).exists():
        return {"already_run": 1}
    if not commit:
        row = CreditScheme.objects.filter(is_active=True).first()
        try:
            # A dry run writes nothing, not even the default scheme a first run creates.
            scheme = scheme_of(row) if row is not None else default_scheme()
            ids, inputs = inputs_as_of(day)
            counts = _distribution(scheme, classify(inputs, scheme).classes)
        except SchemeError:
            return {"failed": 1}
        return {"enterprises": len(ids), **counts}
    actor = run.triggered_by if run is not None else None
    try:
        done = reclassify(month, as_of=day, today=day, triggered_by=actor)
    except ApplicationError:
        return {"busy": 1}
    if done.status != RunStatus.SUCCEEDED:
        return {"failed": 1}
    return {
        "enterprises": sum(done.counts.values()),
        "moved": sum(done.moves.values()),
        **done.counts,
    }
