"""Plans, draws, tasks and inspectors for the result tests, made directly with the ORM (the draw
engine is another module's; these tests need only its outcome)."""

import datetime
from typing import Any

from django.utils import timezone

from hongdun.accounts.models import User
from hongdun.enterprises.models import Enterprise
from hongdun.enterprises.tests.factories import register
from hongdun.orgs.models import Unit
from hongdun.supervision.choices import InspectionKind, PlanStatus
from hongdun.supervision.models import InspectionDraw, InspectionPlan, InspectionTask
from hongdun.workforce.models import EnforcementCredential, Person
from hongdun.workforce.tests.factories import make_person

# Valid GB 11643 numbers and phones of the fictional inspectors: the public pages must never
# show them.
INSPECTOR_ID_NUMBERS = ["150203198001011232", "150207197506153338", "150203199003032027"]
INSPECTOR_PHONES = ["13904721234", "13804725678", "13604729012"]


def make_inspector(
    unit: Unit,
    number: str,
    *,
    user: User | None = None,
    credential: bool = True,
    valid_until: datetime.date | None = None,
    revoked_on: datetime.date | None = None,
    **extra: Any,
) -> Person:
    person = make_person(unit, number, user=user, **extra)
    if credential:
        EnforcementCredential.objects.create(
            person=person,
            number=f"NM-ZF-{number}",
            issued_by="内蒙古自治区人民政府",
            issued_on=datetime.date(2020, 1, 1),
            valid_until=valid_until or datetime.date(2030, 12, 31),
            revoked_on=revoked_on,
        )
    return person


def make_plan(
    unit: Unit,
    *,
    title: str = "2026年度企业公示信息随机抽查",
    year: int | None = None,
    status: str = PlanStatus.PUBLISHED,
    drawn_at: datetime.datetime | None = None,
    draw: bool = True,
    draw_published: bool = True,
) -> InspectionPlan:
    drawn_at = drawn_at or timezone.now() - datetime.timedelta(days=30)
    plan = InspectionPlan.objects.create(
        unit=unit,
        year=year or timezone.localdate(drawn_at).year,
        title=title,
        kind=InspectionKind.UNTARGETED,
        status=status,
    )
    if draw:
        InspectionDraw.objects.create(
            plan=plan,
            seed="5eed" * 8,
            algorithm="sha256-counter-v1",
            population_count=1234,
            population_digest="a" * 64,
            population=b"",
            roster_count=10,
            roster_digest="b" * 64,
            roster=b"",
            sample_count=3,
            drawn_at=drawn_at,
            published_at=drawn_at + datetime.timedelta(hours=1) if draw_published else None,
        )
    return plan


def make_task(
    plan: InspectionPlan, enterprise: Enterprise, a: Person, b: Person, rank: int = 1
) -> InspectionTask:
    return InspectionTask.objects.create(
        plan=plan, enterprise=enterprise, rank=rank, inspector_a=a, inspector_b=b
    )


def make_enterprise(unit: Unit, name: str) -> Enterprise:
    return register(name, unit, established_on=datetime.date(2015, 3, 1))
