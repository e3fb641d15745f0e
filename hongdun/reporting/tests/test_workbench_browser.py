"""In a real browser (headless Chromium through Playwright): a registrar logs in from the portal's
header, with no page to return to, lands on the workbench, sees the counts of their own units and
follows one to the queue, which shows the same number."""

import pytest
from playwright.sync_api import expect

from hongdun.accounts.roles import Role
from hongdun.testing.browser import VIEWPORT, Traffic, assert_styled

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pw-for-tests-only"  # noqa: S105 - the make_user fixture's password


def test_a_registrar_logs_in_and_lands_on_the_workbench_with_counts(browser, live_server, queues):
    registrar = queues[Role.REGISTRAR]
    context = browser.new_context(viewport=VIEWPORT, locale="zh-CN", timezone_id="Asia/Shanghai")
    context.set_default_timeout(15_000)
    try:
        page = context.new_page()
        traffic = Traffic(origin=live_server.url)
        traffic.watch(page)
        page.goto(live_server.url + "/")
        page.locator("header a[href='/accounts/login/']").click()
        page.locator("input[name=username]").fill(registrar.username)
        page.locator("input[name=password]").fill(PASSWORD)
        page.locator("main button[type=submit]").click()

        page.wait_for_url(f"{live_server.url}/staff/")
        expect(page.locator("h1")).to_have_text("工作台")
        # Kundulun's work only: Jiuyuan's name, question and file are not counted.
        expect(page.get_by_test_id("todo-names-pending")).to_have_text("2 件")
        expect(page.get_by_test_id("todo-questions-open")).to_have_text("3 件")
        expect(page.get_by_test_id("todo-questions-overdue")).to_have_text("1 件")
        expect(page.get_by_test_id("todo-registration-open")).to_have_text("3 件")
        expect(page.get_by_test_id("todo-registration-overdue")).to_have_text("1 件")
        expect(page.get_by_test_id("todo-registration-suspended")).to_have_text("1 件")
        assert_styled(page)

        page.get_by_test_id("todo-registration-overdue").click()
        page.wait_for_url("**/staff/registration/?deadline=overdue")
        expect(page.get_by_test_id("queue").locator("tbody tr")).to_have_count(1)
        expect(page.locator("main")).to_contain_text("共 1 件")
        traffic.assert_local_and_clean()
    finally:
        context.close()
