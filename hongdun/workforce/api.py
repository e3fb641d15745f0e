"""Read-only JSON API of the workforce records, for the bureau's own reporting tools.

It answers exactly what the back-office pages show the same user (permissions.py, ADR 0007): the
same record kinds, the same unit subtree, the same masks on personal data and on the discipline
office's confidential texts. The figures computed from these records have their endpoint in
`hongdun.reporting.workforce.api`. Writes stay in the pages, where forms, previews and the history
are.
"""

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.paginator import EmptyPage, Paginator
from django.db import models
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from hongdun.accounts.types import AnyUser
from hongdun.core.backoffice.filters import RecordFilterSet
from hongdun.core.exceptions import ApplicationError
from hongdun.core.scope import permits, restrict
from hongdun.workforce.permissions import KIND_LABELS, display_value
from hongdun.workforce.registry import RECORD_TYPES, RecordType, model_field, record_type_for
from hongdun.workforce.views.records import REGISTER

PAGE_SIZE = 50
HIDDEN = frozenset({"created_at", "updated_at"})


def form_error(form: Any) -> ApplicationError:
    """The first invalid parameter, named by its label, with the form's translated message."""
    name, errors = next(iter(form.errors.items()))
    if name == "__all__":
        return ApplicationError(str(errors[0]))
    label = form.fields[name].label or name
    return ApplicationError(
        _("%(label)s（%(name)s）：%(error)s") % {"label": label, "name": name, "error": errors[0]},
        field=name,
    )


def json_value(value: Any) -> Any:
    """Dates as ISO strings, decimals as strings (exact: "68.0" stays "68.0"), containers walked."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {key: json_value(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [json_value(item) for item in value]
    return value


def record_fields(record_type: RecordType, *, detail: bool) -> list[str]:
    """The list columns of the kind; on a detail, every stored field as on the detail page."""
    names = list(record_type.list_fields)
    if detail:
        names += [n for n in record_type.form_fields if n not in names]
        names += [
            f.name
            for f in record_type.model._meta.concrete_fields
            if f.name not in names and f.name not in HIDDEN and f.name != "id"
        ]
    return names


def record_as_json(user: AnyUser, instance: models.Model, names: list[str]) -> dict[str, Any]:
    """Field values as the user may see them: foreign keys and choices as value and label, and
    every field the user may not read replaced by its mask (`display_value`), never the value."""
    body: dict[str, Any] = {"id": instance.pk}
    for name in names:
        field = model_field(type(instance), name)
        if isinstance(field, models.ForeignKey):
            related = getattr(instance, name)
            if related is None:
                body[name] = None
                continue
            label = display_value(user, instance, name, str(related))
            shown_id = related.pk if label == str(related) else None
            body[name] = {"id": shown_id, "label": label}
            continue
        raw = getattr(instance, name)
        if field.choices and raw not in (None, ""):
            label = getattr(instance, f"get_{name}_display")()
            masked = display_value(user, instance, name, label)
            body[name] = (
                {"value": raw, "label": str(label)} if masked == label else {"value": masked}
            )
            continue
        body[name] = json_value(display_value(user, instance, name, raw))
    return body


class WorkforceApiMixin:
    """Anonymous → 403 (IsAuthenticated); a kind the user may not read → 403; unknown → 404."""

    def record_type(self, request: Request, slug: str) -> RecordType:
        record_type = record_type_for(slug)
        if record_type is None:
            raise NotFound(_("没有这种记录。"))
        if not permits(request.user, record_type.kind):
            raise PermissionDenied(_("您无权查看这类记录。"))
        return record_type

    def records(self, record_type: RecordType) -> models.QuerySet[Any]:
        return record_type.model._default_manager.select_related(*record_type.select_related)


class WorkforceKindsApi(WorkforceApiMixin, APIView):
    """The record kinds the user may read, with their fields and filters."""

    @extend_schema(operation_id="workforce_kinds", responses={200: OpenApiTypes.OBJECT})
    def get(self, request: Request) -> Response:
        kinds = [
            {
                "slug": rt.slug,
                "name": rt.verbose_name_plural,
                "area": str(KIND_LABELS[rt.kind]),
                "fields": {n: str(model_field(rt.model, n).verbose_name) for n in rt.list_fields},
                "filters": [*rt.filters, *(["q"] if rt.search else [])]
                + (["date_from", "date_to"] if rt.date_field else []),
            }
            for rt in RECORD_TYPES
            if permits(request.user, rt.kind)
        ]
        if not kinds:
            raise PermissionDenied(_("您无权查看队伍建设记录。"))
        return Response({"kinds": kinds})


class WorkforceRecordListApi(WorkforceApiMixin, APIView):
    """Records of one kind in the user's scope, filtered like the back-office list."""

    @extend_schema(
        operation_id="workforce_record_list",
        parameters=[
            OpenApiParameter("page", OpenApiTypes.INT, required=False),
            OpenApiParameter("q", OpenApiTypes.STR, required=False, description="搜索"),
            OpenApiParameter("date_from", OpenApiTypes.DATE, required=False),
            OpenApiParameter("date_to", OpenApiTypes.DATE, required=False),
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request: Request, slug: str) -> Response:
        record_type = self.record_type(request, slug)
        params = request.query_params.copy()
        page_number = params.pop("page", ["1"])[-1]
        filterset = RecordFilterSet(
            params or None,
            queryset=restrict(self.records(record_type), request.user),
            register=REGISTER,
            record_type=record_type,
            user=request.user,
        )
        if params and not filterset.form.is_valid():
            raise form_error(filterset.form)
        queryset = filterset.qs.order_by(*(record_type.model._meta.ordering or []), "-pk")
        paginator = Paginator(queryset, PAGE_SIZE)
        if not str(page_number).isdigit() or int(page_number) < 1:
            raise ApplicationError(_("页码（page）须为正整数。"), field="page")
        try:
            page = paginator.page(int(page_number))
        except EmptyPage:
            page = paginator.page(paginator.num_pages)
        names = record_fields(record_type, detail=False)
        return Response(
            {
                "kind": record_type.slug,
                "count": paginator.count,
                "page": page.number,
                "num_pages": paginator.num_pages,
                "results": [record_as_json(request.user, obj, names) for obj in page],
            }
        )


class WorkforceRecordDetailApi(WorkforceApiMixin, APIView):
    """One record in the user's scope, every field as the detail page shows it."""

    @extend_schema(operation_id="workforce_record_detail", responses={200: OpenApiTypes.OBJECT})
    def get(self, request: Request, slug: str, pk: int) -> Response:
        record_type = self.record_type(request, slug)
        instance = restrict(self.records(record_type), request.user).filter(pk=pk).first()
        if instance is None:  # absent and out of scope look the same: no probing of ids
            raise NotFound(_("没有这条记录，或不在您的查看范围内。"))
        return Response(
            record_as_json(request.user, instance, record_fields(record_type, detail=True))
        )
