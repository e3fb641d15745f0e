"""The calendar steps of `manage.py run_scheduled` (docs/rules/supervision.md §4).

One function per `JobName` step, each `(*, day, run, commit) -> counts`. Every step is set-based:
it selects its rows with one query and writes them with one INSERT … SELECT or UPDATE (plus the
history rows, written the same way), never looping over enterprises. Deadlines that need the
working-day calendar are worked out in Python for the few distinct basis days and written with a
CASE over those days. A dry run (`commit=False`) counts with the same query and writes nothing.

`run_step` runs one step in one transaction together with its `ScheduledRun` log row and its audit
entry: a step that fails leaves neither its rows nor its log, and running the day again completes
it. Every step is idempotent: what it wrote takes its rows out of its own selection (an entry
proposed, a reminder date set, a removal marked, a result published), so the same day run twice
finds nothing new the second time.
"""

from __future__ import annotations

import datetime
import zlib
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Protocol

from django.conf import settings
from django.db import connection, models, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hongdun.accounts.models import User
from hongdun.core.notification_services import notify
from hongdun.core.services import audit_record
from hongdun.disclosure.engine.window import window
from hongdun.disclosure.models import AnnualReport
from hongdun.disclosure.progress import due_condition
from hongdun.disclosure.rules import window_rules
from hongdun.enterprises.models import Enterprise
from hongdun.enterprises.public_cache import public_cache_invalidate
from hongdun.registration.models import EnterpriseAuthorisation
from hongdun.supervision.choices import (
    OPEN_LISTING_STATUSES,
    AbnormalReason,
    InspectionResult,
    JobName,
    ListingSource,
    ListingStatus,
    SeriousGround,
)
from hongdun.supervision.engine.deadlines import (
    listing_decision_due,
    proposal_day,
    serious_decision_due,
    serious_mark,
    years_after,
)
from hongdun.supervision.models import (
    AbnormalListing,
    InspectionTask,
    ScheduledRun,
    SeriousListing,
)
from hongdun.supervision.rules import add_working_days, supervision_rules
from hongdun.supervision.services_abnormal import LISTABLE_STATUSES

Counts = dict[str, int]

SERIOUS_LEGAL_BASIS = "《企业信息公示暂行条例》第十七条第二款"
# Distinct basis days per INSERT … SELECT: each costs three parameters in the CASE and the IN
# list, well inside SQLite's limit on parameters per statement.
DATES_PER_STATEMENT = 200


class Step(Protocol):
    def __call__(self, *, day: datetime.date, run: ScheduledRun | None, commit: bool) -> Counts: ...


# --- SQL helpers ---------------------------------------------------------------------------------


# The raw statements below (noqa S608) build only identifiers from the models' own metadata and
# the ORM's compiled subqueries; every value goes in as a parameter.
def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _date(value: datetime.date) -> Any:
    return connection.ops.adapt_datefield_value(value)


def _datetime(value: datetime.datetime) -> Any:
    return connection.ops.adapt_datetimefield_value(value)


def _ids_sql(queryset: QuerySet[Any]) -> tuple[str, tuple[Any, ...]]:
    """The SQL selecting the primary keys of `queryset` (for `… IN (<it>)`)."""
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    return sql, tuple(params)


def _execute(sql: str, params: Sequence[Any]) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))
        return max(cursor.rowcount, 0)


def _record_history(
    model: type[models.Model], rows: QuerySet[Any], *, history_type: str, when: datetime.datetime
) -> int:
    """Write one simple-history version of every row of `rows` with one INSERT … SELECT (the set
    writers bypass the model's save and its history signal)."""
    history: type[models.Model] = model.history.model  # type: ignore[attr-defined]
    bookkeeping = {"history_id", "history_date", "history_change_reason", "history_type"}
    bookkeeping |= {"history_user_id"}
    columns = [
        str(field.column)
        for field in history._meta.concrete_fields
        if field.column not in bookkeeping
    ]
    ids_sql, ids_params = _ids_sql(rows)
    target = ", ".join(_q(column) for column in columns)
    sql = (
        f"INSERT INTO {_q(history._meta.db_table)} ({target}, history_date, "  # noqa: S608
        "history_change_reason, history_type, history_user_id) "
        f"SELECT {target}, %s, NULL, %s, NULL FROM {_q(model._meta.db_table)} "
        f"WHERE {_q('id')} IN ({ids_sql})"
    )
    return _execute(sql, (_datetime(when), history_type, *ids_params))


