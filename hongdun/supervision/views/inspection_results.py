"""Staff pages of inspection results (抽查结果), under /staff/supervision/inspections/results/
(namespace "supervision-inspections"): the plans with published draws and the user's own tasks,
a plan's results (filters, due dates, bulk publication, Excel export), the result form of one
task and the reassignment of an inspector.

Who: the record kind "supervision.inspection" (supervisors edit in their unit's subtree, leaders
read, administrators read all); a task's own inspectors (the workforce person linked to the
account) enter its result without a role. Anonymous users go to the login page; users with neither
get 403; tasks and plans out of reach answer 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import AccessMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from hongdun.accounts.types import signed_in
from hongdun.core.backoffice.export import xlsx_response
from hongdun.core.backoffice.pager import paginate, query_string_without_page
from hongdun.core.exceptions import ApplicationError
from hongdun.core.scope import Action, ScopeRequiredMixin, permits, reach_condition, restrict
from hongdun.orgs.models import Unit
from hongdun.supervision.choices import InspectionResult
from hongdun.supervision.forms_results import ReassignForm, ResultEntryForm, ResultFilterForm
from hongdun.supervision.models import InspectionPlan, InspectionTask
from hongdun.supervision.permissions import INSPECTION
from hongdun.supervision.selectors_results import (
    due_state,
    plan_inspectors,
    plan_tasks,
    plans_with_results,
    tasks_of_inspector,
)
from hongdun.supervision.services_results import (
    inspection_result_enter,
    inspection_results_publish,
    inspection_task_reassign,
    may_supervise,
    person_of,
)
from hongdun.supervision.views.exports import export_rows
from hongdun.workforce.models import Person

EXPORT_LIMIT = 10_000


def _plan_in_reach(user: Any, pk: int, action: Action = Action.VIEW) -> InspectionPlan:
    plans = restrict(InspectionPlan.objects.select_related("unit", "draw"), user, action)
    plan: InspectionPlan = get_object_or_404(plans, pk=pk, draw__published_at__isnull=False)
    return plan


class ResultsIndexView(AccessMixin, View):
    """The plans with published draws in the user's reach, and the tasks the user inspects."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.person = person_of(request.user)
        self.reads = permits(request.user, INSPECTION, Action.VIEW)
        if not self.reads and not tasks_of_inspector(self.person).exists():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest) -> HttpResponse:
        plans = list(plans_with_results(request.user)) if self.reads else []
        own = list(tasks_of_inspector(self.person)[:200])
        return render(
            request,
            "supervision/inspections/results/index.html",
            {"plans": plans, "own_tasks": own, "reads": self.reads},
        )


class PlanResultsView(ScopeRequiredMixin, View):
    """One plan's tasks: result, inspectors, publication due date (amber when due within a few
    working days, red when overdue), filters, and the selection to publish."""

    scope_kind = INSPECTION
    template_name = "supervision/inspections/results/plan.html"

    def _filters(self, request: HttpRequest, plan: InspectionPlan) -> ResultFilterForm:
        return ResultFilterForm(request.GET or None, inspectors=plan_inspectors(plan))

    def _rows(self, plan: InspectionPlan, form: ResultFilterForm) -> Any:
        cleaned = form.cleaned_data if form.is_bound and form.is_valid() else {}
        return plan_tasks(
            plan,
            result=cleaned.get("result") or "",
            inspector=cleaned.get("inspector"),
            published=cleaned.get("published") or "",
        )

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        plan = _plan_in_reach(request.user, pk)
        form = self._filters(request, plan)
        page = paginate(self._rows(plan, form), request, 100)
        today = timezone.localdate()
        query = query_string_without_page(request)
        export_url = reverse("supervision-inspections:results-export", args=[plan.pk])
        return render(
            request,
            self.template_name,
            {
                "plan": plan,
                "form": form,
                "page": page,
                "query_string": query,
                "rows": [(task, due_state(task, today)) for task in page.object_list],
                "can_edit": may_supervise(request.user, plan),
                "export_url": export_url + (f"?{query}" if query else ""),
            },
        )


class PlanResultsExportView(PlanResultsView):
    """The filtered rows as an Excel workbook."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        plan = _plan_in_reach(request.user, pk)
        form = self._filters(request, plan)
        back = reverse("supervision-inspections:results-plan", args=[plan.pk])
        rows = export_rows(
            request, form, lambda: self._rows(plan, form), back=back, limit=EXPORT_LIMIT
        )
        if isinstance(rows, HttpResponse):
            return rows
        headers = [
            _("抽取序号"),
            _("统一社会信用代码"),
            _("名称"),
            _("检查人员一"),
            _("检查人员二"),
            _("检查结果"),
            _("检查日期"),
            _("检查情况"),
            _("后续处置"),
            _("公示期限"),
            _("公示时间"),
        ]
        return xlsx_response(
            filename=f"inspection-results-{plan.year}-{plan.pk}-{timezone.localdate():%Y%m%d}.xlsx",
            sheet_title=_("抽查结果"),
            headers=headers,
            rows=(
                [
                    task.rank,
                    task.enterprise.uscc,
                    task.enterprise.name,
                    task.inspector_a.name,
                    task.inspector_b.name,
                    task.get_result_display(),
                    task.inspected_on,
                    task.findings,
                    task.follow_up,
                    task.publish_due_on,
                    timezone.localtime(task.published_at).replace(tzinfo=None)
                    if task.published_at
                    else None,
                ]
                for task in rows.iterator(chunk_size=2000)
            ),
        )


class PlanResultsPublishView(ScopeRequiredMixin, View):
    """POST: publish the selected tasks' results (`task` values), or all entered ones (`all`)."""

    scope_kind = INSPECTION
    scope_action = Action.EDIT

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        plan = _plan_in_reach(request.user, pk, Action.EDIT)
        back = reverse("supervision-inspections:results-plan", args=[plan.pk])
        try:
            if request.POST.get("all"):
                published = inspection_results_publish(actor=signed_in(request.user), plan=plan)
            else:
                ids = [int(v) for v in request.POST.getlist("task") if v.isdigit()]
                if not ids:
                    raise ApplicationError(_("请勾选要公示的检查结果。"), field="tasks")
                tasks = list(InspectionTask.objects.filter(plan=plan, pk__in=ids))
                if len(tasks) != len(set(ids)):
                    raise ApplicationError(
                        _("所选任务中有的不属于该计划，请刷新页面后重新选择。"), field="tasks"
                    )
                published = inspection_results_publish(actor=signed_in(request.user), tasks=tasks)
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect(back)
        messages.success(request, _("已公示 %(count)s 条检查结果。") % {"count": len(published)})
        return redirect(back)


