"""The enterprise's own pages of the abnormal-operation list (/enterprise/abnormal-list/,
namespace "portal-abnormal"): its entries, the removal application, the objection, the notices.
Entries are looked up through the user's live authorisations only, so another enterprise's entry
is "not found"."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from hongdun.accounts.permissions import RoleRequiredMixin
from hongdun.accounts.roles import Role
from hongdun.accounts.types import signed_in
from hongdun.core.exceptions import ApplicationError
from hongdun.supervision.abnormal_documents import NoticeKind
from hongdun.supervision.choices import ListingStatus, RequestStatus
from hongdun.supervision.engine.deadlines import objection_last_day
from hongdun.supervision.forms_abnormal import ObjectionForm, RemovalApplyForm
from hongdun.supervision.models import AbnormalListing
from hongdun.supervision.rules import add_working_days, supervision_rules
from hongdun.supervision.selectors_abnormal import (
    listing_get_for_enterprise_user,
    listings_for_enterprise_user,
)
from hongdun.supervision.services_abnormal import objection_file, removal_apply
from hongdun.supervision.views.abnormal_notices import notice_response


class EnterpriseUserMixin(RoleRequiredMixin):
    allowed_roles = frozenset({Role.APPLICANT})


def _objection_last(listing: AbnormalListing) -> Any:
    if listing.listed_on is None:
        return None
    return objection_last_day(supervision_rules(), listing.listed_on, add_working_days)


class ListView(EnterpriseUserMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        rows = list(listings_for_enterprise_user(user=request.user)[:500])
        return render(request, "supervision/abnormal/portal/list.html", {"rows": rows})


def _detail(request: HttpRequest, listing: AbnormalListing) -> dict[str, Any]:
    today = timezone.localdate()
    last = _objection_last(listing)
    listed = listing.status == ListingStatus.LISTED
    requests = list(listing.removal_requests.all())
    objections = list(listing.objections.all())
    return {
        "listing": listing,
        "objection_last_day": last,
        "may_apply": listed and not any(row.status == RequestStatus.PENDING for row in requests),
        "may_object": listed
        and last is not None
        and today <= last
        and not any(row.status == RequestStatus.PENDING for row in objections),
        "removal_requests": requests,
        "objections": objections,
        "notice_kinds": NoticeKind,
        "has_removal_notice": listing.status == ListingStatus.REMOVED,
    }


class DetailView(EnterpriseUserMixin, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        listing = listing_get_for_enterprise_user(user=request.user, pk=pk)
        return render(request, "supervision/abnormal/portal/detail.html", _detail(request, listing))


class ApplyView(EnterpriseUserMixin, View):
    def _render(
        self, request: HttpRequest, listing: AbnormalListing, form: Any, status: int = 200
    ) -> HttpResponse:
        return render(
            request,
            "supervision/abnormal/portal/apply.html",
            {"listing": listing, "form": form},
            status=status,
        )

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        listing = listing_get_for_enterprise_user(user=request.user, pk=pk)
        return self._render(
            request, listing, RemovalApplyForm(reason=listing.reason, as_clerk=False)
        )

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        listing = listing_get_for_enterprise_user(user=request.user, pk=pk)
        form = RemovalApplyForm(request.POST, reason=listing.reason, as_clerk=False)
        if form.is_valid():
            try:
                row = removal_apply(
                    actor=signed_in(request.user),
                    listing=listing,
                    ground=form.cleaned_data["ground"],
                    statement=form.cleaned_data.get("statement") or "",
                )
            except ApplicationError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(
                    request,
                    _("移出申请已提交，登记机关将于 %(due)s 前作出决定。")
                    % {"due": row.due_on.isoformat()},
                )
                return redirect("portal-abnormal:detail", pk=listing.pk)
        return self._render(request, listing, form, status=400)


class ObjectionView(EnterpriseUserMixin, View):
    def _render(
        self, request: HttpRequest, listing: AbnormalListing, form: Any, status: int = 200
    ) -> HttpResponse:
        return render(
            request,
            "supervision/abnormal/portal/objection.html",
            {"listing": listing, "form": form, "objection_last_day": _objection_last(listing)},
            status=status,
        )

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        listing = listing_get_for_enterprise_user(user=request.user, pk=pk)
        return self._render(request, listing, ObjectionForm())

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        listing = listing_get_for_enterprise_user(user=request.user, pk=pk)
        form = ObjectionForm(request.POST)
        if form.is_valid():
            try:
                objection_file(
                    actor=signed_in(request.user),
                    listing=listing,
                    grounds=form.cleaned_data["grounds"],
                )
            except ApplicationError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, _("异议已提交，登记机关将核实后作出决定。"))
                return redirect("portal-abnormal:detail", pk=listing.pk)
        return self._render(request, listing, form, status=400)


class NoticeView(EnterpriseUserMixin, View):
    def get(self, request: HttpRequest, pk: int, kind: str) -> HttpResponse:
        return notice_response(listing_get_for_enterprise_user(user=request.user, pk=pk), kind)
