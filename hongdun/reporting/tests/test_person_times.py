"""The person-time rollup (ADR 0011): after every kind of attendance write it equals a
recomputation from the attendance rows, and the pillar 2 figures read from it equal the figures
counted by hand and by a plain pass over the attendance rows."""

import random
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction

from hongdun.accounts.models import User
from hongdun.orgs.models import Unit
from hongdun.orgs.selectors import unit_subtree_ids
from hongdun.reporting.tests.figure_builders import person, scope_of
from hongdun.reporting.workforce.figures import pillar_learning
from hongdun.testing.race import race
from hongdun.workforce import models as wf
from hongdun.workforce.choices import ATTENDED_STATUSES, AttendanceStatus, TrainingCategory
from hongdun.workforce.excel.tests.helpers import kind_xlsx
from hongdun.workforce.person_times import (
    person_time_totals_expected,
    person_time_totals_stored,
    person_times_batch,
    person_times_differences,
    person_times_rebuild,
    person_times_recomputed,
    person_times_stored,
)
from hongdun.workforce.services import record_delete, record_save

PRESENT, LATE, ABSENT = AttendanceStatus.PRESENT, AttendanceStatus.LATE, AttendanceStatus.ABSENT


def _class(organiser: Unit, code: str, days: list[date]) -> list[wf.TrainingSession]:
    training = wf.TrainingClass.objects.create(
        code=code,
        title=f"培训班 {code}",
        organiser=organiser,
        category=TrainingCategory.BUSINESS,
        hours=Decimal(3 * len(days)),
        start_date=min(days),
        end_date=max(days),
    )
    return [
        wf.TrainingSession.objects.create(
            training_class=training, sequence=n, date=day, hours=Decimal("3")
        )
        for n, day in enumerate(days, start=1)
    ]


def _row(
    session: wf.TrainingSession,
    who: wf.Person,
    status: str = PRESENT,
    unit: Unit | None = None,
    hours: str | None = None,
) -> wf.Attendance:
    """An attendance row saved with the model (as hand-built test records and fixtures are)."""
    return wf.Attendance.objects.create(
        session=session,
        person=who,
        training_class=session.training_class,
        unit=unit or who.unit,
        date=session.date,
        status=status,
        hours=Decimal(hours) if hours is not None else (session.hours if status != ABSENT else 0),
    )


def _assert_rollup_matches(step: str) -> None:
    recomputed = person_times_recomputed()
    assert person_times_stored() == recomputed, step
    assert person_time_totals_stored() == person_time_totals_expected(recomputed), step


def _rollup_of(session: wf.TrainingSession, who: wf.Person) -> wf.PersonTime:
    return wf.PersonTime.objects.get(training_class=session.training_class, person=who)


# --- the rollup follows every write ----------------------------------------------------------


@pytest.fixture
def world(bureau: dict[str, Unit], wf_users: dict[str, Any]) -> dict[str, Any]:
    kundulun, jiuyuan = bureau["kundulun"], bureau["jiuyuan"]
    return {
        "user": wf_users["personnel"],
        "zhang": person(kundulun),
        "li": person(kundulun),
        "wang": person(jiuyuan),
        "k1": _class(kundulun, "K-1", [date(2007, 3, 1), date(2007, 3, 2), date(2007, 3, 5)]),
        "k2": _class(jiuyuan, "K-2", [date(2007, 6, 1), date(2007, 6, 2)]),
        "kundulun": kundulun,
        "jiuyuan": jiuyuan,
    }


def _form_add(w: dict[str, Any], klass: str, seq: int, who: str, status: str = PRESENT) -> Any:
    return record_save(
        user=w["user"],
        instance=wf.Attendance(),
        data={"session": w[klass][seq], "person": w[who], "status": status},
    )


def _form_edit(w: dict[str, Any], klass: str, seq: int, who: str, **data: Any) -> None:
    row = wf.Attendance.objects.get(session=w[klass][seq], person=w[who])
    resolved = {k: (w[v] if isinstance(v, str) and v in w else v) for k, v in data.items()}
    if "session" in data:
        resolved["session"] = w[data["session"][0]][data["session"][1]]
    record_save(user=w["user"], instance=row, data=resolved)


def _form_delete(w: dict[str, Any], klass: str, seq: int, who: str) -> None:
    row = wf.Attendance.objects.get(session=w[klass][seq], person=w[who])
    record_delete(user=w["user"], instance=row)


Step = Callable[[dict[str, Any]], Any]

