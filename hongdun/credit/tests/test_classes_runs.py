"""The runs' pages: read city-wide by supervisors and leaders, refused to other roles; a run's
diff report (distribution, moves, reasons)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from hongdun.accounts.roles import Role
from hongdun.credit.choices import RunStatus
from hongdun.credit.models import ClassificationRun
from hongdun.credit.tests import factories_classes as f
from hongdun.enterprises.tests.factories import register

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


RECLASSIFY = f"{RUNS}reclassify/"


@pytest.mark.parametrize("who", [Role.SUPERVISOR, Role.LEADER, Role.REGISTRAR, Role.APPLICANT])
def test_only_administrators_run_and_rerun(
    login: Any, role_users: Any, runs: Any, who: str
) -> None:
    client = login(role_users[who])
    before = ClassificationRun.objects.count()
    assert client.post(RECLASSIFY, {"month": "2026-09"}).status_code == 403
    assert client.post(f"{RUNS}{runs['july'].pk}/rerun/").status_code == 403
    assert ClassificationRun.objects.count() == before
    page = client.get(RUNS)
    assert 'data-testid="reclassify-form"' not in page.text


def test_anonymous_cannot_post(client: Any, runs: Any) -> None:
    for path in (RECLASSIFY, f"{RUNS}{runs['july'].pk}/rerun/"):
        response = client.post(path, {"month": "2026-09"})
        assert response.status_code == 302
        assert "/login" in response["Location"]


def test_reclassify_then_rerun_gives_the_same_classes(
    login: Any, role_users: Any, bureau: Any
) -> None:
    for number, authority in enumerate(("kundulun", "jiuyuan", "kundulun")):
        register(
            f"包头市测试{number}号商贸有限公司", bureau[authority], trade_name=f"测试{number}号"
        )
    admin = role_users[Role.ADMINISTRATOR]
    client = login(admin)
    assert 'data-testid="reclassify-form"' in client.get(RUNS).text
    response = client.post(RECLASSIFY, {"month": "2026-07"}, follow=True)
    run = ClassificationRun.objects.get(month=datetime.date(2026, 7, 1))
    assert run.status == RunStatus.SUCCEEDED
    assert run.triggered_by == admin
    assert "已完成 2026-07 的分类" in response.text
    assert response.redirect_chain[-1][0] == f"{RUNS}{run.pk}/"
    assert 'data-testid="rerun-form"' in response.text
    report = client.post(f"{RUNS}{run.pk}/rerun/")
    assert report.status_code == 200
    assert 'data-testid="rerun-same"' in report.text
    assert "重算 3 户" in report.text
    # the same month again is refused with the job's reason, nothing new written
    again = client.post(RECLASSIFY, {"month": "2026-07"}, follow=True)
    assert 'class="msg msg-error"' in again.text
    assert ClassificationRun.objects.filter(month=datetime.date(2026, 7, 1)).count() == 1


@pytest.mark.parametrize(
    ("month", "words"),
    [
        ("2026-13", "请按“年-月”填写"),
        ("", "请填写要分类的月份"),
        ("2999-01", "不能对未来的月份分类"),
    ],
)
def test_reclassify_bad_month_is_refused_with_a_message(
    login: Any, role_users: Any, runs: Any, month: str, words: str
) -> None:
    before = ClassificationRun.objects.count()
    response = login(role_users[Role.ADMINISTRATOR]).post(RECLASSIFY, {"month": month}, follow=True)
    assert words in response.text
    assert ClassificationRun.objects.count() == before


def test_rerun_of_a_failed_run_is_refused(login: Any, role_users: Any, runs: Any) -> None:
    response = login(role_users[Role.ADMINISTRATOR]).post(
        f"{RUNS}{runs['august'].pk}/rerun/", follow=True
    )
    assert "没有可重新计算的数据" in response.text
