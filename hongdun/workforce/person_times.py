"""The person-time rollup (`PersonTime`, one row per (class, person) with attendance), kept equal to
a recomputation from `Attendance` in the transaction that writes the attendance (ADR 0011).

Every write rewrites the rollup rows of the (class, person) pairs it touched from their attendance
rows with one DELETE and one INSERT … SELECT … GROUP BY, after locking the classes' rows. The lock
serialises writers of the same class, so two writers adding sessions for one pair cannot both insert
its row (the unique constraint), and the second recomputes after the first has committed and sees
its rows. Writers of different classes do not wait for each other. Classes are locked in id order.

Single-row writes reach this module through the model signals connected below (the back-office
forms, `Model.save()`/`delete()`, and deletes that cascade from a session, class or person). Bulk
writes, which send no signals, call `person_times_rebuild` for the classes they wrote: the Excel
import, the demo bureau, the benchmark's generator, the `rebuild_attendance_rollup` command and
the migration that created the table.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save, pre_save

from hongdun.workforce.choices import ATTENDED_STATUSES
from hongdun.workforce.models import Attendance, PersonTime, PersonTimeTotal, TrainingClass

Pair = tuple[int, int]
ProgressFn = Callable[[int, int], None]

# Classes per statement of a rebuild: bounded IN lists, and progress between chunks.
CLASS_CHUNK = 500
PERSON_CHUNK = 500


def _rollup_select(where: str, params: list[Any]) -> tuple[str, list[Any]]:
    """The rollup rows of the attendance rows matching `where`, one per (class, person).

    Only attended rows (present or late) count towards the unit, dates, sessions and hours; a pair
    whose rows are all absent or excused keeps a row with 0 sessions. The unit is left empty when
    the attended rows name more than one unit."""
    statuses = [str(status) for status in ATTENDED_STATUSES]
    attended = f"status IN ({_marks(statuses)})"
    columns = [
        f"CASE WHEN MIN(CASE WHEN {attended} THEN unit_id END)"
        f" = MAX(CASE WHEN {attended} THEN unit_id END)"
        f" THEN MIN(CASE WHEN {attended} THEN unit_id END) END",
        f"MIN(CASE WHEN {attended} THEN date END)",
        f"MAX(CASE WHEN {attended} THEN date END)",
        f"SUM(CASE WHEN {attended} THEN 1 ELSE 0 END)",
        f"COALESCE(SUM(CASE WHEN {attended} THEN hours END), 0)",
    ]
    sql = (
        # Table and column names are fixed; values go in as parameters.
        f"SELECT training_class_id, person_id, {', '.join(columns)}"  # noqa: S608
        f" FROM {Attendance._meta.db_table} WHERE {where}"
        " GROUP BY training_class_id, person_id"
    )
    uses = sum(column.count(attended) for column in columns)
    return sql, statuses * uses + params


COLUMNS = "training_class_id, person_id, unit_id, first_date, last_date, sessions, hours"
TOTAL_COLUMNS = "training_class_id, first_date, last_date, person_times, hours"


def _rewrite(where: str, params: list[Any], class_ids: list[int]) -> None:
    """Replace the rollup rows matching `where` (on columns both tables share) by a recomputation
    from the attendance rows matching it, then the totals of `class_ids` from their rollup rows."""
    table, totals = PersonTime._meta.db_table, PersonTimeTotal._meta.db_table
    in_classes = f"training_class_id IN ({_marks(class_ids)})"
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE {where}", params)  # noqa: S608
        select, select_params = _rollup_select(where, params)
        cursor.execute(f"INSERT INTO {table} ({COLUMNS}) {select}", select_params)
        cursor.execute(f"DELETE FROM {totals} WHERE {in_classes}", class_ids)  # noqa: S608
        cursor.execute(
            f"INSERT INTO {totals} ({TOTAL_COLUMNS})"  # noqa: S608
            " SELECT training_class_id, MIN(first_date), MAX(last_date), COUNT(*), SUM(hours)"
            f" FROM {table} WHERE {in_classes} AND sessions > 0 GROUP BY training_class_id",
            class_ids,
        )


def _lock_classes(class_ids: Iterable[int]) -> None:
    """Lock the classes' rows in id order (a no-op on SQLite, where writers are serialised).

    FOR NO KEY UPDATE, not FOR UPDATE: inserting an attendance row takes FOR KEY SHARE on its class
    (the foreign key check), which FOR UPDATE would conflict with — two writers that had each
    inserted a row would then wait for each other."""
    ids = sorted(set(class_ids))
    if ids and connection.features.has_select_for_update:
        list(
            TrainingClass.objects.select_for_update(no_key=True)
            .filter(pk__in=ids)
            .order_by("pk")
            .values_list("pk", flat=True)
        )


def _marks(values: list[Any]) -> str:
    return ", ".join(["%s"] * len(values))


@transaction.atomic
def person_times_refresh(pairs: Iterable[Pair]) -> None:
    """Recompute the rollup rows of the given (class id, person id) pairs from their attendance."""
    by_class: dict[int, set[int]] = defaultdict(set)
    for class_id, person_id in pairs:
        if class_id is not None and person_id is not None:
            by_class[class_id].add(person_id)
    _lock_classes(by_class)
    for class_id in sorted(by_class):
        persons = sorted(by_class[class_id])
        for start in range(0, len(persons), PERSON_CHUNK):
            chunk = persons[start : start + PERSON_CHUNK]
            _rewrite(
                f"training_class_id = %s AND person_id IN ({_marks(chunk)})",
                [class_id, *chunk],
                [class_id],
            )


def person_times_rebuild(
    class_ids: Iterable[int] | None = None, *, progress: ProgressFn | None = None
) -> int:
    """Recompute the rollup of the given classes (every class when None) from their attendance,
    in one transaction; returns the number of rollup rows those classes now have."""
    with transaction.atomic():
        if class_ids is None:
            ids = list(TrainingClass.objects.order_by("pk").values_list("pk", flat=True))
            # Rows of classes that no longer exist cannot be left: the foreign key cascades.
        else:
            ids = sorted(set(class_ids))
        _lock_classes(ids)
        for start in range(0, len(ids), CLASS_CHUNK):
            chunk = ids[start : start + CLASS_CHUNK]
            _rewrite(f"training_class_id IN ({_marks(chunk)})", chunk, chunk)
            if progress is not None:
                progress(min(start + CLASS_CHUNK, len(ids)), len(ids))
        return PersonTime.objects.filter(training_class_id__in=ids).count() if ids else 0


def person_times_recomputed(class_ids: Iterable[int] | None = None) -> set[tuple[Any, ...]]:
    """The rollup rows a recomputation from attendance gives, as comparable tuples (for checks
    and tests): (class, person, unit, first date, last date, sessions, hours)."""
    where, params = "1 = 1", []
    if class_ids is not None:
        ids = sorted(set(class_ids)) or [0]
        where, params = f"training_class_id IN ({_marks(ids)})", ids
    with connection.cursor() as cursor:
        cursor.execute(*_rollup_select(where, params))
        rows = cursor.fetchall()
    return {_comparable(row) for row in rows}


def person_times_stored(class_ids: Iterable[int] | None = None) -> set[tuple[Any, ...]]:
    """The stored rollup rows in the shape of `person_times_recomputed`."""
    qs = PersonTime.objects.all()
    if class_ids is not None:
        qs = qs.filter(training_class_id__in=set(class_ids))
    return {
        _comparable(row)
        for row in qs.values_list(
            "training_class_id",
            "person_id",
            "unit_id",
            "first_date",
            "last_date",
            "sessions",
            "hours",
        )
    }


def person_time_totals_expected(pairs: set[tuple[Any, ...]]) -> set[tuple[Any, ...]]:
    """The class totals the given rollup rows (from `person_times_recomputed`) add up to:
    (class, first date, last date, person-times, hours)."""
    totals: dict[int, list[Any]] = {}
    for class_id, _person, _unit, first, last, sessions, hours in pairs:
        if not sessions:
            continue
        total = totals.setdefault(class_id, [first, last, 0, 0.0])
        total[0], total[1] = min(total[0], first), max(total[1], last)
        total[2] += 1
        total[3] += float(hours)
    return {(pk, f, la, n, f"{h:.1f}") for pk, (f, la, n, h) in totals.items()}


def person_time_totals_stored(class_ids: Iterable[int] | None = None) -> set[tuple[Any, ...]]:
    qs = PersonTimeTotal.objects.all()
    if class_ids is not None:
        qs = qs.filter(training_class_id__in=set(class_ids))
    return {
        (pk, str(first), str(last), n, f"{float(hours):.1f}")
        for pk, first, last, n, hours in qs.values_list(
            "training_class_id", "first_date", "last_date", "person_times", "hours"
        )
    }


def person_times_differences() -> tuple[int, int]:
    """How many rollup rows and class totals differ from a recomputation from attendance (both
    directions counted); (0, 0) when the rollup is right."""
    recomputed = person_times_recomputed()
    stored = person_times_stored()
    totals = person_time_totals_stored()
    expected = person_time_totals_expected(recomputed)
    return len(recomputed ^ stored), len(expected ^ totals)


def _comparable(row: tuple[Any, ...]) -> tuple[Any, ...]:
    """Dates as ISO text and hours as one-decimal text: SQLite returns raw aggregates untyped."""
    class_id, person_id, unit_id, first, last, sessions, hours = row
    return (
        class_id,
        person_id,
        unit_id,
        str(first) if first is not None else None,
        str(last) if last is not None else None,
        int(sessions),
        f"{float(hours):.1f}",
    )


# --- single-row writes ---------------------------------------------------------------------------

# Pairs collected by `person_times_batch` instead of being recomputed one row at a time.
_PENDING: ContextVar[set[Pair] | None] = ContextVar("wf_person_times_pending", default=None)


@contextmanager
def person_times_batch() -> Iterator[None]:
    """Recompute the pairs touched inside the block once, at its end, instead of once per row.

    For ORM writes that send a signal per row, such as a delete that cascades to many attendance
    rows (a person, a session) or a queryset delete. Use it inside the writing transaction: the
    rollup is rewritten before the block exits, so the transaction commits both or neither."""
    if _PENDING.get() is not None:
        yield
        return
    pending: set[Pair] = set()
    token = _PENDING.set(pending)
    try:
        yield
    finally:
        _PENDING.reset(token)
    person_times_refresh(pending)


def _touched(pairs: Iterable[Pair]) -> None:
    pending = _PENDING.get()
    if pending is not None:
        pending.update(pairs)
    else:
        person_times_refresh(pairs)


def _remember_pair(sender: Any, instance: Attendance, **kwargs: Any) -> None:
    """Before an update, note the stored (class, person): an edit that moves the row to another
    class or person must also recompute the pair it left."""
    instance._person_time_before = None  # type: ignore[attr-defined]
    if not instance._state.adding and instance.pk is not None:
        instance._person_time_before = (  # type: ignore[attr-defined]
            Attendance.objects.filter(pk=instance.pk)
            .values_list("training_class_id", "person_id")
            .first()
        )


def _after_save(sender: Any, instance: Attendance, **kwargs: Any) -> None:
    pairs = {(instance.training_class_id, instance.person_id)}
    before = getattr(instance, "_person_time_before", None)
    if before is not None:
        pairs.add(before)
    _touched(pairs)


def _after_delete(sender: Any, instance: Attendance, **kwargs: Any) -> None:
    _touched([(instance.training_class_id, instance.person_id)])


def connect_signals() -> None:
    pre_save.connect(_remember_pair, sender=Attendance, dispatch_uid="wf_person_time_before")
    post_save.connect(_after_save, sender=Attendance, dispatch_uid="wf_person_time_save")
    post_delete.connect(_after_delete, sender=Attendance, dispatch_uid="wf_person_time_delete")
