"""Writes to the workforce records: one generic create/update/delete path for every kind, with the
rules that keep derived columns and dated timelines consistent. Permissions and scope are checked
here; locking, validation, saving and the audit entry are the platform's audited write path
(core.services, ADR 0014); django-simple-history keeps every version for the history pages."""

from datetime import timedelta
from typing import Any, TypeVar

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hongdun.accounts.models import User
from hongdun.core.exceptions import ApplicationError
from hongdun.core.scope import Action, instance_in_reach, permits, restrict
from hongdun.core.services import audited_delete, audited_save
from hongdun.workforce.derivations import InstanceValues, UnitTimeline
from hongdun.workforce.models import (
    Person,
    PoolMembership,
    RankRecord,
    UnitMembership,
)
from hongdun.workforce.permissions import PERSONAL_FIELDS, kind_of
from hongdun.workforce.person_times import person_times_batch
from hongdun.workforce.registry import derive_hook
from hongdun.workforce.selectors import pool_criteria_check

ModelT = TypeVar("ModelT", bound=models.Model)


def _check_scope(user: User, instance: models.Model) -> None:
    """The record, as it is about to be saved, must lie within the user's edit reach."""
    if not permits(user, kind_of(instance), Action.EDIT):
        raise ApplicationError(_("您没有编辑此类记录的权限。"))
    if not instance_in_reach(user, instance, Action.EDIT, unplaced=True):
        raise ApplicationError(
            _("所选单位或人员不在您的管理范围内，请选择本单位及下级单位的记录。"),
            field="unit",
        )


def _stored_in_reach(user: User, instance: models.Model) -> bool:
    """The record as stored (not as edited in memory) lies within the user's edit reach."""
    stored = type(instance)._default_manager.filter(pk=instance.pk)
    return restrict(stored, user, Action.EDIT).exists()


def _redacted(model: type[models.Model] | models.Model) -> frozenset[str]:
    """Fields recorded in the audit log as changed, never by value: personal data, and family
    members entirely (RecordKind.FAMILY is personal data through and through)."""
    name = model._meta.model_name or ""
    if name == "familymember":
        return frozenset(f.name for f in model._meta.concrete_fields)
    return PERSONAL_FIELDS.get(name, frozenset())


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


def record_save(*, user: User, instance: ModelT, data: dict[str, Any] | None = None) -> ModelT:
    """Create (no pk) or update `instance` with `data` (field name -> value) for `user`, through
    the platform's audited write path; the rules of the kind run as its prepare/after-save steps."""
    creating = instance.pk is None
    if not creating and not _stored_in_reach(user, instance):
        raise ApplicationError(_("您没有编辑此记录的权限。"))

    def prepare(record: ModelT) -> None:
        _prepare(record)
        _check_scope(user, record)
        # Before validation: a new open rank or unit closes the previous one, or the "one open
        # row" constraint would refuse it. A later failure rolls the closing back with the rest.
        _before_save(record, creating=creating)

    def after_save(record: ModelT, stored: ModelT | None) -> None:
        _after_save(record, creating=creating, old_unit_id=getattr(stored, "unit_id", None))

    return audited_save(
        instance=instance,
        actor=user,
        data=data,
        redact=_redacted(instance),
        prepare=prepare,
        after_save=after_save,
    )


@transaction.atomic
def record_delete(*, user: User, instance: models.Model) -> None:
    """Delete a record the user may edit; records others depend on are refused with the reason."""
    if instance.pk is None or not _stored_in_reach(user, instance):
        raise ApplicationError(_("您没有删除此记录的权限。"))
    # A person, session or class takes its attendance rows with it: their person-times are
    # recomputed once, after the cascade, not once per row.
    with person_times_batch():
        audited_delete(instance=instance, actor=user, redact=_redacted(instance))
