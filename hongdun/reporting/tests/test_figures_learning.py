"""Pillar 2 figures from hand-built records: classes vs person-times vs unique persons, exam pass
rates as of a date, contests."""

from datetime import date
from decimal import Decimal

import pytest

from hongdun.orgs.models import Unit
from hongdun.reporting.tests.figure_builders import person, scope_of
from hongdun.reporting.workforce.figures import pillar_learning
from hongdun.workforce.choices import (
    AttendanceStatus,
    CompetitionKind,
    HonourLevel,
    Prize,
    StaffCategory,
    TeachingMethod,
    TrainingCategory,
)
from hongdun.workforce.models import (
    Attendance,
    Competition,
    CompetitionEntry,
    ExamResult,
    ExternalExam,
    Person,
    TrainingClass,
    TrainingSession,
)

pytestmark = pytest.mark.django_db


def _class(
    organiser: Unit, code: str, start: date, sessions: int, method: str = TeachingMethod.LECTURE
) -> list[TrainingSession]:
    training = TrainingClass.objects.create(
        code=code,
        title=f"培训班 {code}",
        organiser=organiser,
        category=TrainingCategory.BUSINESS,
        teaching_method=method,
        hours=Decimal("6"),
        start_date=start,
        end_date=start,
    )
    return [
        TrainingSession.objects.create(
            training_class=training, sequence=n, date=start, hours=Decimal("3")
        )
        for n in range(1, sessions + 1)
    ]


def _attend(session: TrainingSession, who: Person, status: str = AttendanceStatus.PRESENT) -> None:
    Attendance.objects.create(
        session=session,
        person=who,
        training_class=session.training_class,
        unit=who.unit,
        date=session.date,
        status=status,
        hours=session.hours if status in (AttendanceStatus.PRESENT, AttendanceStatus.LATE) else 0,
    )


def test_classes_person_times_and_unique_persons_are_counted_apart(bureau: dict[str, Unit]) -> None:
    kundulun, jiuyuan = bureau["kundulun"], bureau["jiuyuan"]
    zhang, li, wang = (person(kundulun) for _ in range(3))
    outsider = person(jiuyuan)
    first = _class(kundulun, "K-1", date(2007, 3, 1), sessions=2)
    second = _class(kundulun, "K-2", date(2007, 4, 1), sessions=1, method=TeachingMethod.CASE)
    _class(kundulun, "K-3", date(2007, 5, 1), sessions=1)  # held, nobody came
    _class(kundulun, "K-OLD", date(2006, 12, 31), sessions=1)  # before the period
    _attend(first[0], zhang)
    _attend(first[1], zhang)  # two sessions of one class: one person-time
    _attend(first[0], li, AttendanceStatus.LATE)  # late still attended
    _attend(first[1], li, AttendanceStatus.ABSENT)
    _attend(first[0], wang, AttendanceStatus.ABSENT)  # never came: no person-time
    _attend(first[1], wang, AttendanceStatus.EXCUSED)
    _attend(second[0], zhang)
    _attend(second[0], outsider)  # another branch's person: outside Kundulun's subtree
    pillar = pillar_learning(scope_of(kundulun, as_of=date(2007, 12, 31)))
    assert pillar.figure("2.1").value == 3  # K-1, K-2, K-3
    assert pillar.figure("2.2").value == 3  # zhang@K-1, li@K-1, zhang@K-2
    assert pillar.figure("2.3").value == 2  # zhang, li
    assert pillar.figure("2.4").value == Decimal("12")  # 3 + 3 (zhang) + 3 (li) + 3 (zhang)
    by_method = {row[0]: row[1:] for row in pillar.figure("2.2").breakdowns[0].rows}
    assert by_method == {"讲授式": [2, 2], "案例式": [1, 1]}
    bureau_wide = pillar_learning(scope_of(bureau["baotou"], as_of=date(2007, 12, 31)))
    assert bureau_wide.figure("2.2").value == 4  # the Jiuyuan person-time counts city-wide
    assert bureau_wide.figure("2.3").value == 3


def _exam(held: date, level: str = "一级B") -> ExternalExam:
    return ExternalExam.objects.create(
        code=f"E-{held}-{level}", name="全国计算机等级考试", level=level, held_on=held
    )


