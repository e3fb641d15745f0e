"""Staff pages of inspection results and recorded relations (role × scope), and the public
inspection pages (published only, no personal data)."""

import datetime
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from hongdun.accounts.roles import Role
from hongdun.supervision.choices import InspectionResult, PlanStatus, RelationKind
from hongdun.supervision.models import AbnormalListing, InspectionTask, InspectorRelation
from hongdun.supervision.services_results import (
    inspection_result_enter,
    inspection_results_publish,
)
from hongdun.supervision.tests.factories_results import (
    INSPECTOR_ID_NUMBERS,
    INSPECTOR_PHONES,
    make_enterprise,
    make_inspector,
    make_plan,
    make_task,
)
from hongdun.testing.views import ScopeCase, ScopedPage, ScopedViewSuite

STAFF = "/staff/supervision/inspections"


@pytest.fixture
def world(bureau: Any, role_users: Any, make_user: Any) -> SimpleNamespace:
    kundulun = bureau["kundulun"]
    inspector_user = make_user(None, kundulun)
    stranger_user = make_user(None, kundulun)
    a = make_inspector(
        kundulun,
        "V1",
        user=inspector_user,
        name="王检查",
        id_number=INSPECTOR_ID_NUMBERS[0],
        phone=INSPECTOR_PHONES[0],
    )
    b = make_inspector(
        bureau["kundulun-station-1"],
        "V2",
        name="李检查",
        id_number=INSPECTOR_ID_NUMBERS[1],
        phone=INSPECTOR_PHONES[1],
    )
    stranger = make_inspector(kundulun, "V3", user=stranger_user, name="赵无关")
    plan = make_plan(kundulun, title="昆区企业公示信息抽查")
    enterprises = [
        make_enterprise(kundulun, name)
        for name in ("包头市已公示商贸有限公司", "包头市未公示建材有限公司")
    ]
    tasks = [
        make_task(plan, enterprise, a, b, rank=rank)
        for rank, enterprise in enumerate(enterprises, start=1)
    ]
    # The stranger inspects elsewhere: an inspector with tasks, not on these.
    other_plan = make_plan(kundulun, title="另一计划")
    make_task(other_plan, make_enterprise(kundulun, "包头市另一有限公司"), stranger, b)
    relation = InspectorRelation.objects.create(
        person=b, enterprise=enterprises[0], kind=RelationKind.RELATIVE, notes="配偶任职"
    )
    return SimpleNamespace(
        kundulun=kundulun,
        supervisor=role_users[Role.SUPERVISOR],
        leader=role_users[Role.LEADER],
        registrar=role_users[Role.REGISTRAR],
        applicant=role_users[Role.APPLICANT],
        no_role=role_users["no_role"],
        out_of_scope=make_user(Role.SUPERVISOR, bureau["jiuyuan"]),
        inspector_user=inspector_user,
        stranger_user=stranger_user,
        a=a,
        b=b,
        stranger=stranger,
        plan=plan,
        tasks=tasks,
        enterprises=enterprises,
        relation=relation,
    )


def _case(world: SimpleNamespace, record: Any, marker: str) -> ScopeCase:
    return ScopeCase(
        record=record,
        marker=marker,
        in_scope=world.supervisor,
        out_of_scope=world.out_of_scope,
        wrong_roles=[world.applicant, world.registrar, world.no_role],
    )


class TestPlanResultPages(ScopedViewSuite):
    pages = (
        ScopedPage("results", STAFF + "/results/plans/{pk}/"),
        ScopedPage("export", STAFF + "/results/plans/{pk}/export.xlsx", shows_marker=False),
        ScopedPage(
            "publish",
            STAFF + "/results/plans/{pk}/publish/",
            method="post",
            data={"all": "1"},
            ok_status=302,
            shows_marker=False,
        ),
    )

    @pytest.fixture
    def scope_case(self, world: SimpleNamespace) -> ScopeCase:
        return _case(world, world.plan, "昆区企业公示信息抽查")


