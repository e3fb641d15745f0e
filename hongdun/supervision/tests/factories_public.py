"""List entries and inspection results for the public pages' tests, made with the ORM (the
decision services are built elsewhere); `save()` so the public cache's receivers see each write."""

from datetime import date
from itertools import count
from typing import Any

from django.utils import timezone

from hongdun.enterprises.models import Enterprise
from hongdun.orgs.models import Unit
from hongdun.supervision.choices import (
    AbnormalReason,
    InspectionKind,
    InspectionResult,
    ListingSource,
    ListingStatus,
    RemovalGround,
    SeriousGround,
)
from hongdun.supervision.models import (
    AbnormalListing,
    InspectionPlan,
    InspectionTask,
    SeriousListing,
)
from hongdun.supervision.standing import refresh_standing
from hongdun.workforce.tests.factories import make_person

_numbers = count(1)

# A legal representative's ID number recorded with a serious listing: never public.
LEGAL_REP_ID = "150203197501019876"
INSPECTOR_PHONE = "13904729999"


def abnormal(
    enterprise: Enterprise,
    *,
    status: str = ListingStatus.LISTED,
    reason: int = AbnormalReason.NOT_FILED,
    listed_on: date | None = date(2025, 7, 10),
    removed_on: date | None = None,
    authority: Unit | None = None,
    **extra: Any,
) -> AbnormalListing:
    decided = status in (ListingStatus.LISTED, ListingStatus.REMOVED)
    number = next(_numbers)
    row = AbnormalListing(
        enterprise=enterprise,
        reason=reason,
        status=status,
        source=ListingSource.CLERK,
        basis_on=date(2025, 6, 30),
        decision_due_on=date(2025, 7, 14),
        authority=authority or enterprise.registration_authority,
        listed_on=listed_on if decided else None,
        document_number=f"包市监异列〔2025〕{number}号" if decided else "",
        removed_on=removed_on if status == ListingStatus.REMOVED else None,
        removal_ground=RemovalGround.REPORT_FILED if status == ListingStatus.REMOVED else "",
        removal_document_number=(
            f"包市监异移〔2026〕{number}号" if status == ListingStatus.REMOVED else ""
        ),
        dismissed_reason="经核实已按期公示" if status == ListingStatus.DISMISSED else "",
        **extra,
    )
    row.save()
    refresh_standing([enterprise.pk])
    return row


def serious(
    enterprise: Enterprise,
    *,
    status: str = ListingStatus.LISTED,
    ground: str = SeriousGround.ABNORMAL_THREE_YEARS,
    listed_on: date | None = date(2025, 8, 1),
    removed_on: date | None = None,
    authority: Unit | None = None,
    **extra: Any,
) -> SeriousListing:
    decided = status in (ListingStatus.LISTED, ListingStatus.REMOVED)
    number = next(_numbers)
    row = SeriousListing(
        enterprise=enterprise,
        ground=ground,
        status=status,
        source=ListingSource.CLERK,
        basis_on=date(2025, 7, 10),
        decision_due_on=date(2025, 7, 24),
        authority=authority or enterprise.registration_authority,
        listed_on=listed_on if decided else None,
        document_number=f"包市监严列〔2025〕{number}号" if decided else "",
        legal_rep_name=enterprise.legal_rep_name,
        legal_rep_id_number=LEGAL_REP_ID,
        removed_on=removed_on if status == ListingStatus.REMOVED else None,
        removal_reason="届满5年未再发生违法行为" if status == ListingStatus.REMOVED else "",
        dismissed_reason="不符合列入条件" if status == ListingStatus.DISMISSED else "",
        **extra,
    )
    row.save()
    refresh_standing([enterprise.pk])
    return row


def inspection(
    enterprise: Enterprise,
    *,
    published: bool = True,
    result: str = InspectionResult.NORMAL,
    unit: Unit | None = None,
) -> InspectionTask:
    unit = unit or enterprise.registration_authority
    number = next(_numbers)
    plan = InspectionPlan.objects.create(
        unit=unit,
        year=2025,
        title=f"2025年度第{number}批双随机抽查",
        kind=InspectionKind.UNTARGETED,
    )
    task = InspectionTask(
        plan=plan,
        enterprise=enterprise,
        rank=1,
        inspector_a=make_person(unit, f"P{number}A", phone=INSPECTOR_PHONE),
        inspector_b=make_person(unit, f"P{number}B", phone=INSPECTOR_PHONE),
        result=result,
        inspected_on=date(2025, 9, 3),
        findings="检查情况仅内部可见",
        result_entered_at=timezone.now(),
        published_at=timezone.now() if published else None,
    )
    task.save()
    return task
