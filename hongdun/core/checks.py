"""System checks that keep the scope table and the apps' declarations in step (ADR 0013)."""

from typing import Any

from django.apps import apps
from django.core.checks import CheckMessage, Error


def check_scope_table(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Every kind the role table names is declared by an app, every declared kind has a row (or
    nobody could reach it), and every declared model exists with the lookups it names."""
    from hongdun.accounts.roles import DerivedRole, Role
    from hongdun.core.scope import registered_kinds, registered_models
    from hongdun.core.scope_rules import RULES

    errors: list[CheckMessage] = []
    kinds = registered_kinds()
    known_roles = set(Role.values) | set(DerivedRole.values)
    for kind, row in RULES.items():
        if kind not in kinds:
            errors.append(
                Error(
                    f"The scope table names the record kind {kind!r}, which no app declares.",
                    hint="Call register_kind() in the app's ready(), or remove the row.",
                    id="core.E013",
                )
            )
        for role in row:
            if role not in known_roles:
                errors.append(
                    Error(
                        f"The scope table's row {kind!r} names an unknown role {role!r}.",
                        id="core.E014",
                    )
                )
    for kind in kinds:
        if kind not in RULES:
            errors.append(
                Error(
                    f"The record kind {kind!r} has no row in the scope table: nobody reaches it.",
                    hint="Add a row to hongdun/core/scope_rules.py.",
                    id="core.E015",
                )
            )
    for label, spec in registered_models().items():
        model = apps.get_model(label)
        for lookup in (
            *(spec.unit_lookups or ()),
            *([spec.owner_lookup] if spec.owner_lookup else []),
        ):
            try:
                _field_path(model, lookup)
            except LookupError as error:
                errors.append(
                    Error(f"{label}: the scope lookup {lookup!r} is wrong: {error}", id="core.E016")
                )
    return errors


def _field_path(model: Any, lookup: str) -> None:
    current = model
    for part in lookup.split("__"):
        try:
            field = current._meta.get_field(part)
        except Exception as error:
            raise LookupError(str(error)) from error
        if not field.is_relation:
            raise LookupError(f"{part!r} is not a foreign key")
        current = field.related_model
