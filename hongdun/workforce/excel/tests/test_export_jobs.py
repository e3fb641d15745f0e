"""Exports: small ones answered at once, large ones written by a background job (tasks run
immediately in tests) with the requester's rights as they are when it runs, downloadable by its
owner only; exports larger than a sheet refused; old files pruned."""

import datetime as dt
import io
import os
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from hongdun.accounts.models import User
from hongdun.accounts.roles import Role
from hongdun.core.models import AuditLog
from hongdun.workforce.excel import selectors, services
from hongdun.workforce.excel.choices import ExportStatus
from hongdun.workforce.excel.files import export_dir, export_path
from hongdun.workforce.excel.models import ExportJob
from hongdun.workforce.excel.registry import kind_get
from hongdun.workforce.excel.tasks import write_export
from hongdun.workforce.excel.tests.helpers import (
    ATTENDANCE_HEADERS,
    confirm,
    last_job,
    read_xlsx,
    upload,
    xlsx,
)

pytestmark = pytest.mark.django_db

PEOPLE = [
    ("BT001", "王建国"),
    ("BT002", "李秀英"),
    ("BT003", "张伟"),
    ("BT101", "刘洋"),
    ("BT102", "陈静"),
]
# Ten attendance rows: every person at both sessions (six in Kundulun's subtree, four in Jiuyuan).
ROWS = [
    ["2007-PX-001", seq, number, name, "出席", None] for seq in (1, 2) for number, name in PEOPLE
]


def _limits(settings: Any, *, sync: int = 5, max_rows: int | None = None) -> None:
    values = {**settings.HONGDUN, "WORKFORCE_EXPORT_SYNC_ROWS": sync}
    if max_rows is not None:
        values["WORKFORCE_EXPORT_MAX_ROWS"] = max_rows
    settings.HONGDUN = values


@pytest.fixture
def attendance(staff: dict[str, Any], training: Any, login: Any) -> None:
    client = login(staff["personnel"])
    upload(client, "attendance", xlsx(ATTENDANCE_HEADERS, ROWS))
    assert confirm(client, last_job(staff["personnel"])).status == "done"


def _sheets(content: bytes) -> dict[str, list[list[Any]]]:
    book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    sheets = {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in book}
    book.close()
    return sheets


def _start(client: Any, kind: str, **filters: Any) -> Any:
    return client.post(reverse("workforce-excel:export", args=[kind]), filters)


@pytest.fixture
def background_export(
    staff: dict[str, Any], attendance: None, login: Any, settings: Any
) -> tuple[Any, ExportJob]:
    """The personnel office's attendance export, over the instant limit: a background job (run at
    once in tests). The personnel officer's client, and the job."""
    _limits(settings, sync=5)
    client = login(staff["personnel"])
    _start(client, "attendance")
    return client, ExportJob.objects.get()


def _download(client: Any, job: ExportJob) -> Any:
    return client.get(reverse("workforce-excel:export-job-download", args=[job.pk]))


def _content(response: Any) -> bytes:
    return b"".join(response.streaming_content)


# --- small exports stay instant -------------------------------------------------------------


@pytest.mark.parametrize("method", ["get", "post"])
def test_an_export_within_the_threshold_is_the_file_itself_and_starts_no_job(
    staff: dict[str, Any], attendance: None, login: Any, settings: Any, method: str
) -> None:
    _limits(settings, sync=10)
    client = login(staff["personnel"])
    url = reverse("workforce-excel:export", args=["attendance"])
    response = client.get(url, {"download": "1"}) if method == "get" else client.post(url, {})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"].startswith("attachment; filename*=UTF-8''")
    rows = read_xlsx(response.content, "培训出勤")
    assert rows[0] == ATTENDANCE_HEADERS
    assert sorted((r[1], r[2]) for r in rows[1:]) == sorted((r[1], r[2]) for r in ROWS)
    assert not ExportJob.objects.exists()


# --- large exports run in the background ----------------------------------------------------


