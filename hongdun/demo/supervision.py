"""The supervision wing of the demo bureau: enforcement credentials, the abnormal-operation list,
the serious-violation list and this year's random inspections, built through the real services.

Loaded after the annual reports (`demo_reports_load`), with fictional people only:

* enforcement credentials (行政执法证) for about 60 % of the active staff of every county-level
  unit (at least ten each, so every inspection roster is staffed), issued by the city bureau,
  valid five years; two expired, two revoked;
* for each of the last three proposal days on or before `today` the scheduled July run
  (`jobs.run_step`, committed) proposes last year's non-filers and the demo supervisor of each
  authority confirms them in bulk within the deadline. A sample of the enterprises that filed late
  (补报) are shown as they were on the proposal day: proposed, then dismissed (they filed before
  the decision) or listed and removed on their application once they filed; one objection is
  upheld and one rejected; a few candidates of the last run stay pending for the clerk's queue;
* a few reason-4 listings from returned letters (two recent ones pending);
* a few enterprises listed four years ago reach the three-year mark: the escalation run
  (`serious_escalations`) proposes them and all but one are confirmed (the legal representative
  barred); one more is proposed by a clerk for a heavy penalty;
* this year's untargeted plan (3 %) of every county-level unit and one targeted plan (late
  filers of the last report year), drawn with a seed derived from the demo seed and published;
  results entered for most tasks (mostly normal, some problems with follow-up, two not found,
  which propose reason 4 through the results service), most of them published.

Idempotent: credentials, the list history and each plan are skipped once they exist, and every
choice comes from a generator seeded by the demo seed, so a second run adds nothing.
"""

from __future__ import annotations

import datetime
import hashlib
import random
from collections import Counter
from collections.abc import Callable
from typing import Any

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from hongdun.accounts.memo import request_memo
from hongdun.accounts.models import User
from hongdun.accounts.roles import Role
from hongdun.core.exceptions import ApplicationError
from hongdun.demo.bureau import DEMO_PASSWORD
from hongdun.disclosure.engine.window import window
from hongdun.disclosure.models import AnnualReport
from hongdun.disclosure.rules import window_rules
from hongdun.enterprises.choices import EnterpriseStatus
from hongdun.enterprises.models import Enterprise
from hongdun.orgs.models import Unit
from hongdun.supervision import jobs
from hongdun.supervision.choices import (
    AbnormalReason,
    InspectionKind,
    InspectionResult,
    JobName,
    ListingSource,
    ListingStatus,
    RemovalGround,
    SeriousGround,
)
from hongdun.supervision.engine.deadlines import (
    listing_decision_due,
    proposal_day,
    serious_mark,
)
from hongdun.supervision.models import (
    AbnormalListing,
    InspectionDraw,
    InspectionPlan,
    InspectionTask,
    ScheduledRun,
    SeriousListing,
)
from hongdun.supervision.population import population_counts
from hongdun.supervision.rules import add_working_days, supervision_rules
from hongdun.supervision.services_abnormal import (
    abnormal_confirm,
    abnormal_confirm_bulk,
    abnormal_dismiss,
    abnormal_propose,
    abnormal_record_late_reason,
    objection_decide,
    objection_file,
    removal_apply,
    removal_decide,
)
from hongdun.supervision.services_inspection import (
    inspection_draw,
    inspection_draw_publish,
    inspection_plan_create,
)
from hongdun.supervision.services_results import (
    inspection_result_enter,
    inspection_results_publish,
)
from hongdun.supervision.services_serious import serious_confirm, serious_propose
from hongdun.workforce.choices import EmploymentStatus
from hongdun.workforce.models import EnforcementCredential, Person

ProgressFn = Callable[[str, int, int], None]

