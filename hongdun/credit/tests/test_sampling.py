"""Random inspections by credit-risk class (hongdun/credit/sampling.py, docs/rules/credit.md §4):
per-class ratios from the scheme in force, the unclassified group, the yearly frequency limit,
ratio 0 refused, and the draw re-run from its stored population."""

from __future__ import annotations

import datetime
from collections import Counter
from typing import Any

import pytest
from django.utils import timezone

from hongdun.core.exceptions import ApplicationError
from hongdun.core.models import AuditLog
from hongdun.credit.choices import RiskClass, RunStatus
from hongdun.credit.models import Classification, ClassificationRun, CreditScheme
from hongdun.credit.sampling import (
    DEFAULT_SAMPLING,
    GROUPING_KEY,
    UNCLASSIFIED,
    current_run,
    parse_sampling,
)
from hongdun.enterprises.models import Enterprise
from hongdun.supervision.engine import draw as engine
from hongdun.supervision.models import InspectionTask
from hongdun.supervision.population import MAX_PER_YEAR_KEY, population, registered_grouping
from hongdun.supervision.services_inspection import inspection_draw, verify_draw
from hongdun.supervision.tests.factories_inspection import (
    TODAY,
    World,
    build_world,
    make_plan,
)

pytestmark = pytest.mark.django_db
SEED = "0123456789abcdef0123456789abcdef"
CLASSES = (RiskClass.A, RiskClass.B, RiskClass.C, RiskClass.D)


@pytest.fixture
def world(bureau, make_user) -> World:
    # 40 classified enterprises, 10 per class A–D, and 4 registered after the run.
    return build_world(bureau, make_user, enterprises=44)


def scheme(sampling: dict[str, Any] | None = None, *, version: int = 1) -> CreditScheme:
    CreditScheme.objects.filter(is_active=True).update(is_active=False)
    return CreditScheme.objects.create(
        version=version,
        name=f"方案{version}",
        definition={},
        sampling=sampling or {},
        is_active=True,
    )


def classify(
    classes: dict[Enterprise, str],
    *,
    month: datetime.date = datetime.date(2026, 11, 1),
    status: str = RunStatus.SUCCEEDED,
) -> ClassificationRun:
    used = CreditScheme.objects.filter(is_active=True).first() or scheme()
    run = ClassificationRun.objects.create(
        month=month, as_of=month, scheme=used, status=status, finished_at=timezone.now()
    )
    Classification.objects.bulk_create(
        Classification(run=run, enterprise=enterprise, risk_class=risk_class, score=50.0)
        for enterprise, risk_class in classes.items()
    )
    return run


def by_class(world: World) -> dict[Enterprise, str]:
    return {e: CLASSES[i % 4] for i, e in enumerate(world.enterprises[:40])}


def drawn_per_group(plan) -> Counter[str]:
    return Counter(InspectionTask.objects.filter(plan=plan).values_list("group", flat=True))


def credit_plan(world: World, **extra: Any):
    values: dict[str, Any] = {"group_by": GROUPING_KEY, "ratio": "0.25"}
    values.update(extra)
    return make_plan(world, **values)


def test_the_credit_grouping_is_registered_at_start() -> None:
    grouping = registered_grouping(GROUPING_KEY)
    assert grouping is not None
    assert [value for value, _label in grouping.groups()] == [*RiskClass.values, UNCLASSIFIED]


def test_each_class_is_drawn_at_its_default_ratio(world: World) -> None:
    classify(by_class(world))
    plan = credit_plan(world)
    # The plan records the ratios and frequencies it was saved with.
    assert plan.group_ratios == {"A": "0.05", "B": "0.20", "C": "0.60", "D": "1", "E": "1"}
    assert plan.filters[MAX_PER_YEAR_KEY] == {"A": 1, "B": 1, "C": 2}
    inspection_draw(plan=plan, actor=world.supervisor, seed=SEED, day=TODAY)
    # 10 per class: ceil(0.05×10)=1, ceil(0.2×10)=2, ceil(0.6×10)=6, 10; the 4 unclassified at
    # the plan's 0.25: 1.
    assert drawn_per_group(plan) == {"A": 1, "B": 2, "C": 6, "D": 10, UNCLASSIFIED: 1}


@pytest.mark.parametrize(
    ("sampling", "given", "expected"),
    [
        # The scheme in force sets A and C; B and D keep the national defaults.
        (
            {"A": {"ratio": "0.3", "max_per_year": 1}, "C": {"ratio": "0.1"}},
            {},
            {"A": 3, "B": 2, "C": 1, "D": 10, UNCLASSIFIED: 1},
        ),
        # The plan's own ratio of a class wins over the scheme's.
        ({"A": {"ratio": "0.3"}}, {"A": "0.5"}, {"A": 5, "B": 2, "C": 6, "D": 10, UNCLASSIFIED: 1}),
        # The unclassified group may be given its own ratio.
        ({}, {UNCLASSIFIED: "1"}, {"A": 1, "B": 2, "C": 6, "D": 10, UNCLASSIFIED: 4}),
    ],
)
def test_ratios_from_the_scheme_and_the_plan(world: World, sampling, given, expected) -> None:
    scheme(sampling)
    classify(by_class(world))
    plan = credit_plan(world, group_ratios=given)
    inspection_draw(plan=plan, actor=world.supervisor, seed=SEED, day=TODAY)
    assert drawn_per_group(plan) == expected


