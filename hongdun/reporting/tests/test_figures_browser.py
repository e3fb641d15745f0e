"""The figure pages in headless Chromium: htmx loads each pillar into the overview, and ECharts
(vendored, served by this server) draws the breakdown charts."""

from collections.abc import Callable
from datetime import date

import pytest
from playwright.sync_api import expect

from hongdun.accounts.models import User
from hongdun.accounts.roles import Role
from hongdun.orgs.models import Unit
from hongdun.testing.browser import BrowserPages
from hongdun.workforce.choices import HonourCategory, HonourLevel
from hongdun.workforce.models import Honour

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_leader_sees_the_overview_and_a_chart(
    browser_pages: BrowserPages, bureau: dict[str, Unit], make_user: Callable[..., User]
) -> None:
    leader = make_user(Role.LEADER, bureau["baotou"])
    for number, code in enumerate(["donghe", "kundulun", "qingshan"]):
        for year in range(2006, 2009 - number):
            Honour.objects.create(
                unit=bureau[code],
                title="市级文明单位",
                category=HonourCategory.CIVILISED_UNIT,
                level=HonourLevel.CITY if number else HonourLevel.REGION,
                awarding_body="市文明委",
                year=year,
            )
    page, traffic = browser_pages.open("/staff/workforce/figures/", leader, timeout_ms=60_000)
    # htmx fills each pillar in place.
    expect(page.locator('[data-pillar="3"] [data-figure="3.4"]')).to_be_visible(timeout=60_000)
    expect(page.locator('[data-pillar="4"] [data-figure="4.1"]')).to_be_visible(timeout=60_000)
    expect(page.locator('[data-pillar="3"] [data-figure="3.4"] strong')).to_have_text("2")
    page.goto(
        f"{browser_pages.origin}/staff/workforce/figures/pillar/3/?as_of={date(2008, 12, 31)}"
    )
    chart = page.locator('[data-chart="chart-3.9-1"]')
    expect(chart).to_have_attribute("data-chart-ready", "1", timeout=60_000)
    expect(chart.locator("svg")).to_have_count(1)
    traffic.assert_local_and_clean()