class TestTaskPages(ScopedViewSuite):
    pages = (
        ScopedPage("entry", STAFF + "/results/tasks/{pk}/"),
        ScopedPage("reassign", STAFF + "/results/tasks/{pk}/reassign/"),
    )

    @pytest.fixture
    def scope_case(self, world: SimpleNamespace) -> ScopeCase:
        return _case(world, world.tasks[0], "包头市已公示商贸有限公司")


class TestRelationPages(ScopedViewSuite):
    pages = (
        ScopedPage("list", STAFF + "/relations/", lists=True),
        ScopedPage("end", STAFF + "/relations/{pk}/end/"),
    )

    @pytest.fixture
    def scope_case(self, world: SimpleNamespace) -> ScopeCase:
        return _case(world, world.relation, "包头市已公示商贸有限公司")


def test_the_relation_form_is_for_supervisors(client: Client, world: SimpleNamespace) -> None:
    url = f"{STAFF}/relations/new/"
    anonymous = client.get(url)
    assert anonymous.status_code == 302
    assert "/login" in anonymous["Location"]
    for user in (world.applicant, world.registrar, world.no_role, world.leader):
        assert _get(client, user, url).status_code == 403
    body = _get(client, world.out_of_scope, url).content.decode()
    assert "王检查" not in body  # the people offered are the supervisor's own subtree's
    assert "王检查" in _get(client, world.supervisor, url).content.decode()


def _get(client: Client, user: Any, url: str) -> Any:
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client.get(url)


def test_leader_reads_but_does_not_write(client: Client, world: SimpleNamespace) -> None:
    plan_url = f"{STAFF}/results/plans/{world.plan.pk}/"
    assert _get(client, world.leader, plan_url).status_code == 200
    assert _get(client, world.leader, f"{STAFF}/relations/").status_code == 200
    for url in (
        f"{STAFF}/results/tasks/{world.tasks[0].pk}/",
        f"{STAFF}/results/tasks/{world.tasks[0].pk}/reassign/",
        f"{STAFF}/relations/new/",
        f"{STAFF}/relations/{world.relation.pk}/end/",
    ):
        assert _get(client, world.leader, url).status_code == 403, url
    response = client.post(f"{plan_url}publish/", {"all": "1"})
    assert response.status_code == 403
    body = _get(client, world.leader, plan_url).content.decode()
    assert 'data-testid="publish-selected"' not in body


def test_the_inspector_of_the_task_enters_its_result(
    client: Client, world: SimpleNamespace
) -> None:
    url = f"{STAFF}/results/tasks/{world.tasks[0].pk}/"
    assert _get(client, world.inspector_user, url).status_code == 200
    response = client.post(
        url,
        {
            "result": InspectionResult.NOT_FOUND,
            "inspected_on": (timezone.localdate() - datetime.timedelta(days=1)).isoformat(),
            "findings": "住所已无该企业",
        },
    )
    assert response.status_code == 302
    task = InspectionTask.objects.get(pk=world.tasks[0].pk)
    assert task.result == InspectionResult.NOT_FOUND
    assert task.listing is not None
    assert AbnormalListing.objects.count() == 1
    # Their own list shows the task; the plan pages are the supervisors'.
    index = _get(client, world.inspector_user, f"{STAFF}/results/")
    assert index.status_code == 200
    assert "包头市已公示商贸有限公司" in index.content.decode()
    assert client.get(f"{STAFF}/results/plans/{world.plan.pk}/").status_code == 403


def test_an_inspector_not_on_the_task_is_refused(client: Client, world: SimpleNamespace) -> None:
    url = f"{STAFF}/results/tasks/{world.tasks[0].pk}/"
    assert _get(client, world.stranger_user, url).status_code == 404
    response = client.post(url, {"result": "normal", "inspected_on": "2026-01-01"})
    assert response.status_code == 404
    assert InspectionTask.objects.get(pk=world.tasks[0].pk).result == InspectionResult.PENDING


def test_results_index_refuses_users_without_role_or_tasks(
    client: Client, world: SimpleNamespace
) -> None:
    assert _get(client, world.no_role, f"{STAFF}/results/").status_code == 403
    response = _get(client, world.supervisor, f"{STAFF}/results/")
    assert response.status_code == 200
    assert "昆区企业公示信息抽查" in response.content.decode()
    response = _get(client, world.out_of_scope, f"{STAFF}/results/")
    assert "昆区企业公示信息抽查" not in response.content.decode()


