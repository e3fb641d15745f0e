"""Reads the portal and back-office pages need beyond `selectors`: the industry list for the
declaration form, the review queue's registry and date filters, who may download a notice, a
user's notices by id, and the display number of a reservation.

Scope rules are not repeated here: every function narrows what `selectors` already returns.
"""

from datetime import date
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from hongdun.accounts.types import AnyUser
from hongdun.core.scope import units_in_reach
from hongdun.namecheck import index_store
from hongdun.namecheck.choices import ReservationStatus
from hongdun.namecheck.models import NameReservation
from hongdun.namecheck.permissions import RESERVATION
from hongdun.namecheck.selectors import (
    registry_choices,
    reservation_list_for_applicant,
    review_queue_for_staff,
)
from hongdun.orgs.models import Unit

# Waiting days after which a declaration in the review queue is shown amber, then red. The law sets
# no time limit for this review; a deployment may set its own in HONGDUN.
REVIEW_WAIT_WARN_DAYS = 3
REVIEW_WAIT_LATE_DAYS = 5


def industry_options() -> list[str]:
    """The industry terms of the engine's reference data (GB/T 4754-2017 and common phrases), in
    the data file's order, for the declaration form's suggestion list."""
    return [
        term for term, info in index_store.reference().industries.items() if info.kind == "industry"
    ]


def review_registry_choices(*, user: AnyUser) -> QuerySet[Unit]:
    """The registration authorities whose declarations the user may review."""
    return registry_choices().filter(pk__in=units_in_reach(user, RESERVATION))


def review_queue_filtered(
    *, user: AnyUser, filters: dict[str, Any] | None = None
) -> QuerySet[NameReservation]:
    """`review_queue_for_staff` plus a declaration-date range: `date_from`, `date_to` (inclusive,
    local dates)."""
    filters = dict(filters or {})
    date_from = filters.pop("date_from", None)
    date_to = filters.pop("date_to", None)
    qs = review_queue_for_staff(user=user, filters=filters)
    if date_from:
        qs = qs.filter(created_at__date__gte=date_from)
    if date_to:
        qs = qs.filter(created_at__date__lte=date_to)
    return qs


def review_wait_thresholds() -> tuple[int, int]:
    conf = settings.HONGDUN
    return (
        int(conf.get("NAME_REVIEW_WAIT_WARN_DAYS", REVIEW_WAIT_WARN_DAYS)),
        int(conf.get("NAME_REVIEW_WAIT_LATE_DAYS", REVIEW_WAIT_LATE_DAYS)),
    )


def reservation_waiting_days(reservation: NameReservation, *, today: date | None = None) -> int:
    """Whole days since the name was declared (0 on the day itself)."""
    declared = timezone.localdate(reservation.created_at)
    return max(0, ((today or timezone.localdate()) - declared).days)


def reservation_wait_level(days: int) -> str:
    """ "ok", "warn" or "late", for the queue's colours."""
    warn, late = review_wait_thresholds()
    if days >= late:
        return "late"
    if days >= warn:
        return "warn"
    return "ok"


def reservation_get_for_notice(*, user: AnyUser, pk: Any) -> NameReservation:
    """A reservation whose notice (告知书) the user may download: a name that is reserved, and
    either the user's own or at a registry the user reviews. Anything else does not exist."""
    try:
        number = int(pk)
    except (TypeError, ValueError, OverflowError) as error:
        raise Http404(_("没有找到该名称保留告知书。")) from error
    reserved = {"pk": number, "status": ReservationStatus.RESERVED}
    try:
        found = reservation_list_for_applicant(user=user).filter(**reserved).first()
        if found is None:
            found = (
                review_queue_for_staff(user=user, filters={"status": ""}).filter(**reserved).first()
            )
    except OverflowError as error:
        raise Http404(_("没有找到该名称保留告知书。")) from error
    if found is None:
        raise Http404(_("没有找到该名称保留告知书。"))
    return found


def reservation_number(reservation: NameReservation) -> str:
    """The number printed on the notice: registry division code, year declared, serial."""
    return reservation.notice_number
