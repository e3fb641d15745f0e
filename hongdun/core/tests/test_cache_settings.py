"""Without Redis, the cache must be one for every process of a deployment: gunicorn workers count
rate limits in it and read the working-day calendar's version stamp from it."""

import os
from pathlib import Path

from hongdun.testing.fresh_python import run_python

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
    return run_python(SCRIPT, mode, env=env, timeout=120).stdout.strip()


def test_a_value_cached_by_one_process_is_read_by_another(tmp_path):
    assert run_as_deployed(tmp_path, "read") == "None"
    run_as_deployed(tmp_path, "write")
    assert run_as_deployed(tmp_path, "read") == "from another process"
