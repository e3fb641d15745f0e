"""Fixtures of the registration tests: applicants, reserved names, complete drafts, files."""

from collections.abc import Callable
from datetime import timedelta
from io import BytesIO
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from hongdun.accounts.models import User
from hongdun.accounts.roles import Role
from hongdun.enterprises.models import Enterprise
from hongdun.enterprises.tests.factories import register
from hongdun.namecheck.models import NameReservation
from hongdun.namecheck.tests.factories import reservation_row
from hongdun.orgs.models import Unit
from hongdun.registration.models import (
    Application,
    EnterpriseAuthorisation,
    ScopeCatalogueEntry,
)
from hongdun.registration.prereview.samples import COMPANY_MATERIAL_KINDS, resident_id
from hongdun.registration.scope_catalogue import SUBSET_FILE, scope_catalogue_import
from hongdun.registration.services import (
    DraftContent,
    application_create_establishment,
    application_save,
    material_upload,
)

PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def png_bytes() -> bytes:
    buffer = BytesIO()
    Image.new("RGB", (4, 4), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def jpeg_bytes() -> bytes:
    buffer = BytesIO()
    Image.new("RGB", (4, 4), (30, 30, 200)).save(buffer, format="JPEG")
    return buffer.getvalue()


def pdf_upload(name: str = "材料.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


@pytest.fixture
def kundulun(bureau: dict[str, Unit]) -> Unit:
    return bureau["kundulun"]


@pytest.fixture
def applicant(make_user: Callable[..., User]) -> User:
    return make_user(Role.APPLICANT, email="applicant@example.invalid", full_name="李青")


@pytest.fixture
def other_applicant(make_user: Callable[..., User]) -> User:
    return make_user(Role.APPLICANT, email="other@example.invalid")


@pytest.fixture
def registrar(make_user: Callable[..., User], kundulun: Unit) -> User:
    return make_user(Role.REGISTRAR, kundulun)


@pytest.fixture
def outsider_registrar(make_user: Callable[..., User], bureau: dict[str, Unit]) -> User:
    return make_user(Role.REGISTRAR, bureau["jiuyuan"])


def reserve(applicant: User, unit: Unit, name: str, trade_name: str) -> NameReservation:
    return reservation_row(
        applicant, unit, name, trade_name, reserved_until=timezone.localdate() + timedelta(days=50)
    )


@pytest.fixture
def reservation(applicant: User, kundulun: Unit) -> NameReservation:
    return reserve(applicant, kundulun, "包头市青禾科技有限公司", "青禾")


def complete_llc_content() -> DraftContent:
    due = (timezone.localdate() + timedelta(days=365 * 3)).isoformat()
    return DraftContent(
        basic={
            "registered_capital": "1000000.00",
            "address": "内蒙古自治区包头市昆都仑区钢铁大街66号3号楼501室",
            "address_division_code": "150203",
            "contact_name": "李青",
            "contact_phone": "13800000000",
        },
        members=[
            {
                "name": "李青",
                "role": "shareholder",
                "id_number": resident_id(1),
                "subscriptions": [{"amount": "600000.00", "form": "money", "due_date": due}],
            },
            {
                "name": "王禾",
                "role": "shareholder",
                "id_number": resident_id(2),
                "subscriptions": [{"amount": "400000.00", "form": "money", "due_date": due}],
            },
        ],
        officers=[
            {
                "name": "李青",
                "id_number": resident_id(1),
                "is_director": True,
                "is_manager": True,
                "is_legal_representative": True,
            },
            {"name": "赵监", "id_number": resident_id(3), "is_supervisor": True},
        ],
        scope_codes=["I6511-12", "I6560-20"],
    )


def ensure_scope_catalogue() -> None:
    """The shipped subset, which a data migration loads; a transactional test (the PostgreSQL race
    tests, the browser tests) flushes every table when it ends, so later tests reload it."""
    if not ScopeCatalogueEntry.objects.exists():
        scope_catalogue_import(path=SUBSET_FILE, source="代表性子集（非官方）")


def complete_llc(applicant: User, reservation: NameReservation) -> Application:
    ensure_scope_catalogue()
    application = application_create_establishment(
        applicant=applicant, reservation=reservation, entity_type="llc"
    )
    application_save(applicant=applicant, application=application, content=complete_llc_content())
    for kind in COMPANY_MATERIAL_KINDS:
        material_upload(
            applicant=applicant, application=application, kind=kind, upload=pdf_upload()
        )
    application.refresh_from_db()
    return application


@pytest.fixture
def draft(applicant: User, reservation: NameReservation) -> Application:
    return complete_llc(applicant, reservation)


@pytest.fixture
def enterprise(kundulun: Unit) -> Enterprise:
    return register("包头市旧禾商贸有限公司", kundulun, trade_name="旧禾")


@pytest.fixture
def authorised(applicant: User, enterprise: Enterprise) -> EnterpriseAuthorisation:
    return EnterpriseAuthorisation.objects.create(
        enterprise=enterprise,
        user=applicant,
        basis=EnterpriseAuthorisation.Basis.LEGAL_REPRESENTATIVE,
    )


def json_of(response: Any) -> Any:
    return response.json()