def test_entry_form_shows_refusals_on_the_field(client: Client, world: SimpleNamespace) -> None:
    url = f"{STAFF}/results/tasks/{world.tasks[0].pk}/"
    _get(client, world.supervisor, url)
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    response = client.post(url, {"result": "normal", "inspected_on": future})
    assert response.status_code == 400
    assert "检查日期不能晚于今天" in response.content.decode()
    response = client.post(url, {"result": "problems", "inspected_on": "x"})
    assert response.status_code == 400


def test_plan_page_filters_colours_and_bulk_publish(client: Client, world: SimpleNamespace) -> None:
    first, second = world.tasks
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    for task in (first, second):
        inspection_result_enter(
            task=task, actor=world.supervisor, result="normal", inspected_on=yesterday
        )
    # The first is overdue: its period ran out long ago.
    InspectionTask.objects.filter(pk=first.pk).update(
        publish_due_on=timezone.localdate() - datetime.timedelta(days=10)
    )
    url = f"{STAFF}/results/plans/{world.plan.pk}/"
    body = _get(client, world.supervisor, url).content.decode()
    assert 'data-due="overdue"' in body
    assert 'class="due due-overdue"' in body
    response = client.post(f"{url}publish/", {"task": [str(first.pk)]})
    assert response.status_code == 302
    assert InspectionTask.objects.get(pk=first.pk).published_at is not None
    assert InspectionTask.objects.get(pk=second.pk).published_at is None
    filtered = client.get(url, {"published": "no"}).content.decode()
    assert "包头市未公示建材有限公司" in filtered
    assert "包头市已公示商贸有限公司" not in filtered
    by_stranger = client.get(url, {"inspector": str(world.stranger.pk)})
    assert (
        by_stranger.status_code == 200
    )  # not a choice: the filter is refused, the page still works
    by_result = client.get(url, {"result": "problems"}).content.decode()
    assert 'data-testid="no-results"' in by_result
    export = client.get(f"{STAFF}/results/plans/{world.plan.pk}/export.xlsx")
    assert export.status_code == 200
    assert export["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )


def test_publish_with_nothing_selected_says_so(client: Client, world: SimpleNamespace) -> None:
    _get(client, world.supervisor, "/")
    response = client.post(f"{STAFF}/results/plans/{world.plan.pk}/publish/", {}, follow=True)
    assert "请勾选要公示的检查结果" in response.content.decode()


def test_reassign_form_refuses_a_relation(client: Client, world: SimpleNamespace) -> None:
    task = world.tasks[0]
    spare = make_inspector(world.kundulun, "V9", name="孙候补")
    InspectorRelation.objects.create(person=spare, enterprise=task.enterprise, kind="business")
    url = f"{STAFF}/results/tasks/{task.pk}/reassign/"
    _get(client, world.supervisor, url)
    response = client.post(url, {"slot": "b", "person": str(spare.pk)})
    assert response.status_code == 400
    assert "有登记在案的回避关系" in response.content.decode()
    ok = make_inspector(world.kundulun, "V8", name="周可派")
    response = client.post(url, {"slot": "b", "person": str(ok.pk), "reason": "病假"})
    assert response.status_code == 302
    assert InspectionTask.objects.get(pk=task.pk).inspector_b == ok


def test_relation_pages_record_filter_and_end(client: Client, world: SimpleNamespace) -> None:
    _get(client, world.supervisor, "/")
    response = client.post(
        f"{STAFF}/relations/new/",
        {"person": str(world.a.pk), "uscc": world.enterprises[1].uscc, "kind": "investor"},
    )
    assert response.status_code == 302
    response = client.post(
        f"{STAFF}/relations/new/",
        {"person": str(world.a.pk), "uscc": "91150203MA0000000X", "kind": "investor"},
    )
    assert response.status_code == 400
    assert "没有统一社会信用代码为" in response.content.decode()
    listed = client.get(f"{STAFF}/relations/", {"person": str(world.a.pk)}).content.decode()
    assert "包头市未公示建材有限公司" in listed
    assert "配偶任职" not in listed
    listed = client.get(f"{STAFF}/relations/", {"enterprise": "已公示商贸"}).content.decode()
    assert "配偶任职" in listed
    assert "包头市未公示建材有限公司" not in listed
    unit_list = client.get(f"{STAFF}/relations/", {"unit": str(world.b.unit_id)}).content.decode()
    assert "配偶任职" in unit_list
    assert "包头市未公示建材有限公司" not in unit_list
    end_url = f"{STAFF}/relations/{world.relation.pk}/end/"
    assert client.post(end_url, {"reason": ""}).status_code == 400
    assert client.post(end_url, {"reason": "配偶已离职"}).status_code == 302
    assert not InspectorRelation.objects.filter(pk=world.relation.pk).exists()


# --- public pages -------------------------------------------------------------------------------


def test_public_pages_show_only_published_results_and_no_personal_data(
    client: Client, world: SimpleNamespace
) -> None:
    first, second = world.tasks
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    for task, result in ((first, "problems"), (second, "refused")):
        inspection_result_enter(
            task=task,
            actor=world.supervisor,
            result=result,
            inspected_on=yesterday,
            findings="检查发现的事实",
            follow_up="限期三十日内补正",
        )
    inspection_results_publish(actor=world.supervisor, tasks=[first])
    client.logout()
    listing = client.get("/supervision/inspections/")
    assert listing.status_code == 200
    assert "昆区企业公示信息抽查" in listing.content.decode()
    response = client.get(f"/supervision/inspections/{world.plan.pk}/")
    assert response.status_code == 200
    body = response.content.decode()
    draw = world.plan.draw
    for shown in (
        draw.seed,
        draw.population_digest,
        draw.roster_digest,
        draw.algorithm,
        'data-testid="population-count">1234<',
        first.enterprise.name,
        first.enterprise.uscc,
        second.enterprise.name,  # drawn, shown without its result
        second.enterprise.uscc,
        InspectionResult.PROBLEMS.label,
        "王检查",
        "NM-ZF-V1",
        "NM-ZF-V2",
    ):
        assert str(shown) in body, shown
    assert str(InspectionResult.REFUSED.label) not in body  # entered, not published
    assert body.count('data-testid="not-published"') == 1
    for private in (*INSPECTOR_ID_NUMBERS, *INSPECTOR_PHONES, "检查发现的事实", "限期三十日内补正"):
        assert private not in body, private
    assert client.get("/supervision/inspections/algorithm/").status_code == 200


def test_public_pages_hide_drafts_and_unpublished_draws(
    client: Client, world: SimpleNamespace
) -> None:
    draft = make_plan(world.kundulun, title="草稿计划", status=PlanStatus.DRAFT, draw=False)
    drawn = make_plan(
        world.kundulun, title="未公布计划", status=PlanStatus.DRAWN, draw_published=False
    )
    for plan in (draft, drawn):
        assert client.get(f"/supervision/inspections/{plan.pk}/").status_code == 404
    body = client.get("/supervision/inspections/").content.decode()
    assert "草稿计划" not in body
    assert "未公布计划" not in body
    assert client.get("/supervision/inspections/999999/").status_code == 404


def test_public_list_search_and_filters(
    client: Client, world: SimpleNamespace, bureau: Any
) -> None:
    make_plan(bureau["jiuyuan"], title="九原区双随机抽查", year=2025)
    by_text = client.get("/supervision/inspections/", {"q": "九原"}).content.decode()
    assert "九原区双随机抽查" in by_text
    assert "昆区企业公示信息抽查" not in by_text
    by_year = client.get("/supervision/inspections/", {"year": "2025"}).content.decode()
    assert "九原区双随机抽查" in by_year
    assert "昆区企业公示信息抽查" not in by_year
    by_unit = client.get(
        "/supervision/inspections/", {"authority": str(world.kundulun.pk)}
    ).content.decode()
    assert "昆区企业公示信息抽查" in by_unit
    assert "九原区双随机抽查" not in by_unit
    odd = client.get("/supervision/inspections/", {"authority": "x", "year": "99999999999"})
    assert odd.status_code == 200
