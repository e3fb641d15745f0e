"""Who may use which template, over which units, and whether personal-data columns are shown.

A thin adapter over ``hongdun.workforce.permissions`` so that the Excel views, services and tests
ask one place.
"""

from typing import Any

from hongdun.accounts.roles import Role, has_any_role
from hongdun.workforce.excel.kinds import ExcelKind


def can_import(user: Any, kind: ExcelKind) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and has_any_role(
        user, kind.importer_roles
    )


def can_export(user: Any, kind: ExcelKind) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and has_any_role(user, kind.reader_roles)


def scope_unit_ids(user: Any) -> set[int] | None:
    """None = every unit; otherwise the ids of the units whose records the user may touch."""
    if has_any_role(user, {Role.ADMINISTRATOR, Role.PERSONNEL, Role.DISCIPLINE, Role.LEADER}):
        return None
    return set()


def can_see_personal(user: Any) -> bool:
    return has_any_role(user, {Role.PERSONNEL, Role.ADMINISTRATOR})
