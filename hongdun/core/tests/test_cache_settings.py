"""Without Redis, the cache must be one for every process of a deployment: gunicorn workers count
rate limits in it and read the working-day calendar's version stamp from it."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

SCRIPT = """
import sys
import django
django.setup()
from django.core.cache import cache
if sys.argv[1] == "write":
    cache.set("shared-check", "from another process", 60)
else:
    print(cache.get("shared-check"))
"""


def run_as_deployed(tmp_path: Path, mode: str) -> str:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "REDIS_URL": "",
        "HONGDUN_CACHE_DIR": str(tmp_path / "cache"),
    }
    done = subprocess.run(  # noqa: S603 (our own interpreter and script)
        [sys.executable, "-c", SCRIPT, mode],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return done.stdout.strip()


def test_a_value_cached_by_one_process_is_read_by_another(tmp_path):
    assert run_as_deployed(tmp_path, "read") == "None"
    run_as_deployed(tmp_path, "write")
    assert run_as_deployed(tmp_path, "read") == "from another process"