def _lock_enterprises(enterprises: QuerySet[Enterprise]) -> None:
    """Lock the enterprise rows the step will write entries for (one statement, in key order),
    as a clerk's proposal or decision does for its one enterprise: the step then waits for a
    clerk who holds one of them and selects again after (PostgreSQL; SQLite already runs one
    writer at a time). Without it, a clerk holding the row while inserting the same entry
    and the step's foreign-key check on that row would wait for each other."""
    list(enterprises.order_by("pk").select_for_update().values_list("pk", flat=True))


def latest_start(day: datetime.date, years: int) -> datetime.date:
    """The latest start whose `years`-year period has ended by `day` (`years_after(start) <=
    day`): `day` shifted back, moved forward over a 29 February that maps onto 28 February."""
    start = (
        day.replace(year=day.year - years)
        if not (day.month == 2 and day.day == 29)
        else datetime.date(day.year - years, 2, 28)
    )
    while years_after(start + datetime.timedelta(days=1), years) <= day:
        start += datetime.timedelta(days=1)
    return start


def _require_run(run: ScheduledRun | None, commit: bool) -> None:
    if commit and run is None:
        raise ValueError("a committed step needs its ScheduledRun row (use run_step)")


def _the_run(run: ScheduledRun | None) -> ScheduledRun:
    if run is None:
        raise ValueError("a committed step needs its ScheduledRun row (use run_step)")
    return run


def _serialise(job: str) -> None:
    """Let one committed run of `job` at a time through, until its transaction ends, so that a
    second run (cron and a supervisor at once) selects after the first has written and finds
    nothing left. PostgreSQL: a transaction-level advisory lock per step; SQLite transactions are
    IMMEDIATE (one writer at a time), which already serialises them."""
    if connection.vendor == "postgresql":
        key = zlib.crc32(f"hongdun.supervision.jobs.{job}".encode())
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])


# --- 1. reason 1 on the proposal day -------------------------------------------------------------


def july_candidates(report_year: int) -> QuerySet[Enterprise]:
    """The enterprises the scheduled run proposes for not having filed `report_year`: they owed
    the report (`disclosure.progress.due_condition`: established by 31 December, still on the
    register when the window opened), have not submitted it (a draft is not a filing), can still
    be listed (存续 or 吊销) and have no open reason-1 entry."""
    filed = AnnualReport.objects.filter(
        enterprise=OuterRef("pk"), year=report_year, first_submitted_at__isnull=False
    )
    listed = AbnormalListing.objects.filter(
        enterprise=OuterRef("pk"),
        reason=AbnormalReason.NOT_FILED,
        status__in=OPEN_LISTING_STATUSES,
    )
    return Enterprise.objects.filter(
        due_condition(report_year, window_rules()), status__in=LISTABLE_STATUSES
    ).filter(~Exists(filed), ~Exists(listed))


def _proposed_this_year(day: datetime.date, run: ScheduledRun | None) -> bool:
    """Whether a committed run already proposed this year's non-filers (the catch-up of a later
    day proposes only when none did: an entry dismissed since is not proposed again)."""
    rules = supervision_rules()
    runs = ScheduledRun.objects.filter(
        job=JobName.JULY_PROPOSALS,
        committed=True,
        run_date__gte=proposal_day(rules, day.year),
        run_date__lte=datetime.date(day.year, 12, 31),
    )
    if run is not None:
        runs = runs.exclude(pk=run.pk)
    return runs.exists()


