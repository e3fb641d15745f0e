"""The whole registration path in a real browser (headless Chromium through Playwright), as a new
applicant and a clerk would walk it: log in, reserve a name, apply to establish an LLC, receive a
correction request, correct and resubmit, get approved, download the licence, and find the new
enterprise in the public query. Screenshots: registration-*.png (hongdun.testing.browser).
"""

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from hongdun.accounts.models import User
from hongdun.accounts.roles import Role
from hongdun.core.models import Notification
from hongdun.enterprises import uscc
from hongdun.orgs.fields import INDENT
from hongdun.registration.choices import ApplicationStatus
from hongdun.registration.models import Application, ScopeCatalogueEntry
from hongdun.registration.prereview.samples import COMPANY_MATERIAL_KINDS, resident_id
from hongdun.registration.scope_catalogue import SUBSET_FILE, scope_catalogue_import
from hongdun.testing.browser import VIEWPORT, BrowserPages, Traffic, assert_styled, screenshot
from hongdun.testing.pdf import pdf_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The machine may be busy; the server work behind a page (PDF rendering, the name index) can take
# seconds, so assertions wait longer than Playwright's 5 s default.
SLOW = 30_000
NAME = "包头市沃动软件有限公司"
MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


@pytest.fixture
def units(bureau):
    units = bureau
    if not ScopeCatalogueEntry.objects.exists():  # a transactional test database starts empty
        scope_catalogue_import(path=SUBSET_FILE, source="代表性子集（非官方）")
    return units


class DownloadTraffic(Traffic):
    """`Traffic`, less the licence download: Chromium reports a navigation that turns into a
    download as an aborted request."""

    def may_be_aborted(self, path: str) -> bool:
        return "/documents/" in path or super().may_be_aborted(path)


@pytest.fixture
def signed_in(browser_pages: BrowserPages) -> Callable[[User, str], tuple[Page, Traffic]]:
    def open_(user: User, path: str) -> tuple[Page, Traffic]:
        return browser_pages.open(path, user, traffic=DownloadTraffic, timeout_ms=30_000)

    return open_


def save_section(page: Page) -> None:
    with page.expect_navigation():
        page.get_by_test_id("save-button").click()


def upload(page: Page, tmp_path: Path, kind: str) -> None:
    path = tmp_path / f"{kind}.pdf"
    path.write_bytes(MINIMAL_PDF)
    form = page.get_by_test_id("upload-form")
    form.locator("select[name=kind]").select_option(kind)
    form.locator("input[type=file]").set_input_files(str(path))
    with page.expect_navigation():
        form.locator("button[type=submit]").click()