def test_a_large_export_becomes_a_job_whose_file_equals_the_instant_export(
    staff: dict[str, Any], attendance: None, login: Any, settings: Any
) -> None:
    _limits(settings, sync=5)
    client = login(staff["personnel"])
    response = _start(client, "attendance")
    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("workforce-excel:export-job", args=[job.pk])
    assert job.created_by == staff["personnel"]
    assert job.status == ExportStatus.DONE
    assert (job.total_rows, job.processed_rows) == (10, 10)
    assert job.filters == {"unit": None, "unit_name": "", "year": None}
    assert job.finished_at is not None
    # Stored under PRIVATE_ROOT with a random name, not under the web root.
    stored = export_path(job.stored_name)
    assert stored.parent == Path(settings.PRIVATE_ROOT) / "workforce-exports"
    assert stored.is_file()
    assert job.file_size == stored.stat().st_size
    assert not list(export_dir().glob("*.part"))

    page = client.get(response["Location"]).content.decode()
    assert 'data-testid="export-download"' in page
    assert "hx-trigger" not in page

    download = _download(client, job)
    assert download.status_code == 200
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    assert download["Content-Disposition"] == f"attachment; filename*=UTF-8''{quote(job.file_name)}"
    assert job.file_name.startswith("培训出勤-")
    assert download["Cache-Control"] == "private, no-store"
    background = _sheets(_content(download))

    _limits(settings, sync=100)
    instant = client.get(reverse("workforce-excel:export", args=["attendance"]), {"download": "1"})
    assert background == _sheets(instant.content)
    assert len(background["培训出勤"]) == 11
    audit = AuditLog.objects.get(action="workforce_excel_export")
    assert audit.actor == staff["personnel"]
    assert audit.after is not None
    assert audit.after["rows"] == 10


def test_the_filters_are_kept_on_the_job_and_applied_by_the_task(
    staff: dict[str, Any], attendance: None, login: Any, settings: Any, bureau: Any
) -> None:
    _limits(settings, sync=2)
    client = login(staff["personnel"])
    _start(client, "attendance", unit=bureau["kundulun"].pk, year=2007)
    job = ExportJob.objects.get()
    assert job.filters == {
        "unit": bureau["kundulun"].pk,
        "unit_name": bureau["kundulun"].name,
        "year": 2007,
    }
    rows = read_xlsx(_content(_download(client, job)), "培训出勤")
    assert sorted({r[2] for r in rows[1:]}) == ["BT001", "BT002", "BT003"]
    assert job.total_rows == 6


def test_a_large_export_asked_for_by_a_link_starts_nothing_until_the_form_is_posted(
    staff: dict[str, Any], attendance: None, login: Any, settings: Any
) -> None:
    _limits(settings, sync=5)
    client = login(staff["personnel"])
    response = client.get(reverse("workforce-excel:export", args=["attendance"]), {"download": "1"})
    assert response.status_code == 200
    text = response.content.decode()
    assert 'data-testid="export-background"' in text
    assert "该导出共 10 行" in text
    assert 'method="post"' in text
    assert not ExportJob.objects.exists()


def test_a_unit_outside_the_scope_in_the_posted_form_is_refused_without_a_job(
    staff: dict[str, Any], attendance: None, login: Any, settings: Any, bureau: Any
) -> None:
    _limits(settings, sync=1)
    response = _start(login(staff["jiuyuan_head"]), "attendance", unit=bureau["kundulun"].pk)
    assert response.status_code == 400
    assert 'class="error"' in response.content.decode()
    assert not ExportJob.objects.exists()


def test_progress_is_saved_every_n_rows_and_at_the_end_not_per_row(
    staff: dict[str, Any], attendance: None
) -> None:
    seen: list[int] = []
    written = selectors.export_workbook_save(
        io.BytesIO(),
        kind=kind_get("attendance"),
        user=staff["personnel"],
        filters={},
        progress=seen.append,
        progress_every=4,
    )
    assert written == 10
    assert seen == [4, 8, 10]


