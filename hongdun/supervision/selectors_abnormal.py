"""Reads of the abnormal-operation list for the staff pages (scope kind "supervision.listing")
and for the enterprise's authorised users (their enterprises' entries only)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hongdun.accounts.types import AnyUser
from hongdun.core.models import AuditLog
from hongdun.core.scope import Action, restrict, units_in_reach
from hongdun.orgs.models import Unit
from hongdun.registration.models import EnterpriseAuthorisation
from hongdun.supervision.choices import ListingStatus, RequestStatus
from hongdun.supervision.models import AbnormalListing, ListingObjection, RemovalRequest
from hongdun.supervision.permissions import LISTING

# How close a deadline is, for the queue's colours (the registration queue's classes).
WARN_DAYS = 3


class Due:
    ALL = ""
    OVERDUE = "overdue"
    TODAY = "today"
    SOON = "soon"

    CHOICES = (
        ("", gettext_lazy("全部")),
        ("overdue", gettext_lazy("已逾期")),
        ("today", gettext_lazy("今日到期")),
        ("soon", gettext_lazy("3日内到期")),
    )


def due_class(due_on: datetime.date | None, today: datetime.date, *, open_: bool) -> str:
    """ "overdue", "due", "warn", "ok", or "" for decided rows."""
    if not open_ or due_on is None:
        return ""
    if today > due_on:
        return "overdue"
    if today == due_on:
        return "due"
    if (due_on - today).days <= WARN_DAYS:
        return "warn"
    return "ok"


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError, OverflowError):
        raise Http404(_("没有找到该条目。")) from None


def authorities_for_staff(*, user: AnyUser) -> QuerySet[Unit]:
    return units_in_reach(user, LISTING)


def _due_filter(field: str, due: str, today: datetime.date) -> Q:
    if due == Due.OVERDUE:
        return Q(**{f"{field}__lt": today})
    if due == Due.TODAY:
        return Q(**{field: today})
    if due == Due.SOON:
        return Q(**{f"{field}__gte": today, f"{field}__lte": today + datetime.timedelta(days=3)})
    return Q()


def _search(queryset: QuerySet[Any], text: str, prefix: str) -> QuerySet[Any]:
    text = text.strip()
    if not text:
        return queryset
    return queryset.filter(
        Q(**{f"{prefix}enterprise__name__icontains": text})
        | Q(**{f"{prefix}enterprise__uscc__iexact": text.upper()})
    )


def _in_authority(queryset: QuerySet[Any], authority: Unit | None, prefix: str) -> QuerySet[Any]:
    if authority is None:
        return queryset
    units = Unit.objects.descendants(authority, include_self=True)
    return queryset.filter(**{f"{prefix}authority__in": units})


def listings_for_staff(
    *,
    user: AnyUser,
    status: str = "",
    reason: int | None = None,
    authority: Unit | None = None,
    report_year: int | None = None,
    due: str = "",
    q: str = "",
    today: datetime.date | None = None,
) -> QuerySet[AbnormalListing]:
    """The entries in the user's reach, filtered; candidates by deadline first."""
    today = today or timezone.localdate()
    qs = restrict(AbnormalListing.objects.all(), user).select_related("enterprise", "authority")
    if status:
        qs = qs.filter(status=status)
    if reason:
        qs = qs.filter(reason=reason)
    if report_year:
        qs = qs.filter(report_year=report_year)
    if due:
        qs = qs.filter(_due_filter("decision_due_on", due, today), status=ListingStatus.PROPOSED)
    qs = _in_authority(qs, authority, "")
    qs = _search(qs, q, "")
    return qs.order_by("status", "decision_due_on", "-listed_on", "pk")


def listing_get_for_staff(
    *, user: AnyUser, pk: Any, action: Action = Action.VIEW
) -> AbnormalListing:
    try:
        return (
            restrict(AbnormalListing.objects.all(), user, action)
            .select_related(
                "enterprise",
                "authority",
                "decided_by",
                "removed_by",
                "proposed_by",
                "proposed_by_run",
            )
            .get(pk=_int(pk))
        )
    except AbnormalListing.DoesNotExist:
        raise Http404(_("没有找到该条目。")) from None


def removal_requests_for_staff(
    *,
    user: AnyUser,
    status: str = "",
    authority: Unit | None = None,
    due: str = "",
    q: str = "",
    today: datetime.date | None = None,
) -> QuerySet[RemovalRequest]:
    today = today or timezone.localdate()
    qs = restrict(RemovalRequest.objects.all(), user).select_related(
        "listing", "listing__enterprise", "listing__authority", "applied_by"
    )
    if status:
        qs = qs.filter(status=status)
    if due:
        qs = qs.filter(_due_filter("due_on", due, today), status=RequestStatus.PENDING)
    qs = _in_authority(qs, authority, "listing__")
    qs = _search(qs, q, "listing__")
    return qs.order_by("status", "due_on", "pk")


