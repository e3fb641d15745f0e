"""Each template: import a file, export the same kind back and get the same rows; import the
same file again and every row is unchanged; django-import-export's standard import of the same
Resource stores the same records as Hongdun's bulk path."""

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest
import tablib
from django.urls import reverse

from hongdun.workforce.choices import DonationKind, EvaluatorKind
from hongdun.workforce.excel.choices import ImportStatus
from hongdun.workforce.excel.registry import kind_get
from hongdun.workforce.excel.tests.helpers import confirm, last_job, read_xlsx, upload, xlsx
from hongdun.workforce.models import DonationCampaign, EvaluationRound, ExternalExam

pytestmark = pytest.mark.django_db


@pytest.fixture
def references(bureau: Any, training: Any) -> None:
    ExternalExam.objects.create(
        code="2007-JSJ-1B", name="全国计算机等级考试", level="一级B", held_on=dt.date(2007, 9, 22)
    )
    DonationCampaign.objects.create(
        title="抗震救灾捐款",
        kind=DonationKind.STAFF_DONATION,
        organiser=bureau["baotou"],
        cause="抗震救灾",
        start_date=dt.date(2008, 5, 14),
    )
    EvaluationRound.objects.create(
        title="人大评议满意单位",
        evaluator_kind=EvaluatorKind.PEOPLES_CONGRESS_WORK,
        evaluator_body="包头市人大常委会",
        year=2007,
    )


D = dt.date
KUNDULUN = "包头市市场监督管理局昆都仑区分局"
# kind -> (import user, rows in template column order). Values are as the export writes them.
FILES: dict[str, tuple[str, list[list[Any]]]] = {
    "cadres": (
        "personnel",
        [
            [
                "BT501",
                "孟凡",
                "男",
                D(1978, 6, 1),
                "汉族",
                None,
                None,
                "中共党员",
                D(2001, 7, 1),
                D(2000, 7, 1),
                D(2000, 8, 1),
                "公务员",
                "在职",
                None,
                None,
                None,
                "政工科",
                "11010519491231002X",
                "13800001234",
                None,
            ],
            [
                "BT502",
                "乌云",
                "女",
                D(1983, 2, 9),
                "蒙古族",
                "包头",
                None,
                "群众",
                None,
                D(2005, 7, 1),
                None,
                "事业编制人员",
                "在职",
                None,
                "经济师",
                None,
                "纪检组",
                None,
                None,
                "备注文字",
            ],
        ],
    ),
    "positions": (
        "personnel",
        [
            [
                "BT001",
                "王建国",
                KUNDULUN,
                "副局长",
                "副科级",
                "是",
                "否",
                "否",
                D(2003, 3, 1),
                D(2006, 12, 31),
                "包工商党字〔2003〕12号",
                D(2003, 2, 20),
                "包工商党字〔2007〕1号",
                D(2006, 12, 20),
                "晋升",
            ],
            [
                "BT002",
                "李秀英",
                KUNDULUN,
                "科员",
                "科员",
                "否",
                "否",
                "否",
                D(2004, 1, 1),
                None,
                None,
                None,
                None,
                None,
                "—",
            ],
        ],
    ),
    "classes": (
        "personnel",
        [
            [
                "2007-PX-002",
                "公文写作培训班",
                "政工科",
                "公文写作",
                "案例式",
                "课堂面授",
                Decimal("12.0"),
                D(2007, 5, 8),
                D(2007, 5, 9),
                "市局会议室",
                None,
            ],
        ],
    ),
    "sessions": (
        "personnel",
        [["2007-PX-001", 3, D(2007, 4, 3), "案例研讨", "赵老师", Decimal("2.0")]],
    ),
    "attendance": (
        "personnel",
        [
            ["2007-PX-001", 1, "BT001", "王建国", "出席", Decimal("3.5")],
            ["2007-PX-001", 2, "BT003", "张伟", "请假", Decimal("0.0")],
        ],
    ),
    "exams": (
        "personnel",
        [
            ["2007-JSJ-1B", "BT001", "王建国", Decimal("78.0"), "否", "是", "JSJ2007001"],
            ["2007-JSJ-1B", "BT002", "李秀英", None, "是", "否", None],
        ],
    ),
    "honours": (
        "personnel",
        [
            [
                KUNDULUN,
                None,
                None,
                "文明单位",
                "文明单位",
                "精神文明建设",
                "市级",
                "包头市委",
                2007,
                D(2008, 1, 10),
                "包党发〔2008〕3号",
                None,
            ],
            [
                None,
                "BT002",
                "李秀英",
                "先进个人",
                "先进个人",
                "业务工作",
                "系统内",
                "市局",
                2007,
                None,
                None,
                None,
            ],
        ],
    ),
    "evaluations": (
        "discipline",
        [
            [
                2007,
                "人大评议满意单位",
                "包头市人大常委会",
                KUNDULUN,
                45,
                0,
                0,
                0,
                Decimal("98.50"),
                "满意",
                1,
                12,
            ],
        ],
    ),
    "donations": (
        "personnel",
        [
            ["抗震救灾捐款", "BT001", "王建国", Decimal("200.00"), Decimal("0.00"), D(2008, 5, 15)],
            ["抗震救灾捐款", "BT101", "刘洋", Decimal("150.00"), Decimal("50.00"), D(2008, 5, 16)],
        ],
    ),
}


