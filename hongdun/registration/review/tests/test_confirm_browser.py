"""Irreversible clerk actions ask first and are sent once (issue 14, item 6), in a real browser:
the registrar clicks 受理, reads what will happen, cancels (nothing changes), confirms (it is
done); a double click on the confirmation or on a plain action submits once."""

from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from hongdun.accounts.models import User
from hongdun.accounts.roles import Role
from hongdun.registration.choices import ApplicationStatus as S
from hongdun.registration.models import Application, ApplicationEvent
from hongdun.registration.review.tests.conftest import make_application, reserve
from hongdun.testing.browser import VIEWPORT, Traffic, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pw-for-tests-only"  # noqa: S105 - the make_user fixture's password
SLOW = 30_000


@pytest.fixture
def open_as(browser: Browser, live_server) -> Iterator[Callable[[User, str], tuple[Page, Traffic]]]:
    contexts = []

    def open_(user: User, path: str) -> tuple[Page, Traffic]:
        context = browser.new_context(
            viewport=VIEWPORT, locale="zh-CN", timezone_id="Asia/Shanghai"
        )
        context.set_default_timeout(SLOW)
        contexts.append(context)
        page = context.new_page()
        traffic = Traffic(origin=live_server.url)
        traffic.watch(page)
        page.goto(f"{live_server.url}/accounts/login/?next={path}")
        page.locator("input[name=username]").fill(user.username)
        page.locator("input[name=password]").fill(PASSWORD)
        page.locator("main button[type=submit]").click()
        page.wait_for_url(f"**{path}")
        return page, traffic

    yield open_
    for context in contexts:
        context.close()


def _events(application: Application, action: str) -> int:
    return ApplicationEvent.objects.filter(application=application, action=action).count()


def test_accept_asks_first_and_a_double_click_submits_once(open_as, make_user, bureau):
    units = bureau
    applicant = make_user(Role.APPLICANT, email="a@example.invalid", full_name="申请人甲")
    clerk = make_user(Role.REGISTRAR, units["kundulun"], full_name="登记员甲")
    application = make_application(
        applicant=applicant,
        authority=units["kundulun"],
        reservation=reserve(applicant, units["kundulun"], "包头市沃动机械有限公司"),
    )
    path = f"/staff/registration/{application.pk}/"
    page, traffic = open_as(clerk, path)
    expect(page.get_by_test_id("status")).to_have_text("已提交")
    dialog = page.get_by_test_id("confirm-dialog")
    expect(dialog).to_be_hidden()

    # 受理 asks first, naming the application and what will happen.
    page.get_by_test_id("accept").click()
    expect(dialog).to_be_visible()
    text = page.get_by_test_id("confirm-text")
    expect(text).to_contain_text("将受理申请")
    expect(text).to_contain_text(application.number)
    expect(text).to_contain_text("包头市沃动机械有限公司")
    expect(text).to_contain_text("此操作不可撤销")
    screenshot(page, "registration-confirm.png")

    # Cancel: nothing is sent, nothing changes.
    page.get_by_test_id("confirm-cancel").click()
    expect(dialog).to_be_hidden()
    expect(page.get_by_test_id("status")).to_have_text("已提交")
    page.reload()
    expect(page.get_by_test_id("status")).to_have_text("已提交")
    application.refresh_from_db()
    assert application.status == S.SUBMITTED
    assert _events(application, "accept") == 0

    # Confirm with a double click: accepted once, and the page says so without an error.
    page.get_by_test_id("accept").click()
    expect(dialog).to_be_visible()
    with page.expect_navigation():
        page.get_by_test_id("confirm-ok").dblclick()
    expect(page.get_by_test_id("status")).to_have_text("已受理", timeout=SLOW)
    expect(page.locator(".msg-success")).to_contain_text("已受理")
    expect(page.get_by_test_id("action-error")).to_have_count(0)
    application.refresh_from_db()
    assert application.status == S.ACCEPTED
    assert _events(application, "accept") == 1

    # A plain action (中止审查 is not asked: 恢复审查 undoes it), double-clicked: sent once.
    page.locator("summary", has_text="中止审查").click()
    form = page.get_by_test_id("suspend-form")
    form.locator("input[name=suspend-basis]").fill("（2026）蒙0203民初1234号，昆都仑区人民法院")
    form.locator("textarea[name=suspend-reason]").fill("股权归属诉讼影响本次登记。")
    with page.expect_navigation():
        page.get_by_test_id("suspend").dblclick()
    expect(page.get_by_test_id("status")).to_have_text("中止审查", timeout=SLOW)
    expect(page.get_by_test_id("action-error")).to_have_count(0)
    assert _events(application, "suspend") == 1
    traffic.assert_local_and_clean()


def test_approve_names_the_licence_and_is_done_once(open_as, make_user, bureau):
    units = bureau
    applicant = make_user(Role.APPLICANT, email="b@example.invalid", full_name="申请人乙")
    clerk = make_user(Role.REGISTRAR, units["kundulun"], full_name="登记员乙")
    application = make_application(
        applicant=applicant,
        authority=units["kundulun"],
        reservation=reserve(applicant, units["kundulun"], "包头市沃川机械有限公司"),
    )
    page, traffic = open_as(clerk, f"/staff/registration/{application.pk}/")
    page.get_by_test_id("approve").click()
    text = page.get_by_test_id("confirm-text")
    expect(text).to_contain_text("设立登记并颁发营业执照")
    expect(text).to_contain_text("包头市沃川机械有限公司")
    # Escape is a cancel too.
    page.keyboard.press("Escape")
    expect(page.get_by_test_id("confirm-dialog")).to_be_hidden()
    application.refresh_from_db()
    assert application.status == S.SUBMITTED

    page.get_by_test_id("approve").click()
    with page.expect_navigation():
        page.get_by_test_id("confirm-ok").dblclick()
    expect(page.get_by_test_id("status")).to_have_text("准予登记", timeout=SLOW)
    expect(page.get_by_test_id("action-error")).to_have_count(0)
    application.refresh_from_db()
    assert application.status == S.APPROVED
    assert _events(application, "approve") == 1
    traffic.assert_local_and_clean()
