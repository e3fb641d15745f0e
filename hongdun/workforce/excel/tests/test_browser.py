"""The Excel import in a real browser (headless Chromium through Playwright): a personnel-office
clerk uploads an attendance file with two bad rows, reads the two row errors, fixes the file,
imports it, sees the result, and exports the same template back with the same rows.
Screenshots: workforce-excel-*.png (hongdun.testing.browser)."""

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from hongdun.accounts.models import User
from hongdun.accounts.roles import Role
from hongdun.testing.browser import BrowserPages, Traffic, assert_styled, screenshot
from hongdun.workforce.excel.tests.helpers import ATTENDANCE_HEADERS, read_xlsx, xlsx
from hongdun.workforce.models import Attendance

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


ROWS = [
    ["2007-PX-001", 1, "BT001", "王建国", "出席", None],
    ["2007-PX-001", 1, "BT999", "王建国", "出席", None],  # bad: no such employee number
    ["2007-PX-001", 2, "BT002", "李秀英", "旷工", None],  # bad: not an attendance status
    ["2007-PX-001", 2, "BT003", "张伟", "迟到", 2],
]


@pytest.fixture
def signed_in(browser_pages: BrowserPages) -> Callable[[User, str], Page]:
    def open_(user: User, path: str) -> Page:
        page, traffic = browser_pages.open(path, user, timeout_ms=20_000)
        page.traffic = traffic  # type: ignore[attr-defined]
        return page

    return open_


def test_clerk_fixes_two_bad_rows_imports_and_exports_the_same_rows(
    signed_in: Callable[[User, str], Page],
    make_user: Callable[..., User],
    bureau: Any,
    people: Any,
    training: Any,
    tmp_path: Path,
) -> None:
    clerk = make_user(Role.PERSONNEL, bureau["personnel-office"])
    page = signed_in(clerk, "/staff/workforce/excel/")
    assert_styled(page)
    expect(page.get_by_test_id("kind-attendance")).to_be_visible()
    page.get_by_test_id("kind-attendance").get_by_role("link", name="导入").click()

    upload_file = tmp_path / "培训出勤.xlsx"
    upload_file.write_bytes(xlsx(ATTENDANCE_HEADERS, ROWS, sheet_title="培训出勤"))
    page.locator("input[type=file]").set_input_files(str(upload_file))
    page.get_by_role("button", name="上传并检查").click()

    errors = page.get_by_test_id("row-error")
    expect(errors).to_have_count(2)
    expect(page.get_by_test_id("job-invalid")).to_contain_text("有 2 行存在错误")
    rows = [errors.nth(i).get_by_test_id("row-error-row").inner_text() for i in range(2)]
    columns = [errors.nth(i).get_by_test_id("row-error-column").inner_text() for i in range(2)]
    assert (rows, columns) == (["3", "4"], ["人员编号", "出勤"])
    expect(errors.nth(0)).to_contain_text("找不到人员编号“BT999”")
    expect(errors.nth(1)).to_contain_text("请从下拉列表中选择")
    expect(page.get_by_test_id("confirm")).to_have_count(0)
    screenshot(page, "workforce-excel-errors.png")
    assert Attendance.objects.count() == 0

    # The clerk corrects the two cells in the same file, as they would in Excel.
    book = load_workbook(upload_file)
    sheet = book["培训出勤"]
    sheet["C3"] = "BT101"
    sheet["D3"] = "刘洋"
    sheet["E4"] = "请假"
    book.save(upload_file)
    page.get_by_test_id("upload-again").click()
    page.locator("input[type=file]").set_input_files(str(upload_file))
    page.get_by_role("button", name="上传并检查").click()
    expect(page.get_by_test_id("count-new")).to_have_text("4")
    expect(page.get_by_test_id("count-error-rows")).to_have_text("0")
    screenshot(page, "workforce-excel-preview.png")
    page.get_by_test_id("confirm").click()
    expect(page.get_by_test_id("job-result")).to_contain_text("新增 4 条")
    screenshot(page, "workforce-excel-result.png")
    assert Attendance.objects.count() == 4

    page.get_by_role("link", name="导出培训出勤").click()
    with page.expect_download() as download_info:
        page.get_by_role("button", name="导出 Excel").click()
    exported_path = tmp_path / "exported.xlsx"
    download_info.value.save_as(exported_path)
    exported = read_xlsx(exported_path.read_bytes(), "培训出勤")
    assert exported[0] == ATTENDANCE_HEADERS
    fixed = load_workbook(upload_file, read_only=True)
    imported = [list(r) for r in fixed["培训出勤"].iter_rows(min_row=2, values_only=True)]

    def comparable(row: list[Any]) -> tuple[Any, ...]:
        # Blank hours are filled from the session on import; compare everything else as typed.
        return tuple(row[:5])

    assert sorted(map(comparable, exported[1:])) == sorted(map(comparable, imported))
    hours = {r[2]: r[5] for r in exported[1:]}
    assert Decimal(str(hours["BT001"])) == Decimal("3.5")
    assert Decimal(str(hours["BT003"])) == Decimal("2")
    traffic: Traffic = page.traffic  # type: ignore[attr-defined]
    assert traffic.errors == []
    assert [r for r in traffic.bad_responses if r[0] >= 500] == []