def objections_for_staff(
    *,
    user: AnyUser,
    status: str = "",
    authority: Unit | None = None,
    q: str = "",
) -> QuerySet[ListingObjection]:
    qs = restrict(ListingObjection.objects.all(), user).select_related(
        "listing", "listing__enterprise", "listing__authority", "filed_by"
    )
    if status:
        qs = qs.filter(status=status)
    qs = _in_authority(qs, authority, "listing__")
    qs = _search(qs, q, "listing__")
    return qs.order_by("status", "filed_on", "pk")


def removal_request_get_for_staff(
    *, user: AnyUser, pk: Any, action: Action = Action.VIEW
) -> RemovalRequest:
    try:
        return (
            restrict(RemovalRequest.objects.all(), user, action)
            .select_related("listing", "listing__enterprise", "listing__authority")
            .get(pk=_int(pk))
        )
    except RemovalRequest.DoesNotExist:
        raise Http404(_("没有找到该申请。")) from None


def objection_get_for_staff(
    *, user: AnyUser, pk: Any, action: Action = Action.VIEW
) -> ListingObjection:
    try:
        return (
            restrict(ListingObjection.objects.all(), user, action)
            .select_related("listing", "listing__enterprise", "listing__authority")
            .get(pk=_int(pk))
        )
    except ListingObjection.DoesNotExist:
        raise Http404(_("没有找到该异议。")) from None


# --- the enterprise's side ------------------------------------------------------------------------


def _live_for(user_id: int) -> Q:
    today = timezone.localdate()
    live = EnterpriseAuthorisation.objects.filter(
        enterprise=OuterRef("enterprise"), user_id=user_id, revoked_at__isnull=True
    ).filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
    return Q(Exists(live))


def listings_for_enterprise_user(*, user: AnyUser) -> QuerySet[AbnormalListing]:
    """The decided entries (listed, removed) of the enterprises the user may act for; candidates
    and dismissed proposals are the authority's internal work and are not shown."""
    if user is None or not user.is_authenticated or user.pk is None:
        return AbnormalListing.objects.none()
    return (
        AbnormalListing.objects.filter(_live_for(int(user.pk)))
        .filter(status__in=(ListingStatus.LISTED, ListingStatus.REMOVED))
        .select_related("enterprise", "authority")
        .order_by("enterprise__name", "-listed_on", "pk")
    )


def listing_get_for_enterprise_user(*, user: AnyUser, pk: Any) -> AbnormalListing:
    try:
        return listings_for_enterprise_user(user=user).get(pk=_int(pk))
    except AbnormalListing.DoesNotExist:
        raise Http404(_("没有找到该条目。")) from None


# --- the timeline ------------------------------------------------------------------------------

ACTION_LABELS = {
    "supervision.abnormal.propose": gettext_lazy("提出列入候选"),
    "supervision.abnormal.confirm": gettext_lazy("决定列入"),
    "supervision.abnormal.dismiss": gettext_lazy("不予列入"),
    "supervision.abnormal.late_reason": gettext_lazy("填写逾期决定理由"),
    "supervision.abnormal.removal_apply": gettext_lazy("申请移出"),
    "supervision.abnormal.removal_decide": gettext_lazy("决定移出申请"),
    "supervision.abnormal.remove": gettext_lazy("移出经营异常名录"),
    "supervision.abnormal.objection_file": gettext_lazy("提出异议"),
    "supervision.abnormal.objection_decide": gettext_lazy("决定异议"),
}


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    when: datetime.datetime
    who: str
    action: str
    after: dict[str, Any]


def listing_timeline(listing: AbnormalListing) -> list[TimelineEntry]:
    """Every audited write on the entry and its applications and objections, oldest first."""
    request_ids = [str(pk) for pk in listing.removal_requests.values_list("pk", flat=True)]
    objection_ids = [str(pk) for pk in listing.objections.values_list("pk", flat=True)]
    condition = Q(object_type="supervision.abnormallisting", object_id=str(listing.pk))
    if request_ids:
        condition |= Q(object_type="supervision.removalrequest", object_id__in=request_ids)
    if objection_ids:
        condition |= Q(object_type="supervision.listingobjection", object_id__in=objection_ids)
    rows = AuditLog.objects.filter(condition).select_related("actor").order_by("created_at", "id")
    return [
        TimelineEntry(
            when=row.created_at,
            who=(row.actor.get_full_name() or row.actor.username) if row.actor else _("系统"),
            action=str(ACTION_LABELS.get(row.action, row.action)),
            after=row.after or {},
        )
        for row in rows
    ]
