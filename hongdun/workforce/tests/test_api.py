"""The read-only workforce API: the same kinds, scope, masks and figures as the pages, for every
kind of user; bad parameters named in a 400, never a 500."""

import json

import pytest
from django.urls import reverse

from hongdun.workforce.permissions import RecordKind
from hongdun.workforce.registry import RECORD_TYPES
from hongdun.workforce.tests.factories import ID_NUMBERS, PHONES

pytestmark = pytest.mark.django_db

KINDS = reverse("api:workforce-kinds")
PERSONAL = [ID_NUMBERS[0], PHONES[0], "家属K", "包头市第一医院护士"]
PERIOD = {"as_of": "2008-12-31", "period_start": "2006-01-01", "period_end": "2008-12-31"}


def list_url(slug: str) -> str:
    return reverse("api:workforce-list", args=[slug])


def detail_url(slug: str, pk: int) -> str:
    return reverse("api:workforce-detail", args=[slug, pk])


def figures_url(number: int) -> str:
    return reverse("api:workforce-figures", args=[number])


def every_url(samples) -> list[str]:
    urls = [KINDS, *(figures_url(n) for n in range(1, 6))]
    for rt in RECORD_TYPES:
        urls += [list_url(rt.slug), detail_url(rt.slug, samples["kundulun"][rt.slug].pk)]
    return urls


def test_anonymous_gets_403_everywhere(client, samples):
    statuses = {url: client.get(url).status_code for url in every_url(samples)}
    assert set(statuses.values()) == {403}, statuses


@pytest.mark.parametrize("who", ["registrar", "applicant", "administrator"])
def test_wrong_roles_get_403_everywhere(login, wf_users, samples, who):
    client = login(wf_users[who])
    statuses = {url: client.get(url).status_code for url in every_url(samples)}
    assert set(statuses.values()) == {403}, statuses


def test_leader_reads_every_kind_but_family_and_the_same_rows_as_the_pages(
    login, wf_users, samples
):
    client = login(wf_users["leader"])
    kinds = {k["slug"] for k in client.get(KINDS).json()["kinds"]}
    expected = {rt.slug for rt in RECORD_TYPES if rt.kind != RecordKind.FAMILY}
    assert kinds == expected
    for rt in RECORD_TYPES:
        sample = samples["kundulun"][rt.slug]
        listed = client.get(list_url(rt.slug))
        detail = client.get(detail_url(rt.slug, sample.pk))
        if rt.kind == RecordKind.FAMILY:
            assert (listed.status_code, detail.status_code) == (403, 403), rt.slug
            continue
        assert (listed.status_code, detail.status_code) == (200, 200), rt.slug
        ids = {row["id"] for row in listed.json()["results"]}
        assert sample.pk in ids, rt.slug
        assert detail.json()["id"] == sample.pk


def test_unit_head_reads_own_subtree_only(login, wf_users, samples):
    client = login(wf_users["kundulun_head"])
    own, other = samples["kundulun"], samples["jiuyuan"]
    people = {row["id"] for row in client.get(list_url("people")).json()["results"]}
    assert own["people"].pk in people
    assert other["people"].pk not in people
    assert client.get(detail_url("people", own["people"].pk)).status_code == 200
    # Out of scope answers like an id that does not exist: nothing to learn by probing ids.
    out_of_scope = client.get(detail_url("people", other["people"].pk))
    missing = client.get(detail_url("people", 10**9))
    assert out_of_scope.status_code == missing.status_code == 404
    assert out_of_scope.json() == missing.json()
    assert client.get(list_url("letters")).status_code == 403
    assert client.get(figures_url(4), PERIOD).status_code == 404
    pillar = client.get(figures_url(1), PERIOD).json()
    assert pillar["unit"] == own["people"].unit.name


@pytest.mark.parametrize("who", ["leader", "discipline", "kundulun_head"])
def test_personal_data_never_in_the_api_for_others(login, wf_users, samples, who):
    client = login(wf_users[who])
    person = samples["kundulun"]["people"]
    answers = [
        client.get(list_url("people"), {"q": "样本K"}),
        client.get(detail_url("people", person.pk)),
        client.get(list_url("family")),
        client.get(detail_url("family", samples["kundulun"]["family"].pk)),
        *(client.get(figures_url(n), PERIOD) for n in (1, 2, 3, 5)),
    ]
    for response in answers:
        body = response.content.decode()
        for secret in PERSONAL:
            assert secret not in body, (response.request["PATH_INFO"], secret)
    detail = client.get(detail_url("people", person.pk)).json()
    assert detail["id_number"] == "150203********1232"
    assert detail["phone"] == "139****1234"
    assert detail["name"] == "样本K"


