"""Generic back-office views over a register's record types (NetBox's generic views are the
model): list with filters, table, pager and Excel export; detail with child records; create and
edit through the register's service; delete with confirmation; history.

Anonymous users go to the login page; users the register does not let use a record type get 403;
records outside their scope answer 404, so ids are not probed (ADR 0002).

`ListPageView` is the list alone, for registers whose lists are not record types (the queues):
they supply their own filter form and selector, and keep their own columns and colours.
"""

from dataclasses import dataclass
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.mixins import AccessMixin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from hongdun.accounts.types import AnyUser, signed_in
from hongdun.core.backoffice.export import xlsx_response
from hongdun.core.backoffice.filters import RecordFilterSet
from hongdun.core.backoffice.forms import RecordForm
from hongdun.core.backoffice.history import history_entries
from hongdun.core.backoffice.pager import PAGE_SIZE, paginate, query_string_without_page
from hongdun.core.backoffice.records import RecordType, Register
from hongdun.core.backoffice.tables import FieldColumn, RecordTable, detail_cells
from hongdun.core.exceptions import ApplicationError
from hongdun.core.scope import Action


class ListPageView(View):
    """One list page: the filter form, the selector's rows, one page of them, the table.

    Subclasses give `template_name` and implement `get_filters` (a bound form or FilterSet) and
    `get_rows` (their selector: a queryset, or anything a Paginator can count and slice, such as
    a queue reader with a capped count). `get_table` turns the page into a table, and
    `get_context_data` adds what the page shows beside it.
    """

    template_name = ""
    page_size = PAGE_SIZE
    request: HttpRequest

    def get_filters(self) -> Any:
        raise NotImplementedError

    def get_rows(self, filters: Any) -> Any:
        raise NotImplementedError

    def get_table(self, rows: list[Any]) -> Any:
        return None

    def get_context_data(self, **context: Any) -> dict[str, Any]:
        return context

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        filters = self.get_filters()
        source = self.get_rows(filters)
        page = paginate(source, request, self.page_size)
        context = self.get_context_data(
            form=getattr(filters, "form", filters),
            filters=filters,
            source=source,
            page=page,
            table=self.get_table(list(page.object_list)),
            query_string=query_string_without_page(request),
        )
        return render(request, self.template_name, context)


# --- record types ------------------------------------------------------------------------------


class RecordAccessMixin(AccessMixin):
    """Resolve the record type from the URL; anonymous → login, not allowed → 403."""

    register: Register = None  # type: ignore[assignment]  # given to as_view() by record_patterns
    action = Action.VIEW
    record_type: RecordType
    request: HttpRequest

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        record_type = self.register.get(kwargs.get("slug", ""))
        if record_type is None:
            raise Http404
        self.record_type = record_type
        if not self.register.can(request.user, record_type, self.action):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]

    def scoped(self, action: Action = Action.VIEW) -> QuerySet[Any]:
        return self.register.queryset(self.record_type, self.request.user, action)

    def get_object(self, pk: int, action: Action = Action.VIEW) -> models.Model:
        instance: models.Model = get_object_or_404(self.scoped(action), pk=pk)
        return instance

    def get_parent(self) -> models.Model | None:
        """The parent named by `?parent=`, in the user's scope (404 otherwise, never a 500)."""
        rt = self.record_type
        parent_pk = self.request.GET.get("parent", "")
        if not rt.parent_field or not parent_pk:
            return None
        if not parent_pk.isdigit():
            raise Http404
        parent_model = cast(type[models.Model], rt.field(rt.parent_field).related_model)
        queryset = self.register.restrict(
            parent_model._default_manager.all(), self.request.user, Action.VIEW
        )
        return get_object_or_404(queryset, pk=parent_pk)

    def page_context(self, **context: Any) -> dict[str, Any]:
        register = self.register
        return {
            "register": register,
            "record_type": self.record_type,
            "list_url": register.url("list", self.record_type.slug),
            "list_link": True,
            **context,
        }


def record_actions(
    register: Register, record_type: RecordType, instance: models.Model
) -> dict[str, str]:
    """The links of a record's action bar."""
    return {
        name: register.url(name, record_type.slug, instance.pk)
        for name in ("update", "delete", "history")
    }


