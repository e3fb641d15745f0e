"""Registration pre-review benchmark: time per application, Hongdun against a per-field ORM check.

    .venv/bin/python bench/registration_prereview_bench.py [--applications 400] [--seed 20261127]
        [--repeat 3] [--quick]

1. Builds its own SQLite database `var/bench/registration-prereview.sqlite3` (migrated once;
   never the dev database) and fills it, with the seed, with LLC establishment applications:
   half well-formed, half with one to three defects drawn from capital ≠ sum, forbidden
   contribution form, due date beyond five years, legal representative not a director or
   manager, director who is also supervisor, address outside the jurisdiction, licensed (前置)
   scope entry without its approval document, missing material, disqualified officer.
2. Times, per application (`time.perf_counter`, after one warm-up pass):
   * **Hongdun engine**: `prereview(ApplicationData)` on inputs built beforehand — the pure
     module alone;
   * **Hongdun end to end**: `run_prereview(application)` — load the application and its rows
     (a fixed number of queries), build the input, run every rule, translate the defects;
   * **Baseline**: the same checks written as a developer would with Django model validation and
     ORM lookups per field: `full_clean()` on every row (which queries for unique constraints),
     one query per member for subscriptions, per scope entry for its catalogue row, per licensed
     entry for its approval document, per officer for the disqualification list, per material
     kind for presence, and the jurisdiction through the unit.
3. Checks that the baseline and Hongdun agree on whether each application may be submitted.
4. Prints p50, p99, max and mean per application, the ratios, and the goal (≤ 5 ms per
   application, issue 4) as PASS or MISS. Never asserted.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.harness import setup_django, sqlite_url  # noqa: E402
from bench.stats import fmt_ms, ratio, summarize  # noqa: E402

DB_FILE = ROOT / "var" / "bench" / "registration-prereview.sqlite3"
GOAL_MS = 5.0
DEFECTS = (
    "capital_mismatch",
    "forbidden_form",
    "due_beyond_five_years",
    "rep_not_director",
    "director_supervisor",
    "outside_jurisdiction",
    "pre_permit_without_document",
    "missing_material",
    "disqualified_officer",
)


def _generate(count: int, seed: int) -> list[int]:
    """Insert `count` applications (fresh each run) and return their ids."""
    from django.db import transaction
    from django.utils import timezone

    from hongdun.accounts.models import User
    from hongdun.demo.bureau import demo_bureau_load
    from hongdun.namecheck.models import NameReservation
    from hongdun.registration.models import (
        Application,
        ApplicationScope,
        DisqualifiedPerson,
        Material,
        Member,
        Officer,
        ScopeCatalogueEntry,
        Subscription,
    )
    from hongdun.registration.prereview.samples import resident_id

    rng = random.Random(seed)
    units = demo_bureau_load()
    kundulun = units["kundulun"]
    applicant = User.objects.get(username="applicant")
    with transaction.atomic():
        Application.objects.all().delete()
        NameReservation.objects.filter(applicant=applicant).delete()
        DisqualifiedPerson.objects.all().delete()
    general = list(ScopeCatalogueEntry.objects.filter(permit_stage="none").order_by("code")[:120])
    licensed = list(ScopeCatalogueEntry.objects.filter(permit_stage="pre").order_by("code"))
    today = timezone.localdate()
    ids: list[int] = []
    kinds = ["application_form", "member_qualification", "address_proof", "articles", "appointment"]
    with transaction.atomic():
        for n in range(count):
            defects = set() if n % 2 == 0 else set(rng.sample(DEFECTS, rng.randint(1, 3)))
            name = f"包头市基准{n:05d}科技有限公司"
            reservation = NameReservation.objects.create(
                applicant=applicant,
                registry=kundulun,
                proposed_name=name,
                normalized_name=name,
                trade_name=f"基准{n:05d}",
                industry_key=f"bench-{n}",
                status="reserved",
                reserved_until=today + timedelta(days=30),
                verdict="pass",
            )
            shareholders = rng.randint(1, 6)
            amounts = [
                Decimal(rng.randint(1, 500) * 1000) + Decimal(rng.randint(0, 99)) / 100
                for _ in range(shareholders)
            ]
            capital = sum(amounts, Decimal("0"))
            if "capital_mismatch" in defects:
                capital += Decimal("0.01")
            app = Application.objects.create(
                kind="establishment",
                entity_type="llc",
                applicant=applicant,
                authority=kundulun,
                name_reservation=reservation,
                name=name,
                registered_capital=capital,
                address=f"内蒙古自治区包头市昆都仑区钢铁大街{n}号",
                address_division_code="150207" if "outside_jurisdiction" in defects else "150203",
            )
            for i, amount in enumerate(amounts):
                member = Member.objects.create(
                    application=app,
                    position=i,
                    role="shareholder",
                    name=f"股东{i}",
                    id_number=resident_id(n * 10 + i),
                )
                due = today + timedelta(
                    days=365 * (6 if "due_beyond_five_years" in defects and i == 0 else 3)
                )
                form = "labour" if "forbidden_form" in defects and i == 0 else "money"
                Subscription.objects.create(member=member, amount=amount, form=form, due_date=due)
            rep_id = resident_id(n * 10)
            Officer.objects.create(
                application=app,
                position=0,
                name="股东0",
                id_number=rep_id,
                is_director="rep_not_director" not in defects,
                is_manager=False,
                is_legal_representative=True,
            )
            Officer.objects.create(
                application=app,
                position=1,
                name="监事",
                id_number=resident_id(n * 10 + 9),
                is_supervisor=True,
                is_director="director_supervisor" in defects,
            )
            if "disqualified_officer" in defects:
                DisqualifiedPerson.objects.create(
                    id_number=rep_id,
                    name="股东0",
                    ground="criminal_sentence",
                    barred_until=today + timedelta(days=100),
                )
            entries = rng.sample(general, rng.randint(1, 5))
            if "pre_permit_without_document" in defects:
                entries.append(rng.choice(licensed))
            for i, entry in enumerate(entries):
                ApplicationScope.objects.create(application=app, entry=entry, position=i)
            present = kinds[:-1] if "missing_material" in defects else kinds
            for kind in present:
                Material.objects.create(
                    application=app,
                    kind=kind,
                    file=f"bench/{n}-{kind}.pdf",
                    original_name=f"{kind}.pdf",
                    content_type="application/pdf",
                    size=1000,
                    sha256="0" * 64,
                    uploaded_by=applicant,
                )
            ids.append(app.pk)
    return ids


def baseline_check(application_id: int) -> list[str]:
    """The naive way: Django validation and one ORM lookup per field; returns blocking rule ids."""
    from django.core.exceptions import ValidationError

    from hongdun.orgs.divisions import divisions_of_city
    from hongdun.registration.models import (
        Application,
        ApplicationScope,
        DisqualifiedPerson,
        Material,
        Member,
        Officer,
        ScopeCatalogueEntry,
        Subscription,
    )
    from hongdun.registration.prereview.samples import COMPANY_MATERIAL_KINDS

    errors: list[str] = []
    app = Application.objects.get(pk=application_id)
    try:
        app.full_clean()
    except ValidationError:
        errors.append("model")
    reservation = app.name_reservation
    if (
        reservation is None
        or reservation.status != "reserved"
        or reservation.registry_id != app.authority_id
    ):
        errors.append("REG-NAME-1")
    authority = app.authority
    code = authority.division_code
    allowed = {code} | (
        {d.code for d in divisions_of_city(code[:4])} if code.endswith("00") else set()
    )
    if app.address_division_code not in allowed:
        errors.append("REG-ADDR-2")
    total = Decimal("0")
    members = list(Member.objects.filter(application_id=app.pk))
    if not 1 <= len(members) <= 50:
        errors.append("REG-MEM-1")
    limit = app.created_at.date() + timedelta(days=365 * 5 + 1)
    for member in members:
        try:
            member.full_clean()
        except ValidationError:
            errors.append("member")
        for sub in Subscription.objects.filter(member_id=member.pk):
            try:
                sub.full_clean()
            except ValidationError:
                errors.append("subscription")
            total += sub.amount
            if sub.form in {
                "labour",
                "credit",
                "personal_name",
                "goodwill",
                "franchise",
                "encumbered_property",
            }:
                errors.append("REG-CAP-4")
            if sub.due_date is None or sub.due_date > limit:
                errors.append("REG-CAP-3")
    if app.registered_capital != total:
        errors.append("REG-CAP-2")
    officers = list(Officer.objects.filter(application_id=app.pk))
    reps = [o for o in officers if o.is_legal_representative]
    if len(reps) != 1:
        errors.append("REG-OFF-1")
    for officer in officers:
        try:
            officer.full_clean()
        except ValidationError:
            errors.append("officer")
        if officer.is_legal_representative and not (
            officer.is_director or officer.is_chair or officer.is_manager
        ):
            errors.append("REG-OFF-2")
        if officer.is_supervisor and (
            officer.is_director or officer.is_manager or officer.is_other_senior_manager
        ):
            errors.append("REG-OFF-3")
        if DisqualifiedPerson.objects.filter(id_number=officer.id_number, is_active=True).exists():
            errors.append("REG-OFF-6")
    if not any(o.is_director for o in officers):
        errors.append("REG-OFF-4")
    for item in ApplicationScope.objects.filter(application_id=app.pk):
        entry = ScopeCatalogueEntry.objects.get(pk=item.entry_id)
        if not entry.is_active:
            errors.append("REG-SCOPE-1")
        if (
            entry.permit_stage == "pre"
            and not Material.objects.filter(
                application_id=app.pk, kind="pre_approval", scope_entry_id=entry.pk
            ).exists()
        ):
            errors.append("REG-SCOPE-2")
    for kind in COMPANY_MATERIAL_KINDS:
        if not Material.objects.filter(application_id=app.pk, kind=kind).exists():
            errors.append("REG-MAT-1")
    return sorted(set(errors) - {"model", "member", "subscription", "officer"})


def _time(
    fn: Callable[[int], Any], ids: list[int], repeat: int
) -> tuple[list[float], dict[int, Any]]:
    answers: dict[int, Any] = {}
    for pk in ids:  # warm-up: caches, the rule file, Django's query compilation
        answers[pk] = fn(pk)
    samples: list[float] = []
    for _ in range(repeat):
        for pk in ids:
            started = time.perf_counter()
            fn(pk)
            samples.append((time.perf_counter() - started) * 1000)
    return samples, answers


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--applications", type=int, default=400)
    parser.add_argument("--seed", type=int, default=20261127)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="60 applications, one timed pass")
    args = parser.parse_args()
    if args.quick:
        args.applications, args.repeat = 60, 1

    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}"
    )
    started = time.perf_counter()
    setup_django(sqlite_url(DB_FILE), settings_module="config.settings.test")
    ids = _generate(args.applications, args.seed)
    print(
        f"data: {len(ids)} LLC establishment applications (seed {args.seed}, "
        "half with 1–3 defects) "
        f"in {DB_FILE.relative_to(ROOT)}, built in {time.perf_counter() - started:.1f}s"
    )

    from hongdun.registration.models import Application
    from hongdun.registration.prereview import prereview
    from hongdun.registration.prereview_adapter import (
        load_application_data,
        rule_config,
        run_prereview,
    )

    rules = rule_config()
    inputs = {pk: load_application_data(pk) for pk in ids}
    engine_samples, _ = _time(lambda pk: prereview(inputs[pk], rules), ids, args.repeat)
    applications = {pk: Application.objects.get(pk=pk) for pk in ids}
    ours_samples, ours = _time(lambda pk: run_prereview(applications[pk]), ids, args.repeat)
    base_samples, base = _time(baseline_check, ids, args.repeat)

    disagree = [pk for pk in ids if bool([d for d in ours[pk] if d["blocks"]]) != bool(base[pk])]
    blocked = sum(1 for pk in ids if any(d["blocks"] for d in ours[pk]))
    print(
        f"answers: {blocked} of {len(ids)} applications blocked; "
        f"baseline disagrees on {len(disagree)}"
    )

    rows = [
        ("Hongdun engine (pure rules)", summarize(engine_samples)),
        ("Hongdun end to end (load + rules + translate)", summarize(ours_samples)),
        ("Baseline: model validation + ORM per field", summarize(base_samples)),
    ]
    print(f"\n{'per application, ms':<48}{'p50':>9}{'p99':>9}{'max':>9}{'mean':>9}")
    for label, s in rows:
        print(
            f"{label:<48}{fmt_ms(s.p50):>9}{fmt_ms(s.p99):>9}{fmt_ms(s.max):>9}{fmt_ms(s.mean):>9}"
        )
    ours_end, base_s = rows[1][1], rows[2][1]
    print(
        "\nratio baseline / Hongdun end to end: "
        f"p50 ×{ratio(base_s.p50, ours_end.p50):.1f}, p99 ×{ratio(base_s.p99, ours_end.p99):.1f}"
    )
    print(f"ratio baseline / Hongdun engine: p50 ×{ratio(base_s.p50, rows[0][1].p50):.0f}")
    for label, summary in (("rules", rows[0][1]), ("end to end", ours_end)):
        verdict = "PASS" if summary.p99 <= GOAL_MS else "MISS"
        print(
            f"goal: pre-review ≤ {GOAL_MS:.0f} ms per application, {label} "
            f"p99 {fmt_ms(summary.p99)} ms: {verdict}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
