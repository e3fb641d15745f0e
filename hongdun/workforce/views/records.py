"""Generic back-office pages for every kind in the registry: list with filters and search, detail
with child records, create, edit, delete with confirmation, and history.

Anonymous users go to the login page; users who may not read the kind get 403; records outside
their units answer 404 (ADR 0002, ADR 0007).
"""

from dataclasses import dataclass
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.mixins import AccessMixin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from hongdun.core.exceptions import ApplicationError
from hongdun.core.models import AuditLog
from hongdun.core.validators import resident_id_warnings
from hongdun.workforce.forms import FilterForm, RecordForm, record_form_class
from hongdun.workforce.permissions import (
    KIND_LABELS,
    Action,
    RecordKind,
    can_edit,
    can_view,
    display_value,
    scope_queryset,
)
from hongdun.workforce.registry import BY_MODEL, RecordType, menu, model_field, record_type_for
from hongdun.workforce.services import record_delete, record_save

PAGE_SIZE = 25
CHILD_ROWS = 20
EMPTY = "—"


class WorkforceAccessMixin(AccessMixin):
    """Resolve the kind from the URL; anonymous → login, no read permission → 403."""

    record_type: RecordType
    action = Action.VIEW
    request: HttpRequest

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        record_type = record_type_for(kwargs.get("slug", ""))
        if record_type is None:
            raise Http404
        self.record_type = record_type
        allowed = can_edit if self.action == Action.EDIT else can_view
        if not allowed(request.user, record_type.kind):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]

    def scoped(self, action: Action = Action.VIEW) -> models.QuerySet[Any]:
        rt = self.record_type
        qs = rt.model._default_manager.select_related(*rt.select_related)
        return scope_queryset(qs, self.request.user, action)

    def get_object(self, pk: int, action: Action = Action.VIEW) -> models.Model:
        instance: models.Model = get_object_or_404(self.scoped(action), pk=pk)
        return instance


# --- presentation helpers ------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    label: str
    value: Any
    url: str = ""


def record_url(instance: models.Model) -> str:
    record_type = BY_MODEL.get(type(instance))
    if record_type is None:
        return ""
    if record_type.slug == "people":
        return reverse("backoffice-workforce:person", args=[instance.pk])
    return reverse("backoffice-workforce:detail", args=[record_type.slug, instance.pk])


def field_cell(user: Any, instance: models.Model, name: str, *, link: bool = True) -> Cell:
    """One field of a record as the user may see it: choice labels, linked records, masks."""
    field = model_field(type(instance), name)
    label = str(field.verbose_name)
    if isinstance(field, models.ForeignKey):
        related = getattr(instance, name)
        if related is None:
            return Cell(label, EMPTY)
        value = display_value(user, instance, name, str(related))
        url = record_url(related) if link and value == str(related) else ""
        return Cell(label, value, url)
    raw = getattr(instance, name)
    if isinstance(field, models.BooleanField):
        return Cell(label, _("是") if raw else _("否"))
    if field.choices:
        shown = getattr(instance, f"get_{name}_display")() if raw not in (None, "") else EMPTY
    else:
        shown = raw if raw not in (None, "") else EMPTY
    return Cell(label, display_value(user, instance, name, shown))


def row_cells(user: Any, record_type: RecordType, instance: models.Model) -> list[Cell]:
    return [field_cell(user, instance, name) for name in record_type.list_fields]


def detail_cells(user: Any, record_type: RecordType, instance: models.Model) -> list[Cell]:
    names = list(record_type.form_fields)
    for field in instance._meta.concrete_fields:
        if field.name not in names and field.name not in {"id", "created_at", "updated_at"}:
            names.append(field.name)
    return [field_cell(user, instance, name) for name in names]


def headers(record_type: RecordType) -> list[str]:
    return [str(model_field(record_type.model, n).verbose_name) for n in record_type.list_fields]


@dataclass(frozen=True)
class ChildSection:
    record_type: RecordType
    headers: list[str]
    rows: list[tuple[str, list[Cell]]]
    total: int
    list_url: str
    add_url: str


def child_sections(
    user: Any, record_type: RecordType, instance: models.Model
) -> list[ChildSection]:
    sections = []
    for slug, fk in record_type.children:
        child_type = record_type_for(slug)
        if child_type is None or not can_view(user, child_type.kind):
            continue
        qs = scope_queryset(
            child_type.model._default_manager.select_related(*child_type.select_related).filter(
                **{fk: instance}
            ),
            user,
        )
        total = qs.count()
        rows = [
            (record_url(child), row_cells(user, child_type, child)) for child in qs[:CHILD_ROWS]
        ]
        base = reverse("backoffice-workforce:list", args=[slug])
        add_url = ""
        if can_edit(user, child_type.kind) and child_type.parent_field == fk:
            add_url = reverse("backoffice-workforce:create", args=[slug]) + f"?parent={instance.pk}"
        sections.append(
            ChildSection(
                record_type=child_type,
                headers=headers(child_type),
                rows=rows,
                total=total,
                list_url=f"{base}?parent={instance.pk}" if child_type.parent_field == fk else "",
                add_url=add_url,
            )
        )
    return sections


