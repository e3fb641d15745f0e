"""Importing the legacy 2008 classes (services_legacy.py): good files, every bad row listed with
nothing written, re-import replacing a row, deletion, and the file checks."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from openpyxl import Workbook

from hongdun.accounts.roles import Role
from hongdun.core.exceptions import ApplicationError
from hongdun.core.models import AuditLog
from hongdun.credit.models import LegacyClassification
from hongdun.credit.services_legacy import (
    COLUMNS,
    INSTRUCTIONS_TITLE,
    SHEET_TITLE,
    LegacyImportError,
    legacy_delete,
    legacy_import,
    legacy_template,
)
from hongdun.enterprises.tests.factories import register
from hongdun.workforce.excel.files import FileRefusedError

pytestmark = pytest.mark.django_db
REGISTRATION_NUMBER = "150203000012345"


def workbook(rows: list[list[Any]], *, headers: tuple[str, ...] = COLUMNS) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET_TITLE
    sheet.append(list(headers))
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def company(bureau):
    return register("包头市昆都仑区历史分类测试有限公司", bureau["kundulun"])


@pytest.fixture
def admin(make_user, bureau):
    return make_user(Role.ADMINISTRATOR, bureau["baotou"])


def good_rows(company) -> list[list[Any]]:
    return [
        [
            company.uscc,
            company.name,
            2009,
            "守信",
            datetime.date(2009, 4, 1),
            "包头市工商局",
            "连续三年年检合格",
        ],
        [
            REGISTRATION_NUMBER,
            "包头市某某商贸有限公司",
            "2010",
            "黑",
            "2010/05/06",
            "昆都仑分局",
            "吊销",
        ],
        [company.uscc, company.name, 2011, "C类", None, "", ""],
    ]


def test_a_good_file_is_imported_and_matched_to_the_register(admin, company) -> None:
    outcome = legacy_import(actor=admin, chunks=[workbook(good_rows(company))])
    assert (outcome.created, outcome.updated, outcome.matched) == (3, 0, 2)
    assert outcome.unmatched_codes == [REGISTRATION_NUMBER]
    rows = {(entry.uscc, entry.year): entry for entry in LegacyClassification.objects.all()}
    assert rows[(company.uscc, 2009)].legacy_class == "A"
    assert rows[(company.uscc, 2009)].enterprise == company
    assert rows[(company.uscc, 2009)].classified_on == datetime.date(2009, 4, 1)
    assert rows[(REGISTRATION_NUMBER, 2010)].legacy_class == "D"
    assert rows[(REGISTRATION_NUMBER, 2010)].enterprise is None
    assert rows[(REGISTRATION_NUMBER, 2010)].classified_on == datetime.date(2010, 5, 6)
    assert rows[(company.uscc, 2011)].legacy_class == "C"
    assert AuditLog.objects.filter(action="credit.legacy.import").count() == 3
    assert all(entry.imported_by == admin for entry in rows.values())


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("A", "A"), ("a", "A"), ("守信企业", "A"), ("绿色", "A"),
        ("B类", "B"), ("警示", "B"), ("蓝", "B"),
        ("失信", "C"), ("黄牌", "C"),
        ("严重失信企业", "D"), ("黑", "D"), ("D类 严重失信企业（黑）", "D"),
    ],
)  # fmt: skip
def test_every_way_of_writing_a_class(admin, company, word: str, expected: str) -> None:
    legacy_import(actor=admin, chunks=[workbook([[company.uscc, company.name, 2009, word]])])
    assert LegacyClassification.objects.get().legacy_class == expected


def test_a_re_import_replaces_the_year_and_keeps_the_others(admin, company) -> None:
    legacy_import(actor=admin, chunks=[workbook(good_rows(company))])
    changed = good_rows(company)
    changed[0][3] = "警示"
    outcome = legacy_import(actor=admin, chunks=[workbook(changed)])
    assert (outcome.created, outcome.updated, outcome.unchanged) == (0, 1, 2)
    assert LegacyClassification.objects.get(uscc=company.uscc, year=2009).legacy_class == "B"
    entry = AuditLog.objects.get(action="credit.legacy.reimport")
    assert entry.before is not None
    assert entry.after is not None
    assert (entry.before["legacy_class"], entry.after["legacy_class"]) == ("A", "B")


@pytest.mark.parametrize(
    ("change", "column", "message"),
    [
        ({0: "91150203MA0000000X"}, "统一社会信用代码或注册号", "不是有效的统一社会信用代码"),
        ({0: "1502030"}, "统一社会信用代码或注册号", "注册号（15位数字）"),
        ({0: None}, "统一社会信用代码或注册号", "必填"),
        ({1: ""}, "企业名称", "必填"),
        ({1: "名" * 201}, "企业名称", "200"),
        ({2: "二〇〇九"}, "年度", "四位年份"),
        ({2: 2020}, "年度", "2001–2014"),
        ({3: "优"}, "分类", "A/B/C/D"),
        ({3: None}, "分类", "必填"),
        ({4: "2009年4月1日"}, "分类日期", "不是日期"),
        ({5: "局" * 101}, "分类机关", "100"),
    ],
)
def test_a_bad_row_is_named_and_nothing_is_written(
    admin, company, change: dict[int, Any], column: str, message: str
) -> None:
    rows = good_rows(company)
    for index, value in change.items():
        rows[1][index] = value
    with pytest.raises(LegacyImportError) as refused:
        legacy_import(actor=admin, chunks=[workbook(rows)])
    assert [(e.row, e.column) for e in refused.value.errors] == [(3, column)]
    assert message in refused.value.errors[0].message
    assert LegacyClassification.objects.count() == 0
    assert not AuditLog.objects.filter(action__startswith="credit.legacy").exists()


def test_every_bad_row_is_listed_at_once(admin, company) -> None:
    rows = good_rows(company)
    rows[0][3] = "优"
    rows[2][2] = "x"
    rows.append(list(rows[1]))  # the same code and year twice
    with pytest.raises(LegacyImportError) as refused:
        legacy_import(actor=admin, chunks=[workbook(rows)])
    assert [(e.row, e.column) for e in refused.value.errors] == [
        (2, "分类"),
        (4, "年度"),
        (5, "统一社会信用代码或注册号"),
    ]
    assert "第3行" in refused.value.errors[2].message
    assert LegacyClassification.objects.count() == 0


def test_a_missing_column_and_an_empty_sheet_are_refused(admin, company) -> None:
    with pytest.raises(LegacyImportError) as refused:
        legacy_import(
            actor=admin,
            chunks=[workbook([[company.uscc, 2009]], headers=("统一社会信用代码或注册号", "年度"))],
        )
    assert {e.column for e in refused.value.errors} == {"企业名称", "分类"}
    with pytest.raises(LegacyImportError, match="错误"):
        legacy_import(actor=admin, chunks=[workbook([])])


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("统一社会信用代码或注册号,年度\n".encode(), "文本文件"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "Excel 97-2003"),
        (b"", "0 字节"),
    ],
)
def test_a_file_that_is_not_a_workbook_is_refused(admin, content: bytes, message: str) -> None:
    with pytest.raises(FileRefusedError) as refused:
        legacy_import(actor=admin, chunks=[content])
    assert message in refused.value.message
    assert refused.value.extra["fix"]
    assert LegacyClassification.objects.count() == 0


def test_the_template_imports_as_it_is_once_filled(admin, company) -> None:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(legacy_template()))
    assert book.sheetnames == [SHEET_TITLE, INSTRUCTIONS_TITLE]
    sheet = book[SHEET_TITLE]
    assert [cell.value for cell in sheet[1]] == list(COLUMNS)
    sheet.append([company.uscc, company.name, 2012, "蓝"])
    buffer = io.BytesIO()
    book.save(buffer)
    assert legacy_import(actor=admin, chunks=[buffer.getvalue()]).created == 1


def test_a_row_is_deleted_with_its_audit_entry(admin, company) -> None:
    legacy_import(actor=admin, chunks=[workbook(good_rows(company))])
    entry = LegacyClassification.objects.get(uscc=company.uscc, year=2009)
    legacy_delete(actor=admin, entry=entry)
    assert not LegacyClassification.objects.filter(pk=entry.pk).exists()
    audit = AuditLog.objects.get(action="credit.legacy.delete")
    assert audit.before is not None
    assert audit.before["legacy_class"] == "A"
    with pytest.raises(ApplicationError, match="已被删除"):
        legacy_delete(actor=admin, entry=entry)
