# ruff: noqa: F811 - pytest fixtures imported from test_markets_fixtures
"""The rules of 文明诚信市场: scoring and the decision (tables), the checklist's validation and
freezing, the markets register and its stalls, the title's revocation, each write audited."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from hongdun.core.exceptions import ApplicationError
from hongdun.core.models import AuditLog
from hongdun.credit.choices import EvaluationStatus
from hongdun.credit.models import Market, MarketChecklist, MarketEvaluation, MarketStall
from hongdun.credit.services_markets import (
    ChecklistItem,
    MarketData,
    StallData,
    checklist_clean,
    checklist_copy,
    checklist_delete,
    checklist_is_frozen,
    checklist_update,
    checklists_editable_by,
    evaluation_create,
    evaluation_decide,
    evaluation_outcome,
    evaluation_reopen,
    evaluation_score,
    evaluation_title_revoke,
    market_create,
    market_set_active,
    market_update,
    scores_clean,
    stall_create,
    stall_set_active,
    stall_update,
)
from hongdun.credit.tests.test_markets_fixtures import (  # noqa: F401 - fixtures
    ITEMS,
    PASS_SCORE,
    THIS_YEAR,
    World,
    world,
)
from hongdun.enterprises.choices import EnterpriseStatus
from hongdun.enterprises.models import Enterprise

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()

CHECKLIST = [
    ChecklistItem("M1", "明码标价", 30, True),
    ChecklistItem("M2", "索证索票", 40, False),
    ChecklistItem("M3", "消费纠纷", 30, False),
]


# --- the decision rule ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("scores", "total", "complete", "passed", "short"),
    [
        ({"M1": 30, "M2": 40, "M3": 30}, 100, True, True, ()),
        ({"M1": 30, "M2": 20, "M3": 30}, 80, True, True, ()),  # exactly the pass score
        ({"M1": 30, "M2": 19, "M3": 30}, 79, True, False, ()),  # one point short
        ({"M1": 29, "M2": 40, "M3": 30}, 99, True, False, ("M1",)),  # required item not full
        ({"M1": 0, "M2": 40, "M3": 30}, 70, True, False, ("M1",)),
        ({"M1": 30, "M2": 40}, 70, False, False, ()),  # M3 unscored
        ({}, 0, False, False, ()),
        ({"M1": 30, "M2": 0, "M3": 0}, 30, True, False, ()),
    ],
)
def test_the_outcome_of_scores(
    scores: dict[str, int], total: int, complete: bool, passed: bool, short: tuple[str, ...]
) -> None:
    outcome = evaluation_outcome(CHECKLIST, 80, scores)
    assert (outcome.total, outcome.complete, outcome.passed) == (total, complete, passed)
    assert outcome.required_short == short


@pytest.mark.parametrize(
    ("scores", "cleaned", "message"),
    [
        ({"M1": 30, "M2": "12", "M3": None}, {"M1": 30, "M2": 12}, ""),
        ({"M1": "", "M2": 0}, {"M2": 0}, ""),
        ({"M1": 31}, None, "M1 的得分 31 超过了该项分值 30 分"),
        ({"M2": -1}, None, "M2 的得分必须是0至40之间的整数"),
        ({"M2": "十"}, None, "M2 的得分必须是0至40之间的整数"),
        ({"M2": 1.5}, None, "M2 的得分必须是0至40之间的整数"),
        ({"M9": 3}, None, "评议标准中没有代码为 M9 的项目"),
    ],
)
def test_scores_are_whole_numbers_up_to_the_items_points(
    scores: dict[str, Any], cleaned: dict[str, int] | None, message: str
) -> None:
    if cleaned is not None:
        assert scores_clean(CHECKLIST, scores) == cleaned
        return
    with pytest.raises(ApplicationError) as refused:
        scores_clean(CHECKLIST, scores)
    assert message in refused.value.message


# --- the checklist's validation -------------------------------------------------------------------


def _item(code: str = "M1", text: str = "内容", points: Any = 10, required: bool = False) -> dict:
    return {"code": code, "text": text, "points": points, "required": required}


@pytest.mark.parametrize(
    ("items", "pass_score", "field", "message"),
    [
        ([], 10, "items", "至少要有一个评议项目"),
        ([_item("M1"), _item("m1")], 10, "items", "与第 1 项重复"),
        ([_item(" ")], 5, "items", "代码请用1至16位字母"),
        ([_item("M 1")], 5, "items", "代码请用1至16位字母"),
        ([_item(text="")], 5, "items", "请填写评议内容"),
        ([_item(points=0)], 5, "items", "分值必须是1至1000之间的整数"),
        ([_item(points=-3)], 5, "items", "分值必须是1至1000之间的整数"),
        ([_item(points="abc")], 5, "items", "分值必须是1至1000之间的整数"),
        ([_item(points=10), _item("M2", points=5)], 16, "pass_score", "超过了各项分值合计 15"),
        ([_item(points=10)], 0, "pass_score", "达标分数必须是大于0的整数"),
    ],
)
def test_a_wrong_checklist_is_refused_naming_the_item(
    items: list[dict], pass_score: Any, field: str, message: str
) -> None:
    with pytest.raises(ApplicationError) as refused:
        checklist_clean(items, pass_score)
    assert refused.value.field == field
    assert message in refused.value.message


def test_a_checklist_is_stored_with_clean_values() -> None:
    items, score = checklist_clean([_item(" M1 ", " 明码  标价 ", "30", True)], "30")
    assert items == [{"code": "M1", "text": "明码 标价", "points": 30, "required": True}]
    assert score == 30


def test_only_the_city_bureaus_supervisors_edit_checklists(world: World) -> None:
    assert checklists_editable_by(world.city_supervisor)
    for user in (world.supervisor, world.leader, world.administrator, world.registrar):
        assert not checklists_editable_by(user)
    with pytest.raises(ApplicationError, match="市局监管人员"):
        checklist_update(
            actor=world.supervisor, checklist=world.checklist, items=ITEMS, pass_score=70
        )


def _decided(world: World, scores: dict[str, int] | None = None, award: bool = True) -> Any:
    evaluation = evaluation_create(actor=world.supervisor, market=world.market, year=THIS_YEAR)
    evaluation_score(
        actor=world.supervisor,
        evaluation=evaluation,
        scores=scores or {"M1": 30, "M2": 35, "M3": 25},
        note="",
    )
    return evaluation_decide(
        actor=world.supervisor, evaluation=evaluation, evaluated_on=TODAY, award=award
    )


def test_a_checklist_used_by_a_decided_evaluation_is_frozen(world: World) -> None:
    evaluation = evaluation_create(actor=world.supervisor, market=world.market, year=THIS_YEAR)
    assert not checklist_is_frozen(world.checklist)
    # A draft does not freeze it: the city edits it and the draft follows.
    evaluation_score(
        actor=world.supervisor, evaluation=evaluation, scores={"M1": 30, "M2": 40}, note=""
    )
    changed = [dict(ITEMS[0]), {**ITEMS[1], "points": 30}, dict(ITEMS[2])]
    checklist_update(
        actor=world.city_supervisor, checklist=world.checklist, items=changed, pass_score=70
    )
    evaluation.refresh_from_db()
    assert evaluation.scores == {"M1": 30}  # 40 no longer fits M2's 30 points: scored again
    assert evaluation.total == 30
    evaluation_score(
        actor=world.supervisor, evaluation=evaluation, scores={"M2": 30, "M3": 20}, note=""
    )
    evaluation_decide(actor=world.supervisor, evaluation=evaluation, evaluated_on=TODAY, award=True)
    assert checklist_is_frozen(world.checklist)
    with pytest.raises(ApplicationError, match="不能再修改") as refused:
        checklist_update(
            actor=world.city_supervisor, checklist=world.checklist, items=ITEMS, pass_score=60
        )
    assert refused.value.field == "items"
    world.checklist.refresh_from_db()
    assert world.checklist.pass_score == 70
    with pytest.raises(ApplicationError, match="不能删除"):
        checklist_delete(actor=world.city_supervisor, checklist=world.checklist)
    # A new year is a new checklist, copied from this one.
    next_year = checklist_copy(
        actor=world.city_supervisor, year=THIS_YEAR + 1, source=world.checklist
    )
    assert next_year.items == world.checklist.items
    assert next_year.pass_score == 70
    with pytest.raises(ApplicationError, match="已经建立") as refused:
        checklist_copy(actor=world.city_supervisor, year=THIS_YEAR + 1, source=world.checklist)
    assert refused.value.field == "year"
    checklist_delete(actor=world.city_supervisor, checklist=next_year)
    assert not MarketChecklist.objects.filter(year=THIS_YEAR + 1).exists()
    assert AuditLog.objects.filter(action="credit.checklist.delete").count() == 1


# --- evaluations ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("scores", "award", "note", "awarded", "message"),
    [
        ({"M1": 30, "M2": 40, "M3": 30}, True, "", True, ""),
        ({"M1": 30, "M2": 20, "M3": 30}, True, "", True, ""),
        ({"M1": 30, "M2": 19, "M3": 30}, False, "", False, ""),
        ({"M1": 30, "M2": 19, "M3": 30}, True, "", None, "总分 79 低于达标分数 80"),
        ({"M1": 29, "M2": 40, "M3": 30}, True, "", None, "必备项目 M1 未得满分"),
        ({"M1": 30, "M2": 40, "M3": 30}, False, "", None, "不授予称号的，请在评议意见中写明理由"),
        ({"M1": 30, "M2": 40, "M3": 30}, False, "场内发生食品安全事件", False, ""),
        ({"M1": 30, "M2": 40}, True, "", None, "还有 1 项未评分（M3）"),
    ],
)
def test_the_decision(
    world: World,
    scores: dict[str, int],
    award: bool,
    note: str,
    awarded: bool | None,
    message: str,
) -> None:
    evaluation = evaluation_create(actor=world.supervisor, market=world.market, year=THIS_YEAR)
    evaluation_score(actor=world.supervisor, evaluation=evaluation, scores=scores, note=note)
    if awarded is None:
        with pytest.raises(ApplicationError) as refused:
            evaluation_decide(
                actor=world.supervisor, evaluation=evaluation, evaluated_on=TODAY, award=award
            )
        assert message in refused.value.message
        evaluation.refresh_from_db()
        assert evaluation.status == EvaluationStatus.DRAFT
        assert not checklist_is_frozen(world.checklist)
        return
    decided = evaluation_decide(
        actor=world.supervisor, evaluation=evaluation, evaluated_on=TODAY, award=award
    )
    assert decided.status == EvaluationStatus.DECIDED
    assert decided.title_awarded is awarded
    assert decided.total == sum(scores.values())
    assert decided.evaluated_by == world.supervisor
    log = AuditLog.objects.get(action="credit.evaluation.decide", object_id=str(decided.pk))
    assert (log.after or {})["title_awarded"] is awarded


def test_a_score_above_the_items_points_changes_nothing(world: World) -> None:
    evaluation = evaluation_create(actor=world.supervisor, market=world.market, year=THIS_YEAR)
    evaluation_score(actor=world.supervisor, evaluation=evaluation, scores={"M1": 20}, note="")
    with pytest.raises(ApplicationError, match="超过了该项分值 40 分") as refused:
        evaluation_score(
            actor=world.supervisor, evaluation=evaluation, scores={"M1": 30, "M2": 41}, note=""
        )
    assert refused.value.field == "score_M2"
    evaluation.refresh_from_db()
    assert evaluation.scores == {"M1": 20}


@pytest.mark.parametrize(
    ("year", "message"),
    [
        (THIS_YEAR + 1, "只能评议本年度及以前年度"),
        (THIS_YEAR - 1, "年度的评议标准尚未建立"),
        (2014, "不能评议开业以前的年度"),
        ("二〇二五", "请填写2000年至"),
    ],
)
def test_an_evaluation_needs_a_year_with_a_checklist(world: World, year: Any, message: str) -> None:
    with pytest.raises(ApplicationError, match=message):
        evaluation_create(actor=world.supervisor, market=world.market, year=year)
    assert not MarketEvaluation.objects.exists()


def test_a_second_evaluation_of_the_same_year_is_refused(world: World) -> None:
    evaluation_create(actor=world.supervisor, market=world.market, year=THIS_YEAR)
    with pytest.raises(ApplicationError, match="每个市场每年只评议一次") as refused:
        evaluation_create(actor=world.supervisor, market=world.market, year=THIS_YEAR)
    assert refused.value.field == "year"
    assert MarketEvaluation.objects.count() == 1


def test_a_decision_is_final_for_the_scores(world: World) -> None:
    evaluation = _decided(world)
    with pytest.raises(ApplicationError, match="评分不能再修改"):
        evaluation_score(actor=world.supervisor, evaluation=evaluation, scores={"M1": 0}, note="")
    with pytest.raises(ApplicationError, match="评分不能再修改"):
        evaluation_decide(
            actor=world.supervisor, evaluation=evaluation, evaluated_on=TODAY, award=True
        )


def test_a_decision_without_the_title_is_reopened_with_a_reason(world: World) -> None:
    evaluation = _decided(world, {"M1": 30, "M2": 10, "M3": 10}, award=False)
    assert checklist_is_frozen(world.checklist)
    with pytest.raises(ApplicationError, match="请填写撤回原因"):
        evaluation_reopen(actor=world.supervisor, evaluation=evaluation, reason=" ")
    reopened = evaluation_reopen(
        actor=world.supervisor, evaluation=evaluation, reason="M2 评分录入错误"
    )
    assert reopened.status == EvaluationStatus.DRAFT
    assert reopened.evaluated_on is None
    assert not checklist_is_frozen(world.checklist)
    log = AuditLog.objects.get(action="credit.evaluation.reopen")
    assert (log.after or {})["reason"] == "M2 评分录入错误"
    assert reopened.history.first().history_change_reason == "M2 评分录入错误"


def test_an_awarded_title_is_revoked_not_reopened(world: World) -> None:
    evaluation = _decided(world)
    assert evaluation.title_awarded
    with pytest.raises(ApplicationError, match="请撤销称号"):
        evaluation_reopen(actor=world.supervisor, evaluation=evaluation, reason="改分")
    for revoked_on, message in (
        (TODAY + datetime.timedelta(days=1), "撤销日期不能晚于今天"),
        (TODAY - datetime.timedelta(days=1), "撤销日期不能早于评定日期"),
    ):
        with pytest.raises(ApplicationError, match=message):
            evaluation_title_revoke(
                actor=world.supervisor, evaluation=evaluation, revoked_on=revoked_on, reason="x"
            )
    with pytest.raises(ApplicationError, match="请填写撤销原因"):
        evaluation_title_revoke(
            actor=world.supervisor, evaluation=evaluation, revoked_on=TODAY, reason=""
        )
    revoked = evaluation_title_revoke(
        actor=world.supervisor,
        evaluation=evaluation,
        revoked_on=TODAY,
        reason="场内摊位经营者被列入严重违法失信名单",
    )
    assert revoked.title_revoked_on == TODAY
    assert revoked.revoked_reason == "场内摊位经营者被列入严重违法失信名单"
    with pytest.raises(ApplicationError, match="该称号已于"):
        evaluation_title_revoke(
            actor=world.supervisor, evaluation=evaluation, revoked_on=TODAY, reason="再次"
        )
    log = AuditLog.objects.get(action="credit.evaluation.revoke_title")
    assert (log.after or {})["title_revoked_on"] == TODAY.isoformat()
    assert revoked.history.count() >= 4  # created, scored, decided, revoked


def test_an_out_of_scope_supervisor_cannot_evaluate(world: World) -> None:
    with pytest.raises(ApplicationError, match="不在您的管辖范围内"):
        evaluation_create(actor=world.far_supervisor, market=world.market, year=THIS_YEAR)
    evaluation = evaluation_create(actor=world.supervisor, market=world.market, year=THIS_YEAR)
    with pytest.raises(ApplicationError, match="不在您的管辖范围内"):
        evaluation_score(
            actor=world.far_supervisor, evaluation=evaluation, scores={"M1": 1}, note=""
        )


# --- markets and stalls ---------------------------------------------------------------------------


def _data(world: World, **changes: Any) -> MarketData:
    values: dict[str, Any] = {
        "name": "昆都仑区阿尔丁综合市场",
        "kind": "comprehensive",
        "operator_uscc": world.operator.uscc,
        "address": "内蒙古自治区包头市昆都仑区阿尔丁大街8号",
        "unit": world.bureau["kundulun"],
        "opened_on": datetime.date(2018, 3, 1),
    }
    values.update(changes)
    return MarketData(**values)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name": " "}, "name", "请填写市场名称"),
        ({"kind": "mall"}, "kind", "市场类型：请从列表中选择"),
        ({"operator_uscc": "91150203MA0N00000X"}, "operator_uscc", "不正确"),
        ({"operator_uscc": "123"}, "operator_uscc", "不正确"),
        ({"unit": None}, "unit", "请选择属地监管单位"),
        ({"opened_on": TODAY + datetime.timedelta(days=3)}, "opened_on", "不能晚于今天"),
        ({"name": "昆都仑区鑫禾农贸市场", "address": None}, "name", "同一地址已登记"),
    ],
)
def test_a_wrong_market_is_refused(
    world: World, changes: dict[str, Any], field: str, message: str
) -> None:
    if changes.get("address", "") is None:
        changes["address"] = world.market.address
    with pytest.raises(ApplicationError) as refused:
        market_create(actor=world.supervisor, data=_data(world, **changes))
    assert refused.value.field == field
    assert message in refused.value.message
    assert Market.objects.count() == 1


def test_the_operator_must_be_registered_and_in_existence(world: World) -> None:
    from hongdun.enterprises.uscc import check_character

    body = "91150203MA0000001"
    unknown = body + check_character(body)
    with pytest.raises(ApplicationError, match="登记簿中没有统一社会信用代码为"):
        market_create(actor=world.supervisor, data=_data(world, operator_uscc=unknown))
    Enterprise.objects.filter(pk=world.operator.pk).update(status=EnterpriseStatus.DEREGISTERED)
    with pytest.raises(ApplicationError, match="登记状态为注销"):
        market_create(actor=world.supervisor, data=_data(world))


def test_a_market_is_placed_only_within_reach(world: World) -> None:
    with pytest.raises(ApplicationError, match="不在您的管辖范围内") as refused:
        market_create(actor=world.supervisor, data=_data(world, unit=world.bureau["jiuyuan"]))
    assert refused.value.field == "unit"
    market = market_create(actor=world.supervisor, data=_data(world))
    with pytest.raises(ApplicationError, match="不在您的管辖范围内"):
        market_update(actor=world.far_supervisor, market=market, data=_data(world, name="改名"))
    updated = market_update(
        actor=world.supervisor, market=market, data=_data(world, name="昆都仑区阿尔丁市场")
    )
    assert updated.name == "昆都仑区阿尔丁市场"
    log = AuditLog.objects.get(action="credit.market.update")
    assert ((log.before or {})["name"], (log.after or {})["name"]) == (
        "昆都仑区阿尔丁综合市场",
        "昆都仑区阿尔丁市场",
    )


def test_a_market_closes_with_a_reason_and_reopens(world: World) -> None:
    with pytest.raises(ApplicationError, match="请填写原因"):
        market_set_active(actor=world.supervisor, market=world.market, active=False)
    closed = market_set_active(
        actor=world.supervisor, market=world.market, active=False, reason="市场拆迁停业"
    )
    assert not closed.is_active
    with pytest.raises(ApplicationError, match="已经是停业状态"):
        market_set_active(actor=world.supervisor, market=world.market, active=False, reason="x")
    with pytest.raises(ApplicationError, match="不能新增摊位"):
        stall_create(actor=world.supervisor, market=world.market, data=StallData("A01", "张三"))
    with pytest.raises(ApplicationError, match="不能评议"):
        evaluation_create(actor=world.supervisor, market=world.market, year=THIS_YEAR)
    reopened = market_set_active(actor=world.supervisor, market=world.market, active=True)
    assert reopened.is_active
    assert [
        (log.after or {})["is_active"]
        for log in AuditLog.objects.filter(
            action__startswith="credit.market.", action__endswith="activate"
        ).order_by("pk")
    ] == [False, True]


def test_stalls(world: World) -> None:
    person = stall_create(
        actor=world.supervisor, market=world.market, data=StallData("A01", "张秀英", "", "蔬菜")
    )
    firm = stall_create(
        actor=world.supervisor,
        market=world.market,
        data=StallData("A02", "", world.holder.uscc, "水果"),
    )
    assert firm.holder_name == world.holder.name
    assert firm.enterprise == world.holder
    with pytest.raises(ApplicationError, match="本市场已有摊位号“A01”") as refused:
        stall_create(actor=world.supervisor, market=world.market, data=StallData("A01", "李四"))
    assert refused.value.field == "number"
    with pytest.raises(ApplicationError, match="请填写经营者姓名或名称"):
        stall_create(actor=world.supervisor, market=world.market, data=StallData("A03"))
    with pytest.raises(ApplicationError, match="本市场已有摊位号“A02”"):
        stall_update(actor=world.supervisor, stall=person, data=StallData("A02", "张秀英"))
    stall_update(actor=world.supervisor, stall=person, data=StallData("A01", "张秀英", "", "鲜肉"))
    stall_set_active(actor=world.supervisor, stall=person, active=False)
    person.refresh_from_db()
    assert (person.goods, person.is_active) == ("鲜肉", False)
    with pytest.raises(ApplicationError, match="不在您的管辖范围内"):
        stall_set_active(actor=world.far_supervisor, stall=person, active=True)
    # A natural person's name never reaches the audit log.
    logs = AuditLog.objects.filter(action__startswith="credit.stall.", object_id=str(person.pk))
    assert logs.count() == 3
    assert all("张秀英" not in str(log.before) + str(log.after) for log in logs)
    assert MarketStall.objects.filter(market=world.market).count() == 2
