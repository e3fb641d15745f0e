"""Rebuild the name index from the register and the live reservations, and snapshot it to disk."""

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from hongdun.namecheck.index_store import IndexStore


class Command(BaseCommand):
    help = (
        "Rebuild the enterprise-name index (registered, recently given-up and reserved names) "
        "from the database and save a snapshot that web workers load at start, showing progress."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dir",
            type=Path,
            default=None,
            help="snapshot directory (default: VAR_DIR/namecheck-index)",
        )
        parser.add_argument(
            "--no-save", action="store_true", help="build and report only; write no snapshot"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        store = IndexStore(options["dir"])

        def progress(done: int, total: int) -> None:
            share = f" ({100 * done / total:.0f}%)" if total else ""
            self.stdout.write(
                f"  {done:,}/{total:,} names{share} ({time.monotonic() - started:.1f}s)"
            )

        stats = store.rebuild(progress=progress, save=not options["no_save"])
        self.stdout.write(
            self.style.SUCCESS(
                f"name index rebuilt: {stats.names:,} names ({stats.enterprises:,} enterprises, "
                f"{stats.former_names:,} former names, {stats.reservations:,} reservations) "
                f"in {stats.seconds:.1f}s; events up to #{stats.watermark}"
            )
        )
        if stats.saved_to:
            self.stdout.write(f"snapshot: {stats.saved_to}")
        elif not options["no_save"]:
            self.stderr.write("the snapshot could not be saved (see the log)")
