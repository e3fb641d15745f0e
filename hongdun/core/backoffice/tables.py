"""Cells and tables: one field of a record as the user may see it, and the django-tables2 table
that a record type's list (and its children on a detail page) is drawn with.

The tables are declared the django-tables2 way (columns, `render_<name>` methods, `Meta` attrs and
row attrs), but their body is drawn by `BackOfficeTable.body`: each column's drawing function is
worked out once per table and called once per cell with the record, and the template writes the
prepared rows in one pass. django-tables2's own per-cell path (an accessor, a signature inspection
and an attribute computation for every cell) took about 45 % of a queue page; it is still used
for a column that needs it (one whose render wants the cell's value, or with a link or computed
cell attributes)."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property
from html import escape as html_escape
from typing import Any, ClassVar

import django_tables2 as tables
from django.db import models
from django.template import Context
from django.template.base import render_value_in_context
from django.utils.html import format_html
from django.utils.safestring import SafeData, SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tables2.rows import BoundRow
from django_tables2.utils import AttributeDict, computed_values, signature

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


@dataclass(frozen=True)
class BodyRow:
    """One drawn row of a table's body: the <tr> attributes and its <td> cells (escaped, safe
    HTML)."""

    attrs: SafeString
    cells: SafeString


# A drawing function's answer for a cell it cannot draw: django-tables2 draws it.
_PER_CELL = object()


def _computed(attrs: Mapping[str, Any]) -> bool:
    """Whether an attribute mapping holds a callable (at any depth): computed per record."""
    return any(
        callable(value) or (isinstance(value, Mapping) and _computed(value))
        for value in attrs.values()
    )


def _caller(fn: Callable[..., Any], available: Mapping[str, Any]) -> Callable[[Any], Any] | None:
    """`fn` as a function of the record, given django-tables2's keyword arguments once (None
    when it wants more than `available` and the record: the cell's value, its row)."""
    names, catch_all = signature(fn)
    if catch_all is not None or not set(names) <= {"record", *available}:
        return None
    fixed = {name: available[name] for name in names if name != "record"}
    if "record" not in names:
        return lambda record: fn(**fixed)
    return lambda record: fn(record=record, **fixed)


class BackOfficeTable(tables.Table):
    """Every back-office table draws with the same template. `headers` declares the columns as
    (name, label) pairs, each drawn by the table's `render_<name>` method; `empty_testid` marks
    the empty row for pages whose tests look for it.

    The template writes `body`: every cell drawn once by its column's render function, the
    row attributes computed once per row, so a page of 25 rows costs what its render methods
    cost. The HTML is the one django-tables2's rows would give (same attributes, even/odd
    classes, escaping and localisation of values)."""

    headers: ClassVar[tuple[tuple[str, Any], ...]] = ()
    empty_testid = ""

    def __init__(
        self, data: Any, *, extra_columns: list[tuple[str, tables.Column]] | None = None
    ) -> None:
        declared = [(name, column(label)) for name, label in self.headers]
        super().__init__(data, extra_columns=declared + (extra_columns or []))

    @cached_property
    def head(self) -> SafeString:
        """The header cells: each column's <th> attributes and its escaped label."""
        context = Context(autoescape=True)
        cells = [
            f"<th {column.attrs['th'].as_html()}>"
            f"{render_value_in_context(column.header, context)}</th>"
            for column in self.columns
        ]
        return mark_safe("".join(cells))  # noqa: S308 - every piece was escaped above

    @cached_property
    def body(self) -> list[BodyRow]:
        columns = list(self.columns)
        drawers = [self._drawer(column) for column in columns]
        static_td = not _computed(self.attrs)
        tds: list[SafeString | None] = [
            column.attrs["td"].as_html()
            if static_td and not _computed(column.column.attrs)
            else None
            for column in columns
        ]
        row_attrs = self._row_attrs_of()
        context = Context(autoescape=True)  # as the template would: localised, escaped
        rows = []
        for index, record in enumerate(self.data):
            bound_row: BoundRow | None = None
            cells = []
            for column, drawer, td in zip(columns, drawers, tds, strict=True):
                value = drawer(record) if drawer is not None else _PER_CELL
                if value is _PER_CELL:  # django-tables2's own path: accessor, links, defaults
                    bound_row = bound_row or BoundRow(record, table=self)
                    value = bound_row.get_cell(column.name)
                if td is None:  # attributes computed from the record and the cell
                    column.current_record, column.current_value = record, value
                    td = column.attrs["td"].as_html()
                # A string is only escaped (unless already safe); other values are localised
                # first (dates, numbers), as the template engine does.
                if isinstance(value, str):
                    html = value if isinstance(value, SafeData) else html_escape(value)
                else:
                    html = render_value_in_context(value, context)
                cells.append(f"<td {td}>{html}</td>")
            attrs = row_attrs(record)
            parity = "odd" if index % 2 else "even"
            attrs["class"] = f"{attrs['class']} {parity}" if attrs.get("class") else parity
            rows.append(
                BodyRow(
                    attrs=AttributeDict(attrs).as_html(),
                    cells=mark_safe("".join(cells)),  # noqa: S308 - every piece was escaped above
                )
            )
        return rows

    def _drawer(self, column: Any) -> Callable[[Any], Any] | None:
        """The column's render function as a function of the record, when it needs nothing else
        (every column the platform declares); None, or `_PER_CELL` from it, sends a cell through
        django-tables2's per-cell path."""
        if column.link or column.column.empty_values:
            return None
        if getattr(column.render, "__func__", None) is tables.Column.render:
            # No render method: the value itself, straight from a row of plain values (a dict
            # holding the column's key, as django-tables2's accessor reads it first).
            key = str(column.accessor)
            return lambda record: (
                record[key] if isinstance(record, dict) and key in record else _PER_CELL
            )
        available = {"table": self, "column": column.column, "bound_column": column}
        return _caller(column.render, available)

    def _row_attrs_of(self) -> Callable[[Any], dict[str, Any]]:
        """`Meta.row_attrs` as a function of the record (values may be functions of the record
        and the table), each function's arguments worked out once."""
        kwargs = {"table": self}
        parts: list[tuple[str, Any, Callable[[Any], Any] | None]] = []
        for key, value in self.row_attrs.items():
            caller = _caller(value, kwargs) if callable(value) else None
            if isinstance(value, Mapping) or (callable(value) and caller is None):
                return lambda record: computed_values(self.row_attrs, {**kwargs, "record": record})
            parts.append((key, value, caller))

        def attrs(record: Any) -> dict[str, Any]:
            return {key: value if fn is None else fn(record) for key, value, fn in parts}

        return attrs

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
