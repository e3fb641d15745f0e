"""Every page and endpoint for anonymous, wrong-role and out-of-scope users; exports limited to
the user's units and without the columns they may not see; the progress panel."""

from typing import Any

import pytest
from django.urls import reverse

from hongdun.workforce.excel.choices import ImportStage, ImportStatus
from hongdun.workforce.excel.models import ImportJob
from hongdun.workforce.excel.registry import kinds_all
from hongdun.workforce.excel.tests.helpers import (
    ATTENDANCE_HEADERS,
    confirm,
    last_job,
    read_xlsx,
    upload,
    xlsx,
)

pytestmark = pytest.mark.django_db

KIND_PAGES = ["template", "export", "upload"]
JOB_GETS = ["job", "job-progress", "job-errors"]
JOB_POSTS = ["job-confirm", "job-cancel"]
ROWS = [
    ["2007-PX-001", 1, "BT001", "王建国", "出席", None],
    ["2007-PX-001", 1, "BT101", "刘洋", "出席", None],
]


def _job_of(staff: dict[str, Any], login: Any) -> ImportJob:
    client = login(staff["personnel"])
    upload(client, "attendance", xlsx(ATTENDANCE_HEADERS, ROWS))
    return last_job(staff["personnel"])


def test_anonymous_users_are_sent_to_the_login_page_everywhere(
    staff: dict[str, Any], training: Any, login: Any
) -> None:
    job = _job_of(staff, login)
    client = login(None)
    urls = [reverse("workforce-excel:index")]
    urls += [reverse(f"workforce-excel:{name}", args=["attendance"]) for name in KIND_PAGES]
    urls += [reverse(f"workforce-excel:{name}", args=[job.pk]) for name in JOB_GETS]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:login"))
    for name in JOB_POSTS:
        assert client.post(reverse(f"workforce-excel:{name}", args=[job.pk])).status_code == 302
    job.refresh_from_db()
    assert job.status == ImportStatus.READY


@pytest.mark.parametrize("who", ["registrar", "no_role"])
def test_roles_without_workforce_rights_get_403_everywhere(
    staff: dict[str, Any], training: Any, login: Any, who: str
) -> None:
    client = login(staff[who])
    assert client.get(reverse("workforce-excel:index")).status_code == 403
    for kind in kinds_all():
        for name in KIND_PAGES:
            assert (
                client.get(reverse(f"workforce-excel:{name}", args=[kind.code])).status_code == 403
            )
    response = upload(client, "attendance", xlsx(ATTENDANCE_HEADERS, ROWS))
    assert response.status_code == 403
    assert not ImportJob.objects.exists()


# (user, kinds they may import, kinds they may export) — from the permission rules (ADR 0007).
PEOPLE_KINDS = {
    "cadres",
    "positions",
    "classes",
    "sessions",
    "attendance",
    "exams",
    "honours",
    "donations",
}
ALL_KINDS = PEOPLE_KINDS | {"evaluations"}
RIGHTS = [
    ("personnel", PEOPLE_KINDS, PEOPLE_KINDS),
    ("discipline", {"evaluations"}, ALL_KINDS),
    ("leader", set(), ALL_KINDS),
    ("jiuyuan_head", set(), PEOPLE_KINDS),
]


@pytest.mark.parametrize(("who", "imports", "exports"), RIGHTS)
def test_each_role_imports_and_exports_the_kinds_its_rules_allow(
    staff: dict[str, Any], login: Any, who: str, imports: set[str], exports: set[str]
) -> None:
    client = login(staff[who])
    for kind in kinds_all():
        upload_status = client.get(reverse("workforce-excel:upload", args=[kind.code])).status_code
        export_status = client.get(reverse("workforce-excel:export", args=[kind.code])).status_code
        assert upload_status == (200 if kind.code in imports else 403), (who, kind.code)
        assert export_status == (200 if kind.code in exports else 403), (who, kind.code)
    index = client.get(reverse("workforce-excel:index")).content.decode()
    assert all(f'data-testid="kind-{code}"' in index for code in imports | exports)


def test_unknown_kind_is_404(staff: dict[str, Any], login: Any) -> None:
    client = login(staff["personnel"])
    assert client.get(reverse("workforce-excel:upload", args=["nothing"])).status_code == 404


def test_another_users_job_is_404_for_every_endpoint(
    staff: dict[str, Any], training: Any, login: Any
) -> None:
    job = _job_of(staff, login)
    client = login(staff["personnel_other"])
    for name in JOB_GETS:
        assert client.get(reverse(f"workforce-excel:{name}", args=[job.pk])).status_code == 404
    for name in JOB_POSTS:
        assert client.post(reverse(f"workforce-excel:{name}", args=[job.pk])).status_code == 404
    job.refresh_from_db()
    assert job.status == ImportStatus.READY


