"""Writes of immediate disclosures (即时信息): publish and correct, by the enterprise's own
authorised users only, each one transaction with its audit record.

The due day is `DUE_WORKING_DAYS` working days after the information arose, on the bureau's
working-day calendar; a disclosure first published after that day, in China time, is late
(《企业信息公示暂行条例》第十条; docs/rules/disclosure.md §3). A correction is a new row that
names the one it corrects; both stay public. Its timeliness is judged by when the information
was first published, against the due day of the corrected date: a typo fixed later does not
make a timely disclosure late, and a corrected date can.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hongdun.accounts.models import User
from hongdun.core.exceptions import ApplicationError
from hongdun.core.services import audit_record
from hongdun.core.workdays import add_working_days
from hongdun.disclosure.immediate import (
    DUE_WORKING_DAYS,
    DetailsInvalidError,
    clean_details,
    declaration,
)
from hongdun.disclosure.models import ImmediateDisclosure
from hongdun.enterprises.choices import EnterpriseStatus
from hongdun.enterprises.models import Enterprise
from hongdun.registration.services import authorisation_is_live

# An enterprise that has left the register publishes nothing more here.
_GONE = frozenset(
    {
        EnterpriseStatus.DEREGISTERED,
        EnterpriseStatus.REGISTRATION_REVOKED,
        EnterpriseStatus.MOVED_OUT,
    }
)


def immediate_due_on(occurred_on: datetime.date) -> datetime.date:
    """The last day to publish information that arose on `occurred_on`."""
    return add_working_days(occurred_on, DUE_WORKING_DAYS)


def immediate_is_late(*, due_on: datetime.date, published_at: datetime.datetime) -> bool:
    """Published after the due day, judged on the date in China time (settings.TIME_ZONE)."""
    return timezone.localdate(published_at) > due_on


def _require_authorised(user: User, enterprise: Enterprise) -> None:
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied
    if not authorisation_is_live(user=user, enterprise=enterprise):
        raise PermissionDenied(_("您没有该市场主体的有效授权，不能公示或更正其即时信息。"))


def _locked_enterprise(enterprise: Enterprise) -> Enterprise:
    locked = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
    if locked.status in _GONE:
        raise ApplicationError(
            _("该市场主体已%(status)s，不能再公示即时信息。")
            % {"status": locked.get_status_display()},
            field="enterprise",
        )
    return locked


def _cleaned(
    *,
    kind: str,
    details: Mapping[str, Any],
    occurred_on: Any,
    enterprise: Enterprise,
    now: datetime.datetime,
) -> tuple[dict[str, str], datetime.date]:
    try:
        clean = clean_details(
            kind,
            details,
            occurred_on=occurred_on,
            established_on=enterprise.established_on,
            today=timezone.localdate(now),
        )
    except DetailsInvalidError as invalid:
        first = invalid.problems[0]
        raise ApplicationError(
            first.message,
            field=first.field,
            extra={
                "problems": [{"field": p.field, "message": p.message} for p in invalid.problems]
            },
        ) from invalid
    return clean.details, clean.occurred_on


def _snapshot(row: ImmediateDisclosure) -> dict[str, Any]:
    return {
        "enterprise": row.enterprise_id,
        "kind": row.kind,
        "occurred_on": row.occurred_on.isoformat(),
        "due_on": row.due_on.isoformat(),
        "late": row.late,
        "details": row.details,
        "corrects": row.corrects_id,
    }


@transaction.atomic
def immediate_disclosure_publish(
    *,
    user: User,
    enterprise: Enterprise,
    kind: str,
    details: Mapping[str, Any],
    occurred_on: Any = None,
    now: datetime.datetime | None = None,
) -> ImmediateDisclosure:
    """Publish one immediate disclosure of `enterprise`; refused (PermissionDenied) unless `user`
    holds a live authorisation for it, refused (ApplicationError naming the field) on bad
    content. `occurred_on` is read only for kinds whose content has no date of its own."""
    _require_authorised(user, enterprise)
    if declaration(kind) is None:
        raise ApplicationError(_("信息类别：请从列表中选择一个类别。"), field="kind")
    locked = _locked_enterprise(enterprise)
    now = now or timezone.now()
    clean, occurred = _cleaned(
        kind=kind, details=details, occurred_on=occurred_on, enterprise=locked, now=now
    )
    due_on = immediate_due_on(occurred)
    row = ImmediateDisclosure.objects.create(
        enterprise=locked,
        kind=kind,
        occurred_on=occurred,
        due_on=due_on,
        published_at=now,
        published_by=user,
        late=immediate_is_late(due_on=due_on, published_at=now),
        details=clean,
    )
    audit_record(
        actor=user, action="disclosure.immediate.publish", instance=row, after=_snapshot(row)
    )
    return row


@transaction.atomic
def immediate_disclosure_correct(
    *,
    user: User,
    original: ImmediateDisclosure,
    details: Mapping[str, Any],
    occurred_on: Any = None,
    now: datetime.datetime | None = None,
) -> ImmediateDisclosure:
    """Publish a correction of `original`: a new row of the same kind with `corrects` set; the
    original stays public. Only the latest disclosure of a chain can be corrected."""
    _require_authorised(user, original.enterprise)
    locked = ImmediateDisclosure.objects.select_for_update().get(pk=original.pk)
    if locked.corrected_by.exists():
        raise ApplicationError(
            _("这条即时信息已经更正过，请在最新的更正上再次更正。"), field="corrects"
        )
    enterprise = _locked_enterprise(locked.enterprise)
    now = now or timezone.now()
    clean, occurred = _cleaned(
        kind=locked.kind, details=details, occurred_on=occurred_on, enterprise=enterprise, now=now
    )
    if clean == locked.details and occurred == locked.occurred_on:
        raise ApplicationError(
            _("更正内容与原公示信息相同，请修改需要更正的项目后再提交。"), field="details"
        )
    first = locked
    while first.corrects_id is not None:
        first = ImmediateDisclosure.objects.only("id", "corrects", "published_at").get(
            pk=first.corrects_id
        )
    due_on = immediate_due_on(occurred)
    row = ImmediateDisclosure.objects.create(
        enterprise=enterprise,
        kind=locked.kind,
        occurred_on=occurred,
        due_on=due_on,
        published_at=now,
        published_by=user,
        late=immediate_is_late(due_on=due_on, published_at=first.published_at),
        details=clean,
        corrects=locked,
    )
    audit_record(
        actor=user,
        action="disclosure.immediate.correct",
        instance=row,
        before=_snapshot(locked),
        after=_snapshot(row),
    )
    return row
