"""Reads for name declaration: registries, an applicant's own reservations, the staff review queue,
and notices. Rows outside the user's scope do not exist for them (404)."""

from datetime import date
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from hongdun.accounts.types import AnyUser
from hongdun.core.exceptions import ApplicationError
from hongdun.core.scope import restrict
from hongdun.enterprises.search_keys import fold
from hongdun.namecheck.choices import ReservationStatus
from hongdun.namecheck.models import NameReservation
from hongdun.orgs.models import Unit
from hongdun.orgs.selectors import registration_authorities


def registry_choices() -> QuerySet[Unit]:
    """The registration authorities an applicant may declare a name at."""
    return registration_authorities().exclude(division_code="")


def registry_get(*, code: Any) -> Unit:
    """A registration authority by its division code; anything else is refused naming `registry`."""
    if not isinstance(code, str) or not code.strip():
        raise ApplicationError(_("请选择登记机关（6 位行政区划代码）。"), field="registry")
    code = code.strip()
    unit = registry_choices().filter(division_code=code).first() if len(code) == 6 else None
    if unit is None:
        raise ApplicationError(
            _("没有行政区划代码为“%(code)s”的登记机关。") % {"code": code[:20]},
            field="registry",
        )
    return unit


# --- applicants ---------------------------------------------------------------------------------


def reservation_list_for_applicant(*, user: AnyUser) -> QuerySet[NameReservation]:
    """The user's own reservations, newest first; nobody else's."""
    if user is None or not user.is_authenticated:
        return NameReservation.objects.none()
    return (
        NameReservation.objects.filter(applicant_id=user.pk)
        .select_related("registry")
        .order_by("-created_at", "-id")
    )


def reservation_get_for_applicant(*, user: AnyUser, pk: Any) -> NameReservation:
    try:
        return reservation_list_for_applicant(user=user).get(pk=int(pk))
    except (NameReservation.DoesNotExist, TypeError, ValueError, OverflowError) as error:
        raise Http404(_("没有找到该名称申报。")) from error


def reservation_days_left(reservation: NameReservation, *, today: date | None = None) -> int | None:
    """Days until a reservation lapses (0 on its last day), or None when it holds no period."""
    if reservation.status != ReservationStatus.RESERVED or reservation.reserved_until is None:
        return None
    return (reservation.reserved_until - (today or timezone.localdate())).days


# --- staff --------------------------------------------------------------------------------------


def review_queue_for_staff(
    *, user: AnyUser, filters: dict[str, Any] | None = None
) -> QuerySet[NameReservation]:
    """Declarations at registries in the user's scope, oldest first.

    Filters: `status` (default: pending_review; "" for every status), `registry` (unit id),
    `verdict`, `q` (a fragment of the name).
    """
    filters = filters or {}
    qs = restrict(
        NameReservation.objects.select_related("registry", "applicant", "reviewer").order_by(
            "created_at", "id"
        ),
        user,
    )
    status = filters.get("status", ReservationStatus.PENDING_REVIEW)
    if status:
        qs = qs.filter(status=status)
    if filters.get("registry"):
        qs = qs.filter(registry_id=filters["registry"])
    if filters.get("verdict"):
        qs = qs.filter(verdict=filters["verdict"])
    text = filters.get("q")
    if text:
        folded = fold(str(text))
        qs = qs.filter(Q(proposed_name__contains=text) | Q(normalized_name__contains=folded))
    return qs


def reservation_get_for_staff(*, user: AnyUser, pk: Any) -> NameReservation:
    try:
        return review_queue_for_staff(user=user, filters={"status": ""}).get(pk=int(pk))
    except (NameReservation.DoesNotExist, TypeError, ValueError, OverflowError) as error:
        raise Http404(_("没有找到该名称申报，或它不在您的管辖范围内。")) from error