def test_progress_panel_polls_while_the_export_runs_and_reloads_the_page_when_done(
    background_export: tuple[Any, ExportJob],
) -> None:
    client, job = background_export
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportStatus.RUNNING, processed_rows=5, total_rows=20
    )
    url = reverse("workforce-excel:export-job-progress", args=[job.pk])
    running = client.get(url)
    text = running.content.decode()
    assert 'hx-trigger="every 1s"' in text
    assert "5 / 20" in text
    assert "25%" in text
    assert "HX-Refresh" not in running
    page = client.get(reverse("workforce-excel:export-job", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in page
    assert 'data-testid="export-download"' not in page
    ExportJob.objects.filter(pk=job.pk).update(status=ExportStatus.DONE)
    done = client.get(url)
    assert done["HX-Refresh"] == "true"
    assert "hx-trigger" not in done.content.decode()


def test_the_index_and_the_export_page_list_the_users_own_exports_with_download_links(
    staff: dict[str, Any], login: Any, background_export: tuple[Any, ExportJob]
) -> None:
    client, job = background_export
    link = reverse("workforce-excel:export-job-download", args=[job.pk])
    index = client.get(reverse("workforce-excel:index")).content.decode()
    assert link in index
    assert f'data-testid="export-{job.pk}"' in index
    export_page = client.get(reverse("workforce-excel:export", args=["attendance"]))
    assert link in export_page.content.decode()
    other = login(staff["personnel_other"]).get(reverse("workforce-excel:index")).content.decode()
    assert f'data-testid="export-{job.pk}"' not in other


# --- who may see and download ---------------------------------------------------------------

JOB_PAGES = ["export-job", "export-job-progress", "export-job-download"]


@pytest.mark.parametrize("who", ["personnel_other", "personnel_kundulun", "leader", "registrar"])
def test_another_users_export_is_404_everywhere(
    staff: dict[str, Any], login: Any, background_export: tuple[Any, ExportJob], who: str
) -> None:
    _, job = background_export
    client = login(staff[who])
    for name in JOB_PAGES:
        assert client.get(reverse(f"workforce-excel:{name}", args=[job.pk])).status_code == 404


def test_anonymous_users_are_sent_to_the_login_page(
    login: Any, background_export: tuple[Any, ExportJob]
) -> None:
    _, job = background_export
    client = login(None)
    for name in JOB_PAGES:
        response = client.get(reverse(f"workforce-excel:{name}", args=[job.pk]))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    response = _start(client, "attendance")
    assert response.status_code == 302
    assert ExportJob.objects.count() == 1


def test_a_role_that_may_not_export_the_kind_cannot_start_a_job(
    staff: dict[str, Any], attendance: None, login: Any, settings: Any
) -> None:
    _limits(settings, sync=0)
    # Jiuyuan's head reads people and learning but not integrity evaluations.
    response = _start(login(staff["jiuyuan_head"]), "evaluations")
    assert response.status_code == 403
    assert not ExportJob.objects.exists()


def test_a_background_export_leaves_out_the_columns_the_user_may_not_see(
    staff: dict[str, Any], people: Any, login: Any, settings: Any
) -> None:
    person = people["BT001"]
    person.id_number = "11010519491231002X"
    person.phone = "13800001234"
    person.save()
    _limits(settings, sync=2)
    for who, sees in (("personnel", True), ("leader", False)):
        client = login(staff[who])
        _start(client, "cadres")
        job = ExportJob.objects.filter(created_by=staff[who]).get()
        assert job.status == ExportStatus.DONE
        sheets = _sheets(_content(_download(client, job)))
        flat = " ".join(str(v) for rows in sheets.values() for row in rows for v in row)
        header = sheets["干部职工"][0]
        assert ("公民身份号码" in header) is sees
        assert ("联系电话" in header) is sees
        assert ("11010519491231002X" in flat) is sees
        assert ("13800001234" in flat) is sees


def test_a_file_with_personal_data_is_not_served_once_its_owner_may_no_longer_see_it(
    staff: dict[str, Any], people: Any, login: Any, settings: Any, bureau: Any
) -> None:
    _limits(settings, sync=2)
    clerk = staff["personnel"]
    client = login(clerk)
    _start(client, "cadres")
    job = ExportJob.objects.get()
    assert "公民身份号码" in job.columns
    # Moved from the personnel office to a leader's post: still exports cadres, without IDs.
    clerk.groups.set([Group.objects.get_or_create(name=Role.LEADER)[0]])
    response = _download(login(clerk), job)
    assert response.status_code == 302
    assert response["Location"] == reverse("workforce-excel:export-job", args=[job.pk])
    page = client.get(response["Location"]).content.decode()
    assert "无权查看的列" in page


# --- failures -------------------------------------------------------------------------------


def _queued_job(user: User, kind: str = "attendance", **filters: Any) -> ExportJob:
    """A job as the request leaves it, before a worker has picked it up."""
    return ExportJob.objects.create(
        kind=kind,
        created_by=user,
        filters={"unit": None, "unit_name": "", "year": None, **filters},
        total_rows=10,
        file_name="培训出勤.xlsx",
    )


def test_a_user_who_lost_the_right_before_the_task_ran_gets_a_failed_job_and_no_file(
    staff: dict[str, Any], attendance: None, login: Any
) -> None:
    clerk = staff["personnel"]
    job = _queued_job(clerk)
    clerk.groups.clear()
    write_export.enqueue(job.pk)
    job.refresh_from_db()
    assert job.status == ExportStatus.FAILED
    assert "不能导出“培训出勤”" in job.message
    assert job.stored_name == ""
    assert job.finished_at is not None
    assert not export_dir().exists() or not any(export_dir().iterdir())
    client = login(clerk)
    page = client.get(reverse("workforce-excel:export-job", args=[job.pk])).content.decode()
    assert "不能导出“培训出勤”" in page
    assert 'data-testid="export-download"' not in page
    assert _download(client, job).status_code == 302
    assert not AuditLog.objects.filter(action="workforce_excel_export").exists()


def test_a_unit_no_longer_in_the_users_scope_fails_the_job(
    staff: dict[str, Any], attendance: None, bureau: Any
) -> None:
    clerk = staff["personnel_kundulun"]
    job = _queued_job(clerk, unit=bureau["jiuyuan"].pk, unit_name="九原区分局")
    write_export.enqueue(job.pk)
    job.refresh_from_db()
    assert job.status == ExportStatus.FAILED
    assert "九原区分局" in job.message
    assert job.stored_name == ""


def test_an_unexpected_error_fails_the_job_with_a_message_and_leaves_no_file(
    staff: dict[str, Any], attendance: None, login: Any
) -> None:
    # A kind that no longer exists (renamed in a release while the job was queued).
    job = _queued_job(staff["personnel"], kind="withdrawn-kind")
    write_export.enqueue(job.pk)
    job.refresh_from_db()
    assert job.status == ExportStatus.FAILED
    assert "内部错误" in job.message
    assert job.stored_name == ""
    assert not export_dir().exists() or not any(export_dir().iterdir())
    client = login(staff["personnel"])
    assert client.get(reverse("workforce-excel:export-job", args=[job.pk])).status_code == 404


def test_a_job_already_taken_by_a_worker_is_not_written_twice(
    staff: dict[str, Any], attendance: None
) -> None:
    job = _queued_job(staff["personnel"])
    write_export.enqueue(job.pk)
    job.refresh_from_db()
    first = job.stored_name
    write_export.enqueue(job.pk)
    job.refresh_from_db()
    assert job.stored_name == first
    assert len(list(export_dir().iterdir())) == 1


# --- more rows than a sheet holds -----------------------------------------------------------


def test_an_export_larger_than_a_sheet_is_refused_naming_the_filters_to_narrow(
    staff: dict[str, Any], attendance: None, people: Any, login: Any, settings: Any
) -> None:
    _limits(settings, sync=2, max_rows=8)
    client = login(staff["personnel"])
    for method in ("get", "post"):
        url = reverse("workforce-excel:export", args=["attendance"])
        response = client.get(url, {"download": "1"}) if method == "get" else client.post(url, {})
        assert response.status_code == 400
        text = response.content.decode()
        assert 'data-testid="export-problem"' in text
        assert "10 行" in text
        assert "8 行" in text
        assert "“单位”或“年度”" in text
    assert not ExportJob.objects.exists()
    # Cadres cannot be filtered by year: only the unit is named.
    _limits(settings, sync=2, max_rows=4)
    text = _start(client, "cadres").content.decode()
    assert "请选择“单位”缩小导出范围" in text
    assert "年度" not in text.split('data-testid="export-problem"')[1].split("</div>")[0]
    # Narrowed to Kundulun's six rows, the attendance export fits again.
    _limits(settings, sync=2, max_rows=8)
    kundulun = staff["personnel_kundulun"]
    response = _start(login(kundulun), "attendance")
    assert response.status_code == 302
    assert ExportJob.objects.get().total_rows == 6


def test_rows_added_after_the_request_make_the_task_refuse_too(
    staff: dict[str, Any], attendance: None, settings: Any
) -> None:
    _limits(settings, sync=2, max_rows=9)
    job = _queued_job(staff["personnel"])
    write_export.enqueue(job.pk)
    job.refresh_from_db()
    assert job.status == ExportStatus.FAILED
    assert "9 行" in job.message
    assert "“单位”或“年度”" in job.message
    assert job.stored_name == ""


def test_the_row_limit_setting_cannot_exceed_what_one_sheet_holds(settings: Any) -> None:
    _limits(settings, max_rows=5_000_000)
    assert services.export_max_rows() == 1_048_575
    _limits(settings, max_rows=100)
    assert services.export_max_rows() == 100


# --- pruning --------------------------------------------------------------------------------


def test_prune_deletes_the_files_of_old_exports_and_keeps_recent_ones(
    staff: dict[str, Any], attendance: None, login: Any, settings: Any
) -> None:
    _limits(settings, sync=5)
    client = login(staff["personnel"])
    _start(client, "attendance")
    _start(client, "attendance")
    old, recent = ExportJob.objects.order_by("id")
    ExportJob.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=8))
    stale = _queued_job(staff["personnel"])
    ExportJob.objects.filter(pk=stale.pk).update(
        status=ExportStatus.RUNNING, created_at=timezone.now() - dt.timedelta(days=8)
    )
    leftover = export_dir() / "abandoned.xlsx.part"
    leftover.write_bytes(b"partial")
    eight_days_ago = (timezone.now() - dt.timedelta(days=8)).timestamp()
    os.utime(leftover, (eight_days_ago, eight_days_ago))
    old_path = export_path(old.stored_name)

    out = io.StringIO()
    call_command("prune_excel_exports", "--days", "7", stdout=out)
    assert "deleted 1 export file(s)" in out.getvalue()
    old.refresh_from_db()
    recent.refresh_from_db()
    stale.refresh_from_db()
    assert not old_path.exists()
    assert old.stored_name == ""
    assert old.status == ExportStatus.DONE
    assert export_path(recent.stored_name).is_file()
    assert stale.status == ExportStatus.FAILED
    assert stale.message
    assert not leftover.exists()
    # The pruned job stays listed, without a download.
    page = client.get(reverse("workforce-excel:export-job", args=[old.pk])).content.decode()
    assert 'data-testid="job-expired"' in page
    assert _download(client, old).status_code == 302

    call_command("prune_excel_exports", "--days", "0", stdout=out)
    recent.refresh_from_db()
    assert recent.stored_name == ""