# Each scenario is a list of writes; after every one the rollup must equal the recomputation.
SCENARIOS: dict[str, list[tuple[str, Step]]] = {
    "forms: add, second session, late, absent, delete": [
        ("add", lambda w: _form_add(w, "k1", 0, "zhang")),
        ("second session", lambda w: _form_add(w, "k1", 1, "zhang", LATE)),
        ("never came", lambda w: _form_add(w, "k1", 0, "li", ABSENT)),
        ("present → absent", lambda w: _form_edit(w, "k1", 0, "zhang", status=ABSENT)),
        ("absent → present", lambda w: _form_edit(w, "k1", 0, "li", status=PRESENT)),
        ("delete one of two", lambda w: _form_delete(w, "k1", 1, "zhang")),
        ("delete the last", lambda w: _form_delete(w, "k1", 0, "zhang")),
    ],
    "forms: move a row to another person and to another class": [
        ("add", lambda w: _form_add(w, "k1", 0, "zhang")),
        ("add", lambda w: _form_add(w, "k1", 1, "zhang")),
        ("other person", lambda w: _form_edit(w, "k1", 1, "zhang", person="li")),
        ("other class", lambda w: _form_edit(w, "k1", 1, "li", session=("k2", 0))),
    ],
    "model saves and deletes (hand-built records)": [
        ("create", lambda w: _row(w["k1"][0], w["zhang"])),
        ("create in another unit", lambda w: _row(w["k1"][1], w["zhang"], unit=w["jiuyuan"])),
        ("create", lambda w: _row(w["k2"][0], w["wang"], hours="1.5")),
        ("save an edit", lambda w: _edit_model(w, "k2", 0, "wang", hours=Decimal("2.5"))),
        ("delete", lambda w: wf.Attendance.objects.get(session=w["k1"][1]).delete()),
    ],
    "cascades: a session, a person, a class": [
        ("add", lambda w: _form_add(w, "k1", 0, "zhang")),
        ("add", lambda w: _form_add(w, "k1", 1, "zhang")),
        ("add", lambda w: _form_add(w, "k1", 1, "li")),
        ("add", lambda w: _form_add(w, "k2", 0, "li")),
        ("add", lambda w: _form_add(w, "k2", 0, "wang")),
        ("delete a session", lambda w: record_delete(user=w["user"], instance=w["k1"][1])),
        ("delete a person", lambda w: record_delete(user=w["user"], instance=w["li"])),
        ("delete a class", lambda w: w["k2"][0].training_class.delete()),
    ],
    "a queryset delete in a batch": [
        ("add", lambda w: _form_add(w, "k1", 0, "zhang")),
        ("add", lambda w: _form_add(w, "k1", 1, "li")),
        ("add", lambda w: _form_add(w, "k2", 1, "wang")),
        ("delete all", lambda w: _batch_delete_all()),
    ],
}


def _edit_model(w: dict[str, Any], klass: str, seq: int, who: str, **values: Any) -> None:
    row = wf.Attendance.objects.get(session=w[klass][seq], person=w[who])
    for name, value in values.items():
        setattr(row, name, value)
    row.save()


def _batch_delete_all() -> None:
    with transaction.atomic(), person_times_batch():
        wf.Attendance.objects.all().delete()


@pytest.mark.django_db
@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_the_rollup_equals_a_recomputation_after_every_write(world, scenario):
    for step, write in SCENARIOS[scenario]:
        write(world)
        _assert_rollup_matches(f"{scenario}: after {step}")


@pytest.mark.django_db
def test_rollup_rows_say_what_the_pair_did(world):
    k1, zhang, li = world["k1"], world["zhang"], world["li"]
    _row(k1[0], zhang)
    _row(k1[2], zhang, LATE)
    _row(k1[1], zhang, ABSENT)
    _row(k1[0], li, ABSENT)
    zhang_k1 = _rollup_of(k1[0], zhang)
    assert (zhang_k1.sessions, zhang_k1.hours) == (2, Decimal("6"))
    assert (zhang_k1.first_date, zhang_k1.last_date) == (date(2007, 3, 1), date(2007, 3, 5))
    assert zhang_k1.unit == world["kundulun"]
    never = _rollup_of(k1[0], li)  # enrolled, never came: a row, no person-time
    assert (never.sessions, never.first_date, never.unit) == (0, None, None)
    total = wf.PersonTimeTotal.objects.get(training_class=k1[0].training_class)
    assert (total.person_times, total.hours) == (1, Decimal("6"))
    # Attended under two units (transferred between sessions): no single unit.
    _row(k1[1], li, unit=world["jiuyuan"])
    _row(k1[2], li)
    assert _rollup_of(k1[0], li).unit is None
    assert wf.PersonTimeTotal.objects.get(training_class=k1[0].training_class).person_times == 2


def _workbook(path: Path, rows: list[list[Any]]) -> Path:
    path.write_bytes(kind_xlsx("attendance", rows))
    return path


