"""Services of the abnormal-operation list (经营异常名录, docs/rules/supervision.md §1).

`abnormal_propose` puts an enterprise on the list of candidates (reasons 2–4 by a clerk from an
order, a verification or a returned letter; reason 4 from an inspection finding; reason 1 by a
clerk for one enterprise, the scheduled run proposes the year's non-filers in one pass). The
decision, removal and objection services follow it in this module.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hongdun.accounts.models import User
from hongdun.core.exceptions import ApplicationError
from hongdun.core.services import audit_record
from hongdun.disclosure.models import AnnualReport
from hongdun.enterprises.choices import EnterpriseStatus
from hongdun.enterprises.models import Enterprise
from hongdun.supervision.choices import (
    OPEN_LISTING_STATUSES,
    AbnormalReason,
    ListingSource,
)
from hongdun.supervision.engine.deadlines import listing_decision_due
from hongdun.supervision.models import AbnormalListing, ScheduledRun
from hongdun.supervision.rules import add_working_days, supervision_rules

# The register statuses under which an enterprise can still be listed: it exists (a revoked
# licence does not end the enterprise; deregistration and revocation of the registration do).
LISTABLE_STATUSES = (EnterpriseStatus.ACTIVE, EnterpriseStatus.LICENCE_REVOKED)


def listing_snapshot(row: AbnormalListing) -> dict[str, Any]:
    """What the audit log keeps of an entry."""
    return {
        "enterprise": row.enterprise_id,
        "reason": row.reason,
        "status": row.status,
        "source": row.source,
        "report_year": row.report_year,
        "basis_on": row.basis_on.isoformat(),
        "decision_due_on": row.decision_due_on.isoformat(),
        "listed_on": row.listed_on.isoformat() if row.listed_on else None,
        "document_number": row.document_number,
        "removed_on": row.removed_on.isoformat() if row.removed_on else None,
        "removal_ground": row.removal_ground,
    }


def _locked_enterprise(enterprise: Enterprise) -> Enterprise:
    """The enterprise row, locked: listings of one enterprise are decided one at a time."""
    return Enterprise.objects.select_for_update().get(pk=enterprise.pk)


def _require_reason(reason: Any) -> int:
    try:
        value = int(reason)
    except (TypeError, ValueError):
        value = 0
    if value not in AbnormalReason.values:
        raise ApplicationError(_("列入事由：请从列表中选择一项（1–4）。"), field="reason")
    return value


def report_filed(enterprise: Enterprise, year: int) -> bool:
    """Whether the enterprise has submitted its report for `year` (on time or late)."""
    return AnnualReport.objects.filter(
        enterprise=enterprise, year=year, first_submitted_at__isnull=False
    ).exists()


@transaction.atomic
def abnormal_propose(
    *,
    actor: User | None,
    enterprise: Enterprise,
    reason: Any,
    basis_on: datetime.date,
    source: str,
    facts: str = "",
    source_reference: str = "",
    report_year: int | None = None,
    run: ScheduledRun | None = None,
    today: datetime.date | None = None,
) -> AbnormalListing:
    """Propose `enterprise` for the list for `reason`; refused (ApplicationError naming the field)
    when it cannot be listed, when the reason does not hold on the records (reason 1 for a year it
    filed), or when it already has an open entry for the reason."""
    code = _require_reason(reason)
    today = today or timezone.localdate()
    if source not in ListingSource.values:
        raise ApplicationError(_("来源：请从列表中选择一项。"), field="source")
    if basis_on > today:
        raise ApplicationError(_("起算日不能晚于今天，请填写已经发生的日期。"), field="basis_on")
    locked = _locked_enterprise(enterprise)
    if locked.status not in LISTABLE_STATUSES:
        raise ApplicationError(
            _("该市场主体已不在登记状态（%(status)s），不能列入经营异常名录。")
            % {"status": locked.get_status_display()},
            field="enterprise",
        )
    if code == AbnormalReason.NOT_FILED:
        if report_year is None:
            raise ApplicationError(_("请填写未报送的年度。"), field="report_year")
        if locked.established_on.year > report_year:
            raise ApplicationError(
                _("该企业成立于%(year)s年之后，不需报送%(report)s年度报告。")
                % {"year": report_year, "report": report_year},
                field="report_year",
            )
        if report_filed(locked, report_year):
            raise ApplicationError(
                _("该企业已报送%(year)s年度报告，不能以未报送年度报告为由列入。")
                % {"year": report_year},
                field="report_year",
            )
    elif not facts.strip():
        raise ApplicationError(
            _("请填写事实：责令公示的情况、核查的结果或邮寄无法送达的情况。"), field="facts"
        )
    if AbnormalListing.objects.filter(
        enterprise=locked, reason=code, status__in=OPEN_LISTING_STATUSES
    ).exists():
        raise ApplicationError(
            _("该企业已因同一事由被列入经营异常名录或已在待决定名单中。"), field="enterprise"
        )
    rules = supervision_rules()
    try:
        with transaction.atomic():
            row = AbnormalListing.objects.create(
                enterprise=locked,
                reason=code,
                source=source,
                report_year=report_year if code == AbnormalReason.NOT_FILED else None,
                facts=facts.strip(),
                source_reference=source_reference.strip(),
                basis_on=basis_on,
                decision_due_on=listing_decision_due(rules, basis_on, add_working_days),
                authority_id=locked.registration_authority_id,
                proposed_by=actor if actor is not None and actor.is_authenticated else None,
                proposed_by_run=run,
            )
    except IntegrityError:  # a concurrent proposal won (supervision_abnormal_one_open_per_reason)
        raise ApplicationError(
            _("该企业已因同一事由被列入经营异常名录或已在待决定名单中。"), field="enterprise"
        ) from None
    audit_record(
        actor=actor,
        action="supervision.abnormal.propose",
        instance=row,
        after=listing_snapshot(row),
    )
    return row
