"""FAQ search: short Chinese queries and whole questions (segmented with jieba, stop words dropped,
ranked), title hits first, highlighting, and hostile input."""

import pytest

from hongdun.consultation.highlight import mark, snippet
from hongdun.consultation.models import Faq, FaqCategory, FaqSource
from hongdun.consultation.query import faq_query
from hongdun.consultation.selectors import faq_search, search_terms

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("raw", "terms"),
    [
        ("注销", ["注销"]),
        ("  股东 ", ["股东"]),
        ("简易注销 公示", ["简易", "注销", "公示"]),
        ("怎么注销公司", ["注销", "公司"]),  # question words dropped
        ("个体户如何办理注销吗", ["个体户", "个体工商户", "办理", "注销"]),  # everyday word widened
        ("注销公司的流程是什么？", ["注销", "公司", "流程"]),
        ("注销 注销", ["注销"]),
        ("ＡＢＣ１２３", ["ABC123"]),  # full-width folded by NFKC
        ("注销？", ["注销"]),
        ("a\x00b", ["a", "b"]),
        ("", []),
        ("   ", []),
        (None, []),
        (["注销"], []),
        ("一 二 三 四 五 六 七 八 九", ["一", "二", "三", "四", "五", "六", "七", "八"]),
        ("注" * 80, ["注注"]),
        ("怎么办呢", ["怎么办呢"]),  # only question words: searched as typed, finds nothing
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
    parsed = faq_query(query)
    hits = list(faq_search(query=parsed))
    assert hits, query
    assert expected_key in {h.seed_key for h in hits}
    for hit in hits:  # every typed chunk is matched by at least one of its words
        text = hit.title + hit.body
        assert all(any(w in text for c in group for w in c) for group in parsed.groups)


# Real questions as people type them, and the seeded entry that answers each: it must come first,
# or, where several entries answer it, among the first three.
WHOLE_QUESTIONS = [
    ("怎么注销公司", "deregistration-materials", 3),
    ("公司注销需要什么材料", "deregistration-materials", 1),
    ("简易注销要公示几天？", "deregistration-simple-notice", 1),
    ("个体户怎么办理简易注销", "individual-simple-deregistration", 1),
    ("营业执照丢了怎么补办", "other-lost-licence", 1),
    ("法人可以由谁担任", "company-legal-representative", 1),
    ("年报什么时候交", "annual-report-window", 2),  # with 个体工商户也要报送年度报告吗
    ("注册资本可以用美元吗", "capital-currency", 1),
    ("公司减资要登报公告吗", "change-capital-reduction", 3),
    ("有人冒用我的身份证注册了公司怎么办", "other-identity-misused", 1),
    ("字号最少几个字", "name-trade-name-length", 1),
]


@pytest.mark.parametrize(("question", "expected_key", "within"), WHOLE_QUESTIONS)
def test_whole_questions_find_the_answering_entry_first(faqs, question, expected_key, within):
    ranked = [faq.seed_key for faq in faq_search(query=faq_query(question))]
    assert expected_key in ranked[:within], (question, ranked[:5])


def test_every_deregistration_entry_is_found_for_the_whole_question(faqs):
    ranked = list(faq_search(query=faq_query("怎么注销公司")))
    titled = [faq for faq in ranked if "注销" in faq.title]
    assert titled
    # Every entry with 注销 in its title is found, and they all rank above entries about 公司 alone.
    assert set(Faq.objects.filter(title__contains="注销", is_published=True)) <= set(ranked)
    last_titled = max(ranked.index(faq) for faq in titled)
    without = [i for i, faq in enumerate(ranked) if "注销" not in faq.title + faq.body]
    assert not without or min(without) > last_titled


# (entries as title and body, the query, the entries found in rank order)
RANKINGS = [
    pytest.param(
        [
            ("公司设立", "设立登记。"),
            ("办理流程", "公司注销的流程。"),
            ("公司注销", "注销登记。"),
            ("字号", "字号的规定。"),
        ],
        "怎么注销公司",
        [2, 1, 0],
        id="more-matched-words-first-then-title-hits",
    ),
    pytest.param(
        [
            ("办理流程", "股东会决议之后提交。"),
            ("股东人数", "一至五十人。"),
            ("股东出资", "股东可以用货币出资。"),
        ],
        "股东",
        [2, 1, 0],
        id="title-hits-above-body-hits",
    ),
]


@pytest.mark.parametrize(("entries", "query", "expected"), RANKINGS)
def test_ranking(db, entries, query, expected):
    category = FaqCategory.objects.create(code="r", name="排序")
    faqs = [
        Faq.objects.create(category=category, title=title, body=body, source=FaqSource.TEAM)
        for title, body in entries
    ]
    ranked = [f.pk for f in faq_search(query=faq_query(query))]
    assert ranked == [faqs[i].pk for i in expected]


def test_the_search_page_answers_a_whole_question(client, faqs):
    page = client.get("/consultation/search/", {"q": "怎么注销公司"}).content.decode()
    assert 'data-testid="search-hit"' in page
    assert "<mark>注销</mark>" in page
    assert "<mark>怎么</mark>" not in page  # question words are not looked for
    assert 'value="怎么注销公司"' in page  # the question stays in the box as typed
    assert 'data-testid="search-words"' in page


@pytest.mark.parametrize("query", ["火星移民", "zzzz", "注销 火星", "怎么办呢"])
def test_no_result(faqs, query):
    assert list(faq_search(query=faq_query(query))) == []


def test_unpublished_entries_are_not_found(faqs):
    faq = Faq.objects.get(seed_key="other-lost-licence")
    faq.is_published = False
    faq.save()
    assert faq not in faq_search(query=faq_query("营业执照丢了"))


@pytest.mark.parametrize(("term", "literal"), [("%", "100%"), ("_", "a_b")])
def test_like_wildcards_are_literal(db, term, literal):
    category = FaqCategory.objects.create(code="w", name="w")
    hit = Faq.objects.create(category=category, title=literal, body="x", source=FaqSource.TEAM)
    Faq.objects.create(category=category, title="plain", body="x", source=FaqSource.TEAM)
    assert list(faq_search(query=faq_query(term))) == [hit]


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
    total = faq_search(query=faq_query("注销")).count()
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
