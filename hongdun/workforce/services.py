"""Writes to the workforce records: one generic create/update/delete path for every kind, with the
rules that keep derived columns and dated timelines consistent. Each call is one transaction that
checks permissions and scope, validates (constraints included), saves, and writes the audit log;
django-simple-history records who changed what and when."""

from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models.deletion import ProtectedError, RestrictedError
from django.utils import timezone
from django.utils.translation import gettext as _

from hongdun.core.exceptions import ApplicationError
from hongdun.core.services import audit_record
from hongdun.workforce.derivations import InstanceValues, UnitTimeline
from hongdun.workforce.models import (
    Person,
    PoolMembership,
    RankRecord,
    UnitMembership,
)
from hongdun.workforce.permissions import (
    MODEL_SCOPE,
    PERSONAL_FIELDS,
    SUBJECT_SCOPED,
    Action,
    ModelT,
    can_act_on,
    can_edit,
    kind_of,
    visible_unit_ids,
)
from hongdun.workforce.person_times import person_times_batch
from hongdun.workforce.registry import derive_hook
from hongdun.workforce.selectors import pool_criteria_check


def _scoping_unit_ids(instance: models.Model) -> list[int | None]:
    """The unit(s) that scope this record (see permissions.MODEL_SCOPE), read from the instance."""
    name = instance._meta.model_name or ""
    if name in SUBJECT_SCOPED:
        unit_id = getattr(instance, "unit_id", None)
        if unit_id is not None:
            return [unit_id]
        person = getattr(instance, "person", None)
        return [person.unit_id if person is not None else None]
    path = MODEL_SCOPE[name][1]
    if path is None:
        return []
    target: Any = instance
    parts = path.split("__")
    for part in parts[:-1]:
        target = getattr(target, part, None)
        if target is None:
            return [None]
    return [getattr(target, f"{parts[-1]}_id", None)]


def _check_scope(user: Any, instance: models.Model) -> None:
    kind = kind_of(instance)
    if not can_edit(user, kind):
        raise ApplicationError(_("您没有编辑此类记录的权限。"))
    allowed = visible_unit_ids(user, kind, Action.EDIT)
    for unit_id in _scoping_unit_ids(instance):
        if unit_id is not None and unit_id not in allowed:
            raise ApplicationError(
                _("所选单位或人员不在您的管理范围内，请选择本单位及下级单位的记录。"),
                field="unit",
            )


def _snapshot(instance: models.Model) -> dict[str, Any]:
    """Field values for the audit log; personal data is recorded as changed, never as a value."""
    personal = PERSONAL_FIELDS.get(instance._meta.model_name or "", frozenset())
    values: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if field.name in {"created_at", "updated_at"}:
            continue
        value = getattr(instance, field.attname)
        if field.name in personal or instance._meta.model_name == "familymember":
            values[field.name] = "***" if value else ""
        elif isinstance(value, date):
            values[field.name] = value.isoformat()
        elif value is None or isinstance(value, bool | int | str):
            values[field.name] = value
        else:
            values[field.name] = str(value)
    return values


def _validation_to_application_error(error: ValidationError) -> ApplicationError:
    if hasattr(error, "error_dict"):
        field, messages = next(iter(error.message_dict.items()))
        return ApplicationError(" ".join(messages), field=None if field == "__all__" else field)
    return ApplicationError(" ".join(error.messages))


# --- derived columns and timelines -------------------------------------------------------------


def _prepare(instance: models.Model) -> None:
    """Fill the columns copied from related rows (the unit on the day, a session's date …) with
    the record type's derive hook, the one the Excel import runs too; what cannot be derived is
    refused with the field at fault."""
    hook = derive_hook(type(instance))
    if hook is None:
        return
    problems = hook(InstanceValues(instance), UnitTimeline())
    if problems:
        attribute, message, fix = problems[0]
        raise ApplicationError(f"{message}{fix}", field=attribute)


def _close_previous_open(model: type[RankRecord] | type[UnitMembership], instance: Any) -> None:
    """A new open rank or unit ends the previous open one the day before it starts."""
    if instance.end_date is not None:
        return
    previous = (
        model.objects.select_for_update()
        .filter(person_id=instance.person_id, end_date__isnull=True)
        .exclude(pk=instance.pk)
        .first()
    )
    if previous is None:
        return
    if previous.start_date >= instance.start_date:
        raise ApplicationError(
            _("开始日期须晚于当前记录的开始日期 %(date)s。") % {"date": previous.start_date},
            field="start_date",
        )
    previous.end_date = instance.start_date - timedelta(days=1)
    previous.save(update_fields=["end_date", "updated_at"])


