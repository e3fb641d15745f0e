"""The supervision demo: lists and inspections built through the real services, flags that agree
with the lists, a staffed inspection roster, and a second run that adds nothing."""

from datetime import date

import pytest
from django.db.models import Exists, OuterRef
from django.utils import timezone

from hongdun.core.models import AuditLog
from hongdun.demo.bureau import demo_enterprises_load
from hongdun.demo.disclosure import demo_reports_load
from hongdun.demo.supervision import CREDENTIAL_PREFIX, _county_units, demo_supervision_load
from hongdun.demo.workforce import demo_units_load
from hongdun.disclosure.models import AnnualReport
from hongdun.enterprises.models import Enterprise
from hongdun.supervision.choices import (
    AbnormalReason,
    InspectionResult,
    JobName,
    ListingSource,
    ListingStatus,
    PlanStatus,
    RemovalGround,
    RequestStatus,
    SeriousGround,
)
from hongdun.supervision.models import (
    AbnormalListing,
    InspectionPlan,
    InspectionTask,
    ListingObjection,
    RemovalRequest,
    ScheduledRun,
    SeriousListing,
)
from hongdun.supervision.population import inspector_queryset
from hongdun.workforce.models import EnforcementCredential, Person

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 7)
SEED = 4


def _staff(units) -> None:
    """Six fictional staff in each station of every county-level unit (the full workforce
    demo is much larger and slower; the loader only needs active people in the subtrees)."""
    people = []
    number = 0
    for code, unit in sorted(units.items()):
        if "-station-" not in code:
            continue
        for _ in range(6):
            number += 1
            people.append(
                Person(
                    employee_number=f"TS{number:05d}",
                    name=f"测试{number}",
                    gender="M" if number % 2 else "F",
                    birth_date=date(1980 + number % 15, 1 + number % 12, 1 + number % 28),
                    unit=unit,
                )
            )
    Person.objects.bulk_create(people)


@pytest.fixture
def loaded() -> dict[str, int]:
    units = demo_units_load()
    _staff(units)
    demo_enterprises_load(count=1_000, seed=SEED, with_history=True, today=TODAY)
    demo_reports_load(seed=SEED, today=TODAY, batch_size=400)
    return demo_supervision_load(seed=SEED, today=TODAY)


def test_lists_hold_every_stage(loaded):
    listings = AbnormalListing.objects.all()
    statuses = set(listings.values_list("status", flat=True))
    assert statuses == {
        ListingStatus.PROPOSED,
        ListingStatus.LISTED,
        ListingStatus.DISMISSED,
        ListingStatus.REMOVED,
    }
    assert loaded["listed"] == listings.exclude(listed_on=None).count() > 50
    # Three committed July runs, each proposing last year's non-filers, decided in time.
    runs = ScheduledRun.objects.filter(job=JobName.JULY_PROPOSALS, committed=True)
    assert sorted(runs.values_list("run_date", flat=True)) == [
        date(2024, 7, 1),
        date(2025, 7, 1),
        date(2026, 7, 1),
    ]
    scheduled = listings.filter(source=ListingSource.SCHEDULED)
    assert scheduled.count() == loaded["proposed"]
    for row in scheduled.exclude(listed_on=None):
        assert row.listed_on is not None
        assert row.basis_on <= row.listed_on <= row.decision_due_on
        assert row.document_number
        assert row.late_reason == ""
    # Late filers: removed on their application once they filed; the dismissed had filed before
    # the decision; no report is left hidden.
    removed = listings.filter(removal_ground=RemovalGround.REPORT_FILED)
    assert removed.count() == loaded["removed"] > 0
    assert RemovalRequest.objects.filter(status=RequestStatus.GRANTED).count() == removed.count()
    for row in removed:
        assert row.report_year is not None
        assert row.listed_on is not None
        assert row.removed_on is not None
        report = AnnualReport.objects.get(enterprise=row.enterprise, year=row.report_year)
        assert report.filed_late
        assert report.first_submitted_at is not None
        assert row.listed_on < timezone.localdate(report.first_submitted_at) <= row.removed_on
    assert listings.filter(status=ListingStatus.DISMISSED).exclude(dismissed_reason="").exists()
    assert not AnnualReport.objects.filter(filed_late=True, first_submitted_at=None).exists()
    # One objection upheld (the listing removed), one rejected.
    assert sorted(ListingObjection.objects.values_list("status", flat=True)) == [
        RequestStatus.GRANTED,
        RequestStatus.REFUSED,
    ]
    assert listings.filter(removal_ground=RemovalGround.OBJECTION_UPHELD).count() == 1
    # Reason 4: returned letters listed, recent ones and inspection findings pending.
    unreachable = listings.filter(reason=AbnormalReason.UNREACHABLE)
    assert unreachable.filter(
        source=ListingSource.RETURNED_LETTER, status=ListingStatus.LISTED
    ).exists()
    assert unreachable.filter(
        source=ListingSource.RETURNED_LETTER, status=ListingStatus.PROPOSED
    ).exists()
    assert unreachable.filter(source=ListingSource.INSPECTION, status=ListingStatus.PROPOSED)
    assert listings.filter(status=ListingStatus.PROPOSED).count() == loaded["pending"]
    # Every decision is audited.
    assert (
        AuditLog.objects.filter(action="supervision.abnormal.confirm").count() == (loaded["listed"])
    )
    _serious_list_escalated_and_proposed(loaded)
    _flags_agree_with_the_lists()


