"""The filing-progress tally next to the grouped query it replaces (docs/rules/disclosure.md §2.4).

Run on a database prepared by `bench/disclosure_bench.py` (the register and five years of
reports), after `manage.py migrate`:

    DATABASE_URL=... .venv/bin/python bench/filing_tally_bench.py [--runs 40] [--seed 7]

It measures, for the whole city as the demo leader, the latest report year whose window has
opened: (1) the build of the tally (`filing_tally_rebuild`, once), (2) `filing_progress` through
the tally, (3) the same selector on the exact grouped query (`progress_counts_grouped`, the
previous implementation and the tally's reference) and checks that both give the same rows,
then (4) a first submission's cost to the tally (one UPDATE, measured inside a rolled-back
transaction). p50/p99 in ms and the ratio, fixed seed, same run.
"""

import argparse
import os
import random
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.stats import fmt_ms, fmt_ratio, ratio, summarize  # noqa: E402


def _timed(call: Any, runs: int) -> tuple[list[float], Any]:
    wall: list[float] = []
    result = None
    for _ in range(runs):
        started = time.perf_counter()
        result = call()
        wall.append((time.perf_counter() - started) * 1000)
    return wall, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--baseline-runs", type=int, default=10)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    import django

    django.setup()
    from django.db import connection, transaction
    from django.utils import timezone

    from hongdun.accounts.models import User
    from hongdun.disclosure import progress
    from hongdun.disclosure.models import AnnualReport
    from hongdun.disclosure.tally import filing_tally_count, filing_tally_rebuild
    from hongdun.enterprises.models import Enterprise

    rng = random.Random(args.seed)
    leader = User.objects.get(username="leader")
    year = progress.latest_open_year()
    enterprises = Enterprise.objects.count()
    print(f"{connection.vendor}: {enterprises:,} enterprises, report year {year}")

    started = time.perf_counter()
    cells = filing_tally_rebuild(year)
    print(f"build (grouped query + {cells} cells): {(time.perf_counter() - started) * 1000:.0f} ms")

    def tally() -> Any:
        return progress.filing_progress(user=leader, year=year)

    original = progress.progress_counts

    def grouped() -> Any:
        progress.progress_counts = lambda **kw: progress.progress_counts_grouped(
            user=kw["user"], year=kw["year"], authority=kw.get("authority")
        )
        try:
            return progress.filing_progress(user=leader, year=year)
        finally:
            progress.progress_counts = original

    tally()
    grouped()  # warm-up
    tally_ms, via_tally = _timed(tally, args.runs)
    grouped_ms, via_grouped = _timed(grouped, args.baseline_runs)
    same = [(r.key, r.due, r.on_time, r.late) for r in via_tally.by_authority] == [
        (r.key, r.due, r.on_time, r.late) for r in via_grouped.by_authority
    ] and [(r.key, r.due, r.on_time, r.late) for r in via_tally.by_type] == [
        (r.key, r.due, r.on_time, r.late) for r in via_grouped.by_type
    ]
    t, g = summarize(tally_ms), summarize(grouped_ms)
    total = via_tally.total
    print(f"due {total.due:,}, on time {total.on_time:,}, late {total.late:,}; same rows: {same}")
    print(f"filing_progress via tally:   p50 {fmt_ms(t.p50)} ms, p99 {fmt_ms(t.p99)} ms (n={t.n})")
    print(f"filing_progress via GROUP BY: p50 {fmt_ms(g.p50)} ms, p99 {fmt_ms(g.p99)} ms (n={g.n})")
    print(f"ratio grouped/tally: p50 {fmt_ratio(ratio(g.p50, t.p50))}")

    # A first submission's share: the tally UPDATE, on random reports of the year (rolled back).
    ids = list(AnnualReport.objects.filter(year=year).values_list("id", flat=True)[:5000])
    sample = [AnnualReport.objects.get(pk=pk) for pk in rng.sample(ids, min(40, len(ids)))]
    update_ms: list[float] = []
    for report in sample:
        with transaction.atomic():
            started = time.perf_counter()
            filing_tally_count(report)
            update_ms.append((time.perf_counter() - started) * 1000)
            transaction.set_rollback(True)
    u = summarize(update_ms)
    print(f"tally update of a first submission: p50 {fmt_ms(u.p50)} ms, p99 {fmt_ms(u.p99)} ms")
    print(f"measured {timezone.now():%Y-%m-%d %H:%M} UTC")


if __name__ == "__main__":
    main()