@transaction.atomic
def july_proposals(*, day: datetime.date, run: ScheduledRun | None, commit: bool) -> Counts:
    """On the proposal day (or the first run of a later day of the year): every enterprise that
    has not filed last year's report becomes a reason-1 candidate (docs/rules/supervision.md §1)."""
    _require_run(run, commit)
    rules = supervision_rules()
    report_year = day.year - 1
    if day < proposal_day(rules, day.year):
        return {"proposed": 0, "not_due": 1}
    if commit:
        _serialise(JobName.JULY_PROPOSALS)
    if _proposed_this_year(day, run):
        return {"proposed": 0, "report_year": report_year, "already_run": 1}
    candidates = july_candidates(report_year)
    if not commit:
        return {"proposed": candidates.count(), "report_year": report_year}
    this_run = _the_run(run)
    _lock_enterprises(Enterprise.objects.filter(pk__in=candidates.values("pk")))
    _opens, closes = window(report_year, window_rules())
    due = listing_decision_due(rules, closes, add_working_days)
    now = timezone.now()
    ids_sql, ids_params = _ids_sql(candidates)
    table = _q(AbnormalListing._meta.db_table)
    enterprise = _q(Enterprise._meta.db_table)
    sql = (
        f"INSERT INTO {table} (created_at, updated_at, enterprise_id, reason, status, source, "  # noqa: S608
        "report_year, facts, source_reference, basis_on, decision_due_on, authority_id, "
        "proposed_at, proposed_by_run_id, document_number, late_reason, dismissed_reason, "
        "removal_ground, removal_document_number) "
        "SELECT %s, %s, e.id, %s, %s, %s, %s, '', '', %s, %s, e.registration_authority_id, "
        "%s, %s, '', '', '', '', '' "
        f"FROM {enterprise} e WHERE e.id IN ({ids_sql}) ON CONFLICT DO NOTHING"
    )
    stamp = _datetime(now)
    proposed = _execute(
        sql,
        (
            stamp,
            stamp,
            int(AbnormalReason.NOT_FILED),
            str(ListingStatus.PROPOSED),
            str(ListingSource.SCHEDULED),
            report_year,
            _date(closes),
            _date(due),
            stamp,
            this_run.pk,
            *ids_params,
        ),
    )
    _record_history(
        AbnormalListing,
        AbnormalListing.objects.filter(proposed_by_run=this_run),
        history_type="+",
        when=now,
    )
    return {"proposed": proposed, "report_year": report_year}


# --- 2. the reminder 60 days before the three-year mark -------------------------------------------


def _live_authorisations(day: datetime.date) -> QuerySet[EnterpriseAuthorisation]:
    return EnterpriseAuthorisation.objects.filter(revoked_at__isnull=True).exclude(
        valid_until__lt=day
    )


def reminder_candidates(day: datetime.date) -> QuerySet[AbnormalListing]:
    """Entries still listed (any reason) whose reminder day has come and that were not reminded;
    of enterprises still on the register (one that left it cannot be escalated)."""
    rules = supervision_rules()
    # serious_reminder_on(listed_on) <= day  ⇔  serious_mark(listed_on) <= day + N days.
    cutoff = latest_start(
        day + datetime.timedelta(days=rules.serious_reminder_days), rules.serious_after_years
    )
    return AbnormalListing.objects.filter(
        status=ListingStatus.LISTED,
        listed_on__lte=cutoff,
        three_year_reminder_sent_on__isnull=True,
        enterprise__status__in=LISTABLE_STATUSES,
    )


def _reminder_notice(listing: AbnormalListing) -> tuple[str, str]:
    rules = supervision_rules()
    assert listing.listed_on is not None  # noqa: S101 (a listed entry has its date)
    mark = serious_mark(rules, listing.listed_on)
    enterprise = listing.enterprise
    title = _("经营异常名录届满%(years)s年提醒") % {"years": rules.serious_after_years}
    body = _(
        "%(name)s（统一社会信用代码 %(uscc)s）于%(listed)s因“%(reason)s”被列入经营异常名录，"
        "至%(mark)s届满%(years)s年。届满%(years)s年仍未履行相关义务的，将被列入严重违法失信名单"
        "（《企业信息公示暂行条例》第十七条）。已履行的，请及时申请移出经营异常名录。"
    ) % {
        "name": enterprise.name,
        "uscc": enterprise.uscc,
        "listed": f"{listing.listed_on:%Y-%m-%d}",
        "reason": listing.get_reason_display(),
        "mark": f"{mark:%Y-%m-%d}",
        "years": rules.serious_after_years,
    }
    return title, body


