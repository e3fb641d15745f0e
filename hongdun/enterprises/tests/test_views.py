"""Every page and endpoint of the register for anonymous, wrong-role and out-of-scope users."""

import pytest
from django.urls import reverse

from hongdun.accounts.roles import Role
from hongdun.enterprises.tests.factories import register
from hongdun.testing.views import ScopeCase, ScopedPage, ScopedViewSuite

pytestmark = pytest.mark.django_db

ID_NUMBER = "150203198805061234"


@pytest.fixture
def kundulun_enterprise(bureau):
    return register(
        "包头市红光机械设备有限公司",
        bureau["kundulun"],
        trade_name="红光",
        legal_rep_id_number=ID_NUMBER,
    )


@pytest.fixture
def jiuyuan_enterprise(bureau):
    return register("包头市九原区鑫源商贸有限公司", bureau["jiuyuan"], trade_name="鑫源")


PUBLIC_USERS = [None, Role.APPLICANT, Role.REGISTRAR, "no_role"]


@pytest.mark.parametrize("who", PUBLIC_USERS)
@pytest.mark.parametrize(
    "path", ["/", "/enterprises/", "/enterprises/?q=红光", "/accounts/login/", "/api/docs/"]
)
def test_public_pages_open_to_everyone(role_users, login, kundulun_enterprise, who, path):
    client = login(role_users[who] if who else None)
    assert client.get(path).status_code == 200


@pytest.mark.parametrize("who", PUBLIC_USERS)
def test_public_detail_never_shows_the_id_number(role_users, login, kundulun_enterprise, who):
    client = login(role_users[who] if who else None)
    response = client.get(reverse("enterprises:detail", args=[kundulun_enterprise.uscc]))
    body = response.content.decode()
    assert response.status_code == 200
    assert kundulun_enterprise.name in body
    assert ID_NUMBER not in body
    assert ID_NUMBER[-4:] + "<" not in body


def test_public_api_never_returns_the_id_number(client, kundulun_enterprise):
    listing = client.get("/api/v1/enterprises/", {"q": "红光"})
    detail = client.get(f"/api/v1/enterprises/{kundulun_enterprise.uscc}/")
    assert listing.status_code == detail.status_code == 200
    assert ID_NUMBER not in listing.content.decode() + detail.content.decode()
    assert "legal_rep_id_number" not in detail.json()


def test_detail_unknown_code_is_404_and_malformed_is_400(client, kundulun_enterprise):
    valid_but_unknown = "91350100M000100Y43"
    assert client.get(f"/enterprises/{valid_but_unknown}/").status_code == 404
    response = client.get("/enterprises/91150203MA0000000X/")
    assert response.status_code == 400
    assert "校验码" in response.content.decode()
    api = client.get("/api/v1/enterprises/91150203MA0000000X/")
    assert api.status_code == 400
    assert api.json()["field"] == "uscc"
    assert client.get(f"/api/v1/enterprises/{valid_but_unknown}/").status_code == 404


def test_detail_shows_the_history_of_names_and_status(client, kundulun_enterprise):
    from datetime import date

    from hongdun.enterprises.choices import EnterpriseStatus
    from hongdun.enterprises.services import enterprise_rename, enterprise_status_change

    enterprise_rename(
        acting_user=None,
        enterprise=kundulun_enterprise,
        name="包头市紫金机械设备有限公司",
        trade_name="紫金",
        effective_on=date(2019, 6, 1),
    )
    enterprise_status_change(
        acting_user=None,
        enterprise=kundulun_enterprise,
        status=EnterpriseStatus.LICENCE_REVOKED,
        effective_on=date(2022, 2, 1),
    )
    data = client.get(f"/api/v1/enterprises/{kundulun_enterprise.uscc}/").json()
    kinds = [(e["kind"], e["before"], e["after"], e["on"]) for e in data["timeline"]]
    assert kinds == [
        ("status", "存续", "吊销", "2022-02-01"),
        ("name", "包头市红光机械设备有限公司", "包头市紫金机械设备有限公司", "2019-06-01"),
        ("established", "", "", "2015-03-01"),
    ]
    page = client.get(f"/enterprises/{kundulun_enterprise.uscc}/").content.decode()
    assert "包头市红光机械设备有限公司" in page
    assert "吊销" in page


# --- back office ---------------------------------------------------------------------------------


class TestStaffRegisterPages(ScopedViewSuite):
    """Anonymous → login, the public and roles without business need → 403, another unit's
    registrar → 404 (and absent from the list), the unit's registrar → the page."""

    pages = (
        ScopedPage("list", "/staff/enterprises/", lists=True, query_baseline=True),
        ScopedPage("detail", "/staff/enterprises/{pk}/", query_baseline=True),
    )

    @pytest.fixture
    def scope_case(self, role_users, kundulun_enterprise) -> ScopeCase:
        return ScopeCase(
            record=kundulun_enterprise,
            marker=kundulun_enterprise.name,
            in_scope=role_users[Role.REGISTRAR],
            out_of_scope=role_users["out_of_scope_registrar"],
            wrong_roles=[
                role_users[Role.APPLICANT],
                role_users["no_role"],
                role_users[Role.PERSONNEL],
                role_users[Role.DISCIPLINE],
            ],
        )


