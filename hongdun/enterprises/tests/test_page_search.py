"""The register search's filters (exact with them), highlighted matches, and the person search."""

from datetime import date

import pytest

from hongdun.enterprises.choices import EnterpriseStatus, EnterpriseType, MemberKind
from hongdun.enterprises.highlight import mark_matches
from hongdun.enterprises.models import Enterprise
from hongdun.enterprises.search_keys import fold
from hongdun.enterprises.selectors import enterprise_search, search_filters_parse
from hongdun.enterprises.services import enterprise_status_change
from hongdun.enterprises.tests import factories_page as facts
from hongdun.enterprises.tests.factories import register

pytestmark = pytest.mark.django_db


@pytest.fixture
def register_set(bureau):
    """Red-light enterprises across two authorities, types, statuses and years."""
    rows = []
    for i, (unit, kind, year) in enumerate(
        [
            ("kundulun", EnterpriseType.LLC, 2012),
            ("kundulun", EnterpriseType.LLC, 2016),
            ("kundulun", EnterpriseType.PARTNERSHIP, 2018),
            ("jiuyuan", EnterpriseType.LLC, 2019),
            ("jiuyuan", EnterpriseType.LLC, 2021),
            ("jiuyuan", EnterpriseType.SOLE_PROPRIETORSHIP, 2023),
        ]
    ):
        suffix = {"llc": "有限公司", "partnership": "合伙企业", "sole_proprietorship": "厂"}[kind]
        rows.append(
            register(
                f"包头市红光{'一二三四五六'[i]}号商贸{suffix}",
                bureau[unit],
                trade_name="红光",
                enterprise_type=kind,
                established_on=date(year, 5, 1),
            )
        )
    # An exact name and an exact trade name, so every ranked segment meets the filters.
    rows.append(register("红光", bureau["kundulun"], established_on=date(2015, 1, 1)))
    enterprise_status_change(
        acting_user=None,
        enterprise=rows[1],
        status=EnterpriseStatus.DEREGISTERED,
        effective_on=date(2020, 1, 1),
    )
    register("包头市鑫源商贸有限公司", bureau["kundulun"], trade_name="鑫源")
    return rows


FILTER_CASES = [
    {},
    {"authority": "kundulun"},
    {"authority": "jiuyuan", "enterprise_type": EnterpriseType.LLC},
    {"status": EnterpriseStatus.DEREGISTERED},
    {"status": EnterpriseStatus.ACTIVE, "established_from": "2016-01-01"},
    {"established_from": "2015-01-01", "established_to": "2019-12-31"},
    {"enterprise_type": EnterpriseType.FARMER_COOPERATIVE},
]


def brute_force(query: str, params: dict) -> set[int]:
    """The LIKE scan the filters must agree with."""
    qs = Enterprise.objects.filter(name_search__contains=fold(query))
    if "authority" in params:
        qs = qs.filter(registration_authority__division_code=params["authority"])
    if "enterprise_type" in params:
        qs = qs.filter(enterprise_type=params["enterprise_type"])
    if "status" in params:
        qs = qs.filter(status=params["status"])
    if "established_from" in params:
        qs = qs.filter(established_on__gte=params["established_from"])
    if "established_to" in params:
        qs = qs.filter(established_on__lte=params["established_to"])
    return set(qs.values_list("id", flat=True))


@pytest.mark.parametrize("params", FILTER_CASES)
@pytest.mark.parametrize("query", ["红光", "红光一号商贸", "商贸"])
@pytest.mark.parametrize("page_size", [2, 50])
def test_filters_keep_the_search_exact(bureau, register_set, params, query, page_size):
    resolved = {k: (bureau[v].division_code if k == "authority" else v) for k, v in params.items()}
    filters = search_filters_parse(resolved)
    expected = brute_force(query, resolved)
    found: list[int] = []
    page = 1
    while True:
        result = enterprise_search(raw_query=query, page=page, page_size=page_size, filters=filters)
        assert result.count == len(expected)
        found.extend(e.pk for e in result.results)
        if not result.has_next:
            break
        page += 1
    assert len(found) == len(set(found))
    assert set(found) == expected


def test_filters_apply_to_a_uscc_query(bureau, register_set):
    code = register_set[0].uscc
    jiuyuan = search_filters_parse({"authority": bureau["jiuyuan"].division_code})
    assert enterprise_search(raw_query=code, filters=jiuyuan).count == 0
    kundulun = search_filters_parse({"authority": bureau["kundulun"].division_code})
    assert enterprise_search(raw_query=code, filters=kundulun).count == 1


