"""Staff pages of the serious-violation list (严重违法失信名单) at /staff/supervision/serious/:
the queue with its filters and Excel export, an entry's page with its timeline and the decisions
(confirm, dismiss, remove), and the proposal form for grounds other than the escalation.

Scope (kind "supervision.listing", ADR 0013): registrars and leaders read their subtree,
supervisors read and decide in theirs, administrators read all. Anonymous users go to the login
page, other roles get 403, entries out of reach answer 404."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar

from django import forms
from django.contrib import messages
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from hongdun.accounts.types import signed_in
from hongdun.core.backoffice.export import xlsx_response
from hongdun.core.backoffice.records import Register
from hongdun.core.backoffice.tables import QueueTable, link_cell, status_badge
from hongdun.core.backoffice.views import ListPageView
from hongdun.core.exceptions import ApplicationError
from hongdun.core.scope import (
    Action,
    ScopeRequiredMixin,
    permits,
    restrict,
    unit_in_reach,
    units_in_reach,
)
from hongdun.core.templatetags.hongdun import localized_name
from hongdun.enterprises.models import Enterprise
from hongdun.supervision.choices import ListingStatus
from hongdun.supervision.forms_serious import (
    ConfirmForm,
    DismissForm,
    ProposeForm,
    RemoveForm,
    SeriousFilterForm,
)
from hongdun.supervision.models import SeriousListing
from hongdun.supervision.permissions import LISTING
from hongdun.supervision.selectors_serious import (
    due_state,
    serious_for_staff,
    serious_queue,
)
from hongdun.supervision.services_serious import (
    removal_check,
    serious_confirm,
    serious_dismiss,
    serious_propose,
    serious_remove,
)
from hongdun.supervision.views.exports import export_rows

EXPORT_LIMIT = Register.export_limit


def _filter_form(request: HttpRequest) -> SeriousFilterForm:
    return SeriousFilterForm(
        request.GET or None,
        authorities=units_in_reach(request.user, LISTING),
        user_unit=getattr(request.user, "unit", None),
    )


def _cleaned(form: SeriousFilterForm) -> dict[str, Any]:
    return dict(form.cleaned_data) if form.is_bound and form.is_valid() else {}


def _due_badge(row: SeriousListing, today: date) -> str:
    return render_to_string(
        "supervision/serious/includes/due.html", {"row": row, "d": due_state(row, today)}
    )


class SeriousTable(QueueTable):
    headers: ClassVar[tuple[tuple[str, Any], ...]] = (
        ("enterprise", gettext_lazy("市场主体")),
        ("ground", gettext_lazy("列入事由")),
        ("status", gettext_lazy("状态")),
        ("authority", gettext_lazy("作出决定机关")),
        ("decision_due_on", gettext_lazy("决定期限")),
        ("listed_on", gettext_lazy("列入日期")),
        ("removal_eligible_on", gettext_lazy("可移出日期")),
    )

    class Meta(QueueTable.Meta):
        empty_text = gettext_lazy("没有符合条件的条目。")
        row_attrs: dict[str, Any] = {
            "data-testid": "queue-row",
            "data-level": lambda record: due_state(record, timezone.localdate()).level,
        }

    def __init__(self, data: list[SeriousListing], *, today: date) -> None:
        super().__init__(data)
        self.today = today

    def render_enterprise(self, record: SeriousListing) -> str:
        url = reverse("supervision-serious:detail", args=[record.pk])
        return link_cell(url, record.enterprise.name, record.enterprise.uscc)

    def render_ground(self, record: SeriousListing) -> str:
        return record.get_ground_display()

    def render_status(self, record: SeriousListing) -> str:
        return status_badge(record.status, record.get_status_display())

    def render_authority(self, record: SeriousListing) -> str:
        return localized_name(record.authority)

    def render_decision_due_on(self, record: SeriousListing) -> str:
        due = f"{record.decision_due_on:%Y-%m-%d}"
        if record.status != ListingStatus.PROPOSED:
            return due
        return format_html("{}<br>{}", due, _due_badge(record, self.today))

    def render_listed_on(self, record: SeriousListing) -> str:
        return f"{record.listed_on:%Y-%m-%d}" if record.listed_on else "—"

    def render_removal_eligible_on(self, record: SeriousListing) -> str:
        if record.removal_eligible_on is None:
            return "—"
        text = f"{record.removal_eligible_on:%Y-%m-%d}"
        if record.status == ListingStatus.LISTED and record.removal_eligible_on <= self.today:
            return format_html('{} <span class="status due-ok">{}</span>', text, _("已届满"))
        return text


class SeriousQueueView(ScopeRequiredMixin, ListPageView):
    """严重违法失信名单: every entry in reach, proposals nearest their deadline first."""

    scope_kind = LISTING
    template_name = "supervision/serious/queue.html"

    def get_filters(self) -> SeriousFilterForm:
        return _filter_form(self.request)

    def get_rows(self, filters: SeriousFilterForm) -> QuerySet[SeriousListing]:
        return serious_queue(
            user=self.request.user, filters=_cleaned(filters), today=timezone.localdate()
        )

    def get_table(self, rows: list[SeriousListing]) -> SeriousTable:
        return SeriousTable(rows, today=timezone.localdate())

    def get_context_data(self, **context: Any) -> dict[str, Any]:
        query = context["query_string"]
        return {
            **context,
            "can_edit": permits(self.request.user, LISTING, Action.EDIT),
            "export_url": reverse("supervision-serious:export") + (f"?{query}" if query else ""),
        }


class SeriousExportView(SeriousQueueView):
    """The same rows as an Excel workbook."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self.get_filters()
        back = f"{reverse('supervision-serious:queue')}?{request.GET.urlencode()}"
        rows = export_rows(
            request, form, lambda: self.get_rows(form), back=back, limit=EXPORT_LIMIT
        )
        if isinstance(rows, HttpResponse):
            return rows
        headers = [
            _("统一社会信用代码"),
            _("名称"),
            _("列入事由"),
            _("法律依据"),
            _("状态"),
            _("来源"),
            _("作出决定机关"),
            _("起算日"),
            _("决定期限"),
            _("列入日期"),
            _("列入决定书文号"),
            _("任职限制截止日"),
            _("可移出日期"),
            _("移出日期"),
            _("移出决定书文号"),
        ]
        return xlsx_response(
            filename=f"serious-list-{timezone.localdate():%Y%m%d}.xlsx",
            sheet_title=_("严重违法失信名单"),
            headers=headers,
            rows=(
                [
                    row.enterprise.uscc,
                    row.enterprise.name,
                    row.get_ground_display(),
                    row.legal_basis,
                    row.get_status_display(),
                    row.get_source_display(),
                    localized_name(row.authority),
                    row.basis_on,
                    row.decision_due_on,
                    row.listed_on,
                    row.document_number,
                    row.disqualification.barred_until if row.disqualification else None,
                    row.removal_eligible_on,
                    row.removed_on,
                    row.removal_document_number,
                ]
                for row in rows.iterator(chunk_size=2000)
            ),
        )


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    day: Any
    label: str
    who: str
    note: str = ""