def _import(path: Path, user: User) -> Any:
    from hongdun.workforce.excel import engine, files
    from hongdun.workforce.excel.registry import kind_get

    kind = kind_get("attendance")
    sheet = files.read_sheet(path, preferred_titles=[kind.sheet_title], skip_titles=[])
    units = set(Unit.objects.values_list("pk", flat=True))
    outcome = engine.check_rows(kind, sheet, user=user, scope_unit_ids=units, personal=True)
    assert not outcome.errors
    with transaction.atomic():
        plan = engine.build_plan(kind, outcome.rows, user=user, lock=True)
        engine.write_plan(kind, plan, user=user, reason="test")
    return plan


@pytest.mark.django_db
def test_excel_import_and_reimport_keep_the_rollup(world, tmp_path):
    zhang, li, wang = (world[k].employee_number for k in ("zhang", "li", "wang"))
    rows = [
        ["K-1", 1, zhang, world["zhang"].name, "出席", None],
        ["K-1", 2, zhang, world["zhang"].name, "迟到", None],
        ["K-1", 1, li, world["li"].name, "请假", None],
        ["K-2", 1, wang, world["wang"].name, "出席", 2],
    ]
    plan = _import(_workbook(tmp_path / "a.xlsx", rows), world["user"])
    assert len(plan.new) == 4
    _assert_rollup_matches("import")
    assert _rollup_of(world["k1"][0], world["zhang"]).sessions == 2
    same = _import(_workbook(tmp_path / "b.xlsx", rows), world["user"])
    assert same.unchanged == 4
    _assert_rollup_matches("same file again")
    rows[1][4] = "缺席"  # zhang missed the second session after all
    rows[2][4] = "出席"  # li came
    rows.append(["K-1", 3, li, world["li"].name, "出席", None])
    changed = _import(_workbook(tmp_path / "c.xlsx", rows), world["user"])
    assert (len(changed.new), len(changed.updated)) == (1, 2)
    _assert_rollup_matches("changed file")
    assert _rollup_of(world["k1"][0], world["zhang"]).sessions == 1
    assert _rollup_of(world["k1"][0], world["li"]).sessions == 2


@pytest.mark.django_db
def test_rebuild_and_check_command(world):
    _row(world["k1"][0], world["zhang"])
    _row(world["k2"][0], world["wang"])
    call_command("rebuild_attendance_rollup", "--check")
    # Attendance written behind the application's back (raw SQL, a restore): the check says so
    # and a rebuild repairs it.
    wf.PersonTime.objects.filter(person=world["wang"]).delete()
    wf.PersonTimeTotal.objects.all().update(person_times=7)
    assert person_times_differences() == (1, 4)  # a missing row; two totals stored and expected
    with pytest.raises(CommandError):
        call_command("rebuild_attendance_rollup", "--check")
    call_command("rebuild_attendance_rollup")
    assert person_times_differences() == (0, 0)
    call_command("rebuild_attendance_rollup", "--check")
    assert person_times_rebuild([world["k1"][0].training_class_id]) == 1


# --- figures read from the rollup ------------------------------------------------------------


@pytest.mark.django_db
def test_pairs_across_the_period_ends_and_across_units_count_by_their_rows(bureau):
    kundulun, jiuyuan, city = bureau["kundulun"], bureau["jiuyuan"], bureau["baotou"]
    zhang, li, wang, zhao = person(kundulun), person(kundulun), person(jiuyuan), person(kundulun)
    # A class over new year 2007: sessions on 2006-12-30 and 2007-01-02.
    new_year = _class(kundulun, "NY", [date(2006, 12, 30), date(2007, 1, 2)])
    _row(new_year[0], zhang)
    _row(new_year[1], zhang)  # 2007 has one of zhang's two sessions: one person-time, 3 hours
    _row(new_year[0], li)  # only in 2006
    # A class over the end of 2007 whose only rows in 2007 are absences.
    year_end = _class(jiuyuan, "YE", [date(2007, 12, 31), date(2008, 1, 2)])
    _row(year_end[0], wang, ABSENT)
    _row(year_end[1], wang)
    # Transferred between two sessions of one class: Kundulun, then Jiuyuan.
    moved = _class(city, "MV", [date(2007, 5, 1), date(2007, 5, 8)])
    _row(moved[0], zhao, unit=kundulun)
    _row(moved[1], zhao, LATE, unit=jiuyuan, hours="2")
    expected = {
        # scope: (person-times, unique persons, hours)
        "baotou": (2, 2, Decimal("8.0")),  # zhang@NY (3 h), zhao@MV (3 + 2 h)
        "kundulun": (2, 2, Decimal("6.0")),  # zhang@NY, zhao@MV's first session only
        "jiuyuan": (1, 1, Decimal("2.0")),  # zhao@MV's second session; wang was absent in 2007
    }
    for code, (times, persons, hours) in expected.items():
        in_2007 = scope_of(bureau[code], as_of=date(2007, 12, 31), start=date(2007, 1, 1))
        pillar = pillar_learning(in_2007)
        got = tuple(pillar.figure(key).value for key in ("2.2", "2.3", "2.4"))
        assert got == (times, persons, hours), code
    whole = pillar_learning(scope_of(city, as_of=date(2008, 12, 31), start=date(2006, 1, 1)))
    # Every pair in full: zhang@NY, li@NY, wang@YE, zhao@MV.
    assert (whole.figure("2.2").value, whole.figure("2.3").value) == (4, 4)
    assert whole.figure("2.4").value == Decimal("17.0")  # 6 + 3 + 3 (wang in 2008) + 5
    only_2006 = pillar_learning(
        scope_of(kundulun, as_of=date(2006, 12, 31), start=date(2006, 1, 1))
    )
    assert (only_2006.figure("2.2").value, only_2006.figure("2.3").value) == (2, 2)