CREDENTIAL_PREFIX = "15020019"
CREDENTIAL_ISSUER = "包头市市场监督管理局"
CREDENTIAL_SHARE = 0.6
CREDENTIALS_MIN_PER_UNIT = 10
PROPOSAL_YEARS = 3
LATE_SAMPLE_PER_YEAR = 12
CONFIRM_CHUNK = 500
PENDING_KEPT = 4
RETURNED_LETTERS = 5
RETURNED_PENDING = 2
SERIOUS_ESCALATED = 4
PLAN_RATIO = "0.03"
TARGETED_RATIO = "0.2"
RESULT_SHARE = 0.85
PROBLEM_SHARE = 0.12
NOT_FOUND_TOTAL = 2
# The demo supervisors already in the bureau (bureau.py, workforce.py); the other authorities get
# one login each, named "supervisor_<unit code>".
KNOWN_SUPERVISORS = {"donghe": "supervisor", "jiuyuan": "jiuyuan_head"}

FINDINGS_PROBLEMS = (
    "年度报告中从业人数与社保缴费人数不一致，企业称系填报口径错误。",
    "经营场所公示的联系电话已停用，企业已当场更新联系方式。",
    "店内部分商品未明码标价，已当场责令改正。",
    "营业执照未在经营场所醒目位置悬挂，已责令改正。",
    "年度报告公示的网站已无法访问，企业称已停用。",
)
FOLLOW_UP_PROBLEMS = (
    "已责令企业于15日内更正年度报告，逾期未更正的依法处理。",
    "已责令改正，将于30日内回访复查。",
    "已移交执法稽查部门依法处理。",
)
FINDINGS_NOT_FOUND = (
    "检查人员两次前往登记的住所核查，该地址现为其他单位使用，物业称企业已搬离一年以上，"
    "登记的联系电话无法接通。"
)


def _today(today: datetime.date | None) -> datetime.date:
    return today or timezone.localdate()


def _seed_hex(seed: int, label: str) -> str:
    return hashlib.sha256(f"hongdun-demo-supervision:{seed}:{label}".encode()).hexdigest()[:32]


def _rng(seed: int, label: str) -> random.Random:
    return random.Random(_seed_hex(seed, label))


# --- the demo supervisors ------------------------------------------------------------------------


def _authorities() -> list[Unit]:
    return list(Unit.objects.filter(is_registration_authority=True).order_by("pk"))


def _supervisors(units: list[Unit]) -> dict[int, User]:
    """The demo supervisor deciding for each unit: the existing demo logins where there are,
    otherwise one login per unit named after a fictional member of its staff."""
    group = Group.objects.get_or_create(name=Role.SUPERVISOR)[0]
    found: dict[int, User] = {}
    password = ""  # hashed once: the demo logins share the demo password
    for unit in units:
        username = KNOWN_SUPERVISORS.get(unit.code, f"supervisor_{unit.code}")
        user = User.objects.filter(username=username).first()
        if user is None:
            person = (
                Person.objects.filter(unit__in=_subtree(unit), status=EmploymentStatus.ACTIVE)
                .order_by("employee_number")
                .first()
            )
            password = password or make_password(DEMO_PASSWORD)
            user = User(
                username=username,
                unit=unit,
                full_name=person.name if person else "",
                password=password,
            )
            user.save()
            user.groups.set([group])
        found[unit.pk] = user
    return found


def _subtree(unit: Unit) -> list[int]:
    return list(Unit.objects.descendants(unit, include_self=True).values_list("pk", flat=True))


# --- credentials ---------------------------------------------------------------------------------


def _county_units() -> list[Unit]:
    city = Unit.objects.filter(code="baotou").first()
    if city is None:
        return []
    return [
        unit
        for unit in Unit.objects.filter(parent=city).order_by("ordering_key", "pk")
        if Unit.objects.filter(parent=unit).exists() or unit.is_registration_authority
    ]


