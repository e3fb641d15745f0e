"""FAQ search: short Chinese queries, title hits first, highlighting, and hostile input."""

import pytest

from hongdun.consultation.highlight import mark, snippet
from hongdun.consultation.models import Faq, FaqCategory, FaqSource
from hongdun.consultation.selectors import faq_search, search_terms

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("raw", "terms"),
    [
        ("注销", ["注销"]),
        ("  股东 ", ["股东"]),
        ("简易注销 公示", ["简易注销", "公示"]),
        ("注销 注销", ["注销"]),
        ("ＡＢＣ１２３", ["ABC123"]),  # full-width folded by NFKC
        ("注销？", ["注销"]),
        ("a\x00b", ["a", "b"]),
        ("", []),
        ("   ", []),
        (None, []),
        (["注销"], []),
        ("一 二 三 四 五 六 七", ["一", "二", "三", "四", "五"]),
        ("注" * 80, ["注" * 50]),
    ],
)
def test_search_terms(raw, terms):
    assert search_terms(raw) == terms


@pytest.mark.parametrize(
    ("query", "expected_key"),
    [
        ("注销", "deregistration-simple-conditions"),
        ("股东", "company-llc-shareholders"),
        ("字号", "name-trade-name-length"),
        ("歇业", "other-suspension"),
        ("经营范围", "scope-catalogue"),
        ("年度报告", "annual-report-window"),
        ("简易注销 个体", "individual-simple-deregistration"),
        ("刷脸", "company-real-name"),
    ],
)
def test_short_queries_find_the_seeded_entry(faqs, query, expected_key):
    hits = list(faq_search(terms=search_terms(query)))
    assert hits, query
    assert expected_key in {h.seed_key for h in hits}
    for hit in hits:
        text = hit.title + hit.body
        assert all(term in text for term in search_terms(query))


@pytest.mark.parametrize("query", ["火星移民", "zzzz", "注销 火星"])
def test_no_result(faqs, query):
    assert list(faq_search(terms=search_terms(query))) == []


def test_title_hits_rank_above_body_hits(db):
    category = FaqCategory.objects.create(code="t", name="测试")
    body_only = Faq.objects.create(
        category=category, title="办理流程", body="股东会决议之后提交。", source=FaqSource.TEAM
    )
    title_hit = Faq.objects.create(
        category=category, title="股东人数", body="一至五十人。", source=FaqSource.TEAM
    )
    both = Faq.objects.create(
        category=category, title="股东出资", body="股东可以用货币出资。", source=FaqSource.TEAM
    )
    ranked = [f.pk for f in faq_search(terms=["股东"])]
    assert ranked == [both.pk, title_hit.pk, body_only.pk]


def test_unpublished_entries_are_not_found(faqs):
    faq = Faq.objects.get(seed_key="other-lost-licence")
    faq.is_published = False
    faq.save()
    assert faq not in faq_search(terms=["营业执照丢了"])


@pytest.mark.parametrize(("term", "literal"), [("%", "100%"), ("_", "a_b")])
def test_like_wildcards_are_literal(db, term, literal):
    category = FaqCategory.objects.create(code="w", name="w")
    hit = Faq.objects.create(category=category, title=literal, body="x", source=FaqSource.TEAM)
    Faq.objects.create(category=category, title="plain", body="x", source=FaqSource.TEAM)
    assert list(faq_search(terms=[term])) == [hit]


def test_mark_escapes_before_highlighting():
    assert mark("<b>注销</b>登记", ["注销"]) == "&lt;b&gt;<mark>注销</mark>&lt;/b&gt;登记"
    assert mark("ABC abc", ["abc"]) == "<mark>ABC</mark> <mark>abc</mark>"
    assert mark("简易注销", ["注销", "简易注销"]) == "<mark>简易注销</mark>"


def test_snippet_centres_on_the_first_hit():
    text = "甲" * 300 + "注销" + "乙" * 300
    cut = snippet(text, ["注销"], size=60)
    assert cut.startswith("…")
    assert cut.endswith("…")
    assert "<mark>注销</mark>" in cut


# --- the search page ---


def test_search_page_two_characters_highlighted_and_paginated(client, faqs):
    first = client.get("/consultation/search/", {"q": "注销"})
    assert first.status_code == 200
    page = first.content.decode()
    total = faq_search(terms=["注销"]).count()
    assert total > 10, "the seed has more hits than one page"
    assert f"共找到 {total} 条问答" in page
    assert page.count('data-testid="search-hit"') == 10
    assert "<mark>注销</mark>" in page
    second = client.get("/consultation/search/", {"q": "注销", "page": 2}).content.decode()
    assert second.count('data-testid="search-hit"') == total - 10


def test_search_page_empty_and_no_result(client, faqs):
    assert (
        'data-testid="search-empty-query"' in client.get("/consultation/search/").content.decode()
    )
    none = client.get("/consultation/search/", {"q": "火星移民"}).content.decode()
    assert 'data-testid="search-none"' in none


@pytest.mark.parametrize(
    "query",
    [
        "<script>alert(1)</script>",
        "' OR 1=1; DROP TABLE consultation_faq; --",
        "注销\x00",
        "😀🎉 注销",
        "x" * 5000,
        "%",
        "注销 ",
    ],
)
def test_hostile_queries_never_fail(client, faqs, query):
    response = client.get("/consultation/search/", {"q": query, "page": "abc"})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()
    assert Faq.objects.count() == faqs


def test_search_within_a_category(client, faqs):
    page = client.get("/consultation/search/", {"q": "注销", "category": "individual"})
    hits = page.context["page"].object_list
    assert hits
    assert {h.category.code for h in hits} == {"individual"}
