"""Real-browser checks of the portal and the back office in headless Chromium (Playwright).

The pages are served by pytest-django's live server with static files, so these tests see what a
citizen sees: the CSS and htmx load from this server only, htmx swaps the results in as one types,
and the language switch changes the interface. Screenshots go to var/screenshots/ (docs/screenshots/
with HONGDUN_REFRESH_SCREENSHOTS=1).
"""

import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import unquote

import pytest
from playwright.sync_api import (
    Page,
    expect,
)

from hongdun.accounts.models import User
from hongdun.demo.bureau import demo_bureau_load
from hongdun.enterprises.choices import EnterpriseStatus, EnterpriseType
from hongdun.enterprises.models import Enterprise
from hongdun.enterprises.services import enterprise_rename, enterprise_status_change
from hongdun.enterprises.tests.factories import register
from hongdun.orgs.models import Unit
from hongdun.testing.browser import (
    BrowserPages,
    OpenPage,
    Traffic,
    assert_styled,
    screenshot,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


# (name, trade name, type): seven names contain 红光; the rest must not.
HONGGUANG = [
    ("包头市红光机械设备有限公司", "红光", EnterpriseType.LLC),
    ("红光商贸（包头）有限公司", "红光", EnterpriseType.LLC),
    ("包头市红光大道餐饮管理有限公司", "红光大道", EnterpriseType.LLC),
    ("内蒙古红光稀土材料股份有限公司", "红光", EnterpriseType.JSC),
    ("包头市鑫源红光物流有限公司", "鑫源红光", EnterpriseType.LLC),
    ("包头市昆都仑区红光便利店", "红光", EnterpriseType.INDIVIDUAL_BUSINESS),
    ("包头市红光农机专业合作社", "红光", EnterpriseType.FARMER_COOPERATIVE),
]
OTHER_TRADE_NAMES = [
    "鑫源", "金泰", "北辰", "草原", "鹿城", "稀宝", "钢城", "蒙达", "青峰", "博远", "恒信",
    "瑞丰", "安泰", "宏达", "天骄", "阿尔丁", "昆仑", "黄河", "阴山", "赛罕", "敕勒川", "金川",
]  # fmt: skip
OTHER_KINDS = ["商贸有限公司", "科技有限公司", "建筑工程有限公司", "物业服务有限公司"]
RENAMED_FROM = "包头市华茂科技有限公司"
RENAMED_TO = "包头市红光科技有限公司"


@dataclass
class Register:
    units: dict[str, Unit]
    renamed: Enterprise
    deregistered: Enterprise
    kundulun: list[Enterprise]
    elsewhere: list[Enterprise]


@pytest.fixture
def register_data() -> Register:
    """The demo org tree and 30 enterprises: 21 in Kundulun, 9 in Jiuyuan and Donghe."""
    units = demo_bureau_load()
    kundulun: list[Enterprise] = []
    elsewhere: list[Enterprise] = []
    for index, (name, trade, kind) in enumerate(HONGGUANG):
        authority = units["kundulun"] if index % 3 else units["jiuyuan"]
        capital = (
            {} if kind in (EnterpriseType.LLC, EnterpriseType.JSC) else {"registered_capital": None}
        )
        enterprise = register(
            name,
            authority,
            trade_name=trade,
            enterprise_type=kind,
            established_on=date(2010 + index, 3, 1 + index),
            **capital,
        )
        (kundulun if authority == units["kundulun"] else elsewhere).append(enterprise)
    for index, trade in enumerate(OTHER_TRADE_NAMES):
        authority = units["donghe"] if index % 4 == 0 else units["kundulun"]
        enterprise = register(
            f"包头市{trade}{OTHER_KINDS[index % len(OTHER_KINDS)]}",
            authority,
            trade_name=trade,
            established_on=date(2012 + index % 10, 1 + index % 12, 10),
        )
        (kundulun if authority == units["kundulun"] else elsewhere).append(enterprise)
    original = register(
        RENAMED_FROM, units["kundulun"], trade_name="华茂", established_on=date(2016, 4, 12)
    )
    renamed = enterprise_rename(
        acting_user=None,
        enterprise=original,
        name=RENAMED_TO,
        trade_name="红光",
        effective_on=date(2019, 8, 20),
    )
    renamed = enterprise_status_change(
        acting_user=None,
        enterprise=renamed,
        status=EnterpriseStatus.DEREGISTERED,
        effective_on=date(2024, 6, 30),
    )
    kundulun.append(renamed)
    deregistered = enterprise_status_change(
        acting_user=None,
        enterprise=kundulun[0],
        status=EnterpriseStatus.DEREGISTERED,
        effective_on=date(2022, 11, 15),
    )
    assert len(kundulun) + len(elsewhere) == 30
    return Register(units, renamed, deregistered, kundulun, elsewhere)


@pytest.fixture
def open_page(browser_pages: BrowserPages) -> OpenPage:
    """A fresh browser context per call, as a reader in China would have (zh-CN, Shanghai)."""

    def open_(path: str = "/", *, locale: str = "zh-CN") -> tuple[Page, Traffic]:
        return browser_pages.open(path, locale=locale, timeout_ms=10_000)

    return open_


def test_citizen_searches_opens_a_record_and_switches_to_english(open_page, register_data):
    renamed = register_data.renamed
    page, traffic = open_page("/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.locator("h1")).to_have_text("企业信息查询")
    assert_styled(page)

    # The home page's form is a plain GET to the search page.
    home_search = page.get_by_role("search").locator("input[name=q]")
    home_search.fill("红光")
    home_search.press("Enter")
    page.wait_for_url(re.compile(r"/enterprises/\?q="))
    assert unquote(page.url).endswith("/enterprises/?q=红光")
    expect(page.get_by_test_id("search-input")).to_have_value("红光")
    expect(page.get_by_test_id("result-count")).to_have_text("找到 8 户市场主体。")
    links = page.get_by_test_id("result-link")
    expect(links).to_have_count(8)
    # Exact trade-name matches rank first, in registration order.
    expect(links.first).to_have_text(HONGGUANG[0][0])
    expect(page.locator("table.results")).to_contain_text("注销")
    expect(page.locator("table.results")).to_contain_text("农民专业合作社")
    assert_styled(page)
    screenshot(page, "portal-search.png")

    # Search-as-you-type: htmx swaps the results in without reloading the page.
    page.evaluate("window.__same_document = true")
    page.get_by_test_id("search-input").fill("红光科技")
    expect(page.get_by_test_id("result-count")).to_have_text("找到 1 户市场主体。")
    expect(links).to_have_count(1)
    assert page.evaluate("window.__same_document") is True
    # The address carries the query (and the search filters, empty here).
    page.wait_for_url(re.compile(r"\?q=%E7%BA%A2%E5%85%89%E7%A7%91%E6%8A%80(&|$)"))

    links.first.click()
    page.wait_for_url(f"**/enterprises/{renamed.uscc}/")
    expect(page.get_by_test_id("enterprise-name")).to_have_text(RENAMED_TO)
    # The public record's 变更记录 (issue 9): newest first, each change with before and after.
    changes = page.get_by_test_id("changes")
    rows = changes.locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("2024-06-30")
    expect(rows.nth(0)).to_contain_text("登记状态变更")
    expect(rows.nth(0)).to_contain_text("存续")
    expect(rows.nth(0)).to_contain_text("注销")
    expect(rows.nth(1)).to_contain_text("2019-08-20")
    expect(rows.nth(1)).to_contain_text("名称变更")
    expect(rows.nth(1)).to_contain_text(RENAMED_FROM)
    expect(page.get_by_test_id("basic")).to_contain_text("2016-04-12")
    expect(page.get_by_test_id("basic")).to_contain_text(renamed.uscc)
    assert_styled(page)
    screenshot(page, "enterprise-detail.png")

    page.get_by_test_id("switch-en").click()
    page.wait_for_load_state()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert page.url == f"{traffic.origin}/enterprises/{renamed.uscc}/"
    expect(page.get_by_test_id("enterprise-name")).to_have_text(RENAMED_TO)
    record = page.get_by_test_id("basic")
    for label in (
        "Unified Social Credit Code",
        "Type",
        "Legal representative",
        "Registered capital",
        "Date of establishment",
        "Registration authority",
        "Registration status",
        "Business scope",
    ):
        expect(record).to_contain_text(label)
    expect(record).to_contain_text("Limited liability company")
    expect(rows.nth(0)).to_contain_text("Deregistered")
    expect(rows.nth(1)).to_contain_text("Change of name")
    expect(page.locator("header")).to_contain_text("Baotou Administration for Market Regulation")
    expect(page.locator("header")).to_contain_text("Enterprise information query")
    expect(page.get_by_test_id("switch-zh")).to_be_visible()
    assert "名称及登记状态变更记录" not in page.content()
    assert_styled(page)
    screenshot(page, "enterprise-detail-en.png")

    # And back: the cookie now says Chinese.
    page.get_by_test_id("switch-zh").click()
    page.wait_for_load_state()
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.locator("#section-changes h2")).to_have_text("变更记录")
    traffic.assert_local_and_clean()


def test_bad_queries_show_a_message_not_a_crash(open_page, register_data):
    page, traffic = open_page("/enterprises/")
    expect(page.get_by_test_id("search-error")).to_have_count(0)
    search = page.get_by_test_id("search-input")

    search.fill("红")
    error = page.get_by_test_id("search-error")
    expect(error).to_have_text("请输入至少两个字（例如字号“红光”），或 18 位统一社会信用代码。")
    expect(page.get_by_test_id("result-count")).to_have_count(0)

    search.fill("91150203MA0000000X")
    expect(error).to_contain_text("统一社会信用代码最后一位校验码不正确")
    page.get_by_test_id("search-submit").click()
    expect(error).to_contain_text("统一社会信用代码最后一位校验码不正确")

    # A good query after a bad one recovers.
    search.fill("红光")
    expect(page.get_by_test_id("result-count")).to_have_text("找到 8 户市场主体。")
    expect(error).to_have_count(0)

    # The same refusals as whole pages (a shared link, or no JavaScript).
    response = page.goto(f"{traffic.origin}/enterprises/?q=红")
    assert response is not None
    assert response.status == 200
    expect(page.get_by_test_id("search-error")).to_contain_text("请输入至少两个字")
    response = page.goto(f"{traffic.origin}/enterprises/91150203MA0000000X/")
    assert response is not None
    assert response.status == 400
    expect(page.get_by_test_id("search-error")).to_contain_text("校验码不正确")
    assert_styled(page)

    # In English the messages are English.
    english, english_traffic = open_page("/enterprises/?q=红", locale="en-US")
    expect(english.get_by_test_id("search-error")).to_have_text(
        "Enter at least two characters (for example the trade name “红光”), or the 18-character "
        "Unified Social Credit Code."
    )
    english.get_by_test_id("search-input").fill("91150203MA0000000X")
    expect(english.get_by_test_id("search-error")).to_contain_text(
        "The check character (the last character) of the Unified Social Credit Code is wrong"
    )
    traffic.assert_local_and_clean(expected=((400, "/enterprises/91150203MA0000000X/"),))
    english_traffic.assert_local_and_clean()


def test_registrar_sees_only_their_units_register(open_page, register_data, make_user):
    registrar: User = make_user("registrar", register_data.units["kundulun"], full_name="钱晓岚")
    page, traffic = open_page("/accounts/login/?next=/staff/enterprises/")
    assert_styled(page)
    page.locator("input[name=username]").fill(registrar.username)
    page.locator("input[name=password]").fill("pw-for-tests-only")
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/staff/enterprises/")
    assert_styled(page)
    expect(page.locator("h1")).to_have_text("市场主体名录")

    mine = register_data.kundulun
    expect(page.locator("main")).to_contain_text(f"共 {len(mine)} 户")
    rows = page.locator("main table.striped tbody tr")
    expect(rows).to_have_count(len(mine))
    authorities = set(rows.locator("td:nth-child(4)").all_inner_texts())
    assert authorities == {register_data.units["kundulun"].name}
    listed = set(rows.locator("td:nth-child(2)").all_inner_texts())
    assert listed == {e.uscc for e in mine}
    assert not listed & {e.uscc for e in register_data.elsewhere}

    page.get_by_role("link", name=RENAMED_TO).click()
    page.wait_for_url(f"**/staff/enterprises/{register_data.renamed.pk}/")
    expect(page.locator("h1")).to_have_text(RENAMED_TO)
    # Registrars handle registrations, so they see the legal representative's full ID number.
    expect(page.get_by_test_id("id-number")).to_have_text("150203198001011234")
    expect(page.get_by_test_id("timeline").locator("tbody tr")).to_have_count(3)
    audit = page.locator("main table.striped").last
    expect(audit).to_contain_text("设立登记")
    expect(audit).to_contain_text("名称变更")
    expect(audit).to_contain_text("状态变更")
    screenshot(page, "backoffice-enterprise.png")

    # Another unit's enterprise does not exist for this registrar.
    outside = register_data.elsewhere[0]
    response = page.goto(f"{traffic.origin}/staff/enterprises/{outside.pk}/")
    assert response is not None
    assert response.status == 404
    traffic.assert_local_and_clean(expected=((404, f"/staff/enterprises/{outside.pk}/"),))
