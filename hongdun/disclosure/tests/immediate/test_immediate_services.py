"""Publishing and correcting immediate disclosures: who may, what is stored, what is audited,
and that a refusal writes nothing."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from hongdun.accounts.roles import Role
from hongdun.core.exceptions import ApplicationError
from hongdun.core.models import AuditLog
from hongdun.disclosure.choices import ImmediateKind
from hongdun.disclosure.immediate_services import (
    immediate_disclosure_correct,
    immediate_disclosure_publish,
)
from hongdun.disclosure.models import ImmediateDisclosure
from hongdun.disclosure.tests.immediate.factories import (
    NOW,
    OCCURRED,
    VALID,
    authorise,
    publish,
)
from hongdun.enterprises.choices import EnterpriseStatus

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("kind", list(ImmediateKind.values))
def test_publish_stores_the_content_due_day_and_audit(discloser, kundulun_company, kind):
    row = publish(discloser, kundulun_company, kind)
    assert row.kind == kind
    assert row.occurred_on == OCCURRED
    assert row.due_on == date(2026, 12, 18)  # 20 working days after Friday 2026-11-20
    assert row.late is False
    assert row.published_by == discloser
    assert row.published_at == NOW
    assert row.corrects is None
    entry = AuditLog.objects.get(action="disclosure.immediate.publish", object_id=str(row.pk))
    assert entry.actor == discloser
    assert (entry.after or {})["due_on"] == "2026-12-18"


def test_publishing_after_the_due_day_in_china_time_is_late(discloser, kundulun_company):
    # The due day is 2026-12-18; 23:59 there is on time, 00:00 on the 19th is late.
    on_time = publish(discloser, kundulun_company, now=datetime(2026, 12, 18, 15, 59, tzinfo=UTC))
    late = publish(discloser, kundulun_company, now=datetime(2026, 12, 18, 16, 0, tzinfo=UTC))
    assert (on_time.late, late.late) == (False, True)


def test_a_holiday_moves_the_due_day(discloser, kundulun_company):
    """Decided 2025-09-26: due 2025-10-30 on the calendar (Mon-Fri counting would say 10-24)."""
    row = publish(
        discloser,
        kundulun_company,
        decided_on="2025-09-26",
        now=datetime(2025, 10, 28, 2, 0, tzinfo=UTC),
    )
    assert row.due_on == date(2025, 10, 30)
    assert row.late is False


@pytest.mark.parametrize(
    "who", ["other_discloser", "unauthorised", "revoked", "expired", "staff", "anonymous"]
)
def test_only_the_enterprises_authorised_users_may_publish(
    who, kundulun_company, other_discloser, make_user, role_users
):
    from django.contrib.auth.models import AnonymousUser

    if who == "other_discloser":
        user = other_discloser
    elif who == "unauthorised":
        user = make_user(Role.APPLICANT)
    elif who == "revoked":
        user = make_user(Role.APPLICANT)
        authorise(user, kundulun_company, revoked_at=timezone.now())
    elif who == "expired":
        user = make_user(Role.APPLICANT)
        authorise(user, kundulun_company, valid_until=timezone.localdate() - timedelta(days=1))
    elif who == "staff":
        user = role_users[Role.SUPERVISOR]
    else:
        user = AnonymousUser()
    with pytest.raises(PermissionDenied):
        publish(user, kundulun_company)
    assert not ImmediateDisclosure.objects.exists()
    assert not AuditLog.objects.filter(action__startswith="disclosure.immediate").exists()


def test_bad_content_is_refused_with_every_problem_and_nothing_written(discloser, kundulun_company):
    with pytest.raises(ApplicationError) as caught:
        publish(discloser, kundulun_company, decision_number="", decided_on="2099-01-01")
    assert caught.value.field == "decision_number"
    fields = {p["field"] for p in caught.value.extra["problems"]}
    assert fields == {"decision_number", "decided_on"}
    assert not ImmediateDisclosure.objects.exists()


def test_unknown_kind_is_refused(discloser, kundulun_company):
    with pytest.raises(ApplicationError) as caught:
        immediate_disclosure_publish(
            user=discloser, enterprise=kundulun_company, kind="gossip", details={}
        )
    assert caught.value.field == "kind"


def test_a_deregistered_enterprise_publishes_nothing(discloser, kundulun_company):
    kundulun_company.status = EnterpriseStatus.DEREGISTERED
    kundulun_company.save()
    with pytest.raises(ApplicationError) as caught:
        publish(discloser, kundulun_company)
    assert caught.value.field == "enterprise"
    assert "注销" in caught.value.message


def test_correction_is_a_new_row_and_both_stay(discloser, kundulun_company):
    original = publish(discloser, kundulun_company, kind=ImmediateKind.EQUITY_CHANGE)
    correction = immediate_disclosure_correct(
        user=discloser,
        original=original,
        details={**VALID[ImmediateKind.EQUITY_CHANGE], "ratio_after": "30"},
        now=NOW + timedelta(days=3),
    )
    assert correction.pk != original.pk
    assert correction.corrects == original
    assert correction.details["ratio_after"] == "30"
    original.refresh_from_db()
    assert original.details["ratio_after"] == "25.5"  # unchanged, still public
    assert ImmediateDisclosure.objects.filter(enterprise=kundulun_company).count() == 2
    entry = AuditLog.objects.get(action="disclosure.immediate.correct")
    assert (entry.before or {})["details"]["ratio_after"] == "25.5"
    assert (entry.after or {})["corrects"] == original.pk


def test_a_correction_is_timely_when_the_first_publication_was(discloser, kundulun_company):
    original = publish(discloser, kundulun_company)
    much_later = datetime(2027, 3, 1, 2, 0, tzinfo=UTC)
    typo_fixed = immediate_disclosure_correct(
        user=discloser,
        original=original,
        details={**VALID[ImmediateKind.PENALTY], "content": "警告"},
        now=much_later,
    )
    assert typo_fixed.late is False
    # A corrected date whose due day had passed when the information was first published.
    redated = immediate_disclosure_correct(
        user=discloser,
        original=typo_fixed,
        details={**VALID[ImmediateKind.PENALTY], "content": "警告", "decided_on": "2026-09-01"},
        now=much_later,
    )
    assert redated.due_on == date(2026, 9, 29)
    assert redated.late is True


def test_only_the_latest_of_a_chain_is_corrected(discloser, kundulun_company):
    original = publish(discloser, kundulun_company)
    immediate_disclosure_correct(
        user=discloser, original=original, details={**VALID["penalty"], "content": "警告"}
    )
    with pytest.raises(ApplicationError) as caught:
        immediate_disclosure_correct(
            user=discloser, original=original, details={**VALID["penalty"], "content": "罚款"}
        )
    assert caught.value.field == "corrects"
    assert ImmediateDisclosure.objects.count() == 2


def test_a_correction_must_change_something(discloser, kundulun_company):
    original = publish(discloser, kundulun_company)
    with pytest.raises(ApplicationError) as caught:
        immediate_disclosure_correct(
            user=discloser, original=original, details=dict(VALID[ImmediateKind.PENALTY])
        )
    assert "相同" in caught.value.message


def test_another_enterprises_user_cannot_correct(discloser, other_discloser, kundulun_company):
    original = publish(discloser, kundulun_company)
    with pytest.raises(PermissionDenied):
        immediate_disclosure_correct(
            user=other_discloser,
            original=original,
            details={**VALID[ImmediateKind.PENALTY], "content": "警告"},
        )
    assert ImmediateDisclosure.objects.count() == 1


def test_a_contribution_takes_its_occurred_date_separately(discloser, kundulun_company):
    row = publish(discloser, kundulun_company, ImmediateKind.CONTRIBUTION)
    assert row.occurred_on == OCCURRED
    with pytest.raises(ApplicationError) as caught:
        immediate_disclosure_publish(
            user=discloser,
            enterprise=kundulun_company,
            kind=ImmediateKind.CONTRIBUTION,
            details=VALID[ImmediateKind.CONTRIBUTION],
            now=NOW,
        )
    assert caught.value.field == "occurred_on"