class RecordListView(RecordAccessMixin, ListPageView):
    template_name = "core/backoffice/list.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.page_size = self.register.page_size
        return super().dispatch(request, *args, **kwargs)

    def filtered(self) -> tuple[RecordFilterSet, models.Model | None]:
        rt = self.record_type
        queryset = self.scoped()
        parent = self.get_parent()
        if parent is not None and rt.parent_field:
            queryset = queryset.filter(**{rt.parent_field: parent})
        filterset = RecordFilterSet(
            self.request.GET or None,
            queryset=queryset,
            register=self.register,
            record_type=rt,
            user=self.request.user,
        )
        return filterset, parent

    def get_filters(self) -> RecordFilterSet:
        filterset, self.parent = self.filtered()
        return filterset

    def get_rows(self, filters: RecordFilterSet) -> QuerySet[Any]:
        return filters.qs.order_by(*(self.record_type.model._meta.ordering or []), "-pk")

    def get_table(self, rows: list[Any]) -> RecordTable:
        return RecordTable(
            rows, register=self.register, record_type=self.record_type, user=self.request.user
        )

    def get_context_data(self, **context: Any) -> dict[str, Any]:
        parent = self.parent
        register, rt = self.register, self.record_type
        create_url = register.url("create", rt.slug)
        if parent is not None:
            create_url += f"?parent={parent.pk}"
        query = context["query_string"]
        return self.page_context(
            **context,
            parent=parent,
            parent_url=register.object_url(parent) if parent is not None else "",
            hidden_filters=[("parent", parent.pk)] if parent is not None else [],
            list_link=False,
            can_edit=register.can(self.request.user, rt, Action.EDIT),
            create_url=create_url,
            export_url=register.url("export", rt.slug) + (f"?{query}" if query else ""),
        )


