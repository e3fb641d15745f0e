"""The consultation in a real browser (headless Chromium through Playwright): a citizen searches
the FAQ for 注销 and asks a question with the captcha; a city-level registrar finds it in the queue
with its working-day deadline, claims and answers it and publishes it as a FAQ, which the search
then finds. Screenshots: consultation-*.png (hongdun.testing.browser)."""

from collections.abc import Callable

import pytest
from captcha.models import CaptchaStore
from playwright.sync_api import Page, expect

from hongdun.accounts.models import User
from hongdun.consultation.faq_seed import faq_seed_load
from hongdun.consultation.models import Faq, FaqSource, Question, QuestionStatus
from hongdun.testing.browser import BrowserPages, Traffic, assert_styled, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

QUESTION = "简易注销公示期满后，超过20日还没申请怎么办？"
FAQ_TITLE = "简易注销公示期满超过20日未申请的，怎么办？"


@pytest.fixture
def open_as(browser_pages: BrowserPages) -> Callable[..., tuple[Page, Traffic]]:
    def open_(path: str, user: User | None = None) -> tuple[Page, Traffic]:
        return browser_pages.open(path, user)

    return open_


def test_search_ask_answer_publish_and_find(open_as, make_user, bureau):
    units = bureau
    faq_seed_load()
    registrar = make_user("registrar", units["baotou"], full_name="钱晓岚")

    # A citizen looks for 注销 in the FAQ.
    page, traffic = open_as("/")
    page.get_by_test_id("nav-consultation").click()
    expect(page.locator("h1")).to_have_text("网上登记咨询")
    assert_styled(page)
    page.get_by_test_id("faq-search").locator("input[name=q]").fill("注销")
    page.get_by_test_id("faq-search").locator("button").click()
    expect(page.get_by_test_id("search-count")).to_contain_text("注销")
    hits = page.get_by_test_id("search-hit")
    expect(hits).to_have_count(10)
    expect(hits.first.locator("mark").first).to_have_text("注销")
    expect(page.get_by_test_id("pager")).to_be_visible()
    screenshot(page, "consultation-search.png")

    # Not answered there: ask, anonymously, with an e-mail address.
    page.get_by_test_id("nav-consultation").click()
    page.get_by_test_id("ask-link").click()
    form = page.get_by_test_id("ask-form")
    captcha = form.locator("img.captcha")
    expect(captcha).to_be_visible()
    assert captcha.evaluate("img => img.naturalWidth") > 0
    form.locator("select[name=category]").select_option(label="注销登记")
    form.locator("input[name=title]").fill(QUESTION)
    form.locator("textarea[name=body]").fill(
        "我们公司简易注销公示已经结束一个月了，现在还能直接申请注销吗？"
    )
    form.locator("input[name=email]").fill("citizen@example.invalid")
    form.locator("input[name=captcha_1]").fill("XXXX")  # a wrong reading first
    form.get_by_test_id("ask-submit").click()
    expect(page.get_by_test_id("error-captcha")).to_contain_text("验证码不正确")
    assert Question.objects.count() == 0
    key = page.locator("input[name=captcha_0]").input_value()
    page.locator("input[name=captcha_1]").fill(CaptchaStore.objects.get(hashkey=key).response)
    screenshot(page, "consultation-ask.png")
    page.get_by_test_id("ask-submit").click()
    expect(page.get_by_test_id("question-status")).to_have_text("待答复")
    question = Question.objects.get()
    expect(page.get_by_test_id("waiting")).to_contain_text(question.due_date.isoformat())
    assert "citizen@example.invalid" not in page.content()
    asker_url = page.url
    screenshot(page, "consultation-question.png")
    traffic.assert_local_and_clean(expected=((400, "/consultation/ask/"),))

    # The city-level registrar answers it and publishes it as a FAQ.
    staff, staff_traffic = open_as("/staff/", registrar)
    staff.get_by_test_id("nav-consultation").click()
    row = staff.get_by_test_id("queue-row").filter(has_text=QUESTION)
    expect(row.get_by_test_id("deadline")).to_contain_text("个工作日")
    screenshot(staff, "consultation-queue.png")
    row.get_by_role("link", name=QUESTION).click()
    staff.get_by_test_id("claim").click()
    expect(staff.get_by_test_id("assignee")).to_contain_text("钱晓岚")
    staff.locator("textarea[name=answer]").fill(
        "公示期届满之日起20日内未申请的，不能再按本次公示申请简易注销，可以重新公示或者按普通程序办理。"
    )
    staff.get_by_test_id("answer-submit").click()
    expect(staff.get_by_test_id("confirm-text")).to_contain_text("答复发出后不能修改")
    staff.get_by_test_id("confirm-ok").click()
    expect(staff.get_by_test_id("status")).to_have_text("已答复")
    publish = staff.get_by_test_id("publish-form")
    publish.locator("input[name=title]").fill(FAQ_TITLE)
    screenshot(staff, "consultation-answer.png")
    publish.get_by_test_id("publish-submit").click()
    expect(staff.get_by_test_id("published-faq")).to_contain_text(FAQ_TITLE)
    staff_traffic.assert_local_and_clean()
    assert Question.objects.get().status == QuestionStatus.ANSWERED
    assert Faq.objects.filter(source=FaqSource.ANSWER, title=FAQ_TITLE).exists()

    # The asker reads the answer, and anyone finds the new FAQ by searching.
    page.goto(asker_url)
    expect(page.get_by_test_id("answer")).to_contain_text("重新公示")
    page.get_by_test_id("nav-consultation").click()
    page.get_by_test_id("faq-search").locator("input[name=q]").fill("超过20日")
    page.get_by_test_id("faq-search").locator("button").click()
    found = page.get_by_test_id("search-hit").filter(has_text=FAQ_TITLE)
    expect(found).to_have_count(1)
    found.get_by_role("link").first.click()
    expect(page.get_by_test_id("faq-title")).to_contain_text("超过20日")
    expect(page.get_by_test_id("faq-footer")).to_contain_text(
        "包头市市场监督管理局根据咨询答复整理"
    )
