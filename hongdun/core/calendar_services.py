"""Administrators' edits of the working-day calendar (节假日调整), audited."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from hongdun.accounts.models import User
from hongdun.accounts.roles import Role, has_any_role
from hongdun.core.exceptions import ApplicationError
from hongdun.core.models import HolidayOverride
from hongdun.core.services import audit_record

CALENDAR_EDITORS = frozenset({Role.ADMINISTRATOR})


def _require_editor(user: User) -> None:
    if not (has_any_role(user, CALENDAR_EDITORS) or getattr(user, "is_superuser", False)):
        raise PermissionDenied


def holiday_override_create(
    *, user: User, date: datetime.date, kind: str, name: str, note: str = ""
) -> HolidayOverride:
    _require_editor(user)
    name, note = name.strip(), note.strip()
    if kind not in HolidayOverride.Kind.values:
        raise ApplicationError(_("请选择休息日或调休上班日。"), field="kind")
    if not name:
        raise ApplicationError(_("请填写名称，例如“春节”。"), field="name")
    if HolidayOverride.objects.filter(date=date).exists():
        raise ApplicationError(
            _("%(date)s 已有调整记录，请先删除它。") % {"date": date.isoformat()}, field="date"
        )
    try:
        with transaction.atomic():
            override = HolidayOverride.objects.create(
                date=date, kind=kind, name=name[:100], note=note
            )
            audit_record(
                actor=user,
                action="calendar.override_create",
                instance=override,
                after={"date": date.isoformat(), "kind": kind, "name": override.name},
            )
    except IntegrityError as error:  # a concurrent entry for the same date
        raise ApplicationError(
            _("%(date)s 已有调整记录，请先删除它。") % {"date": date.isoformat()}, field="date"
        ) from error
    return override


@transaction.atomic
def holiday_override_delete(*, user: User, override: HolidayOverride) -> None:
    _require_editor(user)
    before = {
        "date": override.date.isoformat(),
        "kind": override.kind,
        "name": override.name,
    }
    audit_record(actor=user, action="calendar.override_delete", instance=override, before=before)
    override.delete()
