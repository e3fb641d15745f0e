"""The staff pages of the risk classes: role × scope, the distribution of a subtree, the list's
filters and export, an enterprise's history with explanations, the failure banner, and the
list's bounded query count."""

from __future__ import annotations

import datetime
from io import BytesIO
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from hongdun.accounts.roles import Role
from hongdun.credit.choices import RunStatus
from hongdun.credit.tests import factories_classes as f
from hongdun.enterprises.tests.factories import register
from hongdun.testing.views import ScopeCase, ScopedPage, ScopedViewSuite

BASE = "/staff/credit/classes/"
LIST = f"{BASE}list/"
EXPORT = f"{BASE}list/export.xlsx"
JUNE, JULY, AUGUST = datetime.date(2026, 6, 1), datetime.date(2026, 7, 1), datetime.date(2026, 8, 1)


@pytest.fixture
def users(role_users: dict[str, Any], make_user: Any, bureau: Any) -> dict[str, Any]:
    return {
        **role_users,
        "jiuyuan_supervisor": make_user(Role.SUPERVISOR, bureau["jiuyuan"]),
    }


@pytest.fixture
def world(bureau: Any) -> dict[str, Any]:
    """June and July runs: a Kundulun enterprise moved B→C (listed as abnormal), another stayed
    A, a Jiuyuan enterprise moved B→D (serious list)."""
    moved = register("包头市昆区变动商贸有限公司", bureau["kundulun"], trade_name="变动商贸")
    steady = register("包头市昆区稳定科技有限公司", bureau["kundulun"], trade_name="稳定科技")
    far = register("包头市九原远方物流有限公司", bureau["jiuyuan"], trade_name="远方物流")
    scheme = f.scheme()
    june = f.run(JUNE, scheme)
    f.classify(june, moved, "B", score=12.0, age_months=30, reports_due=3, reports_late=1)
    f.classify(june, steady, "A", score=2.0, age_months=120, reports_due=3)
    f.classify(june, far, "B", score=11.0, age_months=40, reports_due=3, penalties=1)
    f.store_counts(june)
    july = f.run(
        JULY,
        scheme,
        previous=june,
        move_reasons={"B>C": {"abnormal_list": 1}, "B>D": {"serious_list": 1}},
    )
    f.classify(
        july,
        moved,
        "C",
        score=13.0,
        override="abnormal_list",
        age_months=31,
        reports_due=3,
        reports_late=1,
        on_abnormal_list=True,
        abnormal_listings=1,
    )
    f.classify(july, steady, "A", score=2.0, age_months=121, reports_due=3)
    f.classify(july, far, "D", score=30.0, override="serious_list", on_serious_list=True)
    f.store_counts(july)
    return {"moved": moved, "steady": steady, "far": far, "june": june, "july": july}


class TestClassPagesScope(ScopedViewSuite):
    pages = (
        ScopedPage("list", LIST, lists=True, query_baseline=True),
        ScopedPage("export", EXPORT, lists=True, shows_marker=False),
        ScopedPage("enterprise", f"{BASE}enterprises/{{pk}}/"),
    )

    @pytest.fixture
    def scope_case(self, users: dict[str, Any], world: dict[str, Any]) -> ScopeCase:
        return ScopeCase(
            record=world["moved"],
            marker=world["moved"].name,
            in_scope=users[Role.SUPERVISOR],
            out_of_scope=users["jiuyuan_supervisor"],
            wrong_roles=[
                users[Role.APPLICANT],
                users[Role.REGISTRAR],
                users[Role.PERSONNEL],
                users[Role.DISCIPLINE],
                users["no_role"],
            ],
        )


def test_distribution_page_refuses_and_redirects(
    client: Any, login: Any, users: Any, world: Any
) -> None:
    response = client.get(BASE)
    assert response.status_code == 302
    assert "/login" in response["Location"]
    for role in (Role.APPLICANT, Role.REGISTRAR, Role.PERSONNEL, "no_role"):
        assert login(users[role]).get(BASE).status_code == 403, role


def _count(text: str, key: str) -> str:
    marker = f'data-count="{key}">'
    start = text.index(marker) + len(marker)
    chunk = text[start : text.index("</td>", start)]
    return chunk.split(">")[-2].split("<")[0] if "<a" in chunk else chunk


