"""The review queue of declared names with restricted content (限用需审批), for registrars within
their unit's subtree: filters, waiting days, findings, approve or refuse with a reason."""

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from hongdun.accounts.permissions import RoleRequiredMixin
from hongdun.core.exceptions import ApplicationError
from hongdun.namecheck.choices import ReservationStatus
from hongdun.namecheck.forms import ReviewForm, StaffReviewFilterForm
from hongdun.namecheck.models import NameReservation
from hongdun.namecheck.page_selectors import (
    reservation_number,
    reservation_wait_level,
    reservation_waiting_days,
    review_queue_filtered,
    review_registry_choices,
    review_wait_thresholds,
)
from hongdun.namecheck.selectors import reservation_days_left, reservation_get_for_staff
from hongdun.namecheck.services import (
    NAME_REVIEWERS,
    approval_beyond_reviewer,
    approver_name,
    reservation_refer_for_approval,
    reservation_review,
)
from hongdun.namecheck.views.common import present_findings, verdict_label

PAGE_SIZE = 25


def _without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def _waiting(reservation: NameReservation) -> dict[str, Any] | None:
    if reservation.status != ReservationStatus.PENDING_REVIEW:
        return None
    days = reservation_waiting_days(reservation)
    return {"days": days, "level": reservation_wait_level(days)}


class ReviewQueueView(RoleRequiredMixin, View):
    allowed_roles = NAME_REVIEWERS

    def get(self, request: HttpRequest) -> HttpResponse:
        form = StaffReviewFilterForm(
            request.GET or None, registries=review_registry_choices(user=request.user)
        )
        qs = review_queue_filtered(user=request.user, filters=form.filters())
        page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
        rows = [
            {
                "reservation": reservation,
                "number": reservation_number(reservation),
                "verdict_display": verdict_label(reservation.verdict),
                "waiting": _waiting(reservation),
            }
            for reservation in page
        ]
        warn, late = review_wait_thresholds()
        return render(
            request,
            "namecheck/backoffice/queue.html",
            {
                "form": form,
                "page": page,
                "rows": rows,
                "query_string": _without_page(request),
                "warn_days": warn,
                "late_days": late,
            },
        )


class ReviewDetailView(RoleRequiredMixin, View):
    """GET shows the declaration and its findings; POST records the decision through the service,
    which notifies the applicant either way."""

    allowed_roles = NAME_REVIEWERS

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        reservation = reservation_get_for_staff(user=request.user, pk=pk)
        return self._page(request, reservation, ReviewForm())

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        reservation = reservation_get_for_staff(user=request.user, pk=pk)
        form = ReviewForm(request.POST)
        if not form.is_valid():
            return self._page(request, reservation, form)
        decision = form.cleaned_data["decision"]
        approve = decision == "approve"
        try:
            if decision == "refer":
                reservation = reservation_refer_for_approval(
                    reviewer=request.user,
                    reservation=reservation,
                    reason=form.cleaned_data["reason"],
                )
            else:
                reservation = reservation_review(
                    reviewer=request.user,
                    reservation=reservation,
                    approve=approve,
                    reason=form.cleaned_data["reason"],
                    approval_document=form.cleaned_data["approval_document"],
                )
        except ApplicationError as error:
            field = error.field if error.field in ("reason", "approval_document") else None
            form.add_error(field, error.message)
            return self._page(request, reservation, form)
        values = {"name": reservation.proposed_name}
        if decision == "refer":
            messages.success(
                request, _("已告知申报人须取得批准，“%(name)s”继续保留待审核。") % values
            )
        elif approve:
            messages.success(
                request,
                _("已核准保留“%(name)s”，保留期至 %(until)s，已通知申报人。")
                % {**values, "until": reservation.reserved_until},
            )
        else:
            messages.success(request, _("已决定不予保留“%(name)s”，已通知申报人。") % values)
        return redirect("backoffice-names:detail", pk=reservation.pk)

    def _page(
        self, request: HttpRequest, reservation: NameReservation, form: ReviewForm
    ) -> HttpResponse:
        pending = reservation.status == ReservationStatus.PENDING_REVIEW
        beyond = (
            approval_beyond_reviewer(reviewer=request.user, reservation=reservation)
            if pending
            else None
        )
        return render(
            request,
            "namecheck/backoffice/detail.html",
            {
                "reservation": reservation,
                "number": reservation_number(reservation),
                "verdict_display": verdict_label(reservation.verdict),
                "findings": present_findings(reservation.proposed_name, reservation.findings),
                "waiting": _waiting(reservation),
                "days_left": reservation_days_left(reservation),
                "form": form,
                "can_decide": pending,
                # Approval above this authority: no plain 核准, only with the approval's document.
                "approver": approver_name(beyond) if beyond is not None else "",
                "has_notice": reservation.status == ReservationStatus.RESERVED,
            },
        )
