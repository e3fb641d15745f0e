"""Pillar 1 figures from hand-built records: ages and structure as of a past date."""

from datetime import date
from decimal import Decimal

import pytest

from hongdun.orgs.models import Unit
from hongdun.reporting.tests.figure_builders import education, member, person, rank, scope_of, team
from hongdun.reporting.workforce.figures import pillar_leadership, team_composition
from hongdun.workforce.choices import EducationLevel, Gender, Rank, TeamLevel, TeamRole

pytestmark = pytest.mark.django_db


def test_team_composition_counts_education_completed_by_the_report_date(
    bureau: dict[str, Unit],
) -> None:
    kundulun = bureau["kundulun"]
    on_team = team(kundulun)
    head = person(kundulun, born=date(1966, 3, 1))
    education(head, EducationLevel.BACHELOR, date(1988, 7, 1))
    deputy = person(kundulun, born=date(1972, 9, 30), gender=Gender.FEMALE, ethnicity="02")
    education(deputy, EducationLevel.COLLEGE, date(1993, 7, 1))
    education(deputy, EducationLevel.BACHELOR, date(2008, 7, 1), school="中央党校")  # later
    member(on_team, head, TeamRole.HEAD)
    member(on_team, deputy)
    before = team_composition(
        scope=scope_of(kundulun, as_of=date(2007, 12, 31)),
        levels=[TeamLevel.GRASSROOTS_BUREAU],
        young_age=35,
    )
    after = team_composition(
        scope=scope_of(kundulun, as_of=date(2008, 12, 31)),
        levels=[TeamLevel.GRASSROOTS_BUREAU],
        young_age=36,
    )
    assert (before.members, before.college, before.bachelor) == (2, 2, 1)
    assert (after.members, after.college, after.bachelor) == (2, 2, 2)
    assert sorted(before.ages) == [35, 41]
    assert sorted(after.ages) == [36, 42]
    assert (before.women, before.minority) == (1, 1)
    # young: 35 or younger on 2007-12-31 (the deputy, 35); 36 or younger on 2008-12-31 (36).
    assert (before.young, after.young) == (1, 1)
    assert after.mean_age == Decimal("39.0")


def test_section_level_ages_use_the_rank_held_on_the_report_date(bureau: dict[str, Unit]) -> None:
    donghe = bureau["donghe"]
    on_team = team(donghe)
    head = person(donghe, born=date(1964, 5, 1))
    rank(head, Rank.SECTION_CHIEF, date(2003, 1, 1))
    promoted = person(donghe, born=date(1975, 8, 1))
    rank(promoted, Rank.SECTION_MEMBER, date(2000, 1, 1), until=date(2008, 4, 1))
    rank(promoted, Rank.DEPUTY_SECTION, date(2008, 4, 1))
    left = person(donghe, born=date(1960, 1, 1))
    rank(left, Rank.DEPUTY_SECTION, date(2001, 1, 1))
    member(on_team, head, TeamRole.HEAD)
    member(on_team, promoted, since=date(2008, 4, 1))
    member(on_team, left, until=date(2008, 6, 30))
    station = bureau["donghe-station-1"]
    station_head = person(station, born=date(1973, 12, 31))
    member(team(station, TeamLevel.STATION), station_head, TeamRole.HEAD)
    end_2007 = pillar_leadership(scope_of(donghe, as_of=date(2007, 12, 31)))
    # On 2007-12-31: head 43, left 47 (section level, on the team); promoted not yet on it.
    assert end_2007.figure("1.1").value == Decimal("45.0")
    assert end_2007.figure("1.1b").value == Decimal("50.0")
    end_2008 = pillar_leadership(scope_of(donghe, as_of=date(2008, 12, 31)))
    # On 2008-12-31: head 44, promoted 33 (deputy section since April); `left` has left.
    assert end_2008.figure("1.1").value == Decimal("38.5")
    assert end_2008.figure("1.2").value == Decimal("35.0")  # born 1973-12-31: 35 on 2008-12-31
    assert pillar_leadership(scope_of(donghe, as_of=date(2008, 12, 30))).figure(
        "1.2"
    ).value == Decimal("34.0")


def test_targets_give_gaps_and_verdicts(bureau: dict[str, Unit]) -> None:
    from hongdun.workforce.choices import TargetComparison, TeamMetric
    from hongdun.workforce.models import TeamTarget

    jiuyuan = bureau["jiuyuan"]
    on_team = team(jiuyuan)
    for index, level in enumerate(
        [EducationLevel.BACHELOR, EducationLevel.COLLEGE, EducationLevel.COLLEGE]
    ):
        who = person(jiuyuan, born=date(1970 + index, 1, 1))
        education(who, level, date(1995, 7, 1))
        member(on_team, who)
    TeamTarget.objects.create(
        year=2008,
        level=TeamLevel.GRASSROOTS_BUREAU,
        metric=TeamMetric.BACHELOR_OR_ABOVE_SHARE,
        comparison=TargetComparison.AT_LEAST,
        value=Decimal("68"),
    )
    TeamTarget.objects.create(
        year=2008,
        level=TeamLevel.GRASSROOTS_BUREAU,
        metric=TeamMetric.COLLEGE_OR_ABOVE_SHARE,
        comparison=TargetComparison.AT_LEAST,
        value=Decimal("100"),
    )
    pillar = pillar_leadership(scope_of(jiuyuan, as_of=date(2008, 12, 31)))
    bachelor = pillar.figure("1.4")
    assert (bachelor.value, bachelor.target, bachelor.gap, bachelor.met) == (
        Decimal("33.3"),
        Decimal("68"),
        Decimal("34.7"),
        False,
    )
    college = pillar.figure("1.3")
    assert (college.value, college.met) == (Decimal("100.0"), True)
    assert (
        pillar_leadership(scope_of(jiuyuan, as_of=date(2007, 12, 31))).figure("1.4").target is None
    )


