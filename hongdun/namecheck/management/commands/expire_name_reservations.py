"""Expire name reservations whose period has ended (daily, from cron or run_scheduled)."""

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from hongdun.namecheck.services import reservation_expire_due


class Command(BaseCommand):
    help = "Mark reservations whose period ended before today as expired and free their names."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--today", type=date.fromisoformat, default=None, help="run as of YYYY-MM-DD"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        count = reservation_expire_due(today=options["today"])
        self.stdout.write(self.style.SUCCESS(f"expired {count} name reservation(s)"))
