"""The public portal on a phone (issue 14.4): at 390 px no page is wider than the screen, the menu
collapses behind a button that opens and closes it, and result tables become cards."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, expect

from hongdun.accounts.models import User
from hongdun.accounts.roles import Role
from hongdun.consultation.faq_seed import faq_seed_load
from hongdun.demo.bureau import demo_bureau_load
from hongdun.enterprises.tests.factories import register
from hongdun.registration.services import application_create_establishment, application_save
from hongdun.registration.tests.conftest import (
    complete_llc_content,
    ensure_scope_catalogue,
    reserve,
)
from hongdun.testing.browser import Traffic, sign_in_by_session, watched_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE: ViewportSize = {"width": 390, "height": 844}


@pytest.fixture
def portal_data(make_user: Callable[..., User]) -> dict[str, Any]:
    units = demo_bureau_load()
    ensure_scope_catalogue()
    faq_seed_load()
    enterprise = register(
        "包头市红光机械设备制造有限责任公司",
        units["kundulun"],
        trade_name="红光",
        established_on=date(2012, 5, 8),
        address="内蒙古自治区包头市昆都仑区钢铁大街与阿尔丁大街交汇处西北角红光大厦A座1801室",
    )
    for n, trade in enumerate(("红光商贸", "红光物流", "红光餐饮")):
        register(f"包头市{trade}有限公司", units["kundulun"], trade_name=trade,
                 established_on=date(2015, 1, 1 + n))  # fmt: skip
    applicant = make_user(Role.APPLICANT, full_name="冯小满")
    reservation = reserve(applicant, units["kundulun"], "包头市青禾科技有限公司", "青禾")
    application = application_create_establishment(
        applicant=applicant, reservation=reservation, entity_type="llc"
    )
    application_save(applicant=applicant, application=application, content=complete_llc_content())
    return {"enterprise": enterprise, "applicant": applicant, "application": application}


@pytest.fixture
def phone(browser: Browser, live_server: Any) -> Iterator[Callable[..., tuple[Page, Traffic]]]:
    contexts = []

    def open_(user: User | None = None) -> tuple[Page, Traffic]:
        context = browser.new_context(
            viewport=PHONE,
            device_scale_factor=3,
            is_mobile=True,
            has_touch=True,
            locale="zh-CN",
            timezone_id="Asia/Shanghai",
        )
        context.set_default_timeout(30_000)
        contexts.append(context)
        if user is not None:
            sign_in_by_session(context, live_server.url, user)
        return watched_page(context, live_server.url)

    yield open_
    for context in contexts:
        context.close()


def assert_fits(page: Page, path: str) -> None:
    """Nothing is wider than the screen: the page cannot be scrolled sideways."""
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, window.innerWidth,"
        " [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right"
        " > window.innerWidth + 1 && getComputedStyle(e).position !== 'fixed')"
        ".slice(0, 5).map(e => e.tagName + '.' + e.className)]"
    )
    scroll_width, inner_width, too_wide = widths
    assert scroll_width <= inner_width, f"{path}: {scroll_width} > {inner_width} ({too_wide})"
    # Nor squeezed to fit: Chinese wraps anywhere, so a crowded header or table column fits by
    # showing one or two characters per line. No visible label of four or more characters may
    # be narrower than three characters.
    squeezed = page.evaluate(
        "() => [...document.querySelectorAll('a, th, td, strong, button, label, h1, h2')]"
        ".filter(e => { const r = e.getBoundingClientRect();"
        " const text = e.textContent.trim();"
        " const size = parseFloat(getComputedStyle(e).fontSize);"
        " return r.width > 0 && r.height > 0 && text.length >= 4 && r.width < 3 * size; })"
        ".slice(0, 5).map(e => e.tagName + ': ' + e.textContent.trim().slice(0, 12))"
    )
    assert squeezed == [], f"{path}: squeezed to a column of characters: {squeezed}"


def test_portal_pages_fit_a_390px_phone(phone, portal_data, live_server):
    enterprise = portal_data["enterprise"]
    pk = portal_data["application"].pk
    public = [
        "/",
        "/enterprises/?q=红光",
        f"/enterprises/{enterprise.uscc}/",
        "/names/declare/",
        "/consultation/",
        "/consultation/search/?q=注销",
        "/consultation/ask/",
        "/registration/notices/",
        "/accounts/login/",
    ]
    page, traffic = phone()
    for path in public:
        page.goto(live_server.url + path)
        assert_fits(page, path)
    signed_in = [
        "/registration/",
        "/registration/new/",
        f"/registration/{pk}/",
        f"/registration/{pk}/edit/basic/",
        f"/registration/{pk}/edit/members/",
        f"/registration/{pk}/edit/officers/",
        f"/registration/{pk}/edit/scope/",
        f"/registration/{pk}/materials/",
        "/names/",
        "/names/declare/",
        "/consultation/mine/",
    ]
    page, traffic = phone(portal_data["applicant"])
    for path in signed_in:
        page.goto(live_server.url + path)
        assert_fits(page, path)
    traffic.assert_local_and_clean()


def test_the_menu_collapses_and_the_button_opens_and_closes_it(phone, portal_data, live_server):
    page, traffic = phone()
    page.goto(live_server.url + "/")
    menu = page.get_by_test_id("site-menu")
    toggle = page.get_by_test_id("menu-toggle")
    expect(toggle).to_be_visible()
    expect(menu).to_be_hidden()
    # The brand stays on one line (it used to wrap one character per line).
    brand = page.locator(".brand strong")
    line_height = brand.evaluate("e => parseFloat(getComputedStyle(e).lineHeight)")
    assert brand.bounding_box()["height"] < 2 * line_height
    toggle.click()
    expect(menu).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(menu.get_by_role("link", name="企业信息查询")).to_be_visible()
    assert_fits(page, "/ (menu open)")
    toggle.click()
    expect(menu).to_be_hidden()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    traffic.assert_local_and_clean()


def test_search_results_are_cards_on_a_phone_and_a_table_on_a_desktop(
    phone, portal_data, live_server
):
    page, _traffic = phone()
    page.goto(live_server.url + "/enterprises/?q=红光")
    expect(page.get_by_test_id("result-link")).to_have_count(4)
    table = page.locator("table.results")
    assert table.evaluate("e => getComputedStyle(e).display") == "block"
    assert page.locator("table.results thead").evaluate("e => getComputedStyle(e).display") == (
        "none"
    )
    label = page.locator("table.results td[data-label]").first.evaluate(
        "e => getComputedStyle(e, '::before').content"
    )
    assert "统一社会信用代码" in label
    page.set_viewport_size({"width": 1280, "height": 900})
    assert table.evaluate("e => getComputedStyle(e).display") == "table"
    expect(page.get_by_test_id("menu-toggle")).to_be_hidden()
    expect(page.get_by_test_id("site-menu")).to_be_visible()
