"""Code run in a fresh interpreter (the one running the tests) at the repository's root: what a
module imports on its own, and output that must not depend on the process (hash seeds)."""

import json
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# No settings and no site customisation: what a pure module needs, it imports itself.
CLEAN_ENV = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}

_REPORT = """
import importlib, json, pkgutil, sys
names = sys.argv[1:]
for name in list(names):
    module = importlib.import_module(name)
    if hasattr(module, "__path__"):
        names += [m.name for m in pkgutil.walk_packages(module.__path__, name + ".")]
for name in names:
    importlib.import_module(name)
print(json.dumps({
    "modules": names,
    "django": sorted(m for m in sys.modules if m == "django" or m.startswith("django.")
                     or m.startswith(("rest_framework", "drf_"))),
}))
"""


def run_python(
    code: str,
    *args: str,
    env: Mapping[str, str] | None = None,
    check: bool = True,
    timeout: float = 300,
) -> subprocess.CompletedProcess[str]:
    """`python -c code args…`; with `check` a failure raises (its stderr in the exception)."""
    return subprocess.run(  # noqa: S603 - the interpreter running the tests and our own code
        [sys.executable, "-c", code, *args],
        cwd=ROOT,
        env=dict(CLEAN_ENV if env is None else env),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=check,
    )


def imports_of(*modules: str) -> tuple[list[str], list[str]]:
    """Import `modules` (a package with every module below it) in a fresh interpreter: the
    modules imported, and the Django and DRF modules that came with them (none for a pure one)."""
    report = json.loads(run_python(_REPORT, *modules).stdout.strip().splitlines()[-1])
    return report["modules"], report["django"]
