"""The anonymous record page put together from the caches (hongdun.enterprises.public_frame):
the same bytes and headers as the full rendering, a valid CSRF token of the visitor's own for
the language switch, messages still shown, and nothing served for the wrong enterprise."""

import re
from typing import Any

import pytest
from django.conf import settings
from django.contrib import messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import connection
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext

from hongdun.core.cache import RedisCache
from hongdun.enterprises.models import Enterprise
from hongdun.enterprises.public_cache import public_cache_invalidate, public_id_remember
from hongdun.enterprises.tests.factories import register

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]*)"')
# The headers a page carries apart from the cookies (whose values differ per visitor).
HEADERS = ["Content-Type", "Content-Language", "Vary", "X-Frame-Options", "Cache-Control"]


@pytest.fixture
def two(bureau):
    first = register("包头市红光机械设备有限公司", bureau["kundulun"], trade_name="红光")
    second = register("包头市九原区鑫源商贸有限公司", bureau["jiuyuan"], trade_name="鑫源")
    return first, second


def get(client: Client, enterprise: Enterprise) -> tuple[Any, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/enterprises/{enterprise.uscc}/")
    assert response.status_code == 200
    return response, len(queries)


def without_token(response: HttpResponse) -> str:
    return TOKEN.sub("", response.content.decode())


def headers(response: HttpResponse) -> dict[str, str | None]:
    return {name: response.get(name) for name in HEADERS}


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_assembled_page_is_the_full_rendering(two, language):
    first, second = two
    # The frame is drawn on a request for the first enterprise ...
    visitor = Client()
    visitor.cookies.load({settings.LANGUAGE_COOKIE_NAME: language})
    get(visitor, first)
    get(visitor, first)
    # ... and serves the second: its full rendering, then the page from the caches.
    other = Client()
    other.cookies.load({settings.LANGUAGE_COOKIE_NAME: language})
    drawn, drawn_queries = get(other, second)
    fresh = Client()
    fresh.cookies.load({settings.LANGUAGE_COOKIE_NAME: language})
    assembled, queries = get(fresh, second)
    assert drawn_queries > 1
    assert queries == 0  # the code's id and the record are known: no query at all
    assert without_token(assembled) == without_token(drawn)
    assert headers(assembled) == headers(drawn)
    assert f'lang="{language}"' in assembled.content.decode()
    assert f"<title>{second.name} · " in assembled.content.decode()
    assert "包头市红光机械设备有限公司" not in assembled.content.decode()


def test_the_title_is_escaped_as_the_template_escapes_it(two, django_capture_on_commit_callbacks):
    first, second = two
    with django_capture_on_commit_callbacks(execute=True):
        Enterprise.objects.filter(pk=second.pk).update(name="鑫源<商贸>&\"'有限公司")
        public_cache_invalidate([second.pk])
    get(Client(), first)
    drawn, _ = get(Client(), second)
    assembled, queries = get(Client(), second)
    assert queries == 0
    assert without_token(assembled) == without_token(drawn)
    assert "<title>鑫源&lt;商贸&gt;&amp;&quot;&#x27;有限公司 · " in assembled.content.decode()


def test_each_visitor_gets_a_valid_token_of_their_own_for_the_language_switch(two):
    first, _second = two
    get(Client(), first)
    visitor = Client(enforce_csrf_checks=True)
    page, queries = get(visitor, first)
    assert queries == 0
    token = TOKEN.findall(page.content.decode())
    assert len(token) == 1
    assert settings.CSRF_COOKIE_NAME in page.cookies  # as the template's {% csrf_token %} sets it
    # Another visitor's page carries another token, which is no good with this visitor's cookie.
    stranger, _ = get(Client(), first)
    foreign = TOKEN.findall(stranger.content.decode())[0]
    refused = visitor.post("/i18n/setlang/", {"language": "en", "csrfmiddlewaretoken": foreign})
    assert refused.status_code == 403
    assert visitor.post("/i18n/setlang/", {"language": "en"}).status_code == 403
    # The visitor's own token switches the language; the next page is the English one.
    switched = visitor.post("/i18n/setlang/", {"language": "en", "csrfmiddlewaretoken": token[0]})
    assert switched.status_code == 302
    assert visitor.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    english, _ = get(visitor, first)
    assert 'lang="en"' in english.content.decode()
    assert 'data-testid="switch-zh"' in english.content.decode()


def test_waiting_messages_are_shown_once(two):
    first, _second = two
    get(Client(), first)
    visitor = Client()
    request = RequestFactory().get("/")
    storage = CookieStorage(request)
    storage.add(messages.SUCCESS, "您已退出登录。")
    carrier = HttpResponse()
    storage.update(carrier)
    visitor.cookies[storage.cookie_name] = carrier.cookies[storage.cookie_name].value
    shown, _ = get(visitor, first)
    assert "您已退出登录。" in shown.content.decode()
    after, queries = get(visitor, first)
    assert "您已退出登录。" not in after.content.decode()
    assert queries == 0


def test_a_wrong_id_for_a_code_never_serves_another_record(two):
    first, second = two
    get(Client(), first)
    get(Client(), second)
    # The process's map is wrong (as after ids were given out again): the entry names its code.
    public_id_remember(first.uscc, second.pk)
    page, queries = get(Client(), first)
    assert first.name in page.content.decode()
    assert second.name not in page.content.decode()
    assert queries > 0
    assert get(Client(), first)[1] == 0


def test_signed_in_users_get_their_own_frame(two, login, role_users):
    first, _second = two
    get(Client(), first)
    client = login(role_users["applicant"])
    page = client.get(f"/enterprises/{first.uscc}/")
    body = page.content.decode()
    assert 'action="/accounts/logout/"' in body
    assert "我的登记申请" in body
    assert page["Cache-Control"] == "private, no-store"


def test_unknown_and_malformed_codes_are_still_refused(two):
    first, _second = two
    get(Client(), first)
    assert Client().get("/enterprises/91350100M000100Y43/").status_code == 404
    assert Client().get("/enterprises/91150203MA0000000X/").status_code == 400


def test_a_changed_setting_draws_the_frame_again(two, settings):
    first, _second = two
    get(Client(), first)
    get(Client(), first)
    settings.HONGDUN = {**settings.HONGDUN, "BUREAU_NAME": "测试市市场监督管理局"}
    page, queries = get(Client(), first)
    assert queries == 0
    assert "测试市市场监督管理局" in page.content.decode()


def test_the_redis_backend_keeps_one_client_per_pool():
    backend = RedisCache("redis://127.0.0.1:6379/15", {})
    client = backend._cache.get_client()
    assert backend._cache.get_client("a") is client
    assert backend._cache.get_client("b", write=True) is client  # one server: one pool
