"""Write the missing first record of the change history (rows loaded in bulk or by migrations)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import models

from hongdun.core.history import history_baselines_write


class Command(BaseCommand):
    help = (
        "Give every row that has no change history a first record with its current values, so "
        "the history page shows what its first edit changed. Safe to run again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "app_labels", nargs="*", help="only these apps (default: every app with history)"
        )
        parser.add_argument(
            "--reason", default="建立修改历史基线", help="the change reason stored on the records"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        def progress(model: type[models.Model], written: int) -> None:
            if written and options["verbosity"] >= 1:
                self.stdout.write(f"  {model._meta.label}: {written:,}")

        total = history_baselines_write(
            reason=options["reason"], app_labels=options["app_labels"] or None, progress=progress
        )
        self.stdout.write(f"history baseline: {total:,} records written")
