"""Inspection results: entry and its refusals, the reason-4 proposal, the publication due date,
bulk publication, reassignment and recorded relations (services_results.py)."""

import datetime
from types import SimpleNamespace
from typing import Any

import pytest
from django.utils import timezone

from hongdun.accounts.roles import Role
from hongdun.core.exceptions import ApplicationError
from hongdun.core.models import AuditLog
from hongdun.core.workdays import add_working_days
from hongdun.enterprises.public_cache import public_cache_generation
from hongdun.supervision.choices import (
    AbnormalReason,
    InspectionResult,
    ListingSource,
    ListingStatus,
    PlanStatus,
    RelationKind,
)
from hongdun.supervision.models import AbnormalListing, InspectionTask, InspectorRelation
from hongdun.supervision.services_results import (
    inspection_result_enter,
    inspection_results_publish,
    inspection_task_reassign,
    relation_end,
    relation_record,
)
from hongdun.supervision.tests.factories_results import (
    INSPECTOR_ID_NUMBERS,
    INSPECTOR_PHONES,
    make_enterprise,
    make_inspector,
    make_plan,
    make_task,
)


@pytest.fixture
def world(bureau: Any, role_users: Any, make_user: Any) -> SimpleNamespace:
    """A Kundulun plan with a published draw and three tasks; inspectors in Kundulun and its
    station (one with an account of their own and no role), a spare, one without a credential,
    one in Jiuyuan; a supervisor in Jiuyuan (out of scope)."""
    kundulun, station = bureau["kundulun"], bureau["kundulun-station-1"]
    inspector_user = make_user(None, kundulun)
    other_inspector_user = make_user(None, kundulun)
    a = make_inspector(kundulun, "I1", user=inspector_user, name="王检查")
    b = make_inspector(
        station,
        "I2",
        name="李检查",
        id_number=INSPECTOR_ID_NUMBERS[0],
        phone=INSPECTOR_PHONES[0],
    )
    spare = make_inspector(kundulun, "I3", user=other_inspector_user, name="赵备用")
    plan = make_plan(kundulun)
    enterprises = [
        make_enterprise(kundulun, name)
        for name in ("包头市甲乙商贸有限公司", "包头市丙丁建材有限公司", "包头市戊己餐饮有限公司")
    ]
    tasks = [
        make_task(plan, enterprise, a, b, rank=rank)
        for rank, enterprise in enumerate(enterprises, start=1)
    ]
    return SimpleNamespace(
        kundulun=kundulun,
        station=station,
        jiuyuan=bureau["jiuyuan"],
        supervisor=role_users[Role.SUPERVISOR],
        leader=role_users[Role.LEADER],
        out_of_scope=make_user(Role.SUPERVISOR, bureau["jiuyuan"]),
        inspector_user=inspector_user,
        other_inspector_user=other_inspector_user,
        a=a,
        b=b,
        spare=spare,
        plan=plan,
        enterprises=enterprises,
        tasks=tasks,
        drawn_on=timezone.localdate(plan.draw.drawn_at),
    )


def _enter(world: SimpleNamespace, task: InspectionTask, actor: Any = None, **kwargs: Any) -> Any:
    values: dict[str, Any] = {
        "result": InspectionResult.NORMAL,
        "inspected_on": timezone.localdate() - datetime.timedelta(days=1),
        "findings": "",
        "follow_up": "",
    }
    values.update(kwargs)
    return inspection_result_enter(task=task, actor=actor or world.inspector_user, **values)


# --- entry ---------------------------------------------------------------------------------------


def test_an_inspector_enters_a_result(world: SimpleNamespace) -> None:
    entered = _enter(world, world.tasks[0])
    task = InspectionTask.objects.get(pk=world.tasks[0].pk)
    assert task.result == InspectionResult.NORMAL
    assert task.result_entered_by == world.inspector_user
    assert task.result_entered_at is not None
    assert task.publish_due_on == add_working_days(timezone.localdate(), 20)
    assert task.published_at is None
    assert not entered.corrected
    assert entered.proposed is None
    assert task.listing is None
    assert AuditLog.objects.filter(
        action="supervision.inspection.result.enter", object_id=str(task.pk)
    ).exists()


