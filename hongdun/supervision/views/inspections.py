"""Staff pages of the random inspections (双随机), at /staff/supervision/inspections/
(namespace "supervision-inspections"): the plans, one plan with its draw and tasks, the
inspection-object roster of a plan and the inspector roster.

Scope: the record kind "supervision.inspection" (supervisors read and edit their unit's subtree,
leaders read it, administrators read all). Anonymous users go to the login page, other roles get
403, plans out of reach answer 404. Writes go through services_inspection.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from hongdun.core.backoffice.pager import paginate, query_string_without_page
from hongdun.core.exceptions import ApplicationError
from hongdun.core.scope import (
    Action,
    ScopeRequiredMixin,
    anchor_unit,
    instance_in_reach,
    restrict,
    units_in_reach,
)
from hongdun.enterprises.choices import EnterpriseType
from hongdun.orgs.models import Unit
from hongdun.supervision.choices import PlanStatus
from hongdun.supervision.forms_inspection import (
    LIST_STATUS,
    DrawForm,
    PlanFilterForm,
    PlanForm,
    RosterFilterForm,
)
from hongdun.supervision.models import InspectionPlan, InspectionTask
from hongdun.supervision.permissions import INSPECTION
from hongdun.supervision.population import (
    MAX_PER_YEAR_KEY,
    credentials_valid_on,
    group_by_choices,
    inspector_queryset,
    population_counts,
    population_queryset,
    registered_grouping,
)
from hongdun.supervision.services_inspection import (
    inspection_draw,
    inspection_draw_publish,
    inspection_plan_create,
    inspection_plan_update,
)

PAGE_SIZE = 50


def _plans(request: HttpRequest, action: Action = Action.VIEW) -> QuerySet[InspectionPlan]:
    return restrict(InspectionPlan.objects.select_related("unit"), request.user, action)


def _plan(request: HttpRequest, pk: int, action: Action = Action.VIEW) -> InspectionPlan:
    return get_object_or_404(_plans(request, action), pk=pk)


def _refusal_to_form(form: Any, error: ApplicationError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


def group_label(plan: InspectionPlan, group: str, units: dict[str, str] | None = None) -> str:
    if plan.group_by == "enterprise_type":
        return str(dict(EnterpriseType.choices).get(group, group))
    if plan.group_by == "authority":
        return (units or {}).get(group, group)
    grouping = registered_grouping(plan.group_by)
    if grouping is not None:
        return grouping.label_of(group)
    return _("全部")


def grouping_rows(plan: InspectionPlan) -> list[tuple[str, str, bool, int | None]]:
    """For a plan grouped by a registered grouping: each group's label, the ratio the draw uses
    (its own, else the plan's), whether it is the plan's, and the most times a year."""
    grouping = registered_grouping(plan.group_by)
    if grouping is None:
        return []
    own = plan.group_ratios or {}
    limits = (plan.filters or {}).get(MAX_PER_YEAR_KEY) or {}
    return [
        (label, str(own.get(value, plan.ratio)), value not in own, limits.get(value))
        for value, label in grouping.groups()
    ]


def _unit_names(plan: InspectionPlan, groups: list[str]) -> dict[str, str]:
    if plan.group_by != "authority":
        return {}
    ids = [int(g) for g in groups if g.isdigit()]
    return {str(pk): name for pk, name in Unit.objects.filter(pk__in=ids).values_list("pk", "name")}


def filter_summary(plan: InspectionPlan) -> list[tuple[str, str]]:
    """The plan's population filters as (label, value) lines for the page."""
    filters = plan.filters or {}
    lines: list[tuple[str, str]] = []
    if filters.get("enterprise_types"):
        names = dict(EnterpriseType.choices)
        lines.append(
            (_("企业类型"), "、".join(str(names.get(t, t)) for t in filters["enterprise_types"]))
        )
    if filters.get("authorities"):
        units = Unit.objects.filter(pk__in=filters["authorities"]).values_list("name", flat=True)
        lines.append((_("登记机关"), "、".join(units)))
    if filters.get("list_status"):
        lines.append((_("名录状态"), str(dict(LIST_STATUS)[filters["list_status"]])))
    if filters.get("established_after"):
        lines.append((_("成立日期自"), filters["established_after"]))
    if filters.get("established_before"):
        lines.append((_("成立日期至"), filters["established_before"]))
    if filters.get("report_year"):
        lines.append((_("报告年度"), str(filters["report_year"])))
    if filters.get("corrected_twice"):
        lines.append((_("定向"), _("该年度报告更正两次及以上")))
    if filters.get("filed_late"):
        lines.append((_("定向"), _("该年度报告逾期报送")))
    if filters.get(MAX_PER_YEAR_KEY):
        grouping = registered_grouping(plan.group_by)
        lines.append(
            (
                _("每年最多抽查次数"),
                "、".join(
                    f"{grouping.label_of(g) if grouping else g} {n}"
                    for g, n in filters[MAX_PER_YEAR_KEY].items()
                ),
            )
        )
    return lines


class PlanListView(ScopeRequiredMixin, View):
    """抽查计划: the plans in reach, filtered by year, unit and status."""

    scope_kind = INSPECTION

    def get(self, request: HttpRequest) -> HttpResponse:
        form = PlanFilterForm(request.GET or None, units=units_in_reach(request.user, INSPECTION))
        rows = _plans(request).annotate(task_count=Count("tasks"))
        if form.is_valid():
            if form.cleaned_data.get("year"):
                rows = rows.filter(year=form.cleaned_data["year"])
            if form.cleaned_data.get("unit"):
                rows = rows.filter(unit=form.cleaned_data["unit"])
            if form.cleaned_data.get("status"):
                rows = rows.filter(status=form.cleaned_data["status"])
        page = paginate(rows.order_by("-year", "unit__ordering_key", "title"), request, PAGE_SIZE)
        from hongdun.core.scope import permits

        return render(
            request,
            "supervision/inspections/plans.html",
            {
                "form": form,
                "page": page,
                "query_string": query_string_without_page(request),
                "can_edit": permits(request.user, INSPECTION, Action.EDIT),
            },
        )


class PlanCreateView(ScopeRequiredMixin, View):
    """新建抽查计划."""

    scope_kind = INSPECTION
    scope_action = Action.EDIT

    def _form(self, request: HttpRequest, data: Any = None) -> PlanForm:
        units = units_in_reach(request.user, INSPECTION, Action.EDIT)
        own = anchor_unit(getattr(request.user, "unit", None))
        initial = {
            "year": timezone.localdate().year,
            "ratio": "0.03",
            "kind": "untargeted",
            "unit": own.pk if own is not None and units.filter(pk=own.pk).exists() else None,
        }
        return PlanForm(data, initial=initial, units=units, fixed_unit=None)

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._render(request, self._form(request))

    def post(self, request: HttpRequest) -> HttpResponse:
        form = self._form(request, request.POST)
        if form.is_valid():
            try:
                plan = inspection_plan_create(
                    actor=request.user,  # type: ignore[arg-type]
                    unit=form.cleaned_data["unit"],
                    data=form.service_data(),
                )
            except ApplicationError as error:
                _refusal_to_form(form, error)
            else:
                messages.success(request, _("抽查计划已保存。"))
                return redirect("supervision-inspections:plan", pk=plan.pk)
        return self._render(request, form)

    def _render(self, request: HttpRequest, form: PlanForm) -> HttpResponse:
        return render(
            request, "supervision/inspections/plan_form.html", {"form": form, "plan": None}
        )


class PlanEditView(ScopeRequiredMixin, View):
    """修改抽查计划 (drafts only; the service refuses a drawn plan)."""

    scope_kind = INSPECTION
    scope_action = Action.EDIT

    def _form(self, request: HttpRequest, plan: InspectionPlan, data: Any = None) -> PlanForm:
        return PlanForm(
            data,
            initial=PlanForm.initial_of(plan),
            units=Unit.objects.filter(pk=plan.unit_id),
            fixed_unit=plan.unit,
        )

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        plan = _plan(request, pk, Action.EDIT)
        if plan.status != PlanStatus.DRAFT:
            messages.error(request, _("该计划已经抽取，计划不能再修改。"))
            return redirect("supervision-inspections:plan", pk=plan.pk)
        return self._render(request, plan, self._form(request, plan))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        plan = _plan(request, pk, Action.EDIT)
        form = self._form(request, plan, request.POST)
        if form.is_valid():
            try:
                inspection_plan_update(
                    actor=request.user,  # type: ignore[arg-type]
                    plan=plan,
                    data=form.service_data(),
                )
            except ApplicationError as error:
                _refusal_to_form(form, error)
            else:
                messages.success(request, _("抽查计划已保存。"))
                return redirect("supervision-inspections:plan", pk=plan.pk)
        return self._render(request, plan, form)

    def _render(self, request: HttpRequest, plan: InspectionPlan, form: PlanForm) -> HttpResponse:
        return render(
            request, "supervision/inspections/plan_form.html", {"form": form, "plan": plan}
        )


class PlanDetailView(ScopeRequiredMixin, View):
    """One plan: its filters, the population preview (a draft) or the recorded draw, the tasks."""

    scope_kind = INSPECTION

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        plan = _plan(request, pk)
        return render_plan(request, plan, DrawForm())


def render_plan(
    request: HttpRequest, plan: InspectionPlan, draw_form: DrawForm, status: int = 200
) -> HttpResponse:
    draw = getattr(plan, "draw", None) if plan.status != PlanStatus.DRAFT else None
    counts: list[tuple[str, int]] = []
    if draw is None:
        by_group = population_counts(plan)
        names = _unit_names(plan, list(by_group))
        counts = [(group_label(plan, g, names), n) for g, n in sorted(by_group.items())]
    tasks = (
        InspectionTask.objects.filter(plan=plan)
        .select_related("enterprise", "inspector_a", "inspector_b")
        .order_by("rank")
    )
    page = paginate(tasks, request, PAGE_SIZE)
    names = _unit_names(plan, [task.group for task in page.object_list])
    can_edit = instance_in_reach(request.user, plan, Action.EDIT)
    grouping = registered_grouping(plan.group_by)
    return render(
        request,
        "supervision/inspections/plan_detail.html",
        {
            "plan": plan,
            "draw": draw,
            "counts": counts,
            "population_total": sum(n for _label, n in counts),
            "filters": filter_summary(plan),
            "group_by_label": dict(group_by_choices()).get(plan.group_by, plan.group_by),
            "group_ratios": []
            if grouping is not None
            else [
                (group_label(plan, g, _unit_names(plan, [g])), r)
                for g, r in (plan.group_ratios or {}).items()
            ],
            "grouping_rows": grouping_rows(plan),
            "grouping_source": grouping.source() if grouping and draw is None else "",
            "page": page,
            "task_rows": [(task, group_label(plan, task.group, names)) for task in page],
            "query_string": query_string_without_page(request),
            "can_edit": can_edit,
            "draw_form": draw_form,
        },
        status=status,
    )


class PlanDrawView(ScopeRequiredMixin, View):
    """抽取 (POST): draw the plan's enterprises and inspectors."""

    scope_kind = INSPECTION
    scope_action = Action.EDIT

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        plan = _plan(request, pk, Action.EDIT)
        form = DrawForm(request.POST)
        if form.is_valid():
            try:
                draw = inspection_draw(
                    plan=plan,
                    actor=request.user,  # type: ignore[arg-type]
                    seed=form.cleaned_data.get("seed") or None,
                )
            except ApplicationError as error:
                _refusal_to_form(form, error)
            else:
                messages.success(
                    request,
                    _("已抽取 %(n)s 户，随机种子 %(seed)s。")
                    % {"n": draw.sample_count, "seed": draw.seed},
                )
                return redirect("supervision-inspections:plan", pk=plan.pk)
        plan.refresh_from_db()
        return render_plan(request, plan, form, status=400)


class PlanPublishView(ScopeRequiredMixin, View):
    """公布抽取结果 (POST)."""

    scope_kind = INSPECTION
    scope_action = Action.EDIT

    def post(self, request: HttpRequest, pk: int) -> HttpResponseRedirect:
        plan = _plan(request, pk, Action.EDIT)
        try:
            inspection_draw_publish(plan=plan, actor=request.user)  # type: ignore[arg-type]
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("抽取结果已公布。"))
        return redirect("supervision-inspections:plan", pk=plan.pk)


