"""Upload → background check → preview → confirm → write, through the pages (tasks run
immediately in tests), for attendance: counts, idempotent re-import, updates, derived values."""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from hongdun.core.models import AuditLog
from hongdun.workforce.excel.choices import ImportStatus
from hongdun.workforce.excel.files import import_dir
from hongdun.workforce.excel.tests.helpers import (
    ATTENDANCE_HEADERS,
    confirm,
    last_job,
    upload,
    xlsx,
)
from hongdun.workforce.models import Attendance

pytestmark = pytest.mark.django_db

ROWS = [
    ["2007-PX-001", 1, "BT001", "王建国", "出席", None],
    ["2007-PX-001", 1, "BT002", "李秀英", "请假", None],
    ["2007-PX-001", 2, "BT001", "王建国", "迟到", 2],
    ["2007-PX-001", 2, "BT101", "刘洋", "出席", None],
]


def test_preview_writes_nothing_and_confirm_writes_all_rows(
    staff: dict[str, Any], training: dict[str, Any], login: Any
) -> None:
    client = login(staff["personnel"])
    response = upload(client, "attendance", xlsx(ATTENDANCE_HEADERS, ROWS))
    job = last_job(staff["personnel"])
    assert response.status_code == 302
    assert response["Location"] == reverse("workforce-excel:job", args=[job.pk])
    assert job.status == ImportStatus.READY
    assert (job.total_rows, job.new_count, job.updated_count, job.unchanged_count) == (4, 4, 0, 0)
    assert Attendance.objects.count() == 0
    page = client.get(reverse("workforce-excel:job", args=[job.pk])).content.decode()
    assert 'data-testid="confirm"' in page

    job = confirm(client, job)
    assert job.status == ImportStatus.DONE
    rows = {
        (a.session.sequence, a.person.employee_number): a
        for a in Attendance.objects.select_related("session", "person", "unit")
    }
    assert len(rows) == 4
    present = rows[(1, "BT001")]
    # Blank hours: the session's hours when attended, 0 when excused; a given value is kept.
    assert present.hours == Decimal("3.5")
    assert rows[(1, "BT002")].hours == Decimal("0")
    assert rows[(2, "BT001")].hours == Decimal("2")
    # Class, date and the person's unit are copied onto the row for the figures.
    assert present.training_class == training["class"]
    assert present.date == dt.date(2007, 4, 2)
    assert rows[(2, "BT101")].unit.code == "jiuyuan"
    audit = AuditLog.objects.get(action="workforce_excel_import")
    assert audit.actor == staff["personnel"]
    assert audit.after is not None
    assert audit.after["new"] == 4
    # The stored upload is deleted once the rows are in.
    assert not any(import_dir().iterdir())


def test_same_file_twice_reports_every_row_unchanged_and_changes_nothing(
    staff: dict[str, Any], training: dict[str, Any], login: Any
) -> None:
    client = login(staff["personnel"])
    content = xlsx(ATTENDANCE_HEADERS, ROWS)
    upload(client, "attendance", content)
    confirm(client, last_job(staff["personnel"]))
    before = list(Attendance.objects.order_by("id").values())

    upload(client, "attendance", content)
    again = last_job(staff["personnel"])
    assert (again.new_count, again.updated_count, again.unchanged_count) == (0, 0, 4)
    page = client.get(reverse("workforce-excel:job", args=[again.pk])).content.decode()
    assert "导入不会改变任何数据" in page
    again = confirm(client, again)
    assert again.status == ImportStatus.DONE
    assert list(Attendance.objects.order_by("id").values()) == before


def test_changed_rows_are_reported_as_updates_with_their_columns(
    staff: dict[str, Any], training: dict[str, Any], login: Any
) -> None:
    client = login(staff["personnel"])
    upload(client, "attendance", xlsx(ATTENDANCE_HEADERS, ROWS))
    confirm(client, last_job(staff["personnel"]))
    changed = [list(r) for r in ROWS]
    changed[1][4] = "出席"  # excused → present: status and (derived) hours change
    changed.append(["2007-PX-001", 2, "BT002", "李秀英", "出席", None])
    upload(client, "attendance", xlsx(ATTENDANCE_HEADERS, changed))
    job = last_job(staff["personnel"])
    assert (job.new_count, job.updated_count, job.unchanged_count) == (1, 1, 3)
    assert [(c["row"], c["columns"]) for c in job.changes] == [(3, ["出勤", "获得学时"])]
    confirm(client, job)
    updated = Attendance.objects.get(person__employee_number="BT002", session__sequence=1)
    assert (updated.status, updated.hours) == ("present", Decimal("3.5"))
    assert Attendance.objects.count() == 5


