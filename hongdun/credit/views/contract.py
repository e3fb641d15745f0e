"""守合同重信用 pages (docs/rules/credit.md §6):

- the enterprise's (/enterprise/contract-credit/, "portal-contract-credit"): its applications and
  publicities, the application form, withdrawing an application or a publicity. Only users with
  the applicant role; rows are looked up through their live authorisations, so another
  enterprise's row is "not found";
- the staff queue (/staff/credit/contract/, "credit-contract"): applications and publicities of
  the subtree with filters and Excel export, an application's page with the enterprise's lists
  and history and the decisions, a publicity's page with the revocation. Scope kind
  "credit.contract": supervisors decide, leaders and administrators read; anonymous users go to
  the login page, other roles get 403, rows out of reach answer 404;
- the public list (/credit/contract/, "credit-contract-public"): the publicities in force.
"""

from __future__ import annotations

from typing import Any, ClassVar
from urllib.parse import quote

from django import forms
from django.contrib import messages
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from hongdun.accounts.permissions import RoleRequiredMixin
from hongdun.accounts.roles import Role
from hongdun.accounts.types import signed_in
from hongdun.core.backoffice.export import xlsx_response
from hongdun.core.backoffice.records import Register
from hongdun.core.backoffice.tables import QueueTable, link_cell, status_badge
from hongdun.core.backoffice.views import ListPageView
from hongdun.core.exceptions import ApplicationError
from hongdun.core.scope import Action, ScopeRequiredMixin, restrict, units_in_reach
from hongdun.core.templatetags.hongdun import localized_name
from hongdun.credit.choices import ApplicationStatus, ContractLevel, PublicityStatus
from hongdun.credit.forms_contract import (
    ApplicationFilterForm,
    ApplyForm,
    ApproveForm,
    PublicityFilterForm,
    RejectForm,
    RevokeForm,
    WithdrawPublicityForm,
)
from hongdun.credit.models import ContractCreditApplication, ContractCreditPublicity
from hongdun.credit.permissions import CONTRACT
from hongdun.credit.selectors_contract import (
    PublicPage,
    application_get_for_enterprise_user,
    application_queue,
    applications_for_enterprise_user,
    applications_for_staff,
    contract_timeline,
    enterprise_history,
    page_number_parse,
    public_contract_page,
    public_filters_parse,
    publicities_for_enterprise_user,
    publicities_for_staff,
    publicity_get_for_enterprise_user,
    publicity_list,
)
from hongdun.credit.services_contract import (
    bar_of,
    contract_application_withdraw,
    contract_apply,
    contract_approve,
    contract_publicity_revoke,
    contract_publicity_withdraw,
    contract_reject,
    contract_rules,
)
from hongdun.enterprises.models import Enterprise
from hongdun.registration.selectors import enterprises_for_applicant
from hongdun.supervision.engine.deadlines import years_after
from hongdun.supervision.views.exports import export_rows

EXPORT_LIMIT = Register.export_limit


def _field(error: ApplicationError, form: forms.Form) -> str | None:
    return error.field if error.field in form.fields else None


# --- staff: the application queue -------------------------------------------------------------


def _filter_form(request: HttpRequest, form_class: type[ApplicationFilterForm]) -> Any:
    return form_class(
        request.GET or None,
        authorities=units_in_reach(request.user, CONTRACT),
        user_unit=getattr(request.user, "unit", None),
        today=timezone.localdate(),
    )


def _cleaned(form: forms.Form) -> dict[str, Any]:
    return dict(form.cleaned_data) if form.is_bound and form.is_valid() else {}


class ApplicationTable(QueueTable):
    headers: ClassVar[tuple[tuple[str, Any], ...]] = (
        ("enterprise", gettext_lazy("市场主体")),
        ("year", gettext_lazy("申报年度")),
        ("level", gettext_lazy("申报等级")),
        ("status", gettext_lazy("状态")),
        ("authority", gettext_lazy("审核机关")),
        ("created_at", gettext_lazy("申报日期")),
    )

    class Meta(QueueTable.Meta):
        empty_text = gettext_lazy("没有符合条件的申请。")

    def render_enterprise(self, record: ContractCreditApplication) -> str:
        url = reverse("credit-contract:detail", args=[record.pk])
        return link_cell(url, record.enterprise.name, record.enterprise.uscc)

    def render_year(self, record: ContractCreditApplication) -> str:
        return str(record.year)

    def render_level(self, record: ContractCreditApplication) -> str:
        text = record.get_level_display()
        if record.leading_exception:
            text += f"（{record.get_leading_exception_display()}）"
        return text

    def render_status(self, record: ContractCreditApplication) -> str:
        return status_badge(record.status, record.get_status_display())

    def render_authority(self, record: ContractCreditApplication) -> str:
        return localized_name(record.authority)

    def render_created_at(self, record: ContractCreditApplication) -> str:
        return f"{timezone.localdate(record.created_at):%Y-%m-%d}"