class RecordExportView(RecordListView):
    """The list as an Excel workbook: the same scope, filters and masks, every page."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        rt, register = self.record_type, self.register
        filterset = self.get_filters()
        if filterset.form.is_bound and not filterset.form.is_valid():
            messages.error(request, _("筛选条件有误，请先在列表页改正后再导出。"))
            return redirect(f"{register.url('list', rt.slug)}?{request.GET.urlencode()}")
        rows = self.get_rows(filterset)
        if rows.count() > register.export_limit:
            messages.error(
                request,
                _("超过 %(limit)s 条，不能一次导出；请缩小筛选范围后再导出。")
                % {"limit": register.export_limit},
            )
            return redirect(f"{register.url('list', rt.slug)}?{request.GET.urlencode()}")
        columns = [
            FieldColumn(
                register=register,
                user=request.user,
                name=name,
                verbose_name=str(rt.field(name).verbose_name),
            )
            for name in rt.columns_for_export
        ]
        return xlsx_response(
            filename=f"{rt.slug}-{timezone.localdate():%Y%m%d}.xlsx",
            sheet_title=rt.verbose_name_plural,
            headers=[str(column.verbose_name) for column in columns],
            rows=(
                [column.value(record) for column in columns]
                for record in rows.iterator(chunk_size=2000)
            ),
        )


@dataclass(frozen=True)
class ChildSection:
    record_type: RecordType
    table: RecordTable
    total: int
    list_url: str
    add_url: str


def child_sections(
    register: Register, user: AnyUser, record_type: RecordType, instance: models.Model
) -> list[ChildSection]:
    """The records listed under `instance` on its page, a few of each kind the user may read."""
    sections = []
    for slug, fk in record_type.children:
        child_type = register.get(slug)
        if child_type is None or not register.can(user, child_type, Action.VIEW):
            continue
        queryset = register.queryset(child_type, user).filter(**{fk: instance})
        listed_under = child_type.parent_field == fk
        add_url = ""
        if listed_under and register.can(user, child_type, Action.EDIT):
            add_url = register.url("create", slug) + f"?parent={instance.pk}"
        sections.append(
            ChildSection(
                record_type=child_type,
                table=RecordTable(
                    list(queryset[: register.child_rows]),
                    register=register,
                    record_type=child_type,
                    user=user,
                ),
                total=queryset.count(),
                list_url=register.url("list", slug) + f"?parent={instance.pk}"
                if listed_under
                else "",
                add_url=add_url,
            )
        )
    return sections


class RecordDetailView(RecordAccessMixin, View):
    def get(self, request: HttpRequest, slug: str, pk: int) -> HttpResponse:
        register, rt = self.register, self.record_type
        instance = self.get_object(pk)
        return render(
            request,
            "core/backoffice/detail.html",
            self.page_context(
                object=instance,
                cells=detail_cells(register, request.user, rt, instance),
                children=child_sections(register, request.user, rt, instance),
                actions=record_actions(register, rt, instance),
                can_edit=register.can(request.user, rt, Action.EDIT)
                and self.scoped(Action.EDIT).filter(pk=pk).exists(),
            ),
        )


class RecordFormView(RecordAccessMixin, View):
    action = Action.EDIT

    def _render(
        self, request: HttpRequest, form: RecordForm, instance: models.Model | None
    ) -> HttpResponse:
        return render(
            request,
            "core/backoffice/form.html",
            self.page_context(form=form, object=instance),
            status=400 if form.is_bound and form.errors else 200,
        )

    def _form(
        self, request: HttpRequest, instance: models.Model | None, parent: models.Model | None
    ) -> RecordForm:
        form_class = self.register.form_class(self.record_type)
        return form_class(
            request.POST if request.method == "POST" else None,
            instance=instance,
            user=request.user,
            register=self.register,
            record_type=self.record_type,
            parent=parent,
        )

    def _save(self, request: HttpRequest, form: RecordForm, instance: models.Model) -> HttpResponse:
        if not form.is_valid():
            return self._render(request, form, instance if instance.pk else None)
        data = {name: form.cleaned_data[name] for name in form.fields if name in form.cleaned_data}
        try:
            saved = self.register.save(
                user=signed_in(request.user),
                record_type=self.record_type,
                instance=instance,
                data=data,
            )
        except ApplicationError as error:
            target = error.field if error.field in form.fields else None
            form.add_error(target, error.message)
            return self._render(request, form, instance if instance.pk else None)
        messages.success(request, _("已保存：%(record)s") % {"record": saved})
        for warning in self.register.save_warnings(self.record_type, data):
            messages.warning(request, warning)
        return redirect(self.register.object_url(saved))


class RecordCreateView(RecordFormView):
    def get(self, request: HttpRequest, slug: str) -> HttpResponse:
        return self._render(request, self._form(request, None, self.get_parent()), None)

    def post(self, request: HttpRequest, slug: str) -> HttpResponse:
        form = self._form(request, None, self.get_parent())
        # A fresh instance: the form's own validated copy must not be saved around the service.
        return self._save(request, form, self.record_type.model())


class RecordUpdateView(RecordFormView):
    def get(self, request: HttpRequest, slug: str, pk: int) -> HttpResponse:
        instance = self.get_object(pk, Action.EDIT)
        return self._render(request, self._form(request, instance, None), instance)

    def post(self, request: HttpRequest, slug: str, pk: int) -> HttpResponse:
        instance = self.get_object(pk, Action.EDIT)
        # The form validates its own copy; the service applies the cleaned data to `instance`.
        form = self._form(request, self.get_object(pk, Action.EDIT), None)
        return self._save(request, form, instance)


class RecordDeleteView(RecordAccessMixin, View):
    action = Action.EDIT

    def get(self, request: HttpRequest, slug: str, pk: int) -> HttpResponse:
        instance = self.get_object(pk, Action.EDIT)
        return render(
            request,
            "core/backoffice/confirm_delete.html",
            self.page_context(object=instance, object_url=self.register.object_url(instance)),
        )

    def post(self, request: HttpRequest, slug: str, pk: int) -> HttpResponse:
        register, rt = self.register, self.record_type
        instance = self.get_object(pk, Action.EDIT)
        parent = getattr(instance, rt.parent_field) if rt.parent_field else None
        label = str(instance)
        try:
            register.delete(user=signed_in(request.user), record_type=rt, instance=instance)
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect(register.object_url(instance))
        messages.success(request, _("已删除：%(record)s") % {"record": label})
        if parent is not None:
            return redirect(register.object_url(parent))
        return redirect(register.url("list", rt.slug))


class RecordHistoryView(RecordAccessMixin, View):
    def get(self, request: HttpRequest, slug: str, pk: int) -> HttpResponse:
        instance = self.get_object(pk)
        return render(
            request,
            "core/backoffice/history.html",
            self.page_context(
                object=instance,
                object_url=self.register.object_url(instance),
                entries=history_entries(self.register, request.user, instance),
            ),
        )
