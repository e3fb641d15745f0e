"""Database constraints of the registration models: the database refuses what must never exist."""

from collections.abc import Callable
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from hongdun.accounts.models import User
from hongdun.accounts.roles import Role
from hongdun.enterprises.choices import EnterpriseType
from hongdun.enterprises.tests.factories import register
from hongdun.namecheck.models import NameReservation
from hongdun.namecheck.tests.factories import reservation_row
from hongdun.orgs.models import Unit
from hongdun.registration.choices import (
    ApplicationKind,
    ApplicationStatus,
    ContributionForm,
    DeregistrationMode,
    MemberRole,
    PermitStage,
)
from hongdun.registration.models import (
    Application,
    Member,
    Officer,
    ScopeCatalogueEntry,
    Subscription,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def applicant(make_user: Callable[..., User]) -> User:
    return make_user(Role.APPLICANT)


@pytest.fixture
def reservation(applicant: User, bureau: dict[str, Unit]) -> NameReservation:
    return reservation_row(applicant, bureau["kundulun"], "包头市青禾科技有限公司", "青禾")


def _establishment(reservation: NameReservation, **extra: object) -> Application:
    values: dict[str, object] = {
        "kind": ApplicationKind.ESTABLISHMENT,
        "entity_type": EnterpriseType.LLC,
        "applicant": reservation.applicant,
        "authority": reservation.registry,
        "name_reservation": reservation,
        "name": reservation.proposed_name,
    }
    values.update(extra)
    return Application.objects.create(**values)


def _refused(create: Callable[[], object]) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def test_one_open_application_per_reservation(reservation: NameReservation) -> None:
    first = _establishment(reservation)
    _refused(lambda: _establishment(reservation))
    first.status = ApplicationStatus.WITHDRAWN
    first.save()
    assert _establishment(reservation).pk != first.pk


def test_establishment_needs_a_reservation_and_change_needs_an_enterprise(
    applicant: User, bureau: dict[str, Unit]
) -> None:
    base = {
        "entity_type": EnterpriseType.LLC,
        "applicant": applicant,
        "authority": bureau["kundulun"],
    }
    _refused(lambda: Application.objects.create(kind=ApplicationKind.ESTABLISHMENT, **base))
    _refused(lambda: Application.objects.create(kind=ApplicationKind.CHANGE, **base))
    enterprise = register("包头市旧名商贸有限公司", bureau["kundulun"], trade_name="旧名")
    change = Application.objects.create(kind=ApplicationKind.CHANGE, enterprise=enterprise, **base)
    assert change.pk
    _refused(
        lambda: Application.objects.create(
            kind=ApplicationKind.CHANGE, enterprise=enterprise, **base
        )
    )


def test_deregistration_mode_only_on_deregistration(
    applicant: User, bureau: dict[str, Unit]
) -> None:
    enterprise = register("包头市注销商贸有限公司", bureau["kundulun"], trade_name="注销")
    base = {
        "entity_type": EnterpriseType.LLC,
        "applicant": applicant,
        "authority": bureau["kundulun"],
        "enterprise": enterprise,
    }
    _refused(lambda: Application.objects.create(kind=ApplicationKind.DEREGISTRATION, **base))
    _refused(
        lambda: Application.objects.create(
            kind=ApplicationKind.CHANGE, deregistration_mode=DeregistrationMode.ORDINARY, **base
        )
    )
    ok = Application.objects.create(
        kind=ApplicationKind.DEREGISTRATION,
        deregistration_mode=DeregistrationMode.SIMPLIFIED,
        **base,
    )
    assert ok.is_simplified_deregistration


def test_refusal_needs_reason_and_decision_time(reservation: NameReservation) -> None:
    app = _establishment(reservation)
    app.status = ApplicationStatus.REFUSED
    app.submitted_at = timezone.now()
    app.decided_at = timezone.now()
    _refused(app.save)
    app.decision_reason = "经营范围含禁止经营项目"
    app.save()
    app.status = ApplicationStatus.APPROVED
    app.decided_at = None
    _refused(app.save)


def test_submitted_application_has_submission_time(reservation: NameReservation) -> None:
    app = _establishment(reservation)
    app.status = ApplicationStatus.SUBMITTED
    _refused(app.save)


def test_only_one_live_correction_per_application(
    reservation: NameReservation, applicant: User, bureau: dict[str, Unit]
) -> None:
    earlier = _establishment(reservation)
    earlier.status = ApplicationStatus.CORRECTION_REQUIRED
    earlier.submitted_at = timezone.now()
    earlier.save()
    corrected = _establishment(reservation, supersedes=earlier)
    corrected.status = ApplicationStatus.WITHDRAWN
    corrected.save()
    again = _establishment(reservation, supersedes=earlier)
    assert again.supersedes_id == earlier.pk
    # A second live correction of the same application, even under another reservation.
    other = reservation_row(applicant, bureau["kundulun"], "包头市青苗科技有限公司", "青苗")
    _refused(lambda: _establishment(other, supersedes=earlier))


def test_subscription_amounts(reservation: NameReservation) -> None:
    app = _establishment(reservation)
    member = Member.objects.create(
        application=app, role=MemberRole.SHAREHOLDER, name="甲", id_number="150203199001011234"
    )
    _refused(
        lambda: Subscription.objects.create(
            member=member, amount=Decimal("0"), form=ContributionForm.MONEY
        )
    )
    _refused(
        lambda: Subscription.objects.create(
            member=member,
            amount=Decimal("10.00"),
            paid_amount=Decimal("10.01"),
            form=ContributionForm.MONEY,
        )
    )
    assert Subscription.objects.create(
        member=member, amount=Decimal("0.01"), form=ContributionForm.MONEY
    ).pk


def test_one_legal_representative(reservation: NameReservation) -> None:
    app = _establishment(reservation)
    Officer.objects.create(application=app, name="甲", id_number="1", is_legal_representative=True)
    _refused(
        lambda: Officer.objects.create(
            application=app, name="乙", id_number="2", is_legal_representative=True
        )
    )


def test_licensed_scope_entry_names_its_authority() -> None:
    _refused(
        lambda: ScopeCatalogueEntry.objects.create(
            code="X1", wording="食品销售", permit_stage=PermitStage.PRE, source="test"
        )
    )
    entry = ScopeCatalogueEntry.objects.create(
        code="X2",
        wording="食品销售",
        permit_stage=PermitStage.PRE,
        permit_authority="市场监管部门",
        source="test",
    )
    assert entry.is_licensed
