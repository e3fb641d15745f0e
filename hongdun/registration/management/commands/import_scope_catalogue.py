"""Import the official business-scope catalogue (经营范围规范表述目录) from a CSV or XLSX file."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hongdun.registration.scope_catalogue import scope_catalogue_import


class Command(BaseCommand):
    help = (
        "Import the business-scope catalogue from FILE (CSV in UTF-8 or XLSX; columns are listed "
        "in hongdun/registration/scope_catalogue.py). Every row is checked first: any bad row is "
        "reported with its line number and nothing is written. Dry run unless --commit."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--source", default="", help="where the file came from (default: its name)"
        )
        parser.add_argument(
            "--commit", action="store_true", help="write the changes (default: dry run)"
        )
        parser.add_argument(
            "--deactivate-missing",
            action="store_true",
            help="mark entries that are not in the file as inactive (replace the shipped subset)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file")

        def progress(done: int, total: int) -> None:
            self.stdout.write(f"  {done}/{total} rows")

        report = scope_catalogue_import(
            path=path,
            source=options["source"] or path.name,
            commit=options["commit"],
            deactivate_missing=options["deactivate_missing"],
            progress=progress,
        )
        if report.errors:
            for error in report.errors:
                self.stderr.write(error)
            raise CommandError(f"{len(report.errors)} bad row(s); nothing was written")
        summary = (
            f"{report.total} rows: {report.created} new, {report.updated} changed, "
            f"{report.unchanged} unchanged, {report.deactivated} deactivated"
        )
        if report.committed:
            self.stdout.write(self.style.SUCCESS(summary))
        else:
            self.stdout.write(summary + " (dry run: pass --commit to write)")
