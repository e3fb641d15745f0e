"""The register in the back office: a filtered list and a detail page, scoped to the user's unit."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from hongdun.accounts.permissions import RoleRequiredMixin
from hongdun.accounts.roles import REGISTER_READERS, Role
from hongdun.core.exceptions import ApplicationError
from hongdun.core.models import AuditLog
from hongdun.enterprises.forms import RegistrationRevocationForm, StaffEnterpriseFilterForm
from hongdun.enterprises.models import Enterprise, RegistrationRevocation
from hongdun.enterprises.selectors import (
    can_see_personal_data,
    enterprise_get_for_staff,
    enterprise_list_for_staff,
    enterprise_public_timeline,
    mask_id_number,
    staff_scope_units,
)
from hongdun.enterprises.services import (
    REVOCABLE_STATUSES,
    can_revoke_registration,
    enterprise_registration_revoke,
)
from hongdun.orgs.models import Unit


class StaffEnterpriseListView(RoleRequiredMixin, View):
    allowed_roles = REGISTER_READERS

    def get(self, request: HttpRequest) -> HttpResponse:
        scope = staff_scope_units(user=request.user)
        authorities = Unit.objects.filter(is_registration_authority=True)
        if scope is not None:
            authorities = authorities.filter(pk__in=scope)
        form = StaffEnterpriseFilterForm(request.GET or None, authorities=authorities)
        filters: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
        try:
            qs = enterprise_list_for_staff(user=request.user, filters=filters)
        except ApplicationError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
            qs = enterprise_list_for_staff(user=request.user, filters={})
        page = Paginator(qs, 25).get_page(request.GET.get("page"))
        return render(
            request,
            "enterprises/backoffice/list.html",
            {"form": form, "page": page, "query_string": _without_page(request)},
        )


def _without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


class StaffEnterpriseDetailView(RoleRequiredMixin, View):
    allowed_roles = REGISTER_READERS

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        enterprise = enterprise_get_for_staff(user=request.user, pk=pk)
        personal = can_see_personal_data(user=request.user)
        id_number = enterprise.legal_rep_id_number
        audit = AuditLog.objects.filter(
            object_type="enterprises.enterprise", object_id=str(enterprise.pk)
        ).select_related("actor")[:50]
        return render(
            request,
            "enterprises/backoffice/detail.html",
            {
                "enterprise": enterprise,
                "id_number": id_number if personal else mask_id_number(id_number),
                "timeline": enterprise_public_timeline(enterprise=enterprise),
                "audit": audit,
                "revocation": RegistrationRevocation.objects.filter(enterprise=enterprise).first(),
                "can_revoke": enterprise.status in REVOCABLE_STATUSES
                and can_revoke_registration(user=request.user, enterprise=enterprise),
            },
        )


class StaffRegistrationRevokeView(RoleRequiredMixin, View):
    """Record a decision to revoke the registration (撤销登记) of an enterprise in scope."""

    allowed_roles = frozenset({Role.REGISTRAR})

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        enterprise = self._enterprise(request, pk)
        return self._page(request, enterprise, RegistrationRevocationForm())

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        enterprise = self._enterprise(request, pk)
        form = RegistrationRevocationForm(request.POST)
        if not form.is_valid():
            return self._page(request, enterprise, form)
        try:
            decision = enterprise_registration_revoke(
                registrar=request.user, enterprise=enterprise, **form.cleaned_data
            )
        except ApplicationError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
            return self._page(request, enterprise, form)
        messages.success(
            request,
            _("已录入撤销登记决定（%(number)s），“%(name)s”的名称自%(on)s起保留一年。")
            % {
                "number": decision.document_number,
                "name": enterprise.name,
                "on": decision.decided_on.isoformat(),
            },
        )
        return redirect("backoffice-enterprises:detail", pk=enterprise.pk)

    def _enterprise(self, request: HttpRequest, pk: int) -> Enterprise:
        enterprise = enterprise_get_for_staff(user=request.user, pk=pk)
        if not can_revoke_registration(user=request.user, enterprise=enterprise):
            raise PermissionDenied
        return enterprise

    def _page(
        self, request: HttpRequest, enterprise: Enterprise, form: RegistrationRevocationForm
    ) -> HttpResponse:
        return render(
            request,
            "enterprises/backoffice/revoke_registration.html",
            {"enterprise": enterprise, "form": form},
        )
