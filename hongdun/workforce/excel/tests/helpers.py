"""Helpers of the Excel tests: build workbooks as users do, read them back, drive the pages."""

import io
from collections.abc import Sequence
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from hongdun.accounts.models import User
from hongdun.workforce.excel.models import ImportJob
from hongdun.workforce.excel.registry import kind_get


def xlsx(
    headers: Sequence[Any],
    rows: Sequence[Sequence[Any]],
    *,
    sheet_title: str = "Sheet1",
    number_formats: dict[int, str] | None = None,
) -> bytes:
    """A workbook with one sheet: the header row, then the rows (as a user would type them)."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = sheet_title
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    for column, number_format in (number_formats or {}).items():
        for cells in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
            for cell in cells:
                cell.number_format = number_format
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def kind_xlsx(kind_code: str, rows: Sequence[Sequence[Any]]) -> bytes:
    """A filled-in copy of a kind's template as Excel or WPS saves it: the template's sheet and
    full header row, then the rows."""
    kind = kind_get(kind_code)
    headers = [c.column_name for c in kind.all_columns()]
    return xlsx(headers, rows, sheet_title=kind.sheet_title)


def read_xlsx(content: bytes, sheet: str | None = None) -> list[list[Any]]:
    book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    worksheet = book[sheet] if sheet else book.worksheets[0]
    rows = [list(r) for r in worksheet.iter_rows(values_only=True)]
    book.close()
    return rows


def upload(client: Client, kind: str, content: bytes, name: str = "data.xlsx") -> Any:
    return client.post(
        reverse("workforce-excel:upload", args=[kind]),
        {"file": SimpleUploadedFile(name, content)},
    )


def last_job(user: User) -> ImportJob:
    return ImportJob.objects.filter(created_by=user).latest("id")


def confirm(client: Client, job: ImportJob) -> ImportJob:
    client.post(reverse("workforce-excel:job-confirm", args=[job.pk]))
    job.refresh_from_db()
    return job


ATTENDANCE_HEADERS = ["班次编号", "课次", "人员编号", "姓名", "出勤", "获得学时"]
