"""Issue 13 item 6 end to end: the region in a name must be where the enterprise is
(《企业名称登记管理规定》第七条, N-REGION-1), at every door — the public check API, the batch API,
the portal declaration and the reservation service — with the authority's division code."""

import json

import pytest

from hongdun.core.exceptions import ApplicationError
from hongdun.namecheck.models import NameReservation
from hongdun.namecheck.services import names_check_batch, reservation_create

pytestmark = pytest.mark.django_db

CHECK = "/api/v1/namecheck/check"
BATCH = "/api/v1/namecheck/batch"

# (name, authority division code, whether N-REGION-1 fires)
ROWS = [
    ("上海沃动科技有限公司", "150203", True),
    ("杭州市西湖区沃动科技有限公司", "150203", True),
    ("沃动（上海）科技有限公司", "150203", True),  # the bracketed region counts the same
    ("包头市九原区沃动科技有限公司", "150203", True),  # another district of the same city
    ("北京沃动科技有限公司", "150200", True),
    ("包头市沃动科技有限公司", "150203", False),
    ("包头市昆都仑区沃动科技有限公司", "150203", False),
    ("包头市九原区沃动科技有限公司", "150200", False),  # the city covers its districts
    ("内蒙古沃动科技有限公司", "150203", False),
    ("固阳县沃动科技有限公司", "150222", False),
]
IDS = [f"{name}@{code}" for name, code, _ in ROWS]


def post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


REGION_ARTICLE = "《企业名称登记管理规定》第七条"
REGION_MESSAGE = "不是企业所在地"


def rules_of(answer):
    """The rules that fired; public and applicant answers carry no rule codes (staff shorthand),
    so N-REGION-1 is recognised there by its article and message."""
    found = {finding["rule"] for finding in answer["findings"] if "rule" in finding}
    if any(
        f["article"] == REGION_ARTICLE and REGION_MESSAGE in f["message"]
        for f in answer["findings"]
    ):
        found.add("N-REGION-1")
    return found


@pytest.mark.parametrize(("name", "code", "fires"), ROWS, ids=IDS)
def test_the_public_check(client, bureau, name, code, fires):
    body = post(client, CHECK, {"name": name, "registry": code}).json()
    assert ("N-REGION-1" in rules_of(body)) is fires
    assert body["blocking"] is fires
    if fires:
        assert body["verdict"] == "prohibited"
        assert "rule" not in body["findings"][0]  # rule codes are for staff only
        finding = next(f for f in body["findings"] if REGION_MESSAGE in f["message"])
        assert finding["article"] == REGION_ARTICLE
        # Alternatives keep the region, so none can be offered for a name of another place.
        assert all("上海" not in s and "杭州" not in s for s in body["suggestions"])


def test_the_batch_api(login, applicant, bureau):
    client = login(applicant)
    names = [name for name, code, _ in ROWS if code == "150203"]
    response = post(client, BATCH, {"registry": "150203", "names": names})
    assert response.status_code == 200
    results = response.json()["results"]
    expected = {name: fires for name, code, fires in ROWS if code == "150203"}
    assert {r["name"]: "N-REGION-1" in rules_of(r) for r in results} == expected


def test_the_batch_without_a_registry_cannot_tell_where_the_enterprise_is(bureau):
    (answer,) = names_check_batch(registry=None, industry="", names=["上海沃动科技有限公司"])
    assert "N-REGION-1" not in rules_of(answer)


@pytest.mark.parametrize(("name", "code", "fires"), ROWS, ids=IDS)
def test_the_reservation_service(applicant, bureau, name, code, fires):
    registry = next(u for u in bureau.values() if u.division_code == code)
    if fires:
        with pytest.raises(ApplicationError) as error:
            reservation_create(applicant=applicant, registry=registry, industry="", name=name)
        assert error.value.field == "name"
        assert "N-REGION-1" in {f["rule"] for f in error.value.extra["findings"]}
        assert not NameReservation.objects.exists()
    else:
        reservation = reservation_create(
            applicant=applicant, registry=registry, industry="", name=name
        )
        assert reservation.registry == registry


def test_the_portal_declaration(login, applicant, kundulun):
    client = login(applicant)
    data = {
        "registry": str(kundulun.pk),
        "industry": "",
        "name_1": "上海沃动科技有限公司",
        "name_2": "杭州市西湖区沃动科技有限公司",
    }
    response = client.post("/names/declare/", data)
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count(REGION_MESSAGE) >= 2
    assert "第七条" in page
    assert "本次没有保留任何名称" in page
    assert not NameReservation.objects.exists()

    data["name_3"] = "包头市沃动科技有限公司"
    response = client.post("/names/declare/", data)
    assert response.status_code == 302
    assert NameReservation.objects.get().proposed_name == "包头市沃动科技有限公司"
