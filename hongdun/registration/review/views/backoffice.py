"""The clerk's queue and the application page in the back office (/staff/registration/), for
registrars within their unit's subtree. Each action is a POST that calls one service; the service
decides whether it is allowed, and its message is shown when it is not."""

from collections.abc import Callable, Iterable
from datetime import date
from functools import partial
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views import View

from hongdun.accounts.types import signed_in
from hongdun.core.backoffice.tables import QueueTable, link_cell, status_badge
from hongdun.core.backoffice.views import ListPageView
from hongdun.core.exceptions import ApplicationError
from hongdun.core.scope import ScopeRequiredMixin
from hongdun.registration.choices import ENTITY_TYPE_CHOICES, ApplicationKind, ApplicationStatus
from hongdun.registration.models import Application
from hongdun.registration.permissions import APPLICATION
from hongdun.registration.review import services
from hongdun.registration.review.forms import (
    CorrectionForm,
    ExtendForm,
    QueueFilterForm,
    ReasonForm,
    SuspendForm,
)
from hongdun.registration.review.presenters import action_confirmations, present_defects
from hongdun.registration.review.selectors import (
    QueueRows,
    application_get_for_clerk,
    clerk_authority_choices,
    deadline_of,
    review_queue,
    warn_working_days,
)
from hongdun.registration.transitions import Actor, allowed_actions


class ClerkQueueTable(QueueTable):
    """Cells from `queue_rows` (plain strings looked up once per page); the row is coloured by
    its deadline."""

    headers = (
        ("number", gettext_lazy("申请编号")),
        ("name", gettext_lazy("名称")),
        ("kind", gettext_lazy("申请类型")),
        ("entity_type", gettext_lazy("主体类型")),
        ("authority", gettext_lazy("登记机关")),
        ("applicant", gettext_lazy("申请人")),
        ("status", gettext_lazy("状态")),
        ("submitted", gettext_lazy("提交时间")),
        ("deadline", gettext_lazy("审查期限")),
    )

    class Meta(QueueTable.Meta):
        empty_text = gettext_lazy("没有符合条件的申请。")
        row_attrs = {
            "data-testid": "queue-row",
            "class": lambda record: f"row-{record['deadline'].level}" if record["deadline"] else "",
        }

    def render_number(self, record: dict[str, Any]) -> str:
        resubmitted = _("补正后重新申请") if record["application"].supersedes_id else ""
        return link_cell(record["url"], record["number"], resubmitted)

    def render_status(self, record: dict[str, Any]) -> str:
        return status_badge(record["application"].status, record["status"])

    def render_deadline(self, record: dict[str, Any]) -> str:
        deadline = record["deadline"]
        if not deadline:
            return "—"
        return format_html(
            '<span class="due due-{level}" data-testid="deadline" data-level="{level}" '
            'title="{due}">{day} · {text}</span>',
            level=deadline.level,
            due=f"{deadline.due:%Y-%m-%d}",
            day=f"{deadline.due:%m-%d}",
            text=deadline.text,
        )


class QueueView(ScopeRequiredMixin, ListPageView):
    """The clerk's queue through its own selector: the indexed search keys, the capped count
    (QueueRows pages like a queryset without being one) and the deadline colours."""

    scope_kind = APPLICATION
    template_name = "regreview/backoffice/queue.html"

    def get_filters(self) -> QueueFilterForm:
        return QueueFilterForm(
            self.request.GET or None,
            authorities=clerk_authority_choices(user=self.request.user),
            user_unit=getattr(self.request.user, "unit", None),
        )

    def get_rows(self, filters: QueueFilterForm) -> QueueRows:
        self.today = timezone.localdate()
        return QueueRows(
            review_queue(user=self.request.user, filters=filters.filters(), today=self.today)
        )

    def get_table(self, rows: list[Any]) -> ClerkQueueTable:
        return ClerkQueueTable(queue_rows(rows, today=self.today))

    def get_context_data(self, **context: Any) -> dict[str, Any]:
        source: QueueRows = context["source"]
        return {
            **context,
            "warn_days": warn_working_days(),
            "count_more": source.more,
            "count_limit": source.limit,
        }


