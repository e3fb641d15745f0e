"""Delete the stored files of old workforce Excel exports (daily, from cron or a systemd timer)."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from hongdun.workforce.excel.services import export_jobs_prune


class Command(BaseCommand):
    help = (
        "Delete the files of background Excel exports older than --days days (default "
        "HONGDUN['WORKFORCE_EXPORT_KEEP_DAYS']); the jobs stay listed without a download link."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="keep the files of exports younger than this many days",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        days = options["days"]
        if days is None:
            days = int(settings.HONGDUN.get("WORKFORCE_EXPORT_KEEP_DAYS", 7))
        if days < 0:
            raise CommandError("--days must be 0 or more")
        count = export_jobs_prune(days=days)
        self.stdout.write(
            self.style.SUCCESS(f"deleted {count} export file(s) older than {days} day(s)")
        )