class ApplicationQueueView(ScopeRequiredMixin, ListPageView):
    """守合同重信用申报: every application in reach, the waiting ones first."""

    scope_kind = CONTRACT
    template_name = "credit/contract/queue.html"

    def get_filters(self) -> ApplicationFilterForm:
        form: ApplicationFilterForm = _filter_form(self.request, ApplicationFilterForm)
        return form

    def get_rows(self, filters: ApplicationFilterForm) -> QuerySet[ContractCreditApplication]:
        return application_queue(user=self.request.user, filters=_cleaned(filters))

    def get_table(self, rows: list[ContractCreditApplication]) -> ApplicationTable:
        return ApplicationTable(rows)

    def get_context_data(self, **context: Any) -> dict[str, Any]:
        query = context["query_string"]
        return {
            **context,
            "export_url": reverse("credit-contract:export") + (f"?{query}" if query else ""),
        }


class ApplicationExportView(ApplicationQueueView):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self.get_filters()
        back = f"{reverse('credit-contract:queue')}?{request.GET.urlencode()}"
        rows = export_rows(
            request, form, lambda: self.get_rows(form), back=back, limit=EXPORT_LIMIT
        )
        if isinstance(rows, HttpResponse):
            return rows
        headers = [
            _("统一社会信用代码"),
            _("名称"),
            _("申报年度"),
            _("申报等级"),
            _("行业龙头企业"),
            _("上年度签订合同数"),
            _("上年度履约合同数"),
            _("上年度营业收入（万元）"),
            _("状态"),
            _("审核机关"),
            _("申报日期"),
            _("审核日期"),
            _("审核意见"),
        ]
        return xlsx_response(
            filename=f"contract-credit-applications-{timezone.localdate():%Y%m%d}.xlsx",
            sheet_title=_("守合同重信用申报"),
            headers=headers,
            rows=(
                [
                    row.enterprise.uscc,
                    row.enterprise.name,
                    row.year,
                    row.get_level_display(),
                    row.get_leading_exception_display() if row.leading_exception else "",
                    row.contracts_signed,
                    row.contracts_performed,
                    row.revenue,
                    row.get_status_display(),
                    localized_name(row.authority),
                    timezone.localdate(row.created_at),
                    timezone.localdate(row.reviewed_at) if row.reviewed_at else None,
                    row.review_note,
                ]
                for row in rows.iterator(chunk_size=2000)
            ),
        )


def _application(request: HttpRequest, pk: int, action: Action) -> ContractCreditApplication:
    row = applications_for_staff(request.user, action).filter(pk=pk).first()
    if row is None:
        raise Http404(_("没有找到该申请。"))
    return row


def _publicity_of(row: ContractCreditApplication) -> ContractCreditPublicity | None:
    return ContractCreditPublicity.objects.filter(application=row).first()


def _detail_context(
    request: HttpRequest,
    row: ContractCreditApplication,
    bound: dict[str, forms.Form] | None = None,
) -> dict[str, Any]:
    today = timezone.localdate()
    can_edit = restrict(
        ContractCreditApplication.objects.filter(pk=row.pk), request.user, Action.EDIT
    ).exists()
    publicity = _publicity_of(row)
    enterprise = row.enterprise
    return {
        "row": row,
        "enterprise": enterprise,
        "publicity": publicity,
        "history": enterprise_history(enterprise.pk),
        "timeline": contract_timeline(row, publicity),
        "bar": bar_of(enterprise.pk, today),
        "performance_rate": (
            round(row.contracts_performed * 100 / row.contracts_signed, 1)
            if row.contracts_signed
            else None
        ),
        "may_decide": can_edit and row.status == ApplicationStatus.SUBMITTED,
        "forms": {"approve": ApproveForm(), "reject": RejectForm(), **(bound or {})},
        "confirm_approve": _("通过“%(name)s”%(year)s年度%(level)s申报并开始公示，通知企业。")
        % {"name": enterprise.name, "year": row.year, "level": row.get_level_display()},
        "confirm_reject": _("对“%(name)s”的申报作出不予通过决定，通知企业。")
        % {"name": enterprise.name},
    }