def _before_save(instance: models.Model, *, creating: bool) -> None:
    if isinstance(instance, RankRecord | UnitMembership):
        _close_previous_open(type(instance), instance)
    if (
        isinstance(instance, PoolMembership)
        and creating
        and instance.pool_id
        and instance.person_id
        and instance.start_date
    ):
        check = pool_criteria_check(instance.pool, instance.person, on=instance.start_date)
        if not check.eligible:
            raise ApplicationError(_("不符合入库条件：") + " ".join(check.failures), field="person")


def _after_save(instance: models.Model, *, creating: bool, old_unit_id: int | None) -> None:
    if isinstance(instance, Person):
        _person_unit_follow(instance, creating=creating, old_unit_id=old_unit_id)
    elif isinstance(instance, UnitMembership) and instance.end_date is None:
        Person.objects.filter(pk=instance.person_id).exclude(unit_id=instance.unit_id).update(
            unit_id=instance.unit_id
        )


def _person_unit_follow(person: Person, *, creating: bool, old_unit_id: int | None) -> None:
    """Keep the dated memberships in step with the person's current unit."""
    today = timezone.localdate()
    if creating:
        start = person.bureau_join_date or person.work_start_date or today
        UnitMembership.objects.create(person=person, unit_id=person.unit_id, start_date=start)
        return
    if old_unit_id == person.unit_id:
        return
    current = (
        UnitMembership.objects.select_for_update()
        .filter(person=person, end_date__isnull=True)
        .first()
    )
    if current is not None and current.start_date >= today:
        current.unit_id = person.unit_id
        current.save(update_fields=["unit", "updated_at"])
        return
    if current is not None:
        current.end_date = today - timedelta(days=1)
        current.save(update_fields=["end_date", "updated_at"])
    UnitMembership.objects.create(person=person, unit_id=person.unit_id, start_date=today)


# --- the generic write path ------------------------------------------------------------------


@transaction.atomic
def record_save(*, user: Any, instance: ModelT, data: dict[str, Any] | None = None) -> ModelT:
    """Create (no pk) or update `instance` with `data` (field name -> value) for `user`."""
    creating = instance.pk is None
    if not creating and not can_act_on(user, instance, Action.EDIT):
        raise ApplicationError(_("您没有编辑此记录的权限。"))
    before = None
    old_unit_id = None
    if not creating:
        stored = type(instance)._default_manager.select_for_update().get(pk=instance.pk)
        before = _snapshot(stored)
        old_unit_id = getattr(stored, "unit_id", None)
    for name, value in (data or {}).items():
        setattr(instance, name, value)
    _prepare(instance)
    _check_scope(user, instance)
    # Before validation: a new open rank or unit closes the previous one, or the "one open row"
    # constraint would refuse it. A later failure rolls the closing back with the transaction.
    _before_save(instance, creating=creating)
    try:
        instance.full_clean()
    except ValidationError as error:
        raise _validation_to_application_error(error) from error
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError as error:
        raise ApplicationError(_("与已有记录重复或不一致，请检查后再保存。")) from error
    _after_save(instance, creating=creating, old_unit_id=old_unit_id)
    audit_record(
        actor=user,
        action=f"workforce.{instance._meta.model_name}.{'create' if creating else 'update'}",
        instance=instance,
        before=before,
        after=_snapshot(instance),
    )
    return instance


@transaction.atomic
def record_delete(*, user: Any, instance: models.Model) -> None:
    """Delete a record the user may edit; records others depend on are refused with the reason."""
    if not can_act_on(user, instance, Action.EDIT):
        raise ApplicationError(_("您没有删除此记录的权限。"))
    before = _snapshot(instance)
    label = str(instance)
    try:
        # A person, session or class takes its attendance rows with it: their person-times are
        # recomputed once, after the cascade, not once per row.
        with transaction.atomic(), person_times_batch():
            audit_record(
                actor=user,
                action=f"workforce.{instance._meta.model_name}.delete",
                instance=instance,
                before=before,
            )
            instance.delete()
    except (ProtectedError, RestrictedError) as error:
        raise ApplicationError(
            _("“%(record)s”仍被其他记录引用（如任职、出勤、捐款），不能删除。") % {"record": label}
        ) from error