def _credentials_load(seed: int, today: datetime.date) -> int:
    if EnforcementCredential.objects.filter(number__startswith=CREDENTIAL_PREFIX).exists():
        return 0
    rng = _rng(seed, "credentials")
    draw_day = _draw_day(today)
    rows: list[EnforcementCredential] = []
    sequence = 0
    for unit_index, unit in enumerate(_county_units()):
        people = list(
            Person.objects.filter(unit__in=_subtree(unit), status=EmploymentStatus.ACTIVE)
            .order_by("employee_number")
            .only("pk", "name")
        )
        if not people:
            continue
        chosen = [person for person in people if rng.random() < CREDENTIAL_SHARE]
        rest = [person for person in people if person not in chosen]
        while len(chosen) < CREDENTIALS_MIN_PER_UNIT and rest:
            chosen.append(rest.pop(rng.randrange(len(rest))))
        chosen.sort(key=lambda person: person.pk)
        area = unit.name
        for index, person in enumerate(chosen):
            sequence += 1
            # Issued up to four years before this year's draw: valid on the draw day and today.
            issued = draw_day - datetime.timedelta(days=rng.randint(30, 1460))
            revoked = None
            notes = ""
            spare = len(chosen) > CREDENTIALS_MIN_PER_UNIT
            if spare and index == 0 and unit_index < 2:
                # Expired: issued more than five years ago, not yet renewed.
                issued = today - datetime.timedelta(days=rng.randint(1830, 2100))
                notes = "有效期届满，换证中"
            elif spare and index == 1 and 2 <= unit_index < 4:
                revoked = today - datetime.timedelta(days=rng.randint(30, 200))
                notes = "调离执法岗位，已注销"
            rows.append(
                EnforcementCredential(
                    person=person,
                    number=f"{CREDENTIAL_PREFIX}{sequence:04d}",
                    issued_by=CREDENTIAL_ISSUER,
                    issued_on=issued,
                    valid_until=_five_years(issued),
                    area=area,
                    revoked_on=revoked,
                    notes=notes,
                )
            )
    EnforcementCredential.objects.bulk_create(rows)
    return len(rows)


def _five_years(issued: datetime.date) -> datetime.date:
    try:
        end = issued.replace(year=issued.year + 5)
    except ValueError:
        end = issued.replace(year=issued.year + 5, day=28)
    return end - datetime.timedelta(days=1)


# --- the abnormal list ---------------------------------------------------------------------------


def _proposal_years(today: datetime.date) -> list[int]:
    rules = supervision_rules()
    last = today.year if proposal_day(rules, today.year) <= today else today.year - 1
    return list(range(last - PROPOSAL_YEARS + 1, last + 1))


def _history_loaded() -> bool:
    """The list history is loaded once: a committed July run means it is there (or that the
    scheduled runs already keep this database's lists)."""
    return ScheduledRun.objects.filter(job=JobName.JULY_PROPOSALS, committed=True).exists()


def _decision_day(basis_on: datetime.date, after: int, today: datetime.date) -> datetime.date:
    """A day `after` days past the basis, within the decision deadline, not after today."""
    due = listing_decision_due(supervision_rules(), basis_on, add_working_days)
    return min(basis_on + datetime.timedelta(days=after), due, today)


def _abnormal_load(
    seed: int, today: datetime.date, supervisors: dict[int, User], counts: Counter[str]
) -> None:
    years = _proposal_years(today)
    rng = _rng(seed, "abnormal")
    _old_listings(rng, years, today, supervisors, counts)
    for year in years:
        _proposal_year(rng, year, today, supervisors, counts, last=year == years[-1])
    _objections(rng, years, today, supervisors, counts)
    _returned_letters(rng, today, supervisors, counts)
    _serious(rng, today, supervisors, counts)


def _old_listings(
    rng: random.Random,
    years: list[int],
    today: datetime.date,
    supervisors: dict[int, User],
    counts: Counter[str],
) -> None:
    """A few enterprises listed by a clerk for not filing, long enough ago to reach the mark."""
    rules = supervision_rules()
    year = years[0] - 1
    while True:
        day = proposal_day(rules, year) + datetime.timedelta(days=5)
        if serious_mark(rules, day) <= today:
            break
        year -= 1
    report_year = year - 1
    _opens, closes = window(report_year, window_rules())
    candidates = list(
        jobs.july_candidates(report_year)
        .filter(registration_authority_id__in=supervisors)
        .order_by("pk")
        .values_list("pk", flat=True)[:200]
    )
    for pk in sorted(rng.sample(candidates, min(SERIOUS_ESCALATED, len(candidates)))):
        enterprise = Enterprise.objects.get(pk=pk)
        clerk = supervisors[enterprise.registration_authority_id]
        proposed_on = proposal_day(rules, year) + datetime.timedelta(days=1)
        listing = abnormal_propose(
            actor=clerk,
            enterprise=enterprise,
            reason=AbnormalReason.NOT_FILED,
            basis_on=closes,
            source=ListingSource.CLERK,
            report_year=report_year,
            today=proposed_on,
        )
        decided = _decision_day(closes, 6, today)
        abnormal_confirm(actor=clerk, listing=listing, decided_on=decided, today=decided)
        counts["listed"] += 1