def test_a_later_transfer_does_not_rewrite_where_a_person_trained(
    staff: dict[str, Any], training: dict[str, Any], people: dict[str, Any], bureau: Any, login: Any
) -> None:
    client = login(staff["personnel"])
    content = xlsx(ATTENDANCE_HEADERS, ROWS)
    upload(client, "attendance", content)
    confirm(client, last_job(staff["personnel"]))
    person = people["BT101"]
    person.unit = bureau["kundulun"]
    person.save()
    upload(client, "attendance", content)
    job = last_job(staff["personnel"])
    assert job.unchanged_count == 4
    assert Attendance.objects.get(person=person).unit.code == "jiuyuan"


@pytest.fixture
def checked(staff: dict[str, Any], training: dict[str, Any], login: Any) -> tuple[Any, Any]:
    """The personnel officer's upload of ROWS, checked and waiting for confirmation: the
    officer's client and the job."""
    client = login(staff["personnel"])
    upload(client, "attendance", xlsx(ATTENDANCE_HEADERS, ROWS))
    return client, last_job(staff["personnel"])


def test_cancel_deletes_the_upload_and_writes_nothing(checked: tuple[Any, Any]) -> None:
    client, job = checked
    assert len(list(import_dir().iterdir())) == 1
    client.post(reverse("workforce-excel:job-cancel", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportStatus.CANCELLED
    assert not any(import_dir().iterdir())
    # A cancelled job cannot be confirmed afterwards.
    job = confirm(client, job)
    assert job.status == ImportStatus.CANCELLED
    assert Attendance.objects.count() == 0


def test_confirm_twice_writes_once(checked: tuple[Any, Any]) -> None:
    client, job = checked
    confirm(client, job)
    response = client.post(reverse("workforce-excel:job-confirm", args=[job.pk]), follow=True)
    assert "不能确认" in response.content.decode()
    assert Attendance.objects.count() == 4
    assert AuditLog.objects.filter(action="workforce_excel_import").count() == 1


def test_a_record_written_by_someone_else_after_the_check_rolls_the_whole_import_back(
    staff: dict[str, Any], training: dict[str, Any], people: dict[str, Any]
) -> None:
    """The unique constraint on the natural key settles the race: the import's plan still holds
    the row as new, the insert clashes, and nothing of the import stays."""
    from django.db import transaction

    from hongdun.core.exceptions import ApplicationError
    from hongdun.workforce.excel import engine
    from hongdun.workforce.excel.files import SheetRows
    from hongdun.workforce.excel.registry import kind_get

    kind = kind_get("attendance")
    sheet = SheetRows(
        "培训出勤", ATTENDANCE_HEADERS, [(i, tuple(r)) for i, r in enumerate(ROWS, 2)]
    )
    user = staff["personnel"]
    outcome = engine.check_rows(
        kind,
        sheet,
        user=user,
        scope_unit_ids={u for p in people.values() for u in [p.unit_id]}
        | {training["class"].organiser_id},
        personal=True,
    )
    assert outcome.errors == []
    plan = engine.build_plan(kind, outcome.rows, user=user)
    assert len(plan.new) == 4
    first = training["sessions"][0]
    Attendance.objects.create(
        session=first,
        person=people["BT002"],
        training_class=training["class"],
        unit=people["BT002"].unit,
        date=first.date,
        status="present",
    )
    with pytest.raises(ApplicationError) as refused, transaction.atomic():
        engine.write_plan(kind, plan, user=user, reason="test")
    assert "没有写入任何数据" in refused.value.message
    assert list(Attendance.objects.values_list("person__employee_number", flat=True)) == ["BT002"]