def queue_rows(applications: Iterable[Application], *, today: date) -> list[dict[str, Any]]:
    """What each queue row shows, as plain strings: labels are looked up once per page, not per
    cell, and the link is built from one reversed prefix (the queue is the clerk's busiest page)."""
    language = get_language() or ""
    kinds, types, statuses = (
        dict(ApplicationKind.choices),
        dict(ENTITY_TYPE_CHOICES),
        dict(ApplicationStatus.choices),
    )
    prefix = reverse("backoffice-registration:queue")
    rows = []
    for a in applications:
        rows.append(
            {
                "application": a,
                "url": f"{prefix}{a.pk}/",
                "number": a.number or str(a.pk),
                "name": a.name or (a.enterprise.name if a.enterprise else ""),
                "kind": kinds.get(a.kind, a.kind),
                "entity_type": types.get(a.entity_type, a.entity_type),
                "status": statuses.get(a.status, a.status),
                "authority": a.authority.display_name(language),
                "applicant": str(a.applicant),
                "submitted": timezone.localtime(a.submitted_at).strftime("%Y-%m-%d %H:%M")
                if a.submitted_at
                else "",
                "deadline": deadline_of(a, today=today),
            }
        )
    return rows


def _defects(application: Application) -> list[dict[str, str]]:
    return present_defects(application.prereview_defects)


class ApplicationDetailView(ScopeRequiredMixin, View):
    scope_kind = APPLICATION

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        application = application_get_for_clerk(user=request.user, pk=pk)
        return self.page(request, application)

    def page(self, request: HttpRequest, application: Application, **forms: Any) -> HttpResponse:
        actions = {str(a) for a in allowed_actions(application.status, Actor.REGISTRAR)}
        if application.extended_at is not None:
            actions.discard("extend")
        return render(
            request,
            "regreview/backoffice/detail.html",
            {
                "application": application,
                "deadline": deadline_of(application),
                "defects": _defects(application),
                "actions": actions,
                "confirm": action_confirmations(application),
                "correction_form": forms.get("correction_form")
                or CorrectionForm(defects=_defects(application)),
                "refuse_form": forms.get("refuse_form") or ReasonForm(prefix="refuse"),
                "refer_form": forms.get("refer_form") or ReasonForm(prefix="refer"),
                "extend_form": forms.get("extend_form") or ExtendForm(),
                "suspend_form": forms.get("suspend_form") or SuspendForm(prefix="suspend"),
                "resume_form": forms.get("resume_form") or ReasonForm(prefix="resume"),
                "action_error": forms.get("action_error"),
                "material_url_name": "registration:material-download",
            },
            status=400 if forms else 200,
        )


# The decisions that take only a written reason: the action's ReasonForm prefix, its service and
# the message once it is done.
REASONED: dict[str, tuple[str, Callable[..., Application], Callable[[Application], str]]] = {
    "refuse": (
        "refuse",
        services.application_refuse,
        lambda _done: _("已决定不予登记，不予登记通知书已生成，已通知申请人。"),
    ),
    "refer_elsewhere": (
        "refer",
        services.application_refer_elsewhere,
        lambda _done: _("已告知申请人另行申请。"),
    ),
    "resume": (
        "resume",
        services.application_resume,
        lambda done: (
            _("已恢复审查，审查期限顺延至 %(due)s，已通知申请人。") % {"due": done.decision_due}
        ),
    ),
}


