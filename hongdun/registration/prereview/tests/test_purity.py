"""The pre-review is pure Python: importing any of its modules imports no Django."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[4]

SCRIPT = """
import importlib, json, pkgutil, sys
import hongdun.registration.prereview as engine
names = [m.name for m in pkgutil.walk_packages(engine.__path__, engine.__name__ + ".")]
for name in names:
    importlib.import_module(name)
print(json.dumps({
    "modules": names,
    "django": sorted(m for m in sys.modules if m == "django" or m.startswith("django.")
                     or m.startswith(("rest_framework", "drf_"))),
}))
"""


def test_importing_every_prereview_module_imports_no_django() -> None:
    proc = subprocess.run(  # noqa: S603 - a fixed interpreter and script
        [sys.executable, "-c", SCRIPT],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        check=True,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)},
    )
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    found = {m.removeprefix("hongdun.registration.prereview.") for m in report["modules"]}
    assert {"rules", "types", "config", "samples", "tests.test_items"} <= found
    assert report["django"] == []


def test_shipped_rule_file_loads_and_marks_unverified_rules() -> None:
    from hongdun.registration.prereview.config import DEFAULT_RULES_FILE, default_rules

    raw = json.loads(DEFAULT_RULES_FILE.read_text(encoding="utf-8"))
    assert raw["_unverified"], "UNVERIFIED rules must be listed in the data file"
    rules = default_rules()
    assert rules.contribution_years == 5
    assert rules.member_counts["llc"] == (1, 50)


def test_broken_rule_file_is_refused(tmp_path: Path) -> None:
    import pytest

    from hongdun.registration.prereview.config import RuleConfigError, load_rules_file

    bad = tmp_path / "rules.json"
    bad.write_text('{"contribution_years": "five"}', encoding="utf-8")
    with pytest.raises(RuleConfigError):
        load_rules_file(bad)
