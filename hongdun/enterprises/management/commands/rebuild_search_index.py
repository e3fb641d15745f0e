"""Rebuild the public query's n-gram index from the register (after a restore or a bulk import)."""

import time
from typing import Any

from django.core.management.base import BaseCommand

from hongdun.enterprises.services import search_index_rebuild


class Command(BaseCommand):
    help = "Rebuild the enterprise-name search index from the register, showing progress."

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()

        def progress(done: int, total: int) -> None:
            self.stdout.write(f"  {done:,}/{total:,} names ({time.monotonic() - started:.1f}s)")

        grams, postings = search_index_rebuild(progress=progress)
        self.stdout.write(
            self.style.SUCCESS(
                f"index rebuilt: {grams:,} grams, {postings:,} postings"
                f" in {time.monotonic() - started:.1f}s"
            )
        )
