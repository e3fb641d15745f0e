"""Name declaration in a real browser (headless Chromium through Playwright): an applicant declares
names, sees a conflict explained while typing, reserves a passing name and downloads the notice;
a registrar reviews a restricted name. Screenshots: namecheck-*.png (hongdun.testing.browser).

The live server runs in this process, so the test and the server share the process-wide name
index; the namecheck conftest resets it before each test, and the enterprises registered here
reach it through the index's event log, as in production.
"""

import re
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from hongdun.accounts.models import User
from hongdun.accounts.roles import Role
from hongdun.core.models import Notification
from hongdun.enterprises.tests.factories import register
from hongdun.namecheck.choices import ReservationStatus
from hongdun.namecheck.models import NameReservation
from hongdun.namecheck.services import reservation_create
from hongdun.namecheck.tests.test_pdf import pdf_objects
from hongdun.orgs.fields import INDENT
from hongdun.orgs.models import Unit
from hongdun.testing.browser import (
    BrowserPages,
    Traffic,
    assert_styled,
    screenshot,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REGISTERED = "包头市红光机械设备有限公司"
CONFLICTING = "包头红光机械设备有限公司"  # same 字号 and industry at the same registry
FREE = "包头市沃动机械有限公司"
RESTRICTED = "中国沃德科技有限公司"


@pytest.fixture
def units(bureau: dict[str, Unit]) -> dict[str, Unit]:
    units = bureau
    register(REGISTERED, units["kundulun"], trade_name="红光")
    register("包头市鑫源建筑工程有限公司", units["kundulun"], trade_name="鑫源")
    return units


@pytest.fixture
def signed_in(browser_pages: BrowserPages) -> Callable[[User, str], tuple[Page, Traffic]]:
    """A fresh zh-CN browser context, signed in through the login form, on `path`."""

    def open_(user: User, path: str) -> tuple[Page, Traffic]:
        return browser_pages.open(path, user, traffic=NameTraffic)

    return open_


class NameTraffic(Traffic):
    """`Traffic`, less the notice PDF's request: Chromium reports a navigation that turns into a
    download as aborted."""

    def may_be_aborted(self, path: str) -> bool:
        return path.endswith("/notice.pdf") or super().may_be_aborted(path)


def download(page: Page, test_id: str) -> tuple[str, bytes]:
    """Click a download link; returns the suggested file name and the bytes."""
    with page.expect_download() as info:
        page.get_by_test_id(test_id).click()
    path = info.value.path()
    assert path is not None
    with open(path, "rb") as handle:
        return info.value.suggested_filename, handle.read()


def test_applicant_declares_sees_a_conflict_reserves_and_downloads_the_notice(
    signed_in, units, make_user
):
    applicant = make_user(Role.APPLICANT, full_name="冯小满", email="feng@example.invalid")
    page, traffic = signed_in(applicant, "/names/declare/")
    expect(page.locator("h1")).to_have_text("名称自主申报")
    assert_styled(page)
    page.get_by_test_id("registry").select_option(
        label=INDENT + "包头市市场监督管理局昆都仑区分局（150203）"  # a branch, under the city
    )
    page.get_by_test_id("industry").fill("机械设备")

    # First choice: the 字号 of a registered enterprise, same industry, same registry.
    page.evaluate("window.__same_document = true")
    page.get_by_test_id("name-1").fill(CONFLICTING)
    verdict = page.get_by_test_id("verdict-1")
    expect(verdict).to_have_attribute("data-verdict", "identical")
    expect(verdict).to_contain_text("相同冲突")
    expect(verdict).to_contain_text("不能申报")
    same = verdict.locator(".finding-identical").first
    expect(verdict.locator(".rule-id")).to_have_count(0)  # rule codes are for staff only
    expect(same).to_contain_text("《企业名称登记管理规定》第十七条")
    expect(same).to_contain_text("字号“红光”")
    expect(same.get_by_test_id("conflict")).to_have_text(REGISTERED)
    expect(same.get_by_test_id("part").first).to_have_text("红光")
    expect(same.get_by_test_id("fix")).to_contain_text("更换字号")
    suggestions = page.get_by_test_id("suggestions-1").get_by_test_id("suggestion")
    expect(suggestions.first).to_be_visible()
    assert suggestions.count() >= 1

    # Second choice: free.
    page.get_by_test_id("name-2").fill(FREE)
    expect(page.get_by_test_id("verdict-2")).to_have_attribute("data-verdict", "pass")
    expect(page.get_by_test_id("verdict-2")).to_contain_text("可以申报")
    assert page.evaluate("window.__same_document") is True  # checked in place, no reload
    assert_styled(page)
    screenshot(page, "namecheck-declare.png")

    # Submit: the first choice is blocked, so the second is reserved.
    page.get_by_test_id("declare-submit").click()
    page.wait_for_url(re.compile(r"/names/\d+/$"))
    reservation = NameReservation.objects.get(applicant=applicant)
    assert reservation.proposed_name == FREE
    assert reservation.status == ReservationStatus.RESERVED
    expect(page.get_by_test_id("proposed-name")).to_have_text(FREE)
    expect(page.get_by_test_id("status")).to_have_text("已保留")
    messages = page.locator("section.messages")
    expect(messages).to_contain_text(f"第 1 个名称“{CONFLICTING}”未能申报：相同冲突")
    expect(messages).to_contain_text(f"名称“{FREE}”已在")
    # The header counts the notice the service sent.
    expect(page.get_by_test_id("unread-count")).to_have_text("1")

    filename, pdf = download(page, "notice-pdf")
    assert filename.startswith("名称保留告知书-150203-")
    assert filename.endswith(".pdf")
    assert pdf.startswith(b"%PDF-")
    assert b"Noto-Serif-CJK-SC" in pdf_objects(pdf)

    page.locator("header").get_by_role("link", name="我的名称").click()
    page.wait_for_url("**/names/")
    rows = page.get_by_test_id("reservation-row")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(FREE)
    expect(rows.first).to_contain_text("已保留")
    assert reservation.reserved_until is not None
    expect(rows.first).to_contain_text(reservation.reserved_until.isoformat())

    page.get_by_test_id("notifications-link").click()
    page.wait_for_url("**/notifications/")
    expect(page.get_by_test_id("notification").first).to_contain_text(FREE)
    assert not Notification.objects.filter(user=applicant, read_at__isnull=True).exists()
    traffic.assert_local_and_clean()


def test_a_suggestion_fills_the_field_and_bad_input_is_explained(signed_in, units, make_user):
    applicant = make_user(Role.APPLICANT)
    page, traffic = signed_in(applicant, "/names/declare/")
    name = page.get_by_test_id("name-1")

    # Before choosing the registry, the check says so.
    name.fill(FREE)
    expect(page.get_by_test_id("name-error-1")).to_contain_text("请先选择登记机关")
    page.get_by_test_id("registry").select_option(
        label=INDENT + "包头市市场监督管理局昆都仑区分局（150203）"  # a branch, under the city
    )
    expect(page.get_by_test_id("verdict-1")).to_have_attribute("data-verdict", "pass")

    name.fill("包头市红光😀机械有限公司")
    expect(page.get_by_test_id("name-error-1")).to_contain_text("“😀”")
    name.fill("红")
    expect(page.get_by_test_id("name-error-1")).to_contain_text("名称太短")

    name.fill(CONFLICTING)
    expect(page.get_by_test_id("verdict-1")).to_have_attribute("data-verdict", "identical")
    first = page.get_by_test_id("suggestion").first
    suggestion = first.inner_text().strip()
    # The click swaps in a new field; htmx wires its listeners a moment after the swap, and
    # Playwright (unlike a person) could type into it before that. Wait until it is wired.
    page.evaluate(
        """() => { window.nameFieldsWired = 0;
        document.body.addEventListener("htmx:afterProcessNode", (event) => {
            if (event.target.matches && event.target.matches("[data-testid=name-1]")) {
                window.nameFieldsWired += 1; } }); }"""
    )
    first.click()
    page.wait_for_function("() => window.nameFieldsWired > 0")
    expect(page.get_by_test_id("name-1")).to_have_value(suggestion)
    expect(page.get_by_test_id("verdict-1")).to_have_attribute("data-verdict", "pass")
    # The refilled field still checks as one types.
    page.get_by_test_id("name-1").fill(CONFLICTING)
    expect(page.get_by_test_id("verdict-1")).to_have_attribute("data-verdict", "identical")

    # Submitting bad input changes nothing and says why, beside the field.
    page.get_by_test_id("name-1").fill("Hongguang Co")
    with page.expect_navigation():
        page.get_by_test_id("declare-submit").click()
    expect(page.get_by_test_id("name-error-1")).to_contain_text("不能含有字母")
    expect(page.get_by_test_id("name-1")).to_have_value("Hongguang Co")
    assert NameReservation.objects.count() == 0
    traffic.assert_local_and_clean()


def test_registrar_reviews_a_restricted_name(signed_in, units, make_user):
    applicant = make_user(Role.APPLICANT, full_name="冯小满")
    waiting = reservation_create(
        applicant=applicant, registry=units["kundulun"], industry="", name=RESTRICTED
    )
    # 江山 (N-ZIHAO-2) is for the district's registrar to decide; 中国 is not.
    older = reservation_create(
        applicant=applicant, registry=units["kundulun"], industry="", name="包头市江山科技有限公司"
    )
    NameReservation.objects.filter(pk=older.pk).update(
        created_at=timezone.now() - timedelta(days=6)
    )
    registrar = make_user(Role.REGISTRAR, units["kundulun"], full_name="钱晓岚")
    page, traffic = signed_in(registrar, "/staff/names/")
    expect(page.locator("h1")).to_have_text("名称审核")
    rows = page.get_by_test_id("queue-row")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("包头市江山科技有限公司")  # oldest first
    expect(rows.first.get_by_test_id("waiting")).to_have_class(re.compile(r"\bwait-late\b"))
    expect(rows.nth(1).get_by_test_id("waiting")).to_have_class(re.compile(r"\bwait-ok\b"))
    assert_styled(page)
    screenshot(page, "namecheck-queue.png")

    page.get_by_role("link", name=RESTRICTED).click()
    page.wait_for_url(f"**/staff/names/{waiting.pk}/")
    expect(page.locator('[data-rule="R-1"]')).to_contain_text("国务院")
    expect(page.get_by_test_id("applicant")).to_contain_text("冯小满")
    screenshot(page, "namecheck-review.png")

    # A refusal asks first, then needs a reason.
    page.get_by_test_id("refuse").click()
    expect(page.get_by_test_id("confirm-text")).to_contain_text(f"将决定不予保留名称“{RESTRICTED}”")
    with page.expect_navigation():
        page.get_by_test_id("confirm-ok").click()
    expect(page.get_by_test_id("reason-error")).to_contain_text("不予保留时必须说明理由")
    page.get_by_test_id("reason").fill("未提交国务院批准文件。")
    page.get_by_test_id("refuse").click()
    page.get_by_test_id("confirm-ok").click()
    page.wait_for_url(f"**/staff/names/{waiting.pk}/")
    expect(page.get_by_test_id("status")).to_have_text("未通过审核")
    expect(page.get_by_test_id("review-reason")).to_contain_text("未提交国务院批准文件")
    notice = Notification.objects.filter(user=applicant).order_by("-id").first()
    assert notice is not None
    assert "未通过" in notice.title

    # The other one is approved, and its notice can be downloaded here.
    page.goto(f"{traffic.origin}/staff/names/{older.pk}/")
    page.get_by_test_id("approve").click()
    expect(page.get_by_test_id("confirm-text")).to_contain_text("将核准保留名称")
    page.get_by_test_id("confirm-ok").click()
    page.wait_for_url(f"**/staff/names/{older.pk}/")
    expect(page.get_by_test_id("status")).to_have_text("已保留")
    _filename, pdf = download(page, "notice-pdf")
    assert pdf.startswith(b"%PDF-")
    older.refresh_from_db()
    assert older.status == ReservationStatus.RESERVED
    traffic.assert_local_and_clean()
