"""The Django side of the pre-review: build its input from the database, translate its output."""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from hongdun.namecheck.models import NameReservation
from hongdun.orgs.divisions import divisions_of_city
from hongdun.orgs.models import Unit
from hongdun.registration.choices import (
    ChangeItemKind,
    ContributionForm,
    DisqualificationGround,
    MaterialKind,
    ObjectionStatus,
)
from hongdun.registration.models import (
    Application,
    DeregistrationDetail,
    DisqualifiedPerson,
)
from hongdun.registration.prereview import prereview
from hongdun.registration.prereview.config import RuleConfig, default_rules, load_rules_file
from hongdun.registration.prereview.types import (
    ApplicationData,
    AuthorityData,
    ChangeItemData,
    Defect,
    DeregistrationData,
    Disqualification,
    EnterpriseFacts,
    MaterialData,
    MemberData,
    OfficerData,
    Phase,
    ReservationData,
    ScopeItemData,
    SubscriptionData,
)


@cache
def _rules_from(path: str) -> RuleConfig:
    return load_rules_file(path)


def rule_config() -> RuleConfig:
    """The deployment's rule file (HONGDUN["REGISTRATION_RULES_FILE"]) or the shipped one."""
    path = settings.HONGDUN.get("REGISTRATION_RULES_FILE", "")
    return _rules_from(path) if path else default_rules()


def authority_jurisdiction(unit: Unit) -> frozenset[str]:
    """County-level division codes a registration authority covers.

    A city-level authority (code ending in "00") covers every county-level division of its
    city; a district or county authority covers its own division.
    """
    code = unit.division_code
    if not code:
        return frozenset()
    if code.endswith("00"):
        return frozenset({code, *(d.code for d in divisions_of_city(code[:4]))})
    return frozenset({code})


def authority_data(unit: Unit) -> AuthorityData:
    return AuthorityData(
        id=unit.pk,
        name=unit.name,
        division_code=unit.division_code,
        jurisdiction=authority_jurisdiction(unit),
    )


def _enterprise_facts(enterprise: Any) -> EnterpriseFacts | None:
    if enterprise is None:
        return None
    return EnterpriseFacts(
        name=enterprise.name,
        entity_type=enterprise.enterprise_type,
        status=enterprise.status,
        established_on=enterprise.established_on,
        registered_capital=enterprise.registered_capital,
        authority_id=enterprise.registration_authority_id,
        legal_rep_name=enterprise.legal_rep_name,
    )


def _reservation_data(
    reservation: NameReservation | None, applicant_id: int
) -> ReservationData | None:
    if reservation is None:
        return None
    return ReservationData(
        name=reservation.proposed_name,
        authority_id=reservation.registry_id,
        status=reservation.status,
        reserved_until=reservation.reserved_until,
        trade_name=reservation.trade_name,
        needs_pre_approval=reservation.needs_pre_approval,
        owned_by_applicant=reservation.applicant_id == applicant_id,
    )


def _deregistration_data(application: Application) -> DeregistrationData | None:
    try:
        detail: DeregistrationDetail = application.deregistration
    except DeregistrationDetail.DoesNotExist:
        return None
    open_objections = sum(
        1
        for o in application.objections.all()
        if o.status in (ObjectionStatus.PENDING, ObjectionStatus.UPHELD)
    )
    return DeregistrationData(
        mode=application.deregistration_mode,
        reason=detail.reason,
        decision_date=detail.decision_date,
        liquidation_required=detail.liquidation_required,
        liquidation_committee_formed_on=detail.liquidation_committee_formed_on,
        liquidation_committee_published_on=detail.liquidation_committee_published_on,
        liquidation_ended_on=detail.liquidation_ended_on,
        tax_cleared=detail.tax_cleared,
        debts_settled=detail.debts_settled,
        all_investors_committed=detail.all_investors_committed,
        branches_deregistered=detail.branches_deregistered,
        on_abnormal_list=detail.on_abnormal_list,
        on_serious_violation_list=detail.on_serious_violation_list,
        equity_frozen_or_pledged=detail.equity_frozen_or_pledged,
        has_chattel_mortgage=detail.has_chattel_mortgage,
        has_outside_investments=detail.has_outside_investments,
        under_investigation=detail.under_investigation,
        in_litigation=detail.in_litigation,
        penalty_unexecuted=detail.penalty_unexecuted,
        needs_approval=detail.needs_approval,
        notice_start=detail.notice_start,
        notice_end=detail.notice_end,
        objections_open=open_objections,
    )


def application_for_review(application_id: int) -> Application:
    """The application with everything the pre-review reads, in a fixed number of queries."""
    return (
        Application.objects.select_related(
            "authority",
            "name_reservation",
            "enterprise",
            "parent_enterprise",
            "deregistration",
        )
        .prefetch_related(
            "members__subscriptions",
            "officers",
            "scope_items__entry",
            "materials",
            "change_items",
            "objections",
        )
        .get(pk=application_id)
    )


