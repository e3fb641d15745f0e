"""Applicant-side services: allowed and forbidden state and role, bad input, corrections, files."""

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from hongdun.accounts.models import User
from hongdun.accounts.roles import Role
from hongdun.core.exceptions import ApplicationError
from hongdun.core.models import AuditLog, Notification
from hongdun.enterprises.models import Enterprise
from hongdun.namecheck.choices import ReservationStatus
from hongdun.namecheck.models import NameReservation
from hongdun.orgs.models import Unit
from hongdun.registration.choices import (
    ApplicationKind,
    ApplicationStatus,
    DeregistrationMode,
    MaterialKind,
    ObjectionStatus,
)
from hongdun.registration.models import (
    Application,
    ApplicationEvent,
    EnterpriseAuthorisation,
    Material,
    NoticeObjection,
)
from hongdun.registration.prereview.samples import resident_id
from hongdun.registration.services import (
    DraftContent,
    application_create_change,
    application_create_deregistration,
    application_create_establishment,
    application_prereview,
    application_publish_notice,
    application_save,
    application_start_correction,
    application_submit,
    application_transition,
    application_withdraw,
    can_read_material,
    enterprise_authorisation_grant,
    enterprise_authorisation_revoke,
    material_delete,
    material_upload,
    objection_file,
    objection_resolve,
)
from hongdun.registration.tests.conftest import (
    PDF_BYTES,
    jpeg_bytes,
    pdf_upload,
    png_bytes,
)
from hongdun.registration.transitions import Action, Actor

pytestmark = pytest.mark.django_db


def _set_status(application: Application, status: str) -> Application:
    """What the clerk's side would have done (its services live on the review branch)."""
    Application.objects.filter(pk=application.pk).update(
        status=status,
        submitted_at=application.submitted_at or timezone.now(),
        decided_at=timezone.now(),
        decision_reason="理由",
    )
    application.refresh_from_db()
    return application


# --- creation --------------------------------------------------------------------------------


@pytest.fixture
def started(applicant: User, reservation: NameReservation) -> Application:
    """A company (llc) establishment just started under the reservation: nothing filled in."""
    return application_create_establishment(
        applicant=applicant, reservation=reservation, entity_type="llc"
    )


def test_establishment_takes_the_reservations_authority(
    reservation: NameReservation, started: Application, kundulun: Unit
) -> None:
    application = started
    assert application.authority == kundulun
    assert application.name == reservation.proposed_name
    assert application.status == ApplicationStatus.DRAFT
    assert AuditLog.objects.filter(action="registration.application.create").count() == 1


def test_establishment_refuses_other_peoples_and_unreserved_names(
    applicant: User, other_applicant: User, reservation: NameReservation
) -> None:
    with pytest.raises(PermissionDenied):
        application_create_establishment(
            applicant=other_applicant, reservation=reservation, entity_type="llc"
        )
    NameReservation.objects.filter(pk=reservation.pk).update(
        status=ReservationStatus.PENDING_REVIEW
    )
    with pytest.raises(ApplicationError) as error:
        application_create_establishment(
            applicant=applicant, reservation=reservation, entity_type="llc"
        )
    assert error.value.field == "name_reservation"
    assert Application.objects.count() == 0


@pytest.mark.parametrize("entity_type", ["farmer_cooperative", "", "<script>", "llc'; --"])
def test_establishment_refuses_unsupported_types(
    applicant: User, reservation: NameReservation, entity_type: str
) -> None:
    with pytest.raises(ApplicationError) as error:
        application_create_establishment(
            applicant=applicant, reservation=reservation, entity_type=entity_type
        )
    assert error.value.field == "entity_type"


def test_one_open_application_per_reservation(
    applicant: User, reservation: NameReservation, started: Application
) -> None:
    first = started
    with pytest.raises(ApplicationError) as error:
        application_create_establishment(
            applicant=applicant, reservation=reservation, entity_type="llc"
        )
    assert error.value.field == "name_reservation"
    application_withdraw(applicant=applicant, application=first)
    assert (
        application_create_establishment(
            applicant=applicant, reservation=reservation, entity_type="llc"
        ).pk
        != first.pk
    )


