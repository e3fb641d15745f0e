"""The review queue of declared names with restricted content (限用需审批), for registrars within
their unit's subtree: filters, waiting days, findings, approve or refuse with a reason."""

from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View

from hongdun.accounts.types import signed_in
from hongdun.core.backoffice.tables import QueueTable, link_cell, status_badge
from hongdun.core.backoffice.views import ListPageView
from hongdun.core.exceptions import ApplicationError
from hongdun.core.scope import ScopeRequiredMixin
from hongdun.core.templatetags.hongdun import localized_name
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
from hongdun.namecheck.permissions import RESERVATION
from hongdun.namecheck.selectors import reservation_days_left, reservation_get_for_staff
from hongdun.namecheck.services import (
    approval_beyond_reviewer,
    approver_name,
    reservation_refer_for_approval,
    reservation_review,
)
from hongdun.namecheck.views.common import present_findings, verdict_label


def _waiting(reservation: NameReservation) -> dict[str, Any] | None:
    if reservation.status != ReservationStatus.PENDING_REVIEW:
        return None
    days = reservation_waiting_days(reservation)
    return {"days": days, "level": reservation_wait_level(days)}


class ReviewQueueTable(QueueTable):
    headers = (
        ("proposed_name", gettext_lazy("申报名称")),
        ("registry", gettext_lazy("登记机关")),
        ("applicant", gettext_lazy("申报人")),
        ("verdict", gettext_lazy("比对结论")),
        ("status", gettext_lazy("状态")),
        ("created_at", gettext_lazy("申报时间")),
        ("waiting", gettext_lazy("等待天数")),
    )

    class Meta(QueueTable.Meta):
        empty_text = gettext_lazy("没有符合条件的名称申报。")

    def render_proposed_name(self, record: NameReservation) -> str:
        url = reverse("backoffice-names:detail", args=[record.pk])
        return link_cell(url, record.proposed_name, reservation_number(record))

    def render_registry(self, record: NameReservation) -> str:
        return localized_name(record.registry)

    def render_applicant(self, record: NameReservation) -> str:
        return str(record.applicant)

    def render_verdict(self, record: NameReservation) -> str:
        return format_html(
            '<span class="verdict-badge verdict-{}">{}</span>',
            record.verdict,
            verdict_label(record.verdict),
        )

    def render_status(self, record: NameReservation) -> str:
        return status_badge(record.status, record.get_status_display())

    def render_created_at(self, record: NameReservation) -> str:
        return f"{timezone.localtime(record.created_at):%Y-%m-%d %H:%M}"

    def render_waiting(self, record: NameReservation) -> str:
        waiting = _waiting(record)
        if waiting is None:
            return "—"
        days = waiting["days"]
        return format_html(
            '<span class="wait wait-{}" data-testid="waiting">{}</span>',
            waiting["level"],
            ngettext("%(counter)s 天", "%(counter)s 天", days) % {"counter": days},
        )


class ReviewQueueView(ScopeRequiredMixin, ListPageView):
    """The queue through its own selector (the reviewer's registries, the name search)."""

    scope_kind = RESERVATION
    template_name = "namecheck/backoffice/queue.html"

    def get_filters(self) -> StaffReviewFilterForm:
        return StaffReviewFilterForm(
            self.request.GET or None,
            authorities=review_registry_choices(user=self.request.user),
            user_unit=getattr(self.request.user, "unit", None),
        )

    def get_rows(self, filters: StaffReviewFilterForm) -> QuerySet[NameReservation]:
        return review_queue_filtered(user=self.request.user, filters=filters.filters())

    def get_table(self, rows: list[Any]) -> ReviewQueueTable:
        return ReviewQueueTable(rows)

    def get_context_data(self, **context: Any) -> dict[str, Any]:
        warn, late = review_wait_thresholds()
        return {**context, "warn_days": warn, "late_days": late}


class ReviewDetailView(ScopeRequiredMixin, View):
    """GET shows the declaration and its findings; POST records the decision through the service,
    which notifies the applicant either way."""

    scope_kind = RESERVATION

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
                    reviewer=signed_in(request.user),
                    reservation=reservation,
                    reason=form.cleaned_data["reason"],
                )
            else:
                reservation = reservation_review(
                    reviewer=signed_in(request.user),
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
                # Irreversible decisions ask first, naming what will happen (js/confirm.js).
                "confirm_approve": _(
                    "将核准保留名称“%(name)s”，保留期自今日起算，并通知申报人。此操作不可撤销。"
                )
                % {"name": reservation.proposed_name},
                "confirm_refuse": _(
                    "将决定不予保留名称“%(name)s”，并将理由通知申报人。此操作不可撤销。"
                )
                % {"name": reservation.proposed_name},
                "confirm_refer": _("将告知申报人：名称“%(name)s”须经%(approver)s批准，并发送通知。")
                % {
                    "name": reservation.proposed_name,
                    "approver": approver_name(beyond) if beyond is not None else "",
                },
                "has_notice": reservation.status == ReservationStatus.RESERVED,
            },
        )
