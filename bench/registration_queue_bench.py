"""Clerk queue benchmark: the registration review queue (登记审查) at 100,000 applications.

    .venv/bin/python bench/registration_queue_bench.py [--quick] [--applications 100000]
        [--seed 20261127] [--samples 20] [--baseline-samples 3] [--database-url URL]

Generates its own data with a fixed seed in its own database (default
`var/bench/registration-queue-<N>.sqlite3`; `--database-url postgres://…/name` for PostgreSQL; the
demo database is never touched), then times one full queue page, through Django's test client
(URL routing, session, role check, the queue selector, the paginator's COUNT, the first or a deep
page, the template with the colours), for a city-level registrar (all ten authorities) and a
district registrar, over a mix of the filters a clerk uses.

The baseline is what the queue would be without the selector: every application in the clerk's
scope loaded as full rows, status/kind/type filters and the deadline computed in Python per row (a
chinese-calendar call per day, as a first version would), sorted in Python, sliced, and the same
template rendered with its related objects fetched per row. Both return the same rows: checked for
every query before timing.

Prints p50/p99/max per query and overall, the ratio to the baseline, and the goal (p99 <= 100 ms).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from datetime import time as dtime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.stats import Summary, fmt_ms, fmt_ratio, ratio, summarize  # noqa: E402

GOAL_P99_MS = 100.0
OPEN_STATES = ("submitted", "accepted", "suspended")
PAGE_SIZE = 25
TODAY = date(2026, 11, 27)

# Share of applications by final or open state: most of two years' files are closed.
STATUS_MIX = (
    ("approved", 0.66),
    ("refused", 0.03),
    ("superseded", 0.08),
    ("withdrawn", 0.04),
    ("not_competent", 0.01),
    ("correction_required", 0.03),
    ("submitted", 0.06),
    ("accepted", 0.08),
    ("suspended", 0.01),
)
KIND_MIX = (("establishment", 0.70), ("change", 0.22), ("deregistration", 0.08))
TYPE_MIX = (
    ("llc", 0.55),
    ("individual_business", 0.25),
    ("jsc", 0.03),
    ("partnership", 0.05),
    ("sole_proprietorship", 0.05),
    ("branch", 0.07),
)
HAN = "华鑫源泰丰盛达通宏昌兴隆恒瑞德福祥安康顺和嘉利金鹿红光沃动远航蓝天北疆草原钢城稀土阿尔丁"


def log(message: str = "") -> None:
    print(message, flush=True)


def pick(rng: random.Random, mix: tuple[tuple[str, float], ...]) -> str:
    x = rng.random()
    for value, share in mix:
        x -= share
        if x < 0:
            return value
    return mix[-1][0]


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def generate(n: int, seed: int) -> None:
    """Bureau, applicants, enterprises for changes and deregistrations, reservations for
    establishments, and n applications spread over two years (the open ones recent)."""
    from django.contrib.auth.models import Group
    from django.db import transaction
    from django.utils import timezone

    from hongdun.accounts.models import User
    from hongdun.demo.bureau import demo_bureau_load
    from hongdun.disclosure.tally import filing_tallies_invalidate
    from hongdun.enterprises import uscc
    from hongdun.enterprises.models import Enterprise
    from hongdun.namecheck.models import NameReservation
    from hongdun.registration.models import Application, ApplicationNameKey
    from hongdun.registration.name_keys import name_keys
    from hongdun.registration.review.services import decision_due_from

    rng = random.Random(seed)
    bureau = demo_bureau_load()
    authorities = [u for u in bureau.values() if u.is_registration_authority]
    with transaction.atomic():
        applicants = User.objects.bulk_create(
            [User(username=f"bench-applicant-{i}", full_name=f"申请人{i}") for i in range(2000)]
        )
        group = Group.objects.get_or_create(name="registrar")[0]
        city = User.objects.create(
            username="bench-clerk-city", full_name="市局登记员", unit=bureau["baotou"]
        )
        district = User.objects.create(
            username="bench-clerk-kundulun", full_name="昆都仑登记员", unit=bureau["kundulun"]
        )
        city.groups.add(group)
        district.groups.add(group)
        plans = []
        for i in range(n):
            status = pick(rng, STATUS_MIX)
            open_ = status in ("submitted", "accepted", "suspended")
            days_ago = rng.randint(0, 9) if open_ else rng.randint(3, 730)
            submitted = timezone.make_aware(
                datetime.combine(
                    TODAY - timedelta(days=days_ago),
                    dtime(8 + rng.randint(0, 9), rng.randint(0, 59)),
                )
            )
            plans.append(
                (
                    i,
                    status,
                    pick(rng, KIND_MIX),
                    pick(rng, TYPE_MIX),
                    rng.choice(authorities),
                    submitted,
                )
            )
        needs_enterprise = [p for p in plans if p[2] != "establishment"]
        enterprises = Enterprise.objects.bulk_create(
            [
                Enterprise(
                    uscc=uscc.issue(
                        category="1", division_code=p[4].division_code, serial=10**9 + p[0]
                    ),
                    name=f"包头市{HAN[p[0] % 40]}{HAN[p[0] // 40 % 40]}{p[0]}商贸有限公司",
                    name_search="",
                    enterprise_type="llc",
                    legal_rep_name="测试",
                    established_on=date(2015, 1, 1),
                    address="内蒙古自治区包头市",
                    registration_authority=p[4],
                    status_date=date(2015, 1, 1),
                )
                for p in needs_enterprise
            ],
            batch_size=5000,
        )
        enterprise_of = {p[0]: e for p, e in zip(needs_enterprise, enterprises, strict=True)}
        # Written around the register's services: the filing-progress tallies count again.
        filing_tallies_invalidate()
        establishments = [p for p in plans if p[2] == "establishment"]
        reservations = NameReservation.objects.bulk_create(
            [
                NameReservation(
                    applicant=applicants[p[0] % len(applicants)],
                    registry=p[4],
                    proposed_name=f"包头市{HAN[p[0] % 40]}{HAN[p[0] // 40 % 40]}{p[0]}科技有限公司",
                    normalized_name=f"包头市{p[0]}",
                    trade_name=f"{HAN[p[0] % 40]}{HAN[p[0] // 40 % 40]}{p[0]}",
                    status="used",
                    verdict="pass",
                )
                for p in establishments
            ],
            batch_size=5000,
        )
        reservation_of = {p[0]: r for p, r in zip(establishments, reservations, strict=True)}
        rows = []
        for i, status, kind, entity_type, authority, submitted in plans:
            reservation = reservation_of.get(i)
            enterprise = enterprise_of.get(i)
            decided = status in ("approved", "refused", "not_competent")
            due = (
                decision_due_from(timezone.localdate(submitted))
                if status in ("accepted", "suspended")
                else None
            )
            rows.append(
                Application(
                    number=f"B{authority.division_code}{i:09d}",
                    kind=kind,
                    entity_type=entity_type,
                    deregistration_mode="ordinary" if kind == "deregistration" else "",
                    status=status,
                    applicant=applicants[i % len(applicants)],
                    authority=authority,
                    name_reservation=reservation,
                    enterprise=enterprise,
                    name=reservation.proposed_name
                    if reservation
                    else enterprise.name
                    if enterprise
                    else "",
                    address="内蒙古自治区包头市",
                    submitted_at=submitted,
                    accepted_at=submitted if due else None,
                    decision_due=due,
                    decided_at=submitted + timedelta(days=2) if decided else None,
                    decision_reason="材料不符合法定形式。" if status == "refused" else "",
                    prereview_defects=[
                        {
                            "rule": "W-1",
                            "field": "address",
                            "severity": "warning",
                            "message": "住所为住宅，请确认。",
                            "fix": "",
                        }
                    ]
                    if i % 7 == 0
                    else [],
                )
            )
        Application.objects.bulk_create(rows, batch_size=5000)
        # The name-search keys the services write when an application leaves the draft states
        # (every generated one has).
        keys: list[ApplicationNameKey] = []
        for application in rows:
            keys.extend(
                ApplicationNameKey(key=key, application_id=application.pk)
                for key in name_keys(application.name)
            )
            if len(keys) >= 50_000:
                ApplicationNameKey.objects.bulk_create(keys, batch_size=5000)
                keys = []
        ApplicationNameKey.objects.bulk_create(keys, batch_size=5000)
    from django.db import connection

    with connection.cursor() as cursor:
        # PostgreSQL: VACUUM too, as autovacuum does soon after a bulk load in production; until
        # then the visibility map is empty and no index-only scan is possible.
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def queries(
    rng: random.Random, kundulun_id: int, sample_number: str
) -> list[tuple[str, str, dict[str, str]]]:
    """(label, clerk, GET parameters): what a clerk opens in a day."""
    return [
        ("default queue", "city", {}),
        ("default queue", "district", {}),
        ("one authority", "city", {"authority": str(kundulun_id)}),
        ("due soon", "city", {"deadline": "soon"}),
        ("overdue", "district", {"deadline": "overdue"}),
        ("changes, accepted", "city", {"kind": "change", "status": "accepted"}),
        ("individual businesses", "city", {"entity_type": "individual_business"}),
        ("by submission, page 40", "city", {"sort": "-submitted", "page": "40"}),
        ("all states, page 1", "city", {"status": "all"}),
        ("all states, page 400", "city", {"status": "all", "sort": "submitted", "page": "400"}),
        ("approved, by number", "district", {"status": "approved", "sort": "number", "page": "5"}),
        ("name search", "city", {"q": "鑫"}),
        ("number lookup", "city", {"q": sample_number, "status": "all"}),
    ]


# --- the baseline: load the scope, compute everything in Python ---------------------------------


def naive_add_working_days(start: date, n: int) -> date:
    import chinese_calendar

    day = start
    while n > 0:
        day += timedelta(days=1)
        if chinese_calendar.is_workday(day):
            n -= 1
    return day


def baseline_page(
    user: Any, params: dict[str, str], today: date
) -> tuple[list[Any], int, dict[str, Any]]:
    from django.utils import timezone

    from hongdun.core.workdays import working_days_between
    from hongdun.orgs.models import Unit
    from hongdun.registration.models import Application
    from hongdun.registration.review.selectors import Deadline, warn_working_days

    scope = [u.pk for u in Unit.objects.descendants(user.unit, include_self=True)]
    rows = list(Application.objects.filter(authority_id__in=scope))
    status = params.get("status", "")
    open_states = {"submitted", "accepted", "suspended"}
    keep = []
    due_of: dict[int, date | None] = {}
    for a in rows:
        if a.status in ("draft", "notice"):
            continue
        if status == "all":
            pass
        elif status:
            if a.status != status:
                continue
        elif a.status not in open_states:
            continue
        if params.get("authority") and a.authority_id != int(params["authority"]):
            continue
        if params.get("kind") and a.kind != params["kind"]:
            continue
        if params.get("entity_type") and a.entity_type != params["entity_type"]:
            continue
        q = params.get("q", "")
        if q and not (a.number == q or q in a.name):
            continue
        due = a.decision_due
        if due is None and a.status in open_states:
            due = naive_add_working_days(timezone.localdate(a.submitted_at), 3)
        due_of[a.id] = due
        deadline = params.get("deadline")
        if deadline:
            if due is None or a.status == "suspended":  # no running clock while suspended
                continue
            soon = naive_add_working_days(today, warn_working_days())
            if deadline == "overdue" and not due < today:
                continue
            if deadline == "today" and not due <= today:
                continue
            if deadline == "soon" and not due <= soon:
                continue
            if deadline == "ok" and not due > soon:
                continue
        keep.append(a)
    sort = params.get("sort") or ("deadline" if status in ("", *open_states) else "-submitted")
    if sort in ("deadline", "-deadline"):
        # the effective deadline, unknown ones last in both directions (as NULLS LAST)
        known = sorted(
            (a for a in keep if due_of[a.id]),
            key=lambda a: (due_of[a.id], a.submitted_at, a.id),
            reverse=sort.startswith("-"),
        )
        unknown = sorted(
            (a for a in keep if not due_of[a.id]),
            key=lambda a: (a.submitted_at, a.id),
            reverse=sort.startswith("-"),
        )
        keep = known + unknown
    else:
        keys: dict[str, Callable[[Any], Any]] = {
            "submitted": lambda a: (a.submitted_at, a.id),
            "-submitted": lambda a: (a.submitted_at, a.id),
            "number": lambda a: (a.number, a.id),
        }
        keep.sort(key=keys[sort], reverse=sort.startswith("-"))
    page = max(1, min(int(params.get("page", "1")), max(1, -(-len(keep) // PAGE_SIZE))))
    chosen = keep[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    items = []
    for a in chosen:
        d = None
        due = due_of[a.id]
        if due is not None and a.status in open_states:
            left = working_days_between(today, due)
            if due < today:
                level = "overdue"
            elif due == today:
                level = "due"
            else:
                level = "warn" if left <= warn_working_days() else "ok"
            d = Deadline(due=due, days_left=left, level=level)
        items.append({"application": a, "deadline": d})
    return items, len(keep), {"page": page}


def render_baseline(
    request_user: Any, params: dict[str, str], today: date
) -> tuple[str, list[str]]:
    from django.core.paginator import Paginator
    from django.template.loader import render_to_string
    from django.test import RequestFactory

    from hongdun.registration.review.forms import QueueFilterForm
    from hongdun.registration.review.selectors import clerk_authority_choices
    from hongdun.registration.review.views.backoffice import ClerkQueueTable, queue_rows

    items, total, info = baseline_page(request_user, params, today)
    request = RequestFactory().get("/staff/registration/", params)
    request.user = request_user
    # The template needs a page object: paginate the numbers only, the rows are ours.
    page = Paginator(range(total), PAGE_SIZE).get_page(info["page"])
    form = QueueFilterForm(params or None, authorities=clerk_authority_choices(user=request_user))
    # The same table the page uses, over rows whose related objects are fetched row by row and
    # whose deadlines the baseline worked out itself.
    rows = queue_rows([r["application"] for r in items], today=today)
    for row, item in zip(rows, items, strict=True):
        row["deadline"] = item["deadline"]
    html = render_to_string(
        "regreview/backoffice/queue.html",
        {
            "form": form,
            "page": page,
            "table": ClerkQueueTable(rows),
            "query_string": "",
            "warn_days": 1,
            "count_more": False,
            "count_limit": 0,
            "user_roles": ["registrar"],
        },
        request=request,
    )
    return html, [r["application"].number for r in items]


def line(summary: Summary) -> str:
    return (
        f"n={summary.n} p50={fmt_ms(summary.p50)} p99={fmt_ms(summary.p99)} "
        f"max={fmt_ms(summary.max)}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--applications", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=20261127)
    parser.add_argument("--samples", type=int, default=20, help="timed runs of each query (ours)")
    parser.add_argument(
        "--baseline-samples", type=int, default=3, help="timed runs of each query (baseline)"
    )
    parser.add_argument("--database-url", default="")
    parser.add_argument("--quick", action="store_true", help="10,000 applications, fewer samples")
    parser.add_argument(
        "--no-baseline",
        action="store_true",
        help="time Hongdun only (no row check, no baseline): the baseline takes minutes per query",
    )
    args = parser.parse_args()
    if args.quick:
        args.applications, args.samples, args.baseline_samples = 10_000, 8, 2
    bench_dir = ROOT / "var" / "bench"
    bench_dir.mkdir(parents=True, exist_ok=True)
    url = (
        args.database_url
        or f"sqlite:///{bench_dir / f'registration-queue-{args.applications}.sqlite3'}"
    )
    log(
        f"# Registration clerk queue benchmark — {args.applications:,} applications, "
        f"seed {args.seed}"
    )
    log(f"database: {url}; load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    setup_django(url)

    import re

    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from hongdun.accounts.models import User
    from hongdun.orgs.models import Unit
    from hongdun.registration.models import Application

    have = Application.objects.filter(number__startswith="B").count()
    if have != args.applications:
        if have:
            log(
                f"the database holds {have:,} bench applications, not {args.applications:,}: "
                f"delete {url} first"
            )
            return 2
        started = time.perf_counter()
        generate(args.applications, args.seed)
        log(f"generated in {time.perf_counter() - started:.1f} s")
    log(
        f"vendor: {connection.vendor}; applications: {Application.objects.count():,}; "
        f"open: {Application.objects.filter(status__in=OPEN_STATES).count():,}"
    )

    real_localdate = timezone.localdate

    def fixed_today(value: Any = None, tz: Any = None) -> date:
        return real_localdate(value, tz) if value is not None else TODAY

    setattr(timezone, "localdate", fixed_today)  # noqa: B010 - the data's "today", so deadlines mean the same every run

    clerks = {
        "city": User.objects.get(username="bench-clerk-city"),
        "district": User.objects.get(username="bench-clerk-kundulun"),
    }
    clients = {}
    for key, user in clerks.items():
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        clients[key] = client
    rng = random.Random(args.seed)
    sample_number = (
        Application.objects.filter(status="approved")
        .order_by("?" if False else "id")
        .values_list("number", flat=True)[args.applications // 3]
    )
    kundulun = Unit.objects.get(code="kundulun")
    plan = queries(rng, kundulun.pk, sample_number)
    number_re = re.compile(r'href="/staff/registration/\d+/">(B\d+)</a>')

    if args.no_baseline:
        args.baseline_samples = 0
    log("")
    log("checking that both return the same rows for every query …" if not args.no_baseline else "")
    for label, who, params in plan:
        response = clients[who].get("/staff/registration/", params)
        assert response.status_code == 200, (label, response.status_code)
        ours = number_re.findall(response.content.decode())
        if args.no_baseline:
            continue
        _html, theirs = render_baseline(clerks[who], params, TODAY)
        if ours != theirs:
            log(f"MISMATCH for {label}: {ours[:3]} … vs {theirs[:3]} …")
            return 1
    log("same rows: yes" if not args.no_baseline else "baseline skipped (--no-baseline)")

    ours_all: list[float] = []
    cpu_all: list[float] = []
    base_all: list[float] = []
    log("")
    log(f"{'query':<28} {'clerk':<9} {'ours p50':>9} {'ours p99':>9} {'base p50':>10} {'ratio':>8}")
    for label, who, params in plan:
        samples = []
        for _ in range(args.samples):
            t0, c0 = time.perf_counter(), time.process_time()
            clients[who].get("/staff/registration/", params)
            samples.append((time.perf_counter() - t0) * 1000)
            cpu_all.append((time.process_time() - c0) * 1000)
        base = []
        for _ in range(args.baseline_samples):
            t0 = time.perf_counter()
            render_baseline(clerks[who], params, TODAY)
            base.append((time.perf_counter() - t0) * 1000)
        ours_s = summarize(samples)
        ours_all += samples
        base_all += base
        base_p50, query_ratio = "—", "—"
        if base:
            base_p50 = fmt_ms(summarize(base).p50)
            query_ratio = fmt_ratio(ratio(summarize(base).p50, ours_s.p50))
        log(
            f"{label:<28} {who:<9} {fmt_ms(ours_s.p50):>9} {fmt_ms(ours_s.p99):>9} "
            f"{base_p50:>10} {query_ratio:>8}"
        )
    ours_s, cpu_s = summarize(ours_all), summarize(cpu_all)
    log("")
    log(
        f"load average now: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores "
        "(wall times include waiting for a CPU)"
    )
    log(f"all queries, ours CPU (ms): {line(cpu_s)}")
    log(f"all queries, ours     (ms): {line(ours_s)}")
    if base_all:
        base_s = summarize(base_all)
        log(f"all queries, baseline (ms): {line(base_s)}")
        p50_ratio = fmt_ratio(ratio(base_s.p50, ours_s.p50))
        p99_ratio = fmt_ratio(ratio(base_s.p99, ours_s.p99))
        log(f"ratio baseline/ours: p50 {p50_ratio}, p99 {p99_ratio}")
    verdict = "PASS" if ours_s.p99 <= GOAL_P99_MS else "MISS"
    log(f"goal: queue page p99 <= {GOAL_P99_MS:.0f} ms at {args.applications:,}: {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