def test_change_and_deregistration_need_an_authorisation(
    applicant: User, enterprise: Enterprise
) -> None:
    with pytest.raises(PermissionDenied):
        application_create_change(applicant=applicant, enterprise=enterprise, items=["address"])
    with pytest.raises(PermissionDenied):
        application_create_deregistration(
            applicant=applicant, enterprise=enterprise, mode="ordinary"
        )
    EnterpriseAuthorisation.objects.create(
        enterprise=enterprise,
        user=applicant,
        basis="legal_representative",
        valid_until=timezone.localdate() - timedelta(days=1),
    )
    with pytest.raises(PermissionDenied):
        application_create_change(applicant=applicant, enterprise=enterprise, items=["address"])


def test_change_prefills_old_values(
    applicant: User, enterprise: Enterprise, authorised: EnterpriseAuthorisation
) -> None:
    change = application_create_change(
        applicant=applicant, enterprise=enterprise, items=["address", "legal_representative"]
    )
    items = {c.item: c.old_value for c in change.change_items.all()}
    assert items == {
        "address": enterprise.address,
        "legal_representative": enterprise.legal_rep_name,
    }
    assert change.authority_id == enterprise.registration_authority_id
    with pytest.raises(ApplicationError):
        application_create_change(applicant=applicant, enterprise=enterprise, items=["scope"])


def test_deregistration_creates_its_detail(
    applicant: User, enterprise: Enterprise, authorised: EnterpriseAuthorisation
) -> None:
    dereg = application_create_deregistration(
        applicant=applicant, enterprise=enterprise, mode=DeregistrationMode.SIMPLIFIED
    )
    assert dereg.deregistration.liquidation_required is False
    with pytest.raises(ApplicationError):
        application_create_deregistration(applicant=applicant, enterprise=enterprise, mode="fast")


# --- saving ----------------------------------------------------------------------------------

BAD_VALUES = [
    ("registered_capital", "abc", "registered_capital"),
    ("registered_capital", "1.001", "registered_capital"),
    ("registered_capital", "-5", "registered_capital"),
    ("registered_capital", "NaN", "registered_capital"),
    ("registered_capital", 1.5, "registered_capital"),
    ("address", "街" * 201, "address"),
    ("address", ["not", "text"], "address"),
    ("address", "钢铁大街\x00", "address"),
    ("address_division_code", "15A203", "address_division_code"),
    ("currency", "人民币", "currency"),
    ("currency", "XYZ", "currency"),  # three letters, but no currency one may choose
    ("term_years", "forever", "term_years"),
    ("term_years", "0", "term_years"),
    ("resolution_date", "2026-13-40", "resolution_date"),
]


@pytest.mark.parametrize(("key", "value", "field"), BAD_VALUES)
def test_bad_input_names_the_field_and_changes_nothing(
    applicant: User, draft: Application, key: str, value: object, field: str
) -> None:
    before = (draft.registered_capital, draft.address, draft.members.count())
    with pytest.raises(ApplicationError) as error:
        application_save(
            applicant=applicant,
            application=draft,
            content=DraftContent(basic={key: value}, members=[]),
        )
    assert error.value.field == field
    assert error.value.message
    draft.refresh_from_db()
    assert (draft.registered_capital, draft.address, draft.members.count()) == before


def test_a_bad_row_rolls_back_the_whole_save(applicant: User, draft: Application) -> None:
    members: list[dict[str, object]] = [
        {"name": "甲", "role": "shareholder", "id_number": "1", "subscriptions": []},
        {"name": "乙", "role": "shareholder", "subscriptions": [{"amount": "0", "form": "money"}]},
    ]
    with pytest.raises(ApplicationError) as error:
        application_save(
            applicant=applicant,
            application=draft,
            content=DraftContent(basic={"address": "新地址新地址新地址"}, members=members),
        )
    assert error.value.field == "members.1.subscriptions.0.amount"
    draft.refresh_from_db()
    assert draft.address != "新地址新地址新地址"
    assert list(draft.members.values_list("name", flat=True)) == ["李青", "王禾"]