def test_a_new_applicant_gets_registered(
    signed_in, units, make_user, tmp_path, live_server, browser
):
    applicant = make_user(Role.APPLICANT, full_name="冯小满", email="feng@example.invalid")
    clerk = make_user(Role.REGISTRAR, units["kundulun"], full_name="登记员甲")

    # 1. A new applicant logs in and reserves a name.
    page, traffic = signed_in(applicant, "/names/declare/")
    assert_styled(page)
    page.get_by_test_id("registry").select_option(
        label=INDENT + "包头市市场监督管理局昆都仑区分局（150203）"  # a branch, under the city
    )
    page.get_by_test_id("industry").fill("软件")
    page.get_by_test_id("name-1").fill(NAME)
    expect(page.get_by_test_id("verdict-1")).to_have_attribute("data-verdict", "pass", timeout=SLOW)
    page.get_by_test_id("declare-submit").click()
    page.wait_for_url(re.compile(r"/names/\d+/$"))
    expect(page.get_by_test_id("status")).to_have_text("已保留", timeout=SLOW)

    # 2. The applicant starts an LLC establishment with that name and fills every section.
    page.goto(f"{live_server.url}/registration/new/")
    start = page.get_by_test_id("start-establishment")
    start.locator("select[name=entity_type]").select_option("llc")
    with page.expect_navigation():
        start.locator("button[type=submit]").click()
    draft = Application.objects.get(applicant=applicant)
    detail = f"{live_server.url}/registration/{draft.pk}/"

    page.goto(f"{detail}edit/basic/")
    page.locator("input[name=registered_capital]").fill("1000000.00")
    page.locator("input[name=address]").fill("内蒙古自治区包头市昆都仑区钢铁大街66号")
    page.locator("select[name=address_division_code]").select_option("150203")
    save_section(page)

    page.goto(f"{detail}edit/members/")
    page.locator("select[name=members-0-role]").select_option("shareholder")
    page.locator("input[name=members-0-name]").fill("冯小满")
    page.locator("input[name=members-0-id_number]").fill(resident_id(11))
    page.locator("input[name=members-0-amount_1]").fill("1000000.00")
    page.locator("select[name=members-0-form_1]").select_option("money")
    page.locator("input[name=members-0-due_date_1]").fill("2030-12-31")
    save_section(page)

    page.goto(f"{detail}edit/officers/")
    page.locator("input[name=officers-0-name]").fill("冯小满")
    page.locator("input[name=officers-0-id_number]").fill(resident_id(11))
    for flag in ("is_director", "is_chair", "is_manager", "is_legal_representative"):
        page.locator(f"input[name=officers-0-{flag}]").check()
    save_section(page)
    page.goto(f"{detail}edit/officers/")
    page.locator("input[name=officers-1-name]").fill("韩守正")
    page.locator("input[name=officers-1-id_number]").fill(resident_id(901))
    page.locator("input[name=officers-1-is_supervisor]").check()
    save_section(page)

    page.goto(f"{detail}edit/scope/")
    page.get_by_test_id("scope-search").fill("软件开发")
    page.locator("#scope-results input[value=I6511-12]").check()
    save_section(page)
    expect(page.get_by_test_id("scope-chosen")).to_contain_text("软件开发", timeout=SLOW)

    page.goto(f"{detail}materials/")
    for kind in COMPANY_MATERIAL_KINDS:
        upload(page, tmp_path, kind)
    expect(page.get_by_test_id("material-row")).to_have_count(
        len(COMPANY_MATERIAL_KINDS), timeout=SLOW
    )

    page.goto(detail)
    submit = page.get_by_test_id("submit-button")
    expect(submit).to_be_enabled(timeout=SLOW)
    with page.expect_navigation():
        submit.click()
    expect(page.get_by_test_id("status")).to_have_text("已提交", timeout=SLOW)

    # 3. The clerk finds it in the queue and requires a correction, listing what to fix at once.
    staff, staff_traffic = signed_in(clerk, "/staff/registration/")
    assert_styled(staff)
    row = staff.get_by_test_id("queue-row").filter(has_text=NAME)
    expect(row).to_have_count(1, timeout=SLOW)
    expect(row.get_by_test_id("deadline")).to_be_visible(timeout=SLOW)
    screenshot(staff, "registration-queue.png")
    row.get_by_role("link").first.click()
    staff.wait_for_url(re.compile(r"/staff/registration/\d+/$"))
    expect(staff.get_by_test_id("status")).to_have_text("已提交", timeout=SLOW)
    staff.get_by_test_id("correction-form").locator("xpath=..").locator("summary").click()
    staff.locator("textarea[name=extra]").fill("公司章程缺少股东签字页，请上传签字后的章程。")
    staff.get_by_test_id("require-correction").click()
    with staff.expect_navigation():  # the confirmation says what will happen
        staff.get_by_test_id("confirm-ok").click()
    expect(staff.get_by_test_id("status")).to_have_text("需补正", timeout=SLOW)
    expect(staff.get_by_test_id("corrections")).to_contain_text(
        "公司章程缺少股东签字页", timeout=SLOW
    )

    # 4. The applicant reads the list, starts the corrected application, re-uploads and resubmits.
    page.goto(detail)
    expect(page.get_by_test_id("correction-request")).to_contain_text(
        "公司章程缺少股东签字页", timeout=SLOW
    )
    with page.expect_navigation():
        page.get_by_test_id("correct-button").click()
    corrected = Application.objects.get(supersedes=draft)
    assert page.url.endswith(f"/registration/{corrected.pk}/")
    page.goto(f"{live_server.url}/registration/{corrected.pk}/materials/")
    upload(page, tmp_path, "articles")
    page.goto(f"{live_server.url}/registration/{corrected.pk}/")
    with page.expect_navigation():
        page.get_by_test_id("submit-button").click()
    expect(page.get_by_test_id("status")).to_have_text("已提交", timeout=SLOW)
    draft.refresh_from_db()
    assert draft.status == ApplicationStatus.SUPERSEDED

    # 5. The clerk sees the corrected application linked to the first one and approves it.
    staff.goto(f"{live_server.url}/staff/registration/{corrected.pk}/")
    expect(staff.get_by_test_id("supersedes")).to_be_visible(timeout=SLOW)
    staff.get_by_test_id("accept").click()
    with staff.expect_navigation():  # the confirmation says what will happen
        staff.get_by_test_id("confirm-ok").click()
    expect(staff.get_by_test_id("status")).to_have_text("已受理", timeout=SLOW)
    staff.get_by_test_id("approve").click()
    with staff.expect_navigation():  # the confirmation says what will happen
        staff.get_by_test_id("confirm-ok").click()
    expect(staff.get_by_test_id("status")).to_have_text("准予登记", timeout=SLOW)
    screenshot(staff, "registration-approved.png")
    corrected.refresh_from_db()
    enterprise = corrected.enterprise
    assert enterprise is not None
    assert uscc.validate(enterprise.uscc, strict=True) == enterprise.uscc

    # 6. The applicant is told, and downloads the licence from the application page.
    assert Notification.objects.filter(user=applicant, title__startswith="准予设立登记").exists()
    page.goto(f"{live_server.url}/registration/{corrected.pk}/")
    expect(page.get_by_test_id("issued-documents")).to_be_visible(timeout=SLOW)
    with page.expect_download() as info:
        page.get_by_test_id("download-licence").click()
    assert info.value.suggested_filename == f"营业执照-{enterprise.uscc}.pdf"
    pdf_path = info.value.path()
    assert pdf_path is not None
    text = pdf_text(Path(pdf_path).read_bytes(), tmp_path)
    assert enterprise.uscc in text
    assert NAME in text
    screenshot(page, "registration-licence-download.png")

    # 7. Anyone finds the new enterprise in the public query.
    public = browser.new_context(viewport=VIEWPORT, locale="zh-CN")
    visitor = public.new_page()
    visitor.goto(f"{live_server.url}/enterprises/?q=沃动软件")
    expect(visitor.locator("main")).to_contain_text(NAME, timeout=SLOW)
    visitor.goto(f"{live_server.url}/enterprises/{enterprise.uscc}/")
    expect(visitor.locator("main")).to_contain_text(NAME, timeout=SLOW)
    public.close()
    traffic.assert_local_and_clean()
    staff_traffic.assert_local_and_clean()
