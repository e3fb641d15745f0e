"""The serious-violation list's services: proposal, decision (the bar on the legal representative
and its dates), dismissal and removal, and their refusals."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from hongdun.accounts.roles import Role
from hongdun.core.exceptions import ApplicationError
from hongdun.core.models import AuditLog, Notification
from hongdun.enterprises.models import Enterprise
from hongdun.registration.choices import DisqualificationGround
from hongdun.registration.models import DisqualifiedPerson
from hongdun.supervision.choices import (
    AbnormalReason,
    ListingSource,
    ListingStatus,
    SeriousGround,
)
from hongdun.supervision.models import SeriousListing
from hongdun.supervision.services_serious import (
    removal_check,
    serious_confirm,
    serious_dismiss,
    serious_enterprise_facts,
    serious_propose,
    serious_remove,
)
from hongdun.supervision.tests import factories_serious as f

D = datetime.date


@pytest.fixture
def supervisor(make_user: Any, bureau: Any) -> Any:
    return make_user(Role.SUPERVISOR, bureau["kundulun"])


@pytest.fixture
def firm(bureau: Any) -> Enterprise:
    return f.enterprise(bureau["kundulun"])


def _propose(firm: Enterprise, actor: Any, basis: D, ground: str = SeriousGround.SERIOUS_PENALTY):
    return serious_propose(
        actor=actor,
        enterprise=firm,
        ground=ground,
        legal_basis="《市场监督管理严重违法失信名单管理办法》第二条",
        facts="因严重违法行为被处以较重行政处罚（包市监罚〔2024〕1号）。",
        basis_on=basis,
        today=basis,
    )


def _confirm(row: SeriousListing, actor: Any, day: D, number: str = "", **extra: Any):
    return serious_confirm(
        actor=actor,
        listing=row,
        decided_on=day,
        document_number=number or f"包市监严字〔{day.year}〕{row.pk}号",
        today=extra.pop("today", day),
        **extra,
    )


# --- propose ---------------------------------------------------------------------------------


def test_propose_other_ground(firm: Enterprise, supervisor: Any) -> None:
    row = _propose(firm, supervisor, D(2024, 5, 6))
    assert row.status == ListingStatus.PROPOSED
    assert row.source == ListingSource.CLERK
    assert row.authority_id == firm.registration_authority_id
    assert row.decision_due_on > row.basis_on
    assert AuditLog.objects.filter(action="supervision.serious.propose", object_id=str(row.pk))


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"ground": SeriousGround.ABNORMAL_THREE_YEARS}, "ground"),
        ({"ground": "no-such-ground"}, "ground"),
        ({"legal_basis": "  "}, "legal_basis"),
        ({"facts": ""}, "facts"),
        ({"basis_on": D(2024, 5, 7)}, "basis_on"),  # after today
        ({"basis_on": "2024-05-01"}, "basis_on"),  # not a date
    ],
)
def test_propose_refusals(
    firm: Enterprise, supervisor: Any, change: dict[str, Any], field: str
) -> None:
    values: dict[str, Any] = {
        "ground": SeriousGround.SERIOUS_PENALTY,
        "legal_basis": "依据",
        "facts": "事实",
        "basis_on": D(2024, 5, 6),
        **change,
    }
    with pytest.raises(ApplicationError) as refused:
        serious_propose(actor=supervisor, enterprise=firm, today=D(2024, 5, 6), **values)
    assert refused.value.field == field
    assert not SeriousListing.objects.exists()


def test_propose_refused_while_an_entry_for_the_ground_is_open(
    firm: Enterprise, supervisor: Any
) -> None:
    row = _propose(firm, supervisor, D(2024, 5, 6))
    with pytest.raises(ApplicationError, match="同一事由"):
        _propose(firm, supervisor, D(2024, 5, 6))
    # another ground is a separate entry
    _propose(firm, supervisor, D(2024, 5, 6), ground=SeriousGround.OTHER)
    serious_dismiss(actor=supervisor, listing=row, reason="证据不足")
    assert _propose(firm, supervisor, D(2024, 5, 6)).pk != row.pk


# --- confirm ---------------------------------------------------------------------------------


def test_escalation_refused_before_the_mark_and_allowed_at_it(
    firm: Enterprise, supervisor: Any
) -> None:
    abnormal = f.abnormal_listed(firm, listed_on=D(2021, 7, 12))
    row = f.escalation(abnormal)
    with pytest.raises(ApplicationError) as refused:
        serious_confirm(
            actor=supervisor,
            listing=row,
            decided_on=D(2024, 7, 11),
            document_number="包市监严字〔2024〕1号",
            # the row's basis day is the mark; a decision dated before it is refused too
            today=D(2024, 7, 20),
        )
    assert refused.value.field == "decided_on"
    row.refresh_from_db()
    assert row.status == ListingStatus.PROPOSED
    listed = _confirm(row, supervisor, D(2024, 7, 12))
    assert listed.status == ListingStatus.LISTED


def test_escalation_checks_the_mark_itself_not_only_the_basis_day(
    firm: Enterprise, supervisor: Any
) -> None:
    abnormal = f.abnormal_listed(firm, listed_on=D(2021, 7, 12))
    row = f.escalation(abnormal)
    SeriousListing.objects.filter(pk=row.pk).update(basis_on=D(2024, 6, 1))  # a wrong candidate
    row.refresh_from_db()
    with pytest.raises(ApplicationError, match="届满3年之日为2024-07-12"):
        _confirm(row, supervisor, D(2024, 7, 1))


def test_escalation_refused_when_the_abnormal_listing_is_no_longer_in_force(
    firm: Enterprise, supervisor: Any
) -> None:
    abnormal = f.abnormal_listed(firm, listed_on=D(2021, 7, 12))
    row = f.escalation(abnormal)
    abnormal.status = ListingStatus.REMOVED
    abnormal.removed_on = D(2024, 7, 1)
    abnormal.save()
    with pytest.raises(ApplicationError) as refused:
        _confirm(row, supervisor, D(2024, 7, 15))
    assert refused.value.field == "abnormal_listing"
    assert not DisqualifiedPerson.objects.exists()


# listing day → last day of the bar (3 years, the day before the anniversary) and the day
# removal becomes possible (5 years); 29 February without one is 28 February (民法典第二百零二条).
BAR_DATES = [
    (D(2023, 3, 1), D(2026, 2, 28), D(2028, 3, 1)),
    (D(2024, 2, 29), D(2027, 2, 27), D(2029, 2, 28)),
    (D(2024, 2, 28), D(2027, 2, 27), D(2029, 2, 28)),
    (D(2024, 3, 1), D(2027, 2, 28), D(2029, 3, 1)),
    (D(2025, 2, 28), D(2028, 2, 27), D(2030, 2, 28)),
    (D(2025, 3, 1), D(2028, 2, 29), D(2030, 3, 1)),
    (D(2025, 1, 1), D(2027, 12, 31), D(2030, 1, 1)),
]


@pytest.mark.parametrize(("listed_on", "bar_until", "eligible"), BAR_DATES)
def test_confirm_writes_the_bar_with_its_dates(
    firm: Enterprise,
    supervisor: Any,
    make_user: Any,
    listed_on: D,
    bar_until: D,
    eligible: D,
) -> None:
    owner = make_user(Role.APPLICANT)
    f.authorise(owner, firm)
    row = _propose(firm, supervisor, listed_on)
    row = _confirm(row, supervisor, listed_on, number="包市监严字〔2024〕8号")
    bar = row.disqualification
    assert bar is not None
    assert (bar.barred_from, bar.barred_until) == (listed_on, bar_until)
    assert bar.ground == DisqualificationGround.SERIOUS_VIOLATION_LIST
    assert (bar.name, bar.id_number) == (firm.legal_rep_name, firm.legal_rep_id_number)
    assert bar.source_reference == "包市监严字〔2024〕8号"
    assert bar.is_active
    assert row.removal_eligible_on == eligible
    assert (row.legal_rep_name, row.legal_rep_id_number) == (
        firm.legal_rep_name,
        firm.legal_rep_id_number,
    )
    firm.refresh_from_db()
    assert firm.on_serious_list
    assert (
        Notification.objects.filter(user=owner, title__contains="列入严重违法失信名单").count() == 1
    )
    assert AuditLog.objects.filter(action="supervision.serious.confirm", object_id=str(row.pk))
    assert AuditLog.objects.filter(
        action="registration.disqualification.create", object_id=str(bar.pk)
    )


def test_late_decision_needs_a_reason(firm: Enterprise, supervisor: Any) -> None:
    row = _propose(firm, supervisor, D(2024, 5, 6))
    late = row.decision_due_on + datetime.timedelta(days=1)
    with pytest.raises(ApplicationError) as refused:
        _confirm(row, supervisor, late)
    assert refused.value.field == "late_reason"
    assert not DisqualifiedPerson.objects.exists()
    listed = _confirm(row, supervisor, late, late_reason="待处罚决定生效")
    assert listed.late_reason == "待处罚决定生效"
    # on time: a reason given is not kept
    other = _propose(f.enterprise(firm.registration_authority), supervisor, D(2024, 5, 6))
    on_time = _confirm(other, supervisor, D(2024, 5, 7), late_reason="无")
    assert on_time.late_reason == ""


def test_document_number_is_unique_within_the_authority(firm: Enterprise, supervisor: Any) -> None:
    first = _confirm(_propose(firm, supervisor, D(2024, 5, 6)), supervisor, D(2024, 5, 7), "号1")
    second = _propose(f.enterprise(firm.registration_authority), supervisor, D(2024, 5, 6))
    with pytest.raises(ApplicationError) as refused:
        _confirm(second, supervisor, D(2024, 5, 7), "号1")
    assert refused.value.field == "document_number"
    assert first.document_number == "号1"


def test_confirm_twice_is_refused_and_writes_one_bar(firm: Enterprise, supervisor: Any) -> None:
    row = _propose(firm, supervisor, D(2024, 5, 6))
    _confirm(row, supervisor, D(2024, 5, 7), "号1")
    with pytest.raises(ApplicationError, match="已列入"):
        _confirm(row, supervisor, D(2024, 5, 7), "号2")
    assert DisqualifiedPerson.objects.count() == 1


def test_confirm_refused_without_the_legal_representatives_id(bureau: Any, supervisor: Any) -> None:
    firm = f.enterprise(bureau["kundulun"], legal_rep_id_number="")
    row = _propose(firm, supervisor, D(2024, 5, 6))
    with pytest.raises(ApplicationError, match="证件号码为空"):
        _confirm(row, supervisor, D(2024, 5, 7))


def test_dismiss_keeps_the_row(firm: Enterprise, supervisor: Any) -> None:
    row = _propose(firm, supervisor, D(2024, 5, 6))
    with pytest.raises(ApplicationError) as refused:
        serious_dismiss(actor=supervisor, listing=row, reason=" ")
    assert refused.value.field == "reason"
    row = serious_dismiss(actor=supervisor, listing=row, reason="处罚决定已被撤销")
    assert (row.status, row.dismissed_reason) == (ListingStatus.DISMISSED, "处罚决定已被撤销")
    with pytest.raises(ApplicationError):
        _confirm(row, supervisor, D(2024, 5, 7))
    firm.refresh_from_db()
    assert not firm.on_serious_list


# --- remove ----------------------------------------------------------------------------------


def _remove(row: SeriousListing, actor: Any, day: D, number: str = "移1"):
    return serious_remove(
        actor=actor,
        listing=row,
        removed_on=day,
        document_number=number,
        reason="列入满5年，未再发生违法失信行为。",
        today=day,
    )


def test_removal_refused_before_the_day_then_allowed(
    firm: Enterprise, supervisor: Any, make_user: Any
) -> None:
    owner = make_user(Role.APPLICANT)
    f.authorise(owner, firm)
    row = _confirm(_propose(firm, supervisor, D(2024, 2, 29)), supervisor, D(2024, 2, 29))
    with pytest.raises(ApplicationError, match="自2029-02-28起方可移出") as refused:
        _remove(row, supervisor, D(2029, 2, 27))
    assert refused.value.field == "removed_on"
    removed = _remove(row, supervisor, D(2029, 2, 28))
    assert removed.status == ListingStatus.REMOVED
    firm.refresh_from_db()
    assert not firm.on_serious_list
    bar = DisqualifiedPerson.objects.get()
    assert bar.is_active
    assert bar.barred_until == D(2027, 2, 27)
    assert Notification.objects.filter(user=owner, title__contains="移出").count() == 1


def test_removal_refused_after_a_new_violation(firm: Enterprise, supervisor: Any) -> None:
    row = _confirm(_propose(firm, supervisor, D(2024, 5, 6)), supervisor, D(2024, 5, 7))
    f.abnormal_listed(firm, listed_on=D(2026, 7, 1), reason=AbnormalReason.UNREACHABLE)
    check = removal_check(row, D(2029, 5, 7))
    assert (check.possible, check.new_violation_on, check.possible_from) == (
        False,
        D(2026, 7, 1),
        D(2031, 7, 1),
    )
    with pytest.raises(ApplicationError, match=r"2026-07-01再次被列入.*自2031-07-01起方可移出"):
        _remove(row, supervisor, D(2029, 5, 7))
    row.refresh_from_db()
    assert row.status == ListingStatus.LISTED


def test_a_later_serious_listing_is_a_new_violation(firm: Enterprise, supervisor: Any) -> None:
    first = _confirm(_propose(firm, supervisor, D(2024, 5, 6)), supervisor, D(2024, 5, 7), "号1")
    _confirm(
        _propose(firm, supervisor, D(2025, 1, 6), ground=SeriousGround.OTHER),
        supervisor,
        D(2025, 1, 7),
        "号2",
    )
    with pytest.raises(ApplicationError, match="自2030-01-07起"):
        _remove(first, supervisor, D(2029, 5, 7))
    facts = serious_enterprise_facts(firm)
    assert len(facts.listed) == 2
    assert not facts.open_proposals


def test_removal_needs_a_listing_in_force_and_a_fresh_number(
    firm: Enterprise, supervisor: Any
) -> None:
    proposed = _propose(firm, supervisor, D(2024, 5, 6))
    with pytest.raises(ApplicationError, match="待决定"):
        _remove(proposed, supervisor, D(2029, 5, 7))
    row = _confirm(proposed, supervisor, D(2024, 5, 7), "号1")
    with pytest.raises(ApplicationError) as refused:
        _remove(row, supervisor, D(2029, 5, 7), number="号1")
    assert refused.value.field == "removal_document_number"
    _remove(row, supervisor, D(2029, 5, 7), number="移1")
    with pytest.raises(ApplicationError, match="已移出"):
        _remove(row, supervisor, D(2029, 5, 8), number="移2")
