"""Fixtures for the clerk-side tests: an isolated name index, registrars in and out of scope, and
applications built the way the applicant side leaves them (submitted, with members, officers and
scope), with a name reserved through the real name service."""

from collections.abc import Callable, Iterator
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone, translation
from django.utils.functional import empty

from hongdun.accounts.models import User
from hongdun.accounts.roles import Role
from hongdun.namecheck.models import NameReservation
from hongdun.namecheck.services import reservation_create
from hongdun.orgs.models import Unit
from hongdun.registration.choices import (
    ApplicationKind,
    ApplicationStatus,
    ContributionForm,
    MemberRole,
    PermitStage,
)
from hongdun.registration.models import (
    Application,
    ApplicationScope,
    Member,
    Officer,
    ScopeCatalogueEntry,
    Subscription,
)
from hongdun.registration.services import DRAFT_STATUSES, application_name_keys_write
from hongdun.registration.storage import private_storage

TODAY = date(2026, 11, 27)  # a Friday


def detail_url(application: Application) -> str:
    return f"/staff/registration/{application.pk}/"


def action_url(application: Application, name: str) -> str:
    return f"/staff/registration/{application.pk}/{name}/"


@pytest.fixture(autouse=True)
def _isolated_index(settings: Any, tmp_path: Any, isolated_name_index: None) -> Iterator[None]:
    """Each test gets its own name-index snapshots, private files and a fresh in-process index."""
    settings.HONGDUN = {**settings.HONGDUN, "REGISTRATION_PRIVATE_ROOT": str(tmp_path / "private")}
    private_storage._wrapped = empty  # type: ignore[assignment]  # rebuilt from the setting above on first use
    yield
    private_storage._wrapped = empty  # type: ignore[assignment]


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """A request in English leaves English active in the thread; the next test's services would
    then write English notices."""
    yield
    translation.deactivate()


@pytest.fixture
def kundulun(bureau: dict[str, Unit]) -> Unit:
    return bureau["kundulun"]


@pytest.fixture
def applicant(make_user: Callable[..., User]) -> User:
    return make_user(Role.APPLICANT, email="applicant@example.invalid", full_name="申请人甲")


@pytest.fixture
def other_applicant(make_user: Callable[..., User]) -> User:
    return make_user(Role.APPLICANT, email="other@example.invalid")


@pytest.fixture
def clerk(make_user: Callable[..., User], bureau: dict[str, Unit]) -> User:
    """A registrar of Kundulun's branch: decides applications to Kundulun (150203)."""
    return make_user(Role.REGISTRAR, bureau["kundulun"], full_name="登记员甲")


@pytest.fixture
def second_clerk(make_user: Callable[..., User], bureau: dict[str, Unit]) -> User:
    return make_user(Role.REGISTRAR, bureau["kundulun"], full_name="登记员乙")


@pytest.fixture
def city_clerk(make_user: Callable[..., User], bureau: dict[str, Unit]) -> User:
    """A registrar of the city bureau: Kundulun is inside their subtree."""
    return make_user(Role.REGISTRAR, bureau["baotou"])


@pytest.fixture
def outsider_clerk(make_user: Callable[..., User], bureau: dict[str, Unit]) -> User:
    """A registrar of Jiuyuan's branch: Kundulun is outside their scope."""
    return make_user(Role.REGISTRAR, bureau["jiuyuan"])


@pytest.fixture
def supervisor(make_user: Callable[..., User], bureau: dict[str, Unit]) -> User:
    return make_user(Role.SUPERVISOR, bureau["kundulun"])


@pytest.fixture
def scope_entries(db: None) -> list[ScopeCatalogueEntry]:
    rows = [
        ("T-0001", "机械设备销售", PermitStage.NONE, ""),
        ("T-0002", "五金产品零售", PermitStage.NONE, ""),
    ]
    return [
        ScopeCatalogueEntry.objects.get_or_create(
            code=code,
            defaults={
                "wording": wording,
                "permit_stage": stage,
                "permit_authority": authority,
                "source": "tests",
            },
        )[0]
        for code, wording, stage, authority in rows
    ]


def reserve(applicant: User, registry: Unit, name: str, *, industry: str = "") -> NameReservation:
    return reservation_create(applicant=applicant, registry=registry, industry=industry, name=name)


_numbers = iter(range(1, 10**6))


def make_application(
    *,
    applicant: User,
    authority: Unit,
    kind: str = ApplicationKind.ESTABLISHMENT,
    status: str = ApplicationStatus.SUBMITTED,
    reservation: NameReservation | None = None,
    enterprise: Any = None,
    submitted_on: date = TODAY,
    scope: list[ScopeCatalogueEntry] | None = None,
    capital: Decimal | None = Decimal("1000000.00"),
    **extra: Any,
) -> Application:
    application = Application.objects.create(
        number=f"T{authority.division_code}{next(_numbers):08d}",
        kind=kind,
        entity_type=extra.pop("entity_type", "llc"),
        deregistration_mode=extra.pop(
            "deregistration_mode", "ordinary" if kind == ApplicationKind.DEREGISTRATION else ""
        ),
        status=status,
        applicant=applicant,
        authority=authority,
        name_reservation=reservation,
        enterprise=enterprise,
        name=reservation.proposed_name if reservation else (enterprise.name if enterprise else ""),
        registered_capital=capital,
        address=extra.pop("address", "内蒙古自治区包头市昆都仑区钢铁大街66号"),
        address_division_code=authority.division_code,
        submitted_at=timezone.make_aware(datetime.combine(submitted_on, time(10, 0))),
        **extra,
    )
    if status not in DRAFT_STATUSES:  # the applicant side writes the name keys on submission
        application_name_keys_write(application=application)
    if kind == ApplicationKind.ESTABLISHMENT:
        member = Member.objects.create(
            application=application,
            role=MemberRole.SHAREHOLDER,
            name="贺明远",
            id_number="150203198001011234",
        )
        Subscription.objects.create(
            member=member,
            amount=capital or Decimal("1"),
            form=ContributionForm.MONEY,
            due_date=date(2030, 12, 31),
        )
        Officer.objects.create(
            application=application,
            name="贺明远",
            id_number="150203198001011234",
            is_director=True,
            is_chair=True,
            is_manager=True,
            is_legal_representative=True,
        )
        Officer.objects.create(
            application=application, name="白雪", id_number="150203199002021236", is_supervisor=True
        )
        for position, entry in enumerate(scope or []):
            ApplicationScope.objects.create(application=application, entry=entry, position=position)
    return application


@pytest.fixture
def establishment(
    applicant: User, kundulun: Unit, scope_entries: list[ScopeCatalogueEntry]
) -> Application:
    reservation = reserve(applicant, kundulun, "包头市沃动机械有限公司")
    return make_application(
        applicant=applicant, authority=kundulun, reservation=reservation, scope=scope_entries
    )
