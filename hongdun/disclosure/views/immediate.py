"""Portal pages of immediate disclosures (即时信息) for the enterprise's authorised users: the
list of their enterprises' disclosures, the publish form of each kind (generated from
`hongdun.disclosure.immediate.KINDS`), a disclosure's page and its correction.

Enterprises and disclosures are looked up through selectors that know only the user's live
authorisations, so another enterprise's id in the URL is "not found"."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from hongdun.accounts.permissions import RoleRequiredMixin
from hongdun.accounts.roles import Role
from hongdun.accounts.types import signed_in
from hongdun.core.exceptions import ApplicationError
from hongdun.disclosure.immediate import (
    DUE_WORKING_DAYS,
    KINDS,
    OCCURRED_ON,
    KindDeclaration,
    declaration,
    shown_details,
    summary,
)
from hongdun.disclosure.immediate_forms import ImmediateDisclosureForm
from hongdun.disclosure.immediate_selectors import (
    enterprise_for_discloser,
    immediate_get_for_user,
    immediate_list_for_user,
)
from hongdun.disclosure.immediate_services import (
    immediate_disclosure_correct,
    immediate_disclosure_publish,
)
from hongdun.disclosure.models import ImmediateDisclosure
from hongdun.enterprises.models import Enterprise
from hongdun.registration.selectors import enterprises_for_applicant


class DiscloserMixin(RoleRequiredMixin):
    allowed_roles = frozenset({Role.APPLICANT})


def _kind(kind: str) -> KindDeclaration:
    declared = declaration(kind)
    if declared is None:
        raise Http404(_("没有这种即时信息类别。"))
    return declared


class ImmediateListView(DiscloserMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        rows = list(immediate_list_for_user(user=request.user)[:500])
        for row in rows:
            row.title = summary(row.kind, row.details)  # type: ignore[attr-defined]
        return render(
            request,
            "disclosure/immediate/list.html",
            {
                "enterprises": list(enterprises_for_applicant(user=request.user)),
                "disclosures": rows,
                "due_days": DUE_WORKING_DAYS,
            },
        )


class ImmediateChooseKindView(DiscloserMixin, View):
    def get(self, request: HttpRequest, enterprise_pk: int) -> HttpResponse:
        enterprise = enterprise_for_discloser(user=request.user, pk=enterprise_pk)
        return render(
            request,
            "disclosure/immediate/choose.html",
            {"enterprise": enterprise, "kinds": list(KINDS.values())},
        )


class _FormPage(DiscloserMixin, View):
    def _render(
        self,
        request: HttpRequest,
        *,
        enterprise: Enterprise,
        form: ImmediateDisclosureForm,
        original: ImmediateDisclosure | None = None,
        status: int = 200,
    ) -> HttpResponse:
        return render(
            request,
            "disclosure/immediate/form.html",
            {
                "enterprise": enterprise,
                "form": form,
                "kind": form.kind,
                "original": original,
                "original_fields": shown_details(original.kind, original.details)
                if original is not None
                else [],
                "due_days": DUE_WORKING_DAYS,
            },
            status=status,
        )


class ImmediatePublishView(_FormPage):
    def get(self, request: HttpRequest, enterprise_pk: int, kind: str) -> HttpResponse:
        enterprise = enterprise_for_discloser(user=request.user, pk=enterprise_pk)
        form = ImmediateDisclosureForm(kind=_kind(kind))
        return self._render(request, enterprise=enterprise, form=form)

    def post(self, request: HttpRequest, enterprise_pk: int, kind: str) -> HttpResponse:
        enterprise = enterprise_for_discloser(user=request.user, pk=enterprise_pk)
        form = ImmediateDisclosureForm(request.POST, kind=_kind(kind))
        if form.is_valid():
            try:
                row = immediate_disclosure_publish(
                    user=signed_in(request.user),
                    enterprise=enterprise,
                    kind=kind,
                    details=form.details(),
                    occurred_on=form.occurred_on(),
                )
            except ApplicationError as error:
                form.add_problems(error.extra.get("problems", []), error.message)
            else:
                messages.success(request, _published_message(row))
                return redirect("disclosure-immediate:detail", pk=row.pk)
        return self._render(request, enterprise=enterprise, form=form, status=400)


def _published_message(row: ImmediateDisclosure) -> str:
    if row.late:
        return _("已公示。该信息应于 %(due)s 前公示，本次公示已逾期，公示页面将标注“逾期”。") % {
            "due": row.due_on.isoformat()
        }
    return _("已公示，公示期限为 %(due)s，按时公示。") % {"due": row.due_on.isoformat()}


class ImmediateDetailView(DiscloserMixin, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        row = immediate_get_for_user(user=request.user, pk=pk)
        corrections = list(row.corrected_by.order_by("published_at", "id"))
        return render(
            request,
            "disclosure/immediate/detail.html",
            {
                "row": row,
                "fields": shown_details(row.kind, row.details),
                "corrections": corrections,
                "can_correct": not corrections,
            },
        )


class ImmediateCorrectView(_FormPage):
    def _initial(self, row: ImmediateDisclosure) -> dict[str, Any]:
        initial: dict[str, Any] = dict(row.details)
        initial[OCCURRED_ON] = row.occurred_on.isoformat()
        return initial

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        row = immediate_get_for_user(user=request.user, pk=pk)
        if row.corrected_by.exists():
            messages.error(request, _("这条即时信息已经更正过，请在最新的更正上再次更正。"))
            return redirect("disclosure-immediate:detail", pk=row.pk)
        form = ImmediateDisclosureForm(initial=self._initial(row), kind=_kind(row.kind))
        return self._render(request, enterprise=row.enterprise, form=form, original=row)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        row = immediate_get_for_user(user=request.user, pk=pk)
        form = ImmediateDisclosureForm(request.POST, kind=_kind(row.kind))
        if form.is_valid():
            try:
                correction = immediate_disclosure_correct(
                    user=signed_in(request.user),
                    original=row,
                    details=form.details(),
                    occurred_on=form.occurred_on(),
                )
            except ApplicationError as error:
                form.add_problems(error.extra.get("problems", []), error.message)
            else:
                messages.success(request, _("更正已公示；原信息仍然公示，并标明已更正。"))
                return redirect("disclosure-immediate:detail", pk=correction.pk)
        return self._render(request, enterprise=row.enterprise, form=form, original=row, status=400)