def test_the_dashboard_sends_anonymous_users_to_login(client):
    response = client.get("/staff/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize("who", [Role.APPLICANT, "no_role"])
def test_the_dashboard_refuses_the_public(role_users, login, who):
    assert login(role_users[who]).get("/staff/").status_code == 403


@pytest.mark.parametrize("who", [Role.PERSONNEL, Role.DISCIPLINE])
def test_staff_without_the_register_still_get_the_dashboard(role_users, login, who):
    assert login(role_users[who]).get("/staff/").status_code == 200


def test_registrar_sees_only_their_subtree(
    role_users, login, kundulun_enterprise, jiuyuan_enterprise
):
    client = login(role_users[Role.REGISTRAR])
    listing = client.get("/staff/enterprises/").content.decode()
    assert kundulun_enterprise.name in listing
    assert jiuyuan_enterprise.name not in listing
    assert client.get(f"/staff/enterprises/{jiuyuan_enterprise.pk}/").status_code == 404


def test_filtering_by_a_foreign_authority_does_not_widen_the_scope(
    role_users, login, kundulun_enterprise
):
    client = login(role_users["out_of_scope_registrar"])
    # filtering by a foreign authority id is refused as an invalid choice, not widened
    foreign = kundulun_enterprise.registration_authority_id
    response = client.get("/staff/enterprises/", {"authority": foreign})
    assert kundulun_enterprise.name not in response.content.decode()


@pytest.mark.parametrize("who", [Role.LEADER, Role.ADMINISTRATOR])
def test_city_roles_see_every_unit(role_users, login, kundulun_enterprise, jiuyuan_enterprise, who):
    listing = login(role_users[who]).get("/staff/enterprises/").content.decode()
    assert kundulun_enterprise.name in listing
    assert jiuyuan_enterprise.name in listing


@pytest.mark.parametrize(
    ("who", "sees_full_id"),
    [
        (Role.REGISTRAR, True),
        (Role.SUPERVISOR, True),
        (Role.ADMINISTRATOR, True),
        (Role.LEADER, False),
    ],
)
def test_id_number_shown_only_to_roles_that_handle_it(
    role_users, login, kundulun_enterprise, who, sees_full_id
):
    body = (
        login(role_users[who]).get(f"/staff/enterprises/{kundulun_enterprise.pk}/").content.decode()
    )
    assert (ID_NUMBER in body) is sees_full_id
    assert "150203********1234" in body or sees_full_id


def test_staff_list_filters(role_users, login, bureau):
    from datetime import date

    from hongdun.enterprises.choices import EnterpriseStatus
    from hongdun.enterprises.services import enterprise_status_change

    alive = register("包头市昆区甲乙商贸有限公司", bureau["kundulun"], trade_name="甲乙")
    dead = register("包头市昆区丙丁商贸有限公司", bureau["kundulun"], trade_name="丙丁")
    enterprise_status_change(
        acting_user=None,
        enterprise=dead,
        status=EnterpriseStatus.DEREGISTERED,
        effective_on=date(2020, 1, 1),
    )
    client = login(role_users[Role.REGISTRAR])
    body = client.get("/staff/enterprises/", {"status": "deregistered"}).content.decode()
    assert dead.name in body
    assert alive.name not in body
    body = client.get("/staff/enterprises/", {"q": "甲乙"}).content.decode()
    assert alive.name in body
    assert dead.name not in body
    assert client.get("/staff/enterprises/", {"status": "bogus"}).status_code == 200


def test_dashboard_counts_only_the_users_scope(
    role_users, login, kundulun_enterprise, jiuyuan_enterprise
):
    response = login(role_users[Role.REGISTRAR]).get("/staff/")
    rows = dict(response.context["status_rows"])
    assert rows["存续"] == 1


def test_staff_list_query_count_is_fixed(role_users, login, bureau, django_assert_max_num_queries):
    for index in range(30):
        register(f"包头市昆区测试{index:02d}商贸有限公司", bureau["kundulun"])
    client = login(role_users[Role.REGISTRAR])
    with django_assert_max_num_queries(12):
        assert client.get("/staff/enterprises/").status_code == 200


@pytest.mark.parametrize("who", [None, Role.APPLICANT, Role.REGISTRAR, Role.LEADER])
def test_django_admin_is_for_superusers_only(role_users, login, who):
    client = login(role_users[who] if who else None)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response.url


def test_django_admin_opens_for_a_superuser(make_user, login):
    root = make_user(Role.ADMINISTRATOR, is_superuser=True, is_staff=True)
    assert login(root).get("/admin/enterprises/enterprise/").status_code == 200


def test_staff_search_uses_the_public_query_rules(role_users, login, kundulun_enterprise):
    client = login(role_users[Role.REGISTRAR])
    found = client.get("/staff/enterprises/", {"q": "红光机械"}).content.decode()
    assert kundulun_enterprise.name in found
    by_code = client.get("/staff/enterprises/", {"q": kundulun_enterprise.uscc}).content.decode()
    assert kundulun_enterprise.name in by_code
    refused = client.get("/staff/enterprises/", {"q": "红"})
    assert refused.status_code == 200
    assert "至少两个字" in refused.content.decode()
