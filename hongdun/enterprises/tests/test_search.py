"""The public query returns exactly what a LIKE scan returns, ranked, paged, and index-backed."""

import random
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hongdun.core.exceptions import ApplicationError
from hongdun.enterprises.choices import EnterpriseStatus
from hongdun.enterprises.models import Enterprise, SearchGram, SearchPosting
from hongdun.enterprises.search_keys import fold, grams, probe_grams
from hongdun.enterprises.selectors import (
    enterprise_search,
    enterprise_search_ids,
    search_query_parse,
)
from hongdun.enterprises.services import (
    enterprise_rename,
    enterprise_status_change,
    search_index_rebuild,
)
from hongdun.enterprises.tests.factories import register

pytestmark = pytest.mark.django_db

NAMES = [
    ("包头市红光机械设备有限公司", "红光"),
    ("红光商贸（包头）有限公司", "红光"),
    ("包头市红光大道餐饮管理有限公司", "红光大道"),
    ("包头市光红科技有限公司", "光红"),
    ("内蒙古红光稀土材料股份有限公司", "红光"),
    ("包头市鑫源建筑工程有限公司", "鑫源"),
    ("包头市鑫源红光物流有限公司", "鑫源红光"),
    ("红光", "红光"),
    ("包头市ＡＢＣ科技有限公司", "ＡＢＣ"),
]


@pytest.fixture
def register_set(bureau):
    return [register(name, bureau["kundulun"], trade_name=trade) for name, trade in NAMES]


def like_scan(query: str) -> set[int]:
    """The baseline: Django's `contains` on the folded name, i.e. LIKE '%q%' over every row."""
    return set(
        Enterprise.objects.filter(name_search__contains=fold(query)).values_list("id", flat=True)
    )


@pytest.mark.parametrize(
    "query",
    [
        "红光",
        "光机",
        "有限",
        "红光机械",
        "光机械设备",
        "包头市红光机械设备有限公司",
        "鑫源红光物流",
        "abc",
        "ＡＢＣ科技",
        "红 光",
        "稀土材料股份",
        "不存在的名称",
        "（包头）",
        "(包头)",
    ],
)
def test_search_matches_like_scan(register_set, query):
    assert enterprise_search_ids(raw_query=query) == like_scan(query)
    assert enterprise_search(raw_query=query).count == len(like_scan(query))


def test_two_character_trade_name_finds_every_name_containing_it(register_set):
    page = enterprise_search(raw_query="红光")
    names = {e.name for e in page.results}
    assert names == {n for n, _t in NAMES if "红光" in n}


def test_ranking_exact_name_then_exact_trade_name_then_rest(register_set):
    page = enterprise_search(raw_query="红光")
    ranked = [e.name for e in page.results]
    # "红光" is also a full name: it comes first, then the trade-name holders in registration order.
    assert ranked[0] == "红光"
    trade_holders = [e.name for e in page.results[1:4]]
    assert trade_holders == [
        "包头市红光机械设备有限公司",
        "红光商贸（包头）有限公司",
        "内蒙古红光稀土材料股份有限公司",
    ]
    assert set(ranked[4:]) == {"包头市红光大道餐饮管理有限公司", "包头市鑫源红光物流有限公司"}


def test_pages_cover_every_match_once(register_set):
    seen: list[int] = []
    first = enterprise_search(raw_query="有限", page=1, page_size=3)
    for number in range(1, first.num_pages + 1):
        seen.extend(
            e.id for e in enterprise_search(raw_query="有限", page=number, page_size=3).results
        )
    assert len(seen) == len(set(seen)) == first.count == len(like_scan("有限"))


def test_uscc_query_finds_the_enterprise(register_set):
    target = register_set[3]
    page = enterprise_search(raw_query=target.uscc.lower())
    assert [e.pk for e in page.results] == [target.pk]
    assert page.query.kind == "uscc"


def test_search_results_never_load_the_id_number(register_set, django_assert_max_num_queries):
    page = enterprise_search(raw_query="红光")
    assert all("legal_rep_id_number" in e.get_deferred_fields() for e in page.results)


