"""Row-level errors: every bad row is reported (row number, column, translated message, the fix)
before anything is written, and the importer's unit scope is enforced row by row."""

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from hongdun.workforce.excel.choices import ImportStatus
from hongdun.workforce.excel.tests.helpers import (
    ATTENDANCE_HEADERS,
    confirm,
    last_job,
    upload,
    xlsx,
)
from hongdun.workforce.models import Attendance, Person

pytestmark = pytest.mark.django_db

GOOD = ["2007-PX-001", 1, "BT001", "王建国", "出席", None]

# (row as typed, column reported, words of the message) — one file, each row one mistake.
BAD_ROWS: list[tuple[list[Any], str, str]] = [
    (["2099-XX-999", 1, "BT001", "王建国", "出席", None], "班次编号", "找不到班次编号"),
    (["2007-PX-001", 9, "BT001", "王建国", "出席", None], "课次", "找不到课次"),
    (["2007-PX-001", 1, "BT999", "", "出席", None], "人员编号", "找不到人员编号"),
    (["2007-PX-001", 1, "BT002", "王建国", "出席", None], "人员编号", "与本行姓名"),
    (["2007-PX-001", 1, "BT003", "张伟", "旷工", None], "出勤", "不是可选的值"),
    (["2007-PX-001", 2, "BT003", "张伟", "出席", "两小时"], "获得学时", "不是数字"),
    (["2007-PX-001", 2, "BT002", "李秀英", "出席", -1], "获得学时", "小于允许的最小值"),
    (["2007-PX-001", 2, "BT001", "王建国", "出席", 1.25], "获得学时", "小数位数过多"),
    (["2007-PX-001", 1, None, None, "出席", None], "人员编号", "必填项"),
    (["2007-PX-001", "一", "BT001", "王建国", "出席", None], "课次", "不是课次序号"),
    (GOOD, "课次、人员编号", "与第 2 行是同一条记录"),
    (["2007-PX-001", 1, "<script>alert(1)</script>", "", "出席", None], "人员编号", "找不到"),
    (["2007-PX-001", 1, "'; DROP TABLE x; --", "", "出席", None], "人员编号", "找不到"),
    (["2007-PX-001", 1, "BT001", "王建国🎉", "出席", None], "人员编号", "与本行姓名"),
    (["2007-PX-001", 1, "B" * 5000, "", "出席", None], "人员编号", "找不到"),
]


def test_every_bad_row_is_reported_with_column_message_and_fix_and_nothing_is_written(
    staff: dict[str, Any], training: dict[str, Any], login: Any
) -> None:
    client = login(staff["personnel"])
    rows = [GOOD] + [row for row, _column, _words in BAD_ROWS]
    upload(client, "attendance", xlsx(ATTENDANCE_HEADERS, rows))
    job = last_job(staff["personnel"])
    assert job.status == ImportStatus.INVALID
    assert job.error_row_count == len(BAD_ROWS)
    assert len(job.errors) == len(BAD_ROWS)  # one mistake, one message
    reported = {e["row"]: e for e in job.errors}
    for sheet_row, (_row, column, words) in enumerate(BAD_ROWS, start=3):
        error = reported[sheet_row]
        assert error["column"] == column, (sheet_row, error)
        assert words in error["message"], (sheet_row, error)
        assert error["fix"], (sheet_row, error)
    assert Attendance.objects.count() == 0

    page = client.get(reverse("workforce-excel:job", args=[job.pk])).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page
    assert 'data-testid="confirm"' not in page
    confirm(client, job)
    job.refresh_from_db()
    assert job.status == ImportStatus.INVALID
    assert Attendance.objects.count() == 0


def test_messages_are_translated_for_english_users(
    staff: dict[str, Any], training: dict[str, Any], login: Any
) -> None:
    client = login(staff["personnel"])
    with translation.override("en"):
        client.cookies["django_language"] = "en"
        upload(client, "attendance", xlsx(ATTENDANCE_HEADERS, [BAD_ROWS[4][0]]))
    error = last_job(staff["personnel"]).errors[0]
    assert "is not one of the allowed values" in error["message"]
    assert "出席" in error["fix"]  # the values to pick stay as the template has them


def test_a_row_for_another_unit_is_a_row_error_for_a_unit_scoped_clerk(
    staff: dict[str, Any], training: dict[str, Any], login: Any
) -> None:
    client = login(staff["personnel_kundulun"])
    rows = [
        ["2007-PX-001", 1, "BT003", "张伟", "出席", None],  # Kundulun's station: in scope
        ["2007-PX-001", 1, "BT101", "刘洋", "出席", None],  # Jiuyuan: not
    ]
    upload(client, "attendance", xlsx(ATTENDANCE_HEADERS, rows))
    job = last_job(staff["personnel_kundulun"])
    assert job.status == ImportStatus.INVALID
    assert [(e["row"], e["column"]) for e in job.errors] == [(3, "人员编号")]
    assert "不在您的管理范围" in job.errors[0]["message"]
    assert Attendance.objects.count() == 0


CADRE_HEADERS = [
    "人员编号",
    "姓名",
    "性别",
    "出生日期",
    "民族",
    "政治面貌",
    "人员类别",
    "人员状态",
    "所在单位",
]


def cadre_row(number: str, name: str, unit: str, born: Any = dt.date(1980, 1, 2)) -> list[Any]:
    return [number, name, "男", born, "汉族", "中共党员", "公务员", "在职", unit]


def test_a_clerk_cannot_pull_another_units_person_into_their_unit(
    staff: dict[str, Any], bureau: Any, login: Any
) -> None:
    kundulun = bureau["kundulun"].name
    client = login(staff["personnel_kundulun"])
    rows = [
        cadre_row("BT101", "刘洋", kundulun),  # exists in Jiuyuan, out of scope
        cadre_row("BT201", "新同志", bureau["jiuyuan"].name),  # a new person for Jiuyuan
        cadre_row("BT202", "赵敏", kundulun),  # fine
    ]
    upload(client, "cadres", xlsx(CADRE_HEADERS, rows))
    job = last_job(staff["personnel_kundulun"])
    assert job.status == ImportStatus.INVALID
    assert sorted(e["row"] for e in job.errors) == [2, 3]
    assert Person.objects.get(employee_number="BT101").unit.code == "jiuyuan"
    assert not Person.objects.filter(employee_number__in=["BT201", "BT202"]).exists()


@pytest.mark.parametrize(
    ("cell", "expected_words"),
    [
        ("1980-02-30", "不是存在的日期"),
        ("明年", "不是日期"),
        (True, "不是日期"),
        (10**7, "不是日期"),
    ],
)
def test_bad_dates_name_the_column_and_the_format(
    staff: dict[str, Any], bureau: Any, login: Any, cell: Any, expected_words: str
) -> None:
    client = login(staff["personnel"])
    upload(client, "cadres", xlsx(CADRE_HEADERS, [cadre_row("BT301", "甲", "政工科", cell)]))
    errors = last_job(staff["personnel"]).errors
    assert [(e["row"], e["column"]) for e in errors] == [(2, "出生日期")]
    assert expected_words in errors[0]["message"]
    assert "2008-03-01" in errors[0]["fix"]