def test_a_supervisor_in_scope_enters_a_result(world: SimpleNamespace) -> None:
    _enter(world, world.tasks[0], actor=world.supervisor, result=InspectionResult.CLOSED_DOWN)
    assert InspectionTask.objects.get(pk=world.tasks[0].pk).result == InspectionResult.CLOSED_DOWN


@pytest.mark.parametrize(
    ("case", "field"),
    [
        ("future date", "inspected_on"),
        ("before the draw", "inspected_on"),
        ("no date", "inspected_on"),
        ("problems without findings", "findings"),
        ("not found without findings", "findings"),
        ("refused without findings", "findings"),
        ("pending is not a result", "result"),
        ("unknown result", "result"),
    ],
)
def test_entry_refusals(world: SimpleNamespace, case: str, field: str) -> None:
    today = timezone.localdate()
    kwargs: dict[str, Any] = {
        "future date": {"inspected_on": today + datetime.timedelta(days=1)},
        "before the draw": {"inspected_on": world.drawn_on - datetime.timedelta(days=1)},
        "no date": {"inspected_on": None},
        "problems without findings": {"result": InspectionResult.PROBLEMS, "findings": "  "},
        "not found without findings": {"result": InspectionResult.NOT_FOUND},
        "refused without findings": {"result": InspectionResult.REFUSED},
        "pending is not a result": {"result": InspectionResult.PENDING},
        "unknown result": {"result": "excellent"},
    }[case]
    with pytest.raises(ApplicationError) as error:
        _enter(world, world.tasks[0], **kwargs)
    assert error.value.field == field
    task = InspectionTask.objects.get(pk=world.tasks[0].pk)
    assert task.result == InspectionResult.PENDING
    assert task.result_entered_at is None
    assert not AbnormalListing.objects.exists()


def test_the_draw_date_itself_is_accepted(world: SimpleNamespace) -> None:
    _enter(world, world.tasks[0], inspected_on=world.drawn_on)
    assert InspectionTask.objects.get(pk=world.tasks[0].pk).inspected_on == world.drawn_on


def test_no_entry_before_the_draw_is_published(world: SimpleNamespace) -> None:
    plan = make_plan(world.kundulun, title="未公布", status=PlanStatus.DRAWN, draw_published=False)
    task = make_task(plan, world.enterprises[0], world.a, world.b)
    with pytest.raises(ApplicationError, match="抽取结果尚未公布"):
        _enter(world, task)
    assert InspectionTask.objects.get(pk=task.pk).result == InspectionResult.PENDING


@pytest.mark.parametrize("who", ["other_inspector_user", "out_of_scope", "leader"])
def test_only_the_inspectors_or_a_supervisor_in_scope_enter(
    world: SimpleNamespace, who: str
) -> None:
    with pytest.raises(ApplicationError, match="只有该任务的检查人员"):
        _enter(world, world.tasks[0], actor=getattr(world, who))
    assert InspectionTask.objects.get(pk=world.tasks[0].pk).result == InspectionResult.PENDING


def test_publication_due_date_across_national_day(world: SimpleNamespace, settings: Any) -> None:
    """Entered on 30 September 2025: the 1–8 October holiday does not count, the make-up
    Saturday 11 October does; the 20th working day is 4 November."""
    from hongdun.supervision.rules import supervision_rules

    supervision_rules.cache_clear()
    plan = make_plan(
        world.kundulun,
        title="2025年度抽查",
        drawn_at=datetime.datetime(2025, 9, 1, 2, 0, tzinfo=datetime.UTC),
    )
    task = make_task(plan, world.enterprises[0], world.a, world.b)
    inspection_result_enter(
        task=task,
        actor=world.inspector_user,
        result=InspectionResult.NORMAL,
        inspected_on=datetime.date(2025, 9, 29),
        today=datetime.date(2025, 9, 30),
    )
    assert InspectionTask.objects.get(pk=task.pk).publish_due_on == datetime.date(2025, 11, 4)