def test_computer_exam_pass_rate_counts_cadres_in_post_who_passed_by_the_date(
    bureau: dict[str, Unit],
) -> None:
    donghe = bureau["donghe"]
    station = bureau["donghe-station-1"]
    spring, autumn = _exam(date(2007, 4, 21)), _exam(date(2008, 9, 20))
    other_level = _exam(date(2007, 4, 22), level="二级")
    passed_early = person(donghe)
    passed_late = person(station)
    failed_then_passed = person(station)
    never = person(donghe)
    worker = person(donghe, category=StaffCategory.WORKER)
    gone = person(donghe, left=date(2008, 1, 31))
    level_two_only = person(donghe)
    for who, exam, ok in [
        (passed_early, spring, True),
        (passed_late, autumn, True),
        (failed_then_passed, spring, False),
        (failed_then_passed, autumn, True),
        (never, spring, False),
        (worker, spring, True),  # not a cadre: outside numerator and denominator
        (gone, spring, True),  # left before the date: not in post
        (level_two_only, other_level, True),  # another exam
    ]:
        ExamResult.objects.create(
            exam=exam, person=who, unit=who.unit, passed=ok, score=70 if ok else 40
        )
    mid_2008 = pillar_learning(scope_of(donghe, as_of=date(2008, 6, 30)))
    assert mid_2008.figure("2.6a").value == 5  # early, late, failed-then-passed, never, level two
    assert mid_2008.figure("2.6b").value == 1
    assert mid_2008.figure("2.6").value == Decimal("20.0")
    end_2008 = pillar_learning(scope_of(donghe, as_of=date(2008, 12, 31)))
    assert end_2008.figure("2.6b").value == 3
    assert end_2008.figure("2.6").value == Decimal("60.0")
    by_unit = {row[0]: row[1:] for row in end_2008.figure("2.6").breakdowns[0].rows}
    assert by_unit[station.name] == [2, 2, Decimal("100.0")]
    assert by_unit[donghe.name] == [3, 1, Decimal("33.3")]
    # Gone at the end of January 2008: in post on 2007-12-31, and passed by then.
    end_2007 = pillar_learning(scope_of(donghe, as_of=date(2007, 12, 31)))
    assert (end_2007.figure("2.6a").value, end_2007.figure("2.6b").value) == (6, 2)


def test_contests_and_the_best_regional_prize(bureau: dict[str, Unit]) -> None:
    city, kundulun = bureau["baotou"], bureau["kundulun"]
    staff = [person(kundulun) for _ in range(3)]
    skills = Competition.objects.create(
        title="计算机操作技能大比武",
        kind=CompetitionKind.SKILLS,
        level=HonourLevel.SYSTEM,
        organiser_body="市局",
        held_on=date(2007, 6, 1),
        year=2007,
    )
    regional = Competition.objects.create(
        title="全区工商系统知识竞赛",
        kind=CompetitionKind.KNOWLEDGE,
        level=HonourLevel.REGION,
        organiser_body="自治区局",
        held_on=date(2007, 10, 1),
        year=2007,
    )
    for position, who in enumerate(staff):
        CompetitionEntry.objects.create(
            competition=skills, person=who, event="录入", rank=position + 1
        )
    CompetitionEntry.objects.create(competition=skills, person=staff[0], event="排版", rank=1)
    CompetitionEntry.objects.create(
        competition=regional, unit=city, rank=5, prize=Prize.THIRD, event="团体"
    )
    CompetitionEntry.objects.create(
        competition=regional, unit=kundulun, rank=2, prize=Prize.SECOND, event="个人赛"
    )
    pillar = pillar_learning(scope_of(city, as_of=date(2007, 12, 31)))
    assert pillar.figure("2.8").value == 2
    # staff[0] entered two events of one contest: one person-time, as at a class of two sessions.
    assert pillar.figure("2.8a").value == 3  # person-times
    assert pillar.figure("2.8b").value == 3  # distinct persons
    assert pillar.figure("2.8c").value == 2  # the city's and Kundulun's own entries
    assert pillar.figure("2.9").value == "二等奖"
    only_city_office = pillar_learning(
        scope_of(bureau["personnel-office"], as_of=date(2007, 12, 31))
    )
    assert only_city_office.figure("2.9").value is None
    assert only_city_office.figure("2.8").value == 0
