"""Applicant portal of registration (/registration/): my applications, start, edit by section with
live pre-review beside each field, submit, publish the simplified notice, withdraw, correct,
materials; plus the public list of simplified-deregistration notices with objections.

Every application is looked up through `application_get_for_applicant`, so another applicant's
id in the URL is "not found".
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from hongdun.accounts.models import User
from hongdun.accounts.permissions import RoleRequiredMixin
from hongdun.accounts.roles import Role
from hongdun.accounts.types import signed_in
from hongdun.core.exceptions import ApplicationError
from hongdun.core.scope import Action as ScopeAction
from hongdun.core.scope import ScopeRequiredMixin
from hongdun.enterprises.models import Enterprise
from hongdun.enterprises.selectors import mask_id_number
from hongdun.namecheck.models import NameReservation
from hongdun.registration import forms as f
from hongdun.registration.choices import ApplicationKind, ApplicationStatus
from hongdun.registration.models import Application, Material
from hongdun.registration.permissions import AUTHORISATION
from hongdun.registration.scope_catalogue import scope_entry_search
from hongdun.registration.selectors import (
    application_get_for_applicant,
    application_list_for_applicant,
    authorisations_for_staff,
    enterprise_get_for_applicant,
    enterprises_for_applicant,
    material_get_for_reader,
    notice_get_public,
    reservations_for_establishment,
    running_notices,
)
from hongdun.registration.services import (
    DraftContent,
    application_create_change,
    application_create_deregistration,
    application_create_establishment,
    application_prereview,
    application_prereview_phase,
    application_publish_notice,
    application_save,
    application_start_correction,
    application_submit,
    application_withdraw,
    enterprise_authorisation_grant,
    enterprise_authorisation_revoke,
    material_delete,
    material_upload,
    objection_file,
)
from hongdun.registration.transitions import Action, Actor, allowed_actions

APPLICANTS = frozenset({Role.APPLICANT})
SECTIONS = ("basic", "members", "officers", "scope", "change", "deregistration")


class ApplicantMixin(RoleRequiredMixin):
    allowed_roles = APPLICANTS


def _defects_by_section(defects: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for defect in defects:
        grouped[defect["section"]].append(defect)
    return dict(grouped)


def _defects_by_field(defects: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Defects keyed by the form field they belong to ("members.0.…" → "members.0")."""
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for defect in defects:
        parts = defect["field"].split(".")
        key = ".".join(parts[:2]) if len(parts) > 1 and parts[1].isdigit() else parts[0]
        if parts[0] == "deregistration" and len(parts) > 1:
            key = parts[1]
        grouped[key].append(defect)
    return dict(grouped)


def edit_section(field: str) -> str:
    """The edit page on which the field of a defect is filled in."""
    head = field.split(".")[0]
    if head in {"members", "officers", "scope", "materials"}:
        return head
    if head == "change_items":
        return "change"
    if head in {"deregistration", "objections", "enterprise"}:
        return "deregistration"
    return "basic"


def _visible_sections(application: Application) -> list[str]:
    if application.kind == ApplicationKind.ESTABLISHMENT:
        return ["basic", "members", "officers", "scope"]
    if application.kind == ApplicationKind.CHANGE:
        items = set(application.change_items.values_list("item", flat=True))
        sections = ["change", "basic"]
        if items & {"members", "capital"}:
            sections.append("members")
        if items & {"officers", "legal_representative"}:
            sections.append("officers")
        if "scope" in items:
            sections.append("scope")
        return sections
    return ["deregistration"]


