# ruff: noqa: F811 - pytest fixtures imported from factories_inspection
"""The random-inspection staff pages: role × scope suites, the plan form, the draw and
publication buttons, a leader's read-only view."""

import pytest

from hongdun.accounts.roles import Role
from hongdun.supervision.choices import PlanStatus
from hongdun.supervision.models import InspectionDraw, InspectionPlan, InspectionTask
from hongdun.supervision.services_inspection import inspection_draw
from hongdun.supervision.tests.factories_inspection import (  # noqa: F401 - fixtures
    TODAY,
    World,
    make_plan,
    world,
)
from hongdun.testing.views import ScopeCase, ScopedPage, ScopedViewSuite

pytestmark = pytest.mark.django_db
BASE = "/staff/supervision/inspections"
SEED = "0123456789abcdef0123456789abcdef"


@pytest.fixture
def drawn_plan(world: World) -> InspectionPlan:
    plan = make_plan(world)
    inspection_draw(plan=plan, actor=world.supervisor, seed=SEED, day=TODAY)
    plan.refresh_from_db()
    return plan


@pytest.fixture
def case(world: World, make_user, role_users) -> ScopeCase:
    plan = make_plan(world, title="昆都仑区定向抽查计划")
    return ScopeCase(
        record=plan,
        marker=plan.title,
        in_scope=world.supervisor,
        out_of_scope=make_user(Role.SUPERVISOR, world.bureau["jiuyuan"]),
        wrong_roles=[role_users[Role.REGISTRAR], role_users[Role.APPLICANT], role_users["no_role"]],
    )


class TestPlanReadPages(ScopedViewSuite):
    pages = (
        ScopedPage("plans", f"{BASE}/", lists=True),
        ScopedPage("plan", f"{BASE}/{{pk}}/"),
        ScopedPage("population", f"{BASE}/{{pk}}/population/"),
    )

    @pytest.fixture
    def scope_case(self, case) -> ScopeCase:
        return case


class TestPlanEditPages(ScopedViewSuite):
    pages = (ScopedPage("edit", f"{BASE}/{{pk}}/edit/"),)

    @pytest.fixture
    def scope_case(self, case) -> ScopeCase:
        return case


class TestDrawButton(ScopedViewSuite):
    pages = (
        ScopedPage(
            "draw",
            f"{BASE}/{{pk}}/draw/",
            method="post",
            data={"seed": SEED},
            ok_status=302,
            shows_marker=False,
        ),
    )

    @pytest.fixture
    def scope_case(self, case) -> ScopeCase:
        return case

    def test_in_scope_is_served(self, client, scope_case, page, request) -> None:
        super().test_in_scope_is_served(client, scope_case, page, request)
        assert InspectionDraw.objects.get(plan=scope_case.record).seed == SEED


class TestPublishButton(ScopedViewSuite):
    pages = (
        ScopedPage(
            "publish", f"{BASE}/{{pk}}/publish/", method="post", ok_status=302, shows_marker=False
        ),
    )

    @pytest.fixture
    def scope_case(self, case, world: World) -> ScopeCase:
        inspection_draw(plan=case.record, actor=world.supervisor, seed=SEED, day=TODAY)
        return case


def test_the_inspector_roster_lists_valid_credentials(login, world: World, make_user) -> None:
    client = login(world.supervisor)
    page = client.get(f"{BASE}/inspectors/").content.decode()
    for person in world.inspectors:
        assert person.name in page
    assert "15020300" in page
    for absent in ("过期", "注销", "九原检查员"):
        assert absent not in page
    far = login(make_user(Role.SUPERVISOR, world.bureau["jiuyuan"]))
    page = far.get(f"{BASE}/inspectors/").content.decode()
    assert "九原检查员" in page
    assert world.inspectors[0].name not in page
    # A unit out of reach is not a choice: the form refuses it and nothing of it is shown.
    page = far.get(f"{BASE}/inspectors/", {"unit": world.bureau["kundulun"].pk}).content.decode()
    assert world.inspectors[0].name not in page


@pytest.mark.parametrize("who", ["anonymous", Role.REGISTRAR, Role.APPLICANT])
def test_the_inspector_roster_refuses_others(client, login, role_users, who) -> None:
    response = login(None if who == "anonymous" else role_users[who]).get(f"{BASE}/inspectors/")
    assert response.status_code == (302 if who == "anonymous" else 403)


