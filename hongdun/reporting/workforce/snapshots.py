"""Year-end statistics snapshots (row 37): freeze the figures of a report so it can be reproduced.

A snapshot is keyed by (report, unit, as-of date) — a DB constraint settles two clerks freezing the
same report at once. The payload holds the pillars as computed with the widest view (names and the
full integrity pillar included); readers get it filtered through their own `figure_access`, so a
frozen report never shows a leader what the live one would hide.
"""

from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from hongdun.accounts.models import User
from hongdun.core.exceptions import ApplicationError
from hongdun.core.services import audit_record
from hongdun.reporting.workforce.figure_types import FigureScope, IntegrityAccess, Pillar
from hongdun.reporting.workforce.figures import PILLAR_FUNCTIONS, figure_access, hide_personal
from hongdun.workforce.models import FigureSnapshot

PAYLOAD_VERSION = 1


def snapshot_report_key(scope: FigureScope) -> str:
    """Which report: the yearly report over a period starting on a given date."""
    return f"yearly:{scope.period_start.isoformat()}"


def _full_scope(scope: FigureScope) -> FigureScope:
    return FigureScope(
        unit_ids=scope.unit_ids,
        as_of=scope.as_of,
        period_start=scope.period_start,
        period_end=scope.period_end,
        persons_visible=True,
        integrity=IntegrityAccess.FULL,
        root_id=scope.root_id,
        root_name=scope.root_name,
    )


@transaction.atomic
def snapshot_create(*, user: User, scope: FigureScope, note: str = "") -> FigureSnapshot:
    """Compute every pillar for the scope and store it; refuses a second freeze of the same key."""
    if not figure_access(user=user).may_freeze:
        raise ApplicationError(_("您的岗位不能冻结统计数据。"))
    if scope.root_id is None:
        raise ApplicationError(_("请选择单位后再冻结。"), field="unit")
    full = _full_scope(scope)
    pillars = [PILLAR_FUNCTIONS[n](full) for n in sorted(PILLAR_FUNCTIONS)]
    payload = {
        "version": PAYLOAD_VERSION,
        "period_start": scope.period_start.isoformat(),
        "period_end": scope.period_end.isoformat(),
        "root_name": scope.root_name,
        "unit_ids": list(scope.unit_ids),
        "pillars": [p.as_json() for p in pillars],
    }
    try:
        with transaction.atomic():
            snapshot = FigureSnapshot.objects.create(
                report=snapshot_report_key(scope),
                unit_id=scope.root_id,
                as_of=scope.as_of,
                payload=payload,
                note=note[:200],
                created_by=user,
            )
    except IntegrityError as error:
        raise ApplicationError(
            _("%(unit)s 截至 %(date)s 的年度报告已经冻结，不能重复冻结。")
            % {"unit": scope.root_name, "date": scope.as_of.isoformat()},
            field="year",
        ) from error
    audit_record(
        actor=user,
        action="workforce.snapshot_create",
        instance=snapshot,
        after={"report": snapshot.report, "unit": scope.root_id, "as_of": scope.as_of.isoformat()},
    )
    return snapshot


def snapshot_pillars(snapshot: FigureSnapshot, *, scope: FigureScope) -> list[Pillar]:
    """The frozen pillars as the reader of `scope` may see them."""
    pillars = [Pillar.from_json(p) for p in snapshot.payload["pillars"]]
    visible: list[Pillar] = []
    for pillar in pillars:
        if pillar.number == 4:
            if scope.integrity == IntegrityAccess.NONE:
                continue
            if scope.integrity == IntegrityAccess.UNITS:
                pillar.figures = [f for f in pillar.figures if f.key in UNIT_LEVEL_INTEGRITY_KEYS]
                pillar.note = _(
                    "仅显示单位层面的评议结果和集体荣誉；个人表彰、述职述廉和监督记录仅纪检部门可见。"
                )
        visible.append(hide_personal(pillar, scope))
    return visible


UNIT_LEVEL_INTEGRITY_KEYS = frozenset({"4.1y", "4.1", "4.1a", "4.2", "4.2a", "4.3y", "4.3", "4.5"})


def snapshot_get(*, scope: FigureScope) -> FigureSnapshot | None:
    if scope.root_id is None:
        return None
    return (
        FigureSnapshot.objects.filter(
            report=snapshot_report_key(scope), unit_id=scope.root_id, as_of=scope.as_of
        )
        .select_related("created_by")
        .first()
    )


def snapshot_list_for_user(*, user: User) -> QuerySet[FigureSnapshot]:
    access = figure_access(user=user)
    snapshots = FigureSnapshot.objects.filter(report__startswith="yearly:").select_related(
        "unit", "created_by"
    )
    if not access.may_read:
        return snapshots.none()
    if access.unit_ids is not None:
        snapshots = snapshots.filter(unit_id__in=access.unit_ids)
    return snapshots.order_by("-as_of", "unit__ordering_key")


def snapshot_period_start(snapshot: FigureSnapshot) -> date:
    return date.fromisoformat(snapshot.payload["period_start"])