def _normal(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, Decimal | float | int) and not isinstance(value, bool):
        return Decimal(str(value)).normalize()
    if value in ("", "—"):
        return None
    return value


def _headers(kind_code: str) -> list[str]:
    return [c.column_name for c in kind_get(kind_code).all_columns()]


@pytest.mark.parametrize("kind_code", list(FILES))
def test_import_then_export_gives_back_the_same_rows_and_reimport_changes_nothing(
    staff: dict[str, Any], people: Any, references: None, login: Any, kind_code: str
) -> None:
    who, rows = FILES[kind_code]
    client = login(staff[who])
    content = xlsx(_headers(kind_code), rows, sheet_title=kind_get(kind_code).sheet_title)
    upload(client, kind_code, content)
    job = last_job(staff[who])
    assert job.status == ImportStatus.READY, job.errors
    assert job.new_count == len(rows)
    assert confirm(client, job).status == ImportStatus.DONE

    exported = client.get(reverse("workforce-excel:export", args=[kind_code]), {"download": "1"})
    sheet = read_xlsx(exported.content, kind_get(kind_code).sheet_title)
    width = len(_headers(kind_code))
    sheet = [row + [None] * (width - len(row)) for row in sheet]
    assert sheet[0] == _headers(kind_code)
    want = sorted([[_normal(v) for v in row] for row in rows], key=str)
    imported = {tuple(row[:3]) for row in want}  # the fixtures' own records are exported too
    got = sorted([[_normal(v) for v in row] for row in sheet[1:]], key=str)
    assert [row for row in got if tuple(row[:3]) in imported] == want

    # The exported file is itself a valid import: every row unchanged.
    upload(client, kind_code, exported.content)
    again = last_job(staff[who])
    assert again.status == ImportStatus.READY, again.errors
    exported_rows = len(sheet) - 1
    assert (again.new_count, again.updated_count, again.unchanged_count) == (0, 0, exported_rows)


def _stored(kind_code: str, before: set[int]) -> list[dict[str, Any]]:
    """The records of the kind that were not there before the import, without ids and times."""
    model = kind_get(kind_code).model
    skip = {"id", "created_at", "updated_at"}
    rows = model._default_manager.exclude(pk__in=before).values()
    return sorted(({k: v for k, v in row.items() if k not in skip} for row in rows), key=str)


@pytest.mark.parametrize("kind_code", ["attendance", "positions", "honours", "donations"])
def test_the_standard_import_of_the_same_resource_stores_the_same_records(
    staff: dict[str, Any], people: Any, references: None, login: Any, kind_code: str
) -> None:
    who, rows = FILES[kind_code]
    kind = kind_get(kind_code)
    content = xlsx(_headers(kind_code), rows, sheet_title=kind.sheet_title)
    client = login(staff[who])
    before = set(kind.model._default_manager.values_list("pk", flat=True))
    upload(client, kind_code, content)
    confirm(client, last_job(staff[who]))
    ours = _stored(kind_code, before)
    assert len(ours) == len(rows)
    kind.model._default_manager.exclude(pk__in=before).delete()

    dataset = tablib.Dataset().load(io.BytesIO(content).read(), format="xlsx")
    result = kind.new_resource().import_data(dataset, dry_run=False, use_transactions=True)
    assert not result.has_errors(), [e.error for _n, errors in result.row_errors() for e in errors]
    assert not result.has_validation_errors()
    assert _stored(kind_code, before) == ours
    # And the standard path reports the same file as unchanged the second time.
    again = kind.new_resource().import_data(dataset, dry_run=True)
    assert again.totals["skip"] == len(rows)


def test_the_first_edit_of_an_imported_row_shows_old_and_new_on_the_history_page(
    staff: dict[str, Any], people: Any, references: None, login: Any
) -> None:
    """The import writes each new row's first history record: the history page has a baseline."""
    from hongdun.workforce.models import PositionRecord
    from hongdun.workforce.services import record_save

    who, rows = FILES["positions"]
    client = login(staff[who])
    upload(client, "positions", xlsx(_headers("positions"), rows))
    confirm(client, last_job(staff[who]))
    position = PositionRecord.objects.get(person__employee_number="BT002", title="科员")
    assert list(position.history.values_list("history_type", flat=True)) == ["+"]
    record_save(user=staff[who], instance=position, data={"title": "副主任科员"})
    page = client.get(reverse("backoffice-workforce:history", args=["positions", position.pk]))
    assert page.status_code == 200
    assert "科员 → 副主任科员" in page.content.decode()