def test_scope_only_from_the_catalogue(applicant: User, draft: Application) -> None:
    with pytest.raises(ApplicationError) as error:
        application_save(
            applicant=applicant,
            application=draft,
            content=DraftContent(basic={}, scope_codes=["I6511-12", "自由填写"]),
        )
    assert error.value.field == "scope"
    assert draft.scope_items.count() == 2


def test_text_with_html_emoji_and_sql_is_stored_as_text(
    applicant: User, draft: Application
) -> None:
    address = "<b>包头</b>市'; DROP TABLE x; -- 🏢 钢铁大街1号"
    application_save(
        applicant=applicant, application=draft, content=DraftContent(basic={"address": address})
    )
    draft.refresh_from_db()
    assert draft.address == address


def test_only_the_owner_saves_and_only_a_draft(
    applicant: User, other_applicant: User, draft: Application
) -> None:
    with pytest.raises(PermissionDenied):
        application_save(
            applicant=other_applicant, application=draft, content=DraftContent(basic={})
        )
    application_submit(applicant=applicant, application=draft)
    with pytest.raises(ApplicationError) as error:
        application_save(applicant=applicant, application=draft, content=DraftContent(basic={}))
    assert error.value.field == "status"


# --- pre-review and submission ---------------------------------------------------------------


def test_prereview_returns_every_defect_translated(started: Application) -> None:
    defects = application_prereview(application=started)
    rules = {d["rule"] for d in defects}
    assert {
        "REG-ADDR-1",
        "REG-CAP-1",
        "REG-MEM-1",
        "REG-OFF-1",
        "REG-SCOPE-1",
        "REG-MAT-1",
    } <= rules
    material = next(d for d in defects if d["field"] == "materials.articles")
    assert "公司章程" in material["message"]
    assert all(d["article"].startswith("《") and d["fix"] for d in defects)


def test_submit_refused_while_blocking_defects_remain(
    applicant: User, started: Application
) -> None:
    application = started
    with pytest.raises(ApplicationError) as error:
        application_submit(applicant=applicant, application=application)
    assert error.value.field == "prereview"
    assert any(d["rule"] == "REG-CAP-1" for d in error.value.extra["defects"])
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT
    assert application.submitted_at is None


def test_submit_complete_application(applicant: User, draft: Application) -> None:
    submitted = application_submit(applicant=applicant, application=draft)
    assert submitted.status == ApplicationStatus.SUBMITTED
    assert submitted.number.startswith("150203")
    assert submitted.submitted_at is not None
    event = ApplicationEvent.objects.get(application=draft, action="submit")
    assert (event.from_status, event.to_status, event.actor) == ("draft", "submitted", applicant)
    assert AuditLog.objects.filter(action="registration.application.submit").exists()
    assert Notification.objects.filter(user=applicant, title__contains=submitted.number).exists()
    with pytest.raises(ApplicationError):
        application_submit(applicant=applicant, application=draft)


def test_submit_by_another_applicant_is_forbidden(
    other_applicant: User, draft: Application
) -> None:
    with pytest.raises(PermissionDenied):
        application_submit(applicant=other_applicant, application=draft)
    draft.refresh_from_db()
    assert draft.status == ApplicationStatus.DRAFT


def test_clerk_actions_are_not_the_applicants(applicant: User, draft: Application) -> None:
    draft = application_submit(applicant=applicant, application=draft)
    with pytest.raises(PermissionDenied):
        application_transition(
            application=draft, action=Action.ACCEPT, actor=applicant, actor_kind=Actor.APPLICANT
        )
    with pytest.raises(PermissionDenied):
        application_transition(
            application=draft, action=Action.WITHDRAW, actor=applicant, actor_kind=Actor.REGISTRAR
        )
    draft.refresh_from_db()
    assert draft.status == ApplicationStatus.SUBMITTED


