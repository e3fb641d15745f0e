"""Reading inspection results and recorded relations: the staff pages' rows (scoped by the record
kind "supervision.inspection") and the public pages' rows (published draws and results only; the
inspectors by name and enforcement-credential number, never an ID number or a phone)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from hongdun.accounts.types import AnyUser
from hongdun.core.scope import Action, restrict
from hongdun.core.workdays import working_days_left
from hongdun.orgs.models import Unit
from hongdun.supervision.choices import InspectionResult, PlanStatus
from hongdun.supervision.models import InspectionPlan, InspectionTask, InspectorRelation
from hongdun.workforce.models import EnforcementCredential, Person

# Unpublished results due within this many working days are shown as due (amber); past their day
# as overdue (red).
DUE_SOON_WORKING_DAYS = 3

# A plan whose draw is public: the draw lane publishes the draw and moves the plan on.
PUBLIC_PLAN_STATUSES = (PlanStatus.PUBLISHED, PlanStatus.CLOSED)


def plans_with_results(user: AnyUser) -> QuerySet[InspectionPlan]:
    """The plans in the user's reach whose draw is published, with their task counts."""
    return (
        restrict(InspectionPlan.objects.all(), user, Action.VIEW)
        .filter(draw__published_at__isnull=False)
        .select_related("unit", "draw")
        .annotate(
            task_count=Count("tasks"),
            entered_count=Count("tasks", filter=~Q(tasks__result=InspectionResult.PENDING)),
            published_count=Count("tasks", filter=Q(tasks__published_at__isnull=False)),
        )
        .order_by("-year", "unit__ordering_key", "title")
    )


def tasks_of_inspector(person: Person | None) -> QuerySet[InspectionTask]:
    """The tasks a person inspects (their own list), in published draws."""
    if person is None:
        return InspectionTask.objects.none()
    return (
        InspectionTask.objects.filter(Q(inspector_a=person) | Q(inspector_b=person))
        .filter(plan__draw__published_at__isnull=False)
        .select_related("plan", "enterprise")
        .order_by("-plan__year", "plan_id", "rank")
    )


def plan_tasks(
    plan: InspectionPlan,
    *,
    result: str = "",
    inspector: Person | None = None,
    published: str = "",
) -> QuerySet[InspectionTask]:
    """A plan's tasks, filtered by result, inspector (either slot) and published ("yes"/"no")."""
    rows = InspectionTask.objects.filter(plan=plan).select_related(
        "enterprise", "inspector_a", "inspector_b", "listing"
    )
    if result:
        rows = rows.filter(result=result)
    if inspector is not None:
        rows = rows.filter(Q(inspector_a=inspector) | Q(inspector_b=inspector))
    if published == "yes":
        rows = rows.filter(published_at__isnull=False)
    elif published == "no":
        rows = rows.filter(published_at__isnull=True)
    return rows.order_by("rank")


def plan_inspectors(plan: InspectionPlan) -> QuerySet[Person]:
    ids = InspectionTask.objects.filter(plan=plan).values_list("inspector_a", "inspector_b")
    person_ids = {pk for pair in ids for pk in pair}
    return Person.objects.filter(pk__in=person_ids).order_by("name", "pk")


def due_state(task: InspectionTask, today: datetime.date | None = None) -> str:
    """ "overdue", "due" (within DUE_SOON_WORKING_DAYS) or "" for a task's publication."""
    if task.published_at is not None or task.publish_due_on is None:
        return ""
    left = working_days_left(task.publish_due_on, today or timezone.localdate())
    if left < 0:
        return "overdue"
    if left <= DUE_SOON_WORKING_DAYS:
        return "due"
    return ""


def relations(
    user: AnyUser,
    *,
    person: Person | None = None,
    unit: Unit | None = None,
    enterprise: str = "",
) -> QuerySet[InspectorRelation]:
    """The recorded relations of people in the user's reach; filters: the person, a unit (with the
    units below it), the enterprise (name or code contains)."""
    rows = restrict(InspectorRelation.objects.all(), user, Action.VIEW).select_related(
        "person", "person__unit", "enterprise", "recorded_by"
    )
    if person is not None:
        rows = rows.filter(person=person)
    if unit is not None:
        rows = rows.filter(person__unit__in=Unit.objects.descendants(unit, include_self=True))
    text = enterprise.strip()
    if text:
        rows = rows.filter(Q(enterprise__name__contains=text) | Q(enterprise__uscc=text.upper()))
    return rows.order_by("person__name", "enterprise__name", "kind")


