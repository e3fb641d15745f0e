"""Reads of the registration app, always scoped to who asks."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from hongdun.accounts.types import AnyUser
from hongdun.core.scope import restrict
from hongdun.enterprises.models import Enterprise
from hongdun.namecheck.choices import ReservationStatus
from hongdun.namecheck.models import NameReservation
from hongdun.registration.choices import OPEN_STATUSES, ApplicationStatus
from hongdun.registration.models import Application, EnterpriseAuthorisation, Material
from hongdun.registration.services import can_read_material


def _int(pk: Any) -> int:
    try:
        return int(pk)
    except (TypeError, ValueError, OverflowError) as error:
        raise Http404(_("没有找到该申请。")) from error


def application_list_for_applicant(*, user: AnyUser) -> QuerySet[Application]:
    """The user's own applications, newest first; nobody else's."""
    if user is None or not user.is_authenticated:
        return Application.objects.none()
    return (
        Application.objects.filter(applicant_id=user.pk)
        .select_related("authority", "enterprise", "supersedes")
        .order_by("-created_at", "-id")
    )


def application_get_for_applicant(*, user: AnyUser, pk: Any) -> Application:
    """One of the user's own applications; any other id is "not found" (no hint it exists)."""
    try:
        return application_list_for_applicant(user=user).get(pk=_int(pk))
    except Application.DoesNotExist as error:
        raise Http404(_("没有找到该申请。")) from error


def reservations_for_establishment(*, user: AnyUser) -> QuerySet[NameReservation]:
    """The user's reserved, unexpired names that no open application uses yet."""
    if user is None or not user.is_authenticated:
        return NameReservation.objects.none()
    in_use = Application.objects.filter(name_reservation=OuterRef("pk"), status__in=OPEN_STATUSES)
    return (
        NameReservation.objects.filter(
            applicant_id=user.pk,
            status=ReservationStatus.RESERVED,
            reserved_until__gte=timezone.localdate(),
        )
        .exclude(Exists(in_use))
        .select_related("registry")
        .order_by("-created_at")
    )


def enterprises_for_applicant(*, user: AnyUser) -> QuerySet[Enterprise]:
    """Enterprises the user holds a live portal authorisation for."""
    if user is None or not user.is_authenticated:
        return Enterprise.objects.none()
    today = timezone.localdate()
    live = EnterpriseAuthorisation.objects.filter(
        enterprise=OuterRef("pk"), user_id=user.pk, revoked_at__isnull=True
    ).filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
    return (
        Enterprise.objects.filter(Exists(live))
        .select_related("registration_authority")
        .order_by("name")
    )


def enterprise_get_for_applicant(*, user: AnyUser, pk: Any) -> Enterprise:
    try:
        return enterprises_for_applicant(user=user).get(pk=_int(pk))
    except Enterprise.DoesNotExist as error:
        raise Http404(_("没有找到该市场主体。")) from error


def material_get_for_reader(*, user: AnyUser, pk: Any) -> Material:
    """A material the user may download (the applicant or the competent registrars), else 404."""
    try:
        material = Material.objects.select_related("application").get(pk=_int(pk))
    except Material.DoesNotExist as error:
        raise Http404(_("没有找到该材料。")) from error
    if not can_read_material(user=user, material=material):
        raise Http404(_("没有找到该材料。"))
    return material


def running_notices() -> QuerySet[Application]:
    """Simplified-deregistration notices in their 20-day period today (public list)."""
    today = timezone.localdate()
    return (
        Application.objects.filter(
            status=ApplicationStatus.NOTICE,
            deregistration__notice_start__lte=today,
            deregistration__notice_end__gte=today,
        )
        .select_related("enterprise", "authority", "deregistration")
        .order_by("deregistration__notice_end", "id")
    )


def notice_get_public(*, pk: Any) -> Application:
    try:
        return running_notices().get(pk=_int(pk))
    except Application.DoesNotExist as error:
        raise Http404(_("没有找到该公告，或公示期已结束。")) from error


def authorisations_for_staff(*, user: AnyUser) -> QuerySet[EnterpriseAuthorisation]:
    """Live and revoked authorisations for enterprises in the registrar's unit subtree."""
    return restrict(
        EnterpriseAuthorisation.objects.select_related("enterprise", "user", "granted_by").order_by(
            "-created_at", "-id"
        ),
        user,
    )
