"""Re-run a plan's recorded draw and compare with its tasks (docs/rules/supervision.md §5)."""

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hongdun.core.exceptions import ApplicationError
from hongdun.supervision.models import InspectionDraw
from hongdun.supervision.services_inspection import verify_draw


class Command(BaseCommand):
    help = (
        "Re-run the random-inspection draw of a plan from its recorded inputs (or, with "
        "--from-register, from the register and rosters as they are now) and compare the drawn "
        "enterprises, ranks and inspectors with the stored tasks. Exit status 1 on a mismatch."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("plan", type=int, help="the inspection plan's id")
        parser.add_argument(
            "--from-register",
            action="store_true",
            help="read the population and rosters from the database instead of the snapshots",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        draw = InspectionDraw.objects.select_related("plan").filter(plan_id=options["plan"]).first()
        if draw is None:
            raise CommandError(f"plan {options['plan']} has no recorded draw")
        try:
            report = verify_draw(draw, from_register=options["from_register"])
        except ApplicationError as error:
            raise CommandError(error.message) from None
        lines = [
            f"plan: {draw.plan_id} {draw.plan}",
            f"source: {report.source}",
            f"algorithm: {report.algorithm}",
            f"seed: {report.seed}",
            f"population: {report.population_count} sha256 {report.population_digest}",
            f"recorded population: {draw.population_count} sha256 {draw.population_digest}",
            f"inspectors: {report.roster_count} sha256 {report.roster_digest}",
            f"recorded inspectors: {draw.roster_count} sha256 {draw.roster_digest}",
            f"drawn: {report.sample_count} (recorded {draw.sample_count})",
        ]
        for line in lines:
            self.stdout.write(line)
        if report.ok:
            self.stdout.write(self.style.SUCCESS("OK"))
            return
        for problem in report.problems:
            self.stdout.write(f"  {problem}")
        self.stdout.write(self.style.ERROR("MISMATCH"))
        sys.exit(1)
