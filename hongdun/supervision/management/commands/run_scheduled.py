"""Run the supervision calendar steps of one day (docs/rules/supervision.md §4).

    manage.py run_scheduled [--date YYYY-MM-DD] [--commit] [--only STEP ...]

A dry run by default: each step counts what it would do and logs an uncommitted `ScheduledRun`.
With --commit each step writes, one transaction per step with its log row. The day is China time
(`timezone.localdate()`) unless --date names one. Exit status 1 with a message when a step fails:
the steps before it stay done, the failed one left nothing, and running the day again completes it.
"""

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from hongdun.supervision.choices import JobName
from hongdun.supervision.jobs import STEPS, run_day
from hongdun.supervision.models import ScheduledRun


def _day(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--date must be a day as YYYY-MM-DD, not {text!r}") from None


def counts_text(counts: dict[str, Any]) -> str:
    return ", ".join(f"{key}={value}" for key, value in counts.items()) or "nothing"


class Command(BaseCommand):
    help = (
        "Run the supervision calendar steps of a day (reason-1 proposals, three-year reminders "
        "and escalations, serious-list removals due, inspection results due). Dry run unless "
        "--commit."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", default=None, help="the day to run, YYYY-MM-DD (China time)")
        parser.add_argument("--commit", action="store_true", help="write (default: dry run)")
        parser.add_argument(
            "--only",
            nargs="+",
            choices=JobName.values,
            metavar="STEP",
            help=f"run only these steps ({', '.join(JobName.values)})",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        day = _day(options["date"]) if options["date"] else timezone.localdate()
        commit = bool(options["commit"])
        only = options["only"] or None
        mode = "commit" if commit else "dry run"
        self.stdout.write(f"run_scheduled {day.isoformat()} ({mode})")
        steps = [job for job in JobName.values if job in STEPS and (only is None or job in only)]
        done = 0

        def progress(job: str, run: ScheduledRun) -> None:
            nonlocal done
            done += 1
            verb = "did" if commit else "would do"
            self.stdout.write(
                f"[{done}/{len(steps)}] {job}: {verb} {counts_text(run.counts)} (run #{run.pk})"
            )

        try:
            run_day(day=day, commit=commit, only=only, progress=progress)
        except Exception as error:
            failed = steps[done] if done < len(steps) else "?"
            raise CommandError(
                f"step {failed} failed and was rolled back: {type(error).__name__}: {error}. "
                f"The {done} step(s) before it are done; run the day again to complete it."
            ) from error
        if not commit:
            self.stdout.write("dry run: nothing written but the run log; add --commit to write")
        else:
            self.stdout.write(self.style.SUCCESS(f"{done} step(s) committed"))