def test_personnel_reads_personal_data(login, wf_users, samples):
    client = login(wf_users["personnel"])
    person = samples["kundulun"]["people"]
    detail = client.get(detail_url("people", person.pk)).json()
    assert detail["id_number"] == ID_NUMBERS[0]
    assert detail["phone"] == PHONES[0]
    assert detail["gender"]["value"] == person.gender
    assert detail["unit"] == {"id": person.unit_id, "label": str(person.unit)}
    assert detail["birth_date"] == person.birth_date.isoformat()
    family = client.get(list_url("family")).json()
    assert samples["kundulun"]["family"].pk in {row["id"] for row in family["results"]}
    assert client.get(list_url("letters")).status_code == 403


def test_integrity_texts_hidden_from_leaders(login, wf_users, samples):
    letter = samples["kundulun"]["letters"]
    leader = login(wf_users["leader"]).get(detail_url("letters", letter.pk))
    assert leader.status_code == 200
    assert "机密责任内容K" not in leader.content.decode()
    assert leader.json()["content"] == "******"
    discipline = login(wf_users["discipline"]).get(detail_url("letters", letter.pk))
    assert discipline.json()["content"] == letter.content


def test_filters_and_pages_work_like_the_list_page(login, wf_users, samples, bureau):
    client = login(wf_users["personnel"])
    jiuyuan = client.get(list_url("people"), {"unit": bureau["jiuyuan"].pk}).json()
    ids = {row["id"] for row in jiuyuan["results"]}
    assert samples["jiuyuan"]["people"].pk in ids
    assert samples["kundulun"]["people"].pk not in ids
    searched = client.get(list_url("people"), {"q": "样本K"}).json()
    assert [row["id"] for row in searched["results"]] == [samples["kundulun"]["people"].pk]
    beyond = client.get(list_url("people"), {"page": 999}).json()
    assert beyond["page"] == beyond["num_pages"]


@pytest.mark.parametrize(
    ("url", "params", "field"),
    [
        (list_url("attendance"), {"date_from": "昨天"}, "date_from"),
        (list_url("attendance"), {"date_from": "2008-05-01", "date_to": "2008-01-01"}, "date_to"),
        (list_url("people"), {"page": "第二页"}, "page"),
        (list_url("people"), {"page": "0"}, "page"),
        (list_url("people"), {"unit": "999999"}, "unit"),
        (list_url("people"), {"gender": "X"}, "gender"),
        (figures_url(2), {"as_of": "2008-13-40"}, "as_of"),
        (
            figures_url(2),
            {"period_start": "2009-01-01", "period_end": "2008-01-01"},
            "period_start",
        ),
        (figures_url(2), {"unit": "abc"}, "unit"),
        (figures_url(2), {"as_of": "1800-01-01"}, "as_of"),
    ],
)
def test_bad_parameters_are_named_in_a_400(login, wf_users, samples, url, params, field):
    client = login(wf_users["personnel"])
    response = client.get(url, params)
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["detail"]
    assert body["field"] == field


@pytest.mark.parametrize("number", [0, 6, 99])
def test_unknown_pillars_and_kinds_are_404(login, wf_users, samples, number):
    client = login(wf_users["leader"])
    assert client.get(figures_url(number)).status_code == 404
    assert client.get(list_url("no-such-kind")).status_code == 404
    assert client.get(detail_url("no-such-kind", 1)).status_code == 404


def test_figures_are_those_of_the_page(login, wf_users, samples):
    """The API and the page compute through the same function: same keys, same values."""
    client = login(wf_users["leader"])
    answer = client.get(figures_url(2), PERIOD).json()
    assert answer["as_of"] == "2008-12-31"
    assert answer["period_start"] == "2006-01-01"
    page = client.get(reverse("workforce-figures:pillar", args=[2]), PERIOD).content.decode()
    keys = [figure["key"] for figure in answer["pillar"]["figures"]]
    assert keys
    for key in keys:
        assert f'data-figure="{key}"' in page
    values = {figure["key"]: figure["value"] for figure in answer["pillar"]["figures"]}
    assert isinstance(values["2.1"], int)  # classes: a count
    assert isinstance(values["2.6"], str | None)  # a pass rate: an exact decimal as a string
    json.dumps(answer)  # everything in it is plain JSON


def test_the_api_is_in_the_schema(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    paths = set(schema["paths"])
    assert "/api/v1/workforce/" in paths
    assert "/api/v1/workforce/{slug}/{id}/" in paths
    assert "/api/v1/workforce/figures/{number}/" in paths
