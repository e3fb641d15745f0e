"""Services of random-inspection results (双随机一公开, docs/rules/supervision.md §5): entering a
result, publishing results, reassigning an inspector before the result, and the recorded relations
(回避) that keep an inspector away from an enterprise.

Who may act: a result is entered by one of the task's two inspectors (the workforce person linked
to the user) or by a supervisor whose reach includes the plan's unit; publication, reassignment and
relations are the supervisors' (record kind "supervision.inspection", edit). Every write is one
transaction with an audit entry; tasks and relations keep their history (simple-history).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from hongdun.accounts.models import User
from hongdun.core.exceptions import ApplicationError
from hongdun.core.notification_services import notify
from hongdun.core.scope import Action, instance_in_reach
from hongdun.core.services import audit_record
from hongdun.enterprises.models import Enterprise
from hongdun.enterprises.public_cache import public_cache_invalidate
from hongdun.orgs.models import Unit
from hongdun.supervision.choices import (
    OPEN_LISTING_STATUSES,
    AbnormalReason,
    InspectionResult,
    ListingSource,
    RelationKind,
)
from hongdun.supervision.engine.deadlines import inspection_publish_due
from hongdun.supervision.models import (
    AbnormalListing,
    InspectionPlan,
    InspectionTask,
    InspectorRelation,
)
from hongdun.supervision.rules import add_working_days, supervision_rules
from hongdun.supervision.services_abnormal import abnormal_propose
from hongdun.workforce.models import EnforcementCredential, Person

# Results that must say what was found (检查情况): the inspectors' record is the basis of what
# follows (an order to correct, a referral, the abnormal list).
FINDINGS_REQUIRED = (
    InspectionResult.PROBLEMS,
    InspectionResult.NOT_FOUND,
    InspectionResult.REFUSED,
)
SLOTS = ("a", "b")


@dataclass(frozen=True)
class ResultEntered:
    """What `inspection_result_enter` did: the task, and what became of a "not found" result."""

    task: InspectionTask
    corrected: bool  # the task had a result before
    proposed: AbnormalListing | None  # the reason-4 candidate this entry created
    note: str  # said to the user (e.g. "already a candidate, not proposed again")


def task_snapshot(task: InspectionTask) -> dict[str, Any]:
    """What the audit log keeps of a task (no personal data: the inspectors by id)."""
    return {
        "plan": task.plan_id,
        "enterprise": task.enterprise_id,
        "inspector_a": task.inspector_a_id,
        "inspector_b": task.inspector_b_id,
        "result": task.result,
        "inspected_on": task.inspected_on.isoformat() if task.inspected_on else None,
        "findings": task.findings,
        "follow_up": task.follow_up,
        "publish_due_on": task.publish_due_on.isoformat() if task.publish_due_on else None,
        "published_at": task.published_at.isoformat() if task.published_at else None,
        "listing": task.listing_id,
    }


def person_of(user: User | Any) -> Person | None:
    """The workforce person linked to a signed-in user (an inspector's own account), or None."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return Person.objects.filter(user_id=user.pk).first()


def is_inspector_of(user: User | Any, task: InspectionTask) -> bool:
    person = person_of(user)
    return person is not None and person.pk in (task.inspector_a_id, task.inspector_b_id)


def may_supervise(user: User | Any, task_or_plan: InspectionTask | InspectionPlan) -> bool:
    """A supervisor whose edit reach includes the plan's unit."""
    return instance_in_reach(user, task_or_plan, Action.EDIT)


def _locked_task(task: InspectionTask) -> InspectionTask:
    try:
        return (
            InspectionTask.objects.select_for_update(of=("self",))
            .select_related("plan", "plan__draw", "enterprise")
            .get(pk=task.pk)
        )
    except InspectionTask.DoesNotExist:
        raise ApplicationError(_("没有找到该抽查任务。"), field="task") from None


def _draw_published_on(task: InspectionTask) -> datetime.date:
    """The day the plan's draw was made, once it is published; refused before."""
    draw = getattr(task.plan, "draw", None)
    if draw is None or draw.published_at is None:
        raise ApplicationError(
            _("该计划的抽取结果尚未公布，公布后才能录入检查结果。"), field="result"
        )
    return timezone.localdate(draw.drawn_at)


def _require_result(result: Any) -> str:
    value = str(result or "")
    if value not in InspectionResult.values or value == InspectionResult.PENDING:
        raise ApplicationError(_("检查结果：请从列表中选择一项。"), field="result")
    return value


@transaction.atomic
def inspection_result_enter(
    *,
    task: InspectionTask,
    actor: User,
    result: Any,
    inspected_on: datetime.date | None,
    findings: str = "",
    follow_up: str = "",
    correction_reason: str = "",
    today: datetime.date | None = None,
) -> ResultEntered:
    """Enter (or correct) the result of one task. Refused (ApplicationError naming the field)
    when the actor is neither an inspector of the task nor a supervisor in reach, before the draw
    is published, for a date in the future or before the draw, without findings where the result
    needs them, and for a correction after publication without a reason. A "not found" result
    proposes the enterprise for the abnormal list (reason 4) in the same transaction, once."""
    today = today or timezone.localdate()
    locked = _locked_task(task)
    if not (is_inspector_of(actor, locked) or may_supervise(actor, locked)):
        raise ApplicationError(
            _("只有该任务的检查人员或负责该计划的监管人员可以录入检查结果。"), field="task"
        )
    drawn_on = _draw_published_on(locked)
    code = _require_result(result)
    if inspected_on is None:
        raise ApplicationError(_("请填写检查日期。"), field="inspected_on")
    if inspected_on > today:
        raise ApplicationError(
            _("检查日期不能晚于今天，请填写实际检查的日期。"), field="inspected_on"
        )
    if inspected_on < drawn_on:
        raise ApplicationError(
            _("检查日期不能早于抽取日期（%(day)s），请填写实际检查的日期。")
            % {"day": drawn_on.isoformat()},
            field="inspected_on",
        )
    findings = (findings or "").strip()
    follow_up = (follow_up or "").strip()
    if code in FINDINGS_REQUIRED and not findings:
        raise ApplicationError(
            _("检查结果为“%(result)s”时须填写检查情况：写明检查发现的事实。")
            % {"result": InspectionResult(code).label},
            field="findings",
        )
    if len(findings) > 4000 or len(follow_up) > 2000:
        raise ApplicationError(
            _("检查情况不能超过4000字，后续处置不能超过2000字。"),
            field="findings" if len(findings) > 4000 else "follow_up",
        )
    corrected = locked.result != InspectionResult.PENDING
    correction_reason = (correction_reason or "").strip()
    if locked.published_at is not None and not correction_reason:
        raise ApplicationError(_("该结果已经公示，更正须填写更正理由。"), field="correction_reason")
    before = task_snapshot(locked)
    locked.result = code
    locked.inspected_on = inspected_on
    locked.findings = findings
    locked.follow_up = follow_up
    if locked.result_entered_at is None:
        # The publication period runs from the first entry; a correction does not extend it.
        locked.result_entered_at = timezone.now()
        locked.result_entered_by = actor
        rules = supervision_rules()
        locked.publish_due_on = inspection_publish_due(rules, today, add_working_days)
    proposed: AbnormalListing | None = None
    note = ""
    if code == InspectionResult.NOT_FOUND:
        proposed, note = _propose_unreachable(locked, actor, today)
    if correction_reason:
        locked._change_reason = correction_reason  # type: ignore[attr-defined]  # simple-history
    locked.save()
    audit_record(
        actor=actor,
        action="supervision.inspection.result.correct"
        if corrected
        else "supervision.inspection.result.enter",
        instance=locked,
        before=before if corrected else None,
        after={**task_snapshot(locked), "correction_reason": correction_reason},
    )
    if locked.published_at is not None:
        public_cache_invalidate([locked.enterprise_id])
    return ResultEntered(task=locked, corrected=corrected, proposed=proposed, note=note)


def _propose_unreachable(
    task: InspectionTask, actor: User, today: datetime.date
) -> tuple[AbnormalListing | None, str]:
    """Propose the enterprise for reason 4, unless this task already did or the enterprise has an
    open reason-4 entry (then the task is linked to that entry and nothing is proposed)."""
    if task.listing_id is not None:
        return None, _("该任务已提出列入经营异常名录，不再重复提出。")
    # Lock the enterprise first: two "not found" results for it at once propose it once, the
    # second finding the first's entry (abnormal_propose locks the same row).
    Enterprise.objects.select_for_update().filter(pk=task.enterprise_id).first()
    existing = AbnormalListing.objects.filter(
        enterprise_id=task.enterprise_id,
        reason=AbnormalReason.UNREACHABLE,
        status__in=OPEN_LISTING_STATUSES,
    ).first()
    if existing is not None:
        task.listing = existing
        return None, _(
            "该企业已因“通过登记的住所或者经营场所无法联系”被列入经营异常名录或已在待决定名单中，"
            "未再次提出。"
        )
    if task.inspected_on is None:  # inspection_result_enter sets it before calling here
        raise ApplicationError(_("请填写检查日期。"), field="inspected_on")
    listing = abnormal_propose(
        actor=actor,
        enterprise=task.enterprise,
        reason=AbnormalReason.UNREACHABLE,
        basis_on=task.inspected_on,
        source=ListingSource.INSPECTION,
        facts=task.findings,
        source_reference=_("%(year)s年%(title)s 第%(rank)s号抽查任务")
        % {"year": task.plan.year, "title": task.plan.title, "rank": task.rank},
        today=today,
    )
    task.listing = listing
    return listing, _("已将该企业列入经营异常名录候选（通过登记的住所或者经营场所无法联系）。")


@transaction.atomic
def inspection_results_publish(
    *,
    actor: User,
    tasks: Iterable[InspectionTask] | None = None,
    plan: InspectionPlan | None = None,
) -> list[InspectionTask]:
    """Publish entered results in one transaction: the chosen tasks, or every entered and
    unpublished task of `plan`. Tasks already published are left as they are; a chosen task
    without a result, or out of the actor's reach, refuses the whole batch. Returns the tasks
    published now (their enterprises' public pages render again after commit)."""
    if (tasks is None) == (plan is None):
        raise ApplicationError(_("请选择要公示的抽查任务或抽查计划。"), field="tasks")
    queryset = InspectionTask.objects.select_for_update(of=("self",)).select_related(
        "plan", "plan__draw", "enterprise"
    )
    if plan is not None:
        if not may_supervise(actor, plan):
            raise ApplicationError(_("只有负责该计划的监管人员可以公示检查结果。"), field="plan")
        rows = list(
            queryset.filter(plan=plan, published_at__isnull=True).exclude(
                result=InspectionResult.PENDING
            )
        )
    else:
        ids = sorted({row.pk for row in tasks or ()})
        rows = list(queryset.filter(pk__in=ids).order_by("plan_id", "rank"))
        if len(rows) != len(ids):
            raise ApplicationError(_("所选任务中有的不存在，请刷新页面后重新选择。"), field="tasks")
        for row in rows:
            if not may_supervise(actor, row):
                raise ApplicationError(
                    _("只有负责该计划的监管人员可以公示检查结果。"), field="tasks"
                )
            if row.result == InspectionResult.PENDING:
                raise ApplicationError(
                    _("%(enterprise)s 尚未录入检查结果，不能公示；请取消选择后再公示。")
                    % {"enterprise": row.enterprise.name},
                    field="tasks",
                )
        rows = [row for row in rows if row.published_at is None]
    if not rows:
        raise ApplicationError(_("没有待公示的检查结果。"), field="tasks")
    now = timezone.now()
    for row in rows:
        row.published_at = now
        row.save(update_fields=["published_at", "updated_at"])
        audit_record(
            actor=actor,
            action="supervision.inspection.result.publish",
            instance=row,
            after={"published_at": now.isoformat(), "result": row.result},
        )
    public_cache_invalidate(row.enterprise_id for row in rows)
    return rows


def valid_credential(person: Person, day: datetime.date) -> EnforcementCredential | None:
    """The person's enforcement credential valid on `day` (the latest-expiring one), or None."""
    return (
        EnforcementCredential.objects.filter(
            person=person, issued_on__lte=day, valid_until__gte=day
        )
        .filter(Q(revoked_on__isnull=True) | Q(revoked_on__gt=day))
        .order_by("-valid_until")
        .first()
    )


@transaction.atomic
def inspection_task_reassign(
    *,
    task: InspectionTask,
    actor: User,
    slot: str,
    person: Person,
    reason: str = "",
    today: datetime.date | None = None,
) -> InspectionTask:
    """Replace inspector `slot` ("a" or "b") of a task before its result is entered. The new
    inspector must hold a valid enforcement credential, work in the plan unit's subtree, not be
    the task's other inspector, have no recorded relation with the enterprise and not have
    inspected it in the year before the plan's."""
    today = today or timezone.localdate()
    locked = _locked_task(task)
    if not may_supervise(actor, locked):
        raise ApplicationError(_("只有负责该计划的监管人员可以调整检查人员。"), field="task")
    if slot not in SLOTS:
        raise ApplicationError(_("请选择要调整的是检查人员一还是检查人员二。"), field="slot")
    if locked.result != InspectionResult.PENDING:
        raise ApplicationError(_("该任务已录入检查结果，不能再调整检查人员。"), field="slot")
    current_id = locked.inspector_a_id if slot == "a" else locked.inspector_b_id
    other_id = locked.inspector_b_id if slot == "a" else locked.inspector_a_id
    if person.pk == current_id:
        raise ApplicationError(_("所选人员已是该岗位的检查人员，无需调整。"), field="person")
    if person.pk == other_id:
        raise ApplicationError(
            _("所选人员已是该任务的另一名检查人员，同一任务须由两名不同人员检查。"),
            field="person",
        )
    subtree = Unit.objects.descendants(locked.plan.unit, include_self=True)
    if not subtree.filter(pk=person.unit_id).exists():
        raise ApplicationError(
            _("%(name)s 不在实施单位（%(unit)s）及其下级单位，不能被指派。")
            % {"name": person.name, "unit": locked.plan.unit.name},
            field="person",
        )
    if valid_credential(person, today) is None:
        raise ApplicationError(
            _("%(name)s 没有有效的行政执法证（未发证、已过期、已注销或暂扣），不能被指派。")
            % {"name": person.name},
            field="person",
        )
    if InspectorRelation.objects.filter(person=person, enterprise_id=locked.enterprise_id).exists():
        raise ApplicationError(
            _("%(name)s 与 %(enterprise)s 有登记在案的回避关系，不能指派其检查该企业；请另选人员。")
            % {"name": person.name, "enterprise": locked.enterprise.name},
            field="person",
        )
    inspected_last_year = (
        InspectionTask.objects.filter(
            enterprise_id=locked.enterprise_id, plan__year=locked.plan.year - 1
        )
        .filter(Q(inspector_a=person) | Q(inspector_b=person))
        .exists()
    )
    if inspected_last_year:
        raise ApplicationError(
            _("%(name)s 上一年度检查过该企业，不能再次被指派；请另选人员。")
            % {"name": person.name},
            field="person",
        )
    before = task_snapshot(locked)
    if slot == "a":
        locked.inspector_a = person
    else:
        locked.inspector_b = person
    reason = (reason or "").strip()
    if reason:
        locked._change_reason = reason[:100]  # type: ignore[attr-defined]  # simple-history
    try:
        with transaction.atomic():
            locked.save()
    except IntegrityError:  # supervision_task_two_inspectors
        raise ApplicationError(_("同一任务须由两名不同人员检查。"), field="person") from None
    audit_record(
        actor=actor,
        action="supervision.inspection.reassign",
        instance=locked,
        before=before,
        after={**task_snapshot(locked), "slot": slot, "reason": reason},
    )
    if person.user_id is not None:
        notify(
            recipient=person.user,  # type: ignore[arg-type]
            title=_("您被指派检查 %(enterprise)s") % {"enterprise": locked.enterprise.name},
            body=_("%(year)s年%(title)s：请按计划实施检查并录入检查结果。")
            % {"year": locked.plan.year, "title": locked.plan.title},
        )
    return locked


# --- recorded relations (回避) --------------------------------------------------------------------


def relation_snapshot(row: InspectorRelation) -> dict[str, Any]:
    return {
        "person": row.person_id,
        "enterprise": row.enterprise_id,
        "kind": row.kind,
        "notes": row.notes,
    }


def _may_keep_relations(actor: User, person: Person) -> bool:
    return instance_in_reach(actor, InspectorRelation(person=person), Action.EDIT)


@transaction.atomic
def relation_record(
    *, actor: User, person: Person | None, uscc: str, kind: Any, notes: str = ""
) -> InspectorRelation:
    """Record that `person` has a relation with the enterprise of `uscc`: they are never
    assigned to inspect it. Refused when the person is out of the actor's reach, the code names no
    enterprise, the kind is unknown, or the same relation is already recorded."""
    if person is None:
        raise ApplicationError(_("请选择执法检查人员。"), field="person")
    if not _may_keep_relations(actor, person):
        raise ApplicationError(_("只能为本单位及下级单位的人员登记回避关系。"), field="person")
    code = (uscc or "").strip().upper()
    if not code:
        raise ApplicationError(_("请填写企业的统一社会信用代码。"), field="uscc")
    enterprise = Enterprise.objects.filter(uscc=code).first()
    if enterprise is None:
        raise ApplicationError(
            _("没有统一社会信用代码为 %(code)s 的市场主体，请核对后重新填写。")
            % {"code": code[:18]},
            field="uscc",
        )
    value = str(kind or "")
    if value not in RelationKind.values:
        raise ApplicationError(_("关系：请从列表中选择一项。"), field="kind")
    notes = (notes or "").strip()
    if len(notes) > 300:
        raise ApplicationError(_("说明不能超过300字。"), field="notes")
    duplicate = _("该人员与该企业的这一关系已经登记，无需重复登记。")
    if InspectorRelation.objects.filter(person=person, enterprise=enterprise, kind=value).exists():
        raise ApplicationError(duplicate, field="kind")
    try:
        with transaction.atomic():
            row = InspectorRelation.objects.create(
                person=person, enterprise=enterprise, kind=value, notes=notes, recorded_by=actor
            )
    except IntegrityError:  # a concurrent record won (supervision_relation_unique)
        raise ApplicationError(duplicate, field="kind") from None
    audit_record(
        actor=actor,
        action="supervision.relation.record",
        instance=row,
        after=relation_snapshot(row),
    )
    return row


@transaction.atomic
def relation_end(*, actor: User, relation: InspectorRelation, reason: str) -> None:
    """End a recorded relation (it no longer holds): the row goes, its history and the audit
    entry keep it and the reason. Past draws keep the relations they read in their snapshot."""
    try:
        locked = InspectorRelation.objects.select_for_update().get(pk=relation.pk)
    except InspectorRelation.DoesNotExist:
        raise ApplicationError(_("该回避关系已经解除。"), field="relation") from None
    if not _may_keep_relations(actor, locked.person):
        raise ApplicationError(_("只能解除本单位及下级单位人员的回避关系。"), field="relation")
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(_("请填写解除理由：关系已不存在的事实。"), field="reason")
    before = relation_snapshot(locked)
    audit_record(
        actor=actor,
        action="supervision.relation.end",
        instance=locked,
        before=before,
        after={"reason": reason},
    )
    locked._change_reason = reason[:100]  # type: ignore[attr-defined]  # simple-history
    locked.delete()
