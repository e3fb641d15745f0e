"""Staff pages of the abnormal-operation list (/staff/supervision/abnormal/, namespace
"supervision-abnormal"): the queue of candidates and entries with filters and deadline colours,
bulk confirmation, an entry's page (facts, timeline, decisions), the queues of removal
applications and objections with their decisions, Excel exports and the decision notices.

Scope kind "supervision.listing": supervisors read and decide in their unit's subtree, registrars
and leaders read, administrators read all; anonymous users go to the login page, other roles get
403, entries out of reach answer 404 (ADR 0013)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from hongdun.accounts.types import signed_in
from hongdun.core.backoffice.export import xlsx_response
from hongdun.core.backoffice.pager import paginate, query_string_without_page
from hongdun.core.backoffice.records import Register
from hongdun.core.exceptions import ApplicationError
from hongdun.core.scope import Action, ScopeRequiredMixin, instance_in_reach, permits
from hongdun.supervision.abnormal_documents import NoticeKind
from hongdun.supervision.choices import ListingStatus, RequestStatus
from hongdun.supervision.forms_abnormal import (
    BulkConfirmForm,
    ConfirmForm,
    DismissForm,
    LateReasonForm,
    ListingFilterForm,
    ObjectionDecideForm,
    ObjectionFilterForm,
    ObjectionForm,
    RemovalApplyForm,
    RemovalDecideForm,
    RequestFilterForm,
)
from hongdun.supervision.models import AbnormalListing, ListingObjection, RemovalRequest
from hongdun.supervision.permissions import LISTING
from hongdun.supervision.selectors_abnormal import (
    authorities_for_staff,
    due_class,
    listing_get_for_staff,
    listing_timeline,
    listings_for_staff,
    objection_get_for_staff,
    objections_for_staff,
    removal_request_get_for_staff,
    removal_requests_for_staff,
)
from hongdun.supervision.services_abnormal import (
    abnormal_confirm,
    abnormal_confirm_bulk,
    abnormal_dismiss,
    abnormal_record_late_reason,
    objection_decide,
    objection_file,
    removal_apply,
    removal_decide,
)
from hongdun.supervision.views.abnormal_notices import notice_response

EXPORT_LIMIT = Register.export_limit


class _Read(ScopeRequiredMixin, View):
    scope_kind = LISTING


class _Edit(ScopeRequiredMixin, View):
    scope_kind = LISTING
    scope_action = Action.EDIT


def _filter_form(request: HttpRequest, form_class: type[Any]) -> Any:
    form = form_class(
        request.GET or None,
        authorities=authorities_for_staff(user=request.user),
        user_unit=getattr(request.user, "unit", None),
    )
    form.is_valid()
    return form


def _listing_rows(request: HttpRequest, form: ListingFilterForm) -> Any:
    return listings_for_staff(
        user=request.user,
        status=form.value("status") or "",
        reason=form.value("reason"),
        authority=form.authority_unit(),
        report_year=form.value("report_year"),
        due=form.value("due") or "",
        q=form.value("q") or "",
    )


class QueueView(_Read):
    """Candidates and entries; candidates selected by checkbox are confirmed together."""

    def get(self, request: HttpRequest) -> HttpResponse:
        form = _filter_form(request, ListingFilterForm)
        page = paginate(_listing_rows(request, form), request, 50)
        today = timezone.localdate()
        may_edit = permits(request.user, LISTING, Action.EDIT)
        rows = [
            {
                "listing": row,
                "due": due_class(
                    row.decision_due_on, today, open_=row.status == ListingStatus.PROPOSED
                ),
                "selectable": may_edit
                and row.status == ListingStatus.PROPOSED
                and instance_in_reach(request.user, row, Action.EDIT),
            }
            for row in page.object_list
        ]
        return render(
            request,
            "supervision/abnormal/queue.html",
            {
                "form": form,
                "page": page,
                "rows": rows,
                "query_string": query_string_without_page(request),
                "bulk_form": BulkConfirmForm(),
                "may_edit": may_edit,
                "today": today,
            },
        )


def _yes_no(value: bool) -> str:
    return _("是") if value else _("否")


class QueueExportView(_Read):
    def get(self, request: HttpRequest) -> HttpResponse:
        form = _filter_form(request, ListingFilterForm)
        rows = _listing_rows(request, form)[:EXPORT_LIMIT]
        today = timezone.localdate()
        return xlsx_response(
            filename=f"经营异常名录-{today.isoformat()}.xlsx",
            sheet_title=_("经营异常名录"),
            headers=[
                _("企业名称"),
                _("统一社会信用代码"),
                _("列入事由"),
                _("未报送年度"),
                _("状态"),
                _("决定机关"),
                _("起算日"),
                _("决定期限"),
                _("逾期"),
                _("列入日期"),
                _("列入决定书文号"),
                _("移出日期"),
                _("移出原因"),
                _("移出决定书文号"),
            ],
            rows=(
                (
                    row.enterprise.name,
                    row.enterprise.uscc,
                    row.get_reason_display(),
                    row.report_year,
                    row.get_status_display(),
                    row.authority.name,
                    row.basis_on,
                    row.decision_due_on,
                    _yes_no(row.status == ListingStatus.PROPOSED and today > row.decision_due_on),
                    row.listed_on,
                    row.document_number,
                    row.removed_on,
                    row.get_removal_ground_display() if row.removal_ground else "",
                    row.removal_document_number,
                )
                for row in rows
            ),
        )


class BulkConfirmView(_Edit):
    def post(self, request: HttpRequest) -> HttpResponse:
        ids = [value for value in request.POST.getlist("ids") if value.isdigit()]
        in_reach = list(
            listings_for_staff(user=request.user)
            .filter(pk__in=[int(value) for value in ids])
            .values_list("pk", flat=True)
        )
        form = BulkConfirmForm(request.POST, choices=in_reach)
        back = request.POST.get("next") or reverse("supervision-abnormal:queue")
        if not back.startswith("/staff/"):
            back = reverse("supervision-abnormal:queue")
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, str(error))
            return redirect(back)
        try:
            rows = abnormal_confirm_bulk(
                actor=signed_in(request.user),
                listings=form.cleaned_data["ids"],
                decided_on=form.cleaned_data.get("decided_on"),
                number_prefix=form.cleaned_data.get("number_prefix") or "",
                late_reason=form.cleaned_data.get("late_reason") or "",
            )
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect(back)
        messages.success(
            request,
            _("已列入 %(n)s 户，文号 %(first)s 至 %(last)s。")
            % {"n": len(rows), "first": rows[0].document_number, "last": rows[-1].document_number},
        )
        return redirect(back)


def _detail_context(request: HttpRequest, listing: AbnormalListing, **forms: Any) -> dict[str, Any]:
    today = timezone.localdate()
    may_edit = instance_in_reach(request.user, listing, Action.EDIT)
    requests = list(listing.removal_requests.select_related("applied_by", "decided_by"))
    objections = list(listing.objections.select_related("filed_by", "decided_by"))
    proposed = listing.status == ListingStatus.PROPOSED
    listed = listing.status == ListingStatus.LISTED
    context: dict[str, Any] = {
        "listing": listing,
        "enterprise": listing.enterprise,
        "today": today,
        "due": due_class(listing.decision_due_on, today, open_=proposed),
        "overdue": proposed and today > listing.decision_due_on,
        "may_edit": may_edit,
        "timeline": listing_timeline(listing),
        "removal_requests": [
            {
                "row": row,
                "due": due_class(row.due_on, today, open_=row.status == RequestStatus.PENDING),
                "form": forms.get(f"removal_decide_{row.pk}") or RemovalDecideForm(),
            }
            for row in requests
        ],
        "objections": [
            {"row": row, "form": forms.get(f"objection_decide_{row.pk}") or ObjectionDecideForm()}
            for row in objections
        ],
        "has_listing_notice": listing.listed_on is not None and bool(listing.document_number),
        "has_removal_notice": listing.status == ListingStatus.REMOVED,
        "notice_kinds": NoticeKind,
    }
    if may_edit and proposed:
        context["confirm_form"] = forms.get("confirm") or ConfirmForm()
        context["dismiss_form"] = forms.get("dismiss") or DismissForm()
    if may_edit and (context["overdue"] or (not proposed and listing.late_reason)):
        context["late_form"] = forms.get("late") or LateReasonForm(
            initial={"late_reason": listing.late_reason}
        )
    if may_edit and listed:
        context["apply_form"] = forms.get("apply") or RemovalApplyForm(
            reason=listing.reason, as_clerk=True
        )
        context["objection_form"] = forms.get("objection") or ObjectionForm()
    return context


def _detail(
    request: HttpRequest, listing: AbnormalListing, *, status: int = 200, **forms: Any
) -> HttpResponse:
    return render(
        request,
        "supervision/abnormal/detail.html",
        _detail_context(request, listing, **forms),
        status=status,
    )


class DetailView(_Read):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return _detail(request, listing_get_for_staff(user=request.user, pk=pk))


def _refused(form: Any, error: ApplicationError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


class _ListingAction(_Edit):
    """A POST on one entry: the form, the service, back to the entry (400 with the form's
    errors when refused)."""

    form_name = ""

    def make_form(self, request: HttpRequest, listing: AbnormalListing) -> Any:
        raise NotImplementedError

    def act(self, request: HttpRequest, listing: AbnormalListing, data: dict[str, Any]) -> str:
        raise NotImplementedError

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        listing = listing_get_for_staff(user=request.user, pk=pk, action=Action.EDIT)
        form = self.make_form(request, listing)
        if form.is_valid():
            try:
                message = self.act(request, listing, form.cleaned_data)
            except ApplicationError as error:
                _refused(form, error)
            else:
                messages.success(request, message)
                return redirect("supervision-abnormal:detail", pk=listing.pk)
        listing.refresh_from_db()
        return _detail(request, listing, status=400, **{self.form_name: form})


class ConfirmView(_ListingAction):
    form_name = "confirm"

    def make_form(self, request: HttpRequest, listing: AbnormalListing) -> Any:
        return ConfirmForm(request.POST)

    def act(self, request: HttpRequest, listing: AbnormalListing, data: dict[str, Any]) -> str:
        row = abnormal_confirm(
            actor=signed_in(request.user),
            listing=listing,
            decided_on=data.get("decided_on"),
            document_number=data.get("document_number") or "",
            number_prefix=data.get("number_prefix") or "",
            late_reason=data.get("late_reason") or "",
        )
        return _("已列入经营异常名录，文号 %(number)s。") % {"number": row.document_number}


class DismissView(_ListingAction):
    form_name = "dismiss"

    def make_form(self, request: HttpRequest, listing: AbnormalListing) -> Any:
        return DismissForm(request.POST)

    def act(self, request: HttpRequest, listing: AbnormalListing, data: dict[str, Any]) -> str:
        abnormal_dismiss(
            actor=signed_in(request.user),
            listing=listing,
            reason=data["reason"],
            decided_on=data.get("decided_on"),
            late_reason=data.get("late_reason") or "",
        )
        return _("已决定不予列入。")


class LateReasonView(_ListingAction):
    form_name = "late"

    def make_form(self, request: HttpRequest, listing: AbnormalListing) -> Any:
        return LateReasonForm(request.POST)

    def act(self, request: HttpRequest, listing: AbnormalListing, data: dict[str, Any]) -> str:
        abnormal_record_late_reason(
            actor=signed_in(request.user), listing=listing, late_reason=data["late_reason"]
        )
        return _("已记录逾期决定理由。")


class ApplyRemovalView(_ListingAction):
    """A clerk records a removal application on the enterprise's behalf (or a verification
    that it can be reached again)."""

    form_name = "apply"

    def make_form(self, request: HttpRequest, listing: AbnormalListing) -> Any:
        return RemovalApplyForm(request.POST, reason=listing.reason, as_clerk=True)

    def act(self, request: HttpRequest, listing: AbnormalListing, data: dict[str, Any]) -> str:
        row = removal_apply(
            actor=signed_in(request.user),
            listing=listing,
            ground=data["ground"],
            statement=data.get("statement") or "",
        )
        return _("已登记移出申请，决定期限 %(due)s。") % {"due": row.due_on.isoformat()}


class FileObjectionView(_ListingAction):
    form_name = "objection"

    def make_form(self, request: HttpRequest, listing: AbnormalListing) -> Any:
        return ObjectionForm(request.POST)

    def act(self, request: HttpRequest, listing: AbnormalListing, data: dict[str, Any]) -> str:
        objection_file(actor=signed_in(request.user), listing=listing, grounds=data["grounds"])
        return _("已登记异议。")


class NoticeView(_Read):
    def get(self, request: HttpRequest, pk: int, kind: str) -> HttpResponse:
        return notice_response(listing_get_for_staff(user=request.user, pk=pk), kind)


# --- removal applications and objections -----------------------------------------------------


class RemovalQueueView(_Read):
    def get(self, request: HttpRequest) -> HttpResponse:
        form = _filter_form(request, RequestFilterForm)
        rows = removal_requests_for_staff(
            user=request.user,
            status=form.value("status") or "",
            authority=form.authority_unit(),
            due=form.value("due") or "",
            q=form.value("q") or "",
        )
        page = paginate(rows, request, 50)
        today = timezone.localdate()
        return render(
            request,
            "supervision/abnormal/removals.html",
            {
                "form": form,
                "page": page,
                "rows": [
                    {
                        "row": row,
                        "due": due_class(
                            row.due_on, today, open_=row.status == RequestStatus.PENDING
                        ),
                    }
                    for row in page.object_list
                ],
                "query_string": query_string_without_page(request),
            },
        )


class ObjectionQueueView(_Read):
    def get(self, request: HttpRequest) -> HttpResponse:
        form = _filter_form(request, ObjectionFilterForm)
        rows = objections_for_staff(
            user=request.user,
            status=form.value("status") or "",
            authority=form.authority_unit(),
            q=form.value("q") or "",
        )
        page = paginate(rows, request, 50)
        return render(
            request,
            "supervision/abnormal/objections.html",
            {
                "form": form,
                "page": page,
                "rows": list(page.object_list),
                "query_string": query_string_without_page(request),
            },
        )


class _ApplicationDecision(_Edit):
    """A clerk's decision on an enterprise's removal application or objection: the form, the
    service, back to the entry (400 with the form's errors under the application's row when
    refused)."""

    form_class: type[Any]
    form_name = ""  # the detail page's context key, followed by the application's id

    def application(self, request: HttpRequest, pk: int) -> RemovalRequest | ListingObjection:
        raise NotImplementedError

    def act(self, request: HttpRequest, row: Any, data: dict[str, Any]) -> str:
        raise NotImplementedError

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        row = self.application(request, pk)
        form = self.form_class(request.POST)
        if form.is_valid():
            try:
                message = self.act(request, row, form.cleaned_data)
            except ApplicationError as error:
                _refused(form, error)
            else:
                messages.success(request, message)
                return redirect("supervision-abnormal:detail", pk=row.listing_id)
        listing = listing_get_for_staff(user=request.user, pk=row.listing_id)
        return _detail(request, listing, status=400, **{f"{self.form_name}_{row.pk}": form})


class RemovalDecideView(_ApplicationDecision):
    form_class = RemovalDecideForm
    form_name = "removal_decide"

    def application(self, request: HttpRequest, pk: int) -> RemovalRequest:
        return removal_request_get_for_staff(user=request.user, pk=pk, action=Action.EDIT)

    def act(self, request: HttpRequest, row: RemovalRequest, data: dict[str, Any]) -> str:
        removal_decide(
            actor=signed_in(request.user),
            request=row,
            grant=data["decision"] == "grant",
            reason=data.get("reason") or "",
            decided_on=data.get("decided_on"),
            document_number=data.get("document_number") or "",
            number_prefix=data.get("number_prefix") or "",
            late_reason=data.get("late_reason") or "",
        )
        return _("已准予移出。") if data["decision"] == "grant" else _("已决定不予移出。")


class ObjectionDecideView(_ApplicationDecision):
    form_class = ObjectionDecideForm
    form_name = "objection_decide"

    def application(self, request: HttpRequest, pk: int) -> ListingObjection:
        return objection_get_for_staff(user=request.user, pk=pk, action=Action.EDIT)

    def act(self, request: HttpRequest, row: ListingObjection, data: dict[str, Any]) -> str:
        objection_decide(
            actor=signed_in(request.user),
            objection=row,
            upheld=data["decision"] == "upheld",
            reason=data["reason"],
            decided_on=data.get("decided_on"),
            document_number=data.get("document_number") or "",
            number_prefix=data.get("number_prefix") or "",
        )
        if data["decision"] == "upheld":
            return _("异议成立，已移出经营异常名录。")
        return _("已决定异议不成立。")