def task_for_entry(user: Any, pk: int) -> InspectionTask:
    """The task if the user is one of its inspectors or may edit it; 403 for users who are
    neither supervisors nor inspectors, 404 for a task out of their reach."""
    person = person_of(user)
    edits = permits(user, INSPECTION, Action.EDIT)
    if not edits and person is None:
        raise PermissionDenied
    condition = Q(inspector_a=person) | Q(inspector_b=person) if person else Q(pk__in=[])
    if edits:
        reach = reach_condition(InspectionTask, user, Action.EDIT)
        condition = Q() if reach is None else condition | reach
    rows = InspectionTask.objects.filter(condition).select_related(
        "plan", "plan__unit", "plan__draw", "enterprise", "inspector_a", "inspector_b", "listing"
    )
    task: InspectionTask = get_object_or_404(rows, pk=pk)
    return task


class ResultEntryView(AccessMixin, View):
    """One task's result: the form (prefilled with the current result for a correction)."""

    template_name = "supervision/inspections/results/entry.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        return super().dispatch(request, *args, **kwargs)

    def _render(
        self, request: HttpRequest, task: InspectionTask, form: ResultEntryForm, status: int = 200
    ) -> HttpResponse:
        return render(
            request,
            self.template_name,
            {
                "task": task,
                "form": form,
                "draw_published": getattr(task.plan, "draw", None) is not None
                and task.plan.draw.published_at is not None,
                "due": due_state(task),
            },
            status=status,
        )

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        task = task_for_entry(request.user, pk)
        initial: dict[str, Any] = {}
        if task.result != InspectionResult.PENDING:
            initial = {
                "result": task.result,
                "inspected_on": task.inspected_on,
                "findings": task.findings,
                "follow_up": task.follow_up,
            }
        return self._render(request, task, ResultEntryForm(initial=initial))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        task = task_for_entry(request.user, pk)
        form = ResultEntryForm(request.POST)
        if not form.is_valid():
            return self._render(request, task, form, status=400)
        data = form.cleaned_data
        try:
            entered = inspection_result_enter(
                task=task,
                actor=signed_in(request.user),
                result=data["result"],
                inspected_on=data["inspected_on"],
                findings=data["findings"],
                follow_up=data["follow_up"],
                correction_reason=data["correction_reason"],
            )
        except ApplicationError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
            return self._render(request, task, form, status=400)
        messages.success(
            request, _("已更正检查结果。") if entered.corrected else _("已录入检查结果。")
        )
        if entered.note:
            messages.info(request, entered.note)
        return redirect("supervision-inspections:result-entry", pk=task.pk)


def reassign_candidates(task: InspectionTask) -> Any:
    """The people of the plan unit's subtree, for the reassignment form (the service checks the
    credential, the relation and the other rules)."""
    units = Unit.objects.descendants(task.plan.unit, include_self=True)
    return Person.objects.filter(unit__in=units, enforcement_credentials__isnull=False).distinct()


class TaskReassignView(ScopeRequiredMixin, View):
    """Replace one inspector of a task before its result is entered."""

    scope_kind = INSPECTION
    scope_action = Action.EDIT
    template_name = "supervision/inspections/results/reassign.html"

    def _task(self, request: HttpRequest, pk: int) -> InspectionTask:
        rows = restrict(InspectionTask.objects.all(), request.user, Action.EDIT).select_related(
            "plan", "plan__unit", "enterprise", "inspector_a", "inspector_b"
        )
        task: InspectionTask = get_object_or_404(rows, pk=pk)
        return task

    def _render(
        self, request: HttpRequest, task: InspectionTask, form: ReassignForm, status: int = 200
    ) -> HttpResponse:
        return render(request, self.template_name, {"task": task, "form": form}, status=status)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        task = self._task(request, pk)
        return self._render(request, task, ReassignForm(people=reassign_candidates(task)))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        task = self._task(request, pk)
        form = ReassignForm(request.POST, people=reassign_candidates(task))
        if not form.is_valid():
            return self._render(request, task, form, status=400)
        try:
            inspection_task_reassign(
                task=task,
                actor=signed_in(request.user),
                slot=form.cleaned_data["slot"],
                person=form.cleaned_data["person"],
                reason=form.cleaned_data["reason"],
            )
        except ApplicationError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
            return self._render(request, task, form, status=400)
        messages.success(request, _("已调整检查人员。"))
        return redirect("supervision-inspections:results-plan", pk=task.plan_id)
