"""check_names, expire_name_reservations and rebuild_namecheck_index."""

import io
import json
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from hongdun.namecheck.choices import ReservationStatus
from hongdun.namecheck.models import NameReservation

pytestmark = pytest.mark.django_db


def run(*args, stdin=None, monkeypatch=None):
    out, err = io.StringIO(), io.StringIO()
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_check_names_prints_one_json_verdict_per_line(tmp_path, hongguang):
    source = tmp_path / "names.txt"
    source.write_text(
        f"\ufeff{hongguang.name}\n\n包头市沃动机械有限公司\n  包头市云网络科技有限公司  \n",
        encoding="utf-8",
    )
    out, _err = run("check_names", str(source), "--registry", "150203")
    lines = out.splitlines()
    assert len(lines) == 3
    results = [json.loads(line) for line in lines]
    assert [r["verdict"] for r in results] == ["identical", "pass", "prohibited"]
    assert results[0]["name"] == hongguang.name
    assert "红光" in lines[0]  # ensure_ascii=False: Chinese stays readable


def test_check_names_from_stdin(monkeypatch, hongguang):
    out, _err = run(
        "check_names",
        "-",
        "--registry=150203",
        stdin=f"{hongguang.name}\n",
        monkeypatch=monkeypatch,
    )
    assert json.loads(out)["verdict"] == "identical"


def test_check_names_without_a_registry_checks_content_only(monkeypatch, hongguang):
    out, err = run("check_names", "-", stdin=f"{hongguang.name}\n", monkeypatch=monkeypatch)
    assert json.loads(out)["verdict"] == "pass"
    assert "--registry" in err


def test_check_names_reports_an_unusable_line_and_goes_on(monkeypatch, bureau):
    out, _err = run(
        "check_names",
        "-",
        "--registry=150203",
        stdin="包头市沃动机械有限公司\n" + "名" * 200 + "\n包头市沃动机械有限公司\n",
        monkeypatch=monkeypatch,
    )
    lines = [json.loads(line) for line in out.splitlines()]
    assert [("error" in line) for line in lines] == [False, True, False]


def test_check_names_refuses_an_unknown_registry(bureau, tmp_path):
    with pytest.raises(CommandError):
        run("check_names", str(tmp_path / "names.txt"), "--registry", "999999")


def test_check_names_refuses_a_missing_file(bureau, tmp_path):
    with pytest.raises(CommandError):
        run("check_names", str(tmp_path / "missing.txt"), "--registry", "150203")


def test_expire_name_reservations(bureau, make_user):
    applicant = make_user("applicant")
    for until, name, trade in [
        (date(2026, 1, 1), "包头市沃动机械有限公司", "沃动"),
        (date(2026, 3, 1), "包头市青鹿机械有限公司", "青鹿"),
    ]:
        NameReservation.objects.create(
            applicant=applicant,
            registry=bureau["kundulun"],
            proposed_name=name,
            normalized_name=name,
            trade_name=trade,
            industry_key="机械",
            status=ReservationStatus.RESERVED,
            reserved_until=until,
            verdict="pass",
        )
    out, _err = run("expire_name_reservations", "--today", "2026-02-01")
    assert "expired 1" in out
    assert NameReservation.objects.filter(status=ReservationStatus.EXPIRED).count() == 1
    out, _err = run("expire_name_reservations", "--today", "2026-02-01")
    assert "expired 0" in out


def test_rebuild_namecheck_index_shows_progress_and_snapshots(tmp_path, hongguang):
    target = tmp_path / "snap"
    out, _err = run("rebuild_namecheck_index", "--dir", str(target))
    assert "1/1 names" in out
    assert "name index rebuilt: 1 names" in out
    assert (target / "hongdun.json").exists()
    out, _err = run("rebuild_namecheck_index", "--no-save", "--dir", str(tmp_path / "none"))
    assert not (tmp_path / "none").exists()