@pytest.mark.parametrize(
    ("status", "allowed"),
    [
        (ApplicationStatus.DRAFT, True),
        (ApplicationStatus.SUBMITTED, True),
        (ApplicationStatus.ACCEPTED, True),
        (ApplicationStatus.APPROVED, False),
        (ApplicationStatus.REFUSED, False),
        (ApplicationStatus.CORRECTION_REQUIRED, False),
        (ApplicationStatus.WITHDRAWN, False),
    ],
)
def test_withdraw_only_before_a_decision(
    applicant: User, draft: Application, status: str, allowed: bool
) -> None:
    _set_status(draft, status)
    if allowed:
        assert (
            application_withdraw(applicant=applicant, application=draft).status
            == ApplicationStatus.WITHDRAWN
        )
        assert draft.events.filter(action="withdraw").exists()
    else:
        with pytest.raises(ApplicationError):
            application_withdraw(applicant=applicant, application=draft)
        draft.refresh_from_db()
        assert draft.status == status


# --- corrections (一次性告知, new linked submission) -----------------------------------------


def test_corrected_submission_is_new_and_linked(applicant: User, draft: Application) -> None:
    application_submit(applicant=applicant, application=draft)
    _set_status(draft, ApplicationStatus.CORRECTION_REQUIRED)
    draft.correction_items.create(field="address", rule="REG-ADDR-1", message="住所证明不清晰")
    corrected = application_start_correction(applicant=applicant, earlier=draft)
    assert corrected.pk != draft.pk
    assert corrected.supersedes == draft
    assert corrected.status == ApplicationStatus.DRAFT
    assert corrected.number == ""
    assert list(corrected.members.values_list("name", flat=True)) == ["李青", "王禾"]
    first_member = corrected.members.first()
    assert first_member is not None
    assert first_member.subscriptions.count() == 1
    assert corrected.materials.count() == draft.materials.count()
    assert application_start_correction(applicant=applicant, earlier=draft) == corrected
    corrected = application_submit(applicant=applicant, application=corrected)
    draft.refresh_from_db()
    assert draft.status == ApplicationStatus.SUPERSEDED
    assert corrected.number
    assert corrected.number != draft.number


def test_correction_only_when_required(
    applicant: User, other_applicant: User, draft: Application
) -> None:
    with pytest.raises(ApplicationError):
        application_start_correction(applicant=applicant, earlier=draft)
    _set_status(draft, ApplicationStatus.CORRECTION_REQUIRED)
    with pytest.raises(PermissionDenied):
        application_start_correction(applicant=other_applicant, earlier=draft)


# --- simplified deregistration ---------------------------------------------------------------


@pytest.fixture
def simplified(
    applicant: User, enterprise: Enterprise, authorised: EnterpriseAuthorisation
) -> Application:
    dereg = application_create_deregistration(
        applicant=applicant, enterprise=enterprise, mode=DeregistrationMode.SIMPLIFIED
    )
    application_save(
        applicant=applicant,
        application=dereg,
        content=DraftContent(
            basic={},
            deregistration={
                "debts_settled": True,
                "all_investors_committed": True,
                "tax_cleared": True,
            },
        ),
    )
    for kind in (MaterialKind.APPLICATION_FORM, MaterialKind.COMMITMENT):
        material_upload(applicant=applicant, application=dereg, kind=kind, upload=pdf_upload())
    return dereg


def test_simplified_deregistration_notice_then_window(
    applicant: User, simplified: Application
) -> None:
    with pytest.raises(ApplicationError) as error:
        application_submit(applicant=applicant, application=simplified)
    assert error.value.field == "deregistration.notice_start"
    application_publish_notice(applicant=applicant, application=simplified)
    simplified.refresh_from_db()
    detail = simplified.deregistration
    today = timezone.localdate()
    assert simplified.status == ApplicationStatus.NOTICE
    assert (detail.notice_start, detail.notice_end, detail.final_application_deadline) == (
        today,
        today + timedelta(days=20),
        today + timedelta(days=40),
    )
    with pytest.raises(ApplicationError) as error:
        application_submit(applicant=applicant, application=simplified)
    assert any(d["rule"] == "REG-DER-8" for d in error.value.extra["defects"])
    # The notice ended yesterday: the final application is open.
    detail.notice_start = today - timedelta(days=21)
    detail.notice_end = today - timedelta(days=1)
    detail.save()
    assert (
        application_submit(applicant=applicant, application=simplified).status
        == ApplicationStatus.SUBMITTED
    )


