"""The engine is pure Python: importing any of its modules imports no Django."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[4]

SCRIPT = """
import importlib, json, pkgutil, sys
import hongdun.namecheck.engine as engine
names = [m.name for m in pkgutil.walk_packages(engine.__path__, engine.__name__ + ".")]
for name in names:
    importlib.import_module(name)
print(json.dumps({
    "modules": names,
    "django": sorted(m for m in sys.modules if m == "django" or m.startswith("django.")
                     or m.startswith(("rest_framework", "drf_"))),
}))
"""


def test_importing_every_engine_module_imports_no_django() -> None:
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
    expected = {"index", "conflicts", "check", "__main__", "types", "tests.test_purity"}
    found = {m.removeprefix("hongdun.namecheck.engine.") for m in report["modules"]}
    assert expected <= found
    assert report["django"] == []