def _proposal_year(
    rng: random.Random,
    year: int,
    today: datetime.date,
    supervisors: dict[int, User],
    counts: Counter[str],
    *,
    last: bool,
) -> None:
    rules = supervision_rules()
    day = proposal_day(rules, year)
    report_year = year - 1
    _opens, closes = window(report_year, window_rules())
    decided = _decision_day(closes, 8, today)
    # The sample of late filers shown as they stood on the proposal day: not yet filed.
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    late = list(
        AnnualReport.objects.filter(
            year=report_year,
            filed_late=True,
            first_submitted_at__gte=start,
            enterprise__registration_authority_id__in=supervisors,
        )
        .order_by("pk")
        .values_list("pk", "enterprise_id", "first_submitted_at")
    )
    sample = sorted(rng.sample(late, min(LATE_SAMPLE_PER_YEAR, len(late))))
    AnnualReport.objects.filter(pk__in=[pk for pk, _e, _f in sample]).update(
        first_submitted_at=None
    )
    jobs.run_step(job=JobName.JULY_PROPOSALS, day=day, commit=True)
    proposed = {
        row.enterprise_id: row
        for row in AbnormalListing.objects.filter(
            proposed_by_run__run_date=day, status=ListingStatus.PROPOSED
        ).select_related("enterprise")
    }
    counts["proposed"] += len(proposed)
    filed = {
        enterprise_id: timezone.localdate(when)
        for _pk, enterprise_id, when in sample
        if when is not None
    }
    dismiss = [pk for pk, on in filed.items() if on <= decided and pk in proposed]
    pending: set[int] = set()
    if last:
        keep = sorted(pk for pk in proposed if pk not in filed)
        pending = set(rng.sample(keep, min(PENDING_KEPT, len(keep))))
    for enterprise_id in dismiss:
        listing = proposed[enterprise_id]
        abnormal_dismiss(
            actor=supervisors[listing.authority_id],
            listing=listing,
            reason=f"企业已于{filed[enterprise_id].isoformat()}补报{report_year}年度报告并公示。",
            decided_on=decided,
            today=decided,
        )
        counts["dismissed"] += 1
    by_authority: dict[int, list[int]] = {}
    for enterprise_id, listing in sorted(proposed.items()):
        if enterprise_id in pending or enterprise_id in dismiss:
            continue
        by_authority.setdefault(listing.authority_id, []).append(listing.pk)
    for authority_id, ids in sorted(by_authority.items()):
        for start_at in range(0, len(ids), CONFIRM_CHUNK):
            chunk = ids[start_at : start_at + CONFIRM_CHUNK]
            abnormal_confirm_bulk(
                actor=supervisors[authority_id], listings=chunk, decided_on=decided, today=decided
            )
            counts["listed"] += len(chunk)
    # Back as they are: the late filings happened after the decision.
    for pk, _enterprise_id, when in sample:
        AnnualReport.objects.filter(pk=pk).update(first_submitted_at=when)
    for enterprise_id, on in sorted(filed.items()):
        entry = proposed.get(enterprise_id)
        if entry is None or enterprise_id in dismiss:
            continue
        entry.refresh_from_db()
        if entry.status != ListingStatus.LISTED:
            continue
        applied = min(on + datetime.timedelta(days=rng.randint(1, 20)), today)
        clerk = supervisors[entry.authority_id]
        try:
            request = removal_apply(
                actor=clerk, listing=entry, ground=RemovalGround.REPORT_FILED, today=applied
            )
        except ApplicationError:
            continue  # other years still missing: it stays listed until it files them too
        granted = min(applied + datetime.timedelta(days=2), request.due_on, today)
        removal_decide(actor=clerk, request=request, grant=True, decided_on=granted, today=granted)
        counts["removed"] += 1
    for enterprise_id in sorted(pending):
        listing = proposed[enterprise_id]
        if today > listing.decision_due_on:
            abnormal_record_late_reason(
                actor=supervisors[listing.authority_id],
                listing=listing,
                late_reason="企业称已委托代理机构报送，正在向代理机构核实。",
                today=today,
            )
            break
    counts["pending"] += len(pending)