class ApplicationActionView(ApplicationDetailView):
    """POST /staff/registration/<pk>/<action>/: one staff transition."""

    def get(self, request: HttpRequest, pk: int, action: str = "") -> HttpResponse:
        return redirect("backoffice-registration:detail", pk=pk)

    def post(self, request: HttpRequest, pk: int, action: str) -> HttpResponse:
        application = application_get_for_clerk(user=request.user, pk=pk)
        handlers: dict[str, Callable[[HttpRequest, Application, str], HttpResponse | str]] = {
            "accept": self._accept,
            "require_correction": self._correct,
            "approve": self._approve,
            "extend": self._extend,
            "suspend": self._suspend,
        }
        handlers.update({name: partial(self._with_reason, action=name) for name in REASONED})
        handler = handlers.get(action)
        if handler is None:
            raise Http404(_("没有这个操作。"))
        expected = str(request.POST.get("expected_status", ""))[:20] or None
        try:
            outcome = handler(request, application, expected or "")
        except ApplicationError as error:
            fresh = application_get_for_clerk(user=request.user, pk=pk)
            return self.page(request, fresh, action_error=error.message)
        except PermissionDenied as error:
            raise Http404(_("没有找到该申请。")) from error
        if isinstance(outcome, HttpResponse):
            return outcome
        messages.success(request, outcome)
        return redirect("backoffice-registration:detail", pk=application.pk)

    def _accept(self, request: HttpRequest, application: Application, expected: str) -> str:
        done = services.application_accept(
            clerk=signed_in(request.user), application=application, expected_status=expected or None
        )
        return _("已受理，审查期限至 %(due)s，已通知申请人。") % {"due": done.decision_due}

    def _correct(
        self, request: HttpRequest, application: Application, expected: str
    ) -> HttpResponse | str:
        form = CorrectionForm(request.POST, defects=_defects(application))
        if not form.is_valid():
            return self.page(request, application, correction_form=form)
        try:
            services.application_require_correction(
                clerk=signed_in(request.user),
                application=application,
                items=form.items(),
                expected_status=expected or None,
            )
        except ApplicationError as error:
            if error.field != "items":
                raise
            form.add_error(None, error.message)
            return self.page(request, application, correction_form=form)
        return _("已一次性告知需要补正的内容，已通知申请人。")

    def _approve(self, request: HttpRequest, application: Application, expected: str) -> str:
        done = services.application_approve(
            clerk=signed_in(request.user), application=application, expected_status=expected or None
        )
        if done.enterprise_id and done.kind != "deregistration":
            return _("已准予登记，营业执照已生成（统一社会信用代码 %(uscc)s），已通知申请人。") % {
                "uscc": done.enterprise.uscc if done.enterprise else ""
            }
        return _("已准予登记，已通知申请人。")

    def _with_reason(
        self, request: HttpRequest, application: Application, expected: str, action: str
    ) -> HttpResponse | str:
        """Run a decision that takes only a written reason (REASONED); the page again with the
        reason form's errors when the reason is missing."""
        prefix, service, done_message = REASONED[action]
        form = ReasonForm(request.POST, prefix=prefix)
        if not form.is_valid():
            return self.page(request, application, **{f"{prefix}_form": form})
        done = service(
            clerk=signed_in(request.user),
            application=application,
            reason=form.cleaned_data["reason"],
            expected_status=expected or None,
        )
        return done_message(done)

    def _extend(
        self, request: HttpRequest, application: Application, expected: str
    ) -> HttpResponse | str:
        form = ExtendForm(request.POST)
        if not form.is_valid():
            return self.page(request, application, extend_form=form)
        done = services.application_extend(
            clerk=signed_in(request.user),
            application=application,
            notice=form.cleaned_data["notice"],
            expected_status=expected or None,
        )
        return _("审查期限已延长至 %(due)s，已书面告知申请人。") % {"due": done.decision_due}

    def _suspend(
        self, request: HttpRequest, application: Application, expected: str
    ) -> HttpResponse | str:
        form = SuspendForm(request.POST, prefix="suspend")
        if not form.is_valid():
            return self.page(request, application, suspend_form=form)
        services.application_suspend(
            clerk=signed_in(request.user),
            application=application,
            reason=form.cleaned_data["reason"],
            basis=form.cleaned_data["basis"],
            expected_status=expected or None,
        )
        return _("已中止审查，中止期间不计入审查期限，已通知申请人。")