def _serious_list_escalated_and_proposed(loaded):
    escalated = SeriousListing.objects.filter(ground=SeriousGround.ABNORMAL_THREE_YEARS)
    listed = escalated.filter(status=ListingStatus.LISTED)
    assert listed.count() == loaded["serious_listed"] >= 2
    for row in listed:
        abnormal = row.abnormal_listing
        assert abnormal is not None
        assert abnormal.status == ListingStatus.LISTED
        assert abnormal.listed_on is not None
        assert abnormal.listed_on <= date(2023, 12, 7)
        assert row.disqualification is not None
        assert row.legal_rep_name == row.enterprise.legal_rep_name
    assert escalated.filter(status=ListingStatus.PROPOSED).count() == 1
    clerk = SeriousListing.objects.get(ground=SeriousGround.SERIOUS_PENALTY)
    assert clerk.status == ListingStatus.PROPOSED
    assert clerk.proposed_by is not None


def _flags_agree_with_the_lists():
    abnormal = AbnormalListing.objects.filter(
        enterprise=OuterRef("pk"), status=ListingStatus.LISTED
    )
    serious = SeriousListing.objects.filter(enterprise=OuterRef("pk"), status=ListingStatus.LISTED)
    rows = Enterprise.objects.annotate(a=Exists(abnormal), s=Exists(serious))
    assert rows.filter(on_abnormal_list=True).count() > 50
    assert rows.filter(on_serious_list=True).exists()
    for row in rows:
        assert row.on_abnormal_list == row.a, row.pk
        assert row.on_serious_list == row.s, row.pk


def test_inspections_drawn_published_and_results_entered(loaded):
    credentials = EnforcementCredential.objects.filter(number__startswith=CREDENTIAL_PREFIX)
    assert credentials.count() == loaded["credentials"]
    assert credentials.filter(valid_until__lt=TODAY).exists()
    assert credentials.exclude(revoked_on=None).exists()
    assert all(len(number) == 12 for number in credentials.values_list("number", flat=True))
    for unit in _county_units():
        assert inspector_queryset(unit, TODAY).count() >= 8, unit.code
    plans = InspectionPlan.objects.filter(year=TODAY.year)
    assert plans.count() == loaded["plans"] >= 2
    assert set(plans.values_list("status", flat=True)) == {PlanStatus.PUBLISHED}
    assert plans.filter(filters__filed_late=True).exists()
    for plan in plans:
        assert plan.draw.published_at is not None
        assert plan.draw.published_at.date() <= TODAY
    tasks = InspectionTask.objects.filter(plan__in=plans)
    entered = tasks.exclude(result=InspectionResult.PENDING)
    assert entered.count() == loaded["results"] > tasks.count() / 2
    assert tasks.filter(result=InspectionResult.PENDING).exists()
    assert entered.filter(result=InspectionResult.PROBLEMS).exclude(follow_up="").exists()
    not_found = entered.filter(result=InspectionResult.NOT_FOUND)
    assert not_found.count() == loaded["not_found"] >= 1
    assert all(task.listing_id for task in not_found)
    published = entered.exclude(published_at=None)
    assert published.count() == loaded["published"] > entered.count() / 2
    assert not tasks.filter(result=InspectionResult.PENDING).exclude(published_at=None).exists()
    for task in entered:
        assert task.inspected_on is not None
        assert date(TODAY.year, 3, 16) <= task.inspected_on <= TODAY
        assert task.inspector_a_id != task.inspector_b_id


def test_a_second_run_adds_nothing(loaded):
    models = (
        AbnormalListing,
        SeriousListing,
        InspectionPlan,
        InspectionTask,
        EnforcementCredential,
        ScheduledRun,
        AuditLog,
    )
    before = {model: model.objects.count() for model in models}
    again = demo_supervision_load(seed=SEED, today=TODAY)
    assert not any(again.values()), again
    assert {model: model.objects.count() for model in models} == before
