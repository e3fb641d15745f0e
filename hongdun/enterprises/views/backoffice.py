"""The register in the back office: a filtered list and a detail page, scoped to the user's unit."""

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views import View

from hongdun.accounts.permissions import RoleRequiredMixin
from hongdun.accounts.roles import REGISTER_READERS
from hongdun.core.exceptions import ApplicationError
from hongdun.core.models import AuditLog
from hongdun.enterprises.forms import StaffEnterpriseFilterForm
from hongdun.enterprises.selectors import (
    can_see_personal_data,
    enterprise_get_for_staff,
    enterprise_list_for_staff,
    enterprise_public_timeline,
    mask_id_number,
    staff_scope_units,
)
from hongdun.orgs.models import Unit


class StaffEnterpriseListView(RoleRequiredMixin, View):
    allowed_roles = REGISTER_READERS

    def get(self, request: HttpRequest) -> HttpResponse:
        scope = staff_scope_units(user=request.user)
        authorities = Unit.objects.filter(is_registration_authority=True)
        if scope is not None:
            authorities = authorities.filter(pk__in=scope)
        form = StaffEnterpriseFilterForm(
            request.GET or None,
            authorities=authorities,
            user_unit=getattr(request.user, "unit", None),
        )
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
            },
        )
