"""`python -m hongdun.namecheck.engine`: check names against a file, snapshot an index."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[4]

EXISTING = "\n".join(
    [
        "# existing names, one per line",
        "杭州云栖有限公司",
        "北京红光酒业有限公司",
        "万青地产有限公司",
        "",
        "北京牛栏山酒业有限公司",
    ]
)


def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - a fixed interpreter and module
        [sys.executable, "-m", "hongdun.namecheck.engine", *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        timeout=300,
        check=False,
    )


def lines(output: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in output.splitlines()]


def test_check_prints_one_json_verdict_per_line(tmp_path: Path) -> None:
    existing = tmp_path / "existing.txt"
    existing.write_text(EXISTING, encoding="utf-8")
    proc = run(
        "check",
        "--existing",
        str(existing),
        "--as-of",
        "2026-11-27",
        "杭州云栖贸易有限公司",
        "北京红光物业管理有限公司",
        "万青置业有限公司",
        "北京红光酒厂",
    )
    assert proc.returncode == 0, proc.stderr
    results = lines(proc.stdout)
    assert [r["verdict"] for r in results] == ["identical", "pass", "similar", "identical"]
    first = results[0]
    assert set(first) >= {"name", "verdict", "findings", "parsed"}
    assert first["name"] == "杭州云栖贸易有限公司"
    finding = first["findings"][0]
    assert set(finding) == {"rule", "verdict", "article", "message", "fix", "part", "conflicts"}
    assert finding["rule"] == "C-SAME-1"
    assert finding["conflicts"] == ["杭州云栖有限公司"]
    assert first["parsed"]["trade_name"] == "云栖"
    assert "云栖" in proc.stdout  # ensure_ascii=False
    assert results[2]["blocking"] is False
    assert results[3]["blocking"] is True


def test_tsv_registries_statuses_and_stdin(tmp_path: Path) -> None:
    existing = tmp_path / "existing.tsv"
    existing.write_text(
        "北京红光酒业有限公司\tR1\n"
        "北京红光白酒有限公司\tR2\n"
        "北京瀚昱科技有限公司\tR1\tderegistered\t2026-06-01\n"
        "北京澜睿科技有限公司\tR1\t注销\t2024-01-01\n"
        "北京翊霖科技有限公司\tR1\treserved\t2026-11-26\n",
        encoding="utf-8",
    )
    names = (
        "北京红光酒业有限公司\n北京瀚昱科技有限公司\n北京澜睿科技有限公司\n北京翊霖科技有限公司\n"
    )
    proc = run(
        "check",
        "--existing",
        str(existing),
        "--registry",
        "R1",
        "--as-of",
        "2026-11-27",
        stdin=names,
    )
    assert proc.returncode == 0, proc.stderr
    verdicts = [r["verdict"] for r in lines(proc.stdout)]
    assert verdicts == ["identical", "identical", "pass", "pass"]
    other = run("check", "--existing", str(existing), "--registry", "R3", "北京红光酒业有限公司")
    assert [r["verdict"] for r in lines(other.stdout)] == ["pass"]


def test_build_index_then_check_against_it(tmp_path: Path) -> None:
    existing = tmp_path / "existing.txt"
    existing.write_text(EXISTING, encoding="utf-8")
    built = run("build-index", "--existing", str(existing), "--out", str(tmp_path / "idx"))
    assert built.returncode == 0, built.stderr
    assert json.loads(built.stdout)["records"] == 4
    assert "done" in built.stderr  # progress
    proc = run(
        "check",
        "--index",
        str(tmp_path / "idx"),
        "--industry",
        "酒业",
        "-",
        stdin="北京牛兰山酒业有限公司\n",
    )
    assert proc.returncode == 0, proc.stderr
    [result] = lines(proc.stdout)
    assert result["verdict"] == "similar"
    assert result["findings"][0]["rule"] == "C-CMP-4.2"


def test_bad_input_is_reported(tmp_path: Path) -> None:
    existing = tmp_path / "bad.tsv"
    existing.write_text("北京红光酒业有限公司\tR1\tflying\n", encoding="utf-8")
    proc = run("check", "--existing", str(existing), "北京红光酒业有限公司")
    assert proc.returncode == 2
    assert "unknown status" in proc.stderr
    missing = run("check", "--existing", str(tmp_path / "missing.txt"), "北京红光酒业有限公司")
    assert missing.returncode == 2