def test_simplified_refused_when_barred(applicant: User, simplified: Application) -> None:
    application_save(
        applicant=applicant,
        application=simplified,
        content=DraftContent(basic={}, deregistration={"in_litigation": True}),
    )
    with pytest.raises(ApplicationError) as error:
        application_publish_notice(applicant=applicant, application=simplified)
    assert [d["rule"] for d in error.value.extra["defects"] if d["blocks"]] == ["REG-DER-6"]
    simplified.refresh_from_db()
    assert simplified.status == ApplicationStatus.DRAFT


def test_objection_during_notice_blocks_final_application(
    applicant: User,
    other_applicant: User,
    registrar: User,
    outsider_registrar: User,
    simplified: Application,
) -> None:
    with pytest.raises(ApplicationError):
        objection_file(user=other_applicant, application=simplified, data={})
    application_publish_notice(applicant=applicant, application=simplified)
    objection = objection_file(
        user=other_applicant,
        application=simplified,
        data={
            "objector_kind": "creditor",
            "objector_name": "债权人甲",
            "objector_contact": "13900000000",
            "reason": "尚欠货款",
        },
    )
    simplified.refresh_from_db()
    detail = simplified.deregistration
    detail.notice_start = timezone.localdate() - timedelta(days=21)
    detail.notice_end = timezone.localdate() - timedelta(days=1)
    detail.save()
    with pytest.raises(ApplicationError) as error:
        application_submit(applicant=applicant, application=simplified)
    assert any(d["rule"] == "REG-DER-9" for d in error.value.extra["defects"])
    with pytest.raises(PermissionDenied):
        objection_resolve(
            registrar=outsider_registrar, objection=objection, upheld=False, resolution="x"
        )
    objection_resolve(registrar=registrar, objection=objection, upheld=False, resolution="已清偿")
    assert NoticeObjection.objects.get(pk=objection.pk).status == ObjectionStatus.DISMISSED
    assert (
        application_submit(applicant=applicant, application=simplified).status
        == ApplicationStatus.SUBMITTED
    )


def test_individual_business_skips_notice_and_waits_ten_days(
    applicant: User, kundulun: Unit
) -> None:
    from hongdun.enterprises.tests.factories import register

    shop = register(
        "包头市昆都仑区青禾小吃店",
        kundulun,
        trade_name="青禾",
        enterprise_type="individual_business",
        registered_capital=None,
    )
    EnterpriseAuthorisation.objects.create(
        enterprise=shop, user=applicant, basis="legal_representative"
    )
    dereg = application_create_deregistration(
        applicant=applicant, enterprise=shop, mode="simplified"
    )
    application_save(
        applicant=applicant,
        application=dereg,
        content=DraftContent(
            basic={}, deregistration={"debts_settled": True, "all_investors_committed": True}
        ),
    )
    material_upload(
        applicant=applicant, application=dereg, kind="application_form", upload=pdf_upload()
    )
    with pytest.raises(ApplicationError):
        application_publish_notice(applicant=applicant, application=dereg)
    application_submit(applicant=applicant, application=dereg)
    dereg.refresh_from_db()
    assert dereg.status == ApplicationStatus.SUBMITTED
    assert dereg.deregistration.department_objection_deadline == timezone.localdate() + timedelta(
        days=10
    )