@transaction.atomic
def three_year_reminders(*, day: datetime.date, run: ScheduledRun | None, commit: bool) -> Counts:
    """Remind the enterprise's authorised portal users of each listed entry whose three-year mark
    is N days away (or nearer, for a day the run missed), once per entry."""
    _require_run(run, commit)
    if commit:
        _serialise(JobName.THREE_YEAR_REMINDERS)
    candidates = reminder_candidates(day)
    if not commit:
        notices = (
            _live_authorisations(day)
            .filter(enterprise__abnormal_listings__in=candidates)
            .values("enterprise__abnormal_listings", "user_id")
            .distinct()
            .count()
        )
        return {"listings": candidates.count(), "notices": notices}
    now = timezone.now()
    # Claim the rows in one UPDATE; `updated_at = now` tells this run's rows from earlier ones.
    claimed = candidates.update(three_year_reminder_sent_on=day, updated_at=now)
    ours = AbnormalListing.objects.filter(three_year_reminder_sent_on=day, updated_at=now)
    _record_history(AbnormalListing, ours, history_type="~", when=now)
    recipients: dict[int, list[int]] = {}
    for enterprise_id, user_id in (
        _live_authorisations(day)
        .filter(enterprise_id__in=ours.values("enterprise_id"))
        .order_by("enterprise_id", "user_id")
        .values_list("enterprise_id", "user_id")
        .distinct()
    ):
        recipients.setdefault(enterprise_id, []).append(user_id)
    users = User.objects.in_bulk({uid for ids in recipients.values() for uid in ids})
    notices = 0
    own_listings = reverse("portal-abnormal:list")
    with translation.override(settings.LANGUAGE_CODE):
        for listing in ours.select_related("enterprise").order_by("pk"):
            title, body = _reminder_notice(listing)
            for user_id in recipients.get(listing.enterprise_id, []):
                notify(recipient=users[user_id], title=title, body=body, url=own_listings)
                notices += 1
    return {"listings": claimed, "notices": notices}


# --- 3. the serious list after three years --------------------------------------------------------


def escalation_candidates(day: datetime.date) -> QuerySet[AbnormalListing]:
    """Entries listed for the configured years by `day`, of enterprises still on the register,
    never escalated before, whose enterprise has no open three-year serious entry; one per
    enterprise (its earliest listing) when several of its entries reach the mark."""
    rules = supervision_rules()
    ground = SeriousGround.ABNORMAL_THREE_YEARS
    reached = AbnormalListing.objects.filter(
        status=ListingStatus.LISTED,
        listed_on__lte=latest_start(day, rules.serious_after_years),
        enterprise__status__in=LISTABLE_STATUSES,
    )
    escalated = SeriousListing.objects.filter(abnormal_listing=OuterRef("pk"), ground=ground)
    open_serious = SeriousListing.objects.filter(
        enterprise=OuterRef("enterprise"), ground=ground, status__in=OPEN_LISTING_STATUSES
    )
    eligible = reached.filter(~Exists(escalated), ~Exists(open_serious))
    earlier = eligible.filter(enterprise=OuterRef("enterprise")).filter(
        Q(listed_on__lt=OuterRef("listed_on"))
        | Q(listed_on=OuterRef("listed_on"), pk__lt=OuterRef("pk"))
    )
    return eligible.filter(~Exists(earlier))