def test_without_a_succeeded_run_every_enterprise_is_unclassified(world: World) -> None:
    classify(by_class(world), status=RunStatus.FAILED)
    plan = credit_plan(world)
    assert {group for _pk, group in population(plan)} == {UNCLASSIFIED}
    inspection_draw(plan=plan, actor=world.supervisor, seed=SEED, day=TODAY)
    assert drawn_per_group(plan) == {UNCLASSIFIED: 11}  # ceil(0.25 × 44)


def test_a_failed_later_run_leaves_the_month_before_in_force(world: World) -> None:
    november = classify(by_class(world))
    classify(
        dict.fromkeys(world.enterprises, RiskClass.D),
        month=datetime.date(2026, 12, 1),
        status=RunStatus.FAILED,
    )
    assert current_run() == november
    plan = credit_plan(world)
    assert Counter(group for _pk, group in population(plan))["D"] == 10


def test_enterprises_drawn_max_per_year_times_leave_the_population(world: World) -> None:
    classify(by_class(world))
    # Last year's plan drew everyone: it does not count this year.
    inspection_draw(
        plan=make_plan(world, year=2025, ratio="1", title="去年全部"),
        actor=world.supervisor,
        seed=SEED,
        day=TODAY,
    )
    first = make_plan(world, ratio="1", title="今年第一次全部")
    inspection_draw(plan=first, actor=world.supervisor, seed=SEED, day=TODAY)
    second = credit_plan(world, title="按分类第二次")
    counts = Counter(group for _pk, group in population(second))
    # A and B at most once a year: gone; C at most twice: still there; D and the unclassified
    # have no limit.
    assert counts == {"C": 10, "D": 10, UNCLASSIFIED: 4}
    inspection_draw(plan=second, actor=world.supervisor, seed=SEED, day=TODAY)
    drawn_c = set(
        InspectionTask.objects.filter(plan=second, group="C").values_list(
            "enterprise_id", flat=True
        )
    )
    assert len(drawn_c) == 6
    third = credit_plan(world, title="按分类第三次")
    left_c = {pk for pk, group in population(third) if group == "C"}
    assert len(left_c) == 4
    assert not left_c & drawn_c
    # The second plan's own population is read as at its draw: later plans do not change it.
    assert verify_draw(second.draw, from_register=True, day=TODAY).ok


def test_a_class_ratio_of_0_is_refused(world: World) -> None:
    with pytest.raises(ApplicationError) as refused:
        credit_plan(world, group_ratios={"B": "0"})
    assert refused.value.field == "group_ratios"
    assert "不能为0" in refused.value.message
    assert "B类" in refused.value.message


@pytest.mark.parametrize(
    ("sampling", "message"),
    [
        ({"A": {"ratio": "0"}}, "不能为0"),
        ({"A": {"ratio": "0.00"}}, "不能为0"),
        ({"A": {"ratio": "1.5"}}, "不超过1"),
        ({"A": {"ratio": "abc"}}, "大于0"),
        ({"A": {"ratio": "0.05", "max_per_year": 0}}, "不小于1"),
        ({"A": {"ratio": "0.05", "max_per_year": "2"}}, "不小于1"),
        ({"F": {"ratio": "0.05"}}, "“F”"),
        ({"A": "0.05"}, "格式不正确"),
        (["A"], "格式不正确"),
    ],
)
def test_a_bad_scheme_sampling_is_refused(sampling, message: str) -> None:
    with pytest.raises(ApplicationError) as refused:
        parse_sampling(sampling)
    assert refused.value.field == "sampling"
    assert message in refused.value.message


def test_a_plan_under_a_scheme_with_a_ratio_of_0_is_refused(world: World) -> None:
    scheme({"C": {"ratio": "0"}})
    with pytest.raises(ApplicationError, match="不能为0"):
        credit_plan(world)


def test_an_unknown_class_in_the_plan_is_refused(world: World) -> None:
    with pytest.raises(ApplicationError) as refused:
        credit_plan(world, group_ratios={"X": "0.5"})
    assert refused.value.field == "group_ratios"
    assert "“X”" in refused.value.message


def test_a_frequency_limit_needs_the_grouping(world: World) -> None:
    with pytest.raises(ApplicationError) as refused:
        make_plan(world, filters={MAX_PER_YEAR_KEY: {"A": 1}})
    assert refused.value.field == MAX_PER_YEAR_KEY


def test_the_draw_re_runs_with_the_classes_it_read(world: World) -> None:
    classify(by_class(world))
    plan = credit_plan(world)
    draw = inspection_draw(plan=plan, actor=world.supervisor, seed=SEED, day=TODAY)
    recorded = engine.decode_population(engine.decompress(bytes(draw.population)))
    assert Counter(group for _pk, group in recorded) == {
        "A": 10,
        "B": 10,
        "C": 10,
        "D": 10,
        UNCLASSIFIED: 4,
    }
    audit = AuditLog.objects.get(action="supervision.plan.draw", object_id=str(plan.pk))
    assert audit.after is not None
    assert "2026-11" in audit.after["group_source"]
    # December reclassifies everyone as D: the stored draw still re-runs to its tasks, while the
    # register read now gives other groups.
    classify(dict.fromkeys(world.enterprises, RiskClass.D), month=datetime.date(2026, 12, 1))
    assert verify_draw(draw).ok
    now = verify_draw(draw, from_register=True, day=TODAY)
    assert not now.digests_match


def test_the_national_defaults_are_never_0() -> None:
    assert all(entry.ratio > 0 for entry in DEFAULT_SAMPLING.values())
    assert all(entry.max_per_year in (None, 1, 2) for entry in DEFAULT_SAMPLING.values())