@pytest.mark.parametrize("page_size", [1, 2, 3, 4, 5, 7])
def test_small_pages_keep_the_ranking_across_segment_boundaries(register_set, page_size):
    # Pages cut the exact-name, trade-name and rest segments at every possible place; read in
    # order they must give the one-page ranking.
    whole = [e.id for e in enterprise_search(raw_query="红光", page=1, page_size=50).results]
    paged: list[int] = []
    for number in range(1, -(-len(whole) // page_size) + 2):
        page = enterprise_search(raw_query="红光", page=number, page_size=page_size)
        assert page.count == len(whole)
        paged.extend(e.id for e in page.results)
    assert paged == whole


def test_query_count_is_fixed(register_set, django_assert_max_num_queries):
    # Page 1 of a 2–4-character query: the gram, the exact names, the first trade-name rows and
    # the rest's rows — the trade-name segment is not counted when the page shows where it ends.
    with django_assert_max_num_queries(4):
        enterprise_search(raw_query="红光机械")
    with django_assert_max_num_queries(4):
        enterprise_search(raw_query="红光")
    with django_assert_max_num_queries(5):
        enterprise_search(raw_query="包头市红光机械设备有限公司")
    with django_assert_max_num_queries(5):
        enterprise_search(raw_query="红光", page=2, page_size=2)


def test_results_load_only_the_columns_a_results_page_shows(register_set):
    page = enterprise_search(raw_query="红光")
    for e in page.results:
        assert {"address", "business_scope", "registered_capital"} <= e.get_deferred_fields()


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ("", "至少两个字"),
        ("   ", "至少两个字"),
        ("红", "至少两个字"),
        ("红" * 500, "过长"),
        ("红光\x00", "控制字符"),
        ("91150203MA0000000X", "校验码"),
        ("9115020300000000", "18 位"),
        ("9115020300000000000", "18 位"),
        ("91150203MA0000000I", "不允许的字符"),
    ],
)
def test_bad_queries_are_refused_with_a_reason(raw, fragment):
    with pytest.raises(ApplicationError) as caught:
        search_query_parse(raw)
    assert fragment in caught.value.message
    assert caught.value.field == "q"


@pytest.mark.parametrize(
    "raw", ["<script>alert(1)</script>", "' OR 1=1 --", "😀😀", "红光%", "红_光", "100%"]
)
def test_odd_but_valid_queries_search_literally(register_set, raw):
    assert enterprise_search_ids(raw_query=raw) == like_scan(raw)


def test_rename_moves_the_name_in_the_index(register_set):
    target = register_set[0]
    enterprise_rename(
        acting_user=None,
        enterprise=target,
        name="包头市紫金机械设备有限公司",
        trade_name="紫金",
        effective_on=date(2020, 5, 1),
    )
    assert target.pk not in enterprise_search_ids(raw_query="红光机械")
    assert target.pk in enterprise_search_ids(raw_query="紫金")
    assert enterprise_search_ids(raw_query="红光") == like_scan("红光")
    # document frequencies stay equal to the number of postings
    for gram in SearchGram.objects.filter(text__in=["红光", "紫金", "机械"]):
        assert gram.df == SearchPosting.objects.filter(gram=gram).count()


def test_deregistered_enterprises_stay_findable(register_set):
    target = register_set[5]
    enterprise_status_change(
        acting_user=None,
        enterprise=target,
        status=EnterpriseStatus.DEREGISTERED,
        effective_on=date(2021, 1, 1),
    )
    page = enterprise_search(raw_query="鑫源建筑")
    assert [(e.pk, e.status) for e in page.results] == [(target.pk, EnterpriseStatus.DEREGISTERED)]


def test_rebuild_gives_the_same_index_as_incremental_updates(register_set):
    before = set(SearchPosting.objects.values_list("gram__text", "enterprise_id"))
    dfs = dict(SearchGram.objects.filter(df__gt=0).values_list("text", "df"))
    search_index_rebuild()
    assert set(SearchPosting.objects.values_list("gram__text", "enterprise_id")) == before
    assert dict(SearchGram.objects.values_list("text", "df")) == dfs


def test_page_out_of_range_is_refused(register_set):
    with pytest.raises(ApplicationError) as caught:
        enterprise_search(raw_query="红光", page=0)
    assert caught.value.field == "page"


@pytest.mark.parametrize(
    ("folded", "expected"),
    [
        ("红光", {"红光"}),
        ("红光机", {"红光", "光机", "红光机"}),
        ("ABCDE", {"AB", "BC", "CD", "DE", "ABC", "BCD", "CDE", "ABCD", "BCDE"}),
    ],
)
def test_grams_are_every_substring_of_two_to_four(folded, expected):
    assert grams(folded) == expected


def test_probe_grams_use_windows_for_long_queries():
    assert probe_grams("红光") == ["红光"]
    assert probe_grams("红光机械设备") == ["红光机械", "光机械设", "机械设备"]


@pytest.fixture
def random_register(bureau):
    rng = random.Random(7)
    alphabet = "红光鑫源达机械包头有限公司商贸"
    made = []
    for _ in range(60):
        name = "".join(rng.choice(alphabet) for _ in range(rng.randint(2, 12)))
        made.append(register(name, bureau["donghe"]))
    return made


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=st.text(alphabet="红光鑫源达机械包头有限公司商贸 ", min_size=2, max_size=8))
def test_property_search_equals_like_on_random_names(random_register, query):
    if len(fold(query)) < 2:
        return
    assert enterprise_search_ids(raw_query=query) == like_scan(query)