def _chunks(values: Sequence[datetime.date], size: int) -> Iterable[Sequence[datetime.date]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


@transaction.atomic
def serious_escalations(*, day: datetime.date, run: ScheduledRun | None, commit: bool) -> Counts:
    """Propose for the serious list every enterprise whose abnormal listing reached the mark:
    basis day the mark, decision due N working days after it, the legal representative now on
    the register (barred once listed)."""
    _require_run(run, commit)
    if commit:
        _serialise(JobName.SERIOUS_ESCALATIONS)
    candidates = escalation_candidates(day)
    if not commit:
        return {"proposed": candidates.count()}
    this_run = _the_run(run)
    _lock_enterprises(Enterprise.objects.filter(pk__in=candidates.values("enterprise_id")))
    rules = supervision_rules()
    # Listed entries always have their date (supervision_abnormal_listed_has_date).
    listed_days: list[datetime.date] = sorted(
        listed
        for listed in candidates.order_by().values_list("listed_on", flat=True).distinct()
        if listed is not None
    )
    now = timezone.now()
    stamp = _datetime(now)
    table = _q(SeriousListing._meta.db_table)
    abnormal = _q(AbnormalListing._meta.db_table)
    enterprise = _q(Enterprise._meta.db_table)
    proposed = 0
    for dates in _chunks(listed_days, DATES_PER_STATEMENT):
        marks = {listed: serious_mark(rules, listed) for listed in dates}
        dues = {
            listed: serious_decision_due(rules, mark, add_working_days)
            for listed, mark in marks.items()
        }
        mark_case = " ".join("WHEN %s THEN %s" for _ in dates)
        ids_sql, ids_params = _ids_sql(candidates.filter(listed_on__in=dates))
        sql = (
            f"INSERT INTO {table} (created_at, updated_at, enterprise_id, ground, legal_basis, "  # noqa: S608
            "facts, abnormal_listing_id, status, source, basis_on, decision_due_on, "
            "authority_id, proposed_at, proposed_by_run_id, document_number, late_reason, "
            "dismissed_reason, legal_rep_name, legal_rep_id_number, removal_reason, "
            "removal_document_number) "
            "SELECT %s, %s, a.enterprise_id, %s, %s, %s, a.id, %s, %s, "
            f"CASE a.listed_on {mark_case} END, CASE a.listed_on {mark_case} END, "
            "e.registration_authority_id, %s, %s, '', '', '', e.legal_rep_name, "
            "e.legal_rep_id_number, '', '' "
            f"FROM {abnormal} a JOIN {enterprise} e ON e.id = a.enterprise_id "
            f"WHERE a.id IN ({ids_sql}) ON CONFLICT DO NOTHING"
        )
        mark_params = [value for listed in dates for value in (_date(listed), _date(marks[listed]))]
        due_params = [value for listed in dates for value in (_date(listed), _date(dues[listed]))]
        proposed += _execute(
            sql,
            (
                stamp,
                stamp,
                str(SeriousGround.ABNORMAL_THREE_YEARS),
                SERIOUS_LEGAL_BASIS,
                _("列入经营异常名录届满%(years)s年仍未履行相关义务。")
                % {"years": rules.serious_after_years},
                str(ListingStatus.PROPOSED),
                str(ListingSource.SCHEDULED),
                *mark_params,
                *due_params,
                stamp,
                this_run.pk,
                *ids_params,
            ),
        )
    _record_history(
        SeriousListing,
        SeriousListing.objects.filter(proposed_by_run=this_run),
        history_type="+",
        when=now,
    )
    return {"proposed": proposed}


# --- 4. serious entries due for removal -----------------------------------------------------------


def removal_candidates(day: datetime.date) -> QuerySet[SeriousListing]:
    """Serious entries in force whose removal day has come, not yet put to the clerk, and after
    whose listing the enterprise was listed for nothing new (a later serious or abnormal
    listing is a new violation)."""
    newer_serious = SeriousListing.objects.filter(
        enterprise=OuterRef("enterprise"), listed_on__gt=OuterRef("listed_on")
    )
    newer_abnormal = AbnormalListing.objects.filter(
        enterprise=OuterRef("enterprise"), listed_on__gt=OuterRef("listed_on")
    )
    return SeriousListing.objects.filter(
        status=ListingStatus.LISTED,
        removal_eligible_on__lte=day,
        removal_proposed_by_run__isnull=True,
    ).filter(~Exists(newer_serious), ~Exists(newer_abnormal))


@transaction.atomic
def serious_removals_due(*, day: datetime.date, run: ScheduledRun | None, commit: bool) -> Counts:
    """Mark the serious entries due for removal with this run; the clerk decides each."""
    _require_run(run, commit)
    if commit:
        _serialise(JobName.SERIOUS_REMOVALS_DUE)
    candidates = removal_candidates(day)
    if not commit:
        return {"due": candidates.count()}
    this_run = _the_run(run)
    now = timezone.now()
    marked = candidates.update(removal_proposed_by_run=this_run, updated_at=now)
    _record_history(
        SeriousListing,
        SeriousListing.objects.filter(removal_proposed_by_run=this_run),
        history_type="~",
        when=now,
    )
    return {"due": marked}


# --- 5. inspection results due for publication ----------------------------------------------------


def publication_candidates(day: datetime.date) -> QuerySet[InspectionTask]:
    return InspectionTask.objects.filter(
        published_at__isnull=True, publish_due_on__lte=day
    ).exclude(result=InspectionResult.PENDING)


@transaction.atomic
def inspection_results_due(*, day: datetime.date, run: ScheduledRun | None, commit: bool) -> Counts:
    """Publish every entered result whose publication day has come on the enterprise's public
    record (and make those records render again after commit)."""
    _require_run(run, commit)
    if commit:
        _serialise(JobName.INSPECTION_RESULTS_DUE)
    candidates = publication_candidates(day)
    if not commit:
        return {
            "published": candidates.count(),
            "enterprises": candidates.order_by().values("enterprise_id").distinct().count(),
        }
    now = timezone.now()
    published = candidates.update(published_at=now, updated_at=now)
    ours = InspectionTask.objects.filter(published_at=now, updated_at=now)
    _record_history(InspectionTask, ours, history_type="~", when=now)
    enterprise_ids = list(ours.order_by().values_list("enterprise_id", flat=True).distinct())
    public_cache_invalidate(enterprise_ids)
    return {"published": published, "enterprises": len(enterprise_ids)}


# --- the runner ----------------------------------------------------------------------------------

STEPS: dict[str, Step] = {
    JobName.JULY_PROPOSALS: july_proposals,
    JobName.THREE_YEAR_REMINDERS: three_year_reminders,
    JobName.SERIOUS_ESCALATIONS: serious_escalations,
    JobName.SERIOUS_REMOVALS_DUE: serious_removals_due,
    JobName.INSPECTION_RESULTS_DUE: inspection_results_due,
}


def register_step(job: str, step: Step) -> None:
    """Add a step another app owns (the credit app's monthly reclassification …), run in its
    `JobName` place; supervision imports nothing of that app (docs/architecture.md, layers)."""
    if job not in JobName.values:
        raise ValueError(f"{job!r} is not a JobName value")
    STEPS[job] = step


def run_step(
    *, job: str, day: datetime.date, commit: bool, triggered_by: User | None = None
) -> ScheduledRun:
    """Run one step for `day` in one transaction with its log row (and, committed, its audit
    entry); an error rolls back all three."""
    if job not in STEPS:
        raise ValueError(f"unknown step {job!r}; the steps are {', '.join(STEPS)}")
    actor = triggered_by if triggered_by is not None and triggered_by.is_authenticated else None
    with transaction.atomic():
        run = ScheduledRun.objects.create(
            job=job, run_date=day, committed=commit, triggered_by=actor
        )
        counts = STEPS[job](day=day, run=run, commit=commit)
        run.counts = counts
        run.finished_at = timezone.now()
        run.save(update_fields=["counts", "finished_at"])
        if commit:
            audit_record(
                actor=actor,
                action=f"supervision.run.{job}",
                instance=run,
                after={"run_date": day.isoformat(), "counts": counts},
            )
    return run


def run_day(
    *,
    day: datetime.date,
    commit: bool,
    only: Iterable[str] | None = None,
    triggered_by: User | None = None,
    progress: Callable[[str, ScheduledRun], None] | None = None,
) -> list[ScheduledRun]:
    """Run the steps of `day` in `JobName` order (only those named in `only`, when given), each
    in its own transaction. An error stops the day: the steps before it stay done, the failed
    one left nothing, and running the day again completes it."""
    wanted = set(only) if only else set(STEPS)
    unknown = wanted - set(STEPS)
    if unknown:
        raise ValueError(f"unknown step(s) {', '.join(sorted(unknown))}")
    runs = []
    for job in JobName.values:
        if job not in wanted:
            continue
        run = run_step(job=job, day=day, commit=commit, triggered_by=triggered_by)
        runs.append(run)
        if progress is not None:
            progress(job, run)
    return runs
