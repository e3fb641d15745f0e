"""Staff pages of the recorded relations (回避关系) between inspectors and enterprises, under
/staff/supervision/inspections/relations/ (namespace "supervision-inspections"): the list with
filters (person, unit with the units below it, enterprise), recording one, ending one.

Scope: the record kind "supervision.inspection" placed at the person's unit (supervisors record
and end in their subtree, leaders read, administrators read all)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from hongdun.accounts.types import signed_in
from hongdun.core.backoffice.pager import paginate, query_string_without_page
from hongdun.core.exceptions import ApplicationError
from hongdun.core.scope import Action, ScopeRequiredMixin, restrict, units_in_reach
from hongdun.orgs.models import Unit
from hongdun.supervision.forms_results import RelationEndForm, RelationFilterForm, RelationForm
from hongdun.supervision.models import InspectorRelation
from hongdun.supervision.permissions import INSPECTION
from hongdun.supervision.selectors_results import relations
from hongdun.supervision.services_results import relation_end, relation_record
from hongdun.workforce.models import Person


def people_in_reach(user: Any, action: Action = Action.VIEW) -> Any:
    """The people whose relations the user may read (or record): their unit in reach."""
    units = units_in_reach(user, INSPECTION, action)
    return Person.objects.filter(unit__in=units).order_by("name", "pk")


class RelationListView(ScopeRequiredMixin, View):
    scope_kind = INSPECTION

    def get(self, request: HttpRequest) -> HttpResponse:
        form = RelationFilterForm(
            request.GET or None,
            people=people_in_reach(request.user),
            units=units_in_reach(request.user, INSPECTION),
            user_unit=getattr(request.user, "unit", None),
        )
        cleaned = form.cleaned_data if form.is_bound and form.is_valid() else {}
        unit_id = cleaned.get("unit")
        rows = relations(
            request.user,
            person=cleaned.get("person"),
            unit=Unit.objects.filter(pk=unit_id).first() if unit_id else None,
            enterprise=cleaned.get("enterprise") or "",
        )
        page = paginate(rows, request, 50)
        editable = set(
            restrict(
                InspectorRelation.objects.filter(pk__in=[row.pk for row in page.object_list]),
                request.user,
                Action.EDIT,
            ).values_list("pk", flat=True)
        )
        return render(
            request,
            "supervision/inspections/relations/list.html",
            {
                "form": form,
                "page": page,
                "query_string": query_string_without_page(request),
                "rows": [(row, row.pk in editable) for row in page.object_list],
                "can_add": bool(units_in_reach(request.user, INSPECTION, Action.EDIT).exists()),
            },
        )


class RelationCreateView(ScopeRequiredMixin, View):
    scope_kind = INSPECTION
    scope_action = Action.EDIT
    template_name = "supervision/inspections/relations/form.html"

    def _form(self, request: HttpRequest, data: Any = None) -> RelationForm:
        return RelationForm(data, people=people_in_reach(request.user, Action.EDIT))

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, self.template_name, {"form": self._form(request)})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = self._form(request, request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                relation_record(
                    actor=signed_in(request.user),
                    person=data["person"],
                    uscc=data["uscc"],
                    kind=data["kind"],
                    notes=data["notes"],
                )
            except ApplicationError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, _("已登记回避关系。"))
                return redirect("supervision-inspections:relations")
        return render(request, self.template_name, {"form": form}, status=400)


class RelationEndView(ScopeRequiredMixin, View):
    scope_kind = INSPECTION
    scope_action = Action.EDIT
    template_name = "supervision/inspections/relations/end.html"

    def _relation(self, request: HttpRequest, pk: int) -> InspectorRelation:
        rows = restrict(InspectorRelation.objects.all(), request.user, Action.EDIT)
        relation: InspectorRelation = get_object_or_404(
            rows.select_related("person", "enterprise"), pk=pk
        )
        return relation

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        relation = self._relation(request, pk)
        return render(
            request, self.template_name, {"relation": relation, "form": RelationEndForm()}
        )

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        relation = self._relation(request, pk)
        form = RelationEndForm(request.POST)
        if form.is_valid():
            try:
                relation_end(
                    actor=signed_in(request.user),
                    relation=relation,
                    reason=form.cleaned_data["reason"],
                )
            except ApplicationError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, _("已解除回避关系。"))
                return redirect("supervision-inspections:relations")
        return render(request, self.template_name, {"relation": relation, "form": form}, status=400)