class ApplicationDetailView(ScopeRequiredMixin, View):
    scope_kind = CONTRACT

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        row = _application(request, pk, Action.VIEW)
        return render(request, "credit/contract/detail.html", _detail_context(request, row))


DECISION_FORMS: dict[str, type[forms.Form]] = {"approve": ApproveForm, "reject": RejectForm}


class ApplicationDecideView(ScopeRequiredMixin, View):
    """POST approve or reject; a refusal shows the page again with the reason."""

    scope_kind = CONTRACT
    scope_action = Action.EDIT

    def post(self, request: HttpRequest, pk: int, action: str) -> HttpResponse:
        if action not in DECISION_FORMS:
            raise Http404
        row = _application(request, pk, Action.EDIT)
        form = DECISION_FORMS[action](request.POST)
        if form.is_valid():
            user = signed_in(request.user)
            try:
                if action == "approve":
                    publicity = contract_approve(
                        actor=user, application=row, note=form.cleaned_data["note"]
                    )
                    messages.success(
                        request,
                        _("已通过，公示至%(day)s，并已通知企业。")
                        % {"day": publicity.expires_on.isoformat()},
                    )
                else:
                    contract_reject(actor=user, application=row, reason=form.cleaned_data["reason"])
                    messages.success(request, _("已作出不予通过决定，并已通知企业。"))
                return redirect("credit-contract:detail", pk=row.pk)
            except ApplicationError as error:
                form.add_error(_field(error, form), error.message)
        row.refresh_from_db()
        context = _detail_context(request, row, {action: form})
        return render(request, "credit/contract/detail.html", context, status=400)


# --- staff: publicities --------------------------------------------------------------------------


class PublicityTable(QueueTable):
    headers: ClassVar[tuple[tuple[str, Any], ...]] = (
        ("enterprise", gettext_lazy("市场主体")),
        ("year", gettext_lazy("公示年度")),
        ("level", gettext_lazy("等级")),
        ("status", gettext_lazy("状态")),
        ("authority", gettext_lazy("公示机关")),
        ("published_on", gettext_lazy("公示日期")),
        ("expires_on", gettext_lazy("有效期至")),
    )

    class Meta(QueueTable.Meta):
        empty_text = gettext_lazy("没有符合条件的公示。")

    def render_enterprise(self, record: ContractCreditPublicity) -> str:
        url = reverse("credit-contract:publicity", args=[record.pk])
        return link_cell(url, record.enterprise.name, record.enterprise.uscc)

    def render_year(self, record: ContractCreditPublicity) -> str:
        return str(record.year)

    def render_level(self, record: ContractCreditPublicity) -> str:
        return record.get_level_display()

    def render_status(self, record: ContractCreditPublicity) -> str:
        return status_badge(record.status, record.get_status_display())

    def render_authority(self, record: ContractCreditPublicity) -> str:
        return localized_name(record.authority)

    def render_published_on(self, record: ContractCreditPublicity) -> str:
        return f"{record.published_on:%Y-%m-%d}"

    def render_expires_on(self, record: ContractCreditPublicity) -> str:
        return f"{record.expires_on:%Y-%m-%d}"


class PublicityListView(ScopeRequiredMixin, ListPageView):
    scope_kind = CONTRACT
    template_name = "credit/contract/publicities.html"

    def get_filters(self) -> PublicityFilterForm:
        form: PublicityFilterForm = _filter_form(self.request, PublicityFilterForm)
        return form

    def get_rows(self, filters: PublicityFilterForm) -> QuerySet[ContractCreditPublicity]:
        return publicity_list(user=self.request.user, filters=_cleaned(filters))

    def get_table(self, rows: list[ContractCreditPublicity]) -> PublicityTable:
        return PublicityTable(rows)

    def get_context_data(self, **context: Any) -> dict[str, Any]:
        query = context["query_string"]
        return {
            **context,
            "export_url": reverse("credit-contract:publicity-export")
            + (f"?{query}" if query else ""),
        }


class PublicityExportView(PublicityListView):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self.get_filters()
        back = f"{reverse('credit-contract:publicities')}?{request.GET.urlencode()}"
        rows = export_rows(
            request, form, lambda: self.get_rows(form), back=back, limit=EXPORT_LIMIT
        )
        if isinstance(rows, HttpResponse):
            return rows
        headers = [
            _("统一社会信用代码"),
            _("名称"),
            _("公示年度"),
            _("等级"),
            _("状态"),
            _("公示机关"),
            _("公示日期"),
            _("有效期至"),
            _("终止日期"),
            _("终止原因"),
        ]
        return xlsx_response(
            filename=f"contract-credit-publicities-{timezone.localdate():%Y%m%d}.xlsx",
            sheet_title=_("守合同重信用公示"),
            headers=headers,
            rows=(
                [
                    row.enterprise.uscc,
                    row.enterprise.name,
                    row.year,
                    row.get_level_display(),
                    row.get_status_display(),
                    localized_name(row.authority),
                    row.published_on,
                    row.expires_on,
                    row.ended_on,
                    row.end_reason,
                ]
                for row in rows.iterator(chunk_size=2000)
            ),
        )