# --- materials -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        ("a.pdf", PDF_BYTES, "application/pdf"),
        ("scan.png", png_bytes(), "image/png"),
        ("photo.jpg", jpeg_bytes(), "image/jpeg"),
        ("renamed.pdf", png_bytes(), "image/png"),
    ],
)
def test_upload_accepts_pdf_jpeg_png_by_content(
    applicant: User, draft: Application, name: str, data: bytes, content_type: str
) -> None:
    material = material_upload(
        applicant=applicant,
        application=draft,
        kind="other",
        upload=SimpleUploadedFile(name, data, content_type="application/octet-stream"),
    )
    assert material.content_type == content_type
    stored = Path(material.file.path)
    assert stored.read_bytes() == data
    private_root = Path(settings.HONGDUN["REGISTRATION_PRIVATE_ROOT"]).resolve()
    assert private_root in stored.resolve().parents
    for public in (Path(settings.MEDIA_ROOT).resolve(), Path(settings.STATIC_ROOT).resolve()):
        assert public not in stored.resolve().parents


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("fake.pdf", b"hello, I am text pretending to be a PDF"),
        ("truncated.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\n"),
        ("fake.png", b"\x89PNG\r\n\x1a\n" + b"garbage" * 10),
        ("fake.jpg", b"\xff\xd8\xff" + b"\x00" * 50),
        ("script.pdf", b"<script>alert(1)</script>"),
        ("doc.exe", b"MZ\x90\x00"),
    ],
)
def test_upload_refuses_other_content(
    applicant: User, draft: Application, name: str, data: bytes
) -> None:
    count = Material.objects.count()
    with pytest.raises(ApplicationError) as error:
        material_upload(
            applicant=applicant,
            application=draft,
            kind="other",
            upload=SimpleUploadedFile(name, data),
        )
    assert error.value.field == "file"
    assert Material.objects.count() == count


def test_upload_size_limit_and_empty_file(applicant: User, draft: Application) -> None:
    limit = settings.HONGDUN["REGISTRATION_MATERIAL_MAX_BYTES"]
    big = PDF_BYTES[:-7] + b" " * limit + b"%%EOF\n"
    with pytest.raises(ApplicationError) as error:
        material_upload(
            applicant=applicant,
            application=draft,
            kind="other",
            upload=SimpleUploadedFile("big.pdf", big),
        )
    assert error.value.field == "file"
    with pytest.raises(ApplicationError):
        material_upload(
            applicant=applicant,
            application=draft,
            kind="other",
            upload=SimpleUploadedFile("e.pdf", b""),
        )
    with pytest.raises(ApplicationError) as error:
        material_upload(
            applicant=applicant, application=draft, kind="nonsense", upload=pdf_upload()
        )
    assert error.value.field == "kind"


def test_upload_and_delete_only_by_owner_on_draft(
    applicant: User, other_applicant: User, draft: Application
) -> None:
    material = draft.materials.first()
    assert material is not None
    with pytest.raises(PermissionDenied):
        material_upload(
            applicant=other_applicant, application=draft, kind="other", upload=pdf_upload()
        )
    with pytest.raises(PermissionDenied):
        material_delete(applicant=other_applicant, material=material)
    application_submit(applicant=applicant, application=draft)
    with pytest.raises(ApplicationError):
        material_delete(applicant=applicant, material=material)
    with pytest.raises(ApplicationError):
        material_upload(applicant=applicant, application=draft, kind="other", upload=pdf_upload())


def test_pre_approval_document_must_match_a_scope_entry(
    applicant: User, draft: Application
) -> None:
    with pytest.raises(ApplicationError) as error:
        material_upload(
            applicant=applicant,
            application=draft,
            kind="pre_approval",
            upload=pdf_upload(),
            scope_code="L7272-23",
        )
    assert error.value.field == "scope_code"
    application_save(
        applicant=applicant,
        application=draft,
        content=DraftContent(basic={}, scope_codes=["I6511-12", "L7272-23"]),
    )
    rules = {d["rule"] for d in application_prereview(application=draft)}
    assert "REG-SCOPE-2" in rules
    material_upload(
        applicant=applicant,
        application=draft,
        kind="pre_approval",
        upload=pdf_upload(),
        scope_code="L7272-23",
        issued_on=timezone.localdate().isoformat(),
    )
    assert "REG-SCOPE-2" not in {d["rule"] for d in application_prereview(application=draft)}


