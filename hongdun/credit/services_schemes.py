"""Writes of the classification schemes (docs/rules/credit.md §2, §8): a new version, and the
activation of a version. A version is never edited once created (the runs keep the version they
classified with, so a past month re-runs to the same classes): a change is a new version.

Both are for the administrators (kind "credit.scheme", edit). One version is active at a time:
the partial unique constraint `credit_one_active_scheme` settles two activations at once, and
the active row is locked while it is switched, so the loser is told instead of failing."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from hongdun.accounts.models import User
from hongdun.core.exceptions import ApplicationError
from hongdun.core.scope import Action, permits
from hongdun.core.services import audit_record, audit_snapshot
from hongdun.credit.engine.scheme import SchemeError, scheme_from_data
from hongdun.credit.models import CreditScheme
from hongdun.credit.permissions import SCHEME

SNAPSHOT_FIELDS = ("version", "name", "definition", "sampling", "note", "is_active")


def _require_editor(user: User) -> None:
    if not permits(user, SCHEME, Action.EDIT):
        raise ApplicationError(_("只有系统管理员可以新建或启用分类方案。"))


def scheme_validate(definition: Any, sampling: Any) -> None:
    """The engine's judgement of the scheme as data; its field names the wrong value."""
    try:
        scheme_from_data(definition, sampling)
    except SchemeError as error:
        raise ApplicationError(error.message, field=error.field) from error


@transaction.atomic
def scheme_create_version(data: dict[str, Any], user: User) -> CreditScheme:
    """A new, inactive version numbered after the highest, from `data` (name, note,
    definition, sampling), once the engine accepts it."""
    _require_editor(user)
    name = str(data.get("name") or "").strip()
    if not name:
        raise ApplicationError(_("名称：请填写方案名称。"), field="name")
    definition, sampling = data.get("definition"), data.get("sampling")
    scheme_validate(definition, sampling)
    latest = CreditScheme.objects.aggregate(top=Max("version"))["top"] or 0
    try:
        with transaction.atomic():
            row = CreditScheme.objects.create(
                version=latest + 1,
                name=name,
                definition=definition,
                sampling=sampling,
                note=str(data.get("note") or "").strip(),
                created_by=user,
            )
    except IntegrityError as error:
        raise ApplicationError(
            _("另一位管理员刚刚新建了版本 %(version)s，请刷新后重新提交。")
            % {"version": latest + 1}
        ) from error
    audit_record(
        actor=user,
        action="credit.scheme.create",
        instance=row,
        after=audit_snapshot(row, fields=SNAPSHOT_FIELDS),
    )
    return row


@transaction.atomic
def scheme_activate(row: CreditScheme, user: User) -> CreditScheme:
    """Make `row` the version in force (the next monthly run classifies with it)."""
    _require_editor(user)
    target = CreditScheme.objects.select_for_update().get(pk=row.pk)
    if target.is_active:
        raise ApplicationError(
            _("版本 %(version)s 已是当前启用的方案。") % {"version": target.version}
        )
    scheme_validate(target.definition, target.sampling)
    current = list(CreditScheme.objects.select_for_update().filter(is_active=True))
    try:
        with transaction.atomic():
            for previous in current:
                previous.is_active = False
                previous.save(update_fields=["is_active", "updated_at"])
            target.is_active = True
            target.activated_at = timezone.now()
            target.save(update_fields=["is_active", "activated_at", "updated_at"])
    except IntegrityError as error:
        raise ApplicationError(
            _("另一位管理员刚刚启用了其他版本，请刷新后确认要启用哪个版本。")
        ) from error
    for previous in current:
        audit_record(
            actor=user,
            action="credit.scheme.deactivate",
            instance=previous,
            before={"is_active": True},
            after={"is_active": False},
        )
    audit_record(
        actor=user,
        action="credit.scheme.activate",
        instance=target,
        before={"is_active": False},
        after={"is_active": True, "activated_at": target.activated_at.isoformat()},
    )
    return target