def _publicity(request: HttpRequest, pk: int, action: Action) -> ContractCreditPublicity:
    row = publicities_for_staff(request.user, action).filter(pk=pk).first()
    if row is None:
        raise Http404(_("没有找到该公示。"))
    return row


def _publicity_context(
    request: HttpRequest, row: ContractCreditPublicity, form: forms.Form | None = None
) -> dict[str, Any]:
    can_edit = restrict(
        ContractCreditPublicity.objects.filter(pk=row.pk), request.user, Action.EDIT
    ).exists()
    return {
        "row": row,
        "enterprise": row.enterprise,
        "timeline": contract_timeline(row.application, row),
        "may_revoke": can_edit and row.status == PublicityStatus.ACTIVE,
        "form": form or RevokeForm(),
        "bar_until": years_after(timezone.localdate(), contract_rules().revoked_bar_years),
        "confirm_revoke": _("撤销“%(name)s”的守合同重信用公示，通知企业。此操作不可撤销。")
        % {"name": row.enterprise.name},
    }


class PublicityDetailView(ScopeRequiredMixin, View):
    scope_kind = CONTRACT

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        row = _publicity(request, pk, Action.VIEW)
        return render(request, "credit/contract/publicity.html", _publicity_context(request, row))


class PublicityRevokeView(ScopeRequiredMixin, View):
    scope_kind = CONTRACT
    scope_action = Action.EDIT

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        row = _publicity(request, pk, Action.EDIT)
        form = RevokeForm(request.POST)
        if form.is_valid():
            try:
                contract_publicity_revoke(
                    actor=signed_in(request.user), publicity=row, reason=form.cleaned_data["reason"]
                )
            except ApplicationError as error:
                form.add_error(_field(error, form), error.message)
            else:
                messages.success(request, _("已撤销公示，并已通知企业。"))
                return redirect("credit-contract:publicity", pk=row.pk)
        row.refresh_from_db()
        return render(
            request,
            "credit/contract/publicity.html",
            _publicity_context(request, row, form),
            status=400,
        )


# --- the enterprise's pages ----------------------------------------------------------------------


class ApplicantMixin(RoleRequiredMixin):
    allowed_roles = frozenset({Role.APPLICANT})


class PortalListView(ApplicantMixin, View):
    """Every authorised enterprise with its applications, publicities and what it may do."""

    def get(self, request: HttpRequest) -> HttpResponse:
        today = timezone.localdate()
        enterprises = list(enterprises_for_applicant(user=request.user)[:100])
        applications = list(applications_for_enterprise_user(user=request.user)[:500])
        publicities = list(publicities_for_enterprise_user(user=request.user)[:500])
        rows = []
        for enterprise in enterprises:
            own_applications = [a for a in applications if a.enterprise_id == enterprise.pk]
            own_publicities = [p for p in publicities if p.enterprise_id == enterprise.pk]
            rows.append(
                {
                    "enterprise": enterprise,
                    "applications": own_applications,
                    "publicities": own_publicities,
                    "open": any(a.status == ApplicationStatus.SUBMITTED for a in own_applications),
                    "bar": bar_of(enterprise.pk, today),
                }
            )
        return render(request, "credit/contract/portal/list.html", {"rows": rows})


def _enterprise_for(request: HttpRequest, uscc: str) -> Enterprise:
    found = enterprises_for_applicant(user=request.user).filter(uscc=str(uscc)[:18].upper()).first()
    if found is None:
        raise Http404(_("没有找到该市场主体。"))
    return found


