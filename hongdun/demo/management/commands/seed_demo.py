"""Load the demo bureau: Baotou's org tree, one login per role, and N fictional enterprises."""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from hongdun.consultation.faq_seed import faq_seed_load
from hongdun.core.history import history_baselines_write
from hongdun.demo.bureau import DEMO_PASSWORD, DEMO_USERS, demo_bureau_load, demo_enterprises_load
from hongdun.demo.credit_classes import DEMO_MONTHS, demo_credit_classes_load
from hongdun.demo.credit_contract import demo_contract_credit_load
from hongdun.demo.credit_markets import demo_markets_load
from hongdun.demo.disclosure import demo_reports_load
from hongdun.demo.enterprise_facts import demo_facts_load
from hongdun.demo.registration import demo_registration_load
from hongdun.demo.registration_review import demo_review_load
from hongdun.demo.supervision import demo_supervision_load
from hongdun.demo.workforce import workforce_demo_load
from hongdun.disclosure.tally import filing_tallies_invalidate
from hongdun.enterprises.public_cache import public_cache_reset


class Command(BaseCommand):
    help = "Load the Baotou demo bureau and N fictional enterprises (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--enterprises", type=int, default=20_000, help="how many enterprises")
        parser.add_argument("--seed", type=int, default=1, help="random seed; same seed, same data")
        parser.add_argument(
            "--without-history",
            action="store_true",
            help="skip change history and its baseline (1M-enterprise benchmarks do not need it)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        demo_bureau_load()
        self.stdout.write("demo bureau: org tree and demo logins ready")

        def progress(stage: str, done: int, total: int) -> None:
            self.stdout.write(f"  {stage}: {done:,}/{total:,} ({time.monotonic() - started:.1f}s)")

        faqs = faq_seed_load()
        self.stdout.write(f"consultation FAQ: {faqs} entries added")

        people = workforce_demo_load(progress=progress)
        self.stdout.write(
            f"workforce: added {people:,} staff with 2006–2008 records"
            if people
            else "workforce: demo staff already loaded; none added"
        )
        added = demo_enterprises_load(
            count=options["enterprises"],
            seed=options["seed"],
            with_history=not options["without_history"],
            progress=progress,
        )
        if added:
            self.stdout.write(self.style.SUCCESS(f"added {added:,} enterprises"))
        else:
            self.stdout.write("the register already holds enterprises; none added")
        filled = demo_facts_load(
            seed=options["seed"],
            with_history=not options["without_history"],
            progress=progress,
        )
        self.stdout.write(f"enterprise facts: investors and officers for {filled:,} enterprises")
        reports_started = time.monotonic()
        reports = demo_reports_load(seed=options["seed"], progress=progress)
        self.stdout.write(
            f"annual reports: added {reports:,} reports for the last five years "
            f"({time.monotonic() - reports_started:.1f}s)"
            if reports
            else "annual reports: already loaded; none added"
        )
        supervision_started = time.monotonic()
        supervision = demo_supervision_load(seed=options["seed"], progress=progress)
        self.stdout.write(
            "supervision: "
            + (
                ", ".join(f"{name} {count:,}" for name, count in sorted(supervision.items()))
                if any(supervision.values())
                else "already loaded; none added"
            )
            + f" ({time.monotonic() - supervision_started:.1f}s)"
        )
        publicities = demo_contract_credit_load(seed=options["seed"])
        self.stdout.write(f"contract credit (守合同重信用): {publicities} demo publicities added")
        self.stdout.write(f"registration: {demo_registration_load()} demo applications added")
        self.stdout.write(f"registration review: {demo_review_load()} demo applications accepted")
        markets = demo_markets_load()
        self.stdout.write(
            "文明诚信市场: "
            + (", ".join(f"{name} {n}" for name, n in sorted(markets.items())) or "none added")
        )
        # Without history (the 1M benchmarks) only the current month is classified: the classes
        # in force, not two years of them.
        credit_started = time.monotonic()
        months = demo_credit_classes_load(
            months=DEMO_MONTHS if not options["without_history"] else 1, progress=progress
        )
        credit_seconds = time.monotonic() - credit_started
        self.stdout.write(
            f"credit classes: {months} monthly runs added ({credit_seconds:.1f}s)"
            if months
            else "credit classes: already classified; none added"
        )
        # The loaders above wrote enterprises and reports in bulk, around the services that keep
        # the filing-progress tallies: drop them, the next read counts them again.
        filing_tallies_invalidate()
        if not options["without_history"]:
            # Whatever arrived without a first history entry (bulk loads, the scope catalogue a
            # migration ships) gets one now, so every first edit shows what it changed.
            baselines = history_baselines_write(reason="演示数据载入")
            self.stdout.write(f"history baseline: {baselines:,} records without history completed")
        # The loaders write in bulk, past the model signals: every cached public record of the
        # register is rendered again (a reloaded database may also give out ids again).
        public_cache_reset()
        self.stdout.write(f"done in {time.monotonic() - started:.1f}s")
        if options["verbosity"] >= 1:
            logins = ", ".join(f"{u['username']} ({u['role'].label})" for u in DEMO_USERS)
            self.stdout.write(f"demo logins (password {DEMO_PASSWORD}): {logins}")
