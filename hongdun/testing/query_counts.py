"""Query-count baselines per view, kept in a JSON file beside the tests that use them.

A page that starts issuing one query per row (a missing select_related) fails its test with the
old and new counts. When a change adds or removes queries on purpose, re-record the baselines:

    HONGDUN_RECORD_QUERY_COUNTS=1 .venv/bin/python -m pytest -n 0 hongdun/<app>/tests

and commit the changed `query_counts.json` with the change, so the review shows the difference.
"""

import fcntl
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.db import connection
from django.test.utils import CaptureQueriesContext

RECORD_ENV = "HONGDUN_RECORD_QUERY_COUNTS"
FILE_NAME = "query_counts.json"


def recording() -> bool:
    return os.environ.get(RECORD_ENV, "") not in ("", "0")


def _read(path: Path) -> dict[str, int]:
    if not path.exists():
        return {}
    data: dict[str, int] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _record(path: Path, name: str, count: int) -> None:
    # Parallel workers may record into one file: read, change and rewrite it under its own lock.
    with open(path, "a+", encoding="utf-8") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        text = handle.read()
        counts: dict[str, int] = json.loads(text) if text.strip() else {}
        counts[name] = count
        handle.seek(0)
        handle.truncate()
        handle.write(json.dumps(dict(sorted(counts.items())), ensure_ascii=False, indent=2) + "\n")


@contextmanager
def query_baseline(directory: Path, name: str) -> Iterator[CaptureQueriesContext]:
    """Count the queries of the block and compare them with the baseline `name` in
    `directory/query_counts.json` (or record it when HONGDUN_RECORD_QUERY_COUNTS is set)."""
    path = directory / FILE_NAME
    with CaptureQueriesContext(connection) as captured:
        yield captured
    count = len(captured.captured_queries)
    if recording():
        _record(path, name, count)
        return
    expected = _read(path).get(name)
    if expected is None:
        raise AssertionError(
            f"No query-count baseline {name!r} in {path}; record it with {RECORD_ENV}=1."
        )
    if count != expected:
        statements = "\n".join(q["sql"] for q in captured.captured_queries)
        raise AssertionError(
            f"{name}: {count} queries, the baseline is {expected} ({path}). If the change is "
            f"intended, re-record with {RECORD_ENV}=1.\n{statements}"
        )
