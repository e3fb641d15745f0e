"""Uploaded workbooks: checked by content, kept outside the web root, read row by row; the
stored files of background exports.

Nothing here trusts the file name or the browser's content type. A file is accepted only if it is
a real Office Open XML spreadsheet (a zip whose ``[Content_Types].xml`` declares a workbook),
small enough, and not a zip bomb; every refusal is a :class:`FileRefusedError` with a translated
message that says what is wrong and what to do, never a 500.
"""

import hashlib
import uuid
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from hongdun.core.exceptions import ApplicationError
from hongdun.core.sizes import human_size

ZIP_MAGIC = b"PK\x03\x04"
# Excel 97-2003 (.xls) files and password-protected .xlsx files are OLE2 compound documents.
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
WORKBOOK_CONTENT_TYPE = "spreadsheetml.sheet.main+xml"
MACRO_CONTENT_TYPE = "ms-excel.sheet.macroEnabled.main+xml"
# A real workbook of the largest allowed size unpacks to well under this; more means a zip bomb.
MAX_UNPACKED_RATIO = 200
MAX_ZIP_MEMBERS = 5_000
IMPORT_SUBDIR = "workforce-imports"
EXPORT_SUBDIR = "workforce-exports"


def max_upload_bytes() -> int:
    return int(settings.HONGDUN.get("WORKFORCE_IMPORT_MAX_BYTES", 20 * 1024 * 1024))


def max_data_rows() -> int:
    return int(settings.HONGDUN.get("WORKFORCE_IMPORT_MAX_ROWS", 100_000))


class FileRefusedError(ApplicationError):
    """The uploaded file as a whole cannot be used; `fix` tells the user what to do instead."""

    def __init__(self, message: str, fix: str):
        super().__init__(message, field="file", extra={"fix": fix})
        self.fix = fix


def _looks_like_text(head: bytes) -> bool:
    for encoding in ("utf-8", "gb18030"):
        try:
            text = head.decode(encoding)
        except UnicodeDecodeError:
            continue
        return all(ch.isprintable() or ch in "\r\n\t" for ch in text[:400])
    return False


def check_upload_size(size: int) -> None:
    limit = max_upload_bytes()
    if size <= 0:
        raise FileRefusedError(
            _("上传的文件是空的（0 字节）。"),
            _("请在 Excel 或 WPS 中打开模板、填写后保存，再上传保存后的 .xlsx 文件。"),
        )
    if size > limit:
        raise FileRefusedError(
            _("文件太大（%(size)s），最大允许 %(limit)s。")
            % {"size": human_size(size), "limit": human_size(limit)},
            _("请把数据分成几个文件分别导入，或删除文件中的图片和多余的工作表后再上传。"),
        )


def check_workbook_bytes(head: bytes, path: Path) -> None:
    """Refuse anything that is not an .xlsx workbook, saying what it looks like instead."""
    if head.startswith(OLE2_MAGIC):
        raise FileRefusedError(
            _("该文件是旧版 Excel 97-2003（.xls）文件或设置了打开密码的文件，无法读取。"),
            _("请在 Excel 或 WPS 中打开它，取消密码，并“另存为”Excel 工作簿（.xlsx）后重新上传。"),
        )
    if not head.startswith(ZIP_MAGIC):
        if _looks_like_text(head):
            raise FileRefusedError(
                _("该文件是文本文件（例如 CSV），不是 Excel 工作簿，即使扩展名是 .xlsx。"),
                _("请用下载的 .xlsx 模板填写，或在 Excel/WPS 中打开该文件后“另存为”.xlsx。"),
            )
        raise FileRefusedError(
            _("该文件不是 Excel 工作簿（.xlsx）。"),
            _("请下载本页的导入模板，在 Excel 或 WPS 中填写并保存为 .xlsx 后上传。"),
        )
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            if len(members) > MAX_ZIP_MEMBERS:
                raise FileRefusedError(
                    _("该文件内部结构异常（包含 %(n)d 个部件），不像正常的 Excel 工作簿。")
                    % {"n": len(members)},
                    _("请用下载的模板重新填写后上传。"),
                )
            unpacked = sum(member.file_size for member in members)
            if unpacked > MAX_UNPACKED_RATIO * max(path.stat().st_size, 1) or unpacked > (
                MAX_UNPACKED_RATIO * max_upload_bytes()
            ):
                raise FileRefusedError(
                    _("该文件解压后异常巨大（%(size)s），已拒绝读取。")
                    % {"size": human_size(unpacked)},
                    _("请用下载的模板重新填写后上传。"),
                )
            try:
                content_types = archive.read("[Content_Types].xml").decode("utf-8", "replace")
            except KeyError:
                content_types = ""
    except zipfile.BadZipFile as error:
        raise FileRefusedError(
            _("该文件已损坏，无法作为 Excel 工作簿打开。"),
            _("请在 Excel 或 WPS 中重新保存为 .xlsx，确认能正常打开后再上传。"),
        ) from error
    if MACRO_CONTENT_TYPE in content_types:
        raise FileRefusedError(
            _("该文件是含宏的工作簿（.xlsm），出于安全原因不接受。"),
            _("请“另存为”普通的 Excel 工作簿（.xlsx）后上传。"),
        )
    if WORKBOOK_CONTENT_TYPE not in content_types:
        raise FileRefusedError(
            _("该文件是压缩包或其他 Office 文档（例如 Word），不是 Excel 工作簿。"),
            _("请上传用导入模板填写的 .xlsx 文件。"),
        )


