"""Who may use which template, over which units, and which columns they see.

A thin adapter over the scope rule (``hongdun.core.scope``, ADR 0007, ADR 0013), which alone
decides: importing needs the right to edit the kind's records and to run imports; exporting needs
the right to read them; rows are limited to the units of the user's scope; columns the user may
not see (personal data, confidential integrity texts) are left out of templates and exports.
"""

from collections.abc import Callable
from typing import Any

from django.db.models import Q, QuerySet

from hongdun.accounts.types import AnyUser
from hongdun.core.scope import Action, permits, restrict, unit_condition, unit_ids_in_reach
from hongdun.workforce import permissions as perms
from hongdun.workforce.excel.cells import Column
from hongdun.workforce.excel.kinds import ExcelKind


def can_use(user: AnyUser) -> bool:
    return perms.can_use_workforce(user)


def can_import(user: AnyUser, kind: ExcelKind) -> bool:
    return permits(user, kind.record_kind, Action.EDIT) and permits(
        user, perms.RecordKind.IMPORTS, Action.EDIT
    )


def can_export(user: AnyUser, kind: ExcelKind) -> bool:
    return permits(user, kind.record_kind)


def import_unit_ids(user: AnyUser, kind: ExcelKind) -> set[int]:
    """The units whose records this user may write with an import of this kind."""
    # No workforce grant reaches the whole bureau (None); were one added, imports fail closed.
    return set(unit_ids_in_reach(user, kind.record_kind, Action.EDIT) or ())


def can_see_personal(user: AnyUser) -> bool:
    return perms.can_see_personal_data(user)


def visible_columns(user: AnyUser, kind: ExcelKind, columns: list[Column]) -> list[Column]:
    """Leave out personal-data columns and any field the permissions hide from this user."""
    hidden = perms.hidden_fields(user, kind.model)
    personal = can_see_personal(user)
    return [c for c in columns if (personal or not c.personal) and c.attribute not in hidden]


def export_scope(user: AnyUser, queryset: QuerySet[Any]) -> QuerySet[Any]:
    return restrict(queryset, user, Action.VIEW)


def unit_filter(kind: ExcelKind, unit_ids: list[int]) -> Q | None:
    return unit_condition(kind.model, unit_ids)


def editable_pks(user: AnyUser, kind: ExcelKind) -> Callable[[list[Any]], set[Any]]:
    """For the import: which of the given stored records of the kind this user may change."""

    def allowed(pks: list[Any]) -> set[Any]:
        found: set[Any] = set()
        manager = kind.model._default_manager
        for start in range(0, len(pks), 500):
            qs = manager.filter(pk__in=pks[start : start + 500])
            found.update(restrict(qs, user, Action.EDIT).values_list("pk", flat=True))
        return found

    return allowed
