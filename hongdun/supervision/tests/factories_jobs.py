"""Rows the scheduled steps read, as the decision services leave them (for the jobs' tests)."""

from datetime import UTC, date, datetime
from typing import Any

from hongdun.enterprises.models import Enterprise
from hongdun.orgs.models import Unit
from hongdun.supervision.choices import (
    AbnormalReason,
    InspectionKind,
    InspectionResult,
    ListingSource,
    ListingStatus,
    SeriousGround,
)
from hongdun.supervision.models import (
    AbnormalListing,
    InspectionPlan,
    InspectionTask,
    SeriousListing,
)
from hongdun.workforce.tests.factories import make_person

_numbers = iter(range(1, 1_000_000))


def abnormal(
    enterprise: Enterprise,
    *,
    reason: int = AbnormalReason.NOT_FILED,
    status: str = ListingStatus.LISTED,
    listed_on: date | None = date(2023, 7, 20),
    report_year: int | None = 2022,
    **extra: Any,
) -> AbnormalListing:
    number = next(_numbers)
    if status == ListingStatus.PROPOSED:
        listed_on = None
    return AbnormalListing.objects.create(
        enterprise=enterprise,
        reason=reason,
        status=status,
        source=ListingSource.SCHEDULED if reason == AbnormalReason.NOT_FILED else "verification",
        report_year=report_year if reason == AbnormalReason.NOT_FILED else None,
        basis_on=listed_on or date(2023, 6, 30),
        decision_due_on=listed_on or date(2023, 7, 14),
        authority_id=enterprise.registration_authority_id,
        listed_on=listed_on,
        document_number=f"包市监异字〔{number}〕号" if listed_on else "",
        removed_on=date(2024, 1, 5) if status == ListingStatus.REMOVED else None,
        **extra,
    )


def serious(
    enterprise: Enterprise,
    *,
    listed_on: date | None = date(2021, 3, 1),
    status: str = ListingStatus.LISTED,
    removal_eligible_on: date | None = date(2026, 3, 1),
    ground: str = SeriousGround.SERIOUS_PENALTY,
) -> SeriousListing:
    number = next(_numbers)
    return SeriousListing.objects.create(
        enterprise=enterprise,
        ground=ground,
        status=status,
        source="clerk",
        basis_on=listed_on or date(2021, 2, 1),
        decision_due_on=listed_on or date(2021, 2, 15),
        authority_id=enterprise.registration_authority_id,
        listed_on=listed_on,
        document_number=f"包市监严字〔{number}〕号" if listed_on else "",
        removal_eligible_on=removal_eligible_on,
    )


def inspection_plan(unit: Unit) -> tuple[InspectionPlan, Any, Any]:
    plan = InspectionPlan.objects.create(
        unit=unit, year=2026, title=f"抽查计划{next(_numbers)}", kind=InspectionKind.UNTARGETED
    )
    first = make_person(unit, f"J{next(_numbers)}")
    second = make_person(unit, f"J{next(_numbers)}")
    return plan, first, second


def task(
    plan_and_inspectors: tuple[InspectionPlan, Any, Any],
    enterprise: Enterprise,
    *,
    result: str = InspectionResult.NORMAL,
    publish_due_on: date | None = date(2026, 7, 1),
    published: bool = False,
) -> InspectionTask:
    plan, first, second = plan_and_inspectors
    return InspectionTask.objects.create(
        plan=plan,
        enterprise=enterprise,
        rank=next(_numbers),
        inspector_a=first,
        inspector_b=second,
        result=result,
        result_entered_at=None
        if result == InspectionResult.PENDING
        else datetime(2026, 6, 1, 2, tzinfo=UTC),
        publish_due_on=publish_due_on,
        published_at=datetime(2026, 6, 2, 2, tzinfo=UTC) if published else None,
    )
