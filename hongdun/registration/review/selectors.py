"""Reads of the clerk's side: the review queue (scoped to the clerk's unit subtree, filtered and
sorted in SQL, one page at a time), an application with everything its detail page shows, and the
issued documents a user may download.

Deadlines: an application is due N working days after the day it was received (`decision_due`, set
on acceptance or extension). For an application that has not been accepted yet the same date is
derived from `submitted_at`; since adding working days never goes backwards, "due on or before X"
becomes "received on or before the last day whose deadline is X", a plain indexed range.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Case, DateField, F, Max, Min, Prefetch, Q, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext as _

from hongdun.accounts.types import AnyUser
from hongdun.core.scope import reach_condition, restrict, unit_in_reach, units_in_reach
from hongdun.core.workdays import add_working_days, working_days_between
from hongdun.orgs.models import Unit
from hongdun.orgs.selectors import registration_authorities
from hongdun.registration.choices import IN_REVIEW_STATUSES, ApplicationStatus
from hongdun.registration.models import Application, ApplicationEvent, ApplicationNameKey
from hongdun.registration.name_keys import key_is_answer, query_keys
from hongdun.registration.permissions import APPLICATION
from hongdun.registration.review.choices import DeadlineFilter, DeadlineLevel
from hongdun.registration.review.models import IssuedDocument
from hongdun.registration.review.services import decision_due_from

# Working days left at or below which a row turns amber (0 = due today is its own colour).
DEFAULT_WARN_WORKING_DAYS = 1

SORTS = {
    "deadline": ("submitted_at", "id"),  # after the effective deadline, see _ordered
    "-deadline": ("-submitted_at", "-id"),
    "submitted": ("submitted_at", "id"),
    "-submitted": ("-submitted_at", "-id"),
    "number": ("number", "id"),
    "-number": ("-number", "-id"),
}
DEFAULT_SORT = "deadline"

# The columns the queue shows; everything else (defects, statements) stays in the database.
QUEUE_COLUMNS = (
    "id",
    "number",
    "kind",
    "entity_type",
    "deregistration_mode",
    "status",
    "name",
    "submitted_at",
    "accepted_at",
    "decision_due",
    "extended_at",
    "suspended_on",
    "supersedes_id",
    "authority__id",
    "authority__name",
    "authority__name_en",
    "authority__short_name",
    "applicant__id",
    "applicant__username",
    "applicant__full_name",
    "enterprise__id",
    "enterprise__name",
)


def warn_working_days() -> int:
    return int(
        settings.HONGDUN.get("REGISTRATION_QUEUE_WARN_WORKING_DAYS", DEFAULT_WARN_WORKING_DAYS)
    )


def clerk_authority_choices(*, user: AnyUser) -> QuerySet[Unit]:
    """The registration authorities whose applications the clerk decides (ADR 0013)."""
    return registration_authorities().filter(pk__in=units_in_reach(user, APPLICATION))


def application_deadline(application: Application) -> date | None:
    """The statutory decision date of an application under review."""
    if application.decision_due:
        return application.decision_due
    if application.submitted_at:
        return decision_due_from(timezone.localdate(application.submitted_at))
    return None


@dataclass(frozen=True, slots=True)
class Deadline:
    due: date
    days_left: int  # working days left; negative = overdue by that many working days
    level: str

    @property
    def overdue_days(self) -> int:
        return max(0, -self.days_left)

    @property
    def text(self) -> str:
        if self.level == DeadlineLevel.SUSPENDED:
            return gettext("中止审查，期限暂停")
        if self.level == DeadlineLevel.OVERDUE:
            days = self.overdue_days
            return ngettext("超期 %(days)d 个工作日", "超期 %(days)d 个工作日", days) % {
                "days": days
            }
        if self.level == DeadlineLevel.DUE:
            return gettext("今日到期")
        days = self.days_left
        return ngettext("剩 %(days)d 个工作日", "剩 %(days)d 个工作日", days) % {"days": days}


def deadline_of(application: Application, *, today: date | None = None) -> Deadline | None:
    """Working days left until the decision date and the queue colour, for open applications."""
    if application.status not in IN_REVIEW_STATUSES:
        return None
    due = application_deadline(application)
    if due is None:
        return None
    today = today or timezone.localdate()
    if application.status == ApplicationStatus.SUSPENDED:
        # The clock stopped on the day of suspension: the days left then are left still, and the
        # row is neither urgent nor overdue until the review resumes and the date moves on.
        stopped_on = application.suspended_on or today
        return Deadline(
            due=due,
            days_left=working_days_between(stopped_on, due),
            level=DeadlineLevel.SUSPENDED,
        )
    left = working_days_between(today, due)
    if due < today:
        level = DeadlineLevel.OVERDUE
        left = min(left, -1)
    elif due == today:
        level = DeadlineLevel.DUE
        left = 0
    elif left <= warn_working_days():
        level = DeadlineLevel.WARN
    else:
        level = DeadlineLevel.OK
    return Deadline(due=due, days_left=left, level=str(level))


def _latest_receipt_for(deadline: date) -> date:
    """The last day D with decision_due_from(D) <= deadline (the function never decreases)."""
    day = deadline
    while decision_due_from(day) > deadline:
        day -= timedelta(days=1)
    return day


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _due_on_or_before(deadline: date) -> Q:
    received_by = _latest_receipt_for(deadline)
    return Q(decision_due__isnull=False, decision_due__lte=deadline) | Q(
        decision_due__isnull=True, submitted_at__lt=_start_of(received_by + timedelta(days=1))
    )


def _deadline_filter(kind: str, today: date) -> Q:
    # A suspended review has no running clock: it is neither overdue, nor due, nor comfortably
    # early, so every deadline filter leaves it out (the queue shows it as "clock stopped").
    running = ~Q(status=ApplicationStatus.SUSPENDED)
    if kind == DeadlineFilter.OVERDUE:
        return running & _due_on_or_before(today - timedelta(days=1))
    if kind == DeadlineFilter.TODAY:
        return running & _due_on_or_before(today)
    soon = add_working_days(today, warn_working_days())
    if kind == DeadlineFilter.SOON:
        return running & _due_on_or_before(soon)
    return running & ~_due_on_or_before(soon)


def review_queue(
    *, user: AnyUser, filters: dict[str, Any] | None = None, today: date | None = None
) -> QuerySet[Application]:
    """Applications at the authorities in the clerk's scope, filtered in SQL.

    filters: `authority` (unit id, must be in scope), `kind`, `entity_type`, `status` ("" = all
    open ones; "all" = every submitted state), `deadline` (DeadlineFilter), `q` (number or name),
    `sort` (a key of SORTS).
    """
    filters = filters or {}
    qs = restrict(Application.objects.all(), user).exclude(
        status__in=[ApplicationStatus.DRAFT, ApplicationStatus.NOTICE]
    )
    authority = filters.get("authority")
    if authority:
        qs = qs.filter(authority_id=authority)
    status = filters.get("status") or ""
    if status == "all":
        pass
    elif status:
        qs = qs.filter(status=status)
    else:
        qs = qs.filter(status__in=IN_REVIEW_STATUSES)
    for key in ("kind", "entity_type"):
        if filters.get(key):
            qs = qs.filter(**{key: filters[key]})
    if filters.get("deadline"):
        qs = qs.filter(status__in=IN_REVIEW_STATUSES).filter(
            _deadline_filter(filters["deadline"], today or timezone.localdate())
        )
    q = (filters.get("q") or "").strip()
    if q:
        qs = qs.filter(text_match(q))
    qs = qs.select_related("authority", "applicant", "enterprise").only(*QUEUE_COLUMNS)
    return _ordered(qs, filters.get("sort") or default_sort(status))


# How far the search counts a key's applications when it chooses the rarest key of a query: enough
# to tell a useful key from a common one (包头, 公司) without reading the common one to the end.
KEY_PROBE_LIMIT = 1000
# A long query is narrowed by at most this many of its 2-character keys, spread over it.
KEY_PROBES = 8


def _rarest_key(keys: list[str]) -> str | None:
    """The key of `keys` that the fewest applications have (counted up to KEY_PROBE_LIMIT), or
    None when one of them occurs in no name at all (then no name contains the query)."""
    if len(keys) <= 1:
        return keys[0] if keys else None
    step = max(1, len(keys) // KEY_PROBES)
    probes = keys[::step][:KEY_PROBES]
    table = connection.ops.quote_name(ApplicationNameKey._meta.db_table)
    column = connection.ops.quote_name("key")
    # Only quoted names and integers are formatted in; the keys go as parameters.
    sql = " UNION ALL ".join(
        f"SELECT {i}, COUNT(*) FROM (SELECT 1 FROM {table} WHERE {column} = %s "  # noqa: S608
        f"LIMIT {KEY_PROBE_LIMIT}) AS probe{i}"
        for i in range(len(probes))
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, probes)
        counts = sorted((count, i) for i, count in cursor.fetchall())
    if counts[0][0] == 0:
        return None
    return probes[counts[0][1]]


def text_match(q: str) -> Q:
    """The queue's search: the application number is `q`, or the name contains `q` (the same
    rows as `Q(number=q) | Q(name__contains=q)`), each answered from an index instead of a scan.

    The number is looked up in its unique index first. Name candidates are the applications under
    the query's rarest key (`registration.name_keys`: every name containing `q` has all of `q`'s
    keys); the `LIKE` then runs on those candidates only, unless the key is the query itself.
    """
    number_max = Application._meta.get_field("number").max_length or 0
    # `number != ""` is the condition of the unique index on numbers: SQLite uses a partial
    # index only when the query states its condition (q is never empty here).
    by_number = (
        list(
            Application.objects.filter(number=q).exclude(number="").values_list("pk", flat=True)[:1]
        )
        if len(q) <= number_max
        else []
    )
    match = Q(pk__in=by_number)
    key = _rarest_key(query_keys(q))
    if key is not None:
        candidates = ApplicationNameKey.objects.filter(key=key).values("application_id")
        # A one- or two-character query (鑫, 红光) is its own key: the names under it are the
        # answer, read from the indexes without the rows.
        match |= (
            Q(pk__in=candidates) if key_is_answer(q) else Q(pk__in=candidates, name__contains=q)
        )
    return match


def default_sort(status: str) -> str:
    """Open files by deadline, most urgent first; decided ones (and "all") newest first."""
    return DEFAULT_SORT if status in ("", *IN_REVIEW_STATUSES) else "-submitted"


# How many receipt days back the SQL mapping reaches: older unaccepted applications (more than a
# year!) all get the oldest mapped deadline, long past, and keep their order by receipt time.
MAX_MAPPED_RECEIPT_DAYS = 400


def effective_deadline(qs: QuerySet[Application]) -> Case:
    """The decision date as an SQL expression: `decision_due`, or for an application not accepted
    yet the deadline of its receipt day.

    One aggregate reads the first and last receipt time of those rows; every day between becomes a
    range branch `submitted_at < end of day → deadline` (days with the same deadline, such as a
    Friday and the weekend after it, share one branch). Branches are in date order, so the first
    that matches is the row's own day.
    """
    pending = qs.filter(
        decision_due__isnull=True, status__in=IN_REVIEW_STATUSES, submitted_at__isnull=False
    )
    # Grouped by status on purpose: an ungrouped MIN/MAX lets PostgreSQL walk the receipt-time
    # index from the oldest application until it meets an open one (years of closed files);
    # grouped, both databases read the few open rows from the queue index.
    bounds = list(
        pending.order_by()
        .values("status")
        .annotate(first=Min("submitted_at"), last=Max("submitted_at"))
        .values_list("first", "last")
    )
    if not bounds:
        return Case(default=F("decision_due"), output_field=DateField())
    last_day = timezone.localdate(max(last for _first, last in bounds))
    day = max(
        timezone.localdate(min(first for first, _last in bounds)),
        last_day - timedelta(days=MAX_MAPPED_RECEIPT_DAYS),
    )
    branches: list[When] = []
    while day <= last_day:
        due = decision_due_from(day)
        while day < last_day and decision_due_from(day + timedelta(days=1)) == due:
            day += timedelta(days=1)
        branches.append(When(submitted_at__lt=_start_of(day + timedelta(days=1)), then=Value(due)))
        day += timedelta(days=1)
    derived = Case(*branches, output_field=DateField())
    return Case(
        When(Q(decision_due__isnull=True) & Q(status__in=IN_REVIEW_STATUSES), then=derived),
        default=F("decision_due"),
        output_field=DateField(),
    )


def _ordered(qs: QuerySet[Application], sort: str) -> QuerySet[Application]:
    keys = SORTS.get(sort, SORTS[DEFAULT_SORT])
    if sort in ("deadline", "-deadline"):
        due = effective_deadline(qs)
        first = due.desc(nulls_last=True) if sort.startswith("-") else due.asc(nulls_last=True)
        return qs.order_by(first, *keys)
    return qs.order_by(*keys)


# The queue counts and lists at most this many applications; beyond it the page says "more than"
# and asks for narrower filters, as search engines do. Counting 100,000 rows of the index on every
# page costs more than the rest of the page; 400 pages of 25 is more than a clerk pages through.
COUNT_LIMIT = 10_000


class QueueRows:
    """A queue for the paginator, read in two steps: first the ids of one page (a narrow, sorted
    read of the application table alone), then those rows with their authority, applicant and
    enterprise. Joining first would make the database sort wide joined rows for every page.

    `count()` stops at `limit`: `more` then says that there are more rows than counted and
    listed (the paginator's last page ends at the limit).
    """

    def __init__(self, queryset: QuerySet[Application], *, limit: int | None = None) -> None:
        self.queryset = queryset
        self.limit = COUNT_LIMIT if limit is None else limit
        self.more = False
        self.ordered = True  # for Paginator's unordered-list warning

    def count(self) -> int:
        counted = self.queryset.order_by().values("pk")[: self.limit + 1].count()
        self.more = counted > self.limit
        return min(counted, self.limit)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[Application]:
        ids = list(self.queryset.values_list("id", flat=True)[index])
        rows = (
            Application.objects.filter(id__in=ids)
            .select_related("authority", "applicant", "enterprise")
            .only(*QUEUE_COLUMNS)
            .in_bulk()
        )
        return [rows[pk] for pk in ids if pk in rows]


def _pk(value: Any) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError, OverflowError) as error:
        raise Http404(_("没有找到该申请。")) from error
    if not 0 < number < 2**63:
        raise Http404(_("没有找到该申请。"))
    return number


def application_get_for_clerk(*, user: AnyUser, pk: Any) -> Application:
    """An application the clerk may see, with everything the detail page shows, in a fixed number of
    queries; anything outside the clerk's scope does not exist."""
    found = (
        restrict(Application.objects.filter(pk=_pk(pk)), user)
        .exclude(status=ApplicationStatus.DRAFT)
        .select_related(
            "authority",
            "applicant",
            "name_reservation",
            "enterprise",
            "supersedes",
            "decided_by",
            "extended_by",
        )
        .prefetch_related(
            "members__subscriptions",
            "officers",
            Prefetch("scope_items", to_attr="scope_list"),
            "scope_items__entry",
            "materials",
            "change_items",
            "correction_items",
            "corrected_by",
            Prefetch(
                "events",
                queryset=ApplicationEvent.objects.select_related("actor").order_by("at", "id"),
            ),
            Prefetch("issued_documents", queryset=IssuedDocument.objects.order_by("id")),
        )
        .first()
    )
    if found is None:
        raise Http404(_("没有找到该申请。"))
    return found


def document_get_for_user(*, user: AnyUser, pk: Any) -> IssuedDocument:
    """An issued document the user may download: the applicant's own, or one of an authority in the
    registrar's scope. Everything else does not exist (404, whatever the reason)."""
    number = _pk(pk)
    if user is None or not user.is_authenticated:
        raise Http404(_("没有找到该文书。"))
    # The applicant's own documents whatever their groups; a registrar's by the scope rule.
    own = Q(application__applicant_id=user.pk)
    in_reach = reach_condition(IssuedDocument, user)
    allowed = Q() if in_reach is None else own | in_reach
    found = IssuedDocument.objects.filter(allowed, pk=number).select_related("application").first()
    if found is None:
        raise Http404(_("没有找到该文书。"))
    return found


def documents_for_application(*, user: AnyUser, application: Application) -> list[IssuedDocument]:
    """The documents of an application the user may see (for the applicant's page)."""
    if application.applicant_id != getattr(user, "pk", None) and not unit_in_reach(
        user, APPLICATION, application.authority_id
    ):
        return []
    return list(IssuedDocument.objects.filter(application=application).order_by("id"))
