"""The unit picker in headless Chromium, with the keyboard only: type part of a unit's name in the
search box, Enter moves to the list with the first match chosen, and the filter applies it."""

from collections.abc import Callable
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from hongdun.accounts.models import User
from hongdun.accounts.roles import Role
from hongdun.orgs.fields import INDENT
from hongdun.orgs.models import Unit
from hongdun.testing.browser import BrowserPages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_clerk_searches_and_picks_a_unit_with_the_keyboard(
    browser_pages: BrowserPages, bureau: dict[str, Unit], make_user: Callable[..., User]
) -> None:
    clerk = make_user(Role.PERSONNEL, bureau["personnel-office"])
    page, traffic = browser_pages.open("/staff/workforce/people/", clerk)

    select = page.locator("select[name=unit]")
    options = select.locator("option")
    # The clerk's own unit first (after "all"), then the tree with branches indented.
    expect(options.nth(1)).to_have_text(bureau["personnel-office"].name)
    expect(select.locator(f'option[value="{bureau["kundulun"].pk}"]')).to_have_text(
        INDENT + bureau["kundulun"].name
    )
    search = page.locator('input[data-unit-picker-for="unit"]')
    expect(search).to_be_visible()
    search.focus()
    page.keyboard.type("九原")
    jiuyuan = str(bureau["jiuyuan"].pk)
    expect(select).to_have_value(jiuyuan)
    # Only matches (and "all") remain: the branch and its stations.
    shown = options.evaluate_all("os => os.slice(1).map(o => o.text + (o.dataset.search || ''))")
    assert shown
    assert all("九原" in text for text in shown)
    page.keyboard.press("Enter")
    expect(select).to_be_focused()
    expect(page).to_have_url(f"{browser_pages.origin}/staff/workforce/people/")  # not submitted
    # The native list takes over: Down moves to the next match, Up back to the first.
    page.keyboard.press("ArrowDown")
    expect(select).not_to_have_value(jiuyuan)
    page.keyboard.press("ArrowUp")
    expect(select).to_have_value(jiuyuan)
    page.locator("form.filters button[type=submit]").click()
    page.wait_for_url("**/staff/workforce/people/?**")
    assert parse_qs(urlparse(page.url).query)["unit"] == [jiuyuan]
    expect(page.locator("select[name=unit]")).to_have_value(jiuyuan)
    traffic.assert_local_and_clean()
