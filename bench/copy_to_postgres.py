"""Copy a prepared SQLite bench database into a PostgreSQL bench database of the same schema.

Seeding a million enterprises with five years of annual reports takes an hour or more per backend
(`seed_demo` builds every row in Python). The generator is deterministic (fixed seed), so the
PostgreSQL database it would build holds the same rows as the SQLite one; this script moves those
rows instead of generating them again: `migrate` on an empty PostgreSQL database (the schema and
indexes exactly as the app defines them), then every table's rows through `COPY`, then the
sequences. The benchmark suites see a complete database and only migrate and VACUUM (ANALYZE) it.

    .venv/bin/python bench/copy_to_postgres.py var/bench/disclosure-1000000.sqlite3 \
        --pg-url postgres://postgres@127.0.0.1:5432/hd_bench_1000000
"""

import argparse
import sqlite3
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.run import PYTHON, django_env, log, pg_connect, pg_database_url, stream  # noqa: E402

BATCH = 20_000


def _tables(sqlite: sqlite3.Connection) -> list[str]:
    rows = sqlite.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "AND name != 'django_migrations' ORDER BY name"
    ).fetchall()
    return [name for (name,) in rows]


def _pg_columns(pg: Any, table: str) -> dict[str, str]:
    rows = pg.execute(
        "SELECT column_name, data_type FROM information_schema.columns "
        "WHERE table_schema = 'public' AND table_name = %s",
        [table],
    ).fetchall()
    return dict(rows)


def _convert(kinds: Sequence[str]) -> list[Callable[[object], object] | None]:
    """Per column, how a SQLite value becomes the PostgreSQL one (booleans are 0/1 there)."""

    def boolean(value: object) -> object:
        return None if value is None else bool(value)

    return [boolean if kind == "boolean" else None for kind in kinds]


def copy_table(sqlite: sqlite3.Connection, pg: Any, table: str) -> int:
    columns = [row[1] for row in sqlite.execute(f'PRAGMA table_info("{table}")')]
    pg_kinds = _pg_columns(pg, table)
    if not pg_kinds:
        log(f"  {table}: not in PostgreSQL, skipped")
        return 0
    columns = [column for column in columns if column in pg_kinds]
    converters = _convert([pg_kinds[column] for column in columns])
    quoted = ", ".join(f'"{column}"' for column in columns)
    copied = 0
    cursor = sqlite.execute(f'SELECT {quoted} FROM "{table}"')
    with (
        pg.cursor() as pg_cursor,
        pg_cursor.copy(f'COPY "{table}" ({quoted}) FROM STDIN') as copy,
    ):
        while rows := cursor.fetchmany(BATCH):
            for row in rows:
                copy.write_row(
                    [
                        value if convert is None else convert(value)
                        for value, convert in zip(row, converters, strict=True)
                    ]
                )
            copied += len(rows)
    return copied


def reset_sequences(pg: Any) -> None:
    rows = pg.execute(
        "SELECT c.relname, a.attname, pg_get_serial_sequence(c.relname, a.attname) "
        "FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid "
        "WHERE c.relkind = 'r' AND c.relnamespace = 'public'::regnamespace AND a.attnum > 0 "
        "AND NOT a.attisdropped AND pg_get_serial_sequence(c.relname, a.attname) IS NOT NULL"
    ).fetchall()
    for table, column, sequence in rows:
        pg.execute(
            f'SELECT setval(%s, COALESCE((SELECT MAX("{column}") FROM "{table}"), 0) + 1, false)',
            [sequence],
        )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sqlite", type=Path)
    parser.add_argument("--pg-url", required=True, help="the PostgreSQL bench database to create")
    args = parser.parse_args(argv)
    name = args.pg_url.rsplit("/", 1)[1]
    with pg_connect(pg_database_url(args.pg_url, "postgres")) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0")
    stream([PYTHON, "manage.py", "migrate", "--no-input", "-v", "0"], django_env(args.pg_url), 3600)
    sqlite = sqlite3.connect(f"file:{args.sqlite}?mode=ro", uri=True)
    started = time.monotonic()
    with pg_connect(args.pg_url, autocommit=False) as pg:
        pg.execute("SET session_replication_role = replica")  # foreign keys checked by SQLite's run
        pg.execute("SET TIME ZONE 'UTC'")  # Django keeps UTC datetimes in SQLite
        for table in _tables(sqlite):
            pg.execute(f'TRUNCATE "{table}" CASCADE') if _pg_columns(pg, table) else None
        for table in _tables(sqlite):
            table_started = time.monotonic()
            copied = copy_table(sqlite, pg, table)
            if copied:
                log(f"  {table}: {copied:,} rows ({time.monotonic() - table_started:.1f}s)")
        reset_sequences(pg)
        pg.commit()
    log(f"copied in {time.monotonic() - started:.0f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