def test_portal_and_api_filter(client, bureau, register_set):
    params = {"q": "红光", "authority": bureau["jiuyuan"].division_code, "enterprise_type": "llc"}
    api = client.get("/api/v1/enterprises/", params).json()
    assert api["count"] == 2
    assert {r["registration_authority"] for r in api["results"]} == {bureau["jiuyuan"].name}
    page = client.get("/enterprises/", params).content.decode()
    assert "找到 2 户市场主体" in page
    assert f'value="{bureau["jiuyuan"].division_code}" selected' in page


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"authority": "999999"}, "authority"),
        ({"enterprise_type": "bank"}, "enterprise_type"),
        ({"status": "dormant"}, "status"),
        ({"established_from": "2020-13-01"}, "established_from"),
        ({"established_to": "yesterday"}, "established_to"),
        ({"established_from": "2020-01-01", "established_to": "2019-01-01"}, "established_to"),
    ],
)
def test_bad_filters_are_refused_naming_the_field(client, register_set, params, field):
    api = client.get("/api/v1/enterprises/", {"q": "红光", **params})
    assert api.status_code == 400
    assert api.json()["field"] == field
    page = client.get("/enterprises/", {"q": "红光", **params})
    assert page.status_code == 200
    assert 'data-testid="search-error"' in page.content.decode()


@pytest.mark.parametrize(
    ("name", "query", "marked"),
    [
        ("包头市红光机械有限公司", "红光", "包头市<mark>红光</mark>机械有限公司"),
        ("红光红光商贸", "红光", "<mark>红光红光</mark>商贸"),
        ("ＡＢＣ 红光<b>店", "C红光<B", "ＡＢ<mark>Ｃ 红光&lt;b</mark>&gt;店"),
        ("包头市<script>红光", "红光", "包头市&lt;script&gt;<mark>红光</mark>"),
        ("包头市鑫源", "红光", "包头市鑫源"),
    ],
)
def test_mark_matches_escapes_then_marks_folded_matches(name, query, marked):
    assert mark_matches(name, fold(query)) == marked


def test_results_highlight_the_match_and_escape_the_name(client, bureau):
    register("包头市<b>红光</b>商贸有限公司", bureau["kundulun"])
    page = client.get("/enterprises/", {"q": "红光"}).content.decode()
    assert "包头市&lt;b&gt;<mark>红光</mark>&lt;/b&gt;商贸有限公司" in page
    assert "<b>红光" not in page


# --- person search -------------------------------------------------------------------------------


@pytest.fixture
def people(bureau):
    a = register("包头市甲商贸有限公司", bureau["kundulun"], legal_rep_name="王建国")
    b = register("包头市乙商贸有限公司", bureau["kundulun"])
    facts.officer(b, "王建国", is_supervisor=True)
    c = register("包头市丙商贸有限公司", bureau["jiuyuan"])
    facts.investor(c, "王建国")
    facts.officer(c, "王建国", is_manager=True)
    d = register("包头市丁商贸有限公司", bureau["jiuyuan"])
    # A company called 王建国 is not the person.
    facts.investor(d, "王建国", kind=MemberKind.LEGAL_ENTITY, id_number="91150203MA0000001K")
    e = register(
        "包头市昆都仑区王记小吃店",
        bureau["kundulun"],
        legal_rep_name="王建国",
        enterprise_type=EnterpriseType.INDIVIDUAL_BUSINESS,
        registered_capital=None,
    )
    register("包头市戊商贸有限公司", bureau["kundulun"], legal_rep_name="王建国华")
    return [a, b, c, e]


def test_person_search_finds_every_role_by_exact_name(client, people):
    data = client.get("/api/v1/enterprises/people/", {"name": " 王建国 "}).json()
    assert data["count"] == 4
    roles = {r["enterprise"]["uscc"]: r["roles"] for r in data["results"]}
    a, b, c, e = people
    assert roles == {
        a.uscc: ["法定代表人"],
        b.uscc: ["监事"],
        c.uscc: ["经理", "股东"],
        e.uscc: ["经营者"],
    }
    assert [r["enterprise"]["uscc"] for r in data["results"]] == [x.uscc for x in people]


def test_person_search_pages(client, people, settings):
    settings.HONGDUN = {**settings.HONGDUN, "SEARCH_PAGE_SIZE": 3}
    first = client.get("/enterprises/", {"mode": "person", "q": "王建国"}).content.decode()
    second = client.get(
        "/enterprises/", {"mode": "person", "q": "王建国", "page": 2}
    ).content.decode()
    assert "第 1 页，共 2 页" in first
    assert "mode=person" in first
    assert "page=2" in first
    assert first.count('data-testid="result-link"') == 3
    assert second.count('data-testid="result-link"') == 1
    assert "包头市昆都仑区王记小吃店" in second


@pytest.mark.parametrize(("name", "field"), [("", "q"), ("王", "q"), ("王" * 51, "q")])
def test_bad_person_names_are_refused(client, people, name, field):
    api = client.get("/api/v1/enterprises/people/", {"name": name})
    assert api.status_code == 400
    page = client.get("/enterprises/", {"mode": "person", "q": name}).content.decode()
    assert 'data-testid="search-error"' in page


def test_person_search_is_a_tab_of_the_search_page(client, people):
    page = client.get("/enterprises/", {"mode": "person", "q": "王建国"}).content.decode()
    assert 'data-testid="tab-person"' in page
    assert 'name="mode" value="person"' in page
    assert "“王建国”在 4 户市场主体中任职或出资" in page
    assert 'data-testid="search-filters"' not in page


def test_unknown_person_finds_nothing(client, people):
    data = client.get("/api/v1/enterprises/people/", {"name": "欧阳无名"}).json()
    assert data["count"] == 0
    assert data["results"] == []
