"""Put past attendance, exam and donation rows under the unit the person belonged to on the row's
date. Until the derive hooks (hongdun/workforce/derivations.py), the Excel import wrote the
person's current unit, and donations took it on every path; this finds and fixes those rows."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from hongdun.workforce.derivations import units_at_the_time_repair


class Command(BaseCommand):
    help = (
        "List (or, with --apply, fix) attendance, exam and donation rows whose unit is not the "
        "person's unit on the row's date."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--apply",
            action="store_true",
            help="Move the rows, rebuild the person-times of the classes touched, audit each move.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        counts = units_at_the_time_repair(actor=None, apply=options["apply"])
        verb = "moved" if options["apply"] else "to move"
        for label, count in counts.items():
            self.stdout.write(
                f"{label}: {count.checked:,} checked, {count.moved:,} {verb}, "
                f"{count.unknown:,} with no membership on their date (left as they are)"
            )
        if not options["apply"] and any(c.moved for c in counts.values()):
            self.stdout.write("run again with --apply to move them")
