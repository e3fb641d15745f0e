"""The JSON API: shape, ranking, and bad input answered with 400 and a reason, never 500."""

import pytest

from hongdun.enterprises.tests.factories import register

pytestmark = pytest.mark.django_db


@pytest.fixture
def red_lights(bureau):
    return [
        register("包头市红光机械设备有限公司", bureau["kundulun"], trade_name="红光"),
        register("包头市东河区红光五金店", bureau["donghe"], trade_name="红光"),
        register("包头市鑫源商贸有限公司", bureau["donghe"], trade_name="鑫源"),
    ]


def test_search_shape(client, red_lights):
    response = client.get("/api/v1/enterprises/", {"q": "红光"})
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 2
    assert data["page"] == 1
    assert data["num_pages"] == 1
    assert {r["uscc"] for r in data["results"]} == {e.uscc for e in red_lights[:2]}
    assert set(data["results"][0]) >= {"uscc", "name", "status", "registration_authority"}


def test_search_by_uscc(client, red_lights):
    data = client.get("/api/v1/enterprises/", {"q": red_lights[2].uscc}).json()
    assert [r["name"] for r in data["results"]] == ["包头市鑫源商贸有限公司"]


BAD_QUERIES = [
    ({}, "q"),
    ({"q": ""}, "q"),
    ({"q": "红"}, "q"),
    ({"q": "红" * 500}, "q"),
    ({"q": "91150203MA0000000X"}, "q"),
    ({"q": "91150203MA00000"}, "q"),
    ({"q": "红光\x00"}, "q"),
    ({"q": "红光", "page": "abc"}, "page"),
    ({"q": "红光", "page": "0"}, "page"),
    ({"q": "红光", "page": "99999999999999999999"}, "page"),
]


@pytest.mark.parametrize(("params", "field"), BAD_QUERIES)
def test_bad_api_queries_get_400_naming_the_field(client, red_lights, params, field):
    response = client.get("/api/v1/enterprises/", params)
    assert response.status_code == 400
    body = response.json()
    assert field in body or body.get("field") == field


@pytest.mark.parametrize(
    "q",
    [
        "<script>alert(1)</script>",
        "' OR 1=1 --",
        "红光'; DROP TABLE enterprises_enterprise; --",
        "😀🏭",
        "红光%_",
    ],
)
def test_hostile_queries_are_plain_text(client, red_lights, q):
    response = client.get("/api/v1/enterprises/", {"q": q})
    assert response.status_code == 200
    assert response.json()["count"] == 0
    page = client.get("/enterprises/", {"q": q})
    assert page.status_code == 200
    assert "<script>alert(1)</script>" not in page.content.decode()
    assert client.get("/api/v1/enterprises/", {"q": "红光"}).json()["count"] == 2


@pytest.mark.parametrize("q", ["", "红", "红" * 500, "91150203MA0000000X", "红光\x00"])
def test_bad_portal_queries_show_a_message(client, red_lights, q):
    response = client.get("/enterprises/", {"q": q})
    assert response.status_code == 200
    assert 'data-testid="search-error"' in response.content.decode()


@pytest.mark.parametrize(
    "raw", ["q=%ED%A0%80%E7%BA%A2", "q=%FF%FE", "q=%E7%BA", "q=%00%00", "page=1&q"]
)
def test_undecodable_bytes_never_crash(client, red_lights, raw):
    assert client.get(f"/enterprises/?{raw}").status_code == 200
    assert client.get(f"/api/v1/enterprises/?{raw}").status_code in (200, 400)


def test_htmx_request_gets_only_the_results_fragment(client, red_lights):
    response = client.get("/enterprises/", {"q": "红光"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert "<html" not in body
    assert "包头市<mark>红光</mark>机械设备有限公司" in body


def test_openapi_schema_describes_the_endpoints(client):
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/v1/enterprises/" in paths
    assert "/api/v1/enterprises/{code}/" in paths


def test_api_docs_load_nothing_from_a_cdn(client):
    body = client.get("/api/docs/").content.decode()
    assert "swagger-ui" in body
    assert "cdn." not in body
    assert "unpkg" not in body
    assert "jsdelivr" not in body


def test_write_methods_are_not_allowed(client, red_lights):
    assert client.post("/api/v1/enterprises/", {"q": "红光"}).status_code == 405
    assert client.delete(f"/api/v1/enterprises/{red_lights[0].uscc}/").status_code == 405


def test_throttle_ignores_a_client_supplied_forwarded_for_header(rf):
    from hongdun.enterprises.api import PublicQueryThrottle

    throttle = PublicQueryThrottle()
    first = rf.get("/api/v1/enterprises/", HTTP_X_FORWARDED_FOR="1.2.3.4", REMOTE_ADDR="10.0.0.9")
    second = rf.get("/api/v1/enterprises/", HTTP_X_FORWARDED_FOR="5.6.7.8", REMOTE_ADDR="10.0.0.9")
    assert throttle.get_ident(first) == throttle.get_ident(second) == "10.0.0.9"
