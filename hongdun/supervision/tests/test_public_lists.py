"""The public list pages (/supervision/abnormal/, /supervision/serious/ and their removals) and
the public API (/api/v1/abnormal-list/, /api/v1/serious-list/): anonymous, filtered, paged,
masked, and never a 500 on a bad query string."""

from datetime import date

import pytest
from django.test import Client

from hongdun.accounts.roles import Role
from hongdun.enterprises.api import PublicQueryThrottle
from hongdun.enterprises.tests.factories import register
from hongdun.supervision.api_public_lists import AbnormalListApi, SeriousListApi
from hongdun.supervision.choices import AbnormalReason, ListingStatus, SeriousGround
from hongdun.supervision.tests.factories_public import LEGAL_REP_ID, abnormal, serious

pytestmark = pytest.mark.django_db

ENTERPRISE_ID_NUMBER = "150203198001011234"  # the register factory's legal representative

PAGES = [
    "/supervision/abnormal/",
    "/supervision/abnormal/removed/",
    "/supervision/serious/",
    "/supervision/serious/removed/",
]
APIS = ["/api/v1/abnormal-list/", "/api/v1/serious-list/"]


@pytest.fixture
def listed(bureau):
    """Kundulun: 红光 listed (reason 1, 2025-07-10) and 红星 listed (reason 4, 2024-07-10);
    Qingshan: 蓝天 listed (reason 1); 白云 removed; 绿地 proposed; 黄河 dismissed. 红光 is also
    on the serious list, 白云 was removed from it."""
    kundulun, qingshan = bureau["kundulun"], bureau["qingshan"]
    hongguang = register("包头市红光机械设备有限公司", kundulun, trade_name="红光")
    hongxing = register("包头市红星商贸有限公司", kundulun, trade_name="红星")
    lantian = register("包头市蓝天物流有限公司", qingshan, trade_name="蓝天")
    baiyun = register("包头市白云建材有限公司", qingshan, trade_name="白云")
    lvdi = register("包头市绿地农业有限公司", kundulun, trade_name="绿地")
    huanghe = register("包头市黄河餐饮有限公司", kundulun, trade_name="黄河")
    abnormal(hongguang, listed_on=date(2025, 7, 10))
    abnormal(hongxing, reason=AbnormalReason.UNREACHABLE, listed_on=date(2024, 7, 10))
    abnormal(lantian, listed_on=date(2025, 7, 12))
    abnormal(
        baiyun,
        status=ListingStatus.REMOVED,
        listed_on=date(2023, 7, 1),
        removed_on=date(2025, 1, 6),
    )
    abnormal(lvdi, status=ListingStatus.PROPOSED)
    abnormal(huanghe, status=ListingStatus.DISMISSED)
    serious(hongguang, listed_on=date(2025, 8, 1))
    serious(
        baiyun,
        status=ListingStatus.REMOVED,
        ground=SeriousGround.SERIOUS_PENALTY,
        listed_on=date(2019, 8, 1),
        removed_on=date(2024, 8, 1),
    )
    serious(lvdi, status=ListingStatus.PROPOSED)
    serious(huanghe, status=ListingStatus.DISMISSED, ground=SeriousGround.OTHER)
    return {
        "hongguang": hongguang,
        "hongxing": hongxing,
        "lantian": lantian,
        "baiyun": baiyun,
        "lvdi": lvdi,
        "huanghe": huanghe,
    }


def names(client: Client, url: str, **params: str) -> set[str]:
    response = client.get(url, params)
    assert response.status_code == 200, response.content.decode()[:500]
    if url.startswith("/api/"):
        return {row["name"] for row in response.json()["results"]}
    body = response.content.decode()
    return {name for name in ALL_NAMES if name in body}


ALL_NAMES = [
    "包头市红光机械设备有限公司",
    "包头市红星商贸有限公司",
    "包头市蓝天物流有限公司",
    "包头市白云建材有限公司",
    "包头市绿地农业有限公司",
    "包头市黄河餐饮有限公司",
]
HG, HX, LT, BY = ALL_NAMES[:4]


