"""Fixtures for the consultation tests: the seeded FAQ, a solved captcha, and questions."""

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from captcha.models import CaptchaStore
from django.core.cache import cache
from django.test import Client

from hongdun.accounts.models import User
from hongdun.consultation.faq_seed import faq_seed_load
from hongdun.consultation.models import FaqCategory, Question
from hongdun.consultation.services import question_submit
from hongdun.orgs.models import Unit


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> Iterator[None]:
    """Rate-limit counters live in the (process-wide) cache."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def faqs(db: None) -> int:
    return faq_seed_load()


@pytest.fixture
def category(faqs: int) -> FaqCategory:
    return FaqCategory.objects.get(code="deregistration")


_CAPTCHA_KEY = re.compile(r'name="captcha_0" value="([0-9a-f]+)"')


def solve_captcha(client: Client, url: str = "/consultation/ask/") -> dict[str, str]:
    """Open the form as a person would and read the answer the captcha image shows from its
    store (the test plays the human who reads the picture)."""
    page = client.get(url)
    match = _CAPTCHA_KEY.search(page.content.decode())
    assert match, "the ask form carries a captcha"
    key = match.group(1)
    return {"captcha_0": key, "captcha_1": CaptchaStore.objects.get(hashkey=key).response}


@pytest.fixture
def ask(bureau: dict[str, Unit], faqs: int) -> Callable[..., Question]:
    """A question written through the service (no captcha: that is the view's job)."""
    counter = iter(range(1, 10_000))

    def make(
        user: User | None = None,
        authority: Unit | None = None,
        category: str = "deregistration",
        **kw: Any,
    ) -> Question:
        n = next(counter)
        return question_submit(
            user=user,
            client_address=kw.pop("client_address", f"10.9.{n // 250}.{n % 250}"),
            category=FaqCategory.objects.get(code=category),
            authority=authority,
            title=kw.pop("title", f"简易注销的公示期怎么算 {n}"),
            body=kw.pop("body", "我们公司没有债务，想办理简易注销，公示期从哪天开始算？"),
            **kw,
        )

    return make


@pytest.fixture
def registrar_city(bureau: dict[str, Unit], make_user: Callable[..., User]) -> User:
    return make_user("registrar", bureau["baotou"], email="city@example.invalid")
