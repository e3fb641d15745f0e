"""Fill the register's public facts for enterprises registered before approvals wrote them
(docs/rules/disclosure.md §1): from the enterprise's approved applications where they exist, else
the legal representative on record as the sole officer; branches registered here are put on their
head office's record. Only what is missing is written, so the command can run again safely."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from hongdun.enterprises.choices import EnterpriseType, IdType
from hongdun.enterprises.models import (
    Enterprise,
    EnterpriseBranch,
    EnterpriseContribution,
    EnterpriseInvestor,
    EnterpriseOfficer,
)
from hongdun.enterprises.public_cache import public_cache_clear_all
from hongdun.enterprises.services import (
    OFFICER_POSTS,
    InvestorData,
    OfficerData,
    history_stamp,
    officers_with_legal_representative,
)
from hongdun.registration.choices import ApplicationKind, ApplicationStatus, ChangeItemKind
from hongdun.registration.models import Application
from hongdun.registration.review.services import application_investors, application_officers

REASON = "补录登记事实"
BATCH_SIZE = 2_000


@dataclass
class BackfillReport:
    enterprises: int = 0
    investors: int = 0
    officers: int = 0
    from_applications: int = 0
    branches: int = 0


def _facts_from_applications(
    enterprise: Enterprise, applications: list[Application]
) -> tuple[list[InvestorData] | None, date | None, list[OfficerData] | None, date | None]:
    """Replay the approved establishment and changes, oldest first: members and officers as the
    last application that gave them; a change of the legal representative alone moves the flag."""
    investors: list[InvestorData] | None = None
    officers: list[OfficerData] | None = None
    investors_on = officers_on = None
    for application in applications:
        establishment = application.kind == ApplicationKind.ESTABLISHMENT
        # A registration takes effect on the establishment date, a change on its decision.
        on = (
            enterprise.established_on
            if establishment or application.decided_at is None
            else timezone.localdate(application.decided_at)
        )
        items = {c.item for c in application.change_items.all()}
        members = application_investors(application)
        if members and (establishment or items & {ChangeItemKind.MEMBERS, ChangeItemKind.CAPITAL}):
            investors, investors_on = members, on
        people = application_officers(application)
        if people and (establishment or ChangeItemKind.OFFICERS in items):
            officers, officers_on = people, on
        elif people and ChangeItemKind.LEGAL_REPRESENTATIVE in items:
            representative = next((o for o in people if o.is_legal_representative), None)
            if representative is not None:
                officers = officers_with_legal_representative(officers or [], representative)
                officers_on = on
    return investors, investors_on, officers, officers_on


def _backfill_batch(enterprises: list[Enterprise], report: BackfillReport) -> None:
    ids = [e.pk for e in enterprises]
    has_officers = set(
        EnterpriseOfficer.objects.filter(enterprise_id__in=ids).values_list(
            "enterprise_id", flat=True
        )
    )
    has_investors = set(
        EnterpriseInvestor.objects.filter(enterprise_id__in=ids).values_list(
            "enterprise_id", flat=True
        )
    )
    approved: dict[int, list[Application]] = {}
    for application in (
        Application.objects.filter(
            enterprise_id__in=ids,
            status=ApplicationStatus.APPROVED,
            kind__in=[ApplicationKind.ESTABLISHMENT, ApplicationKind.CHANGE],
        )
        .order_by("decided_at", "id")
        .prefetch_related("change_items")
    ):
        approved.setdefault(application.enterprise_id or 0, []).append(application)
    investors: list[EnterpriseInvestor] = []
    contributions: list[tuple[int, EnterpriseContribution]] = []
    officers: list[EnterpriseOfficer] = []
    for enterprise in enterprises:
        found_investors, investors_on, found_officers, officers_on = _facts_from_applications(
            enterprise, approved.get(enterprise.pk, [])
        )
        if found_investors or found_officers:
            report.from_applications += 1
        report.enterprises += 1
        if enterprise.pk not in has_investors and found_investors:
            on = investors_on or enterprise.established_on
            for position, data in enumerate(found_investors):
                investor = EnterpriseInvestor(
                    enterprise_id=enterprise.pk,
                    position=position,
                    kind=data.kind,
                    role=data.role,
                    name=data.name,
                    id_type=data.id_type,
                    id_number=data.id_number,
                    nationality=data.nationality,
                )
                history_stamp(investor, on=on)
                investors.append(investor)
                for c in data.contributions:
                    contribution = EnterpriseContribution(
                        subscribed_amount=c.subscribed_amount,
                        form=c.form,
                        subscribed_due=c.subscribed_due,
                        paid_amount=c.paid_amount,
                        paid_on=c.paid_on,
                    )
                    history_stamp(contribution, on=on)
                    contributions.append((len(investors) - 1, contribution))
        if enterprise.pk in has_officers:
            continue
        people = found_officers
        on = officers_on or enterprise.established_on
        if not people or not any(o.is_legal_representative for o in people):
            # The legal representative on record, as the sole officer.
            people = [
                OfficerData(
                    name=enterprise.legal_rep_name,
                    id_type=IdType.RESIDENT_ID,
                    id_number=enterprise.legal_rep_id_number,
                    is_legal_representative=True,
                )
            ]
            on = enterprise.established_on
        for position, person in enumerate(people):
            officer = EnterpriseOfficer(
                enterprise_id=enterprise.pk,
                position=position,
                name=person.name,
                id_type=person.id_type,
                id_number=person.id_number,
                **{post: getattr(person, post) for post in OFFICER_POSTS},
            )
            history_stamp(officer, on=on)
            officers.append(officer)
    if investors:
        bulk_create_with_history(investors, EnterpriseInvestor, default_change_reason=REASON)
        rows = []
        for index, contribution in contributions:
            contribution.investor_id = investors[index].pk
            rows.append(contribution)
        if rows:
            bulk_create_with_history(rows, EnterpriseContribution, default_change_reason=REASON)
    if officers:
        bulk_create_with_history(officers, EnterpriseOfficer, default_change_reason=REASON)
    report.investors += len(investors)
    report.officers += len(officers)


def _backfill_branches(report: BackfillReport) -> None:
    """Branches registered here through an approved establishment naming their head office."""
    missing = (
        Application.objects.filter(
            kind=ApplicationKind.ESTABLISHMENT,
            status=ApplicationStatus.APPROVED,
            entity_type=EnterpriseType.BRANCH,
            parent_enterprise__isnull=False,
            enterprise__isnull=False,
        )
        .exclude(Exists(EnterpriseBranch.objects.filter(branch_id=OuterRef("enterprise_id"))))
        .select_related("enterprise__registration_authority")
        .order_by("id")
    )
    rows = []
    for application in missing:
        branch = application.enterprise
        if branch is None or application.parent_enterprise_id is None:
            continue
        record = EnterpriseBranch(
            enterprise_id=application.parent_enterprise_id,
            branch=branch,
            name=branch.name,
            uscc=branch.uscc,
            registration_authority_name=branch.registration_authority.name,
            recorded_on=branch.established_on,
        )
        history_stamp(record, on=branch.established_on)
        rows.append(record)
    if rows:
        bulk_create_with_history(rows, EnterpriseBranch, default_change_reason=REASON)
    report.branches = len(rows)


def enterprise_facts_backfill(
    *, progress: Callable[[int, int], None] | None = None, batch_size: int = BATCH_SIZE
) -> BackfillReport:
    """Fill the missing investors and officers of every enterprise, and the missing branch
    records; each batch is one transaction."""
    report = BackfillReport()
    bare = Enterprise.objects.filter(
        ~Exists(EnterpriseOfficer.objects.filter(enterprise=OuterRef("pk")))
        | ~Exists(EnterpriseInvestor.objects.filter(enterprise=OuterRef("pk")))
    ).order_by("pk")
    total = bare.count()
    last = 0
    while True:
        batch = list(
            bare.filter(pk__gt=last).only(
                "pk", "legal_rep_name", "legal_rep_id_number", "established_on"
            )[:batch_size]
        )
        if not batch:
            break
        with transaction.atomic():
            _backfill_batch(batch, report)
        last = batch[-1].pk
        if progress:
            progress(report.enterprises, total)
    with transaction.atomic():
        _backfill_branches(report)
    # bulk_create sends no signals: the cached public records are rendered again.
    public_cache_clear_all()
    return report
