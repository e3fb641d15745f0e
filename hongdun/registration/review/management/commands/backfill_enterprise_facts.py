"""Fill the register's public facts of enterprises registered before approvals wrote them."""

from typing import Any

from django.core.management.base import BaseCommand

from hongdun.registration.review.backfill import enterprise_facts_backfill


class Command(BaseCommand):
    help = (
        "Give every enterprise without investors or officers the ones of its approved "
        "applications, else its legal representative as the sole officer, and put branches "
        "registered here on their head office's record. Writes only what is missing: safe to "
        "run again."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        def progress(done: int, total: int) -> None:
            if options["verbosity"] >= 1:
                self.stdout.write(f"  {done:,}/{total:,} enterprises")

        report = enterprise_facts_backfill(progress=progress)
        self.stdout.write(
            f"enterprise facts: {report.enterprises:,} enterprises checked "
            f"({report.from_applications:,} from approved applications); added "
            f"{report.investors:,} investors, {report.officers:,} officers, "
            f"{report.branches:,} branch records"
        )