def test_distribution_counts_the_readers_subtree(login: Any, users: Any, world: Any) -> None:
    kundulun = login(users[Role.SUPERVISOR]).get(BASE).text
    assert _count(kundulun, "A") == "1"
    assert _count(kundulun, "C") == "1"
    assert _count(kundulun, "D") == "0"
    assert _count(kundulun, "total") == "2"
    assert 'data-move="B>C"><a' in kundulun
    assert 'data-move="B>D">0' in kundulun
    city = login(users[Role.ADMINISTRATOR]).get(BASE).text
    assert _count(city, "D") == "1"
    assert _count(city, "total") == "3"
    assert "列入严重违法失信名单 1" in city  # the stored reasons of the moves
    jiuyuan = login(users["jiuyuan_supervisor"]).get(BASE).text
    assert _count(jiuyuan, "D") == "1"
    assert _count(jiuyuan, "total") == "1"


def test_distribution_of_a_chosen_unit_and_the_charts(
    login: Any, users: Any, world: Any, bureau: Any
) -> None:
    leader = login(users[Role.LEADER])
    page = leader.get(BASE, {"unit": bureau["jiuyuan"].pk, "span": 24})
    assert page.status_code == 200
    assert _count(page.text, "total") == "1"
    assert "echarts-5.6.0.min.js" in page.text
    assert 'data-chart="chart-trend"' in page.text
    assert '"2026-06"' in page.text
    assert '"2026-07"' in page.text
    # a unit out of reach is refused with the reason, not shown
    refused = login(users[Role.SUPERVISOR]).get(BASE, {"unit": bureau["jiuyuan"].pk})
    assert refused.status_code == 200
    assert "请从列表中选择您管辖范围内的单位" in refused.text


def test_failed_run_shows_the_banner_and_keeps_last_months_classes(
    login: Any, users: Any, world: Any
) -> None:
    f.run(AUGUST, world["july"].scheme, status=RunStatus.FAILED, error="读取年报数据超时")
    text = "本月（2026-08）分类失败：读取年报数据超时；仍沿用 2026-07 的分类结果"
    client = login(users[Role.SUPERVISOR])
    for path in (BASE, LIST, f"{BASE}enterprises/{world['moved'].pk}/"):
        page = client.get(path)
        assert page.status_code == 200, path
        assert text in page.text, path
    assert _count(client.get(BASE).text, "C") == "1"  # July's classes stay in force


def test_no_banner_once_the_month_succeeds(login: Any, users: Any, world: Any) -> None:
    f.run(AUGUST, world["july"].scheme, status=RunStatus.FAILED, error="超时")
    f.run(AUGUST, world["july"].scheme, previous=world["july"])
    assert 'data-testid="run-failed"' not in login(users[Role.ADMINISTRATOR]).get(BASE).text


def test_no_run_yet(login: Any, users: Any, bureau: Any) -> None:
    for path in (BASE, LIST):
        page = login(users[Role.SUPERVISOR]).get(path)
        assert page.status_code == 200
        assert 'data-testid="no-run"' in page.text


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, {"moved", "steady"}),
        ({"risk_class": "C"}, {"moved"}),
        ({"risk_class": "A"}, {"steady"}),
        ({"moved": "moved"}, {"moved"}),
        ({"moved": "down"}, {"moved"}),
        ({"moved": "up"}, set()),
        ({"moved": "stayed"}, {"steady"}),
        ({"override": "any"}, {"moved"}),
        ({"override": "none"}, {"steady"}),
        ({"override": "serious_list"}, set()),
        ({"q": "稳定科技"}, {"steady"}),
    ],
)
def test_list_filters(
    login: Any, users: Any, world: Any, params: dict[str, str], expected: set[str]
) -> None:
    text = login(users[Role.SUPERVISOR]).get(LIST, params).text
    shown = {key for key in ("moved", "steady", "far") if world[key].name in text}
    assert shown == expected


def test_list_search_by_uscc_and_the_leaders_reach(login: Any, users: Any, world: Any) -> None:
    leader = login(users[Role.LEADER])
    text = leader.get(LIST).text
    assert all(world[key].name in text for key in ("moved", "steady", "far"))
    by_code = leader.get(LIST, {"q": world["far"].uscc}).text
    assert world["far"].name in by_code
    assert world["steady"].name not in by_code
    assert 'data-moved="B>D"' in by_code