def _objections(
    rng: random.Random,
    years: list[int],
    today: datetime.date,
    supervisors: dict[int, User],
    counts: Counter[str],
) -> None:
    """One objection upheld and one rejected, against listings of the year before last."""
    rules = supervision_rules()
    listed = list(
        AbnormalListing.objects.filter(
            status=ListingStatus.LISTED,
            proposed_by_run__run_date=proposal_day(rules, years[-2]),
        )
        .select_related("enterprise", "authority")
        .order_by("pk")[:100]
    )
    if len(listed) < 2:
        return
    upheld, rejected = rng.sample(listed, 2)
    for listing, uphold in ((upheld, True), (rejected, False)):
        assert listing.listed_on is not None  # noqa: S101 (listed rows have their date)
        clerk = supervisors[listing.authority_id]
        filed_on = min(listing.listed_on + datetime.timedelta(days=rng.randint(3, 20)), today)
        objection = objection_file(
            actor=clerk,
            listing=listing,
            grounds=(
                "我公司已于截止日前通过纸质方式向登记机关报送年度报告，因系统录入遗漏未能公示，"
                "附报送回执复印件。"
                if uphold
                else "我公司因经营困难未能按时报送年度报告，请求不列入经营异常名录。"
            ),
            today=filed_on,
        )
        decided = min(filed_on + datetime.timedelta(days=7), today)
        objection_decide(
            actor=clerk,
            objection=objection,
            upheld=uphold,
            reason=(
                "经核查，企业确已在期限内提交纸质年度报告，因录入遗漏未予公示，异议成立。"
                if uphold
                else "经营困难不是未按期报送年度报告的正当理由，异议不成立；企业补报后可申请移出。"
            ),
            decided_on=decided,
            today=decided,
        )
        counts["objections"] += 1


def _returned_letters(
    rng: random.Random, today: datetime.date, supervisors: dict[int, User], counts: Counter[str]
) -> None:
    """Reason 4 from letters returned undelivered: most listed, the recent ones pending."""
    pool = list(
        Enterprise.objects.filter(
            status=EnterpriseStatus.ACTIVE,
            established_on__lt=today - datetime.timedelta(days=400),
            registration_authority_id__in=supervisors,
            on_abnormal_list=False,
        )
        .order_by("pk")
        .values_list("pk", flat=True)[:400]
    )
    chosen = sorted(rng.sample(pool, min(RETURNED_LETTERS + RETURNED_PENDING, len(pool))))
    for index, pk in enumerate(chosen):
        enterprise = Enterprise.objects.get(pk=pk)
        clerk = supervisors[enterprise.registration_authority_id]
        recent = index >= len(chosen) - RETURNED_PENDING
        basis = today - datetime.timedelta(
            days=rng.randint(1, 4) if recent else rng.randint(40, 300)
        )
        listing = abnormal_propose(
            actor=clerk,
            enterprise=enterprise,
            reason=AbnormalReason.UNREACHABLE,
            basis_on=basis,
            source=ListingSource.RETURNED_LETTER,
            facts=(
                f"{basis.isoformat()}向登记的住所邮寄的责令限期履行公示义务通知书被退回，"
                "退回原因：查无此单位；登记的联系电话无人接听。"
            ),
            source_reference=f"EMS 退件 {rng.randint(10**11, 10**12 - 1)}",
            today=basis,
        )
        if recent:
            counts["pending"] += 1
            continue
        decided = _decision_day(basis, 5, today)
        abnormal_confirm(actor=clerk, listing=listing, decided_on=decided, today=decided)
        counts["listed"] += 1