def import_dir() -> Path:
    return Path(settings.PRIVATE_ROOT) / IMPORT_SUBDIR


@dataclass(frozen=True, slots=True)
class StoredFile:
    name: str  # relative to import_dir()
    size: int
    sha256: str


def store_upload(chunks: Iterable[bytes]) -> StoredFile:
    """Write the upload under PRIVATE_ROOT with a random name, check it, and return its details.

    The file is removed again if any check refuses it.
    """
    directory = import_dir()
    directory.mkdir(parents=True, exist_ok=True)
    name = f"{uuid.uuid4().hex}.xlsx"
    path = directory / name
    digest = hashlib.sha256()
    size = 0
    limit = max_upload_bytes()
    head = b""
    try:
        with path.open("wb") as out:
            for chunk in chunks:
                size += len(chunk)
                if size > limit:
                    check_upload_size(size)
                if len(head) < 512:
                    head += chunk[: 512 - len(head)]
                digest.update(chunk)
                out.write(chunk)
        check_upload_size(size)
        check_workbook_bytes(head, path)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return StoredFile(name=name, size=size, sha256=digest.hexdigest())


def _checked_name(name: str) -> str:
    # Stored names are generated here (hex + .xlsx); refuse anything else rather than follow it.
    if not name or "/" in name or "\\" in name or name.startswith("."):
        raise ValueError("invalid stored file name")
    return name


def stored_path(name: str) -> Path:
    return import_dir() / _checked_name(name)


def delete_stored(name: str) -> None:
    if name:
        stored_path(name).unlink(missing_ok=True)


def export_dir() -> Path:
    return Path(settings.PRIVATE_ROOT) / EXPORT_SUBDIR


def new_export_name() -> str:
    return f"{uuid.uuid4().hex}.xlsx"


def export_path(name: str) -> Path:
    """Where a background export is stored: under PRIVATE_ROOT, outside any web root."""
    return export_dir() / _checked_name(name)


def delete_export(name: str) -> None:
    if name:
        export_path(name).unlink(missing_ok=True)


@dataclass(slots=True)
class SheetRows:
    """The data of one sheet: its header cells and the non-empty rows after them."""

    sheet_title: str
    headers: list[str]
    # (1-based row number in the sheet, values in header order)
    rows: list[tuple[int, tuple[Any, ...]]]


def _header_text(value: Any) -> str:
    if value is None:
        return ""
    return " ".join(str(value).split())


def read_sheet(
    path: Path,
    *,
    preferred_titles: Iterable[str],
    skip_titles: Iterable[str],
    on_rows_read: Callable[[int], None] | None = None,
) -> SheetRows:
    """Read the data sheet in openpyxl's read-only mode, values only.

    The sheet's stored dimension is ignored (``reset_dimensions``): LibreOffice and WPS sometimes
    write a wrong one, which makes read-only mode stop early or pad a million empty rows.
    Fully empty rows are skipped but keep their place in the row numbering the user sees.
    """
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many types on malformed parts
        raise FileRefusedError(
            _("无法读取该工作簿的内容（%(reason)s）。") % {"reason": type(error).__name__},
            _("请在 Excel 或 WPS 中打开它，确认内容正常后重新保存为 .xlsx 并上传。"),
        ) from error
    try:
        worksheet = _pick_sheet(workbook, preferred_titles, skip_titles)
        worksheet.reset_dimensions()
        return _read_rows(worksheet, on_rows_read)
    finally:
        workbook.close()


def _pick_sheet(workbook: Any, preferred: Iterable[str], skip: Iterable[str]) -> Any:
    titles = list(workbook.sheetnames)
    for title in preferred:
        if title in titles:
            return workbook[title]
    skipped = set(skip)
    for title in titles:
        sheet = workbook[title]
        if title not in skipped and hasattr(sheet, "iter_rows"):
            return sheet
    raise FileRefusedError(
        _("该工作簿中没有可导入的数据工作表。"),
        _("请把数据填在模板的第一个工作表中，第一行保留表头。"),
    )


def _read_rows(worksheet: Any, on_rows_read: Callable[[int], None] | None) -> SheetRows:
    limit = max_data_rows()
    iterator: Iterator[tuple[Any, ...]] = worksheet.iter_rows(values_only=True)
    first = next(iterator, None)
    headers = [_header_text(v) for v in (first or ())]
    while headers and not headers[-1]:
        headers.pop()
    if not headers:
        raise FileRefusedError(
            _("工作表“%(sheet)s”的第一行是空的，找不到表头。") % {"sheet": worksheet.title},
            _("请使用下载的模板：第一行是列名，数据从第二行开始填写。"),
        )
    width = len(headers)
    rows: list[tuple[int, tuple[Any, ...]]] = []
    for number, raw in enumerate(iterator, start=2):
        values = tuple(raw[:width]) + (None,) * (width - len(raw))
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue
        rows.append((number, values))
        if len(rows) > limit:
            raise FileRefusedError(
                _("文件中的数据超过 %(limit)s 行。") % {"limit": f"{limit:,}"},
                _("请把数据分成每个不超过 %(limit)s 行的几个文件分别导入。")
                % {"limit": f"{limit:,}"},
            )
        if on_rows_read is not None and len(rows) % 5000 == 0:
            on_rows_read(len(rows))
    return SheetRows(sheet_title=worksheet.title, headers=headers, rows=rows)