class ApplicationListView(ApplicantMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        applications = application_list_for_applicant(user=request.user)
        return render(
            request, "registration/portal/list.html", {"applications": applications[:200]}
        )


class ApplicationStartView(ApplicantMixin, View):
    template = "registration/portal/start.html"

    def _context(self, request: HttpRequest, **forms: Any) -> dict[str, Any]:
        reservations = list(reservations_for_establishment(user=request.user))
        enterprises = list(enterprises_for_applicant(user=request.user))
        return {
            "establishment_form": forms.get("establishment")
            or f.EstablishmentStartForm(reservations=reservations),
            "change_form": forms.get("change") or f.ChangeStartForm(enterprises=enterprises),
            "deregistration_form": forms.get("deregistration")
            or f.DeregistrationStartForm(enterprises=enterprises),
            "has_reservations": bool(reservations),
            "has_enterprises": bool(enterprises),
        }

    def _again(self, request: HttpRequest, **forms: Any) -> HttpResponse:
        """The start page again (400) with the refused form, or with fresh ones."""
        return render(request, self.template, self._context(request, **forms), status=400)

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, self.template, self._context(request))

    def post(self, request: HttpRequest) -> HttpResponse:
        kind = request.POST.get("kind", "")
        user = request.user
        try:
            if kind == ApplicationKind.ESTABLISHMENT:
                form: Any = f.EstablishmentStartForm(
                    request.POST, reservations=reservations_for_establishment(user=user)
                )
                if not form.is_valid():
                    return self._again(request, establishment=form)
                reservation = reservations_for_establishment(user=user).get(
                    pk=int(form.cleaned_data["reservation"])
                )
                application = application_create_establishment(
                    applicant=signed_in(user),
                    reservation=reservation,
                    entity_type=form.cleaned_data["entity_type"],
                )
            elif kind == ApplicationKind.CHANGE:
                form = f.ChangeStartForm(
                    request.POST, enterprises=enterprises_for_applicant(user=user)
                )
                if not form.is_valid():
                    return self._again(request, change=form)
                enterprise = enterprise_get_for_applicant(
                    user=user, pk=form.cleaned_data["enterprise"]
                )
                application = application_create_change(
                    applicant=signed_in(user),
                    enterprise=enterprise,
                    items=form.cleaned_data["items"],
                )
            elif kind == ApplicationKind.DEREGISTRATION:
                form = f.DeregistrationStartForm(
                    request.POST, enterprises=enterprises_for_applicant(user=user)
                )
                if not form.is_valid():
                    return self._again(request, deregistration=form)
                enterprise = enterprise_get_for_applicant(
                    user=user, pk=form.cleaned_data["enterprise"]
                )
                application = application_create_deregistration(
                    applicant=signed_in(user), enterprise=enterprise, mode=form.cleaned_data["mode"]
                )
            else:
                return self._again(request)
        except NameReservation.DoesNotExist as error:
            raise Http404(_("没有找到该名称。")) from error
        except ApplicationError as error:
            messages.error(request, error.message)
            return self._again(request)
        messages.success(request, _("已创建草稿，可以随时保存、稍后继续填写。"))
        return redirect("registration:detail", pk=application.pk)


