"""清算组备案 (《市场主体登记管理条例》第三十二条) by a registrar of the enterprise's authority
subtree: the rules of the filing, re-filing with history, and the page's security matrix."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from hongdun.accounts.roles import Role
from hongdun.core.exceptions import ApplicationError
from hongdun.core.models import AuditLog
from hongdun.enterprises.models import LiquidationMember
from hongdun.enterprises.services import (
    LiquidationMemberData,
    enterprise_liquidation_group_file,
    enterprise_status_change,
)
from hongdun.enterprises.tests.factories import register
from hongdun.testing.views import ScopeCase, ScopedPage, ScopedViewSuite

pytestmark = pytest.mark.django_db

ON = date(2026, 3, 2)
GROUP = [
    LiquidationMemberData(name="贺明远", is_leader=True, phone="13800000001"),
    LiquidationMemberData(name="白雪"),
    LiquidationMemberData(name="包头市正信会计师事务所（普通合伙）", phone="0472-5123456"),
]


@pytest.fixture
def firm(bureau):
    return register("包头市红光机械设备有限公司", bureau["kundulun"], trade_name="红光")


@pytest.fixture
def registrar(role_users):
    return role_users[Role.REGISTRAR]


def file(registrar, firm, members=GROUP, on=ON):
    return enterprise_liquidation_group_file(
        registrar=registrar, enterprise=firm, members=members, recorded_on=on
    )


def test_the_group_is_recorded_and_audited(registrar, firm):
    rows = file(registrar, firm)
    assert [(r.name, r.is_leader, r.recorded_on) for r in rows] == [
        ("贺明远", True, ON),
        ("白雪", False, ON),
        ("包头市正信会计师事务所（普通合伙）", False, ON),
    ]
    assert all(r.history.get().history_date.date() == ON for r in rows)
    log = AuditLog.objects.get(action="enterprise.liquidation_group")
    assert log.actor == registrar
    assert log.after is not None
    assert log.after["members"][0] == {"name": "贺明远", "is_leader": True}


def test_filing_again_replaces_the_group_and_keeps_history(registrar, firm):
    file(registrar, firm)
    later = ON + timedelta(days=20)
    file(
        registrar,
        firm,
        [LiquidationMemberData(name="白雪", is_leader=True), LiquidationMemberData(name="高峰")],
        on=later,
    )
    assert list(
        LiquidationMember.objects.filter(enterprise=firm).values_list("name", "is_leader")
    ) == [("白雪", True), ("高峰", False)]
    gone = LiquidationMember.history.filter(name="贺明远").latest("history_id")
    assert (gone.history_type, gone.history_date.date()) == ("-", later)
    bai = LiquidationMember.objects.get(enterprise=firm, name="白雪")
    assert list(bai.history.order_by("history_id").values_list("is_leader", flat=True)) == [
        False,
        True,
    ]


def test_an_enterprise_whose_licence_was_revoked_files_its_group(registrar, firm):
    enterprise_status_change(
        acting_user=None, enterprise=firm, status="revoked", effective_on=date(2026, 1, 5)
    )
    assert len(file(registrar, firm)) == 3


@pytest.mark.parametrize(
    ("members", "on", "field"),
    [
        ([], ON, "members"),
        ([LiquidationMemberData(name="甲"), LiquidationMemberData(name="乙")], ON, "members"),
        (
            [
                LiquidationMemberData(name="甲", is_leader=True),
                LiquidationMemberData(name="乙", is_leader=True),
            ],
            ON,
            "members",
        ),
        ([LiquidationMemberData(name="  ", is_leader=True)], ON, "members.0.name"),
        ([LiquidationMemberData(name="甲" * 101, is_leader=True)], ON, "members.0.name"),
        (
            [
                LiquidationMemberData(name="甲", is_leader=True),
                LiquidationMemberData(name="甲"),
            ],
            ON,
            "members.1.name",
        ),
        (
            [LiquidationMemberData(name="甲", is_leader=True, phone="call me")],
            ON,
            "members.0.phone",
        ),
        (GROUP, date(2015, 2, 28), "recorded_on"),  # before the enterprise was established
        (GROUP, None, "recorded_on"),
    ],
)
def test_bad_filings_are_refused_and_nothing_is_written(registrar, firm, members, on, field):
    with pytest.raises(ApplicationError) as caught:
        file(registrar, firm, members, on)
    assert caught.value.field == field
    assert not LiquidationMember.objects.exists()


def test_a_filing_dated_in_the_future_is_refused(registrar, firm):
    with pytest.raises(ApplicationError) as caught:
        file(registrar, firm, on=timezone.localdate() + timedelta(days=1))
    assert caught.value.field == "recorded_on"


def test_a_deregistered_enterprise_files_no_group(registrar, firm):
    enterprise_status_change(
        acting_user=None, enterprise=firm, status="deregistered", effective_on=date(2026, 1, 5)
    )
    with pytest.raises(ApplicationError) as caught:
        file(registrar, firm)
    assert caught.value.field == "enterprise"
    assert not LiquidationMember.objects.exists()


@pytest.mark.parametrize("who", [Role.SUPERVISOR, Role.APPLICANT, "out_of_scope_registrar"])
def test_only_a_registrar_in_scope_may_file(role_users, firm, who):
    with pytest.raises(PermissionDenied):
        file(role_users[who], firm)
    assert not LiquidationMember.objects.exists()


FORM = {
    "recorded_on": ON.isoformat(),
    "members-TOTAL_FORMS": "3",
    "members-INITIAL_FORMS": "0",
    "members-MIN_NUM_FORMS": "0",
    "members-MAX_NUM_FORMS": "30",
    "members-0-name": "贺明远",
    "members-0-phone": "13800000001",
    "members-0-is_leader": "on",
    "members-1-name": "白雪",
    "members-2-name": "",
}


class TestLiquidationGroupPage(ScopedViewSuite):
    """Anonymous → login; the public, supervisors (who read the register but do not file) →
    403; another unit's registrar → 404; the unit's registrar files."""

    pages = (
        ScopedPage("form", "/staff/enterprises/{pk}/liquidation-group/"),
        ScopedPage(
            "file",
            "/staff/enterprises/{pk}/liquidation-group/",
            method="post",
            data=FORM,
            ok_status=302,
            shows_marker=False,
        ),
    )

    @pytest.fixture
    def scope_case(self, role_users, firm) -> ScopeCase:
        return ScopeCase(
            record=firm,
            marker=firm.name,
            in_scope=role_users[Role.REGISTRAR],
            out_of_scope=role_users["out_of_scope_registrar"],
            wrong_roles=[
                role_users[Role.APPLICANT],
                role_users["no_role"],
                role_users[Role.SUPERVISOR],
            ],
        )


def test_the_page_files_the_group_and_the_detail_shows_it(login, registrar, firm):
    client = login(registrar)
    response = client.post(f"/staff/enterprises/{firm.pk}/liquidation-group/", FORM)
    assert response.status_code == 302
    assert list(LiquidationMember.objects.values_list("name", "is_leader", "phone")) == [
        ("贺明远", True, "13800000001"),
        ("白雪", False, ""),
    ]
    detail = client.get(f"/staff/enterprises/{firm.pk}/").content.decode()
    assert "清算组负责人" in detail
    form = client.get(f"/staff/enterprises/{firm.pk}/liquidation-group/").content.decode()
    assert 'value="白雪"' in form  # the current group is the starting point of a re-filing


def test_the_page_shows_the_problem_and_writes_nothing(login, registrar, firm):
    data = {**FORM, "members-1-is_leader": "on"}
    response = login(registrar).post(f"/staff/enterprises/{firm.pk}/liquidation-group/", data)
    assert response.status_code == 200
    assert "清算组须有且只有一名负责人" in response.content.decode()
    assert not LiquidationMember.objects.exists()
