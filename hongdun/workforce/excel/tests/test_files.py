"""Uploads are checked by content: anything that is not a usable .xlsx is refused with a message
and a fix, never a 500; workbooks written the way LibreOffice and WPS write them are read."""

import io
import re
import zipfile
from typing import Any

import pytest
from django.urls import reverse

from hongdun.workforce.excel.choices import ImportStatus
from hongdun.workforce.excel.files import import_dir
from hongdun.workforce.excel.models import ImportJob
from hongdun.workforce.excel.tests.helpers import ATTENDANCE_HEADERS, last_job, upload, xlsx

pytestmark = pytest.mark.django_db

GOOD_ROWS = [
    ["2007-PX-001", 1, "BT001", "王建国", "出席", None],
    ["2007-PX-001", 2, "BT002", "李秀英", "迟到", None],
]


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _rewrite_sheet(content: bytes, change: Any) -> bytes:
    """Rewrite sheet1's XML as another spreadsheet program would have written it."""
    source = zipfile.ZipFile(io.BytesIO(content))
    members = {name: source.read(name) for name in source.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    members[sheet] = change(members[sheet].decode()).encode()
    return _zip(members)


DOCX_TYPES = (
    b'<?xml version="1.0"?><Types><Override PartName="/word/document.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    b"</Types>"
)
XLSM_TYPES = (
    b'<Types><Override ContentType="application/vnd.ms-excel.sheet.macroEnabled.main+xml"/></Types>'
)

# (file content, words of the refusal)
REFUSED = [
    pytest.param(b"", "空的", id="empty"),
    pytest.param(
        "班次编号,课次,人员编号\n2007-PX-001,1,BT001\n".encode(), "文本文件", id="csv-renamed"
    ),
    pytest.param("班次编号\t课次\n".encode("gb18030"), "文本文件", id="gbk-text"),
    pytest.param(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "97-2003", id="xls"),
    pytest.param(bytes(range(256)) * 4, "不是 Excel 工作簿", id="binary"),
    pytest.param(b"PK\x03\x04" + b"\0" * 100, "已损坏", id="broken-zip"),
    pytest.param(_zip({"[Content_Types].xml": DOCX_TYPES}), "不是 Excel 工作簿", id="docx"),
    pytest.param(_zip({"[Content_Types].xml": XLSM_TYPES}), "含宏", id="xlsm"),
    pytest.param(_zip({"a.txt": b"0" * 5_000_000}), "解压后异常巨大", id="zip-bomb"),
]


@pytest.mark.parametrize(("content", "words"), REFUSED)
def test_files_that_are_not_xlsx_are_refused_with_a_reason(
    staff: dict[str, Any], training: Any, login: Any, content: bytes, words: str
) -> None:
    client = login(staff["personnel"])
    response = upload(client, "attendance", content, name="出勤.xlsx")
    assert response.status_code == 400
    text = response.content.decode()
    assert words in text
    assert 'data-testid="file-problem"' in text
    assert not ImportJob.objects.exists()
    assert not import_dir().exists() or not any(import_dir().iterdir())


def test_a_file_over_the_size_limit_is_refused(
    staff: dict[str, Any], training: Any, login: Any, settings: Any
) -> None:
    settings.HONGDUN = {**settings.HONGDUN, "WORKFORCE_IMPORT_MAX_BYTES": 4096}
    client = login(staff["personnel"])
    response = upload(client, "attendance", b"PK\x03\x04" + b"x" * 100_000)
    assert response.status_code == 413
    assert "文件太大" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_a_form_without_a_file_says_so(staff: dict[str, Any], login: Any) -> None:
    client = login(staff["personnel"])
    response = client.post(reverse("workforce-excel:upload", args=["attendance"]), {})
    assert response.status_code == 400
    assert 'class="error"' in response.content.decode()


# (header row, rows, words of the file-level error)
BAD_SHEETS = [
    pytest.param(ATTENDANCE_HEADERS, [], "没有数据行", id="header-only"),
    pytest.param([], [], "找不到表头", id="empty-sheet"),
    pytest.param(["姓名", "荣誉称号"], [["张三", "先进"]], "缺少必填列", id="wrong-headers"),
    pytest.param(
        [*ATTENDANCE_HEADERS, "备注"],
        [[*GOOD_ROWS[0], "x"]],
        "不是“培训出勤”模板中的列",
        id="extra",
    ),
    pytest.param(
        ["班次编号", "课次", "人员编号", "人员编号", "出勤"],
        [["2007-PX-001", 1, "BT001", "BT001", "出席"]],
        "出现了不止一次",
        id="duplicate-header",
    ),
    pytest.param(
        ["获奖单位", "荣誉称号", "荣誉类别", "所属方面", "级别", "授予机关", "年度"],
        [["政工科", "文明单位", "文明单位", "精神文明", "市级", "市委", 2007]],
        "看起来是“荣誉”模板",
        id="other-template",
    ),
]


@pytest.mark.parametrize(("headers", "rows", "words"), BAD_SHEETS)
def test_sheets_that_do_not_fit_the_template_are_invalid_with_a_reason(
    staff: dict[str, Any], training: Any, login: Any, headers: list[str], rows: Any, words: str
) -> None:
    client = login(staff["personnel"])
    response = upload(client, "attendance", xlsx(headers, rows))
    assert response.status_code == 302
    job = last_job(staff["personnel"])
    assert job.status == ImportStatus.INVALID
    assert any(words in e["message"] for e in job.errors), job.errors
    page = client.get(reverse("workforce-excel:job", args=[job.pk]))
    assert page.status_code == 200
    assert 'data-testid="file-error"' in page.content.decode()


def _libreoffice_dimension(xml: str) -> str:
    # LibreOffice and WPS sometimes leave a stale or whole-sheet dimension behind.
    return re.sub(r'<dimension ref="[^"]*"\s*/>', '<dimension ref="A1:AMJ1048576"/>', xml)


def _stale_dimension(xml: str) -> str:
    return re.sub(r'<dimension ref="[^"]*"\s*/>', '<dimension ref="A1"/>', xml)


def _no_dimension(xml: str) -> str:
    return re.sub(r'<dimension ref="[^"]*"\s*/>', "", xml)


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(_libreoffice_dimension, id="whole-sheet-dimension"),
        pytest.param(_stale_dimension, id="stale-dimension"),
        pytest.param(_no_dimension, id="no-dimension"),
    ],
)
def test_workbooks_with_the_dimensions_other_programs_write_are_read_whole(
    staff: dict[str, Any], training: Any, login: Any, change: Any
) -> None:
    client = login(staff["personnel"])
    content = _rewrite_sheet(xlsx(ATTENDANCE_HEADERS, GOOD_ROWS, sheet_title="培训出勤"), change)
    upload(client, "attendance", content)
    job = last_job(staff["personnel"])
    assert job.status == ImportStatus.READY, job.errors
    assert (job.total_rows, job.new_count) == (2, 2)


def test_wps_style_cells_are_understood(staff: dict[str, Any], training: Any, login: Any) -> None:
    """Numbers typed as text, a sheet named Sheet1, blank rows in between and spaces around
    values, as files from WPS or copy-paste often have."""
    client = login(staff["personnel"])
    rows: list[list[Any]] = [
        [" 2007-PX-001 ", "1", "BT001", "王建国 ", "出席", "3.5"],
        [None, None, None, None, None, None],
        ["2007-PX-001", 2.0, "BT002", "李秀英", " 迟到", None],
    ]
    upload(client, "attendance", xlsx(ATTENDANCE_HEADERS, rows, sheet_title="Sheet1"))
    job = last_job(staff["personnel"])
    assert job.status == ImportStatus.READY, job.errors
    assert (job.total_rows, job.new_count) == (2, 2)
