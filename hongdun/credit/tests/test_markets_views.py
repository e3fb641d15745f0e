# ruff: noqa: F811 - pytest fixtures imported from test_markets_fixtures
"""The 文明诚信市场 pages: every staff page for anonymous users, wrong roles, an out-of-scope
supervisor and one in scope; the checklist pages for the city bureau only; the forms' refusals;
the public list shows only the titles that stand and nothing of the stalls."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from hongdun.accounts.roles import Role
from hongdun.credit.models import Market, MarketChecklist, MarketEvaluation
from hongdun.credit.services_markets import (
    StallData,
    evaluation_create,
    evaluation_decide,
    evaluation_score,
    evaluation_title_revoke,
    market_set_active,
    stall_create,
)
from hongdun.credit.tests.test_markets_fixtures import (  # noqa: F401 - fixtures
    ITEMS,
    THIS_YEAR,
    World,
    make_market,
    world,
)
from hongdun.enterprises.tests.factories import register
from hongdun.testing.views import ScopeCase, ScopedPage, ScopedViewSuite

pytestmark = pytest.mark.django_db
BASE = "/staff/credit/markets"
TODAY = timezone.localdate()
FULL = {"M1": 30, "M2": 40, "M3": 30}


def _decide(world: World, market: Market, *, award: bool = True) -> MarketEvaluation:
    evaluation = evaluation_create(actor=world.city_supervisor, market=market, year=THIS_YEAR)
    evaluation_score(actor=world.city_supervisor, evaluation=evaluation, scores=FULL, note="")
    return evaluation_decide(
        actor=world.city_supervisor, evaluation=evaluation, evaluated_on=TODAY, award=award
    )


@pytest.fixture
def case(world: World, role_users: Any) -> ScopeCase:
    return ScopeCase(
        record=world.market,
        marker=world.market.name,
        in_scope=world.supervisor,
        out_of_scope=world.far_supervisor,
        wrong_roles=[world.registrar, role_users[Role.APPLICANT], role_users["no_role"]],
    )


class TestMarketReadPages(ScopedViewSuite):
    pages = (
        ScopedPage("list", f"{BASE}/", lists=True),
        ScopedPage("detail", f"{BASE}/{{pk}}/"),
        ScopedPage("stall-export", f"{BASE}/{{pk}}/stalls/export.xlsx", shows_marker=False),
    )

    @pytest.fixture
    def scope_case(self, case: ScopeCase) -> ScopeCase:
        return case


class TestMarketEditPages(ScopedViewSuite):
    pages = (
        ScopedPage("edit", f"{BASE}/{{pk}}/edit/"),
        ScopedPage("stall-create", f"{BASE}/{{pk}}/stalls/new/"),
        ScopedPage("stall-import", f"{BASE}/{{pk}}/stalls/import/"),
        ScopedPage(
            "deactivate",
            f"{BASE}/{{pk}}/active/",
            method="post",
            data={"active": "0", "reason": "拆迁"},
            ok_status=302,
            shows_marker=False,
        ),
        ScopedPage(
            "evaluation-create",
            f"{BASE}/{{pk}}/evaluations/new/",
            method="post",
            data={"year": THIS_YEAR},
            ok_status=302,
            shows_marker=False,
        ),
    )

    @pytest.fixture
    def scope_case(self, case: ScopeCase, world: World) -> ScopeCase:
        # A leader reads the market but may not change it.
        return ScopeCase(
            record=case.record,
            marker=case.marker,
            in_scope=case.in_scope,
            out_of_scope=case.out_of_scope,
            wrong_roles=[*case.wrong_roles, world.leader],
        )


class TestStallPages(ScopedViewSuite):
    pages = (
        ScopedPage("stall-edit", f"{BASE}/stalls/{{pk}}/edit/"),
        ScopedPage(
            "stall-deactivate",
            f"{BASE}/stalls/{{pk}}/active/",
            method="post",
            data={"active": "0"},
            ok_status=302,
            shows_marker=False,
        ),
    )

    @pytest.fixture
    def scope_case(self, case: ScopeCase, world: World) -> ScopeCase:
        stall = stall_create(
            actor=world.supervisor,
            market=world.market,
            data=StallData("A18", "", world.holder.uscc),
        )
        return ScopeCase(
            record=stall,
            marker=world.holder.name,
            in_scope=case.in_scope,
            out_of_scope=case.out_of_scope,
            wrong_roles=case.wrong_roles,
        )


class TestEvaluationPages(ScopedViewSuite):
    pages = (
        ScopedPage("evaluations", f"{BASE}/evaluations/", lists=True),
        ScopedPage("evaluation", f"{BASE}/evaluations/{{pk}}/"),
        ScopedPage(
            "score",
            f"{BASE}/evaluations/{{pk}}/",
            method="post",
            data={"score_M1": "30", "score_M2": "40", "note": "现场检查"},
            ok_status=302,
            shows_marker=False,
        ),
        ScopedPage(
            "decide",
            f"{BASE}/evaluations/{{pk}}/decide/",
            method="post",
            data={"evaluated_on": TODAY.isoformat()},
            ok_status=400,  # M3 is not scored yet: refused with the message, nothing decided
            shows_marker=False,
        ),
    )

    @pytest.fixture
    def scope_case(self, case: ScopeCase, world: World) -> ScopeCase:
        evaluation = evaluation_create(actor=world.supervisor, market=world.market, year=THIS_YEAR)
        return ScopeCase(
            record=evaluation,
            marker=world.market.name,
            in_scope=case.in_scope,
            out_of_scope=case.out_of_scope,
            wrong_roles=case.wrong_roles,
        )


class TestChecklistEditPages(ScopedViewSuite):
    """The checklists are city-wide: a district supervisor is refused (403) as a wrong role is."""

    pages = (
        ScopedPage("edit", f"{BASE}/checklists/{{pk}}/edit/"),
        ScopedPage("new-blank", f"{BASE}/checklists/new/blank/?year=2030", shows_marker=False),
    )

    @pytest.fixture
    def scope_case(self, world: World, role_users: Any) -> ScopeCase:
        return ScopeCase(
            record=world.checklist,
            marker=ITEMS[0]["text"],
            in_scope=world.city_supervisor,
            out_of_scope=world.supervisor,
            wrong_roles=[world.leader, world.administrator, world.registrar],
        )

    def test_out_of_scope_is_not_found(
        self, client: Any, scope_case: ScopeCase, page: ScopedPage
    ) -> None:
        """No checklist is out of anyone's reach: the district supervisor, who edits the markets
        of the district, is refused the city-wide checklist editor (403)."""
        client.force_login(
            scope_case.out_of_scope, backend="django.contrib.auth.backends.ModelBackend"
        )
        response = getattr(client, page.method)(page.url(scope_case.record), page.data)
        assert response.status_code == 403


def test_everyone_who_reads_markets_reads_the_checklists(login: Any, world: World) -> None:
    for user in (world.supervisor, world.far_supervisor, world.leader, world.administrator):
        page = login(user).get(f"{BASE}/checklists/{world.checklist.pk}/").content.decode()
        assert ITEMS[1]["text"] in page
        assert "不是国家标准" in page
    assert login(world.registrar).get(f"{BASE}/checklists/").status_code == 403


def test_the_checklist_formset_refuses_and_saves(login: Any, world: World) -> None:
    client = login(world.city_supervisor)
    url = f"{BASE}/checklists/{world.checklist.pk}/edit/"

    def post(rows: list[dict[str, Any]], pass_score: Any) -> Any:
        data: dict[str, Any] = {
            "items-TOTAL_FORMS": str(len(rows)),
            "items-INITIAL_FORMS": "0",
            "items-MIN_NUM_FORMS": "0",
            "items-MAX_NUM_FORMS": "100",
            "pass_score": pass_score,
        }
        for index, row in enumerate(rows):
            for key, value in row.items():
                if value is not False:
                    data[f"items-{index}-{key}"] = "on" if value is True else value
        return client.post(url, data)

    rows = [dict(item) for item in ITEMS]
    duplicate = [*rows, {**ITEMS[0], "text": "重复的代码"}]
    response = post(duplicate, 80)
    assert response.status_code == 400
    assert "代码“M1”与第 1 项重复" in response.content.decode()
    response = post(rows, 120)
    assert response.status_code == 400
    assert "超过了各项分值合计 100" in response.content.decode()
    response = post([*rows, {"code": "", "text": "", "points": "", "required": False}], 90)
    assert response.status_code == 302  # an untouched extra row is ignored
    world.checklist.refresh_from_db()
    assert world.checklist.pass_score == 90
    assert len(world.checklist.items) == 3


def test_a_new_years_checklist_is_copied(login: Any, world: World) -> None:
    client = login(world.city_supervisor)
    response = client.post(
        f"{BASE}/checklists/new/", {"year": THIS_YEAR + 1, "copy_from": world.checklist.pk}
    )
    assert response.status_code == 302
    copied = MarketChecklist.objects.get(year=THIS_YEAR + 1)
    assert copied.items == world.checklist.items
    response = client.post(
        f"{BASE}/checklists/new/", {"year": THIS_YEAR + 1, "copy_from": world.checklist.pk}
    )
    assert response.status_code == 400
    assert "已经建立" in response.content.decode()


def test_a_score_above_the_points_is_refused_on_the_page(login: Any, world: World) -> None:
    evaluation = evaluation_create(actor=world.supervisor, market=world.market, year=THIS_YEAR)
    response = login(world.supervisor).post(
        f"{BASE}/evaluations/{evaluation.pk}/", {"score_M1": "35", "score_M2": "10"}
    )
    assert response.status_code == 400
    assert "得分不能超过该项分值 30 分" in response.content.decode()
    evaluation.refresh_from_db()
    assert evaluation.scores == {}


def test_the_market_form_names_the_wrong_operator(login: Any, world: World) -> None:
    response = login(world.supervisor).post(
        f"{BASE}/new/",
        {
            "name": "昆都仑区新市场",
            "kind": "comprehensive",
            "operator_uscc": "123456",
            "address": "昆都仑区某路1号",
            "unit": world.bureau["kundulun"].pk,
        },
    )
    assert response.status_code == 400
    assert "统一社会信用代码“123456”不正确" in response.content.decode()
    # A unit out of reach is not among the choices.
    response = login(world.supervisor).post(
        f"{BASE}/new/",
        {
            "name": "九原区新市场",
            "kind": "comprehensive",
            "operator_uscc": world.operator.uscc,
            "address": "九原区某路1号",
            "unit": world.bureau["jiuyuan"].pk,
        },
    )
    assert response.status_code == 400
    assert "请从列表中选择您管辖范围内的单位" in response.content.decode()
    assert Market.objects.count() == 1


def test_the_markets_list_filters_by_title(login: Any, world: World) -> None:
    other = make_market(world, world.operator, world.bureau["kundulun"], "昆都仑区友谊综合市场")
    _decide(world, world.market)
    client = login(world.supervisor)
    held = client.get(f"{BASE}/", {"title": "yes"}).content.decode()
    assert world.market.name in held
    assert other.name not in held
    without = client.get(f"{BASE}/", {"title": "no"}).content.decode()
    assert other.name in without
    assert world.market.name not in without
    refused = client.get(f"{BASE}/", {"unit": world.bureau["jiuyuan"].pk}).content.decode()
    assert "请从列表中选择您管辖范围内的单位" in refused


# --- the public list ------------------------------------------------------------------------------


def test_the_public_list_shows_only_titles_that_stand(client: Any, world: World) -> None:
    kundulun = world.bureau["kundulun"]
    revoked = make_market(world, world.operator, kundulun, "昆都仑区撤销称号市场")
    not_awarded = make_market(world, world.operator, kundulun, "昆都仑区未授称号市场")
    draft = make_market(world, world.operator, kundulun, "昆都仑区评议中市场")
    closed = make_market(world, world.operator, kundulun, "昆都仑区已停业市场")
    stall_create(
        actor=world.supervisor, market=world.market, data=StallData("A01", "张秀英", "", "蔬菜")
    )
    _decide(world, world.market)
    evaluation_title_revoke(
        actor=world.supervisor,
        evaluation=_decide(world, revoked),
        revoked_on=TODAY,
        reason="重大食品安全事件",
    )
    evaluation = evaluation_create(actor=world.supervisor, market=not_awarded, year=THIS_YEAR)
    evaluation_score(actor=world.supervisor, evaluation=evaluation, scores=FULL, note="")
    evaluation_decide(
        actor=world.supervisor,
        evaluation=evaluation,
        evaluated_on=TODAY,
        award=False,
        note="年内发生消费纠纷群体投诉",
    )
    evaluation_create(actor=world.supervisor, market=draft, year=THIS_YEAR)
    _decide(world, closed)
    market_set_active(actor=world.supervisor, market=closed, active=False, reason="拆迁")

    response = client.get("/credit/markets/")
    assert response.status_code == 200
    page = response.content.decode()
    assert world.market.name in page
    assert world.operator.name in page
    assert world.operator.uscc in page
    assert world.market.address in page
    for absent in (revoked.name, not_awarded.name, draft.name, closed.name, "张秀英", "A01"):
        assert absent not in page, absent
    assert page.count('data-testid="public-market"') == 1
    # Filters: another kind, another district, an earlier year show nothing.
    for params in ({"kind": "specialised"}, {"unit": world.bureau["jiuyuan"].pk}, {"year": 2020}):
        assert world.market.name not in client.get("/credit/markets/", params).content.decode()
    assert (
        world.market.name
        in client.get("/credit/markets/", {"q": world.operator.uscc}).content.decode()
    )


def test_the_public_list_needs_no_sign_in_and_shows_other_districts(
    client: Any, world: World
) -> None:
    operator = register("包头市九原区兴旺市场服务有限公司", world.bureau["jiuyuan"])
    market = make_market(world, operator, world.bureau["jiuyuan"], "九原区兴旺农贸市场")
    _decide(world, market)
    page = client.get("/credit/markets/", {"year": ""}).content.decode()
    assert market.name in page
