"""Count the filing-progress tallies again from the register (docs/operations.md)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from hongdun.disclosure.progress import latest_open_year
from hongdun.disclosure.tally import filing_tally_rebuild, tallied_years, window_has_opened


class Command(BaseCommand):
    help = (
        "Rebuild the filing-progress tally of one report year (--year), or of every year already "
        "counted and the latest year whose window has opened, with the exact grouped query."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, default=None, help="only this report year")

    def handle(self, *args: Any, **options: Any) -> None:
        year = options["year"]
        if year is not None and not window_has_opened(year):
            self.stdout.write(
                f"report year {year}: its window has not opened; progress is counted live"
            )
            return
        years = [year] if year is not None else sorted({*tallied_years(), latest_open_year()})
        for each in years:
            cells = filing_tally_rebuild(each)
            self.stdout.write(self.style.SUCCESS(f"report year {each}: {cells} tally cell(s)"))