def _plain_figures(unit_ids: set[int], start: date, end: date) -> tuple[int, int, Decimal]:
    """Person-times, persons and hours by a plain pass over every attendance row."""
    pairs, persons, hours = set(), set(), Decimal(0)
    for row in wf.Attendance.objects.all():
        if row.unit_id in unit_ids and start <= row.date <= end and row.status in ATTENDED_STATUSES:
            pairs.add((row.training_class_id, row.person_id))
            persons.add(row.person_id)
            hours += row.hours
    return len(pairs), len(persons), hours


@pytest.mark.django_db
def test_figures_equal_a_plain_pass_over_random_attendance(bureau):
    """Random classes of up to four sessions spread over up to 40 days, people who sometimes move
    unit between sessions, every status: for several scopes and periods (ends falling inside
    classes) the figures equal a plain pass over the rows."""
    rng = random.Random(20081231)
    units = [bureau[c] for c in ("kundulun", "kundulun-station-1", "jiuyuan", "donghe", "baotou")]
    people = [person(rng.choice(units)) for _ in range(25)]
    statuses = [PRESENT, PRESENT, PRESENT, LATE, ABSENT, AttendanceStatus.EXCUSED]
    for number in range(30):
        first = date(2006, 1, 1).toordinal() + rng.randrange(0, 1000)
        days = sorted({date.fromordinal(first + rng.randrange(0, 40)) for _ in range(4)})
        sessions = _class(rng.choice(units), f"R-{number}", days)
        for who in rng.sample(people, 8):
            for session in sessions:
                if rng.random() < 0.8:
                    unit = rng.choice(units) if rng.random() < 0.15 else who.unit
                    _row(session, who, rng.choice(statuses), unit=unit)
    _assert_rollup_matches("random data")
    periods = [
        (date(2006, 1, 1), date(2008, 12, 31)),
        (date(2007, 1, 1), date(2007, 12, 31)),
        (date(2006, 7, 15), date(2007, 3, 10)),
        (date(2008, 2, 1), date(2008, 2, 20)),
    ]
    for code in ("baotou", "kundulun", "jiuyuan"):
        for start, end in periods:
            scope = scope_of(bureau[code], as_of=end, start=start)
            pillar = pillar_learning(scope)
            got = tuple(pillar.figure(key).value for key in ("2.2", "2.3", "2.4"))
            assert got == _plain_figures(set(unit_subtree_ids(unit=bureau[code])), start, end), (
                code,
                start,
                end,
            )


# --- concurrent writers ----------------------------------------------------------------------


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs concurrent connections; the in-memory SQLite test database serialises all access",
)
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("writers", [2, 4])
def test_writers_adding_sessions_of_one_pair_at_once(bureau, make_user, writers):
    """Clerks record one person at different sessions of one class at the same moment: every
    row is saved and the pair's one rollup row counts them all (no unique-constraint clash)."""
    from hongdun.accounts.roles import Role

    user = make_user(Role.PERSONNEL, bureau["personnel-office"])
    who = person(bureau["kundulun"])
    days = [date(2008, 3, d) for d in range(1, writers + 1)]
    sessions = _class(bureau["baotou"], "RACE", days)

    def write(session: wf.TrainingSession) -> Callable[[], Any]:
        return lambda: record_save(
            user=user, instance=wf.Attendance(), data={"session": session, "person": who}
        )

    outcome = race([write(s) for s in sessions], refusals=())
    assert outcome.failed == []
    assert wf.Attendance.objects.filter(person=who).count() == writers
    row = _rollup_of(sessions[0], who)
    assert (row.sessions, row.hours) == (writers, Decimal(3 * writers))
    _assert_rollup_matches("after the race")