def test_create_a_plan_through_the_form(login, world: World) -> None:
    client = login(world.supervisor)
    assert client.get(f"{BASE}/new/").status_code == 200
    data = {
        "unit": world.bureau["kundulun"].pk,
        "year": 2026,
        "title": "表单建立的计划",
        "kind": "targeted",
        "ratio": "0.02",
        "group_by": "enterprise_type",
        "group_ratios": "llc=0.5",
        "enterprise_types": ["llc", "partnership"],
        "list_status": "",
    }
    response = client.post(f"{BASE}/new/", data)
    assert response.status_code == 200
    assert "最低抽查比例" in response.content.decode()
    response = client.post(f"{BASE}/new/", {**data, "ratio": "0.1"})
    plan = InspectionPlan.objects.get(title="表单建立的计划")
    assert response.status_code == 302
    assert response.url == f"{BASE}/{plan.pk}/"
    assert plan.filters == {"enterprise_types": ["llc", "partnership"]}
    assert plan.group_ratios == {"llc": "0.5"}
    page = client.get(f"{BASE}/{plan.pk}/").content.decode()
    assert 'data-testid="population-total">16<' in page  # 8 llc + 8 partnerships
    response = client.post(
        f"{BASE}/{plan.pk}/edit/", {**data, "ratio": "0.2", "group_ratios": "bad"}
    )
    assert response.status_code == 200
    assert "格式不对" in response.content.decode()


def test_a_jiuyuan_supervisor_cannot_plan_for_kundulun(login, world: World, make_user) -> None:
    client = login(make_user(Role.SUPERVISOR, world.bureau["jiuyuan"]))
    response = client.post(
        f"{BASE}/new/",
        {
            "unit": world.bureau["kundulun"].pk,
            "year": 2026,
            "title": "越权",
            "kind": "untargeted",
            "ratio": "0.1",
        },
    )
    assert response.status_code == 200
    assert not InspectionPlan.objects.filter(title="越权").exists()


def test_draw_and_publish_through_the_pages(login, world: World) -> None:
    client = login(world.supervisor)
    plan = make_plan(world)
    response = client.post(f"{BASE}/{plan.pk}/draw/", {"seed": "not-hex"})
    assert response.status_code == 400
    assert "32位十六进制" in response.content.decode()
    response = client.post(f"{BASE}/{plan.pk}/draw/", {"seed": ""})
    assert response.status_code == 302
    draw = InspectionDraw.objects.get(plan=plan)
    page = client.get(f"{BASE}/{plan.pk}/").content.decode()
    assert draw.seed in page
    assert draw.population_digest in page
    assert draw.roster_digest in page
    first = InspectionTask.objects.get(plan=plan, rank=1)
    assert first.enterprise.name in page
    assert first.inspector_a.name in page
    assert 'data-testid="publish"' in page
    # The edit page of a drawn plan sends the user back; its POST is refused by the service.
    assert client.get(f"{BASE}/{plan.pk}/edit/").status_code == 302
    response = client.post(f"{BASE}/{plan.pk}/draw/", {"seed": SEED})
    assert response.status_code == 400
    assert "不能再次抽取" in response.content.decode()
    client.post(f"{BASE}/{plan.pk}/publish/")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.PUBLISHED
    response = client.post(
        f"{BASE}/{plan.pk}/edit/",
        {"unit": plan.unit_id, "year": 2026, "title": "改", "kind": "untargeted", "ratio": "0.5"},
    )
    assert response.status_code == 200
    assert "已公布" in response.content.decode()
    plan.refresh_from_db()
    assert plan.title != "改"
    assert InspectionDraw.objects.get(plan=plan).seed == draw.seed


def test_a_leader_reads_but_cannot_draw(login, role_users, drawn_plan: InspectionPlan) -> None:
    client = login(role_users[Role.LEADER])
    page = client.get(f"{BASE}/{drawn_plan.pk}/").content.decode()
    assert drawn_plan.title in page
    assert 'data-testid="publish"' not in page
    assert client.post(f"{BASE}/{drawn_plan.pk}/publish/").status_code == 403
    assert client.get(f"{BASE}/new/").status_code == 403
    assert client.get(f"{BASE}/{drawn_plan.pk}/edit/").status_code == 403
    drawn_plan.refresh_from_db()
    assert drawn_plan.status == PlanStatus.DRAWN


def test_the_task_list_is_paged(login, world: World) -> None:
    plan = make_plan(world, ratio="1")
    inspection_draw(plan=plan, actor=world.supervisor, seed=SEED, day=TODAY)
    client = login(world.supervisor)
    page = client.get(f"{BASE}/{plan.pk}/").content.decode()
    assert page.count('data-testid="task-row"') == 24
    page = client.get(f"{BASE}/{plan.pk}/population/", {"page": "x"}).content.decode()
    assert page.count('data-testid="population-row"') == 24