class PopulationView(ScopeRequiredMixin, View):
    """检查对象名录库: a plan's population as it is now, counted by group, and paged."""

    scope_kind = INSPECTION

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        plan = _plan(request, pk)
        by_group = population_counts(plan)
        names = _unit_names(plan, list(by_group))
        rows = (
            population_queryset(plan)
            .select_related("registration_authority")
            .only(
                "pk",
                "uscc",
                "name",
                "enterprise_type",
                "established_on",
                "registration_authority__name",
                "on_abnormal_list",
                "on_serious_list",
            )
            .order_by("pk")
        )
        page = paginate(rows, request, PAGE_SIZE)
        return render(
            request,
            "supervision/inspections/population.html",
            {
                "plan": plan,
                "counts": [(group_label(plan, g, names), n) for g, n in sorted(by_group.items())],
                "total": sum(by_group.values()),
                "page": page,
                "query_string": query_string_without_page(request),
            },
        )


class InspectorRosterView(ScopeRequiredMixin, View):
    """执法检查人员名录: the people of a unit's subtree with an enforcement credential valid on the
    day, with their credential numbers and validity."""

    scope_kind = INSPECTION

    def get(self, request: HttpRequest) -> HttpResponse:
        units = units_in_reach(request.user, INSPECTION)
        form = RosterFilterForm(request.GET or None, units=units)
        unit: Unit | None = None
        day = timezone.localdate()
        if form.is_valid():
            unit = form.cleaned_data.get("unit")
            day = form.cleaned_data.get("day") or day
        if unit is None:
            own = anchor_unit(getattr(request.user, "unit", None))
            unit = own if own is not None and units.filter(pk=own.pk).exists() else units.first()
        people: list[Any] = []
        page = paginate([], request, PAGE_SIZE)
        if unit is not None:
            rows = (
                inspector_queryset(unit, day)
                .select_related("unit")
                .order_by("unit__ordering_key", "name", "pk")
            )
            page = paginate(rows, request, PAGE_SIZE)
            credentials: dict[int, list[Any]] = {}
            for credential in (
                credentials_valid_on(day)
                .filter(person_id__in=[person.pk for person in page.object_list])
                .order_by("valid_until")
            ):
                credentials.setdefault(credential.person_id, []).append(credential)
            people = [(person, credentials.get(person.pk, [])) for person in page.object_list]
        return render(
            request,
            "supervision/inspections/inspectors.html",
            {
                "form": form,
                "unit": unit,
                "day": day,
                "people": people,
                "page": page,
                "query_string": query_string_without_page(request),
                "workforce_url": _credentials_url(),
            },
        )


def _credentials_url() -> str:
    return reverse("backoffice-workforce:list", kwargs={"slug": "credentials"})
