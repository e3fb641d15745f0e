"""The register in the back office: a filtered list and a detail page, scoped to the user's unit."""

from typing import Any, ClassVar

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View

from hongdun.core.backoffice.tables import BackOfficeTable, link_cell, status_badge
from hongdun.core.backoffice.views import ListPageView
from hongdun.core.exceptions import ApplicationError
from hongdun.core.models import AuditLog
from hongdun.core.scope import Action, ScopeRequiredMixin
from hongdun.core.templatetags.hongdun import localized_name
from hongdun.enterprises.forms import (
    LiquidationGroupForm,
    LiquidationMemberFormSet,
    RegistrationRevocationForm,
    StaffEnterpriseFilterForm,
)
from hongdun.enterprises.models import Enterprise, LiquidationMember, RegistrationRevocation
from hongdun.enterprises.permissions import ENTERPRISE
from hongdun.enterprises.selectors import (
    can_see_personal_data,
    enterprise_get_for_staff,
    enterprise_list_for_staff,
    enterprise_public_timeline,
    mask_id_number,
    staff_authority_choices,
)
from hongdun.enterprises.services import (
    LIQUIDATION_STATUSES,
    REVOCABLE_STATUSES,
    LiquidationMemberData,
    can_file_liquidation_group,
    can_revoke_registration,
    enterprise_liquidation_group_file,
    enterprise_registration_revoke,
)


class StaffEnterpriseTable(BackOfficeTable):
    headers: ClassVar[tuple[tuple[str, Any], ...]] = (
        ("name", _("名称")),
        ("uscc", _("统一社会信用代码")),
        ("enterprise_type", _("类型")),
        ("registration_authority", _("登记机关")),
        ("established_on", _("成立日期")),
        ("status", _("登记状态")),
    )

    class Meta(BackOfficeTable.Meta):
        attrs = {"class": "striped"}
        empty_text = _("没有符合条件的市场主体。")

    def render_name(self, record: Enterprise) -> str:
        return link_cell(reverse("backoffice-enterprises:detail", args=[record.pk]), record.name)

    def render_uscc(self, record: Enterprise) -> str:
        return format_html("<code>{}</code>", record.uscc)

    def render_enterprise_type(self, record: Enterprise) -> str:
        return record.get_enterprise_type_display()

    def render_registration_authority(self, record: Enterprise) -> str:
        return localized_name(record.registration_authority)

    def render_established_on(self, record: Enterprise) -> str:
        return f"{record.established_on:%Y-%m-%d}" if record.established_on else ""

    def render_status(self, record: Enterprise) -> str:
        return status_badge(record.status, record.get_status_display())


class StaffEnterpriseListView(ScopeRequiredMixin, ListPageView):
    """The register through the staff's own selector (scope and the indexed name search)."""

    scope_kind = ENTERPRISE
    template_name = "enterprises/backoffice/list.html"

    def get_filters(self) -> StaffEnterpriseFilterForm:
        authorities = staff_authority_choices(user=self.request.user)
        return StaffEnterpriseFilterForm(
            self.request.GET or None,
            authorities=authorities,
            user_unit=getattr(self.request.user, "unit", None),
        )

    def get_rows(self, filters: StaffEnterpriseFilterForm) -> QuerySet[Enterprise]:
        cleaned: dict[str, Any] = filters.cleaned_data if filters.is_valid() else {}
        try:
            return enterprise_list_for_staff(user=self.request.user, filters=cleaned)
        except ApplicationError as error:
            filters.add_error(error.field if error.field in filters.fields else None, error.message)
            return enterprise_list_for_staff(user=self.request.user, filters={})

    def get_table(self, rows: list[Any]) -> StaffEnterpriseTable:
        return StaffEnterpriseTable(rows)


class StaffEnterpriseDetailView(ScopeRequiredMixin, View):
    scope_kind = ENTERPRISE

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
                "liquidation_members": LiquidationMember.objects.filter(enterprise=enterprise),
                "can_file_liquidation": enterprise.status in LIQUIDATION_STATUSES
                and can_file_liquidation_group(user=request.user, enterprise=enterprise),
            },
        )


class StaffRegistrationRevokeView(ScopeRequiredMixin, View):
    """Record a decision to revoke the registration (撤销登记) of an enterprise in scope."""

    scope_kind = ENTERPRISE
    scope_action = Action.EDIT

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
            gettext("已录入撤销登记决定（%(number)s），“%(name)s”的名称自%(on)s起保留一年。")
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


BLANK_MEMBER_ROWS = 3


class StaffLiquidationGroupView(ScopeRequiredMixin, View):
    """File (or file again) the liquidation group (清算组备案) of an enterprise in scope."""

    scope_kind = ENTERPRISE
    scope_action = Action.EDIT

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        enterprise = self._enterprise(request, pk)
        members = list(LiquidationMember.objects.filter(enterprise=enterprise))
        form = LiquidationGroupForm(
            initial={"recorded_on": members[0].recorded_on if members else None}
        )
        rows = [{"name": m.name, "phone": m.phone, "is_leader": m.is_leader} for m in members]
        formset = LiquidationMemberFormSet(
            initial=rows + [{}] * BLANK_MEMBER_ROWS, prefix="members"
        )
        return self._page(request, enterprise, form, formset)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        enterprise = self._enterprise(request, pk)
        form = LiquidationGroupForm(request.POST)
        formset = LiquidationMemberFormSet(request.POST, prefix="members")
        if not (form.is_valid() and formset.is_valid()):
            return self._page(request, enterprise, form, formset)
        filled = [f for f in formset.forms if not f.is_blank()]
        try:
            enterprise_liquidation_group_file(
                registrar=request.user,
                enterprise=enterprise,
                members=[
                    LiquidationMemberData(
                        name=f.cleaned_data.get("name", ""),
                        phone=f.cleaned_data.get("phone", ""),
                        is_leader=bool(f.cleaned_data.get("is_leader")),
                    )
                    for f in filled
                ],
                recorded_on=form.cleaned_data["recorded_on"],
            )
        except ApplicationError as error:
            field = error.field or ""
            if field in form.fields:
                form.add_error(field, error.message)
            elif field.startswith("members.") and field.split(".")[1].isdigit():
                row = filled[int(field.split(".")[1])]
                name = field.split(".")[-1]
                row.add_error(name if name in row.fields else None, error.message)
            else:
                form.add_error(None, error.message)
            return self._page(request, enterprise, form, formset)
        messages.success(
            request,
            gettext("已办理“%(name)s”的清算组备案，共%(count)d名成员。")
            % {"name": enterprise.name, "count": len(filled)},
        )
        return redirect("backoffice-enterprises:detail", pk=enterprise.pk)

    def _enterprise(self, request: HttpRequest, pk: int) -> Enterprise:
        enterprise = enterprise_get_for_staff(user=request.user, pk=pk)
        if not can_file_liquidation_group(user=request.user, enterprise=enterprise):
            raise PermissionDenied
        return enterprise

    def _page(
        self, request: HttpRequest, enterprise: Enterprise, form: Any, formset: Any
    ) -> HttpResponse:
        return render(
            request,
            "enterprises/backoffice/liquidation_group.html",
            {"enterprise": enterprise, "form": form, "formset": formset},
        )
