"""Rebuild the person-time rollup from the attendance rows (ADR 0011): after a restore, after
attendance was written outside the application (raw SQL, a bulk load), or to check it."""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hongdun.workforce.person_times import person_times_differences, person_times_rebuild


class Command(BaseCommand):
    help = "Rebuild the training person-time rollup (人次) from the attendance rows, with progress."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--check",
            action="store_true",
            help="Only compare the rollup with a recomputation; exit 1 if they differ.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        if options["check"]:
            rows, totals = person_times_differences()
            if rows or totals:
                raise CommandError(
                    f"the rollup differs from the attendance: {rows:,} person-time rows and "
                    f"{totals:,} class totals; run without --check to rebuild it"
                )
            self.stdout.write(self.style.SUCCESS("the rollup matches the attendance"))
            return

        def progress(done: int, total: int) -> None:
            self.stdout.write(f"  {done:,}/{total:,} classes ({time.monotonic() - started:.1f}s)")

        rows = person_times_rebuild(progress=progress)
        self.stdout.write(
            self.style.SUCCESS(
                f"rollup rebuilt: {rows:,} person-time rows in {time.monotonic() - started:.1f}s"
            )
        )
