"""Person-times (人次) and persons (人) agree everywhere: one person at one occasion (a class, a
contest, an activity) is one person-time whatever number of sessions or events they took part in,
and a unit's own entry is nobody's person-time — so person-times are never fewer than persons, and
there are none exactly when there are no persons."""

from collections.abc import Callable
from datetime import date

import pytest

from hongdun.orgs.models import Unit
from hongdun.reporting.tests.figure_builders import person, scope_of
from hongdun.reporting.workforce.figure_types import FigureScope, Pillar
from hongdun.reporting.workforce.figures import pillar_culture, pillar_learning
from hongdun.workforce.choices import ActivityKind, CompetitionKind, HonourLevel
from hongdun.workforce.models import (
    ActivityParticipant,
    Competition,
    CompetitionEntry,
    CultureActivity,
)

pytestmark = pytest.mark.django_db

AS_OF = date(2008, 12, 31)


def _contest(title: str) -> Competition:
    return Competition.objects.create(
        title=title,
        kind=CompetitionKind.SKILLS,
        level=HonourLevel.SYSTEM,
        organiser_body="市局",
        held_on=date(2008, 6, 1),
        year=2008,
    )


def test_a_contest_entered_only_by_units_has_no_person_times(bureau: dict[str, Unit]) -> None:
    contest = _contest("执法办案技能大比武")
    for code in ("kundulun", "jiuyuan", "donghe"):
        CompetitionEntry.objects.create(competition=contest, unit=bureau[code], event="团体")
    pillar = pillar_learning(scope_of(bureau["baotou"], as_of=AS_OF))
    values = [pillar.figure(k).value for k in ("2.8", "2.8a", "2.8b", "2.8c")]
    assert values == [1, 0, 0, 3]


def test_a_person_in_two_events_of_one_contest_is_one_person_time(
    bureau: dict[str, Unit],
) -> None:
    contest = _contest("计算机操作技能大比武")
    zhang, li = person(bureau["kundulun"]), person(bureau["kundulun"])
    for event in ("录入", "排版"):
        CompetitionEntry.objects.create(competition=contest, person=zhang, event=event)
    CompetitionEntry.objects.create(competition=contest, person=li, event="录入")
    later = _contest("知识竞赛")
    CompetitionEntry.objects.create(competition=later, person=zhang, event="个人")
    pillar = pillar_learning(scope_of(bureau["baotou"], as_of=AS_OF))
    assert (pillar.figure("2.8a").value, pillar.figure("2.8b").value) == (3, 2)


def test_a_person_in_two_events_of_one_activity_is_one_person_time(
    bureau: dict[str, Unit],
) -> None:
    games = CultureActivity.objects.create(
        title="乒乓球、羽毛球比赛",
        kind=ActivityKind.SPORTS,
        organiser=bureau["baotou"],
        start_date=date(2008, 5, 1),
    )
    show = CultureActivity.objects.create(
        title="书法绘画摄影作品展",
        kind=ActivityKind.EXHIBITION,
        organiser=bureau["baotou"],
        start_date=date(2008, 9, 1),
    )
    zhang, li = person(bureau["kundulun"]), person(bureau["jiuyuan"])
    for event in ("乒乓球", "羽毛球"):
        ActivityParticipant.objects.create(activity=games, person=zhang, event=event)
    ActivityParticipant.objects.create(activity=games, person=li, event="乒乓球")
    ActivityParticipant.objects.create(activity=show, person=zhang, event="书法")
    ActivityParticipant.objects.create(activity=show, unit=bureau["donghe"], event="摄影（集体）")
    pillar = pillar_culture(scope_of(bureau["baotou"], as_of=AS_OF))
    assert (pillar.figure("5.3a").value, pillar.figure("5.3b").value) == (3, 2)


@pytest.mark.parametrize(
    ("compute", "times", "persons"),
    [
        (pillar_learning, "2.2", "2.3"),
        (pillar_learning, "2.8a", "2.8b"),
        (pillar_culture, "5.3a", "5.3b"),
    ],
)
def test_with_no_records_person_times_and_persons_are_both_zero(
    compute: Callable[[FigureScope], Pillar], times: str, persons: str, bureau: dict[str, Unit]
) -> None:
    pillar = compute(scope_of(bureau["baotou"], as_of=AS_OF))
    assert (pillar.figure(times).value, pillar.figure(persons).value) == (0, 0)
