"""The runs' pages: read city-wide by supervisors and leaders, refused to other roles; a run's
diff report (distribution, moves, reasons)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from hongdun.accounts.roles import Role
from hongdun.credit.choices import RunStatus
from hongdun.credit.tests import factories_classes as f

RUNS = "/staff/credit/classes/runs/"


@pytest.fixture
def runs(db: None, role_users: Any) -> dict[str, Any]:
    scheme = f.scheme()
    june = f.run(datetime.date(2026, 6, 1), scheme, counts={"A": 5, "B": 3, "C": 1, "D": 1})
    july = f.run(
        datetime.date(2026, 7, 1),
        scheme,
        previous=june,
        counts={"A": 4, "B": 3, "C": 2, "D": 1},
        moves={"A>B": 2, "B>C": 1, "B>A": 1},
        move_reasons={"A>B": {"filing": 2, "penalties": 1}, "B>C": {"abnormal_list": 1}},
        triggered_by=role_users[Role.ADMINISTRATOR],
    )
    august = f.run(
        datetime.date(2026, 8, 1), scheme, status=RunStatus.FAILED, error="读取年报数据超时"
    )
    return {"june": june, "july": july, "august": august}


def test_anonymous_and_wrong_roles(client: Any, login: Any, role_users: Any, runs: Any) -> None:
    paths = (RUNS, f"{RUNS}{runs['july'].pk}/")
    for path in paths:
        response = client.get(path)
        assert response.status_code == 302
        assert "/login" in response["Location"]
    for role in (Role.APPLICANT, Role.REGISTRAR, Role.PERSONNEL, Role.DISCIPLINE, "no_role"):
        for path in paths:
            assert login(role_users[role]).get(path).status_code == 403, (role, path)


@pytest.mark.parametrize("who", [Role.SUPERVISOR, Role.LEADER, Role.ADMINISTRATOR])
def test_the_list_shows_every_run(login: Any, role_users: Any, runs: Any, who: str) -> None:
    text = login(role_users[who]).get(RUNS).text
    for key in ("june", "july", "august"):
        assert f'data-run="{runs[key].pk}"' in text
    assert 'data-status="failed"' in text
    assert "读取年报数据超时" in text
    assert "0:42" in text  # duration
    assert role_users[Role.ADMINISTRATOR].username in text
    assert "定时任务" in text  # the runs cron started


def test_the_run_page_is_the_diff_report(login: Any, role_users: Any, runs: Any) -> None:
    text = login(role_users[Role.SUPERVISOR]).get(f"{RUNS}{runs['july'].pk}/").text
    assert 'data-count="C">2<' in text
    assert 'data-count="total">10<' in text
    assert 'data-move="A>B">2<' in text
    assert 'data-move="B>A">1<' in text
    assert "共 4 户类别有变动" in text
    assert "A → B（2）：年报报送 2；行政处罚 1" in text
    assert "B → C（1）：列入经营异常名录 1" in text
    assert "2026-06" in text  # the run compared with
    failed = login(role_users[Role.LEADER]).get(f"{RUNS}{runs['august'].pk}/").text
    assert 'data-testid="run-error">读取年报数据超时' in failed
    assert login(role_users[Role.LEADER]).get(f"{RUNS}999999/").status_code == 404


def test_the_out_of_district_supervisor_reads_the_city_wide_runs(
    login: Any, make_user: Any, bureau: Any, runs: Any
) -> None:
    user = make_user(Role.SUPERVISOR, bureau["jiuyuan"])
    assert login(user).get(f"{RUNS}{runs['july'].pk}/").status_code == 200
