"""Record-type declarations and the register that groups them: what a domain app writes to get a
back office (list with filters and export, detail with children, edit, delete, history).

A register subclasses `Register`, lists its `RecordType`s and answers the policy questions the
generic views ask (may this user do this, which rows, how a value is shown, which service
saves). The views never hold a rule of the domain (ADR 0002, ADR 0013, ADR 0014).
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, cast

import django_filters
from django.db import models
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.functional import Promise

from hongdun.accounts.types import AnyUser, User
from hongdun.core.backoffice.forms import RecordForm, record_form_class
from hongdun.core.scope import Action, kind_of, permits, restrict
from hongdun.core.services import audited_delete, audited_save


@dataclass(frozen=True)
class RecordType:
    """One kind of record in a register's back office, declared in a few lines."""

    slug: str
    model: type[models.Model]
    list_fields: tuple[str, ...]
    form_fields: tuple[str, ...]
    filters: tuple[str, ...] = ()
    search: tuple[str, ...] = ()
    date_field: str | None = None  # filtered by a from/to range
    parent_field: str | None = None  # the FK to the record this one is listed under
    children: tuple[tuple[str, str], ...] = ()  # (child slug, child's FK to this record)
    select_related: tuple[str, ...] = ()
    in_menu: bool = True
    export_fields: tuple[str, ...] = ()  # the Excel export's columns; default: list + form

    @property
    def verbose_name(self) -> str:
        return str(self.model._meta.verbose_name)

    @property
    def verbose_name_plural(self) -> str:
        return str(self.model._meta.verbose_name_plural)

    def field(self, name: str) -> "models.Field[Any, Any]":
        return model_field(self.model, name)

    @property
    def columns_for_export(self) -> tuple[str, ...]:
        if self.export_fields:
            return self.export_fields
        return tuple(dict.fromkeys((*self.list_fields, *self.form_fields)))


def model_field(model: type[models.Model], name: str) -> "models.Field[Any, Any]":
    """A concrete field of `model` (declarations name only concrete fields)."""
    return cast("models.Field[Any, Any]", model._meta.get_field(name))


class Register:
    """The back office of one register: its record types and the answers to the policy hooks.

    Subclasses set `namespace` (the URL namespace its pages are mounted under), `title` and
    `home_url_name` (the breadcrumb root) and `record_types`. Who may use a record type and which
    rows come from the scope table (`hongdun.core.scope`) by default; the other hooks say how
    values are shown and which service writes.
    """

    namespace: str = ""
    title: "str | Promise" = ""
    home_url_name: str = ""
    page_size = 25
    child_rows = 20
    export_limit = 50_000  # rows in one Excel export; beyond it the user narrows the filters

    def __init__(self, record_types: tuple[RecordType, ...]) -> None:
        self.record_types = record_types
        self.by_slug: Mapping[str, RecordType] = {rt.slug: rt for rt in record_types}
        self.by_model: Mapping[type[models.Model], RecordType] = {
            rt.model: rt for rt in record_types
        }

    def get(self, slug: str) -> RecordType | None:
        return self.by_slug.get(slug)

    # --- who may do what, on which rows ---------------------------------------------------

    def can(self, user: AnyUser, record_type: RecordType, action: Action) -> bool:
        """May `user` use `action` on records of this type at all (403 when not): the scope
        table's answer for the model's record kind."""
        return permits(user, kind_of(record_type.model), action)

    def restrict(self, queryset: QuerySet[Any], user: AnyUser, action: Action) -> QuerySet[Any]:
        """The rows of `queryset` the user may `action` (others answer 404): the one scope rule."""
        return restrict(queryset, user, action)

    def queryset(
        self, record_type: RecordType, user: AnyUser, action: Action = Action.VIEW
    ) -> QuerySet[Any]:
        base = record_type.model._default_manager.select_related(*record_type.select_related)
        return self.restrict(base, user, action)

    # --- how values are shown -------------------------------------------------------------

    def hidden_fields(self, user: AnyUser, model: type[models.Model]) -> frozenset[str]:
        """Fields this user may neither see nor overwrite (masked on pages, dropped from forms)."""
        return frozenset()

    def display(self, user: AnyUser, instance: models.Model, name: str, value: Any) -> Any:
        """`value` of field `name` as the user may see it (a mask when hidden from them)."""
        return value

    def object_url(self, instance: models.Model) -> str:
        record_type = self.by_model.get(type(instance))
        if record_type is None:
            return ""
        return reverse(f"{self.namespace}:detail", args=[record_type.slug, instance.pk])

    def url(self, name: str, *args: Any) -> str:
        return reverse(f"{self.namespace}:{name}", args=args)

    # --- choices, filters and forms ---------------------------------------------------------

    def related_choices(
        self,
        user: AnyUser,
        record_type: RecordType,
        field: "models.ForeignKey[Any, Any]",
        action: Action,
    ) -> QuerySet[Any]:
        """The rows a foreign-key field may choose from (forms) or filter by (lists)."""
        return self.restrict(field.related_model._default_manager.all(), user, Action.VIEW)

    def related_filter(
        self, user: AnyUser, record_type: RecordType, field: "models.ForeignKey[Any, Any]"
    ) -> django_filters.Filter:
        """The list filter of a foreign key; a register overrides it for trees (unit subtrees)."""
        return django_filters.ModelChoiceFilter(
            field_name=field.name,
            label=field.verbose_name,
            queryset=self.related_choices(user, record_type, field, Action.VIEW),
        )

    def extra_filters(
        self, user: AnyUser, record_type: RecordType
    ) -> dict[str, django_filters.Filter]:
        """List filters beyond the declared fields (one through a relation, say), by name."""
        return {}

    def search(self, queryset: QuerySet[Any], record_type: RecordType, text: str) -> QuerySet[Any]:
        """The list's `?q=`: any declared path containing the text. A register whose search
        has an index of its own (name keys, n-grams) overrides it."""
        condition = Q()
        for path in record_type.search:
            condition |= Q(**{f"{path}__icontains": text})
        return queryset.filter(condition)

    def form_class(self, record_type: RecordType) -> type[RecordForm]:
        return record_form_class(self, record_type)

    # --- writes: the service hook -----------------------------------------------------------

    def save(
        self, *, user: User, record_type: RecordType, instance: models.Model, data: dict[str, Any]
    ) -> models.Model:
        """Create or update through the register's service (default: the audited write path)."""
        return audited_save(instance=instance, actor=user, data=data)

    def save_warnings(self, record_type: RecordType, data: dict[str, Any]) -> list[str]:
        """What the user should double-check after a save that went through (shown as warnings,
        e.g. an identity number whose area code is unknown but may be right)."""
        return []

    def delete(self, *, user: User, record_type: RecordType, instance: models.Model) -> None:
        audited_delete(instance=instance, actor=user)