@pytest.mark.parametrize("url", PAGES + APIS)
def test_anonymous_and_any_signed_in_user_see_the_lists(client, login, role_users, listed, url):
    expected = BY if "removed" in url else HG
    anonymous = client.get(url)
    assert anonymous.status_code == 200
    assert expected in anonymous.content.decode()
    # Everyone sees the same public list, whatever their role or unit.
    for who in [Role.APPLICANT, Role.REGISTRAR, "out_of_scope_registrar", "no_role"]:
        response = login(role_users[who]).get(url)
        assert response.status_code == 200
        assert expected in response.content.decode()
        if url in APIS:
            assert response.json() == anonymous.json()


@pytest.mark.parametrize(
    ("url", "params", "expected"),
    [
        ("/supervision/abnormal/", {}, {HG, HX, LT}),
        ("/supervision/abnormal/removed/", {}, {BY}),
        ("/supervision/serious/", {}, {HG}),
        ("/supervision/serious/removed/", {}, {BY}),
        ("/api/v1/abnormal-list/", {}, {HG, HX, LT}),
        ("/api/v1/abnormal-list/", {"state": "removed"}, {BY}),
        ("/api/v1/serious-list/", {}, {HG}),
        ("/api/v1/serious-list/", {"state": "removed"}, {BY}),
        # By deciding authority (division code).
        ("/supervision/abnormal/", {"authority": "150203"}, {HG, HX}),
        ("/api/v1/abnormal-list/", {"authority": "150204"}, {LT}),
        ("/supervision/abnormal/", {"authority": "150202"}, set()),
        # By name fragment or USCC.
        ("/supervision/abnormal/", {"q": "红"}, "error"),
        ("/supervision/abnormal/", {"q": "红光"}, {HG}),
        ("/api/v1/abnormal-list/", {"q": "有限公司"}, {HG, HX, LT}),
        ("/api/v1/serious-list/", {"q": "红星"}, set()),
        # By reason.
        ("/supervision/abnormal/", {"reason": "4"}, {HX}),
        ("/api/v1/abnormal-list/", {"reason": "1"}, {HG, LT}),
        ("/api/v1/serious-list/", {"reason": "abnormal_three_years"}, {HG}),
        ("/api/v1/serious-list/", {"reason": "serious_penalty"}, set()),
        # By listing date (removal date on the removals).
        ("/supervision/abnormal/", {"date_from": "2025-01-01"}, {HG, LT}),
        ("/api/v1/abnormal-list/", {"date_to": "2025-07-10"}, {HG, HX}),
        (
            "/api/v1/abnormal-list/",
            {"date_from": "2025-07-11", "date_to": "2025-07-31"},
            {LT},
        ),
        ("/supervision/abnormal/removed/", {"date_from": "2025-01-06"}, {BY}),
        ("/supervision/abnormal/removed/", {"date_from": "2025-01-07"}, set()),
    ],
)
def test_filters(client, listed, url, params, expected):
    if expected == "error":
        response = client.get(url, params)
        assert response.status_code == 400
        assert "至少两个字" in response.content.decode()
        return
    assert names(client, url, **params) == expected


def test_search_by_uscc(client, listed):
    code = listed["hongxing"].uscc
    assert names(client, "/supervision/abnormal/", q=code) == {HX}
    assert names(client, "/api/v1/abnormal-list/", q=code) == {HX}


def test_rows_link_to_the_public_record_and_show_the_decision(client, listed):
    body = client.get("/supervision/abnormal/").content.decode()
    assert f'href="/enterprises/{listed["hongguang"].uscc}/"' in body
    assert "包市监异列〔2025〕" in body
    assert "2025-07-10" in body
    removed = client.get("/supervision/abnormal/removed/").content.decode()
    assert "2025-01-06" in removed
    assert "包市监异移〔2026〕" in removed
    rows = client.get("/api/v1/abnormal-list/", {"state": "removed"}).json()["results"]
    assert rows == [
        {
            "uscc": listed["baiyun"].uscc,
            "name": BY,
            "reason": "1",
            "reason_label": str(AbnormalReason.NOT_FILED.label),
            "listed_on": "2023-07-01",
            "authority": listed["baiyun"].registration_authority.name,
            "document_number": rows[0]["document_number"],
            "removed_on": "2025-01-06",
            "removal_reason": "已补报未报年份的年度报告并公示",
            "removal_document_number": rows[0]["removal_document_number"],
        }
    ]
    assert rows[0]["document_number"].startswith("包市监异列")


