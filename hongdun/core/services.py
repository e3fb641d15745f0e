"""Writes shared by every app: the audit entry, and the one audited write path for a single row.

`audited_save` (create or update) and `audited_delete` do the steps every service used to write
by hand, in one order (ADR 0014): lock the row, apply the data, validate (`full_clean`, so the
model's constraints speak before the database does), snapshot the declared fields before and
after, save, write the audit entry in the same transaction, and schedule side effects with
`transaction.on_commit` so nothing leaves the process for a write that is rolled back.
"""

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models.deletion import ProtectedError, RestrictedError
from django.utils.translation import gettext as _

from hongdun.accounts.models import User
from hongdun.core.exceptions import ApplicationError
from hongdun.core.models import AuditLog

ModelT = TypeVar("ModelT", bound=models.Model)

REDACTED = "***"
# Bookkeeping columns: they change on every save and say nothing an auditor asks about.
UNAUDITED_FIELDS = frozenset({"created_at", "updated_at"})

SideEffect = Callable[[], object]


def audit_record(
    *,
    actor: User | None,
    action: str,
    instance: models.Model,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditLog:
    """Record one state change; call inside the service's transaction so both commit together."""
    return AuditLog.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        object_type=instance._meta.label_lower,
        object_id=str(instance.pk),
        object_repr=str(instance)[:255],
        before=before,
        after=after,
    )


def audit_snapshot(
    instance: models.Model,
    *,
    fields: Iterable[str] | None = None,
    redact: Collection[str] = (),
) -> dict[str, Any]:
    """The declared fields of `instance` as JSON values (all concrete fields but the timestamps
    when none are declared). Redacted fields (personal data) are recorded as changed or empty,
    never by value: the audit log is read by more people than the record."""
    names = (
        list(fields)
        if fields is not None
        else [f.name for f in instance._meta.concrete_fields if f.name not in UNAUDITED_FIELDS]
    )
    values: dict[str, Any] = {}
    for name in names:
        field = instance._meta.get_field(name)
        value = getattr(instance, getattr(field, "attname", name))
        if name in redact:
            values[name] = REDACTED if value not in (None, "") else ""
        elif isinstance(value, date | datetime):
            values[name] = value.isoformat()
        elif value is None or isinstance(value, bool | int | float | str):
            values[name] = value
        elif isinstance(value, Decimal):
            values[name] = str(value)
        else:
            values[name] = str(value)
    return values


def validation_error_to_application_error(error: ValidationError) -> ApplicationError:
    """The first field's messages, named by field, so a form can show them beside it."""
    if hasattr(error, "error_dict"):
        field, messages = next(iter(error.message_dict.items()))
        return ApplicationError(" ".join(messages), field=None if field == "__all__" else field)
    return ApplicationError(" ".join(error.messages))


def _action_name(instance: models.Model, verb: str, action: str | None) -> str:
    return action or f"{instance._meta.app_label}.{instance._meta.model_name}.{verb}"


def _locked(
    instance: ModelT, fields: Sequence[str] | None, redact: Collection[str]
) -> tuple[ModelT, dict[str, Any]]:
    """The stored row of `instance`, locked until the transaction ends, and its snapshot."""
    stored = type(instance)._default_manager.select_for_update().get(pk=instance.pk)
    return stored, audit_snapshot(stored, fields=fields, redact=redact)


def _schedule(side_effects: Iterable[SideEffect]) -> None:
    for effect in side_effects:
        transaction.on_commit(effect)


@transaction.atomic
def audited_save(
    *,
    instance: ModelT,
    actor: User | None,
    data: Mapping[str, Any] | None = None,
    action: str | None = None,
    audit_fields: Sequence[str] | None = None,
    redact: Collection[str] = (),
    prepare: Callable[[ModelT], None] | None = None,
    after_save: Callable[[ModelT, ModelT | None], None] | None = None,
    side_effects: Iterable[SideEffect] = (),
    validate_exclude: Collection[str] | None = None,
) -> ModelT:
    """Insert `instance` (not yet saved) or change its stored row, with `data` applied; audited
    as `<app>.<model>.create` or `.update` unless `action` names it.

    On update the row is locked first and the "before" snapshot read from the locked row, so two
    editors are serialised and each entry's "before" is what the database held, not what the
    form was loaded with. `prepare` runs after the data is applied and before validation (derived
    columns, rules that must see the new values); `after_save` runs in the transaction once the
    row is written, with the row as it was stored before (None on create).
    """
    creating = instance._state.adding
    stored = (
        None
        if creating
        else type(instance)._default_manager.select_for_update().get(pk=instance.pk)
    )
    before = None if stored is None else audit_snapshot(stored, fields=audit_fields, redact=redact)
    for name, value in (data or {}).items():
        setattr(instance, name, value)
    if prepare is not None:
        prepare(instance)
    try:
        instance.full_clean(exclude=validate_exclude)
    except ValidationError as error:
        raise validation_error_to_application_error(error) from error
    try:
        # A savepoint: a race that passed validation and hit a constraint leaves the outer
        # transaction usable, so the caller gets a message instead of a broken connection.
        with transaction.atomic():
            instance.save()
    except IntegrityError as error:
        raise ApplicationError(_("与已有记录重复或不一致，请检查后再保存。")) from error
    if after_save is not None:
        after_save(instance, stored)
    audit_record(
        actor=actor,
        action=_action_name(instance, "create" if creating else "update", action),
        instance=instance,
        before=before,
        after=audit_snapshot(instance, fields=audit_fields, redact=redact),
    )
    _schedule(side_effects)
    return instance


@transaction.atomic
def audited_delete(
    *,
    instance: models.Model,
    actor: User | None,
    action: str | None = None,
    audit_fields: Sequence[str] | None = None,
    redact: Collection[str] = (),
    side_effects: Iterable[SideEffect] = (),
) -> None:
    """Delete the row of `instance`, audited as `<app>.<model>.delete` with its last values.

    Rows that others still reference (PROTECT / RESTRICT) are refused with a message naming the
    record, and nothing changes.
    """
    stored, before = _locked(instance, audit_fields, redact)
    label = str(stored)
    # Written first, while the row still has its id; the savepoint below takes it back with the
    # row if the delete is refused.
    try:
        with transaction.atomic():
            audit_record(
                actor=actor,
                action=_action_name(instance, "delete", action),
                instance=instance,
                before=before,
            )
            instance.delete()
    except (ProtectedError, RestrictedError) as error:
        raise ApplicationError(
            _("“%(record)s”仍被其他记录引用，不能删除；请先删除或改挂引用它的记录。")
            % {"record": label}
        ) from error
    _schedule(side_effects)
