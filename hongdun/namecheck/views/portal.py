"""Portal pages of name declaration (企业名称自主申报): declare with live checks, my names, the
notice PDF, withdrawal, and the in-site notices."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views import View

from hongdun.accounts.permissions import RoleRequiredMixin
from hongdun.accounts.types import signed_in
from hongdun.core.exceptions import ApplicationError
from hongdun.namecheck.api import APPLICANTS
from hongdun.namecheck.choices import ReservationStatus
from hongdun.namecheck.forms import NAME_SLOTS, DeclarationForm, name_field
from hongdun.namecheck.models import NameReservation
from hongdun.namecheck.page_selectors import (
    industry_options,
    reservation_get_for_notice,
    reservation_number,
)
from hongdun.namecheck.pdf import reservation_notice_filename, reservation_notice_pdf
from hongdun.namecheck.selectors import (
    reservation_days_left,
    reservation_get_for_applicant,
    reservation_list_for_applicant,
)
from hongdun.namecheck.services import (
    declaration_check,
    reservation_create,
    reservation_withdraw,
)
from hongdun.namecheck.views.common import present_findings, present_result, verdict_label

PAGE_SIZE = 20


def _slot_value(form: DeclarationForm, slot: int) -> str:
    raw = form.data.get(form.add_prefix(name_field(slot)), "") if form.is_bound else ""
    return raw if isinstance(raw, str) else ""


def _slot(
    form: DeclarationForm,
    slot: int,
    *,
    result: dict[str, Any] | None = None,
    error: str = "",
) -> dict[str, Any]:
    return {
        "number": slot,
        "field": name_field(slot),
        "value": _slot_value(form, slot),
        "error": error or form.slot_error(slot),
        "result": result,
    }


def _declare_page(
    request: HttpRequest,
    form: DeclarationForm,
    *,
    results: dict[int, dict[str, Any]] | None = None,
    errors: dict[int, str] | None = None,
) -> HttpResponse:
    results, errors = results or {}, errors or {}
    slots = [
        _slot(form, slot, result=results.get(slot), error=errors.get(slot, ""))
        for slot in NAME_SLOTS
    ]
    return render(
        request,
        "namecheck/portal/declare.html",
        {"form": form, "slots": slots, "industries": industry_options()},
    )


def _form_field(field: str | None) -> str | None:
    """The form field a service error names (its names go to the top of the form)."""
    return field if field in ("registry", "industry") else None


class DeclareView(RoleRequiredMixin, View):
    """The declaration form; a submit reserves the first name, in the applicant's order, that is
    not blocked (a restricted one goes to review instead)."""

    allowed_roles = APPLICANTS

    def get(self, request: HttpRequest) -> HttpResponse:
        return _declare_page(request, DeclarationForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        form = DeclarationForm(request.POST)
        if not form.is_valid():
            return _declare_page(request, form)
        named = form.names()
        registry, industry = form.cleaned_data["registry"], form.cleaned_data["industry"]
        try:
            answers = declaration_check(
                user=request.user,
                registry=registry,
                industry=industry,
                names=[name for _slot, name in named],
            )
        except ApplicationError as error:
            form.add_error(_form_field(error.field), error.message)
            return _declare_page(request, form)
        results = {
            slot: present_result(answer, slot=slot)
            for (slot, _name), answer in zip(named, answers, strict=True)
        }
        errors: dict[int, str] = {}
        skipped: list[tuple[int, str, str]] = []
        for slot, name in named:
            result = results[slot]
            if result["blocking"]:
                skipped.append((slot, name, result["verdict_display"]))
                continue
            try:
                reservation = reservation_create(
                    applicant=signed_in(request.user),
                    registry=registry,
                    industry=industry,
                    name=name,
                    needs_pre_approval=form.cleaned_data["needs_pre_approval"],
                )
            except ApplicationError as error:
                errors[slot] = error.message
                skipped.append((slot, name, error.message))
                continue
            self._announce(request, reservation, skipped)
            return redirect("namecheck:reservation-detail", pk=reservation.pk)
        form.add_error(
            None,
            _(
                "您填写的名称都不能申报。请按各名称下方的提示修改，"
                "或点选推荐的名称后重新提交。本次没有保留任何名称。"
            ),
        )
        return _declare_page(request, form, results=results, errors=errors)

    def _announce(
        self,
        request: HttpRequest,
        reservation: NameReservation,
        skipped: list[tuple[int, str, str]],
    ) -> None:
        for slot, name, reason in skipped:
            messages.warning(
                request,
                _("第 %(n)d 个名称“%(name)s”未能申报：%(reason)s")
                % {"n": slot, "name": name, "reason": reason},
            )
        values = {
            "name": reservation.proposed_name,
            "registry": reservation.registry.name,
            "until": reservation.reserved_until.isoformat() if reservation.reserved_until else "",
        }
        if reservation.status == ReservationStatus.PENDING_REVIEW:
            messages.info(
                request,
                _(
                    "名称“%(name)s”含有限制使用的内容，已提交%(registry)s审核。"
                    "审核结果将以站内通知和电子邮件告知您。"
                )
                % values,
            )
        else:
            messages.success(
                request,
                _(
                    "名称“%(name)s”已在%(registry)s保留，保留期至 %(until)s。"
                    "请在保留期内办理企业登记；您可以下载名称保留告知书。"
                )
                % values,
            )


class NameCheckView(RoleRequiredMixin, View):
    """htmx: the verdict of one name slot while the applicant types (or the whole slot, filled
    with a suggested alternative, when `fill` is given)."""

    allowed_roles = APPLICANTS

    def post(self, request: HttpRequest) -> HttpResponse:
        slots = {str(slot): slot for slot in NAME_SLOTS}
        slot = slots.get(request.POST.get("slot", ""), 0)
        if not slot:
            return HttpResponseBadRequest(_("名称序号无效。"))
        data = request.POST.copy()
        fill = data.get("fill")
        if fill:
            data[name_field(slot)] = fill
        form = DeclarationForm(data)
        form.is_valid()
        result, error = None, ""
        if _slot_value(form, slot).strip():
            result, error = self._check(request, form, slot)
        context = {"s": _slot(form, slot, result=result, error=error)}
        template = (
            "namecheck/portal/includes/name_slot.html"
            if fill
            else "namecheck/portal/includes/verdict.html"
        )
        return render(request, template, context)

    def _check(
        self, request: HttpRequest, form: DeclarationForm, slot: int
    ) -> tuple[dict[str, Any] | None, str]:
        """(the presented verdict, "") or (None, why the name cannot be checked)."""
        if form.slot_error(slot):
            return None, form.slot_error(slot)
        if "registry" in form.errors:
            return None, _("请先选择登记机关，再检查名称。")
        if "industry" in form.errors:
            return None, " ".join(str(message) for message in form.errors["industry"])
        try:
            (answer,) = declaration_check(
                user=request.user,
                registry=form.cleaned_data["registry"],
                industry=form.cleaned_data["industry"],
                names=[form.cleaned_data[name_field(slot)]],
            )
        except ApplicationError as error:
            return None, error.message
        return present_result(answer, slot=slot), ""


class ReservationListView(RoleRequiredMixin, View):
    allowed_roles = APPLICANTS

    def get(self, request: HttpRequest) -> HttpResponse:
        page = Paginator(reservation_list_for_applicant(user=request.user), PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        rows = [
            {
                "reservation": reservation,
                "number": reservation_number(reservation),
                "days_left": reservation_days_left(reservation),
            }
            for reservation in page
        ]
        return render(request, "namecheck/portal/list.html", {"page": page, "rows": rows})


def _detail_context(reservation: NameReservation) -> dict[str, Any]:
    return {
        "reservation": reservation,
        "number": reservation_number(reservation),
        "days_left": reservation_days_left(reservation),
        "findings": present_findings(reservation.proposed_name, reservation.findings),
        "verdict_display": verdict_label(reservation.verdict),
        "has_notice": reservation.status == ReservationStatus.RESERVED,
    }


class ReservationDetailView(RoleRequiredMixin, View):
    allowed_roles = APPLICANTS

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        reservation = reservation_get_for_applicant(user=request.user, pk=pk)
        return render(request, "namecheck/portal/detail.html", _detail_context(reservation))


class ReservationWithdrawView(RoleRequiredMixin, View):
    """GET asks for confirmation; POST withdraws (the name is free again at once)."""

    allowed_roles = APPLICANTS

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        reservation = reservation_get_for_applicant(user=request.user, pk=pk)
        if not reservation.is_live:
            messages.error(request, _("只有已保留或待审核的名称可以撤回。"))
            return redirect("namecheck:reservation-detail", pk=reservation.pk)
        return render(
            request, "namecheck/portal/withdraw_confirm.html", _detail_context(reservation)
        )

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        reservation = reservation_get_for_applicant(user=request.user, pk=pk)
        try:
            reservation = reservation_withdraw(
                applicant=signed_in(request.user), reservation=reservation
            )
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("已撤回名称“%(name)s”，该名称不再为您保留。")
                % {"name": reservation.proposed_name},
            )
        return redirect("namecheck:reservation-detail", pk=reservation.pk)


class ReservationNoticePdfView(LoginRequiredMixin, View):
    """The notice of a reserved name: for its applicant, and for the registrars who review its
    registry. Anyone else, and any name not reserved, gets 404."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        reservation = reservation_get_for_notice(user=request.user, pk=pk)
        response = HttpResponse(reservation_notice_pdf(reservation), content_type="application/pdf")
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename=reservation_notice_filename(reservation)
        )
        response["Cache-Control"] = "private, no-store"
        return response