def test_a_correction_before_publication_keeps_the_first_due_date(
    world: SimpleNamespace,
) -> None:
    task = world.tasks[0]
    _enter(world, task, today=timezone.localdate() - datetime.timedelta(days=0))
    first = InspectionTask.objects.get(pk=task.pk)
    entered = _enter(
        world,
        task,
        actor=world.supervisor,
        result=InspectionResult.PROBLEMS,
        findings="未按规定公示股东出资信息",
        today=timezone.localdate() + datetime.timedelta(days=3),
    )
    again = InspectionTask.objects.get(pk=task.pk)
    assert entered.corrected
    assert again.result == InspectionResult.PROBLEMS
    assert again.publish_due_on == first.publish_due_on
    assert again.result_entered_by == world.inspector_user
    assert again.history.count() >= 3  # created, entered, corrected


def test_a_correction_after_publication_needs_a_reason(world: SimpleNamespace) -> None:
    task = world.tasks[0]
    _enter(world, task)
    inspection_results_publish(actor=world.supervisor, tasks=[task])
    with pytest.raises(ApplicationError) as error:
        _enter(world, task, result=InspectionResult.PROBLEMS, findings="未公示")
    assert error.value.field == "correction_reason"
    assert InspectionTask.objects.get(pk=task.pk).result == InspectionResult.NORMAL
    _enter(
        world,
        task,
        result=InspectionResult.PROBLEMS,
        findings="未公示",
        correction_reason="录入有误",
    )
    corrected = InspectionTask.objects.get(pk=task.pk)
    assert corrected.result == InspectionResult.PROBLEMS
    assert corrected.published_at is not None
    latest = corrected.history.first()
    assert latest is not None
    assert latest.history_change_reason == "录入有误"
    previous = corrected.history.all()[1]
    assert previous.result == InspectionResult.NORMAL
    audit = AuditLog.objects.get(action="supervision.inspection.result.correct")
    assert (audit.before or {})["result"] == InspectionResult.NORMAL
    assert (audit.after or {})["correction_reason"] == "录入有误"


# --- not found → reason 4 -------------------------------------------------------------------------


def test_not_found_proposes_reason_4_exactly_once(world: SimpleNamespace) -> None:
    task = world.tasks[0]
    inspected = timezone.localdate() - datetime.timedelta(days=2)
    entered = _enter(
        world,
        task,
        result=InspectionResult.NOT_FOUND,
        findings="登记住所已无该企业，电话无人接听",
        inspected_on=inspected,
    )
    listing = AbnormalListing.objects.get()
    assert entered.proposed == listing
    assert listing.reason == AbnormalReason.UNREACHABLE
    assert listing.source == ListingSource.INSPECTION
    assert listing.status == ListingStatus.PROPOSED
    assert listing.basis_on == inspected
    assert listing.facts == "登记住所已无该企业，电话无人接听"
    assert listing.enterprise == task.enterprise
    assert InspectionTask.objects.get(pk=task.pk).listing == listing

    # Entering "not found" again (a correction) proposes nothing more.
    again = _enter(world, task, result=InspectionResult.NOT_FOUND, findings="复查仍无法联系")
    assert again.proposed is None
    assert again.note
    assert AbnormalListing.objects.count() == 1

    # Another task on the same enterprise: linked to the open entry, not proposed again.
    other_plan = make_plan(world.kundulun, title="专项抽查")
    other = make_task(other_plan, task.enterprise, world.a, world.b)
    third = _enter(world, other, result=InspectionResult.NOT_FOUND, findings="无法联系")
    assert third.proposed is None
    assert "未再次提出" in third.note
    assert AbnormalListing.objects.count() == 1
    assert InspectionTask.objects.get(pk=other.pk).listing == listing


def test_a_refused_proposal_rolls_the_result_back(world: SimpleNamespace) -> None:
    """The proposal and the result are one transaction: a deregistered enterprise cannot be
    proposed, so the result is not saved either."""
    from hongdun.enterprises.choices import EnterpriseStatus

    task = world.tasks[0]
    type(task.enterprise).objects.filter(pk=task.enterprise_id).update(
        status=EnterpriseStatus.DEREGISTERED
    )
    with pytest.raises(ApplicationError, match="已不在登记状态"):
        _enter(world, task, result=InspectionResult.NOT_FOUND, findings="无法联系")
    assert InspectionTask.objects.get(pk=task.pk).result == InspectionResult.PENDING
    assert not AbnormalListing.objects.exists()


# --- publication --------------------------------------------------------------------------------