def parent_model_of(record_type: RecordType) -> type[models.Model]:
    field = record_type.model._meta.get_field(record_type.parent_field or "")
    return cast(type[models.Model], field.related_model)


def workforce_menu(user: Any) -> list[tuple[str, list[RecordType]]]:
    """Kinds the user may read, each with its record types, for the home page."""
    groups = []
    for kind in RecordKind:
        if kind in {RecordKind.FAMILY, RecordKind.FIGURES, RecordKind.IMPORTS}:
            continue
        if can_view(user, kind):
            groups.append((str(KIND_LABELS[kind]), menu(kind)))
    return groups


# --- pages -------------------------------------------------------------------------------------


class WorkforceHomeView(AccessMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        groups = workforce_menu(request.user)
        if not groups:
            raise PermissionDenied
        return render(request, "workforce/backoffice/home.html", {"groups": groups})


class RecordListView(WorkforceAccessMixin, View):
    def get(self, request: HttpRequest, slug: str) -> HttpResponse:
        rt = self.record_type
        qs = self.scoped()
        parent = None
        parent_pk = request.GET.get("parent", "")
        if rt.parent_field and parent_pk:
            if not parent_pk.isdigit():
                raise Http404
            parent_model = parent_model_of(rt)
            parent = get_object_or_404(
                scope_queryset(parent_model._default_manager.all(), request.user), pk=parent_pk
            )
            qs = qs.filter(**{rt.parent_field: parent})
        form = FilterForm(request.GET or None, user=request.user, record_type=rt)
        qs = form.apply(qs).order_by(*(rt.model._meta.ordering or []), "-pk")
        page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
        params = request.GET.copy()
        params.pop("page", None)
        return render(
            request,
            "workforce/backoffice/list.html",
            {
                "record_type": rt,
                "form": form,
                "page": page,
                "headers": headers(rt),
                "rows": [(record_url(obj), row_cells(request.user, rt, obj)) for obj in page],
                "parent": parent,
                "parent_url": record_url(parent) if parent is not None else "",
                "can_edit": can_edit(request.user, rt.kind),
                "query_string": params.urlencode(),
            },
        )


class RecordDetailView(WorkforceAccessMixin, View):
    def get(self, request: HttpRequest, slug: str, pk: int) -> HttpResponse:
        rt = self.record_type
        instance = self.get_object(pk)
        return render(
            request,
            "workforce/backoffice/detail.html",
            {
                "record_type": rt,
                "object": instance,
                "cells": detail_cells(request.user, rt, instance),
                "children": child_sections(request.user, rt, instance),
                "can_edit": can_edit(request.user, rt.kind)
                and self.scoped(Action.EDIT).filter(pk=pk).exists(),
            },
        )


class RecordFormView(WorkforceAccessMixin, View):
    action = Action.EDIT

    def _parent(self, request: HttpRequest) -> models.Model | None:
        rt = self.record_type
        parent_pk = request.GET.get("parent", "")
        if not rt.parent_field or not parent_pk:
            return None
        if not parent_pk.isdigit():
            raise Http404
        parent_model = parent_model_of(rt)
        return get_object_or_404(
            scope_queryset(parent_model._default_manager.all(), request.user), pk=parent_pk
        )

    def _render(
        self, request: HttpRequest, form: RecordForm, instance: models.Model | None
    ) -> HttpResponse:
        return render(
            request,
            "workforce/backoffice/form.html",
            {"record_type": self.record_type, "form": form, "object": instance},
            status=400 if form.is_bound and form.errors else 200,
        )

    def _form(
        self, request: HttpRequest, instance: models.Model | None, parent: models.Model | None
    ) -> RecordForm:
        form_class = record_form_class(self.record_type)
        return form_class(
            request.POST if request.method == "POST" else None,
            instance=instance,
            user=request.user,
            record_type=self.record_type,
            parent=parent,
        )

    def _save(self, request: HttpRequest, form: RecordForm, instance: models.Model) -> HttpResponse:
        if not form.is_valid():
            return self._render(request, form, instance if instance.pk else None)
        data = {name: form.cleaned_data[name] for name in form.fields if name in form.cleaned_data}
        try:
            saved = record_save(user=request.user, instance=instance, data=data)
        except ApplicationError as error:
            target = error.field if error.field in form.fields else None
            form.add_error(target, error.message)
            return self._render(request, form, instance if instance.pk else None)
        messages.success(request, _("已保存：%(record)s") % {"record": saved})
        # Saved all the same: an unknown address code may be right (the document decides).
        for warning in resident_id_warnings(form.cleaned_data.get("id_number") or ""):
            messages.warning(request, warning)
        return redirect(record_url(saved))


class RecordCreateView(RecordFormView):
    def get(self, request: HttpRequest, slug: str) -> HttpResponse:
        return self._render(request, self._form(request, None, self._parent(request)), None)

    def post(self, request: HttpRequest, slug: str) -> HttpResponse:
        form = self._form(request, None, self._parent(request))
        # A fresh instance: the form's own validated copy must not be saved around the service.
        return self._save(request, form, self.record_type.model())


class RecordUpdateView(RecordFormView):
    def get(self, request: HttpRequest, slug: str, pk: int) -> HttpResponse:
        instance = self.get_object(pk, Action.EDIT)
        return self._render(request, self._form(request, instance, None), instance)

    def post(self, request: HttpRequest, slug: str, pk: int) -> HttpResponse:
        instance = self.get_object(pk, Action.EDIT)
        form = self._form(request, self.get_object(pk, Action.EDIT), None)
        return self._save(request, form, instance)


class RecordDeleteView(WorkforceAccessMixin, View):
    action = Action.EDIT

    def get(self, request: HttpRequest, slug: str, pk: int) -> HttpResponse:
        instance = self.get_object(pk, Action.EDIT)
        return render(
            request,
            "workforce/backoffice/confirm_delete.html",
            {
                "record_type": self.record_type,
                "object": instance,
                "object_url": record_url(instance),
            },
        )

    def post(self, request: HttpRequest, slug: str, pk: int) -> HttpResponse:
        rt = self.record_type
        instance = self.get_object(pk, Action.EDIT)
        parent = getattr(instance, rt.parent_field) if rt.parent_field else None
        label = str(instance)
        try:
            record_delete(user=request.user, instance=instance)
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect(record_url(instance))
        messages.success(request, _("已删除：%(record)s") % {"record": label})
        if parent is not None:
            return redirect(record_url(parent))
        return redirect("backoffice-workforce:list", slug=rt.slug)


@dataclass(frozen=True)
class HistoryEntry:
    when: Any
    who: str
    action: str
    changes: list[tuple[str, Any, Any]]


HISTORY_TYPES = {"+": gettext_lazy("新增"), "~": gettext_lazy("修改"), "-": gettext_lazy("删除")}


def history_entries(user: Any, instance: models.Model) -> list[HistoryEntry]:
    """Who changed what and when, newest first, with hidden fields masked."""
    history = getattr(instance, "history", None)
    if history is None:
        logs = AuditLog.objects.filter(
            object_type=instance._meta.label_lower, object_id=str(instance.pk)
        ).select_related("actor")
        return [
            HistoryEntry(
                when=log.created_at,
                who=str(log.actor) if log.actor else _("系统"),
                action=log.action.rsplit(".", 1)[-1],
                changes=[
                    (
                        str(model_field(type(instance), name).verbose_name),
                        display_value(user, instance, name, (log.before or {}).get(name, "")),
                        display_value(user, instance, name, value),
                    )
                    for name, value in (log.after or {}).items()
                    if (log.before or {}).get(name) != value and name != "id"
                ],
            )
            for log in logs
        ]
    records = list(history.select_related("history_user").order_by("history_date", "history_id"))
    entries = []
    previous = None
    for record in records:
        changes: list[tuple[str, Any, Any]] = []
        if previous is not None:
            delta = record.diff_against(previous)
            for change in delta.changes:
                field = model_field(type(instance), change.field)
                changes.append(
                    (
                        str(field.verbose_name),
                        display_value(user, instance, change.field, change.old),
                        display_value(user, instance, change.field, change.new),
                    )
                )
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=str(record.history_user) if record.history_user else _("系统"),
                action=str(HISTORY_TYPES.get(record.history_type, record.history_type)),
                changes=changes,
            )
        )
        previous = record
    return list(reversed(entries))


class RecordHistoryView(WorkforceAccessMixin, View):
    def get(self, request: HttpRequest, slug: str, pk: int) -> HttpResponse:
        instance = self.get_object(pk)
        return render(
            request,
            "workforce/backoffice/history.html",
            {
                "record_type": self.record_type,
                "object": instance,
                "object_url": record_url(instance),
                "entries": history_entries(request.user, instance),
            },
        )
