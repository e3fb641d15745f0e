"""Remind enterprises that have not filed the open window's annual report (daily, from cron)."""

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from hongdun.disclosure.reminders import reminder_days, reminders_send


class Command(BaseCommand):
    help = (
        "Send the annual-report reminder to every enterprise that has not filed the open "
        "window's report, from HONGDUN['ANNUAL_REPORT_REMINDER_DAYS'] days before the deadline; "
        "once per enterprise and year, however often it runs."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--today", type=date.fromisoformat, default=None, help="run as of YYYY-MM-DD"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        result = reminders_send(today=options["today"])
        if result.year is None:
            self.stdout.write(
                f"no reminder due: not within {reminder_days()} days before a filing deadline"
            )
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"report year {result.year}: reminded {result.enterprises} enterprise(s), "
                f"{result.notices} notice(s)"
            )
        )
