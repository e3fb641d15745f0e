"""What a template kind is: its Resource, natural key, owning unit, roles and export filters.

Each kind (cadres, positions, training classes, attendance, exam results, honours, evaluations,
donations) is an :class:`ExcelKind` registered in ``registry.py``. Its django-import-export
``ModelResource`` is the one definition of the columns, used for the empty template, the export
and both import paths.
"""

from collections.abc import Iterable, MutableMapping, Sequence
from typing import Any

from django.db import models
from django.utils.functional import Promise
from import_export import resources

from hongdun.accounts.types import AnyUser
from hongdun.orgs.models import Unit
from hongdun.workforce.derivations import Problem, UnitTimeline
from hongdun.workforce.excel.cells import Column, model_field
from hongdun.workforce.permissions import RecordKind
from hongdun.workforce.registry import derive_hook


class ExcelKind:
    code: str = ""
    label: "str | Promise" = ""
    sheet_title: str = ""
    resource_class: type[resources.ModelResource]
    # The kind of record in the permission rules (ADR 0007).
    record_kind: RecordKind = RecordKind.PEOPLE
    # The attribute whose unit (a Unit, or a record with a `unit`) decides the importer's scope;
    # it matches the scoping path of the model in `permissions.MODEL_SCOPE`.
    scope_attribute: str = "unit"
    notes: Sequence["str | Promise"] = ()
    # The ORM path of the year the export can be filtered by ("" = no year filter).
    year_path: str = ""
    # Attributes derived when a record is created and left alone when a re-import updates it.
    derived_on_create: tuple[str, ...] = ()

    @property
    def model(self) -> type[models.Model]:
        model: type[models.Model] = self.resource_class._meta.model
        return model

    @property
    def key(self) -> tuple[str, ...]:
        """Model attributes that identify a record across imports (re-import matches on them):
        the Resource's import_id_fields, declared once there."""
        return tuple(self.resource_class._meta.import_id_fields)

    def new_resource(self) -> resources.ModelResource:
        return self.resource_class()

    def all_columns(self, resource: resources.ModelResource | None = None) -> list[Column]:
        resource = resource or self.new_resource()
        # The order of Meta.fields is the order of the template's columns.
        ordered = (resource.fields[name] for name in resource._meta.fields)
        return [f for f in ordered if isinstance(f, Column)]

    # --- rows -------------------------------------------------------------------------------

    def row_unit(self, values: dict[str, Any]) -> Unit | None:
        value = values.get(self.scope_attribute)
        if isinstance(value, Unit):
            return value
        return getattr(value, "unit", None)

    def derive(self, values: MutableMapping[str, Any], timeline: UnitTimeline) -> list[Problem]:
        """Fill attributes that follow from the row (an attendance's class, date and unit on the
        day …) with the derive hook of the record type, the one the back-office form runs too;
        returns what cannot be derived. The kind's Resource applies it on the standard import
        path as well."""
        hook = derive_hook(self.model)
        return hook(values, timeline) if hook is not None else []

    def check_row(
        self, values: dict[str, Any], raw_row: dict[str, Any], *, user: AnyUser
    ) -> list[tuple[str, str, str]]:
        """Rules across columns: (attribute, message, fix) for each problem."""
        return []

    def stored_value(self, field_: models.Field[Any, Any], value: Any) -> Any:
        """A blank cell stores the field's default (empty text, False …) where NULL is not
        allowed."""
        if value is None and not field_.null:
            return field_.get_default()
        return value

    def new_instance(self, values: dict[str, Any], *, user: AnyUser) -> models.Model:
        model = self.model
        attrs = {}
        for attribute, value in values.items():
            field_ = model_field(model, attribute)
            attrs[attribute] = value if field_.is_relation else self.stored_value(field_, value)
        return model(**attrs)

    def after_write(self, plan: Any, *, user: AnyUser) -> None:
        """Work that must happen in the same transaction as the rows (e.g. linked records)."""

    # --- export -----------------------------------------------------------------------------

    def filter_export(self, qs: models.QuerySet[Any], filters: dict[str, Any]) -> Any:
        year = filters.get("year")
        if year and self.year_path:
            qs = qs.filter(**{self.year_path: year})
        return qs

    def export_rows(
        self, queryset: models.QuerySet[Any], columns: Sequence[Column]
    ) -> Iterable[list[Any]]:
        for obj in queryset.iterator(chunk_size=2000):
            yield [c.widget.render(c.get_value(obj)) for c in columns]