# --- public ------------------------------------------------------------------------------------


def public_plans(
    *, authority: Unit | None = None, year: int | None = None, q: str = ""
) -> QuerySet[InspectionPlan]:
    """Plans whose draw is published, newest first; by authority (with the units below), year and
    a text in the title."""
    rows = (
        InspectionPlan.objects.filter(
            status__in=PUBLIC_PLAN_STATUSES, draw__published_at__isnull=False
        )
        .select_related("unit", "draw")
        .annotate(
            task_count=Count("tasks"),
            published_count=Count("tasks", filter=Q(tasks__published_at__isnull=False)),
        )
    )
    if authority is not None:
        rows = rows.filter(unit__in=Unit.objects.descendants(authority, include_self=True))
    if year is not None:
        rows = rows.filter(year=year)
    text = q.strip()
    if text:
        rows = rows.filter(title__contains=text)
    return rows.order_by("-draw__published_at", "-pk")


def public_plan(pk: int) -> InspectionPlan | None:
    """A plan with a published draw, or None (drafts and unpublished draws are not public)."""
    return (
        InspectionPlan.objects.filter(
            pk=pk, status__in=PUBLIC_PLAN_STATUSES, draw__published_at__isnull=False
        )
        .select_related("unit", "draw")
        .first()
    )


def public_years() -> list[int]:
    return sorted(
        set(
            InspectionPlan.objects.filter(
                status__in=PUBLIC_PLAN_STATUSES, draw__published_at__isnull=False
            ).values_list("year", flat=True)
        ),
        reverse=True,
    )


@dataclass(frozen=True)
class PublicInspector:
    name: str
    credential_number: str


@dataclass(frozen=True)
class PublicTaskRow:
    rank: int
    enterprise_name: str
    uscc: str
    published: bool
    result_label: str
    inspected_on: datetime.date | None
    published_on: datetime.date | None
    inspectors: tuple[PublicInspector, ...]


def _credential_numbers(person_ids: Iterable[int], day: datetime.date) -> dict[int, str]:
    """Each person's credential number valid on `day`, else their latest one."""
    found: dict[int, tuple[bool, datetime.date, str]] = {}
    for person_id, number, issued_on, valid_until, revoked_on in (
        EnforcementCredential.objects.filter(person_id__in=set(person_ids))
        .values_list("person_id", "number", "issued_on", "valid_until", "revoked_on")
        .order_by("person_id", "valid_until")
    ):
        valid = issued_on <= day <= valid_until and (revoked_on is None or revoked_on > day)
        key = (valid, valid_until, number)
        if person_id not in found or key > found[person_id]:
            found[person_id] = key
    return {person_id: key[2] for person_id, key in found.items()}


def public_plan_rows(plan: InspectionPlan) -> list[PublicTaskRow]:
    """The drawn enterprises of a public plan; the result, its date and the inspectors only for
    published results."""
    tasks = list(
        InspectionTask.objects.filter(plan=plan)
        .select_related("enterprise")
        .only(
            "rank",
            "result",
            "inspected_on",
            "published_at",
            "inspector_a_id",
            "inspector_b_id",
            "enterprise__name",
            "enterprise__uscc",
        )
        .order_by("rank")
    )
    published = [task for task in tasks if task.published_at is not None]
    person_ids = {pk for task in published for pk in (task.inspector_a_id, task.inspector_b_id)}
    names = dict(Person.objects.filter(pk__in=person_ids).values_list("pk", "name"))
    day = timezone.localdate(plan.draw.drawn_at)
    numbers = _credential_numbers(person_ids, day)
    rows = []
    for task in tasks:
        shown = task.published_at is not None
        inspectors = (
            tuple(
                PublicInspector(name=names.get(pk, ""), credential_number=numbers.get(pk, ""))
                for pk in (task.inspector_a_id, task.inspector_b_id)
            )
            if shown
            else ()
        )
        rows.append(
            PublicTaskRow(
                rank=task.rank,
                enterprise_name=task.enterprise.name,
                uscc=task.enterprise.uscc,
                published=shown,
                result_label=str(InspectionResult(task.result).label) if shown else "",
                inspected_on=task.inspected_on if shown else None,
                published_on=timezone.localdate(task.published_at) if task.published_at else None,
                inspectors=inspectors,
            )
        )
    return rows
