"""A record's history page: who changed what and when, newest first, masked for the reader.

Models with django-simple-history show their versions (they also record changes made outside
the services, such as migrations or the shell); others show their audit log entries (ADR 0014).
"""

from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hongdun.accounts.types import AnyUser
from hongdun.core.backoffice.records import Register, model_field
from hongdun.core.models import AuditLog


@dataclass(frozen=True)
class HistoryEntry:
    when: Any
    who: str
    action: str
    changes: list[tuple[str, Any, Any]]


HISTORY_TYPES = {"+": gettext_lazy("新增"), "~": gettext_lazy("修改"), "-": gettext_lazy("删除")}
AUDIT_VERBS = {
    "create": gettext_lazy("新增"),
    "update": gettext_lazy("修改"),
    "delete": gettext_lazy("删除"),
}


def _change(
    register: Register, user: AnyUser, instance: models.Model, name: str, old: Any, new: Any
) -> tuple[str, Any, Any]:
    return (
        str(model_field(type(instance), name).verbose_name),
        register.display(user, instance, name, old),
        register.display(user, instance, name, new),
    )


def _audit_entries(register: Register, user: AnyUser, instance: models.Model) -> list[HistoryEntry]:
    logs = AuditLog.objects.filter(
        object_type=instance._meta.label_lower, object_id=str(instance.pk)
    ).select_related("actor")
    entries = []
    for log in logs:
        before, after = log.before or {}, log.after or {}
        verb = log.action.rsplit(".", 1)[-1]
        entries.append(
            HistoryEntry(
                when=log.created_at,
                who=str(log.actor) if log.actor else _("系统"),
                action=str(AUDIT_VERBS.get(verb, verb)),
                changes=[
                    _change(register, user, instance, name, before.get(name, ""), value)
                    for name, value in after.items()
                    if before.get(name) != value and name != "id"
                ],
            )
        )
    return entries


def history_entries(
    register: Register, user: AnyUser, instance: models.Model
) -> list[HistoryEntry]:
    """Who changed what and when, newest first, with hidden fields masked."""
    history = getattr(instance, "history", None)
    if history is None:
        return _audit_entries(register, user, instance)
    records = list(history.select_related("history_user").order_by("history_date", "history_id"))
    entries = []
    previous = None
    for record in records:
        changes: list[tuple[str, Any, Any]] = []
        if previous is not None:
            delta = record.diff_against(previous)
            changes = [
                _change(register, user, instance, change.field, change.old, change.new)
                for change in delta.changes
            ]
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=str(record.history_user) if record.history_user else _("系统"),
                action=str(HISTORY_TYPES.get(record.history_type, record.history_type)),
                changes=changes,
            )
        )
        previous = record
    return list(reversed(entries))
