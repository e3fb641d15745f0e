"""The queue's search and count: the name keys find exactly the rows a `LIKE` scan finds, a
number is found by its index, and a count stops at a limit the page states."""

import itertools

import pytest
from django.conf import settings
from django.db.models import Q

from hongdun.enterprises.tests.factories import register
from hongdun.registration.choices import ApplicationStatus as S
from hongdun.registration.models import Application, ApplicationNameKey
from hongdun.registration.name_keys import key_is_answer, name_keys, query_keys
from hongdun.registration.review import selectors
from hongdun.registration.review.selectors import QueueRows, review_queue, text_match
from hongdun.registration.review.tests.conftest import make_application
from hongdun.registration.services import (
    DRAFT_STATUSES,
    application_name_keys_write,
    application_withdraw,
)

pytestmark = pytest.mark.django_db

QUEUE = "/staff/registration/"

NAMES = [
    "包头市鑫源机械有限公司",
    "包头市华鑫商贸有限公司",
    "包头市沃动ABC科技有限公司",
    "包头市沃动abc餐饮有限公司",
    "包头市红光五金店",
    "包头市光红五金店",
    "包头市50%折扣商店",
    "包头市下划线_商行",
]


def _named(applicant, authority, name, status=S.SUBMITTED):
    """A change application carrying `name` as submitted (names a name check would refuse
    included: the search must not depend on what names look like)."""
    enterprise = register(f"包头市检索{next(_serial)}机械有限公司", authority, trade_name="检索")
    application = make_application(
        applicant=applicant,
        authority=authority,
        kind="change",
        enterprise=enterprise,
        status=status,
    )
    Application.objects.filter(pk=application.pk).update(name=name)
    application.refresh_from_db()
    if status not in DRAFT_STATUSES:
        application_name_keys_write(application=application)
    return application


_serial = itertools.count(1)


@pytest.fixture
def named(applicant, kundulun):
    """Applications under the names above, one still a draft (not in the queue, so not keyed)."""
    made = [_named(applicant, kundulun, n) for n in NAMES]
    draft = _named(applicant, kundulun, "包头市鑫草稿机械有限公司", status=S.DRAFT)
    return made, draft


@pytest.mark.parametrize(
    ("query", "answer"),
    [("鑫", True), ("红光", True), ("%", True), ("5%", True), ("a", False), ("Ab", False)],
)
def test_a_short_query_without_letters_is_its_own_key(query, answer):
    assert key_is_answer(query) is answer
    assert not key_is_answer("红光五")
    assert not key_is_answer("")


def test_keys_are_every_one_and_two_character_substring():
    assert name_keys("红光Ab") == {"红", "光", "a", "b", "红光", "光a", "ab"}
    assert query_keys("鑫") == ["鑫"]
    assert query_keys("沃动AB沃动") == ["沃动", "动a", "ab", "b沃"]
    assert query_keys("") == []


@pytest.mark.parametrize(
    "q",
    [
        "鑫",
        "华鑫",
        "鑫源机械",
        "红光",
        "光红",
        "红光五金店",
        "沃动ABC",
        "沃动abc",
        "ABC",
        "Abc",
        "c餐",
        "%",
        "50%",
        "_",
        "线_商",
        "包头市",
        "有限公司",
        "不存在的名称",
        "包头市鑫源机械有限公司",
        "包头市鑫源机械有限公司再长一点",
        "草稿",
    ],
)
def test_search_finds_the_rows_a_like_scan_finds(named, q):
    """Same set as `Q(number=q) | Q(name__contains=q)` over the queue's (non-draft) rows, on the
    database's own LIKE (ASCII case-insensitive on SQLite, sensitive on PostgreSQL)."""
    queue = Application.objects.exclude(status__in=[S.DRAFT, S.NOTICE])
    expected = set(queue.filter(Q(number=q) | Q(name__contains=q)).values_list("pk", flat=True))
    assert set(queue.filter(text_match(q)).values_list("pk", flat=True)) == expected
    if q in ("鑫", "红光", "包头市", "有限公司"):
        assert expected  # the table above is not vacuous


def test_a_number_is_found_whole_and_only_whole(named, city_clerk):
    target = named[0][3]
    found = review_queue(user=city_clerk, filters={"status": "all", "q": target.number})
    assert list(found) == [target]
    assert not review_queue(user=city_clerk, filters={"status": "all", "q": target.number[:-1]})


def test_leaving_the_draft_states_writes_the_keys(named, city_clerk):
    _made, draft = named
    assert not ApplicationNameKey.objects.filter(application=draft).exists()
    application_withdraw(applicant=draft.applicant, application=draft)
    assert set(
        ApplicationNameKey.objects.filter(application=draft).values_list("key", flat=True)
    ) == name_keys(draft.name)
    found = review_queue(user=city_clerk, filters={"status": "all", "q": "草稿"})
    assert [a.pk for a in found] == [draft.pk]


def test_the_count_stops_at_the_limit(named, city_clerk):
    rows = QueueRows(review_queue(user=city_clerk), limit=5)
    assert (rows.count(), rows.more) == (5, True)
    rows = QueueRows(review_queue(user=city_clerk), limit=8)
    assert (rows.count(), rows.more) == (8, False)


def test_the_page_says_when_there_are_more_than_it_counts(named, login, city_clerk, monkeypatch):
    client = login(city_clerk)
    html = client.get(QUEUE).content.decode()
    assert "共 8 件" in html
    assert 'data-testid="queue-count-more"' not in html
    monkeypatch.setattr(selectors, "COUNT_LIMIT", 5)
    html = client.get(QUEUE, {"page": "2"}).content.decode()
    assert "超过 5 件，只列出前 5 件；请缩小筛选范围。" in html
    assert html.count('data-testid="queue-row"') == 5  # the last page ends at the limit
    assert "第 1 页，共 1 页" in html
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(QUEUE).content.decode()
    assert "More than 5 applications; only the first 5 are listed. Narrow the filters." in html
