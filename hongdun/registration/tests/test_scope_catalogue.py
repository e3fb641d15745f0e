"""The scope catalogue: shipped subset, import command (dry run, idempotent, bad rows, XLSX)."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from hongdun.registration.choices import PermitStage
from hongdun.registration.models import ScopeCatalogueEntry
from hongdun.registration.scope_catalogue import SUBSET_SOURCE, scope_entry_search

pytestmark = pytest.mark.django_db

GOOD = (
    "code,wording,industry_code,industry_name,category,permit_stage,permit_name,permit_authority,keywords\n"
    "Z0001-01,无人机销售,F,批发和零售业,一般,,,,无人机\n"
    "Z0002-01,民用无人驾驶航空器经营,G,交通运输,许可,后置,通用航空经营,民用航空主管部门,\n"
    "Z0003-01,烟花爆竹批发,F,批发和零售业,许可,前置,烟花爆竹经营许可,应急管理部门,\n"
)


def _run(path: Path, *args: str) -> str:
    out = StringIO()
    call_command("import_scope_catalogue", str(path), *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_shipped_subset_is_loaded_and_marked() -> None:
    entries = ScopeCatalogueEntry.objects.filter(source=SUBSET_SOURCE)
    assert entries.count() >= 300
    assert entries.filter(permit_stage=PermitStage.PRE).exists()
    assert entries.filter(permit_stage=PermitStage.POST).exists()
    assert len(set(entries.values_list("industry_code", flat=True))) >= 15
    assert not entries.exclude(permit_stage=PermitStage.NONE).filter(permit_authority="").exists()
    assert [e.code for e in scope_entry_search("保安")] == ["L7272-23"]
    assert scope_entry_search("") == []


def test_import_is_a_dry_run_then_commits_once(tmp_path: Path) -> None:
    path = tmp_path / "catalogue.csv"
    path.write_text(GOOD, encoding="utf-8")
    assert "dry run" in _run(path)
    assert not ScopeCatalogueEntry.objects.filter(code__startswith="Z").exists()
    assert "3 new" in _run(path, "--commit")
    fireworks = ScopeCatalogueEntry.objects.get(code="Z0003-01")
    assert (fireworks.permit_stage, fireworks.permit_authority) == (PermitStage.PRE, "应急管理部门")
    assert "0 new, 0 changed, 3 unchanged" in _run(path, "--commit")
    path.write_text(GOOD.replace("无人机销售", "无人机及零部件销售"), encoding="utf-8")
    assert "1 changed" in _run(path, "--commit")
    assert ScopeCatalogueEntry.objects.get(code="Z0001-01").wording == "无人机及零部件销售"


def test_bad_rows_are_reported_with_line_numbers_and_nothing_is_written(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(
        GOOD
        + "Z0004-01,,F,,一般,,,,\n"
        + "Z0005-01,某项目,F,,许可,,,,\n"
        + "Z0001-01,重复代码,F,,一般,,,,\n"
        + "Z0006-01,某一般项目,F,,一般,前置,,,\n"
        + "Z0007-01,某项目,F,,其他,,,,\n",
        encoding="utf-8",
    )
    err = StringIO()
    with pytest.raises(CommandError, match="5 bad row"):
        call_command("import_scope_catalogue", str(path), "--commit", stdout=StringIO(), stderr=err)
    report = err.getvalue()
    for line in (5, 6, 7, 8, 9):
        assert f"line {line}:" in report
    assert "wording is empty" in report
    assert "repeats line 2" in report
    assert not ScopeCatalogueEntry.objects.filter(code__startswith="Z").exists()


@pytest.mark.parametrize(
    "content",
    [b"", b"\xff\xfe\x00garbage", "条目,其他\n1,2\n".encode()],
)
def test_unreadable_files_are_refused(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(content)
    before = ScopeCatalogueEntry.objects.count()
    with pytest.raises(CommandError):
        call_command(
            "import_scope_catalogue", str(path), "--commit", stdout=StringIO(), stderr=StringIO()
        )
    assert ScopeCatalogueEntry.objects.count() == before
    with pytest.raises(CommandError, match="no such file"):
        call_command("import_scope_catalogue", str(tmp_path / "missing.csv"))


def test_xlsx_with_chinese_headers_and_deactivating_the_subset(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["条目代码", "规范表述", "类别", "审批类别", "审批部门"])
    sheet.append(["Z1001-01", "电子商务平台运营", "一般", None, None])
    sheet.append(["Z1002-01", "药品互联网信息服务", "许可", "后置", "药品监督管理部门"])
    path = tmp_path / "official.xlsx"
    book.save(path)
    output = _run(path, "--commit", "--deactivate-missing")
    assert "2 new" in output
    assert ScopeCatalogueEntry.objects.filter(is_active=True).count() == 2
    assert ScopeCatalogueEntry.objects.filter(source=SUBSET_SOURCE, is_active=False).count() >= 300


def test_imported_entries_have_a_history_from_their_first_import(tmp_path: Path) -> None:
    """The import writes the first history record, so a later change shows old and new values."""
    path = tmp_path / "catalogue.csv"
    path.write_text(GOOD, encoding="utf-8")
    _run(path, "--commit")
    drone = ScopeCatalogueEntry.objects.get(code="Z0001-01")
    first = drone.history.get()
    assert (first.history_type, first.wording) == ("+", "无人机销售")
    assert first.history_change_reason.startswith("导入经营范围目录")
    path.write_text(GOOD.replace("无人机销售", "无人机及零部件销售"), encoding="utf-8")
    _run(path, "--commit")
    latest, previous = drone.history.order_by("-history_date", "-history_id")[:2]
    changes = {c.field: (c.old, c.new) for c in latest.diff_against(previous).changes}
    assert changes == {"wording": ("无人机销售", "无人机及零部件销售")}
