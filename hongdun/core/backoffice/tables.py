"""Cells and tables: one field of a record as the user may see it, and the django-tables2 table
that a record type's list (and its children on a detail page) is drawn with."""

from dataclasses import dataclass
from typing import Any, ClassVar

import django_tables2 as tables
from django.db import models
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hongdun.accounts.types import AnyUser
from hongdun.core.backoffice.records import RecordType, Register, model_field

EMPTY = "—"


@dataclass(frozen=True)
class Cell:
    label: str
    value: Any
    url: str = ""


def field_cell(
    register: Register, user: AnyUser, instance: models.Model, name: str, *, link: bool = True
) -> Cell:
    """One field of a record as the user may see it: choice labels, linked records, masks."""
    field = model_field(type(instance), name)
    label = str(field.verbose_name)
    if isinstance(field, models.ForeignKey):
        related = getattr(instance, name)
        if related is None:
            return Cell(label, EMPTY)
        value = register.display(user, instance, name, str(related))
        url = register.object_url(related) if link and value == str(related) else ""
        return Cell(label, value, url)
    raw = getattr(instance, name)
    if isinstance(field, models.BooleanField):
        return Cell(label, _("是") if raw else _("否"))
    if field.choices:
        shown = getattr(instance, f"get_{name}_display")() if raw not in (None, "") else EMPTY
    else:
        shown = raw if raw not in (None, "") else EMPTY
    return Cell(label, register.display(user, instance, name, shown))


def detail_cells(
    register: Register, user: AnyUser, record_type: RecordType, instance: models.Model
) -> list[Cell]:
    """Every stored field, the form's first and in its order, for the detail page."""
    names = list(record_type.form_fields)
    for field in instance._meta.concrete_fields:
        if field.name not in names and field.name not in {"id", "created_at", "updated_at"}:
            names.append(field.name)
    return [field_cell(register, user, instance, name) for name in names]


def column(verbose_name: Any, **kwargs: Any) -> tables.Column:
    """A column whose `render_<name>` method draws every cell, empty values included."""
    return tables.Column(verbose_name=verbose_name, empty_values=(), orderable=False, **kwargs)


def status_badge(status: str, label: Any) -> str:
    return format_html('<span class="status status-{}">{}</span>', status, label)


def link_cell(url: str, text: Any, note: Any = "") -> str:
    """A link to the row's page, with a small second line (its number, say) when given."""
    if not note:
        return format_html('<a href="{}">{}</a>', url, text)
    return format_html('<a href="{}">{}</a><br><small class="muted">{}</small>', url, text, note)


class FieldColumn(tables.Column):
    """A declared field, rendered through `field_cell` (masks and links included)."""

    def __init__(self, *, register: Register, user: AnyUser, name: str, verbose_name: str) -> None:
        super().__init__(verbose_name=verbose_name, accessor="pk", orderable=False, empty_values=())
        self.register = register
        self.user = user
        self.name = name

    def render(self, record: models.Model) -> Any:
        cell = field_cell(self.register, self.user, record, self.name)
        if cell.url:
            return format_html('<a href="{}">{}</a>', cell.url, cell.value)
        return cell.value

    def value(self, record: models.Model) -> Any:
        return field_cell(self.register, self.user, record, self.name, link=False).value


class OpenColumn(tables.Column):
    """The row's "查看" link."""

    def __init__(self, register: Register) -> None:
        super().__init__(verbose_name="", accessor="pk", orderable=False, empty_values=())
        self.register = register

    def render(self, record: models.Model) -> Any:
        return format_html('<a href="{}">{}</a>', self.register.object_url(record), _("查看"))


class BackOfficeTable(tables.Table):
    """Every back-office table draws with the same template. `headers` declares the columns as
    (name, label) pairs, each drawn by the table's `render_<name>` method; `empty_testid` marks
    the empty row for pages whose tests look for it."""

    headers: ClassVar[tuple[tuple[str, Any], ...]] = ()
    empty_testid = ""

    def __init__(
        self, data: Any, *, extra_columns: list[tuple[str, tables.Column]] | None = None
    ) -> None:
        declared = [(name, column(label)) for name, label in self.headers]
        super().__init__(data, extra_columns=declared + (extra_columns or []))

    class Meta:
        template_name = "core/backoffice/includes/table.html"
        attrs = {"class": "striped compact"}
        orderable = False
        empty_text = gettext_lazy("没有记录。")


class RecordTable(BackOfficeTable):
    """The columns of a record type's list, built from its declaration."""

    def __init__(
        self,
        data: Any,
        *,
        register: Register,
        record_type: RecordType,
        user: AnyUser,
        fields: tuple[str, ...] | None = None,
    ) -> None:
        names = fields if fields is not None else record_type.list_fields
        columns: list[tuple[str, tables.Column]] = [
            (
                name,
                FieldColumn(
                    register=register,
                    user=user,
                    name=name,
                    verbose_name=str(record_type.field(name).verbose_name),
                ),
            )
            for name in names
        ]
        if fields is None:
            columns.append(("open", OpenColumn(register)))
        super().__init__(data, extra_columns=columns)


class QueueTable(BackOfficeTable):
    """A work queue: rows and the empty row carry the test ids the queue pages are checked by."""

    empty_testid = "queue-empty"

    class Meta(BackOfficeTable.Meta):
        attrs = {"class": "striped queue", "data-testid": "queue"}
        # Values may be callables of the row's record (a colour by deadline, say).
        row_attrs: dict[str, Any] = {"data-testid": "queue-row"}
