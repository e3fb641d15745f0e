"""Pillar 1 figures from hand-built records: ages and structure as of a past date."""

from datetime import date
from decimal import Decimal

import pytest

from hongdun.orgs.models import Unit
from hongdun.workforce.choices import EducationLevel, Gender, Rank, TeamLevel, TeamRole
from hongdun.workforce.figures import pillar_leadership, team_composition
from hongdun.workforce.tests.figure_builders import education, member, person, rank, scope_of, team

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