def _export(client: Any, kind: str, **params: Any) -> list[list[Any]]:
    response = client.get(
        reverse("workforce-excel:export", args=[kind]), {"download": "1", **params}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return read_xlsx(response.content)


def test_exports_hold_only_the_users_units(
    staff: dict[str, Any], training: Any, login: Any, bureau: Any
) -> None:
    job = _job_of(staff, login)
    confirm(login(staff["personnel"]), job)
    whole = _export(login(staff["personnel"]), "attendance")
    assert whole[0] == ATTENDANCE_HEADERS
    assert sorted(r[2] for r in whole[1:]) == ["BT001", "BT101"]
    # Jiuyuan's head sees Jiuyuan only; Kundulun's clerk Kundulun only.
    assert [r[2] for r in _export(login(staff["jiuyuan_head"]), "attendance")[1:]] == ["BT101"]
    assert [r[2] for r in _export(login(staff["personnel_kundulun"]), "attendance")[1:]] == [
        "BT001"
    ]
    # The unit filter narrows within the scope; a unit outside it is not a valid choice.
    kundulun = bureau["kundulun"].pk
    filtered = _export(login(staff["personnel"]), "attendance", unit=kundulun, year=2007)
    assert [r[2] for r in filtered[1:]] == ["BT001"]
    assert _export(login(staff["personnel"]), "attendance", year=2006)[1:] == []
    head = login(staff["jiuyuan_head"])
    response = head.get(
        reverse("workforce-excel:export", args=["attendance"]), {"download": "1", "unit": kundulun}
    )
    assert response.status_code == 200
    assert "text/html" in response["Content-Type"]


def test_personal_data_columns_only_for_the_personnel_office(
    staff: dict[str, Any], people: Any, login: Any
) -> None:
    person = people["BT001"]
    person.id_number = "11010519491231002X"
    person.phone = "13800001234"
    person.save()
    full = _export(login(staff["personnel"]), "cadres")
    assert "公民身份号码" in full[0]
    assert "联系电话" in full[0]
    assert "11010519491231002X" in [str(v) for row in full for v in row]
    for who in ("leader", "discipline", "jiuyuan_head"):
        client = login(staff[who])
        exported = _export(client, "cadres")
        assert "公民身份号码" not in exported[0]
        assert "联系电话" not in exported[0]
        flat = " ".join(str(v) for row in exported for v in row)
        assert "11010519491231002X" not in flat
        assert "13800001234" not in flat
        template = client.get(reverse("workforce-excel:template", args=["cadres"]))
        assert "公民身份号码" not in read_xlsx(template.content)[0]


def test_a_personal_data_column_in_an_import_by_someone_who_may_not_see_it_is_refused(
    staff: dict[str, Any], people: Any, login: Any, settings: Any
) -> None:
    from hongdun.workforce.excel.tests.helpers import xlsx as build

    # Kundulun's personnel clerk may see personal data; a discipline user may not import cadres.
    client = login(staff["discipline"])
    response = upload(client, "cadres", build(["人员编号", "公民身份号码"], [["BT001", "x"]]))
    assert response.status_code == 403


def test_progress_panel_polls_while_running_and_reloads_the_page_when_done(
    staff: dict[str, Any], training: Any, login: Any
) -> None:
    job = _job_of(staff, login)
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.IMPORTING, stage=ImportStage.CHECKING, processed_rows=1, total_rows=4
    )
    client = login(staff["personnel"])
    url = reverse("workforce-excel:job-progress", args=[job.pk])
    running = client.get(url)
    text = running.content.decode()
    assert 'hx-trigger="every 1s"' in text
    assert "1 / 4" in text
    assert "25%" in text
    assert "HX-Refresh" not in running
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.DONE)
    done = client.get(url)
    assert done["HX-Refresh"] == "true"
    assert "hx-trigger" not in done.content.decode()


def test_error_list_downloads_as_a_workbook(
    staff: dict[str, Any], training: Any, login: Any
) -> None:
    client = login(staff["personnel"])
    upload(
        client, "attendance", xlsx(ATTENDANCE_HEADERS, [["2007-PX-001", 1, "BT999", "", "出席", 1]])
    )
    job = last_job(staff["personnel"])
    rows = read_xlsx(client.get(reverse("workforce-excel:job-errors", args=[job.pk])).content)
    assert rows[1][:2] == [2, "人员编号"]
    assert "找不到人员编号" in rows[1][3]