def test_rotation_coverage_by_rank_band_and_who_is_missing(bureau: dict[str, Unit]) -> None:
    from hongdun.workforce.models import RotationCompletion, RotationCycle

    qingshan = bureau["qingshan"]
    cycle = RotationCycle.objects.create(
        title="十七大精神轮训",
        year=2008,
        min_rank=Rank.DEPUTY_SECTION,
        start_date=date(2008, 3, 1),
        end_date=date(2008, 6, 30),
    )
    chief = person(qingshan, name="正科甲")
    rank(chief, Rank.SECTION_CHIEF, date(2004, 1, 1))
    deputy = person(qingshan, name="副科乙")
    rank(deputy, Rank.DEPUTY_SECTION, date(2004, 1, 1))
    division = person(qingshan, name="副处丙")
    rank(division, Rank.DEPUTY_DIVISION, date(2004, 1, 1))
    clerk = person(qingshan, name="科员丁")
    rank(clerk, Rank.SECTION_MEMBER, date(2004, 1, 1))
    later = person(qingshan, name="后提副科戊")
    rank(later, Rank.DEPUTY_SECTION, date(2008, 9, 1))  # after the cycle: not expected
    RotationCompletion.objects.create(cycle=cycle, person=chief, completed_on=date(2008, 4, 1))
    RotationCompletion.objects.create(cycle=cycle, person=division, completed_on=date(2008, 5, 1))
    pillar = pillar_leadership(scope_of(qingshan, as_of=date(2008, 12, 31)))
    figure = pillar.figure("1.8")
    assert figure.value == Decimal("66.7")
    rows = {row[1]: row[2:] for row in figure.breakdowns[0].rows}
    assert rows["科级"] == [2, 1, Decimal("50.0")]
    assert rows["处级"] == [1, 1, Decimal("100.0")]
    assert figure.breakdowns[1].rows == [["副科乙", qingshan.name]]
    hidden = pillar_leadership(scope_of(qingshan, as_of=date(2008, 12, 31), persons=False))
    assert all(not b.personal for b in hidden.figure("1.8").breakdowns)


def test_litigation_appearance_rate_and_visit_closure(bureau: dict[str, Unit]) -> None:
    from hongdun.workforce.choices import LitigationResult
    from hongdun.workforce.models import LitigationCase, SupervisoryFinding, SupervisoryVisit

    damao = bureau["damao"]
    for number, (hearing, appeared) in enumerate(
        [
            (date(2008, 3, 1), True),
            (date(2008, 5, 1), False),
            (date(2008, 7, 1), True),
            (None, False),
        ]
    ):
        LitigationCase.objects.create(
            unit=damao,
            case_number=f"（2008）达行初字第{number + 1}号",
            court="达茂旗人民法院",
            cause="不服行政处罚",
            plaintiff="某公司",
            filed_on=date(2008, 1, 10),
            hearing_on=hearing,
            head_appeared=appeared,
            result=LitigationResult.PENDING,
        )
    visit = SupervisoryVisit.objects.create(unit=damao, visited_on=date(2008, 3, 1), topic="督查")
    for deadline, closed in [
        (date(2008, 4, 1), date(2008, 3, 30)),  # on time
        (date(2008, 4, 1), date(2008, 4, 20)),  # late
        (date(2008, 4, 1), None),  # open, overdue
        (date(2009, 1, 31), None),  # not yet due
    ]:
        SupervisoryFinding.objects.create(
            visit=visit,
            description="问题",
            deadline=deadline,
            closed_on=closed,
            closure_note="已整改" if closed else "",
        )
    pillar = pillar_leadership(scope_of(damao, as_of=date(2008, 12, 31)))
    values = {f.key: f.value for f in pillar.figures}
    assert (values["1.9"], values["1.9a"], values["1.9b"], values["1.9c"]) == (
        Decimal("66.7"),
        3,
        2,
        4,
    )
    assert (values["1.7"], values["1.7a"], values["1.7b"], values["1.7c"]) == (
        1,
        4,
        Decimal("33.3"),
        1,
    )
    first_half = pillar_leadership(scope_of(damao, as_of=date(2008, 6, 30)))
    assert first_half.figure("1.9").value == Decimal("50.0")
