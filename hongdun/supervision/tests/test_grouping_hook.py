# ruff: noqa: F811 - pytest fixtures imported from factories_inspection
"""The grouping hook (population.register_grouping): a grouping another app registers is offered
on the plan form, fills the plan's ratios and frequency limits, groups the population in the same
query, and leaves supervision as it was when nothing is registered."""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal

import pytest
from django.db.models import Case, QuerySet, Value, When

from hongdun.core.exceptions import ApplicationError
from hongdun.enterprises.models import Enterprise
from hongdun.supervision import population as population_module
from hongdun.supervision.models import InspectionTask
from hongdun.supervision.population import (
    GROUP_FIELD,
    MAX_PER_YEAR_KEY,
    population,
    population_counts,
    register_grouping,
)
from hongdun.supervision.services_inspection import inspection_draw, verify_draw
from hongdun.supervision.tests.factories_inspection import (  # noqa: F401 - fixtures
    TODAY,
    World,
    make_plan,
    world,
)

pytestmark = pytest.mark.django_db
SEED = "0123456789abcdef0123456789abcdef"
KEY = "age"


def _by_age(rows: QuerySet[Enterprise]) -> QuerySet[Enterprise]:
    return rows.annotate(
        **{
            GROUP_FIELD: Case(
                When(established_on__lt=date(2015, 1, 1), then=Value("old")), default=Value("new")
            )
        }
    )


@pytest.fixture
def no_groupings(monkeypatch) -> None:
    monkeypatch.setattr(population_module, "_GROUPINGS", {})


@pytest.fixture
def by_age(no_groupings) -> None:
    register_grouping(
        KEY,
        label="按成立年限",
        annotate=_by_age,
        groups=lambda: [("old", "2015年前成立"), ("new", "2015年起成立")],
        default_ratios=lambda: {"old": Decimal("0.5")},
        max_per_year=lambda: {"old": 1},
        source=lambda: "成立日期",
    )


def test_without_a_registered_grouping_only_the_own_groupings_exist(
    world: World, no_groupings, login
) -> None:
    with pytest.raises(ApplicationError) as refused:
        make_plan(world, group_by=KEY)
    assert refused.value.field == "group_by"
    page = login(world.supervisor).get("/staff/supervision/inspections/new/")
    assert page.status_code == 200
    assert 'value="enterprise_type"' in page.content.decode()
    assert 'value="credit_class"' not in page.content.decode()
    # The own groupings draw as before.
    plan = make_plan(world, group_by="enterprise_type", group_ratios={"llc": "1"})
    draw = inspection_draw(plan=plan, actor=world.supervisor, seed=SEED, day=TODAY)
    assert draw.sample_count == 12
    assert verify_draw(draw).ok


def test_a_registered_grouping_is_offered_and_fills_the_plan(world: World, by_age, login) -> None:
    page = login(world.supervisor).get("/staff/supervision/inspections/new/")
    assert f'value="{KEY}"' in page.content.decode()
    assert "按成立年限" in page.content.decode()
    plan = make_plan(world, group_by=KEY)
    assert plan.group_ratios == {"old": "0.5"}
    assert plan.filters == {MAX_PER_YEAR_KEY: {"old": 1}}
    # Established 2010 + index % 10 for indexes 0–23: 14 before 2015, 10 from 2015.
    assert population_counts(plan) == {"old": 14, "new": 10}
    inspection_draw(plan=plan, actor=world.supervisor, seed=SEED, day=TODAY)
    drawn = Counter(InspectionTask.objects.filter(plan=plan).values_list("group", flat=True))
    assert drawn == {"old": 7, "new": 3}
    detail = login(world.supervisor).get(f"/staff/supervision/inspections/{plan.pk}/")
    text = detail.content.decode()
    assert "2015年前成立" in text
    assert "（按计划抽查比例）" in text


def test_the_frequency_limit_counts_only_earlier_draws_of_the_year(world: World, by_age) -> None:
    everyone = make_plan(world, ratio="1", title="全部")
    inspection_draw(plan=everyone, actor=world.supervisor, seed=SEED, day=TODAY)
    plan = make_plan(world, group_by=KEY, title="按年限")
    assert Counter(group for _pk, group in population(plan)) == {"new": 10}
    # Another year's plan grouped the same way is not limited by this year's draws.
    other_year = make_plan(world, group_by=KEY, title="明年", year=2027)
    assert Counter(group for _pk, group in population(other_year)) == {"old": 14, "new": 10}


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"group_ratios": {"old": "0"}}, "group_ratios", "不能为0"),
        ({"group_ratios": {"middle": "0.5"}}, "group_ratios", "“middle”"),
        ({"filters": {MAX_PER_YEAR_KEY: {"old": 0}}}, MAX_PER_YEAR_KEY, "不小于1"),
        ({"filters": {MAX_PER_YEAR_KEY: {"middle": 1}}}, MAX_PER_YEAR_KEY, "“middle”"),
    ],
)
def test_bad_group_values_are_refused(world: World, by_age, change, field, message) -> None:
    with pytest.raises(ApplicationError) as refused:
        make_plan(world, group_by=KEY, **change)
    assert refused.value.field == field
    assert message in refused.value.message


def test_a_ratio_of_0_is_refused_on_the_form(world: World, by_age, login) -> None:
    client = login(world.supervisor)
    response = client.post(
        "/staff/supervision/inspections/new/",
        {
            "unit": world.bureau["kundulun"].pk,
            "year": 2026,
            "title": "零比例",
            "kind": "untargeted",
            "ratio": "0.05",
            "group_by": KEY,
            "group_ratios": "old=0",
        },
    )
    assert response.status_code == 200
    assert "不能为0" in response.content.decode()
    assert not population_module.InspectionPlan.objects.filter(title="零比例").exists()


def test_a_built_in_key_cannot_be_taken(no_groupings) -> None:
    with pytest.raises(ValueError, match="authority"):
        register_grouping(
            "authority",
            label="x",
            annotate=_by_age,
            groups=list,
            default_ratios=dict,
            max_per_year=dict,
            source=str,
        )
