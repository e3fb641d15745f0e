"""Working-day deadlines for a queue of 100,000 rows: hongdun.core.workdays against the loop a
developer would otherwise write over chinese_calendar.

    .venv/bin/python bench/workdays_bench.py [--rows 100000] [--repeat 7] [--baseline-rows 300]
        [--baseline-repeat 3] [--seed 20261127] [--quick]

Each row is a question or application with a submission date in 2024-2026 (fixed seed); for every
row the bench computes the due date (submission + 5 working days, as the consultation queue does,
or + 3 as the registration review does) and the working days left as of 2026-11-27, the queue's
two numbers. Ours: `add_working_days` and `working_days_left` (per-year tables, binary search).
Baseline: step day by day calling `chinese_calendar.is_workday`, for the due date and again for
the days left (it ignores the holiday overrides, which only makes it faster). Both must agree on
every row. Runs in its own SQLite database under var/bench/ (migrated on first use), never the
dev database. Goal: no per-row per-day library calls, shown as a per-row cost at least 100 times
below the baseline's, with every compared row identical. (The queue page itself never computes
100,000 deadlines: the due date is stored when a question arrives, sorting and the overdue filter
use that column, and only the page's 25 rows get their working days left.)
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.harness import setup_django, sqlite_url  # noqa: E402

DB = ROOT / "var" / "bench" / "workdays.sqlite3"

TODAY = datetime.date(2026, 11, 27)
GOAL_RATIO = 100.0


def make_rows(n: int, seed: int) -> list[tuple[datetime.date, int]]:
    rng = random.Random(seed)
    first = datetime.date(2024, 1, 1).toordinal()
    last = TODAY.toordinal()
    return [
        (datetime.date.fromordinal(rng.randint(first, last)), rng.choice((3, 5))) for _ in range(n)
    ]


def ours(rows: list[tuple[datetime.date, int]]) -> list[tuple[datetime.date, int]]:
    from hongdun.core.workdays import add_working_days, working_days_left

    out = []
    for asked, days in rows:
        due = add_working_days(asked, days)
        out.append((due, working_days_left(due, TODAY)))
    return out


def baseline(rows: list[tuple[datetime.date, int]]) -> list[tuple[datetime.date, int]]:
    import chinese_calendar

    one = datetime.timedelta(days=1)
    out = []
    for asked, days in rows:
        due, left = asked, days
        while left:
            due += one
            if chinese_calendar.is_workday(due):
                left -= 1
        # Working days in (TODAY, due], negative when due is earlier.
        count, day = 0, min(due, TODAY)
        end = max(due, TODAY)
        while day < end:
            day += one
            if chinese_calendar.is_workday(day):
                count += 1
        out.append((due, count if due >= TODAY else -count))
    return out


def timed(fn, rows, repeat: int) -> tuple[list[float], list[tuple[datetime.date, int]]]:
    samples, result = [], []
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn(rows)
        samples.append((time.perf_counter() - started) * 1000)
    return samples, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--seed", type=int, default=20261127)
    parser.add_argument("--baseline-rows", type=int, default=300)
    parser.add_argument("--baseline-repeat", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="10,000 rows, 3 repeats")
    args = parser.parse_args()
    if args.quick:
        args.rows, args.repeat, args.baseline_rows, args.baseline_repeat = 10_000, 3, 100, 1

    setup_django(sqlite_url(DB))
    from bench.stats import fmt_ms, fmt_ratio, percentile
    from hongdun.core.workdays import calendar_changed

    rows = make_rows(args.rows, args.seed)
    print(f"rows: {args.rows:,} (due = asked + 3 or 5 working days; days left as of {TODAY})")

    calendar_changed()
    started = time.perf_counter()
    ours(rows[:1])
    cold_ms = (time.perf_counter() - started) * 1000
    ours_ms, ours_result = timed(ours, rows, args.repeat)
    # The baseline walks every day between submission and today for the days left (up to three
    # years), so it runs on the first --baseline-rows rows only; the comparison is per row.
    sample = rows[: args.baseline_rows]
    base_ms, base_result = timed(baseline, sample, args.baseline_repeat)
    mismatches = sum(
        1 for a, b in zip(ours_result[: len(sample)], base_result, strict=True) if a != b
    )

    print(f"first call (builds the year tables, one override query per year): {fmt_ms(cold_ms)} ms")
    print(f"{'':28}{'rows':>9}{'median ms':>12}{'p99 ms':>10}{'µs/row':>9}")
    per_row = {}
    for label, samples, n in (
        ("hongdun.core.workdays", ours_ms, len(rows)),
        ("per-day chinese_calendar", base_ms, len(sample)),
    ):
        median = percentile(samples, 50)
        per_row[label] = median * 1000 / n
        print(
            f"{label:28}{n:>9,}{fmt_ms(median):>12}{fmt_ms(percentile(samples, 99)):>10}"
            f"{per_row[label]:>9.2f}"
        )
    ratio = per_row["per-day chinese_calendar"] / per_row["hongdun.core.workdays"]
    print(f"baseline / ours (median per row): {fmt_ratio(ratio)}")
    print(
        f"baseline extrapolated to {len(rows):,} rows: "
        f"{fmt_ms(per_row['per-day chinese_calendar'] * len(rows) / 1000)} ms"
    )
    print(f"rows that disagree (of {len(sample):,} compared): {mismatches}")
    verdict = "PASS" if ratio >= GOAL_RATIO and mismatches == 0 else "MISS"
    print(
        f"goal: per row at least {GOAL_RATIO:.0f}x below the baseline, no disagreement -> {verdict}"
    )
    print(f"load average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
