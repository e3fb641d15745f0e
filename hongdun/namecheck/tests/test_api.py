"""The name-declaration API: shapes, bad input (400 naming the field, never 500), permissions."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hongdun.accounts.roles import Role
from hongdun.namecheck.choices import ReservationStatus
from hongdun.namecheck.services import reservation_create
from hongdun.namecheck.tests.factories import reservation_row

pytestmark = pytest.mark.django_db

CHECK = "/api/v1/namecheck/check"
BATCH = "/api/v1/namecheck/batch"
RESERVATIONS = "/api/v1/namecheck/reservations/"
FREE = "包头市沃动机械有限公司"


def post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def withdraw_url(pk):
    return f"{RESERVATIONS}{pk}/withdraw"


# --- the public check ---------------------------------------------------------------------------


def test_check_shape_for_a_blocked_name(client, hongguang):
    response = post(client, CHECK, {"name": hongguang.name, "registry": "150203", "industry": ""})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {
        "name",
        "verdict",
        "verdict_display",
        "blocking",
        "needs_review",
        "findings",
        "parsed",
        "suggestions",
    }
    assert body["verdict"] == "identical"
    assert body["verdict_display"] == "相同冲突"
    assert body["blocking"] is True
    assert body["needs_review"] is False
    assert body["parsed"]["trade_name"] == "红光"
    same = next(f for f in body["findings"] if f["verdict"] == "identical")
    assert all("rule" not in f for f in body["findings"])  # staff shorthand, not for the public
    assert hongguang.name in same["conflicts"]
    assert same["article"]
    assert isinstance(body["suggestions"], list)


def test_check_of_a_free_name(client, hongguang):
    body = post(client, CHECK, {"name": FREE, "registry": "150203"}).json()
    assert body["verdict"] == "pass"
    assert body["blocking"] is False
    assert body["findings"] == []
    assert body["suggestions"] == []


def test_the_check_is_public_and_needs_no_csrf_token(hongguang):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = post(strict, CHECK, {"name": FREE, "registry": "150203"})
    assert response.status_code == 200


BAD_CHECKS = [
    ({}, "name"),
    ({"registry": "150203"}, "name"),
    ({"name": FREE}, "registry"),
    ({"name": "", "registry": "150203"}, "name"),
    ({"name": "   ", "registry": "150203"}, "name"),
    ({"name": "名" * 10_000, "registry": "150203"}, "name"),
    ({"name": "红光\x00机械有限公司", "registry": "150203"}, "name"),
    ({"name": "红光\x07机械有限公司", "registry": "150203"}, "name"),
    ({"name": "红光\ud800机械有限公司", "registry": "150203"}, "name"),
    ({"name": ["包头市红光机械有限公司"], "registry": "150203"}, "name"),
    ({"name": {"a": 1}, "registry": "150203"}, "name"),
    ({"name": None, "registry": "150203"}, "name"),
    ({"name": FREE, "registry": ""}, "registry"),
    ({"name": FREE, "registry": "999999"}, "registry"),
    ({"name": FREE, "registry": "15020"}, "registry"),
    ({"name": FREE, "registry": "kundulun"}, "registry"),
    ({"name": FREE, "registry": ["150203"]}, "registry"),
    ({"name": FREE, "registry": None}, "registry"),
    ({"name": FREE, "registry": "150203", "industry": "业" * 51}, "industry"),
    ({"name": FREE, "registry": "150203", "industry": "机械\x01"}, "industry"),
    ({"name": FREE, "registry": "150203", "industry": 5 * ["x"]}, "industry"),
]


@pytest.mark.parametrize(("body", "field"), BAD_CHECKS)
def test_bad_checks_get_400_naming_the_field(client, bureau, body, field):
    response = post(client, CHECK, body)
    assert response.status_code == 400, response.content
    data = response.json()
    assert field in data or data.get("field") == field


def test_a_station_is_not_a_registry(client, bureau):
    response = post(client, CHECK, {"name": FREE, "registry": ""})
    assert response.json()["field"] == "registry"


@pytest.mark.parametrize(
    ("raw", "content_type"),
    [
        ("[1, 2, 3]", "application/json"),
        ('"包头市红光机械有限公司"', "application/json"),
        ("{not json", "application/json"),
        ("", "application/json"),
        ("name=%E7%BA%A2&registry=150203%00", "application/x-www-form-urlencoded"),
        ("\x00\x01\x02", "application/octet-stream"),
    ],
)
def test_malformed_bodies_get_4xx(client, bureau, raw, content_type):
    response = client.post(CHECK, raw, content_type=content_type)
    assert 400 <= response.status_code < 500


@pytest.mark.parametrize(
    "name",
    [
        "😀🏭有限公司",
        "<script>alert(1)</script>",
        "' OR 1=1 --",
        "包头市" + "红" * 99,
        "123",
        "有限公司",
    ],
)
def test_odd_names_get_a_verdict(client, bureau, name):
    response = post(client, CHECK, {"name": name, "registry": "150203"})
    assert response.status_code in (200, 400)
    if response.status_code == 200:
        assert response.json()["verdict"] in {
            "pass",
            "similar",
            "identical",
            "restricted",
            "prohibited",
        }


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    name=st.one_of(st.text(max_size=60), st.integers(), st.none(), st.lists(st.text(), max_size=2)),
    registry=st.one_of(st.sampled_from(["150203", "150202", "", "0"]), st.text(max_size=8)),
    industry=st.one_of(st.text(max_size=10), st.none(), st.booleans()),
)
def test_no_input_makes_a_500(client, bureau, name, registry, industry):
    response = post(client, CHECK, {"name": name, "registry": registry, "industry": industry})
    assert response.status_code in (200, 400)


# --- batch --------------------------------------------------------------------------------------


def test_batch_shape(client, hongguang, applicant):
    client.force_login(applicant)
    names = [hongguang.name, FREE, "包头市云网络科技有限公司"]
    response = post(client, BATCH, {"registry": "150203", "industry": "", "names": names})
    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["name"] for r in results] == names
    assert [r["verdict"] for r in results] == ["identical", "pass", "prohibited"]
    assert all(r["suggestions"] == [] for r in results)


def test_batch_of_ten_thousand(client, bureau, applicant):
    client.force_login(applicant)
    names = [
        f"包头市沃{chr(0x4E00 + i % 2000)}{chr(0x4E00 + i // 2000)}机械有限公司"
        for i in range(10_000)
    ]
    response = post(client, BATCH, {"registry": "150203", "names": names})
    assert response.status_code == 200
    assert len(response.json()["results"]) == 10_000


def test_batch_over_the_limit(client, bureau, applicant):
    client.force_login(applicant)
    response = post(client, BATCH, {"registry": "150203", "names": ["x"] * 10_001})
    assert response.status_code == 400
    body = response.json()
    assert "names" in body
    assert "10000" in body["names"][0]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"registry": "150203"}, "names"),
        ({"registry": "150203", "names": []}, "names"),
        ({"registry": "150203", "names": "包头市红光机械有限公司"}, "names"),
        ({"registry": "150203", "names": [FREE, ""]}, "names"),
        ({"registry": "150203", "names": [FREE, None]}, "names"),
        ({"registry": "150203", "names": [FREE, "红光\x00"]}, "names"),
        ({"registry": "150203", "names": [[FREE]]}, "names"),
        ({"names": [FREE]}, "registry"),
        ({"registry": "123456", "names": [FREE]}, "registry"),
    ],
)
def test_bad_batches_get_400_naming_the_field(client, bureau, applicant, body, field):
    client.force_login(applicant)
    response = post(client, BATCH, body)
    assert response.status_code == 400, response.content
    data = response.json()
    assert field in data or data.get("field") == field


def test_batch_needs_a_login(client, bureau):
    assert post(client, BATCH, {"registry": "150203", "names": [FREE]}).status_code == 403


# --- reservations -------------------------------------------------------------------------------


def test_reserve_list_and_withdraw(client, applicant, kundulun):
    client.force_login(applicant)
    response = post(client, RESERVATIONS, {"name": FREE, "registry": "150203", "industry": "机械"})
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["status"] == "reserved"
    assert created["status_display"] == "已保留"
    assert created["registry"] == "150203"
    assert created["registry_name"] == kundulun.name
    assert created["reserved_until"]
    assert created["needs_pre_approval"] is False
    listed = client.get(RESERVATIONS).json()
    assert [r["id"] for r in listed] == [created["id"]]
    withdrawn = client.post(withdraw_url(created["id"]))
    assert withdrawn.status_code == 200
    assert withdrawn.json()["status"] == "withdrawn"
    again = client.post(withdraw_url(created["id"]))
    assert again.status_code == 400
    assert again.json()["field"] == "status"


def test_a_refused_reservation_explains_why(client, applicant, hongguang):
    client.force_login(applicant)
    response = post(client, RESERVATIONS, {"name": hongguang.name, "registry": "150203"})
    assert response.status_code == 400
    body = response.json()
    assert body["field"] == "name"
    assert body["verdict"] == "identical"
    assert any(hongguang.name in f["conflicts"] for f in body["findings"])


def test_pre_approval_and_restricted_names_over_the_api(client, applicant, bureau):
    client.force_login(applicant)
    year = post(
        client, RESERVATIONS, {"name": FREE, "registry": "150203", "needs_pre_approval": True}
    ).json()
    assert year["reserved_until"].startswith("2027-") or year["reserved_until"] > "2026"
    pending = post(client, RESERVATIONS, {"name": "中国沃德科技有限公司", "registry": "150203"})
    assert pending.status_code == 201
    assert pending.json()["status"] == ReservationStatus.PENDING_REVIEW


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "name"),
        ({"name": FREE}, "registry"),
        ({"name": FREE, "registry": "150203", "needs_pre_approval": "maybe"}, "needs_pre_approval"),
        ({"name": "", "registry": "150203"}, "name"),
        ({"name": FREE, "registry": "150203-station"}, "registry"),
    ],
)
def test_bad_reservations_get_400(client, applicant, bureau, body, field):
    client.force_login(applicant)
    response = post(client, RESERVATIONS, body)
    assert response.status_code == 400
    data = response.json()
    assert field in data or data.get("field") == field


# --- who may do what ----------------------------------------------------------------------------


@pytest.fixture
def someones_reservation(bureau, other_applicant):
    """A reservation held by another applicant, made without the engine (plain rows)."""
    return reservation_row(
        other_applicant,
        bureau["kundulun"],
        FREE,
        "沃动",
        industry_key="机械",
        reserved_until="2027-01-27",
    )


def test_anonymous_users_cannot_touch_reservations(client, someones_reservation):
    assert client.get(RESERVATIONS).status_code == 403
    assert post(client, RESERVATIONS, {"name": FREE, "registry": "150203"}).status_code == 403
    assert client.post(withdraw_url(someones_reservation.pk)).status_code == 403


@pytest.mark.parametrize(
    "who",
    [Role.REGISTRAR, Role.SUPERVISOR, Role.LEADER, Role.ADMINISTRATOR, "out_of_scope_registrar"],
)
def test_staff_are_not_applicants(client, role_users, someones_reservation, who):
    client.force_login(role_users[who])
    assert client.get(RESERVATIONS).status_code == 403
    assert post(client, RESERVATIONS, {"name": FREE, "registry": "150203"}).status_code == 403
    assert client.post(withdraw_url(someones_reservation.pk)).status_code == 403
    someones_reservation.refresh_from_db()
    assert someones_reservation.status == ReservationStatus.RESERVED


def test_users_without_a_role_cannot_reserve(client, role_users, someones_reservation):
    client.force_login(role_users["no_role"])
    assert client.get(RESERVATIONS).status_code == 403
    assert client.post(withdraw_url(someones_reservation.pk)).status_code == 403


def test_another_applicants_reservation_does_not_exist(client, applicant, someones_reservation):
    client.force_login(applicant)
    assert client.get(RESERVATIONS).json() == []
    assert client.post(withdraw_url(someones_reservation.pk)).status_code == 404
    assert client.post(withdraw_url(10**12)).status_code == 404
    assert client.post(withdraw_url(2**70)).status_code == 404
    someones_reservation.refresh_from_db()
    assert someones_reservation.status == ReservationStatus.RESERVED


def test_the_holder_withdraws_without_the_engine(client, other_applicant, someones_reservation):
    client.force_login(other_applicant)
    response = client.post(withdraw_url(someones_reservation.pk))
    assert response.status_code == 200
    assert response.json()["status"] == "withdrawn"


def test_withdraw_accepts_only_post(client, other_applicant, someones_reservation):
    client.force_login(other_applicant)
    assert client.get(withdraw_url(someones_reservation.pk)).status_code == 405
    assert client.delete(withdraw_url(someones_reservation.pk)).status_code == 405


def test_everyone_may_check(client, role_users, bureau):
    for user in role_users.values():
        client.force_login(user)
        assert post(client, CHECK, {"name": FREE, "registry": "150203"}).status_code == 200


def test_openapi_schema_describes_the_endpoints(client):
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "post" in paths[CHECK]
    assert "post" in paths[BATCH]
    assert {"get", "post"} <= set(paths[RESERVATIONS])
    assert "post" in paths["/api/v1/namecheck/reservations/{id}/withdraw"]
    schemas = response.json()["components"]["schemas"]
    assert "CheckResult" in schemas
    assert "suggestions" in schemas["CheckResult"]["properties"]


def test_a_reservation_created_by_the_service_is_listed(client, applicant, kundulun):
    reservation = reservation_create(applicant=applicant, registry=kundulun, industry="", name=FREE)
    client.force_login(applicant)
    (row,) = client.get(RESERVATIONS).json()
    assert row["id"] == reservation.pk
    assert row["proposed_name"] == FREE
    assert row["verdict"] == "pass"
    assert row["findings"] == []


def test_batch_is_throttled_per_account_at_the_configured_rate(client, bureau, applicant):
    from django.conf import settings
    from django.core.cache import cache

    cache.clear()  # the test cache is one per process; earlier tests' counts must not count here
    allowed = int(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["name_batch"].split("/")[0])
    client.force_login(applicant)
    body = {"registry": "150203", "names": [FREE]}
    statuses = [post(client, BATCH, body).status_code for _ in range(allowed + 1)]
    assert statuses == [200] * allowed + [429]
    cache.clear()