def test_bulk_publish_selected_tasks(
    world: SimpleNamespace, django_capture_on_commit_callbacks: Any
) -> None:
    first, second, third = world.tasks
    _enter(world, first)
    _enter(world, second, result=InspectionResult.PROBLEMS, findings="未公示年报")
    before = public_cache_generation(first.enterprise_id)
    with django_capture_on_commit_callbacks(execute=True):
        published = inspection_results_publish(actor=world.supervisor, tasks=[first, second])
    assert {task.pk for task in published} == {first.pk, second.pk}
    rows = InspectionTask.objects.filter(pk__in=[first.pk, second.pk])
    assert len({row.published_at for row in rows}) == 1
    assert None not in {row.published_at for row in rows}
    assert InspectionTask.objects.get(pk=third.pk).published_at is None
    assert public_cache_generation(first.enterprise_id) != before  # the public record renders again
    assert AuditLog.objects.filter(action="supervision.inspection.result.publish").count() == 2


def test_bulk_publish_is_all_or_nothing(world: SimpleNamespace) -> None:
    first, second, _ = world.tasks
    _enter(world, first)
    with pytest.raises(ApplicationError, match="尚未录入检查结果"):
        inspection_results_publish(actor=world.supervisor, tasks=[first, second])
    assert InspectionTask.objects.filter(published_at__isnull=False).count() == 0


def test_publish_a_whole_plan_skips_pending_and_published(world: SimpleNamespace) -> None:
    first, second, third = world.tasks
    _enter(world, first)
    _enter(world, second)
    inspection_results_publish(actor=world.supervisor, tasks=[first])
    published = inspection_results_publish(actor=world.supervisor, plan=world.plan)
    assert [task.pk for task in published] == [second.pk]
    assert InspectionTask.objects.get(pk=third.pk).published_at is None
    with pytest.raises(ApplicationError, match="没有待公示"):
        inspection_results_publish(actor=world.supervisor, plan=world.plan)


@pytest.mark.parametrize("who", ["leader", "out_of_scope", "inspector_user"])
def test_only_supervisors_in_scope_publish(world: SimpleNamespace, who: str) -> None:
    _enter(world, world.tasks[0])
    with pytest.raises(ApplicationError, match="只有负责该计划的监管人员"):
        inspection_results_publish(actor=getattr(world, who), plan=world.plan)
    with pytest.raises(ApplicationError, match="只有负责该计划的监管人员"):
        inspection_results_publish(actor=getattr(world, who), tasks=[world.tasks[0]])
    assert InspectionTask.objects.filter(published_at__isnull=False).count() == 0


# --- reassignment -------------------------------------------------------------------------------


def test_reassign_an_inspector(world: SimpleNamespace) -> None:
    task = world.tasks[0]
    inspection_task_reassign(
        task=task, actor=world.supervisor, slot="b", person=world.spare, reason="李检查病假"
    )
    again = InspectionTask.objects.get(pk=task.pk)
    assert again.inspector_b == world.spare
    assert again.inspector_a == world.a
    audit = AuditLog.objects.get(action="supervision.inspection.reassign")
    assert (audit.before or {})["inspector_b"] == world.b.pk
    assert (audit.after or {})["inspector_b"] == world.spare.pk
    # The new inspector hears of it (their account is linked).
    assert world.other_inspector_user.notifications.exists()


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("relation", "回避关系"),
        ("other inspector", "另一名检查人员"),
        ("same inspector", "无需调整"),
        ("no credential", "没有有效的行政执法证"),
        ("expired credential", "没有有效的行政执法证"),
        ("revoked credential", "没有有效的行政执法证"),
        ("outside the subtree", "不在实施单位"),
        ("inspected last year", "上一年度检查过该企业"),
        ("result entered", "已录入检查结果"),
        ("bad slot", "检查人员一还是检查人员二"),
    ],
)
def test_reassignment_refusals(world: SimpleNamespace, case: str, message: str) -> None:
    task = world.tasks[0]
    person = world.spare
    slot = "b"
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    if case == "relation":
        InspectorRelation.objects.create(
            person=person, enterprise=task.enterprise, kind=RelationKind.RELATIVE
        )
    elif case == "other inspector":
        person = world.a
    elif case == "same inspector":
        person = world.b
    elif case == "no credential":
        person = make_inspector(world.kundulun, "I9", credential=False)
    elif case == "expired credential":
        person = make_inspector(world.kundulun, "I9", valid_until=yesterday)
    elif case == "revoked credential":
        person = make_inspector(world.kundulun, "I9", revoked_on=yesterday)
    elif case == "outside the subtree":
        person = make_inspector(world.jiuyuan, "I9")
    elif case == "inspected last year":
        last = make_plan(world.kundulun, title="上年度", year=world.plan.year - 1)
        make_task(last, task.enterprise, person, world.a)
    elif case == "result entered":
        _enter(world, task)
    elif case == "bad slot":
        slot = "c"
    with pytest.raises(ApplicationError, match=message):
        inspection_task_reassign(task=task, actor=world.supervisor, slot=slot, person=person)
    again = InspectionTask.objects.get(pk=task.pk)
    assert (again.inspector_a, again.inspector_b) == (world.a, world.b)