def test_newest_listing_first(client, listed):
    rows = client.get("/api/v1/abnormal-list/").json()["results"]
    assert [row["name"] for row in rows] == [LT, HG, HX]


@pytest.mark.parametrize("url", PAGES + APIS + [f"{api}?state=removed" for api in APIS])
def test_no_id_number_or_phone_in_any_list(client, listed, url):
    body = client.get(url).content.decode()
    assert LEGAL_REP_ID not in body
    assert ENTERPRISE_ID_NUMBER not in body
    assert "测试人" not in body  # nor the legal representative's name


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"date_from": "2025-13-01"}, "date_from"),
        ({"date_to": "yesterday"}, "date_to"),
        ({"date_from": "2025-08-01", "date_to": "2025-07-01"}, "date_to"),
        ({"authority": "999999"}, "authority"),
        ({"authority": "<script>"}, "authority"),
        ({"reason": "9"}, "reason"),
        ({"reason": "x" * 500}, "reason"),
        ({"page": "abc"}, "page"),
        ({"page": "0"}, "page"),
        ({"page": "-3"}, "page"),
        ({"page": "99999999999999999999"}, "page"),
        ({"q": "\x00\x01"}, "q"),
        ({"q": "红" * 300}, "q"),
    ],
)
@pytest.mark.parametrize("register", ["abnormal", "serious"])
def test_bad_parameters_get_a_message_never_a_500(client, listed, register, params, field):
    page = client.get(f"/supervision/{register}/", params)
    assert page.status_code == 400
    assert 'data-testid="list-error"' in page.content.decode()
    api = client.get(f"/api/v1/{register}-list/", params)
    assert api.status_code == 400
    assert api.json()["field"] == field
    assert api.json()["detail"]


def test_an_unknown_state_is_refused_by_the_api(client, listed):
    response = client.get("/api/v1/abnormal-list/", {"state": "proposed"})
    assert response.status_code == 400
    assert response.json()["field"] == "state"


def test_a_page_past_the_end_is_empty_with_a_message(client, listed, settings):
    settings.HONGDUN = {**settings.HONGDUN, "SEARCH_PAGE_SIZE": 2}
    first = client.get("/api/v1/abnormal-list/").json()
    assert first["count"] == 3
    assert first["num_pages"] == 2
    assert len(first["results"]) == 2
    second = client.get("/api/v1/abnormal-list/", {"page": 2}).json()
    assert [row["name"] for row in second["results"]] == [HX]
    far = client.get("/api/v1/abnormal-list/", {"page": 1000})
    assert far.status_code == 200
    assert far.json()["results"] == []
    page = client.get("/supervision/abnormal/", {"page": 1000})
    assert page.status_code == 200
    assert 'data-testid="past-the-end"' in page.content.decode()
    assert 'data-testid="next-page"' in client.get("/supervision/abnormal/").content.decode()


def test_the_api_is_read_only_and_throttled(client, listed):
    for url in APIS:
        assert client.post(url, {}).status_code == 405
        assert client.delete(url).status_code == 405
    assert AbnormalListApi.throttle_classes == [PublicQueryThrottle]
    assert SeriousListApi.throttle_classes == [PublicQueryThrottle]
    assert AbnormalListApi.authentication_classes == []


def test_the_schema_describes_the_list_endpoints(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    for path in APIS:
        operation = schema["paths"][path]["get"]
        parameters = {p["name"] for p in operation["parameters"]}
        assert {"state", "q", "authority", "reason", "date_from", "date_to", "page"} <= parameters
    row = schema["components"]["schemas"]["ListRow"]["properties"]
    assert {"uscc", "name", "reason_label", "listed_on", "authority", "removed_on"} <= set(row)
    assert not {"legal_rep_name", "legal_rep_id_number", "phone"} & set(row)


def test_the_portal_links_the_lists(client, bureau):
    home = client.get("/").content.decode()
    assert 'href="/supervision/abnormal/"' in home
    assert 'href="/supervision/serious/"' in home
    search = client.get("/enterprises/").content.decode()
    assert 'data-testid="nav-public-lists"' in search