def _serious(
    rng: random.Random, today: datetime.date, supervisors: dict[int, User], counts: Counter[str]
) -> None:
    run = jobs.run_step(job=JobName.SERIOUS_ESCALATIONS, day=today, commit=True)
    rows = list(
        SeriousListing.objects.filter(proposed_by_run=run)
        .select_related("authority", "enterprise")
        .order_by("pk")
    )
    counts["serious_proposed"] += len(rows)
    numbers: Counter[int] = Counter()
    for row in rows[:-1] if len(rows) > 1 else rows:
        decided = min(row.basis_on + datetime.timedelta(days=rng.randint(2, 8)), today)
        decided = min(decided, row.decision_due_on) if row.decision_due_on >= decided else decided
        numbers[row.authority_id] += 1
        short = row.authority.short_name or row.authority.name
        serious_confirm(
            actor=supervisors[row.authority_id],
            listing=row,
            decided_on=decided,
            document_number=f"{short}市监严列〔{decided.year}〕{numbers[row.authority_id]}号",
            late_reason="" if decided <= row.decision_due_on else "核实企业履行义务情况",
            today=decided,
        )
        counts["serious_listed"] += 1
    enterprise = (
        Enterprise.objects.filter(
            status=EnterpriseStatus.ACTIVE,
            registration_authority_id__in=supervisors,
            on_abnormal_list=False,
            on_serious_list=False,
        )
        .order_by("-pk")
        .first()
    )
    if enterprise is not None:
        basis = today - datetime.timedelta(days=3)
        serious_propose(
            actor=supervisors[enterprise.registration_authority_id],
            enterprise=enterprise,
            ground=SeriousGround.SERIOUS_PENALTY,
            legal_basis="《市场监督管理严重违法失信名单管理办法》第二条",
            facts=(
                "因生产、销售不符合食品安全标准的食品，被处以没收违法所得并处罚款的较重行政处罚，"
                "处罚决定已生效。"
            ),
            basis_on=basis,
            today=today,
        )
        counts["serious_proposed"] += 1


# --- inspections ---------------------------------------------------------------------------------


def _draw_day(today: datetime.date) -> datetime.date:
    return min(datetime.date(today.year, 3, 16), today)