def test_a_station_inspector_may_be_assigned(world: SimpleNamespace) -> None:
    person = make_inspector(world.station, "I8")
    inspection_task_reassign(task=world.tasks[0], actor=world.supervisor, slot="a", person=person)
    assert InspectionTask.objects.get(pk=world.tasks[0].pk).inspector_a == person


@pytest.mark.parametrize("who", ["leader", "out_of_scope", "inspector_user"])
def test_only_supervisors_in_scope_reassign(world: SimpleNamespace, who: str) -> None:
    with pytest.raises(ApplicationError, match="只有负责该计划的监管人员"):
        inspection_task_reassign(
            task=world.tasks[0], actor=getattr(world, who), slot="b", person=world.spare
        )


# --- relations ----------------------------------------------------------------------------------


def test_record_and_end_a_relation(world: SimpleNamespace) -> None:
    enterprise = world.enterprises[1]
    row = relation_record(
        actor=world.supervisor,
        person=world.spare,
        uscc=enterprise.uscc.lower(),
        kind=RelationKind.INVESTOR,
        notes="曾在该企业任职",
    )
    assert (row.person, row.enterprise, row.kind) == (world.spare, enterprise, "investor")
    with pytest.raises(ApplicationError, match="无需重复登记") as error:
        relation_record(
            actor=world.supervisor, person=world.spare, uscc=enterprise.uscc, kind="investor"
        )
    assert error.value.field == "kind"
    with pytest.raises(ApplicationError, match="解除理由"):
        relation_end(actor=world.supervisor, relation=row, reason=" ")
    relation_end(actor=world.supervisor, relation=row, reason="已离职五年")
    assert not InspectorRelation.objects.exists()
    assert AuditLog.objects.get(action="supervision.relation.end").after == {"reason": "已离职五年"}
    deleted = InspectorRelation.history.filter(id=row.pk, history_type="-").get()
    assert deleted.history_change_reason == "已离职五年"


@pytest.mark.parametrize(
    ("case", "field"),
    [
        ("unknown code", "uscc"),
        ("empty code", "uscc"),
        ("unknown kind", "kind"),
        ("no person", "person"),
        ("person out of reach", "person"),
    ],
)
def test_relation_refusals(world: SimpleNamespace, case: str, field: str) -> None:
    values: dict[str, Any] = {
        "person": world.spare,
        "uscc": world.enterprises[0].uscc,
        "kind": RelationKind.BUSINESS,
    }
    if case == "unknown code":
        values["uscc"] = "91150203MA0000000X"
    elif case == "empty code":
        values["uscc"] = ""
    elif case == "unknown kind":
        values["kind"] = "friend"
    elif case == "no person":
        values["person"] = None
    elif case == "person out of reach":
        values["person"] = make_inspector(world.jiuyuan, "I9")
    with pytest.raises(ApplicationError) as error:
        relation_record(actor=world.supervisor, **values)
    assert error.value.field == field
    assert not InspectorRelation.objects.exists()


def test_out_of_scope_supervisor_cannot_end_a_relation(world: SimpleNamespace) -> None:
    row = InspectorRelation.objects.create(
        person=world.spare, enterprise=world.enterprises[0], kind=RelationKind.OTHER
    )
    with pytest.raises(ApplicationError, match="只能解除本单位"):
        relation_end(actor=world.out_of_scope, relation=row, reason="无")
    assert InspectorRelation.objects.filter(pk=row.pk).exists()
