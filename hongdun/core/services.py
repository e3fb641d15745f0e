"""Writes shared by every app."""

from typing import Any

from django.db import models

from hongdun.accounts.models import User
from hongdun.core.models import AuditLog


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