class ApplicationDetailView(ApplicantMixin, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        application = application_get_for_applicant(user=request.user, pk=pk)
        editable = application.status == ApplicationStatus.DRAFT
        defects = (
            application_prereview(
                application=application, phase=application_prereview_phase(application=application)
            )
            if editable
            else []
        )
        earlier = application.supersedes
        corrections = list(earlier.correction_items.all()) if earlier is not None else []
        own_corrections = list(application.correction_items.all())
        corrected_by = application.corrected_by.exclude(status=ApplicationStatus.WITHDRAWN).first()
        return render(
            request,
            "registration/portal/detail.html",
            {
                "application": application,
                "editable": editable,
                "sections": _visible_sections(application),
                "defects": defects,
                "defects_by_section": _defects_by_section(defects),
                "blocking": [d for d in defects if d["blocks"]],
                "phase": str(application_prereview_phase(application=application)),
                "actions": [str(a) for a in allowed_actions(application.status, Actor.APPLICANT)],
                "corrections": corrections,
                "own_corrections": own_corrections,
                "corrected_by": corrected_by,
                "members": application.members.prefetch_related("subscriptions"),
                "officers": [(o, o.id_number) for o in application.officers.all()],
                "scope_items": application.scope_items.select_related("entry"),
                "change_items": application.change_items.all(),
                "materials": [v.current for v in application.material_versions],
                "events": application.events.select_related("actor"),
                "stored_defects": application.prereview_defects if not editable else [],
                "objections": application.objections.all(),
            },
        )


class PrereviewPartialView(ApplicantMixin, View):
    """The live pre-review list (htmx): every defect at once, grouped by section."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        application = application_get_for_applicant(user=request.user, pk=pk)
        defects = application_prereview(
            application=application, phase=application_prereview_phase(application=application)
        )
        return render(
            request,
            "registration/portal/includes/defects.html",
            {"defects": defects, "application": application},
        )


class SectionEditView(ApplicantMixin, View):
    """Edit one section of a draft; saving keeps whatever is there (drafts may be incomplete)."""

    def _initial(self, application: Application, section: str) -> Any:
        if section == "basic":
            return {key: getattr(application, key) for key in f.BasicForm.base_fields}
        if section == "members":
            rows = []
            for member in application.members.prefetch_related("subscriptions"):
                row: dict[str, Any] = {
                    k: getattr(member, k) for k in ("kind", "role", "name", "id_type", "id_number")
                }
                for n, sub in enumerate(list(member.subscriptions.all())[:2], start=1):
                    row.update(
                        {
                            f"amount_{n}": sub.amount,
                            f"form_{n}": sub.form,
                            f"due_date_{n}": sub.due_date,
                            f"paid_amount_{n}": sub.paid_amount,
                        }
                    )
                rows.append(row)
            return rows
        if section == "officers":
            return [
                {k: getattr(o, k) for k in f.OfficerForm.base_fields}
                for o in application.officers.all()
            ]
        if section == "change":
            return [
                {"item": c.item, "new_value": c.new_value} for c in application.change_items.all()
            ]
        if section == "deregistration":
            detail = getattr(application, "deregistration", None)
            return (
                {k: getattr(detail, k) for k in f.DeregistrationForm.base_fields} if detail else {}
            )
        return None

    def _form(self, application: Application, section: str, data: Any = None) -> Any:
        initial = self._initial(application, section)
        city = application.authority.division_code[:4] or "1502"
        if section == "basic":
            return f.BasicForm(
                data,
                initial=initial,
                city_code=city,
                kind=application.kind,
                entity_type=application.entity_type,
            )
        if section == "members":
            return f.MemberFormSet(data, initial=initial, prefix="members")
        if section == "officers":
            return f.OfficerFormSet(
                data,
                initial=initial,
                prefix="officers",
                form_kwargs={"entity_type": application.entity_type},
            )
        if section == "change":
            return f.ChangeItemFormSet(data, initial=initial, prefix="change")
        if section == "deregistration":
            return f.DeregistrationForm(data, initial=initial)
        return None

    def _render(
        self,
        request: HttpRequest,
        application: Application,
        section: str,
        form: Any,
        status: int = 200,
    ) -> HttpResponse:
        defects = application_prereview(
            application=application, phase=application_prereview_phase(application=application)
        )
        return render(
            request,
            "registration/portal/edit.html",
            {
                "application": application,
                "section": section,
                "sections": _visible_sections(application),
                "form": form,
                "defects_by_field": _defects_by_field(defects),
                "section_defects": [d for d in defects if edit_section(d["field"]) == section],
                "scope_items": application.scope_items.select_related("entry")
                if section == "scope"
                else [],
            },
            status=status,
        )

    def _editable(self, request: HttpRequest, pk: int, section: str) -> Application:
        if section not in SECTIONS:
            raise Http404
        application = application_get_for_applicant(user=request.user, pk=pk)
        if application.status != ApplicationStatus.DRAFT:
            raise Http404(_("只有草稿可以修改。"))
        return application

    def get(self, request: HttpRequest, pk: int, section: str) -> HttpResponse:
        application = self._editable(request, pk, section)
        return self._render(request, application, section, self._form(application, section))

    def post(self, request: HttpRequest, pk: int, section: str) -> HttpResponse:
        application = self._editable(request, pk, section)
        if section == "scope":
            codes = [
                c
                for c in request.POST.getlist("codes")
                if c not in set(request.POST.getlist("remove"))
            ]
            codes += request.POST.getlist("add")
            content = DraftContent(basic={}, scope_codes=codes)
        else:
            form = self._form(application, section, request.POST)
            if not form.is_valid():
                return self._render(request, application, section, form, status=400)
            content = self._content(section, form)
        try:
            application = application_save(
                applicant=signed_in(request.user), application=application, content=content
            )
        except ApplicationError as error:
            messages.error(request, error.message)
            form = self._form(application, section, request.POST) if section != "scope" else None
            if form is not None:
                form.is_valid()
            return self._render(request, application, section, form, status=400)
        messages.success(request, _("已保存。"))
        if request.POST.get("next") == "stay":
            return redirect("registration:edit", pk=application.pk, section=section)
        return redirect("registration:detail", pk=application.pk)

    @staticmethod
    def _content(section: str, form: Any) -> DraftContent:
        if section == "basic":
            return DraftContent(basic=form.values())
        rows = [
            sub.values()
            for sub in getattr(form, "forms", [])
            if sub.cleaned_data and not sub.cleaned_data.get("DELETE")
        ]
        if section == "members":
            return DraftContent(basic={}, members=rows)
        if section == "officers":
            return DraftContent(basic={}, officers=rows)
        if section == "change":
            rows = [
                {
                    "item": sub.cleaned_data["item"],
                    "new_value": sub.cleaned_data.get("new_value", ""),
                }
                for sub in form.forms
                if sub.cleaned_data and not sub.cleaned_data.get("DELETE")
            ]
            return DraftContent(basic={}, change_items=rows)
        return DraftContent(basic={}, deregistration=form.values())


class ScopeSearchView(LoginRequiredMixin, View):
    """htmx: catalogue entries matching a short query, with their permit stage."""

    def get(self, request: HttpRequest) -> HttpResponse:
        entries = scope_entry_search(request.GET.get("q", ""))
        return render(
            request, "registration/portal/includes/scope_results.html", {"entries": entries}
        )


class _ActionView(ApplicantMixin, View):
    def _done(self, request: HttpRequest, application: Application, message: str) -> HttpResponse:
        messages.success(request, message)
        return redirect("registration:detail", pk=application.pk)

    def _failed(
        self, request: HttpRequest, application: Application, error: ApplicationError
    ) -> HttpResponse:
        messages.error(request, error.message)
        return redirect("registration:detail", pk=application.pk)


class SubmitView(_ActionView):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        application = application_get_for_applicant(user=request.user, pk=pk)
        try:
            application = application_submit(
                applicant=signed_in(request.user), application=application
            )
        except ApplicationError as error:
            return self._failed(request, application, error)
        return self._done(
            request,
            application,
            _("已提交，申请编号 %(number)s。") % {"number": application.number},
        )


class PublishNoticeView(_ActionView):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        application = application_get_for_applicant(user=request.user, pk=pk)
        try:
            application = application_publish_notice(
                applicant=signed_in(request.user), application=application
            )
        except ApplicationError as error:
            return self._failed(request, application, error)
        return self._done(request, application, _("简易注销公告已发布，公示期20日。"))


class WithdrawView(_ActionView):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        application = application_get_for_applicant(user=request.user, pk=pk)
        if Action.WITHDRAW not in allowed_actions(application.status, Actor.APPLICANT):
            raise Http404
        return render(
            request,
            "registration/portal/withdraw.html",
            {"application": application, "form": f.WithdrawForm()},
        )

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        application = application_get_for_applicant(user=request.user, pk=pk)
        form = f.WithdrawForm(request.POST)
        reason = form.cleaned_data["reason"] if form.is_valid() else ""
        try:
            application = application_withdraw(
                applicant=signed_in(request.user), application=application, reason=reason
            )
        except ApplicationError as error:
            return self._failed(request, application, error)
        return self._done(request, application, _("申请已撤回。"))


class CorrectView(_ActionView):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        earlier = application_get_for_applicant(user=request.user, pk=pk)
        try:
            corrected = application_start_correction(
                applicant=signed_in(request.user), earlier=earlier
            )
        except ApplicationError as error:
            return self._failed(request, earlier, error)
        return self._done(request, corrected, _("已按补正告知创建新的申请草稿，请逐项修改后提交。"))


class MaterialsView(ApplicantMixin, View):
    def _render(
        self, request: HttpRequest, application: Application, form: Any, status: int = 200
    ) -> HttpResponse:
        return render(
            request,
            "registration/portal/materials.html",
            {
                "application": application,
                "form": form,
                "versions": application.material_versions,
                "editable": application.status == ApplicationStatus.DRAFT,
            },
            status=status,
        )

    def _entries(self, application: Application) -> list[Any]:
        return [item.entry for item in application.scope_items.select_related("entry")]

    def _form(self, application: Application, *args: Any, **kwargs: Any) -> Any:
        return f.MaterialForm(
            *args,
            scope_entries=self._entries(application),
            current=[v.current for v in application.material_versions],
            **kwargs,
        )

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        application = application_get_for_applicant(user=request.user, pk=pk)
        # "替换" on a row opens the form with that material chosen.
        initial = {}
        replaces = request.GET.get("replaces", "")
        current = application.materials.filter(superseded_by__isnull=True)
        if replaces.isdigit() and (chosen := current.filter(pk=int(replaces)).first()):
            initial = {"replaces": chosen.pk, "kind": chosen.kind}
        return self._render(request, application, self._form(application, initial=initial))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        application = application_get_for_applicant(user=request.user, pk=pk)
        form = self._form(application, request.POST, request.FILES)
        if not form.is_valid():
            return self._render(request, application, form, status=400)
        try:
            material_upload(
                applicant=signed_in(request.user),
                application=application,
                kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["file"],
                scope_code=form.cleaned_data.get("scope_code") or "",
                issued_on=form.cleaned_data.get("issued_on"),
                valid_until=form.cleaned_data.get("valid_until"),
                replaces=form.cleaned_data.get("replaces") or None,
            )
        except ApplicationError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
            return self._render(request, application, form, status=400)
        if form.cleaned_data.get("replaces"):
            messages.success(request, _("已替换材料，原文件保留在办理记录中。"))
        else:
            messages.success(request, _("材料已上传。"))
        return redirect("registration:materials", pk=application.pk)


class MaterialDeleteView(ApplicantMixin, View):
    def post(self, request: HttpRequest, pk: int, material_pk: int) -> HttpResponse:
        application = application_get_for_applicant(user=request.user, pk=pk)
        try:
            material = application.materials.get(pk=material_pk)
        except Material.DoesNotExist as error:
            raise Http404 from error
        try:
            material_delete(applicant=signed_in(request.user), material=material)
        except ApplicationError as error:
            messages.error(request, error.message)
        return redirect("registration:materials", pk=application.pk)


class MaterialDownloadView(LoginRequiredMixin, View):
    """Stream a material to its applicant or to a registrar of the competent unit subtree."""

    def get(self, request: HttpRequest, material_pk: int) -> FileResponse:
        material = material_get_for_reader(user=request.user, pk=material_pk)
        try:
            handle = material.file.open("rb")
        except (FileNotFoundError, OSError) as error:
            raise Http404(_("文件已不存在。")) from error
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=material.original_name,
            content_type=material.content_type,
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response


class NoticeListView(View):
    """Public: simplified-deregistration notices within their 20-day period."""

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(
            request,
            "registration/public/notices.html",
            {"notices": running_notices()[:500], "today": timezone.localdate()},
        )


class NoticeDetailView(View):
    """Public notice with the objection form (filing requires signing in)."""

    def _render(
        self, request: HttpRequest, notice: Application, form: Any, status: int = 200
    ) -> HttpResponse:
        members = [(m.name, mask_id_number(m.id_number)) for m in notice.members.all()]
        return render(
            request,
            "registration/public/notice_detail.html",
            {"notice": notice, "form": form, "members": members},
            status=status,
        )

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        notice = notice_get_public(pk=pk)
        return self._render(request, notice, f.ObjectionForm())

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        notice = notice_get_public(pk=pk)
        if not request.user.is_authenticated:
            return redirect(f"{_login_url()}?next={request.path}")
        form = f.ObjectionForm(request.POST)
        if not form.is_valid():
            return self._render(request, notice, form, status=400)
        try:
            objection_file(user=request.user, application=notice, data=form.cleaned_data)
        except ApplicationError as error:
            form.add_error(None, error.message)
            return self._render(request, notice, form, status=400)
        except PermissionDenied:
            raise
        messages.success(request, _("异议已提交，登记机关将依法处理。"))
        return redirect("registration:notice", pk=notice.pk)


def _login_url() -> str:
    from django.conf import settings
    from django.shortcuts import resolve_url

    return resolve_url(settings.LOGIN_URL)


class AuthorisationListView(ScopeRequiredMixin, View):
    """Back office: registrars grant and revoke portal authorisations for enterprises of their
    unit subtree, after checking the legal representative's identity or a power of attorney."""

    scope_kind = AUTHORISATION
    template = "registration/backoffice/authorisations.html"

    def _render(self, request: HttpRequest, form: Any, status: int = 200) -> HttpResponse:
        rows = authorisations_for_staff(user=request.user)[:200]
        return render(request, self.template, {"form": form, "rows": rows}, status=status)

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._render(request, f.AuthorisationGrantForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        form = f.AuthorisationGrantForm(request.POST)
        if not form.is_valid():
            return self._render(request, form, status=400)
        data = form.cleaned_data
        enterprise = Enterprise.objects.filter(uscc=data["uscc"].strip().upper()).first()
        user = User.objects.filter(username=data["username"].strip(), is_active=True).first()
        if enterprise is None or user is None:
            form.add_error(None, _("没有找到该市场主体或用户。"))
            return self._render(request, form, status=400)
        try:
            enterprise_authorisation_grant(
                granted_by=signed_in(request.user),
                enterprise=enterprise,
                user=user,
                basis=data["basis"],
                valid_until=data.get("valid_until"),
                note=data.get("note", ""),
            )
        except PermissionDenied:
            # The typed code names an enterprise outside the unit: bad input, said on the form.
            form.add_error(None, _("该市场主体不在本单位管辖范围内。"))
            return self._render(request, form, status=400)
        except ApplicationError as error:
            form.add_error(None, error.message)
            return self._render(request, form, status=400)
        messages.success(request, _("已授权。"))
        return redirect("backoffice-authorisations:list")


class AuthorisationRevokeView(ScopeRequiredMixin, View):
    scope_kind = AUTHORISATION
    scope_action = ScopeAction.EDIT

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        grant = authorisations_for_staff(user=request.user).filter(pk=pk).first()
        if grant is None:
            raise Http404
        enterprise_authorisation_revoke(revoked_by=signed_in(request.user), grant=grant)
        messages.success(request, _("已撤销授权。"))
        return redirect("backoffice-authorisations:list")