class PortalApplyView(ApplicantMixin, View):
    def _render(
        self, request: HttpRequest, enterprise: Enterprise, form: ApplyForm, status: int = 200
    ) -> HttpResponse:
        return render(
            request,
            "credit/contract/portal/apply.html",
            {"enterprise": enterprise, "form": form, "rules": contract_rules()},
            status=status,
        )

    def get(self, request: HttpRequest, uscc: str) -> HttpResponse:
        enterprise = _enterprise_for(request, uscc)
        today = timezone.localdate()
        form = ApplyForm(today=today, initial={"year": today.year, "level": ContractLevel.A})
        return self._render(request, enterprise, form)

    def post(self, request: HttpRequest, uscc: str) -> HttpResponse:
        enterprise = _enterprise_for(request, uscc)
        form = ApplyForm(request.POST, today=timezone.localdate())
        if form.is_valid():
            data = form.cleaned_data
            try:
                contract_apply(
                    actor=signed_in(request.user),
                    enterprise=enterprise,
                    year=data["year"],
                    level=data["level"],
                    contract_management=data["contract_management"],
                    contracts_signed=data["contracts_signed"],
                    contracts_performed=data["contracts_performed"],
                    revenue=data["revenue"],
                    consent_to_publish=data["consent_to_publish"],
                    leading_exception=data["leading_exception"] or "",
                    leading_evidence=data["leading_evidence"] or "",
                )
            except ApplicationError as error:
                form.add_error(_field(error, form), error.message)
            else:
                messages.success(request, _("申报已提交，登记机关审核后将通知您。"))
                return redirect("portal-contract-credit:list")
        return self._render(request, enterprise, form, status=400)


class PortalApplicationView(ApplicantMixin, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        row = application_get_for_enterprise_user(user=request.user, pk=pk)
        return render(
            request,
            "credit/contract/portal/application.html",
            {"row": row, "publicity": _publicity_of(row)},
        )


class PortalApplicationWithdrawView(ApplicantMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        row = application_get_for_enterprise_user(user=request.user, pk=pk)
        try:
            contract_application_withdraw(actor=signed_in(request.user), application=row)
        except ApplicationError as error:
            messages.error(request, error.message)
            return render(
                request,
                "credit/contract/portal/application.html",
                {"row": row, "publicity": _publicity_of(row)},
                status=400,
            )
        messages.success(request, _("申报已撤回。"))
        return redirect("portal-contract-credit:application", pk=row.pk)


class PortalPublicityWithdrawView(ApplicantMixin, View):
    def _render(
        self,
        request: HttpRequest,
        row: ContractCreditPublicity,
        form: WithdrawPublicityForm,
        status: int = 200,
    ) -> HttpResponse:
        rules = contract_rules()
        return render(
            request,
            "credit/contract/portal/withdraw.html",
            {
                "row": row,
                "form": form,
                "bar_years": rules.withdrawn_bar_years,
                "bar_until": years_after(timezone.localdate(), rules.withdrawn_bar_years),
            },
            status=status,
        )

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        row = publicity_get_for_enterprise_user(user=request.user, pk=pk)
        return self._render(request, row, WithdrawPublicityForm())

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        row = publicity_get_for_enterprise_user(user=request.user, pk=pk)
        form = WithdrawPublicityForm(request.POST)
        if form.is_valid():
            try:
                contract_publicity_withdraw(
                    actor=signed_in(request.user), publicity=row, reason=form.cleaned_data["reason"]
                )
            except ApplicationError as error:
                form.add_error(_field(error, form), error.message)
            else:
                messages.success(request, _("已退出守合同重信用公示。"))
                return redirect("portal-contract-credit:list")
        return self._render(request, row, form, status=400)


# --- the public list -----------------------------------------------------------------------------

_CODE = "0" * 18  # stands in for a USCC while the detail URL's pattern is reversed once


def _detail_urls(page: PublicPage) -> list[str]:
    head, tail = reverse("enterprises:detail", args=[_CODE]).split(_CODE)
    return [head + quote(row.uscc, safe=RFC3986_SUBDELIMS + "~:@") + tail for row in page.results]


class PublicListView(View):
    """守合同重信用企业公示: the publicities in force, by level, year and name."""

    def get(self, request: HttpRequest) -> HttpResponse:
        params = request.GET.copy()
        params.pop("page", None)
        today = timezone.localdate()
        context: dict[str, Any] = {
            "params": request.GET,
            "base_query": params.urlencode(),
            "levels": ContractLevel.choices,
            "years": list(range(today.year, today.year - 5, -1)),
        }
        status = 200
        try:
            filters = public_filters_parse(request.GET)
            page = page_number_parse(request.GET.get("page"))
            result = public_contract_page(filters=filters, page=page)
        except ApplicationError as error:
            context["error"] = error.message
            context["error_field"] = error.field
            status = 400
        else:
            context["result"] = result
            context["rows"] = list(zip(result.results, _detail_urls(result), strict=True))
        return render(request, "credit/contract/public/list.html", context, status=status)