def _who(user: Any, fallback: str = "—") -> str:
    return str(user) if user is not None else fallback


def timeline(row: SeriousListing) -> list[TimelineEntry]:
    """The entry's steps, oldest first, from its own decision fields."""
    steps = [
        TimelineEntry(
            timezone.localtime(row.proposed_at).date(),
            _("提出列入候选（%(source)s）") % {"source": row.get_source_display()},
            _who(row.proposed_by, _("定时任务") if row.proposed_by_run_id else "—"),
            row.facts,
        )
    ]
    if row.status == ListingStatus.DISMISSED:
        steps.append(TimelineEntry(None, _("不予列入"), _who(row.decided_by), row.dismissed_reason))
    if row.listed_on:
        steps.append(
            TimelineEntry(
                row.listed_on,
                _("列入（决定书文号 %(number)s）") % {"number": row.document_number},
                _who(row.decided_by),
                row.late_reason,
            )
        )
    if row.removed_on:
        steps.append(
            TimelineEntry(
                row.removed_on,
                _("移出（决定书文号 %(number)s）") % {"number": row.removal_document_number},
                _who(row.removed_by),
                row.removal_reason,
            )
        )
    return steps


ACTION_FORMS: dict[str, type[forms.Form]] = {
    "confirm": ConfirmForm,
    "dismiss": DismissForm,
    "remove": RemoveForm,
}


def _actions(row: SeriousListing, *, can_edit: bool) -> tuple[str, ...]:
    if not can_edit:
        return ()
    if row.status == ListingStatus.PROPOSED:
        return ("confirm", "dismiss")
    if row.status == ListingStatus.LISTED:
        return ("remove",)
    return ()


def _confirmations(row: SeriousListing) -> dict[str, str]:
    name = row.enterprise.name
    return {
        "confirm": _(
            "将“%(name)s”列入严重违法失信名单，并限制其法定代表人%(rep)s担任其他企业法定代表人"
            "3年，通知企业。此操作不可撤销。"
        )
        % {"name": name, "rep": row.enterprise.legal_rep_name},
        "dismiss": _("对“%(name)s”作出不予列入决定。此操作不可撤销。") % {"name": name},
        "remove": _("将“%(name)s”移出严重违法失信名单，并通知企业。此操作不可撤销。")
        % {"name": name},
    }