@pytest.mark.parametrize(
    "params", [{"risk_class": "Z"}, {"moved": "sideways"}, {"override": "magic"}, {"unit": "x"}]
)
def test_list_bad_filters_are_refused_with_a_message(
    login: Any, users: Any, world: Any, params: dict[str, str]
) -> None:
    page = login(users[Role.SUPERVISOR]).get(LIST, params)
    assert page.status_code == 200
    assert "请从列表中选择" in page.text
    export = login(users[Role.SUPERVISOR]).get(EXPORT, params)
    assert export.status_code == 302  # back to the list with the reason


def test_export_contents(login: Any, users: Any, world: Any) -> None:
    response = login(users[Role.SUPERVISOR]).get(EXPORT, {"risk_class": "C"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(response.content), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    assert header[:9] == (
        "分类月份",
        "统一社会信用代码",
        "名称",
        "登记机关",
        "风险类别",
        "上月类别",
        "风险分值",
        "判定方式",
        "方案版本",
    )
    assert len(body) == 1
    row = dict(zip(header, body[0], strict=True))
    assert row["名称"] == world["moved"].name
    assert row["统一社会信用代码"] == world["moved"].uscc
    assert row["分类月份"] == "2026-07"
    assert (row["风险类别"], row["上月类别"], row["判定方式"]) == ("C", "B", "列入经营异常名录")
    assert row["在经营异常名录中"] is True
    assert row["逾期报送年报数"] == 1
    # out of reach: the Jiuyuan supervisor's export has only Jiuyuan
    other = login(users["jiuyuan_supervisor"]).get(EXPORT)
    names = [
        r[2]
        for r in list(
            load_workbook(BytesIO(other.content), read_only=True).active.iter_rows(values_only=True)
        )[1:]
    ]
    assert names == [world["far"].name]


def test_export_over_the_limit_is_refused(
    login: Any, users: Any, world: Any, monkeypatch: Any
) -> None:
    from hongdun.credit.views import classes

    monkeypatch.setattr(classes, "EXPORT_LIMIT", 1)
    response = login(users[Role.SUPERVISOR]).get(EXPORT, follow=True)
    assert "超过 1 条，不能一次导出" in response.text


def test_enterprise_page_explains_each_month(login: Any, users: Any, world: Any) -> None:
    page = login(users[Role.SUPERVISOR]).get(f"{BASE}enterprises/{world['moved'].pk}/")
    assert page.status_code == 200
    text = page.text
    assert 'data-month="2026-07" data-class="C"' in text
    assert 'data-month="2026-06" data-class="B"' in text
    assert "列入经营异常名录：至少为C类" in text
    assert "移出经营异常名录" in text  # what would move it up
    assert "逾期报送年报 1 次" in text
    assert f'href="/staff/enterprises/{world["moved"].pk}/"' in text
    assert ">v1<" in text


def test_enterprise_page_out_of_reach_is_not_found(login: Any, users: Any, world: Any) -> None:
    client = login(users[Role.SUPERVISOR])
    assert client.get(f"{BASE}enterprises/{world['far'].pk}/").status_code == 404
    assert client.get(f"{BASE}enterprises/999999/").status_code == 404
    assert (
        login(users[Role.ADMINISTRATOR]).get(f"{BASE}enterprises/{world['far'].pk}/").status_code
        == 200
    )


def test_list_queries_do_not_grow_with_the_rows(
    login: Any, users: Any, world: Any, bureau: Any
) -> None:
    client = login(users[Role.LEADER])
    client.get(LIST)  # warm the caches

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(LIST).status_code == 200
        return len(captured.captured_queries)

    few = queries()
    for number in range(20):
        enterprise = register(
            f"包头市昆区批量{number}号有限公司", bureau["kundulun"], trade_name=f"批量{number}号"
        )
        f.classify(world["july"], enterprise, "B", score=15.0)
    assert queries() == few


def test_a_scheme_that_no_longer_parses_is_said_not_a_500(
    login: Any, users: Any, world: Any
) -> None:
    broken = f.scheme(2, active=False, definition={"weights": {"filing": 50}})
    september = f.run(datetime.date(2026, 9, 1), broken, previous=world["july"])
    f.classify(september, world["moved"], "C", score=13.0)
    page = login(users[Role.SUPERVISOR]).get(f"{BASE}enterprises/{world['moved'].pk}/")
    assert page.status_code == 200
    assert "方案版本 v2 无法解析" in page.text