def test_who_reads_materials(
    applicant: User,
    other_applicant: User,
    registrar: User,
    outsider_registrar: User,
    make_user: Callable[..., User],
    bureau: dict[str, Unit],
    draft: Application,
) -> None:
    material = draft.materials.first()
    assert material is not None
    city_registrar = make_user(Role.REGISTRAR, bureau["baotou"])
    supervisor = make_user(Role.SUPERVISOR, bureau["kundulun"])
    assert can_read_material(user=applicant, material=material)
    assert can_read_material(user=registrar, material=material)
    assert can_read_material(user=city_registrar, material=material)
    assert not can_read_material(user=other_applicant, material=material)
    assert not can_read_material(user=outsider_registrar, material=material)
    assert not can_read_material(user=supervisor, material=material)


# --- authorisations --------------------------------------------------------------------------


def test_authorisation_granted_and_revoked_in_scope_only(
    applicant: User, registrar: User, outsider_registrar: User, enterprise: Enterprise
) -> None:
    with pytest.raises(PermissionDenied):
        enterprise_authorisation_grant(
            granted_by=outsider_registrar, enterprise=enterprise, user=applicant, basis="agent"
        )
    grant = enterprise_authorisation_grant(
        granted_by=registrar, enterprise=enterprise, user=applicant, basis="agent"
    )
    assert (
        enterprise_authorisation_grant(
            granted_by=registrar, enterprise=enterprise, user=applicant, basis="agent"
        )
        == grant
    )
    application_create_change(applicant=applicant, enterprise=enterprise, items=["address"])
    with pytest.raises(PermissionDenied):
        enterprise_authorisation_revoke(revoked_by=outsider_registrar, grant=grant)
    enterprise_authorisation_revoke(revoked_by=registrar, grant=grant)
    with pytest.raises(PermissionDenied):
        application_create_deregistration(
            applicant=applicant, enterprise=enterprise, mode="ordinary"
        )


def test_change_submission_with_capital_increase(
    applicant: User, enterprise: Enterprise, authorised: EnterpriseAuthorisation
) -> None:
    change = application_create_change(
        applicant=applicant, enterprise=enterprise, items=["capital", "members"]
    )
    due = (timezone.localdate() + timedelta(days=700)).isoformat()
    application_save(
        applicant=applicant,
        application=change,
        content=DraftContent(
            basic={
                "registered_capital": "2000000.00",
                "resolution_date": timezone.localdate().isoformat(),
            },
            members=[
                {
                    "name": "李青",
                    "role": "shareholder",
                    "id_number": resident_id(1),
                    "subscriptions": [{"amount": "2000000.00", "form": "money", "due_date": due}],
                }
            ],
        ),
    )
    for kind in ("application_form", "resolution", "articles_amendment"):
        material_upload(applicant=applicant, application=change, kind=kind, upload=pdf_upload())
    assert [d["rule"] for d in application_prereview(application=change) if d["blocks"]] == []
    submitted = application_submit(applicant=applicant, application=change)
    assert submitted.kind == ApplicationKind.CHANGE
    assert submitted.registered_capital == Decimal("2000000.00")


@pytest.mark.parametrize(
    ("capital", "amounts", "equal"),
    [
        ("0.30", ["0.10", "0.20"], True),
        ("9999999999999.99", ["9999999999999.98", "0.01"], True),
        ("1000000.00", ["999999.99", "0.02"], False),
    ],
)
def test_capital_equals_sum_to_the_cent_through_the_database(
    applicant: User, draft: Application, capital: str, amounts: list[str], equal: bool
) -> None:
    due = (timezone.localdate() + timedelta(days=100)).isoformat()
    members = [
        {
            "name": f"股东{i}",
            "role": "shareholder",
            "id_number": resident_id(50 + i),
            "subscriptions": [{"amount": amount, "form": "money", "due_date": due}],
        }
        for i, amount in enumerate(amounts)
    ]
    application_save(
        applicant=applicant,
        application=draft,
        content=DraftContent(basic={"registered_capital": capital}, members=members),
    )
    rules = {d["rule"] for d in application_prereview(application=draft)}
    assert ("REG-CAP-2" not in rules) is equal
