"""Classify every enterprise for one month, or re-run a past month from its stored inputs
(docs/rules/credit.md §3).

    manage.py credit_reclassify --month YYYY-MM [--as-of YYYY-MM-DD]
    manage.py credit_reclassify --rerun YYYY-MM

--month writes the month's classes (refused when the month already has them or a run is
running); the inputs are read as of --as-of (default: today for the current month, the month's
first day for a past one). Exit status 1 when the run failed: nothing of it was written and the
last month's classes stay in force. --rerun writes nothing: it classifies the stored inputs
again with the month's own scheme version and prints how many classes and scores are the same.
"""

import datetime
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hongdun.core.exceptions import ApplicationError
from hongdun.credit.choices import RunStatus
from hongdun.credit.selectors_runs import run_for_month
from hongdun.credit.services_runs import reclassify, rerun


def _month(text: str, option: str) -> datetime.date:
    try:
        year, month = (int(part) for part in text.split("-"))
        return datetime.date(year, month, 1)
    except ValueError:
        raise CommandError(f"{option} must be a month as YYYY-MM, not {text!r}") from None


def _day(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--as-of must be a day as YYYY-MM-DD, not {text!r}") from None


class Command(BaseCommand):
    help = (
        "Classify every enterprise on the register for a month (credit-risk classes, set-based), "
        "or re-run a past month from its stored inputs and compare."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--month", help="the month to classify, YYYY-MM")
        which.add_argument("--rerun", metavar="YYYY-MM", help="re-run a classified month")
        parser.add_argument("--as-of", dest="as_of", help="read the records as of this day")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["rerun"]:
            if options["as_of"]:
                raise CommandError("--as-of goes with --month (a re-run uses the stored inputs)")
            self._rerun(_month(options["rerun"], "--rerun"))
            return
        month = _month(options["month"], "--month")
        as_of = _day(options["as_of"]) if options["as_of"] else None
        started = time.monotonic()

        def progress(text: str) -> None:
            self.stdout.write(f"  [{time.monotonic() - started:6.1f}s] {text}")

        self.stdout.write(f"credit_reclassify {month:%Y-%m}")
        try:
            run = reclassify(month, as_of=as_of, progress=progress)
        except ApplicationError as error:
            raise CommandError(error.message) from None
        if run.status != RunStatus.SUCCEEDED:
            raise CommandError(
                f"run #{run.pk} of {month:%Y-%m} failed and wrote nothing; the classes of the "
                f"previous month stay in force. {run.error}"
            )
        total = sum(run.counts.values())
        self.stdout.write(
            f"run #{run.pk}: {total:,} enterprises as of {run.as_of}, scheme v{run.scheme.version}"
            f" ({time.monotonic() - started:.1f}s)"
        )
        self.stdout.write(
            "  classes: " + ", ".join(f"{name} {count:,}" for name, count in run.counts.items())
        )
        if run.previous is None:
            self.stdout.write("  no earlier month to compare with")
        else:
            moved = sum(run.moves.values())
            self.stdout.write(f"  moved since {run.previous.month:%Y-%m}: {moved:,}")
            for key, count in run.moves.items():
                reasons = ", ".join(
                    f"{reason} {n:,}" for reason, n in run.move_reasons.get(key, {}).items()
                )
                self.stdout.write(f"    {key}: {count:,} ({reasons})")
        self.stdout.write(self.style.SUCCESS(f"{month:%Y-%m} classified"))

    def _rerun(self, month: datetime.date) -> None:
        run = run_for_month(month)
        if run is None:
            raise CommandError(f"{month:%Y-%m} has no completed classification to re-run")
        started = time.monotonic()
        try:
            report = rerun(run)
        except ApplicationError as error:
            raise CommandError(error.message) from None
        self.stdout.write(
            f"re-run of {month:%Y-%m} (run #{run.pk}, scheme v{run.scheme.version}, as of "
            f"{run.as_of}) from its stored inputs: {report.compared:,} enterprises, "
            f"{report.identical:,} identical, {report.different:,} different "
            f"({time.monotonic() - started:.1f}s)"
        )
        for difference in report.differences:
            self.stdout.write(
                f"  {difference.uscc} {difference.name}: stored {difference.stored_class} "
                f"{difference.stored_score:g}, re-run {difference.rerun_class} "
                f"{difference.rerun_score:g}"
            )
        if not report.same:
            raise CommandError(f"the re-run of {month:%Y-%m} differs from what was stored")
        self.stdout.write(self.style.SUCCESS("same classes and scores as stored"))