def _inspections_load(
    seed: int, today: datetime.date, supervisors: dict[int, User], counts: Counter[str]
) -> None:
    year = today.year
    draw_day = _draw_day(today)
    rng = _rng(seed, "inspections")
    units = _county_units()
    plans: list[tuple[Unit, dict[str, Any]]] = []
    for unit in units:
        plans.append(
            (
                unit,
                {
                    "year": year,
                    "title": f"{year}年度企业公示信息随机抽查",
                    "kind": InspectionKind.UNTARGETED,
                    "ratio": PLAN_RATIO,
                    "notes": "按“双随机、一公开”要求，从本单位登记的存续市场主体中随机抽取。",
                },
            )
        )
    last_report_year = year - 1 if today > window(year - 1, window_rules())[1] else year - 2
    targeted_filters = {"report_year": last_report_year, "filed_late": True}
    late_by_unit = {
        unit: population_counts(InspectionPlan(unit=unit, filters=targeted_filters)).get("", 0)
        for unit in units
    }
    targeted_unit = max(units, key=lambda unit: (late_by_unit[unit], -unit.pk), default=None)
    if targeted_unit is not None:
        plans.append(
            (
                targeted_unit,
                {
                    "year": year,
                    "title": f"{last_report_year}年度年报逾期报送企业定向抽查",
                    "kind": InspectionKind.TARGETED,
                    "ratio": TARGETED_RATIO,
                    "filters": targeted_filters,
                    "notes": "对逾期补报年度报告的企业定向抽查公示信息的真实性。",
                },
            )
        )
    not_found = NOT_FOUND_TOTAL
    for unit, data in plans:
        actor = supervisors.get(unit.pk)
        if (
            actor is None
            or InspectionPlan.objects.filter(unit=unit, year=year, title=data["title"]).exists()
        ):
            continue
        planned = InspectionPlan(unit=unit, filters=data.get("filters") or {}, group_by="")
        if not population_counts(planned).get("", 0):
            continue  # nobody to inspect (a small demo, or no late filer in the unit)
        try:
            with transaction.atomic():
                plan = inspection_plan_create(actor=actor, unit=unit, data=data)
                inspection_draw(
                    plan=plan,
                    actor=actor,
                    seed=_seed_hex(seed, f"{unit.code}:{data['title']}"),
                    day=draw_day,
                )
        except ApplicationError:
            continue  # the roster cannot staff the draw: no plan rather than half of one
        inspection_draw_publish(plan=plan, actor=actor)
        # The demo tells this year's story: the draw was made and published on the draw day.
        drawn_at = timezone.make_aware(datetime.datetime.combine(draw_day, datetime.time(10)))
        InspectionDraw.objects.filter(plan=plan).update(drawn_at=drawn_at, published_at=drawn_at)
        counts["plans"] += 1
        tasks = list(plan.tasks.select_related("plan", "enterprise").order_by("rank"))
        counts["tasks"] += len(tasks)
        entered: list[InspectionTask] = []
        span = max((today - draw_day).days - 3, 0)
        for task in tasks:
            # The last task of the first untargeted plans: its enterprise could not be found.
            missing = (
                not_found > 0 and data["kind"] == InspectionKind.UNTARGETED and task is tasks[-1]
            )
            if rng.random() >= RESULT_SHARE and not missing:
                continue
            inspected = draw_day + datetime.timedelta(days=int(span * rng.random()))
            entered_on = min(inspected + datetime.timedelta(days=rng.randint(0, 3)), today)
            roll = rng.random()
            if missing:
                not_found -= 1
                outcome = inspection_result_enter(
                    task=task,
                    actor=actor,
                    result=InspectionResult.NOT_FOUND,
                    inspected_on=inspected,
                    findings=FINDINGS_NOT_FOUND,
                    follow_up="已提出列入经营异常名录。",
                    today=entered_on,
                )
                counts["not_found"] += 1
                if outcome.proposed is not None:
                    counts["pending"] += 1
            elif roll < PROBLEM_SHARE:
                inspection_result_enter(
                    task=task,
                    actor=actor,
                    result=InspectionResult.PROBLEMS,
                    inspected_on=inspected,
                    findings=rng.choice(FINDINGS_PROBLEMS),
                    follow_up=rng.choice(FOLLOW_UP_PROBLEMS),
                    today=entered_on,
                )
                counts["problems"] += 1
            else:
                inspection_result_enter(
                    task=task,
                    actor=actor,
                    result=InspectionResult.NORMAL,
                    inspected_on=inspected,
                    findings="",
                    today=entered_on,
                )
            entered.append(task)
        counts["results"] += len(entered)
        # The most recent few wait for publication.
        ready = sorted(entered, key=lambda task: (task.inspected_on or draw_day, task.rank))
        publish = ready[: int(len(ready) * 0.9)]
        if publish:
            inspection_results_publish(actor=actor, tasks=publish)
            counts["published"] += len(publish)


# --- the loader ----------------------------------------------------------------------------------


def demo_supervision_load(
    *, seed: int, today: datetime.date | None = None, progress: ProgressFn | None = None
) -> dict[str, int]:
    """Load the supervision demo (see the module); returns what was added, by kind."""
    today = _today(today)
    counts: Counter[str] = Counter()
    with transaction.atomic():
        counts["credentials"] = _credentials_load(seed, today)
    if progress is not None:
        progress("supervision credentials", counts["credentials"], counts["credentials"])
    authorities = _authorities()
    supervisors = _supervisors(authorities + [u for u in _county_units() if u not in authorities])
    # The demo supervisors' roles and units do not change while the loader runs: their row scope
    # is read once, as within one request of theirs.
    with request_memo():
        if not _history_loaded():
            with transaction.atomic():
                _abnormal_load(seed, today, supervisors, counts)
        if progress is not None:
            progress("supervision lists", counts["listed"], counts["listed"])
        with transaction.atomic():
            _inspections_load(seed, today, supervisors, counts)
    if progress is not None:
        progress("supervision inspections", counts["tasks"], counts["tasks"])
    return dict(counts)
