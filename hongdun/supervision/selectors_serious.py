"""Reads of the serious-violation list for the staff pages and the decision notices."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, Q, QuerySet, Value, When

from hongdun.accounts.types import AnyUser
from hongdun.core.scope import Action, restrict
from hongdun.orgs.models import Unit
from hongdun.registration.selectors import enterprises_for_applicant
from hongdun.supervision.choices import ListingStatus
from hongdun.supervision.forms_serious import DueFilter
from hongdun.supervision.models import SeriousListing

SOON_DAYS = 5


def serious_for_staff(user: AnyUser, action: Action = Action.VIEW) -> QuerySet[SeriousListing]:
    """The entries the user may `action` (scope kind "supervision.listing", by authority)."""
    return restrict(
        SeriousListing.objects.select_related(
            "enterprise", "authority", "abnormal_listing", "disqualification"
        ),
        user,
        action,
    )


def serious_queue(
    *, user: AnyUser, filters: dict[str, Any], today: datetime.date
) -> QuerySet[SeriousListing]:
    """The queue: proposals nearest their deadline first, then the listings by date."""
    rows = serious_for_staff(user)
    text = str(filters.get("q") or "").strip()
    if text:
        rows = rows.filter(Q(enterprise__name__contains=text) | Q(enterprise__uscc=text.upper()))
    if filters.get("status"):
        rows = rows.filter(status=filters["status"])
    if filters.get("ground"):
        rows = rows.filter(ground=filters["ground"])
    authority = filters.get("authority")
    if authority:
        units = Unit.objects.descendants(authority, include_self=True)
        rows = rows.filter(authority__in=units)
    due = filters.get("due")
    if due == DueFilter.OVERDUE:
        rows = rows.filter(status=ListingStatus.PROPOSED, decision_due_on__lt=today)
    elif due == DueFilter.SOON:
        rows = rows.filter(
            status=ListingStatus.PROPOSED,
            decision_due_on__gte=today,
            decision_due_on__lte=today + datetime.timedelta(days=SOON_DAYS),
        )
    if filters.get("removal_eligible"):
        rows = rows.filter(status=ListingStatus.LISTED, removal_eligible_on__lte=today)
    waiting = Case(When(status=ListingStatus.PROPOSED, then=Value(0)), default=Value(1))
    return rows.order_by(waiting, "decision_due_on", "-listed_on", "pk")


@dataclass(frozen=True, slots=True)
class DueState:
    level: str  # ok | warn | due | overdue | none
    days_left: int


def due_state(row: SeriousListing, today: datetime.date) -> DueState:
    """The colour of a proposal's deadline; decided entries have none."""
    if row.status != ListingStatus.PROPOSED:
        return DueState("none", 0)
    left = (row.decision_due_on - today).days
    if left < 0:
        return DueState("overdue", left)
    if left == 0:
        return DueState("due", left)
    if left <= SOON_DAYS:
        return DueState("warn", left)
    return DueState("ok", left)


def notice_for(user: AnyUser, pk: int) -> SeriousListing | None:
    """An entry whose decision notice the user may read: staff within reach, or a user
    authorised for the enterprise (decided entries only: a proposal has no notice)."""
    decided = Q(status__in=(ListingStatus.LISTED, ListingStatus.REMOVED))
    staff = serious_for_staff(user).filter(decided, pk=pk).first()
    if staff is not None:
        return staff
    return (
        SeriousListing.objects.select_related("enterprise", "authority", "disqualification")
        .filter(decided, pk=pk, enterprise__in=enterprises_for_applicant(user=user))
        .first()
    )
