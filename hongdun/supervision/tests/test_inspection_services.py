# ruff: noqa: F811 - pytest fixtures imported from factories_inspection
"""Plans, the draw, its publication and its verification (services_inspection.py)."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command

from hongdun.core.exceptions import ApplicationError
from hongdun.core.models import AuditLog
from hongdun.disclosure.models import AnnualReport, AnnualReportVersion
from hongdun.enterprises.choices import EnterpriseStatus
from hongdun.enterprises.models import Enterprise
from hongdun.enterprises.tests.factories import register
from hongdun.supervision.choices import PlanStatus, RelationKind
from hongdun.supervision.engine import draw as engine
from hongdun.supervision.models import InspectionDraw, InspectionTask, InspectorRelation
from hongdun.supervision.population import inspector_roster, population
from hongdun.supervision.services_inspection import (
    inspection_draw,
    inspection_draw_publish,
    inspection_plan_update,
    verify_draw,
)
from hongdun.supervision.tests.factories_inspection import (  # noqa: F401 - fixtures
    TODAY,
    World,
    make_plan,
    plan_data,
    world,
)
from hongdun.testing.race import needs_concurrent_connections, race_same

SEED = "0123456789abcdef0123456789abcdef"
pytestmark = pytest.mark.django_db


def _tasks(plan):
    return list(
        InspectionTask.objects.filter(plan=plan)
        .order_by("rank")
        .values_list("rank", "enterprise_id", "inspector_a_id", "inspector_b_id")
    )


# --- the plan --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"ratio": "0.02"}, "ratio", "最低抽查比例 0.03"),
        ({"ratio": "0"}, "ratio", "大于0"),
        ({"ratio": "abc"}, "ratio", "大于0"),
        ({"ratio": "0.123456"}, "ratio", "四位小数"),
        ({"group_by": "enterprise_type", "group_ratios": {"llc": "0.01"}}, "group_ratios", "llc"),
        ({"group_ratios": {"llc": "0.5"}}, "group_ratios", "分组依据"),
        ({"group_by": "colour"}, "group_by", "分组依据"),
        ({"year": "x"}, "year", "年度"),
        ({"title": " "}, "title", "计划名称"),
        ({"kind": "other"}, "kind", "抽查类型"),
        ({"filters": {"colour": "red"}}, "colour", "colour"),
        ({"filters": {"enterprise_types": ["bank"]}}, "enterprise_types", "企业类型"),
        ({"filters": {"list_status": "bad"}}, "list_status", "名录状态"),
        ({"filters": {"established_after": "2020-13-01"}}, "established_after", "日期"),
        (
            {"filters": {"established_after": "2020-01-02", "established_before": "2020-01-01"}},
            "established_before",
            "起始日期",
        ),
        ({"filters": {"filed_late": True}}, "report_year", "报告年度"),
        ({"filters": {"report_year": "20x"}}, "report_year", "报告年度"),
    ],
)
def test_a_bad_plan_is_refused_naming_the_field(world: World, change, field, message) -> None:
    with pytest.raises(ApplicationError) as refused:
        make_plan(world, **change)
    assert refused.value.field == field
    assert message in refused.value.message


def test_an_authority_outside_the_unit_is_refused(world: World) -> None:
    with pytest.raises(ApplicationError) as refused:
        make_plan(world, filters={"authorities": [world.bureau["jiuyuan"].pk]})
    assert refused.value.field == "authorities"


def test_the_minimum_ratio_follows_the_setting(world: World, settings) -> None:
    from hongdun.supervision.rules import supervision_rules

    settings.HONGDUN = {**settings.HONGDUN, "INSPECTION_MIN_RATIO": "0.3"}
    supervision_rules.cache_clear()
    try:
        with pytest.raises(ApplicationError, match=r"0\.3"):
            make_plan(world, ratio="0.25")
    finally:
        supervision_rules.cache_clear()


def test_a_plan_is_created_and_edited_with_an_audit_entry(world: World) -> None:
    plan = make_plan(world)
    assert plan.status == PlanStatus.DRAFT
    assert plan.ratio == Decimal("0.25")
    updated = inspection_plan_update(
        actor=world.supervisor, plan=plan, data=plan_data(ratio="0.5", title="改名")
    )
    assert (updated.title, updated.ratio) == ("改名", Decimal("0.5"))
    actions = AuditLog.objects.filter(
        object_type="supervision.inspectionplan", object_id=str(plan.pk)
    ).values_list("action", flat=True)
    assert set(actions) == {"supervision.plan.create", "supervision.plan.update"}


def test_the_same_title_twice_in_a_year_is_refused(world: World) -> None:
    make_plan(world)
    with pytest.raises(ApplicationError) as refused:
        make_plan(world)
    assert refused.value.field == "title"


# --- the population --------------------------------------------------------------------------


def test_the_population_is_the_unit_subtree_active_register(world: World) -> None:
    closed = world.enterprises[0]
    Enterprise.objects.filter(pk=closed.pk).update(status=EnterpriseStatus.DEREGISTERED)
    plan = make_plan(world)
    ids = [pk for pk, _group in population(plan)]
    assert ids == sorted(e.pk for e in world.enterprises[1:])
    assert not {e.pk for e in world.far_enterprises} & set(ids)


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"enterprise_types": ["partnership"]}, lambda i, e: e.enterprise_type == "partnership"),
        ({"established_after": "2015-01-01"}, lambda i, e: e.established_on >= date(2015, 1, 1)),
        ({"established_before": "2012-06-30"}, lambda i, e: e.established_on <= date(2012, 6, 30)),
        ({"list_status": "abnormal"}, lambda i, e: i in (1, 2)),
        ({"list_status": "serious"}, lambda i, e: i == 2),
        ({"list_status": "clean"}, lambda i, e: i not in (1, 2)),
        ({"report_year": 2025, "filed_late": True}, lambda i, e: i in (3, 4)),
        ({"report_year": 2025, "corrected_twice": True}, lambda i, e: i == 5),
        ({"report_year": 2024, "corrected_twice": True}, lambda i, e: False),
    ],
)
def test_population_filters(world: World, filters, expected) -> None:
    e = world.enterprises
    Enterprise.objects.filter(pk__in=[e[1].pk, e[2].pk]).update(on_abnormal_list=True)
    Enterprise.objects.filter(pk=e[2].pk).update(on_serious_list=True)
    for index, late in ((3, True), (4, True), (5, False), (6, False)):
        report = AnnualReport.objects.create(enterprise=e[index], year=2025, filed_late=late)
        versions = 3 if index == 5 else 2
        for number in range(1, versions + 1):
            AnnualReportVersion.objects.create(
                report=report, number=number, status="submitted", submitted_at="2026-05-01T10:00Z"
            )
    plan = make_plan(world, filters=filters, kind="targeted")
    ids = [pk for pk, _group in population(plan)]
    assert ids == sorted(x.pk for i, x in enumerate(e) if expected(i, x))


def test_groups_by_type_and_authority(world: World) -> None:
    plan = make_plan(world, group_by="enterprise_type")
    assert {group for _pk, group in population(plan)} == {
        "llc",
        "partnership",
        "sole_proprietorship",
    }
    plan = make_plan(world, group_by="authority", title="按机关")
    assert {group for _pk, group in population(plan)} == {str(world.bureau["kundulun"].pk)}


def test_the_inspector_roster_is_valid_credentials_in_the_subtree(world: World) -> None:
    plan = make_plan(world)
    assert inspector_roster(plan, TODAY) == sorted(p.pk for p in world.inspectors)


# --- the draw ----------------------------------------------------------------------------------


def test_the_draw_creates_the_tasks_and_records_its_inputs(world: World) -> None:
    plan = make_plan(world, group_by="enterprise_type", group_ratios={"llc": "1"})
    draw = inspection_draw(plan=plan, actor=world.supervisor, seed=SEED, day=TODAY)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAWN
    assert (draw.seed, draw.algorithm) == (SEED, engine.ALGORITHM)
    assert draw.population_count == 24
    assert draw.roster_count == 6
    # 8 llc (ratio 1), 8 partnerships and 8 sole proprietorships at 0.25: 2 each.
    assert draw.sample_count == 12 == InspectionTask.objects.filter(plan=plan).count()
    population_text = engine.decompress(bytes(draw.population))
    assert draw.population_digest == engine.digest(population_text)
    assert engine.decode_population(population_text) == population(plan)
    tasks = _tasks(plan)
    assert [rank for rank, *_ in tasks] == list(range(1, 13))
    assert all(a != b for _r, _e, a, b in tasks)
    assert AuditLog.objects.filter(action="supervision.plan.draw", object_id=str(plan.pk)).exists()


def test_without_a_seed_one_is_generated_and_recorded(world: World) -> None:
    draw = inspection_draw(plan=make_plan(world), actor=world.supervisor, day=TODAY)
    engine.seed_key(draw.seed)
    assert verify_draw(draw).ok


@pytest.mark.parametrize("seed", ["xyz", "0123", SEED.upper() + "0"])
def test_a_malformed_seed_is_refused(world: World, seed: str) -> None:
    with pytest.raises(ApplicationError) as refused:
        inspection_draw(plan=make_plan(world), actor=world.supervisor, seed=seed, day=TODAY)
    assert refused.value.field == "seed"


def test_a_second_draw_is_refused(world: World) -> None:
    plan = make_plan(world)
    inspection_draw(plan=plan, actor=world.supervisor, seed=SEED, day=TODAY)
    with pytest.raises(ApplicationError, match="已经抽取"):
        inspection_draw(plan=plan, actor=world.supervisor, day=TODAY)
    assert InspectionDraw.objects.count() == 1


def test_an_empty_population_or_roster_is_refused(world: World) -> None:
    plan = make_plan(world, filters={"list_status": "serious"})
    with pytest.raises(ApplicationError) as refused:
        inspection_draw(plan=plan, actor=world.supervisor, seed=SEED, day=TODAY)
    assert refused.value.field == "filters"
    plan = make_plan(world, title="没有人")
    with pytest.raises(ApplicationError) as refused:
        inspection_draw(plan=plan, actor=world.supervisor, seed=SEED, day=date(2000, 1, 1))
    assert refused.value.field == "roster"
    assert InspectionTask.objects.count() == 0


def test_a_conflict_pair_is_never_assigned(world: World) -> None:
    plan = make_plan(world, ratio="1")
    # Four of six inspectors related to the first enterprise: only 4 and 5 may go there.
    for person in world.inspectors[:4]:
        InspectorRelation.objects.create(
            person=person, enterprise=world.enterprises[0], kind=RelationKind.RELATIVE
        )
    inspection_draw(plan=plan, actor=world.supervisor, seed=SEED, day=TODAY)
    task = InspectionTask.objects.get(plan=plan, enterprise=world.enterprises[0])
    assert {task.inspector_a_id, task.inspector_b_id} == {p.pk for p in world.inspectors[4:]}


def test_last_years_inspector_is_not_sent_again(world: World) -> None:
    old = make_plan(world, year=2025, ratio="1", title="去年")
    inspection_draw(plan=old, actor=world.supervisor, seed=SEED, day=TODAY)
    last_year = {
        (task.enterprise_id, person)
        for task in InspectionTask.objects.filter(plan=old)
        for person in (task.inspector_a_id, task.inspector_b_id)
    }
    plan = make_plan(world, ratio="1")
    inspection_draw(plan=plan, actor=world.supervisor, seed=SEED, day=TODAY)
    for task in InspectionTask.objects.filter(plan=plan):
        assert (task.enterprise_id, task.inspector_a_id) not in last_year
        assert (task.enterprise_id, task.inspector_b_id) not in last_year


def test_no_pair_left_names_the_enterprise(world: World) -> None:
    plan = make_plan(world, ratio="1")
    target = world.enterprises[3]
    for person in world.inspectors[:5]:
        InspectorRelation.objects.create(person=person, enterprise=target, kind=RelationKind.OTHER)
    with pytest.raises(ApplicationError) as refused:
        inspection_draw(plan=plan, actor=world.supervisor, seed=SEED, day=TODAY)
    assert target.name in refused.value.message
    assert refused.value.field == "roster"
    assert InspectionTask.objects.count() == 0
    assert InspectionDraw.objects.count() == 0


# --- publication and verification ------------------------------------------------------------


def test_a_published_draw_re_runs_to_the_same_list_after_the_register_changes(
    world: World,
) -> None:
    plan = make_plan(world, group_by="enterprise_type", group_ratios={"partnership": "0.5"})
    draw = inspection_draw(plan=plan, actor=world.supervisor, seed=SEED, day=TODAY)
    inspection_draw_publish(plan=plan, actor=world.supervisor)
    before = _tasks(plan)
    report = verify_draw(draw)
    assert report.ok
    assert report.sample_count == draw.sample_count
    # The register and the roster change: a new enterprise, one deregistered, one inspector
    # leaves, a new relation recorded.
    register("包头市昆区后来成立有限公司", world.bureau["kundulun"], trade_name="后来成立")
    Enterprise.objects.filter(pk=world.enterprises[5].pk).update(
        status=EnterpriseStatus.DEREGISTERED
    )
    world.inspectors[0].enforcement_credentials.update(revoked_on=TODAY)
    InspectorRelation.objects.create(
        person=world.inspectors[1], enterprise=world.enterprises[7], kind=RelationKind.BUSINESS
    )
    draw.refresh_from_db()
    again = verify_draw(draw)
    assert again.ok, again.problems
    # The engine, run by hand from the stored inputs, gives the stored tasks.
    pop = engine.decode_population(engine.decompress(bytes(draw.population)))
    roster, pairs = engine.decode_roster(engine.decompress(bytes(draw.roster)))
    sample = engine.draw_sample(pop, plan.ratio, plan.group_ratios, draw.seed)
    assigned = engine.assign_inspectors(sample, roster, pairs, draw.seed)
    assert [(r, e, *assigned[e]) for r, e, _g in sample] == before == _tasks(plan)
    # Read from the register as it is now, the inputs differ: the check says so.
    from_register = verify_draw(draw, from_register=True, day=date(2026, 12, 8))
    assert not from_register.ok
    assert not from_register.digests_match


def test_a_tampered_task_is_a_mismatch_and_the_command_exits_1(world: World) -> None:
    plan = make_plan(world)
    draw = inspection_draw(plan=plan, actor=world.supervisor, seed=SEED, day=TODAY)
    out = io.StringIO()
    call_command("verify_inspection_draw", str(plan.pk), stdout=out)
    text = out.getvalue()
    assert SEED in text
    assert draw.population_digest in text
    assert text.strip().endswith("OK")
    task = InspectionTask.objects.get(plan=plan, rank=1)
    task.inspector_a_id, task.inspector_b_id = task.inspector_b_id, task.inspector_a_id
    task.save()
    assert not verify_draw(draw).ok
    out = io.StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command("verify_inspection_draw", str(plan.pk), stdout=out)
    assert exited.value.code == 1
    assert "MISMATCH" in out.getvalue()


def test_editing_a_drawn_or_published_plan_is_refused(world: World) -> None:
    plan = make_plan(world)
    inspection_draw(plan=plan, actor=world.supervisor, seed=SEED, day=TODAY)
    with pytest.raises(ApplicationError, match="已经抽取"):
        inspection_plan_update(actor=world.supervisor, plan=plan, data=plan_data(ratio="0.5"))
    inspection_draw_publish(plan=plan, actor=world.supervisor)
    with pytest.raises(ApplicationError, match="已公布"):
        inspection_plan_update(actor=world.supervisor, plan=plan, data=plan_data(ratio="0.5"))
    with pytest.raises(ApplicationError, match="已经公布"):
        inspection_draw_publish(plan=plan, actor=world.supervisor)
    with pytest.raises(ApplicationError, match="已经抽取"):
        inspection_draw(plan=plan, actor=world.supervisor, day=TODAY)


def test_publishing_before_the_draw_is_refused(world: World) -> None:
    with pytest.raises(ApplicationError, match="尚未抽取"):
        inspection_draw_publish(plan=make_plan(world), actor=world.supervisor)


@needs_concurrent_connections
@pytest.mark.django_db(transaction=True)
def test_two_draws_at_once_give_one(bureau, make_user) -> None:
    from hongdun.supervision.tests.factories_inspection import build_world

    here = build_world(bureau, make_user, enterprises=8)
    plan = make_plan(here)
    outcome = race_same(3, lambda: inspection_draw(plan=plan, actor=here.supervisor, day=TODAY).pk)
    assert outcome.failed == []
    assert len(outcome.won) == 1
    assert len(outcome.refused) == 2
    assert InspectionDraw.objects.count() == 1
    assert InspectionTask.objects.filter(plan=plan).count() == 2