def application_data(
    application: Application, *, as_of: date | None = None, phase: Phase = Phase.SUBMIT
) -> ApplicationData:
    """The pre-review input for an application loaded by `application_for_review`."""
    officers = list(application.officers.all())
    ids = {o.id_number.strip().upper() for o in officers if o.id_number.strip()}
    disqualifications: dict[str, list[Disqualification]] = {}
    if ids:
        for person in DisqualifiedPerson.objects.filter(id_number__in=ids, is_active=True):
            disqualifications.setdefault(person.id_number.strip().upper(), []).append(
                Disqualification(ground=person.ground, barred_until=person.barred_until)
            )
    return ApplicationData(
        kind=application.kind,
        entity_type=application.entity_type,
        authority=authority_data(application.authority),
        as_of=as_of or timezone.localdate(),
        phase=phase,
        name=application.name,
        reservation=_reservation_data(application.name_reservation, application.applicant_id),
        enterprise=_enterprise_facts(application.enterprise),
        parent_enterprise=_enterprise_facts(application.parent_enterprise),
        registered_capital=application.registered_capital,
        currency=application.currency,
        is_foreign_invested=application.is_foreign_invested,
        jsc_by_public_offering=application.jsc_by_public_offering,
        address=application.address,
        address_division_code=application.address_division_code,
        no_supervisor=application.no_supervisor,
        audit_committee=application.audit_committee,
        members=tuple(
            MemberData(
                name=m.name,
                role=m.role,
                kind=m.kind,
                id_type=m.id_type,
                id_number=m.id_number,
                subscriptions=tuple(
                    SubscriptionData(
                        amount=s.amount, form=s.form, due_date=s.due_date, paid_amount=s.paid_amount
                    )
                    for s in m.subscriptions.all()
                ),
            )
            for m in application.members.all()
        ),
        officers=tuple(
            OfficerData(
                name=o.name,
                id_type=o.id_type,
                id_number=o.id_number,
                is_director=o.is_director,
                is_chair=o.is_chair,
                is_supervisor=o.is_supervisor,
                is_manager=o.is_manager,
                is_other_senior_manager=o.is_other_senior_manager,
                is_legal_representative=o.is_legal_representative,
            )
            for o in officers
        ),
        scope=tuple(
            ScopeItemData(
                wording=item.entry.wording,
                code=item.entry.code,
                in_catalogue=True,
                active=item.entry.is_active,
                permit_stage=item.entry.permit_stage,
                permit_name=item.entry.permit_name,
                permit_authority=item.entry.permit_authority,
            )
            for item in application.scope_items.all()
        ),
        materials=tuple(
            MaterialData(
                kind=m.kind,
                scope_code=m.scope_entry.code if m.scope_entry_id and m.scope_entry else "",
                issued_on=m.issued_on,
                valid_until=m.valid_until,
            )
            for m in application.materials.all()
        ),
        change_items=tuple(
            ChangeItemData(item=c.item, old_value=c.old_value, new_value=c.new_value)
            for c in application.change_items.all()
        ),
        resolution_date=application.resolution_date,
        new_legal_rep_signed=application.new_legal_rep_signed,
        capital_reduction_notice_on=application.capital_reduction_notice_on,
        deregistration=_deregistration_data(application),
        disqualifications={k: tuple(v) for k, v in disqualifications.items()},
    )


# Parameters that carry a choice value; shown with their translated label.
_LABELS: dict[str, Any] = {
    "material": MaterialKind,
    "form": ContributionForm,
    "ground": DisqualificationGround,
    "item": ChangeItemKind,
}


def _param(key: str, value: Any) -> Any:
    choices = _LABELS.get(key)
    if choices is not None:
        try:
            return str(choices(value).label)
        except ValueError:
            return value
    if key == "condition":
        return _(value)
    return value


def defect_as_dict(defect: Defect) -> dict[str, Any]:
    """A defect in the user's language, ready for templates, JSON and the stored snapshot."""
    params = {k: _param(k, v) for k, v in defect.params.items()}
    return {
        "rule": defect.rule,
        "field": defect.field,
        "section": str(defect.section),
        "severity": str(defect.severity),
        "blocks": defect.blocks,
        "article": _(defect.article),
        "message": _(defect.message) % params,
        "fix": _(defect.fix) % params,
    }


def run_prereview(
    application: Application, *, as_of: date | None = None, phase: Phase = Phase.SUBMIT
) -> list[dict[str, Any]]:
    """Every defect of the stored application (reloaded with its related rows), translated."""
    loaded = application_for_review(application.pk)
    return [
        defect_as_dict(d)
        for d in prereview(application_data(loaded, as_of=as_of, phase=phase), rule_config())
    ]