def _detail_context(
    request: HttpRequest, row: SeriousListing, bound: dict[str, forms.Form] | None = None
) -> dict[str, Any]:
    today = timezone.localdate()
    can_edit = restrict(
        SeriousListing.objects.filter(pk=row.pk), request.user, Action.EDIT
    ).exists()
    forms_ = {
        "confirm": ConfirmForm(initial={"decided_on": today}),
        "dismiss": DismissForm(),
        "remove": RemoveForm(initial={"removed_on": today}),
        **(bound or {}),
    }
    return {
        "row": row,
        "enterprise": row.enterprise,
        "timeline": timeline(row),
        "due": due_state(row, today),
        "actions": _actions(row, can_edit=can_edit),
        "confirm": _confirmations(row),
        "forms": forms_,
        "removal": removal_check(row, today) if row.status == ListingStatus.LISTED else None,
        "has_notice": row.status in (ListingStatus.LISTED, ListingStatus.REMOVED),
    }


def _row(request: HttpRequest, pk: int, action: Action = Action.VIEW) -> SeriousListing:
    row = serious_for_staff(request.user, action).filter(pk=pk).first()
    if row is None:
        raise Http404(_("没有找到该条目。"))
    return row


class SeriousDetailView(ScopeRequiredMixin, View):
    scope_kind = LISTING

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        row = _row(request, pk)
        return render(request, "supervision/serious/detail.html", _detail_context(request, row))


class SeriousActionView(ScopeRequiredMixin, View):
    """POST one decision on an entry; a refusal shows the page again with the message."""

    scope_kind = LISTING
    scope_action = Action.EDIT

    def post(self, request: HttpRequest, pk: int, action: str) -> HttpResponse:
        if action not in ACTION_FORMS:
            raise Http404
        row = _row(request, pk, Action.EDIT)
        form = ACTION_FORMS[action](request.POST)
        if form.is_valid():
            data = form.cleaned_data
            user = signed_in(request.user)
            try:
                if action == "confirm":
                    serious_confirm(
                        actor=user,
                        listing=row,
                        decided_on=data["decided_on"],
                        document_number=data["document_number"],
                        late_reason=data["late_reason"],
                    )
                    messages.success(request, _("已列入严重违法失信名单，并已通知企业。"))
                elif action == "dismiss":
                    serious_dismiss(actor=user, listing=row, reason=data["reason"])
                    messages.success(request, _("已作出不予列入决定。"))
                else:
                    serious_remove(
                        actor=user,
                        listing=row,
                        removed_on=data["removed_on"],
                        document_number=data["removal_document_number"],
                        reason=data["removal_reason"],
                    )
                    messages.success(request, _("已移出严重违法失信名单，并已通知企业。"))
                return redirect("supervision-serious:detail", pk=row.pk)
            except ApplicationError as error:
                field = error.field if error.field in form.fields else None
                form.add_error(field, error.message)
        row.refresh_from_db()
        context = _detail_context(request, row, {action: form})
        return render(request, "supervision/serious/detail.html", context, status=400)


class SeriousProposeView(ScopeRequiredMixin, View):
    """A clerk proposes an enterprise on a ground other than the three-year escalation."""

    scope_kind = LISTING
    scope_action = Action.EDIT

    def get(self, request: HttpRequest) -> HttpResponse:
        form = ProposeForm(initial={"uscc": request.GET.get("uscc", "")[:18]})
        return render(request, "supervision/serious/propose.html", {"form": form})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = ProposeForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            enterprise = (
                restrict(Enterprise.objects.all(), request.user).filter(uscc=data["uscc"]).first()
            )
            if enterprise is None:
                form.add_error("uscc", _("在您管辖范围内没有找到该统一社会信用代码的市场主体。"))
            elif not permits_unit(request, enterprise):
                form.add_error("uscc", _("该市场主体不在您管辖范围内，不能由您提出列入。"))
            else:
                try:
                    row = serious_propose(
                        actor=signed_in(request.user),
                        enterprise=enterprise,
                        ground=data["ground"],
                        legal_basis=data["legal_basis"],
                        facts=data["facts"],
                        basis_on=data["basis_on"],
                    )
                except ApplicationError as error:
                    field = error.field if error.field in form.fields else None
                    if error.field == "enterprise":
                        field = "uscc"
                    form.add_error(field, error.message)
                else:
                    messages.success(request, _("已提出列入候选，请在决定期限内作出决定。"))
                    return redirect("supervision-serious:detail", pk=row.pk)
        return render(request, "supervision/serious/propose.html", {"form": form}, status=400)


def permits_unit(request: HttpRequest, enterprise: Enterprise) -> bool:
    """The proposal is placed at the enterprise's authority, which must be in the user's reach
    for deciding."""
    return unit_in_reach(request.user, LISTING, enterprise.registration_authority_id, Action.EDIT)
