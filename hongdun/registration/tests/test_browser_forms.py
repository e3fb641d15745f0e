"""The registration forms in a real browser: saved dates survive a re-save (issue 14.2), the
investors page saves a second time, and a form error is summarised at the top (issue 14.3)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from hongdun.accounts.models import User
from hongdun.registration.models import Application, Subscription
from hongdun.registration.services import application_create_establishment, application_save
from hongdun.registration.tests.conftest import (
    complete_llc_content,
    ensure_scope_catalogue,
    reserve,
)
from hongdun.testing.browser import VIEWPORT, Traffic, sign_in_by_session, watched_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def draft(bureau: Any, applicant: User) -> Application:
    ensure_scope_catalogue()
    reservation = reserve(applicant, bureau["kundulun"], "包头市青禾科技有限公司", "青禾")
    application = application_create_establishment(
        applicant=applicant, reservation=reservation, entity_type="llc"
    )
    return application_save(
        applicant=applicant, application=application, content=complete_llc_content()
    )


@pytest.fixture
def signed_in(
    browser: Browser, live_server: Any
) -> Iterator[Callable[[User], tuple[Page, Traffic]]]:
    contexts = []

    def open_(user: User) -> tuple[Page, Traffic]:
        context = browser.new_context(
            viewport=VIEWPORT, locale="zh-CN", timezone_id="Asia/Shanghai"
        )
        context.set_default_timeout(30_000)
        contexts.append(context)
        sign_in_by_session(context, live_server.url, user)
        return watched_page(context, live_server.url)

    yield open_
    for context in contexts:
        context.close()


def save(page: Page) -> None:
    with page.expect_navigation():
        page.get_by_test_id("save-button").click()


def due_dates(application: Application) -> list[date | None]:
    return list(
        Subscription.objects.filter(member__application=application)
        .order_by("member__position", "id")
        .values_list("due_date", flat=True)
    )


def test_investors_page_keeps_its_dates_and_saves_twice(signed_in, draft, applicant, live_server):
    expected_due = timezone.localdate() + timedelta(days=365 * 3)
    assert due_dates(draft) == [expected_due, expected_due]
    page, traffic = signed_in(applicant)
    page.goto(f"{live_server.url}/registration/{draft.pk}/edit/members/")

    # The date control shows the saved 出资期限 (a locale-formatted value showed as empty).
    due = page.locator("input[name='members-0-due_date_1']")
    expect(due).to_have_attribute("type", "date")
    expect(due).to_have_value(expected_due.isoformat())
    expect(page.locator("input[name='members-1-due_date_1']")).to_have_value(
        expected_due.isoformat()
    )
    # An untouched blank row follows the saved investors.
    expect(page.get_by_test_id("row")).to_have_count(3)

    for _attempt in range(2):  # the second save used to fail on the blank row
        save(page)
        expect(page.locator(".msg-success")).to_contain_text("已保存")
        expect(page.get_by_test_id("form-errors")).to_have_count(0)
        expect(due).to_have_value(expected_due.isoformat())
    assert due_dates(draft) == [expected_due, expected_due]
    assert draft.members.count() == 2

    # A changed date is kept as typed.
    due.fill("2029-06-30")
    save(page)
    expect(due).to_have_value("2029-06-30")
    assert due_dates(draft)[0] == date(2029, 6, 30)
    traffic.assert_local_and_clean()


def test_a_form_error_is_summarised_at_the_top_and_links_to_the_field(
    signed_in, draft, applicant, live_server
):
    page, traffic = signed_in(applicant)
    page.goto(f"{live_server.url}/registration/{draft.pk}/edit/members/")
    # A third investor's amount without a name: the row is filled in, so it is checked.
    page.locator("input[name='members-2-amount_1']").fill("1000")
    save(page)

    summary = page.get_by_test_id("form-errors")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("尚未保存")
    link = summary.get_by_role("link", name="第 3 行 姓名或名称")
    expect(link).to_be_visible()
    form_top = page.get_by_test_id("section-form").bounding_box()
    summary_box = summary.bounding_box()
    assert summary_box is not None
    assert form_top is not None
    assert summary_box["y"] < form_top["y"]  # at the top, before the fields
    link.click()
    expect(page.locator("input[name='members-2-name']")).to_be_focused()
    # Nothing was saved; what was typed is still there to correct.
    assert draft.members.count() == 2
    expect(page.locator("input[name='members-2-amount_1']")).to_have_value("1000")
    traffic.assert_local_and_clean(expected=((400, f"/registration/{draft.pk}/edit/members/"),))
